"""Read-only views for operators: what was sent, and every attempt. Changes go through the
services (the web pages), which keep the log and the audit trail."""

from __future__ import annotations

from django.contrib import admin

from .models import Crisis, Delivery, DeliveryAttempt


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
