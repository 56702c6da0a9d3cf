"""SMS backends, chosen by `settings.SMS_BACKEND` (a dotted path).

A backend has one method, `send(*, to, message, reference) -> SmsResult`, and never raises for
a refused or failed message: it says what happened, so the caller can record it and decide
whether to retry. `reference` is the delivery's idempotency key; a gateway that sees the same
reference twice must not send the message twice (docs/crisis-alerts.md).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from enum import StrEnum

import httpx
from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    SENT = "sent"  # accepted by the gateway (2xx)
    TRANSIENT = "transient"  # 5xx, 429, timeout, connection refused: try again later
    PERMANENT = "permanent"  # other 4xx, such as an invalid number: never retry


@dataclass(frozen=True)
class SmsResult:
    outcome: Outcome
    status: int | None = None
    response: str = ""
    error: str = ""
    duplicate: bool = False  # the gateway had this reference already and did not send again


class BaseSmsBackend:
    def send(self, *, to: str, message: str, reference: str) -> SmsResult:
        raise NotImplementedError


_shared: httpx.Client | None = None
_shared_lock = threading.Lock()


def _client() -> httpx.Client:
    # One client per process: it keeps connections open, and building the TLS context for every
    # message (what httpx.post does) costs about 0.1 s.
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = httpx.Client()
        return _shared


class HttpJsonGateway(BaseSmsBackend):
    """POST {"to", "message", "reference"} as JSON with `Authorization: Bearer <token>` to
    SMS_GATEWAY_URL. 2xx accepted, 429/5xx/timeout transient, other 4xx permanent."""

    def __init__(
        self, url: str | None = None, token: str | None = None, timeout: float | None = None
    ):
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN
        self.timeout = timeout if timeout is not None else settings.SMS_GATEWAY_TIMEOUT

    def send(self, *, to: str, message: str, reference: str) -> SmsResult:
        if not self.url:
            return SmsResult(Outcome.PERMANENT, error="SMS_GATEWAY_URL is not set")
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            response = _client().post(
                self.url,
                json={"to": to, "message": message, "reference": reference},
                headers=headers,
                timeout=self.timeout,
            )
        except httpx.HTTPError as exc:
            return SmsResult(Outcome.TRANSIENT, error=f"{type(exc).__name__}: {exc}"[:2000])
        body = response.text[:2000]
        code = response.status_code
        if 200 <= code < 300:
            try:
                duplicate = response.json().get("status") == "duplicate"
            except (ValueError, AttributeError):
                duplicate = False
            return SmsResult(Outcome.SENT, code, body, duplicate=duplicate)
        if code == 429 or code >= 500:
            return SmsResult(Outcome.TRANSIENT, code, body, f"HTTP {code}")
        return SmsResult(Outcome.PERMANENT, code, body, f"HTTP {code}")


class ConsoleBackend(BaseSmsBackend):
    """Development: the message goes to the log, nowhere else."""

    def send(self, *, to: str, message: str, reference: str) -> SmsResult:
        logger.warning("SMS to %s (%s): %s", to, reference, message)
        return SmsResult(Outcome.SENT, response="console")


class LocmemBackend(BaseSmsBackend):
    """Tests: messages are kept in `LocmemBackend.outbox`, de-duplicated on reference like a
    real gateway must."""

    outbox: list[dict[str, str]] = []
    _lock = threading.Lock()

    def send(self, *, to: str, message: str, reference: str) -> SmsResult:
        with self._lock:
            if any(sent["reference"] == reference for sent in self.outbox):
                return SmsResult(Outcome.SENT, 200, "duplicate", duplicate=True)
            self.outbox.append({"to": to, "message": message, "reference": reference})
        return SmsResult(Outcome.SENT, 200, "ok")


def get_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
