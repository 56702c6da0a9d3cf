"""Exactly once when it matters: a worker killed mid-send, two workers at once, a queue that is
down when the crisis starts. These tests commit for real (other processes and threads must see
the rows), so they use a transactional database."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from kommplan.crisis import services
from kommplan.crisis.delivery import send_delivery
from kommplan.crisis.models import AttemptOutcome, Channel, Contact, Delivery, DeliveryState

pytestmark = pytest.mark.django_db(transaction=True)


def start(organisation, actor, **extra):
    return services.start_crisis(
        organisation=organisation,
        title="Flom i sentrum",
        description="",
        severity="critical",
        actor=actor,
        **extra,
    )


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def run_worker(delivery_id: int, *args: str, gateway) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "SMS_GATEWAY_URL": gateway.url,
        "SMS_GATEWAY_TOKEN": gateway.token,
        "SMS_BACKEND": "kommplan.crisis.sms.HttpJsonGateway",
        "HUEY_IMMEDIATE": "true",
        "SECRET_KEY": django_settings.SECRET_KEY,
    }
    return subprocess.run(
        [sys.executable, "-m", "kommplan.crisis.tests.worker", str(delivery_id), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def queue_off():
    """The queue does not run tasks: starting a crisis only stores the messages."""
    HUEY.immediate = False
    original = HUEY.storage.enqueue

    def broken(*args, **kwargs):
        raise OSError("queue storage unavailable")

    HUEY.storage.enqueue = broken
    yield
    HUEY.storage.enqueue = original
    HUEY.immediate = True


def test_a_worker_killed_after_sending_and_before_recording_neither_loses_nor_duplicates(
    rana, rana_admin, sms_gateway, queue_off
):
    gateway = sms_gateway("ok")
    crisis = start(rana, rana_admin)
    delivery = Delivery.objects.filter(crisis=crisis, channel=Channel.SMS).first()

    killed = run_worker(delivery.pk, "--die-after-send", gateway=gateway)
    assert killed.returncode == 137, killed.stderr
    assert len(gateway.requests_for(delivery.key)) == 1  # the gateway has the message
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENDING  # and nobody recorded it

    # Run again at once: the lease has not run out, so nobody sends it a second time.
    again = run_worker(delivery.pk, gateway=gateway)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "None"
    assert len(gateway.requests_for(delivery.key)) == 1

    # After the lease the message is taken over and sent with the same reference: the gateway
    # recognises it, so the person still has exactly one SMS.
    later = timezone.now() + timedelta(seconds=django_settings.CRISIS_SENDING_LEASE_SECONDS + 1)
    resumed = run_worker(delivery.pk, "--now", later.isoformat(), gateway=gateway)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.strip() == DeliveryState.SENT
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT
    assert len(gateway.sent) == 1
    assert gateway.sent[delivery.key]["to"] == delivery.address
    assert list(delivery.attempt_log.values_list("outcome", flat=True)) == [
        AttemptOutcome.INTERRUPTED,
        AttemptOutcome.DUPLICATE,
    ]


def test_two_workers_sending_at_the_same_time_send_each_message_once(
    rana, rana_admin, sms_gateway, smtp, queue_off
):
    gateway = sms_gateway("ok")
    crisis = start(rana, rana_admin)
    ids = list(Delivery.objects.filter(crisis=crisis).values_list("pk", flat=True))
    barrier = threading.Barrier(2)
    results: list[str | None] = []

    def worker() -> None:
        barrier.wait()
        try:
            for pk in ids:
                results.append(send_delivery(pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r for r in results if r) == [DeliveryState.SENT] * len(ids)
    assert results.count(None) == len(ids)
    sms = Delivery.objects.filter(crisis=crisis, channel=Channel.SMS)
    assert all(len(gateway.requests_for(d.key)) == 1 for d in sms)  # not even a de-duplicate
    assert len(smtp.received) == Delivery.objects.filter(crisis=crisis, channel="email").count()


def test_a_crisis_started_while_the_queue_is_down_is_stored_and_sent_when_it_is_back(
    rana, rana_admin, sms_gateway, smtp, queue_off
):
    gateway = sms_gateway("ok")
    crisis = start(rana, rana_admin)  # the hand-over to the queue fails after the commit
    deliveries = Delivery.objects.filter(crisis=crisis)
    assert deliveries.count() == 4
    assert set(deliveries.values_list("state", flat=True)) == {DeliveryState.QUEUED}
    assert gateway.requests == [] and smtp.received == []

    # The queue comes back; the sweeper (a periodic task) hands the messages over.
    HUEY.storage.enqueue = type(HUEY.storage).enqueue.__get__(HUEY.storage)
    HUEY.immediate = True
    assert services.dispatch_due() == 4
    assert set(deliveries.values_list("state", flat=True)) == {DeliveryState.SENT}
    assert len(gateway.sent) == 2 and len(gateway.requests) == 2
    assert len(smtp.received) == 2
    assert services.dispatch_due() == 0


def test_the_rate_limit_holds_when_two_workers_send_to_the_same_number_at_once(
    rana, rana_admin, settings, sms_gateway, queue_off
):
    settings.CRISIS_RATE_LIMIT_COUNT = 1
    gateway = sms_gateway("ok")
    # One person holds both roles.
    Contact.objects.filter(role__organisation=rana, rank=0).update(phone="+4701999999")
    crisis = start(rana, rana_admin)
    ids = list(
        Delivery.objects.filter(crisis=crisis, channel=Channel.SMS).values_list("pk", flat=True)
    )
    assert len(ids) == 2
    barrier = threading.Barrier(2)

    def worker(pk: int) -> None:
        barrier.wait()
        try:
            send_delivery(pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(pk,)) for pk in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(gateway.requests) == 1
    states = sorted(Delivery.objects.filter(pk__in=ids).values_list("state", flat=True))
    assert states == [DeliveryState.QUEUED, DeliveryState.SENT]
