from __future__ import annotations

from django.db.models import QuerySet

from kommplan.strategies.models import Strategy

from .models import Action


def actions_for_plan(strategy: Strategy) -> QuerySet[Action]:
    """The action plan in document order, with what its table shows fetched up front."""
    return (
        strategy.actions.select_related("goal", "approach")
        .prefetch_related("target_groups", "channels")
        .order_by("position", "pk")
    )
