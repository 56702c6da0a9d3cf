from django.contrib import admin

from .models import FeedToken, ScheduleOptions


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ["owner", "organisation", "scope", "strategy", "created_at", "revoked_at"]
    list_filter = ["scope", "organisation"]
    readonly_fields = ["token_hash", "created_at"]


@admin.register(ScheduleOptions)
class ScheduleOptionsAdmin(admin.ModelAdmin):
    list_display = ["action", "move_to_working_day"]
