from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "organisation", "uploaded_by", "status", "created"]
    list_filter = ["status", "organisation"]
    search_fields = ["filename"]
    # The uploaded bytes and the proposal are large and machine-made: show, never edit.
    exclude = ["content"]
    readonly_fields = [f.name for f in ImportJob._meta.fields if f.name != "content"]
