from django.contrib import admin

from .models import ReminderSettings, SentReminder


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "days_before", "weekly_digest", "digest_weekday"]
    raw_id_fields = ["user"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "user", "action", "occurrence_date", "status", "attempts", "sent_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["user", "action"]
