"""Alerts through a real SMTP server and a stand-in SMS gateway on 127.0.0.1."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from kommplan.crisis import services
from kommplan.crisis.delivery import TAKEN_OVER, claim, record_result, send_delivery, transmit
from kommplan.crisis.models import (
    AttemptOutcome,
    Channel,
    CrisisLogEntry,
    Delivery,
    DeliveryAttempt,
    DeliveryState,
    LogKind,
    Recipient,
)
from kommplan.organisations.models import MemberRole, Membership

pytestmark = pytest.mark.django_db


def start(organisation, actor, **extra):
    return services.start_crisis(
        organisation=organisation,
        title="Brann i rådhuset",
        description="Rådhuset er evakuert.",
        severity="high",
        actor=actor,
        **extra,
    )


def test_a_crisis_alerts_every_role_holder_by_email_and_sms(
    rana, rana_admin, smtp, sms_gateway, drain
):
    gateway = sms_gateway("ok")
    crisis = start(rana, rana_admin)
    drain()
    holders = Recipient.objects.filter(crisis=crisis)
    assert sorted(r.role_name for r in holders) == ["Ordfører", "Rådmann"]
    for recipient in holders:
        [mail] = smtp.to(recipient.email)
        assert "Brann i rådhuset" in mail["Subject"]
        assert services.ack_url(recipient) in smtp.text(mail)
        assert "ØVELSE" not in mail["Subject"]
    assert sorted(body["to"] for body in gateway.sent.values()) == sorted(r.phone for r in holders)
    assert set(Delivery.objects.filter(crisis=crisis).values_list("state", flat=True)) == {
        DeliveryState.SENT
    }
    assert CrisisLogEntry.objects.filter(crisis=crisis, kind=LogKind.ALERT).count() == 4


def test_a_drill_is_marked_oevelse_in_subject_text_and_sms(
    rana, rana_admin, smtp, sms_gateway, drain
):
    gateway = sms_gateway("ok")
    crisis = start(rana, rana_admin, is_drill=True)
    drain()
    mail = smtp.received[0][1]
    assert mail["Subject"].strip().startswith("ØVELSE")
    assert "ØVELSE" in smtp.text(mail)
    assert all(body["message"].startswith("ØVELSE") for body in gateway.requests)
    assert CrisisLogEntry.objects.get(crisis=crisis, kind=LogKind.SYSTEM).text.startswith(
        "Varslingsøvelse startet"
    )


def test_a_gateway_failing_twice_gets_one_sms_and_three_recorded_attempts(
    rana, rana_admin, smtp, sms_gateway, drain
):
    gateway = sms_gateway("flaky")
    crisis = start(rana, rana_admin)
    drain()
    for delivery in Delivery.objects.filter(crisis=crisis, channel=Channel.SMS):
        assert delivery.state == DeliveryState.SENT
        assert delivery.attempts == 3
        assert len(gateway.requests_for(delivery.key)) == 3
        assert list(delivery.attempt_log.values_list("outcome", "gateway_status")) == [
            (AttemptOutcome.TRANSIENT, 503),
            (AttemptOutcome.TRANSIENT, 503),
            (AttemptOutcome.SENT, 200),
        ]
    assert len(gateway.sent) == 2


def test_the_retries_wait_for_the_backoff(rana, rana_admin, settings, sms_gateway, drain):
    settings.CRISIS_RETRY_DELAYS = [30, 120]
    gateway = sms_gateway("flaky")
    crisis = start(rana, rana_admin, now=None)
    now = services.timezone.now()
    delivery = Delivery.objects.filter(crisis=crisis, channel=Channel.SMS).first()
    assert send_delivery(delivery.pk, now=now) == DeliveryState.QUEUED
    assert send_delivery(delivery.pk, now=now + services.timedelta(seconds=29)) is None
    assert (
        send_delivery(delivery.pk, now=now + services.timedelta(seconds=30)) == DeliveryState.QUEUED
    )
    later = now + services.timedelta(seconds=150)
    assert send_delivery(delivery.pk, now=later) == DeliveryState.SENT
    assert len(gateway.requests_for(delivery.key)) == 3


def test_a_permanent_refusal_is_not_retried_falls_back_to_email_and_warns_the_admins(
    rana, rana_admin, smtp, sms_gateway, drain
):
    gateway = sms_gateway("reject")
    crisis = start(rana, rana_admin)
    drain()
    emails = {
        d.recipient_id: d
        for d in Delivery.objects.filter(crisis=crisis, channel=Channel.EMAIL, round=1)
    }
    sms = Delivery.objects.filter(crisis=crisis, channel=Channel.SMS).select_related("recipient")
    for delivery in sms.prefetch_related("attempt_log"):
        assert delivery.state == DeliveryState.FALLBACK
        assert delivery.attempts == 1
        assert len(gateway.requests_for(delivery.key)) == 1
        assert [a.outcome for a in delivery.attempt_log.all()] == [AttemptOutcome.PERMANENT]
        assert emails[delivery.recipient_id].state == DeliveryState.SENT
        assert len(smtp.to(delivery.recipient.email)) == 1  # the alert, once
    assert len(gateway.sent) == 0
    warnings = smtp.to(rana_admin.email)
    assert len(warnings) == 2
    assert "kunne ikke leveres" in warnings[0]["Subject"]
    assert (
        CrisisLogEntry.objects.filter(
            crisis=crisis, kind=LogKind.SYSTEM, text__contains="e-post i stedet"
        ).count()
        == 2
    )


def test_a_refused_sms_to_someone_without_email_fails_and_warns(
    rana, rana_admin, smtp, sms_gateway, drain
):
    sms_gateway("reject")
    Recipient.objects.none()
    from kommplan.crisis.models import Contact

    Contact.objects.filter(role__organisation=rana).update(email="")
    crisis = start(rana, rana_admin)
    drain()
    assert set(Delivery.objects.filter(crisis=crisis).values_list("channel", "state")) == {
        (Channel.SMS, DeliveryState.FAILED)
    }
    assert len(smtp.to(rana_admin.email)) == 2


def test_two_workers_claiming_the_same_message_send_it_once(rana, rana_admin, sms_gateway):
    gateway = sms_gateway("ok")
    crisis = start(rana, rana_admin)
    delivery = Delivery.objects.filter(crisis=crisis, channel=Channel.SMS).first()
    first = claim(delivery.pk)
    second = claim(delivery.pk)
    assert first is not None and second is None
    record_result(first, transmit(first.delivery))
    assert send_delivery(delivery.pk) is None
    assert len(gateway.requests_for(delivery.key)) == 1


def test_the_rate_limit_holds_back_messages_beyond_the_limit(
    rana, rana_admin, settings, sms_gateway, drain
):
    settings.CRISIS_RATE_LIMIT_COUNT = 2
    settings.CRISIS_RATE_LIMIT_MINUTES = 30
    gateway = sms_gateway("ok")
    now = services.timezone.now()
    crisis = start(rana, rana_admin, now=now)
    drain(now)
    services.end_crisis(crisis=crisis, actor=rana_admin, now=now)
    second = start(rana, rana_admin, now=now + services.timedelta(minutes=1))
    drain(now + services.timedelta(minutes=1))
    services.end_crisis(crisis=second, actor=rana_admin)
    third = start(rana, rana_admin, now=now + services.timedelta(minutes=2))
    drain(now + services.timedelta(minutes=2))
    held = Delivery.objects.filter(crisis=third)
    assert set(held.values_list("state", flat=True)) == {DeliveryState.QUEUED}
    assert all("for mange" in d.last_error for d in held)
    assert len(gateway.sent) == 4
    # When the oldest message leaves the window, the held ones go.
    drain(now + services.timedelta(minutes=30, seconds=1))
    assert set(held.values_list("state", flat=True)) == {DeliveryState.SENT}
    assert len(gateway.sent) == 6


def test_messages_still_queued_when_the_crisis_ends_are_cancelled(rana, rana_admin, sms_gateway):
    gateway = sms_gateway("ok")
    crisis = start(rana, rana_admin)
    services.end_crisis(crisis=crisis, actor=rana_admin)
    assert services.send_pending() == 0
    assert set(Delivery.objects.filter(crisis=crisis).values_list("state", flat=True)) == {
        DeliveryState.CANCELLED
    }
    assert gateway.requests == []


@pytest.mark.django_db(transaction=True)
def test_every_attempt_is_recorded_before_the_network_call(rana, rana_admin, sms_gateway):
    seen = []
    gateway = sms_gateway(
        "ok",
        before_answer=lambda body: seen.append(
            DeliveryAttempt.objects.filter(
                delivery__key=body["reference"], outcome=AttemptOutcome.PENDING
            ).count()
        ),
    )
    # Committed for real: the start hands the messages to the (immediate) queue on commit.
    crisis = start(rana, rana_admin)
    assert seen == [1, 1]  # each SMS had its attempt stored while the gateway was answering
    assert len(gateway.sent) == 2
    assert Delivery.objects.filter(crisis=crisis, state=DeliveryState.SENT).count() == 4


def test_administrators_without_email_are_simply_not_warned(
    rana, rana_admin, smtp, sms_gateway, drain
):
    sms_gateway("reject")
    User.objects.filter(
        pk__in=Membership.objects.filter(organisation=rana, role=MemberRole.ADMINISTRATOR).values(
            "user"
        )
    ).update(email="")
    start(rana, rana_admin)
    drain()
    assert all("kunne ikke leveres" not in m["Subject"] for _r, m in smtp.received)


def test_a_slow_worker_whose_lease_ran_out_does_not_record_over_the_one_that_took_over(
    rana, rana_admin, settings, sms_gateway
):
    gateway = sms_gateway("ok")
    crisis = start(rana, rana_admin)
    delivery = Delivery.objects.filter(crisis=crisis, channel=Channel.SMS).first()
    now = services.timezone.now()
    slow = claim(delivery.pk, now)
    later = now + services.timedelta(seconds=settings.CRISIS_SENDING_LEASE_SECONDS + 1)
    assert send_delivery(delivery.pk, now=later) == DeliveryState.SENT
    assert record_result(slow, transmit(slow.delivery), later) == TAKEN_OVER
    assert len(gateway.sent) == 1
    alerts = CrisisLogEntry.objects.filter(delivery=delivery, kind=LogKind.ALERT)
    assert alerts.count() == 1
    assert list(delivery.attempt_log.values_list("outcome", flat=True)) == [
        AttemptOutcome.DUPLICATE,  # the slow worker's own attempt, recorded late
        AttemptOutcome.SENT,
    ]
