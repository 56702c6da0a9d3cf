from django.contrib import admin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "number", "orgnr"]
    list_filter = ["kind"]
    search_fields = ["name", "number", "orgnr"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]
