"""Fixtures for the crisis tests: the demo lists, a real SMTP server and a stand-in SMS gateway
on 127.0.0.1 (kommplan.crisis.testing), and `drain` to run the sweeper until nothing is due."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from kommplan.crisis import services
from kommplan.crisis.demo import ensure_demo_notification_lists
from kommplan.crisis.sms import LocmemBackend
from kommplan.crisis.testing import FakeSmsGateway, smtp_server
from kommplan.organisations.models import Organisation


@pytest.fixture(autouse=True)
def _crisis_settings(settings):
    # Retries go at once, so a test does not wait for the backoff.
    settings.CRISIS_RETRY_DELAYS = [0, 0, 0, 0]
    settings.SMS_BACKEND = "kommplan.crisis.sms.LocmemBackend"
    settings.SITE_URL = "https://kommplan.example"
    LocmemBackend.outbox = []


@pytest.fixture
def crisis_demo(demo):
    ensure_demo_notification_lists()


@pytest.fixture
def rana(crisis_demo) -> Organisation:
    return Organisation.objects.get(name="Rana kommune")


@pytest.fixture
def rana_admin(crisis_demo) -> User:
    return User.objects.get(username="rana-admin")


@pytest.fixture
def smtp(settings):
    with smtp_server() as (inbox, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        yield inbox


@pytest.fixture
def sms_gateway(settings):
    """sms_gateway("flaky") starts a gateway in that mode and points SMS_BACKEND at it."""
    started = []

    def _start(mode: str = "ok", **options) -> FakeSmsGateway:
        gateway = FakeSmsGateway(mode, **options).__enter__()
        started.append(gateway)
        settings.SMS_BACKEND = "kommplan.crisis.sms.HttpJsonGateway"
        settings.SMS_GATEWAY_URL = gateway.url
        settings.SMS_GATEWAY_TOKEN = gateway.token
        settings.SMS_GATEWAY_TIMEOUT = 5
        return gateway

    yield _start
    for gateway in started:
        gateway.__exit__(None, None, None)


@pytest.fixture
def drain(django_capture_on_commit_callbacks):
    """Run the sweeper in this process until nothing is due. Inside a test transaction nothing
    commits, so the on-commit work (queueing, warning mails) is run by hand here."""

    def _drain(now=None) -> int:
        total = 0
        for _ in range(50):
            if not services._due_ids(now or services.timezone.now()):
                return total
            with django_capture_on_commit_callbacks(execute=True):
                total += services.send_pending(now)
        raise AssertionError("deliveries still due after 50 sweeps")

    return _drain
