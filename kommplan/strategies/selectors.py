"""Reads of a strategy for its pages, with the prefetching they need."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from .models import Goal, GoalStrategy, Strategy


@dataclass
class GoalNode:
    goal: Goal
    children: list[GoalNode] = field(default_factory=list)


def goal_tree(strategy: Strategy) -> list[GoalNode]:
    """The goals as a forest, each goal with its strategies prefetched, in document order."""
    goals = list(
        strategy.goals.prefetch_related(
            Prefetch("approaches", queryset=GoalStrategy.objects.order_by("position", "pk"))
        )
    )
    nodes = {goal.pk: GoalNode(goal) for goal in goals}
    roots = []
    for goal in goals:
        parent = nodes.get(goal.parent_id)
        (parent.children if parent else roots).append(nodes[goal.pk])
    return roots


def messages_with_groups(strategy: Strategy):
    return strategy.messages.prefetch_related("target_groups").order_by("-core", "position")
