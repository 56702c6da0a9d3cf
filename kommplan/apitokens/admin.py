from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "prefix",
        "owner",
        "organisation",
        "scope",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", "organisation"]
    # Tokens are issued through the service (which shows the secret once), never typed in here.
    readonly_fields = ["owner", "organisation", "scope", "prefix", "last_used_at", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
