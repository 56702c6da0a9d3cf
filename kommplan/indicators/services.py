"""Writing indicators and measurements; every change is logged in the same transaction."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from kommplan.actions.models import Action
from kommplan.audit.models import AuditEvent
from kommplan.audit.services import diff, record, snapshot
from kommplan.strategies.models import Goal, Strategy

from .models import Direction, Indicator, Measurement

INDICATOR_FIELDS = ["name", "unit", "target", "direction", "period", "goal", "action"]
MEASUREMENT_FIELDS = ["indicator", "date", "value"]


def _check_owner(strategy: Strategy, goal: Goal | None, action: Action | None) -> None:
    if goal is not None and action is not None:
        raise ValidationError("En indikator hører til et mål eller et tiltak, ikke begge.")
    for owner in (goal, action):
        if owner is not None and owner.strategy_id != strategy.pk:
            raise ValidationError("Målet eller tiltaket hører til en annen strategi.")


def _next_ref(strategy: Strategy) -> str:
    """i1, i2, …: the first free id in the plan-file style the loader uses."""
    taken = set(strategy.indicators.values_list("ref", flat=True))
    number = len(taken) + 1
    while f"i{number}" in taken:
        number += 1
    return f"i{number}"


def _log(
    *, actor: User, event: AuditEvent, obj, strategy: Strategy, changes, label: str = ""
) -> None:
    record(
        actor=actor,
        event=event,
        obj=obj,
        organisation=strategy.organisation,
        strategy=strategy,
        changes=changes,
        object_label=label,
    )


@transaction.atomic
def create_indicator(
    *,
    actor: User,
    strategy: Strategy,
    name: str,
    unit: str = "",
    target: float | None = None,
    direction: str = Direction.INCREASE,
    period: str = "",
    goal: Goal | None = None,
    action: Action | None = None,
) -> Indicator:
    """A new indicator on `goal`, on `action` or (neither) on the strategy as a whole."""
    _check_owner(strategy, goal, action)
    last = strategy.indicators.aggregate(last=Max("position"))["last"]
    indicator = Indicator.objects.create(
        strategy=strategy,
        ref=_next_ref(strategy),
        position=0 if last is None else last + 1,
        name=name,
        unit=unit,
        target=target,
        direction=direction,
        period=period,
        goal=goal,
        action=action,
    )
    _log(
        actor=actor,
        event=AuditEvent.CREATE,
        obj=indicator,
        strategy=strategy,
        changes=diff({}, snapshot(indicator, INDICATOR_FIELDS)),
    )
    return indicator


@transaction.atomic
def update_indicator(
    *,
    actor: User,
    indicator: Indicator,
    name: str,
    unit: str,
    target: float | None,
    direction: str,
    period: str,
    goal: Goal | None,
    action: Action | None,
) -> Indicator:
    """Change what an indicator measures or where it belongs; logged only if something changed."""
    strategy = indicator.strategy
    _check_owner(strategy, goal, action)
    before = snapshot(indicator, INDICATOR_FIELDS)
    indicator.name = name
    indicator.unit = unit
    indicator.target = target
    indicator.direction = direction
    indicator.period = period
    indicator.goal = goal
    indicator.action = action
    changes = diff(before, snapshot(indicator, INDICATOR_FIELDS))
    if changes:
        indicator.save(update_fields=[*changes])
        _log(
            actor=actor,
            event=AuditEvent.UPDATE,
            obj=indicator,
            strategy=strategy,
            changes=changes,
        )
    return indicator


@transaction.atomic
def delete_indicator(*, actor: User, indicator: Indicator) -> None:
    """Delete an indicator and its measurements; the log keeps what it was."""
    strategy = indicator.strategy
    before = snapshot(indicator, INDICATOR_FIELDS)
    before["measurements"] = indicator.measurements.count()
    _log(
        actor=actor,
        event=AuditEvent.DELETE,
        obj=indicator,
        strategy=strategy,
        changes=diff(before, {}),
    )
    indicator.delete()


def _measurement_label(indicator: Indicator, day: date) -> str:
    return f"{indicator.name} ({day.isoformat()})"[:300]


@transaction.atomic
def record_measurement(
    *, actor: User, indicator: Indicator, date: date, value: float
) -> Measurement:
    """Store one measured value of an indicator."""
    last = indicator.measurements.aggregate(last=Max("position"))["last"]
    measurement = Measurement.objects.create(
        indicator=indicator,
        position=0 if last is None else last + 1,
        date=date,
        value=value,
    )
    _log(
        actor=actor,
        event=AuditEvent.CREATE,
        obj=measurement,
        strategy=indicator.strategy,
        changes=diff({}, snapshot(measurement, MEASUREMENT_FIELDS)),
        label=_measurement_label(indicator, date),
    )
    return measurement


@transaction.atomic
def delete_measurement(*, actor: User, measurement: Measurement) -> None:
    indicator = measurement.indicator
    _log(
        actor=actor,
        event=AuditEvent.DELETE,
        obj=measurement,
        strategy=indicator.strategy,
        changes=diff(snapshot(measurement, MEASUREMENT_FIELDS), {}),
        label=_measurement_label(indicator, measurement.date),
    )
    measurement.delete()
