"""The HTTP/JSON gateway backend against the stand-in server, and a flaky world end to end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kommplan.crisis import services
from kommplan.crisis.models import Channel, Delivery, DeliveryAttempt, DeliveryState
from kommplan.crisis.sms import HttpJsonGateway, Outcome
from kommplan.crisis.testing import FakeSmsGateway, free_port, smtp_server
from kommplan.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_gateway_gets_json_with_a_bearer_token_and_the_reference():
    with FakeSmsGateway("ok") as gateway:
        backend = HttpJsonGateway(url=gateway.url, token=gateway.token, timeout=5)
        result = backend.send(to="+4701000001", message="Hei", reference="1:2:sms:1")
        assert (result.outcome, result.status, result.duplicate) == (Outcome.SENT, 200, False)
        again = backend.send(to="+4701000001", message="Hei", reference="1:2:sms:1")
        assert again.outcome == Outcome.SENT and again.duplicate
    assert gateway.requests[0] == {"to": "+4701000001", "message": "Hei", "reference": "1:2:sms:1"}
    assert gateway.unauthorised == 0 and len(gateway.sent) == 1


def test_a_wrong_token_or_a_refused_number_is_permanent_and_5xx_or_no_answer_transient():
    with FakeSmsGateway("ok") as gateway:
        wrong = HttpJsonGateway(url=gateway.url, token="wrong", timeout=5).send(
            to="+4701000001", message="Hei", reference="r"
        )
        assert (wrong.outcome, wrong.status) == (Outcome.PERMANENT, 401)
    with FakeSmsGateway("reject") as gateway:
        refused = HttpJsonGateway(url=gateway.url, token=gateway.token).send(
            to="+4701000001", message="Hei", reference="r"
        )
        assert (refused.outcome, refused.status) == (Outcome.PERMANENT, 400)
        assert "invalid number" in refused.response
    with FakeSmsGateway("flaky") as gateway:
        busy = HttpJsonGateway(url=gateway.url, token=gateway.token).send(
            to="+4701000001", message="Hei", reference="r"
        )
        assert (busy.outcome, busy.status) == (Outcome.TRANSIENT, 503)
    nobody = HttpJsonGateway(url=f"http://127.0.0.1:{free_port()}/sms", token="t", timeout=2)
    down = nobody.send(to="+4701000001", message="Hei", reference="r")
    assert down.outcome == Outcome.TRANSIENT and "ConnectError" in down.error
    unset = HttpJsonGateway(url="", token="").send(to="+4701000001", message="Hei", reference="r")
    assert unset.outcome == Outcome.PERMANENT and "SMS_GATEWAY_URL" in unset.error


def test_with_20_percent_failures_at_both_servers_every_alert_arrives_exactly_once(
    crisis_demo, settings, sms_gateway, drain, django_user_model
):
    settings.CRISIS_RETRY_DELAYS = [0] * 10
    gateway = sms_gateway("random", failure_rate=0.2, seed=3)
    osen = Organisation.objects.get(name="Osen kommune")
    with smtp_server(failure_rate=0.2, seed=5) as (inbox, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        t0 = timezone.now()
        crisis = services.start_crisis(
            organisation=osen,
            title="Uvær",
            description="",
            severity="high",
            actor=django_user_model.objects.filter(username="demo").first(),
            now=t0,
        )
        drain(t0)
        services.escalate_due(t0 + timedelta(minutes=10))  # deputies too: 16 messages
        drain(t0 + timedelta(minutes=10))
    deliveries = Delivery.objects.filter(crisis=crisis)
    assert deliveries.count() == 8 + 16
    assert set(deliveries.values_list("state", flat=True)) == {DeliveryState.SENT}
    sms = deliveries.filter(channel=Channel.SMS)
    assert sorted(gateway.sent) == sorted(d.key for d in sms)
    ids = [m["Message-ID"] for _r, m in inbox.received]
    assert len(ids) == len(set(ids)) == deliveries.filter(channel=Channel.EMAIL).count()
    assert inbox.refused > 0 and len(gateway.requests) > len(gateway.sent)  # it did fail
    assert DeliveryAttempt.objects.filter(delivery__crisis=crisis).count() == (
        len(gateway.requests) + len(inbox.received) + inbox.refused
    )
