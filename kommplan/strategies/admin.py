from django.contrib import admin

from . import models


class OrderedInline(admin.TabularInline):
    extra = 0
    ordering = ["position"]


class ChallengeInline(OrderedInline):
    model = models.Challenge


class PrincipleInline(OrderedInline):
    model = models.Principle


class GoalInline(OrderedInline):
    model = models.Goal
    fields = ["position", "ref", "text", "parent"]


class GoalStrategyInline(admin.StackedInline):
    model = models.GoalStrategy
    extra = 0


class TargetGroupInline(OrderedInline):
    model = models.TargetGroup


class KeyMessageInline(OrderedInline):
    model = models.KeyMessage


class ChannelInline(OrderedInline):
    model = models.Channel


class RoleInline(OrderedInline):
    model = models.Role


class RuleInline(OrderedInline):
    model = models.Rule


class NotificationEntryInline(OrderedInline):
    model = models.NotificationEntry


@admin.register(models.Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "period_start", "period_end", "status"]
    list_filter = ["status", "kind", "organisation"]
    search_fields = ["title", "organisation__name"]
    inlines = [
        ChallengeInline,
        PrincipleInline,
        GoalInline,
        GoalStrategyInline,
        TargetGroupInline,
        KeyMessageInline,
        ChannelInline,
        RoleInline,
        RuleInline,
        NotificationEntryInline,
    ]


for model in (
    models.Goal,
    models.GoalStrategy,
    models.TargetGroup,
    models.KeyMessage,
    models.Channel,
):
    admin.site.register(model, search_fields=["ref"], list_filter=["strategy"])
