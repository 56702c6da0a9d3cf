"""Reads of a strategy for its pages, with the prefetching they need."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from kommplan.indicators.selectors import goal_indicators_prefetch

from .models import (
    Challenge,
    Channel,
    Goal,
    GoalStrategy,
    KeyMessage,
    NotificationEntry,
    Principle,
    Role,
    Rule,
    Strategy,
    TargetGroup,
)


@dataclass
class GoalNode:
    goal: Goal
    children: list[GoalNode] = field(default_factory=list)


def goal_tree(strategy: Strategy, *, with_indicators: bool = False) -> list[GoalNode]:
    """The goals as a forest, each goal with its strategies (and, for the overview, its
    indicators) prefetched, in document order."""
    prefetches: list = [
        Prefetch("approaches", queryset=GoalStrategy.objects.order_by("position", "pk"))
    ]
    if with_indicators:
        prefetches.append(goal_indicators_prefetch())
    goals = list(strategy.goals.prefetch_related(*prefetches))
    nodes = {goal.pk: GoalNode(goal) for goal in goals}
    roots = []
    for goal in goals:
        parent = nodes.get(goal.parent_id)
        (parent.children if parent else roots).append(nodes[goal.pk])
    return roots


def messages_with_groups(strategy: Strategy):
    return strategy.messages.prefetch_related("target_groups").order_by("-core", "position")


def messages_by_kind(strategy: Strategy) -> tuple[list[KeyMessage], list[KeyMessage]]:
    """(core messages, supporting messages), each in order, with their target groups."""
    messages = list(strategy.messages.prefetch_related("target_groups").order_by("position", "pk"))
    return [m for m in messages if m.core], [m for m in messages if not m.core]


def _count(model: type[models.Model]) -> Coalesce:
    rows = (
        model.objects.filter(strategy=OuterRef("pk"))
        .order_by()
        .values("strategy")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def part_counts(strategy: Strategy) -> dict[str, int]:
    """How many of each part the strategy has, in one query (for the editor's step overview)."""
    from kommplan.actions.models import Action

    counted = {
        "goals": Goal,
        "approaches": GoalStrategy,
        "target_groups": TargetGroup,
        "messages": KeyMessage,
        "channels": Channel,
        "principles": Principle,
        "challenges": Challenge,
        "roles": Role,
        "rules": Rule,
        "notification_entries": NotificationEntry,
        "actions": Action,
    }
    row = (
        Strategy.objects.filter(pk=strategy.pk)
        .annotate(**{f"n_{name}": _count(model) for name, model in counted.items()})
        .values(*(f"n_{name}" for name in counted))
        .get()
    )
    return {name: row[f"n_{name}"] for name in counted}
