"""Alert N recipients by email and SMS through local servers that fail 20% of the time:

    uv run python -m kommplan.crisis.benchmark [N] [--workers W]

A throwaway SQLite database, an aiosmtpd server that answers 451 to 20% of the messages and an
SMS gateway stand-in that answers 500 to 20% of the requests (both seeded), and W worker threads
claiming and sending, as Huey's thread workers would. At the end the servers' own counts must
show every message exactly once; the run fails otherwise.
"""

from __future__ import annotations

import os
import queue
import sys
import tempfile
import threading
import time


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv and argv[0].isdigit() else 500
    workers = int(argv[argv.index("--workers") + 1]) if "--workers" in argv else 4
    folder = tempfile.mkdtemp(prefix="kommplan-crisis-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "kommplan.settings"
    os.environ["HUEY_IMMEDIATE"] = "true"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from kommplan.crisis import delivery as delivery_module
    from kommplan.crisis import services
    from kommplan.crisis.models import (
        Contact,
        Delivery,
        DeliveryAttempt,
        DeliveryState,
        NotificationRole,
    )
    from kommplan.crisis.testing import FakeSmsGateway, smtp_server
    from kommplan.organisations.models import Organisation

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Benchmark kommune", slug="benchmark")
    roles = NotificationRole.objects.bulk_create(
        NotificationRole(organisation=organisation, position=i, role=f"Rolle {i}")
        for i in range(count)
    )
    Contact.objects.bulk_create(
        Contact(
            role=role,
            rank=0,
            name=f"Person {i}",
            email=f"person{i}@varsling.example",
            phone=f"+4701{i:06d}",
        )
        for i, role in enumerate(roles)
    )
    # An in-memory queue stands in for Huey's: the start and the retries put ids on it, the
    # worker threads take them off.
    work: queue.Queue[int] = queue.Queue()

    def enqueue(ids: list[int], delay: int = 0) -> int:
        for pk in ids:
            work.put(pk)
        return len(ids)

    services.enqueue_deliveries = delivery_module.enqueue_deliveries = enqueue
    settings.CRISIS_RETRY_DELAYS = [0] * 12
    settings.CRISIS_RATE_LIMIT_COUNT = 1000
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SMS_BACKEND = "kommplan.crisis.sms.HttpJsonGateway"

    with (
        smtp_server(failure_rate=0.2, seed=11) as (inbox, port),
        FakeSmsGateway("random", failure_rate=0.2, seed=13) as gateway,
    ):
        settings.EMAIL_PORT = port
        settings.SMS_GATEWAY_URL = gateway.url
        settings.SMS_GATEWAY_TOKEN = gateway.token
        started = time.perf_counter()
        crisis = services.start_crisis(
            organisation=organisation,
            title="Benchmark",
            description="",
            severity="high",
            actor=None,
            is_drill=True,
        )
        stored = time.perf_counter() - started

        def worker() -> None:
            try:
                while True:
                    try:
                        pk = work.get(timeout=0.5)
                    except queue.Empty:
                        if not services._due_ids(timezone.now()):
                            return
                        continue
                    delivery_module.send_delivery(pk)
            finally:
                connection.close()

        if workers == 1:
            worker()
        else:
            threads = [threading.Thread(target=worker) for _ in range(workers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        elapsed = time.perf_counter() - started

        deliveries = Delivery.objects.filter(crisis=crisis)
        sent = deliveries.filter(state=DeliveryState.SENT).count()
        attempts = DeliveryAttempt.objects.filter(delivery__crisis=crisis).count()
        message_ids = [message["Message-ID"] for _rcpts, message in inbox.received]
        print(f"{count} recipients, email + SMS, 20% failures at both servers, {workers} workers")
        print(f"  crisis, recipients and {deliveries.count()} messages stored: {stored:.2f} s")
        print(f"  all delivered: {elapsed:.2f} s ({attempts} attempts)")
        print(
            f"  SMTP server: {len(inbox.received)} accepted, {inbox.refused} refused (451), "
            f"{len(set(message_ids))} distinct"
        )
        print(
            f"  SMS gateway: {len(gateway.requests)} requests, {len(gateway.sent)} messages, "
            f"{gateway.duplicates} repeated references"
        )
        ok = (
            sent == 2 * count
            and len(inbox.received) == count
            and len(set(message_ids)) == count
            and len(gateway.sent) == count
            and len({r["to"] for r in gateway.sent.values()}) == count
        )
        print("  exactly once: " + ("yes" if ok else "NO"))
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
