"""Periodic Huey tasks: thin, they call the services.

Huey evaluates crontab in UTC (settings.HUEY does not set utc=False), and Norway moves its
clocks, so the tasks are checked every hour and run when it is 07:00 in Europe/Oslo. The digest
task runs every day at 07:00 and mails only the users whose chosen weekday it is (Monday unless
they chose another); the week's claim row keeps it to one digest per user and week.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from huey.contrib.djhuey import HUEY, db_periodic_task

from . import services

OSLO = ZoneInfo("Europe/Oslo")
SEND_HOUR = 7


def _oslo(moment: datetime) -> datetime:
    # Huey hands over a naive datetime: UTC when it runs in UTC, else the process's local time.
    if HUEY.utc:
        moment = moment.replace(tzinfo=UTC)
    elif moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(OSLO)


def at_seven_in_oslo(moment: datetime) -> bool:
    local = _oslo(moment)
    return local.hour == SEND_HOUR and local.minute == 0


@db_periodic_task(at_seven_in_oslo)
def send_reminders_task() -> services.SendResult:
    return services.send_due_reminders(datetime.now(OSLO).date())


@db_periodic_task(at_seven_in_oslo)
def send_weekly_digest_task() -> services.SendResult:
    return services.send_weekly_digest(datetime.now(OSLO).date())
