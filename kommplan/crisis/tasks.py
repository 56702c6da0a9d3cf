"""Huey tasks: thin, they call the services. The sweeper and the escalation run every minute."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services
from .delivery import send_delivery


@db_task()
def send_delivery_task(delivery_id: int) -> str | None:
    return send_delivery(delivery_id)


@db_periodic_task(crontab(minute="*"))
def dispatch_due_task() -> int:
    return services.dispatch_due()


@db_periodic_task(crontab(minute="*"))
def escalate_due_task() -> int:
    return len(services.escalate_due())
