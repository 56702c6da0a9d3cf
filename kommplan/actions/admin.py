from django.contrib import admin

from .models import Action, StatusUpdate


class StatusUpdateInline(admin.TabularInline):
    model = StatusUpdate
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "strategy", "responsible", "timing", "status", "public"]
    list_filter = ["status", "public", "strategy__organisation"]
    search_fields = ["title", "responsible", "financing"]
    filter_horizontal = ["target_groups", "channels"]
    inlines = [StatusUpdateInline]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(admin.ModelAdmin):
    list_display = ["action", "date", "status", "author_name"]
    list_filter = ["status"]
    date_hierarchy = "date"
