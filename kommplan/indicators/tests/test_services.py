from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from kommplan.audit.models import AuditEntry, AuditEvent
from kommplan.indicators import services
from kommplan.indicators.models import Direction, Indicator, Measurement
from kommplan.strategies.models import Strategy


@pytest.fixture
def editor(demo) -> User:
    return User.objects.get(username="rana-redaktor")


def test_creating_an_indicator_gives_it_the_next_id_and_position_and_logs_it(cast, editor):
    indicator = services.create_indicator(
        actor=editor,
        strategy=cast.strategy,
        name="Besøk på nettsiden",
        unit="besøk",
        target=5000,
        direction=Direction.INCREASE,
        goal=cast.goal,
    )
    assert (indicator.ref, indicator.position) == ("i4", 3)
    entry = AuditEntry.objects.get()
    assert entry.event == AuditEvent.CREATE
    assert (entry.actor, entry.strategy, entry.organisation) == (
        editor,
        cast.strategy,
        cast.strategy.organisation,
    )
    assert entry.object_type == "indicators.Indicator" and entry.object_id == str(indicator.pk)
    assert entry.changes["name"] == [None, "Besøk på nettsiden"]
    assert entry.changes["goal"] == [None, cast.goal.pk]
    assert entry.changes["target"] == [None, 5000]


def test_an_indicator_belongs_to_a_goal_or_an_action_not_both(cast, editor):
    with pytest.raises(ValidationError):
        services.create_indicator(
            actor=editor, strategy=cast.strategy, name="X", goal=cast.goal, action=cast.own_action
        )
    assert cast.strategy.indicators.count() == 3 and not AuditEntry.objects.exists()


def test_an_indicator_cannot_belong_to_another_strategys_goal(cast, editor):
    other_goal = Strategy.objects.get(organisation__slug="askim-kommune").goals.first()
    with pytest.raises(ValidationError):
        services.create_indicator(actor=editor, strategy=cast.strategy, name="X", goal=other_goal)
    with pytest.raises(ValidationError):
        services.update_indicator(
            actor=editor,
            indicator=cast.on_goal,
            name="X",
            unit="",
            target=None,
            direction=Direction.INCREASE,
            period="",
            goal=other_goal,
            action=None,
        )
    cast.on_goal.refresh_from_db()
    assert cast.on_goal.goal == cast.goal and not AuditEntry.objects.exists()


def test_updating_logs_exactly_the_fields_that_changed(cast, editor):
    services.update_indicator(
        actor=editor,
        indicator=cast.on_goal,
        name=cast.on_goal.name,
        unit="prosent",
        target=80,
        direction=Direction.INCREASE,
        period="",
        goal=None,
        action=cast.own_action,
    )
    cast.on_goal.refresh_from_db()
    assert (cast.on_goal.unit, cast.on_goal.target) == ("prosent", 80)
    assert (cast.on_goal.goal, cast.on_goal.action) == (None, cast.own_action)
    entry = AuditEntry.objects.get()
    assert entry.event == AuditEvent.UPDATE
    assert entry.changes == {
        "unit": ["%", "prosent"],
        "target": [75, 80],
        "goal": [cast.goal.pk, None],
        "action": [None, cast.own_action.pk],
    }


def test_saving_an_unchanged_indicator_writes_no_log_entry(cast, editor):
    indicator = cast.on_goal
    services.update_indicator(
        actor=editor,
        indicator=indicator,
        name=indicator.name,
        unit=indicator.unit,
        target=indicator.target,
        direction=indicator.direction,
        period=indicator.period,
        goal=indicator.goal,
        action=indicator.action,
    )
    assert not AuditEntry.objects.exists()


def test_deleting_an_indicator_removes_its_measurements_and_logs_what_it_was(cast, editor):
    services.delete_indicator(actor=editor, indicator=cast.on_goal)
    assert not Indicator.objects.filter(pk=cast.on_goal.pk).exists()
    assert not Measurement.objects.filter(indicator_id=cast.on_goal.pk).exists()
    entry = AuditEntry.objects.get()
    assert entry.event == AuditEvent.DELETE
    assert entry.object_label == "Kjennskap til kommunens nettside"
    assert entry.changes["name"] == ["Kjennskap til kommunens nettside", None]
    assert entry.changes["measurements"] == [2, None]


def test_recording_a_measurement_appends_it_and_logs_it(cast, editor):
    measurement = services.record_measurement(
        actor=editor, indicator=cast.on_goal, date=date(2024, 9, 1), value=61.5
    )
    assert measurement.position == 2
    assert [m.value for m in cast.on_goal.measurements_by_date()] == [42, 58.5, 61.5]
    entry = AuditEntry.objects.get()
    assert entry.event == AuditEvent.CREATE
    assert entry.object_type == "indicators.Measurement"
    assert entry.strategy == cast.strategy
    assert entry.object_label == "Kjennskap til kommunens nettside (2024-09-01)"
    assert entry.changes == {
        "indicator": [None, cast.on_goal.pk],
        "date": [None, "2024-09-01"],
        "value": [None, 61.5],
    }


def test_deleting_a_measurement_logs_its_values(cast, editor):
    measurement = cast.on_goal.measurements.get(value=42)
    services.delete_measurement(actor=editor, measurement=measurement)
    assert cast.on_goal.measurements.count() == 1
    entry = AuditEntry.objects.get()
    assert entry.event == AuditEvent.DELETE
    assert entry.changes["value"] == [42, None]


def test_a_change_and_its_log_entry_are_stored_together_or_not_at_all(cast, editor, monkeypatch):
    def broken_record(**kwargs):
        raise RuntimeError("the log is down")

    monkeypatch.setattr(services, "record", broken_record)
    with pytest.raises(RuntimeError):
        services.record_measurement(
            actor=editor, indicator=cast.on_goal, date=date(2024, 9, 1), value=1
        )
    with pytest.raises(RuntimeError):
        services.create_indicator(actor=editor, strategy=cast.strategy, name="Ny")
    assert cast.on_goal.measurements.count() == 2
    assert cast.strategy.indicators.count() == 3


def test_the_latest_measurement_and_whether_it_meets_the_target(cast):
    assert cast.on_goal.latest_measurement().value == 58.5
    assert cast.on_goal.is_met(58.5) is False and cast.on_goal.is_met(75) is True
    cast.on_goal.direction = Direction.DECREASE
    assert cast.on_goal.is_met(58.5) is True and cast.on_goal.is_met(80) is False
    assert cast.on_goal.is_met(None) is None
    assert cast.on_own_action.latest_measurement() is None
