"""Reads of indicators with their measurements, for lists, the dashboard and goal pages."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from kommplan.organisations.access import Access
from kommplan.strategies.models import Strategy

from .access import visible_indicators
from .models import Indicator, Measurement


def measurements_prefetch() -> Prefetch:
    return Prefetch("measurements", queryset=Measurement.objects.order_by("date", "position", "pk"))


def goal_indicators_prefetch() -> Prefetch:
    """For a goal queryset: `Prefetch` that lets templates/indicators/_goal_indicators.html
    show every goal's indicators and latest values without a query per goal."""
    return Prefetch(
        "indicators",
        queryset=Indicator.objects.order_by("position", "pk").prefetch_related(
            measurements_prefetch()
        ),
    )


def indicators_for_strategy(strategy: Strategy, access: Access) -> QuerySet[Indicator]:
    """The indicators the user may see: one query with goal and action, one for measurements."""
    return (
        visible_indicators(access, strategy.indicators.all())
        .select_related("goal", "action")
        .prefetch_related(measurements_prefetch())
        .order_by("position", "pk")
    )
