"""Escalation with a controlled clock: round 2 at exactly N minutes, deputies alerted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kommplan.crisis import services
from kommplan.crisis.models import (
    CrisisLogEntry,
    CrisisSettings,
    Delivery,
    DeliveryState,
    LogKind,
    Recipient,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def t0():
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def crisis(rana, rana_admin, t0, drain):
    CrisisSettings.objects.create(organisation=rana, escalation_minutes=10, max_rounds=3)
    started = services.start_crisis(
        organisation=rana,
        title="Strømbrudd",
        description="",
        severity="medium",
        actor=rana_admin,
        now=t0,
    )
    drain(t0)
    return started


def test_nobody_is_alerted_again_a_second_before_the_escalation_time(crisis, t0):
    assert services.escalate_due(t0 + timedelta(minutes=9, seconds=59)) == []
    assert Delivery.objects.filter(crisis=crisis, round=2).count() == 0


def test_at_the_escalation_time_holders_are_alerted_again_and_deputies_alerted(
    crisis, t0, drain, sms_gateway
):
    gateway = sms_gateway("ok")
    at = t0 + timedelta(minutes=10)
    assert services.escalate_due(at) == [crisis]
    drain(at)
    crisis.refresh_from_db()
    assert crisis.current_round == 2
    deputies = Recipient.objects.filter(crisis=crisis, rank__gt=0)
    assert sorted(d.role_name for d in deputies) == ["Ordfører", "Rådmann"]
    assert all(d.first_round == 2 for d in deputies)
    round_two = Delivery.objects.filter(crisis=crisis, round=2)
    assert round_two.count() == 8  # 2 holders + 2 deputies, email and SMS each
    assert set(round_two.values_list("state", flat=True)) == {DeliveryState.SENT}
    assert {body["to"] for body in gateway.sent.values()} == {
        r.phone for r in Recipient.objects.filter(crisis=crisis)
    }
    assert CrisisLogEntry.objects.filter(crisis=crisis, kind=LogKind.ESCALATION).count() == 1
    # The round is claimed once: running the task again at the same minute does nothing.
    assert services.escalate_due(at) == []


def test_a_role_that_acknowledged_is_not_escalated(crisis, t0):
    holder = Recipient.objects.get(crisis=crisis, role_name="Rådmann")
    services.acknowledge(services.ack_token(holder), now=t0 + timedelta(minutes=3))
    services.escalate_due(t0 + timedelta(minutes=10))
    round_two = Delivery.objects.filter(crisis=crisis, round=2).select_related("recipient")
    assert {d.recipient.role_name for d in round_two} == {"Ordfører"}
    assert not Recipient.objects.filter(crisis=crisis, role_name="Rådmann", rank__gt=0).exists()


def test_a_message_of_a_later_round_is_cancelled_when_the_role_acknowledges_first(crisis, t0):
    services.escalate_due(t0 + timedelta(minutes=10))
    deputy = Recipient.objects.get(crisis=crisis, role_name="Rådmann", rank=1)
    holder = Recipient.objects.get(crisis=crisis, role_name="Rådmann", rank=0)
    services.acknowledge(services.ack_token(holder), now=t0 + timedelta(minutes=10, seconds=5))
    services.send_pending(t0 + timedelta(minutes=10, seconds=10))
    assert set(deputy.deliveries.values_list("state", flat=True)) == {DeliveryState.CANCELLED}


def test_escalation_stops_after_the_last_round(crisis, t0):
    assert services.escalate_due(t0 + timedelta(minutes=10)) == [crisis]
    assert services.escalate_due(t0 + timedelta(minutes=19)) == []
    assert services.escalate_due(t0 + timedelta(minutes=20)) == [crisis]
    assert services.escalate_due(t0 + timedelta(minutes=60)) == []
    assert Delivery.objects.filter(crisis=crisis, round=4).count() == 0
    assert Delivery.objects.filter(crisis=crisis, round=3).count() == 8


def test_an_ended_crisis_is_not_escalated(crisis, t0, rana_admin):
    services.end_crisis(crisis=crisis, actor=rana_admin, now=t0 + timedelta(minutes=5))
    assert services.escalate_due(t0 + timedelta(minutes=30)) == []


def test_a_crisis_where_everyone_acknowledged_is_not_escalated(crisis, t0):
    for recipient in Recipient.objects.filter(crisis=crisis):
        services.acknowledge(services.ack_token(recipient), now=t0 + timedelta(minutes=1))
    assert services.escalate_due(t0 + timedelta(minutes=10)) == []
