from django.contrib import admin

from .models import AttemptBucket, RecoveryCode, TOTPDevice


@admin.register(AttemptBucket)
class AttemptBucketAdmin(admin.ModelAdmin):
    list_display = ["scope", "window_start", "count"]
    list_filter = ["scope"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    # The secret is never shown; an administrator can only remove a lost device.
    list_display = ["user", "created_at", "confirmed_at"]
    fields = ["user", "created_at", "confirmed_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RecoveryCode)
class RecoveryCodeAdmin(admin.ModelAdmin):
    list_display = ["device", "used_at"]
    fields = ["device", "used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
