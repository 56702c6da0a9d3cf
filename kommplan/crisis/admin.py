"""Read-only views for operators: what was sent, and every attempt. Changes go through the
services (the web pages), which keep the log and the audit trail."""

from __future__ import annotations

from django.contrib import admin

from .models import (
    Acknowledgement,
    AddressQuota,
    Contact,
    Crisis,
    CrisisLogEntry,
    CrisisSettings,
    Delivery,
    DeliveryAttempt,
    NotificationRole,
    Recipient,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Crisis)
class CrisisAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "is_drill", "state", "started_at", "current_round"]
    list_filter = ["state", "is_drill"]
    list_select_related = ["organisation"]


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ["number", "started_at", "finished_at", "outcome", "gateway_status", "error"]
    readonly_fields = fields


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["key", "channel", "round", "state", "attempts", "sent_at"]
    list_filter = ["channel", "state"]
    search_fields = ["key"]
    inlines = [AttemptInline]
    exclude = ["address"]  # personal data stays on the web pages that check the role


# The rest is listed for operators too, read-only; names, phone numbers and e-mail addresses are
# left out here as well (the notification list page shows them to those who may see them).


@admin.register(CrisisSettings)
class CrisisSettingsAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "escalation_minutes", "max_rounds", "sms_enabled"]
    list_select_related = ["organisation"]


@admin.register(NotificationRole)
class NotificationRoleAdmin(ReadOnlyAdmin):
    list_display = ["role", "organisation", "position"]
    list_select_related = ["organisation"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["role", "rank"]
    list_select_related = ["role"]
    exclude = ["name", "phone", "email"]


@admin.register(Recipient)
class RecipientAdmin(ReadOnlyAdmin):
    list_display = ["crisis", "role_name", "rank", "first_round"]
    list_select_related = ["crisis"]
    fields = ["crisis", "role_name", "rank", "first_round", "created_at"]


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(ReadOnlyAdmin):
    list_display = ["delivery", "number", "outcome", "gateway_status", "started_at"]
    list_select_related = ["delivery"]
    list_filter = ["outcome"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ["pk", "acknowledged_at", "via"]
    fields = ["acknowledged_at", "via"]


@admin.register(CrisisLogEntry)
class CrisisLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["crisis", "kind", "created_at", "author_name"]
    list_select_related = ["crisis"]
    list_filter = ["kind"]


@admin.register(AddressQuota)
class AddressQuotaAdmin(ReadOnlyAdmin):
    list_display = ["pk", "channel"]
    fields = ["channel"]
