"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the reminder tests, and an action to remind of.

Mail goes through Django's SMTP backend to the server and is read back as parsed messages.
"""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User

from kommplan.actions.models import Action


class Inbox:
    """What the SMTP server received: (recipients, parsed message) pairs."""

    def __init__(self):
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.refuse = False
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "554 Transaction failed"
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.received.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for rcpts, message in self.received if address in rcpts]

    @staticmethod
    def text(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def html(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("html",)).get_content()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = "https://kommplan.example"
    yield inbox
    controller.stop()


@pytest.fixture
def quiet_plans(demo):
    """The demo actions with a responsible user, without any schedule: each test sets its own."""
    Action.objects.filter(responsible_user__isnull=False).update(
        timing="", due_date=None, start_date=None, end_date=None, rrule=""
    )


@pytest.fixture
def berit(demo) -> User:
    return User.objects.get(username="rana-bidragsyter")


@pytest.fixture
def rana_action(quiet_plans, berit) -> Action:
    """The first action of Rana's plan; the demo bidragsyter (Berit) is responsible for it."""
    return (
        Action.objects.filter(responsible_user=berit, strategy__organisation__slug="rana-kommune")
        .select_related("strategy__organisation")
        .order_by("position", "pk")
        .first()
    )
