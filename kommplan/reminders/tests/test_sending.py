"""Reminders and digests delivered to a real SMTP server, once."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from kommplan.actions.models import ActionStatus
from kommplan.organisations.models import Membership
from kommplan.reminders.models import (
    STALE_AFTER,
    MailKind,
    ReminderSettings,
    SendStatus,
    SentReminder,
)
from kommplan.reminders.services import (
    due_reminders,
    send_due_reminders,
    send_weekly_digest,
)

TODAY = date(2025, 3, 10)  # a Monday
BERIT = "rana-bidragsyter@kommplan.example"


def test_a_reminder_arrives_n_days_before_an_occurrence_with_title_and_link(smtp, rana_action):
    rana_action.due_date = TODAY + timedelta(days=3)
    rana_action.save()

    result = send_due_reminders(TODAY)

    assert result.sent == 1
    [message] = smtp.to(BERIT)
    assert rana_action.title[:40] in message["Subject"]
    body = smtp.text(message)
    assert rana_action.title in body
    link = f"https://kommplan.example/org/rana-kommune/tiltak/{rana_action.pk}/"
    assert link in body
    assert f'href="{link}"' in smtp.html(message)
    claim = SentReminder.objects.get()
    assert (claim.status, claim.occurrence_date) == (SendStatus.SENT, rana_action.due_date)


def test_no_reminder_is_sent_earlier_than_n_days_before(smtp, rana_action):
    rana_action.due_date = TODAY + timedelta(days=4)
    rana_action.save()

    assert send_due_reminders(TODAY).sent == 0
    assert smtp.received == []


def test_the_users_own_number_of_days_is_used(smtp, rana_action, berit):
    ReminderSettings.objects.create(user=berit, days_before=7)
    rana_action.due_date = TODAY + timedelta(days=7)
    rana_action.save()

    send_due_reminders(TODAY)

    assert len(smtp.to(BERIT)) == 1


def test_a_recurring_action_is_reminded_of_each_occurrence_once(smtp, rana_action):
    # Every Thursday: 13 March is 3 days ahead of Monday 10 March.
    rana_action.rrule = "FREQ=WEEKLY;BYDAY=TH"
    rana_action.start_date = date(2025, 1, 1)
    rana_action.end_date = date(2025, 12, 31)
    rana_action.save()

    send_due_reminders(TODAY)
    send_due_reminders(TODAY + timedelta(days=1))
    send_due_reminders(TODAY + timedelta(days=7))

    dates = sorted(SentReminder.objects.values_list("occurrence_date", flat=True))
    assert dates == [date(2025, 3, 13), date(2025, 3, 20)]
    assert len(smtp.to(BERIT)) == 2


def test_running_the_sender_twice_sends_exactly_one(smtp, rana_action):
    rana_action.due_date = TODAY + timedelta(days=2)
    rana_action.save()

    first = send_due_reminders(TODAY)
    second = send_due_reminders(TODAY)
    call_command("send_reminders", "--date", TODAY.isoformat())

    assert (first.sent, second.sent, second.skipped) == (1, 0, 1)
    reminders = [m for m in smtp.to(BERIT) if m["Subject"].startswith("Påminnelse")]
    assert len(reminders) == 1
    assert SentReminder.objects.filter(kind=MailKind.REMINDER).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_exactly_one(smtp, rana_action):
    rana_action.due_date = TODAY + timedelta(days=1)
    rana_action.save()
    start = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            start.wait()
            results.append(send_due_reminders(TODAY))
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(result.sent for result in results) == [0, 1]
    assert len(smtp.received) == 1
    assert SentReminder.objects.filter(status=SendStatus.SENT).count() == 1


def test_a_user_with_zero_days_gets_no_reminders(smtp, rana_action, berit):
    ReminderSettings.objects.create(user=berit, days_before=0)
    rana_action.due_date = TODAY
    rana_action.save()

    assert due_reminders(TODAY) == []
    assert send_due_reminders(TODAY).sent == 0
    assert smtp.received == []


def test_finished_actions_are_not_reminded_of(smtp, rana_action):
    rana_action.due_date = TODAY + timedelta(days=1)
    rana_action.status = ActionStatus.FULLFORT
    rana_action.save()

    send_due_reminders(TODAY)

    assert smtp.received == []


def test_an_action_the_user_can_no_longer_see_is_not_mailed(smtp, rana_action, berit):
    rana_action.due_date = TODAY - timedelta(days=5)  # overdue too: the digest must not list it
    rana_action.save()
    second = rana_action.strategy.actions.filter(responsible_user=berit).exclude(pk=rana_action.pk)
    second.update(due_date=TODAY + timedelta(days=1))
    Membership.objects.filter(user=berit).delete()

    assert send_due_reminders(TODAY).sent == 0
    assert send_weekly_digest(TODAY).sent == 0
    assert smtp.received == []


def test_a_crashed_send_is_retried_once_after_the_stale_time(smtp, rana_action, berit):
    rana_action.due_date = TODAY + timedelta(days=1)
    rana_action.save()
    # A worker claimed it and died before sending.
    claim = SentReminder.objects.create(
        user=berit,
        action=rana_action,
        occurrence_date=rana_action.due_date,
        kind=MailKind.REMINDER,
        claimed_at=timezone.now(),
    )

    assert send_due_reminders(TODAY).sent == 0  # perhaps still sending: left alone

    SentReminder.objects.filter(pk=claim.pk).update(
        claimed_at=timezone.now() - STALE_AFTER - timedelta(minutes=1)
    )
    assert send_due_reminders(TODAY).sent == 1
    claim.refresh_from_db()
    assert (claim.status, claim.attempts) == (SendStatus.SENT, 2)
    assert send_due_reminders(TODAY).sent == 0
    assert len(smtp.received) == 1


def test_a_refused_send_is_recorded_and_retried_only_once(smtp, rana_action):
    rana_action.due_date = TODAY + timedelta(days=1)
    rana_action.save()
    smtp.refuse = True

    assert send_due_reminders(TODAY).failed == 1
    assert SentReminder.objects.get().status == SendStatus.FAILED
    assert send_due_reminders(TODAY).failed == 1  # the one retry
    smtp.refuse = False
    assert send_due_reminders(TODAY).sent == 0  # no third attempt
    claim = SentReminder.objects.get()
    assert (claim.status, claim.attempts) == (SendStatus.FAILED, 2)
    assert smtp.received == []


def test_the_digest_lists_due_and_overdue_actions(smtp, rana_action, berit):
    second = (
        rana_action.strategy.actions.filter(responsible_user=berit).exclude(pk=rana_action.pk).get()
    )
    rana_action.due_date = TODAY + timedelta(days=5)
    rana_action.save()
    second.due_date = TODAY - timedelta(days=10)
    second.status = ActionStatus.PAGAR
    second.save()

    assert send_weekly_digest(TODAY).sent == 1

    [message] = smtp.to(BERIT)
    body = smtp.text(message)
    upcoming, overdue = body.split("Forsinket:")
    assert rana_action.title in upcoming
    assert "Rana kommune" in upcoming
    assert second.title in overdue
    assert f"/org/rana-kommune/tiltak/{second.pk}/" in overdue
    assert second.title in smtp.html(message)


def test_the_digest_is_sent_once_a_week_on_the_chosen_day(smtp, rana_action, berit):
    ReminderSettings.objects.create(user=berit, digest_weekday=2)  # Wednesday
    rana_action.due_date = TODAY + timedelta(days=3)
    rana_action.save()

    assert send_weekly_digest(TODAY).sent == 0  # Monday
    assert send_weekly_digest(TODAY + timedelta(days=2)).sent == 1
    assert send_weekly_digest(TODAY + timedelta(days=2)).sent == 0
    assert len(smtp.received) == 1
    assert SentReminder.objects.get(kind=MailKind.DIGEST).occurrence_date == TODAY


def test_a_user_who_turned_the_digest_off_gets_none(smtp, rana_action, berit):
    ReminderSettings.objects.create(user=berit, weekly_digest=False)
    rana_action.due_date = TODAY + timedelta(days=3)
    rana_action.save()

    assert send_weekly_digest(TODAY).sent == 0
    assert smtp.received == []


def test_the_command_sends_for_the_given_date(smtp, rana_action, capsys):
    rana_action.due_date = date(2025, 6, 4)
    rana_action.save()

    call_command("send_reminders", "--date", "2025-06-01")

    assert "1 påminnelser" in capsys.readouterr().out
    assert len(smtp.to(BERIT)) == 1


def test_the_periodic_tasks_run_at_seven_in_oslo_summer_and_winter():
    from datetime import datetime

    from kommplan.reminders.tasks import at_seven_in_oslo

    # Huey passes naive UTC: 05:00 UTC in summer and 06:00 UTC in winter are 07:00 in Oslo.
    assert at_seven_in_oslo(datetime(2025, 6, 2, 5, 0))
    assert not at_seven_in_oslo(datetime(2025, 6, 2, 6, 0))
    assert at_seven_in_oslo(datetime(2025, 1, 6, 6, 0))
    assert not at_seven_in_oslo(datetime(2025, 1, 6, 6, 1))
