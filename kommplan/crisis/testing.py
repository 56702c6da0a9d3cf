"""Stand-ins for the outside world, run on 127.0.0.1: an SMTP server (aiosmtpd) and an SMS
gateway speaking the HttpJsonGateway contract. Used by the tests and the benchmark.

The gateway de-duplicates on `reference` as the contract requires of real gateways, counts every
request, and can be told to fail: `mode` is "ok" (always 200), "flaky" (5xx on the first two
requests for each reference, then 200), "reject" (400 invalid number), or "random" (500 for
`failure_rate` of the requests, seeded so runs repeat).
"""

from __future__ import annotations

import json
import random
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpInbox:
    """What the SMTP server received; `failure_rate` refuses that share of messages (451,
    transient), seeded."""

    def __init__(self, failure_rate: float = 0.0, seed: int = 7):
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.refused = 0
        self.failure_rate = failure_rate
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.failure_rate and self._random.random() < self.failure_rate:
                self.refused += 1
                return "451 Try again later"
            parsed = message_from_bytes(envelope.content, policy=policy.default)
            self.received.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for rcpts, message in self.received if address in rcpts]

    @staticmethod
    def text(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


@contextmanager
def smtp_server(failure_rate: float = 0.0, seed: int = 7) -> Iterator[tuple[SmtpInbox, int]]:
    from aiosmtpd.controller import Controller

    inbox = SmtpInbox(failure_rate, seed)
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


class FakeSmsGateway:
    def __init__(
        self,
        mode: str = "ok",
        failure_rate: float = 0.2,
        seed: int = 7,
        token: str = "test-token",
        before_answer: Callable[[dict], None] | None = None,
    ):
        self.mode = mode
        self.failure_rate = failure_rate
        self.token = token
        self.requests: list[dict] = []  # every request body, in order
        self.sent: dict[str, dict] = {}  # reference -> body, each message once
        self.unauthorised = 0
        self.duplicates = 0  # requests for a reference already sent (answered, not re-sent)
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self.before_answer = before_answer
        self.url = ""

    def _answer(self, body: dict) -> tuple[int, dict]:
        reference = str(body.get("reference", ""))
        with self._lock:
            self.requests.append(body)
            tries = sum(1 for r in self.requests if r.get("reference") == reference)
            if not body.get("to") or not body.get("message") or not reference:
                return 400, {"error": "to, message and reference are required"}
            if self.mode == "reject":
                return 400, {"error": "invalid number"}
            if self.mode == "flaky" and tries <= 2:
                return 503, {"error": "try again"}
            if self.mode == "random" and self._random.random() < self.failure_rate:
                return 500, {"error": "random failure"}
            if reference in self.sent:
                self.duplicates += 1
                return 200, {"status": "duplicate", "reference": reference}
            self.sent[reference] = body
            return 200, {"status": "accepted", "reference": reference}

    def __enter__(self) -> FakeSmsGateway:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if self.headers.get("Authorization") != f"Bearer {gateway.token}":
                    gateway.unauthorised += 1
                    status, answer = 401, {"error": "unauthorised"}
                else:
                    try:
                        body = json.loads(raw)
                    except ValueError:
                        body = {}
                    status, answer = gateway._answer(body)
                    if gateway.before_answer:
                        gateway.before_answer(body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format, *args) -> None:  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/sms"
        return self

    def __exit__(self, *exc) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def requests_for(self, reference: str) -> list[dict]:
        return [r for r in self.requests if r.get("reference") == reference]
