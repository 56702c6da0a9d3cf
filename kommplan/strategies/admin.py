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


# Every part also has its own admin list, for finding an item across strategies.
for model, search in (
    (models.Challenge, ["title", "text"]),
    (models.Principle, ["name", "text"]),
    (models.Goal, ["ref", "text"]),
    (models.GoalStrategy, ["ref", "title", "text"]),
    (models.TargetGroup, ["ref", "name"]),
    (models.KeyMessage, ["ref", "text"]),
    (models.Channel, ["ref", "name"]),
    (models.Role, ["title", "responsibility"]),
    (models.Rule, ["name"]),
    (models.NotificationEntry, ["role", "name"]),
):
    admin.site.register(
        model, search_fields=search, list_filter=["strategy__organisation"], ordering=["position"]
    )
