from django.contrib import admin

from .models import PendingImport


@admin.register(PendingImport)
class PendingImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "strategy", "uploaded_by", "created_at"]
    # An upload waiting for its uploader's confirmation: look, never edit.
    exclude = ["content"]
    readonly_fields = [f.name for f in PendingImport._meta.fields if f.name != "content"]
