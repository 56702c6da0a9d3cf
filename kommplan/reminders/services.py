"""What to remind whom of, and sending it once (the claim-a-row rule is in models.py).

A reminder goes to an action's responsible user `days_before` days before each occurrence: a
day of a date or recurring schedule (moved to the next working day when the action says so), or
the first day of a date range. Ongoing work ("Løpende") has no day to remind of. Every occurrence
from today to `days_before` days ahead is due, so a day the sender did not run is caught up the
next day; the claim record keeps each one to a single mail. Finished and cancelled actions, and
actions the user can no longer see (membership removed, user deactivated), are never mailed.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kommplan.actions.access import visible_actions
from kommplan.actions.models import Action, ActionStatus
from kommplan.lib.timing import Kind
from kommplan.organisations.access import Access, access_for
from kommplan.yearwheel.occurrences import expand
from kommplan.yearwheel.selectors import action_schedule, moves_to_working_day, strategy_period

from .models import (
    MAX_ATTEMPTS,
    STALE_AFTER,
    MailKind,
    ReminderSettings,
    SendStatus,
    SentReminder,
)

logger = logging.getLogger(__name__)

DONE = (ActionStatus.FULLFORT, ActionStatus.AVLYST)
DIGEST_DAYS = 7


@dataclass(frozen=True)
class DueReminder:
    user: User
    action: Action
    occurrence_date: date


@dataclass
class Digest:
    user: User
    week_start: date  # the Monday of the week: the idempotency key
    upcoming: list[tuple[date, Action]] = field(default_factory=list)
    overdue: list[Action] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.upcoming and not self.overdue


@dataclass(frozen=True)
class SendResult:
    sent: int
    skipped: int  # already sent, or being sent by another worker
    failed: int


def settings_for(user: User) -> ReminderSettings:
    """The user's settings; unsaved defaults when they have never changed them."""
    try:
        return user.reminder_settings
    except ReminderSettings.DoesNotExist:
        return ReminderSettings(user=user)


@transaction.atomic
def update_reminder_settings(
    *, user: User, days_before: int, weekly_digest: bool, digest_weekday: int
) -> ReminderSettings:
    """Store the user's own reminder choices (the view never lets anyone name another user)."""
    chosen, _created = ReminderSettings.objects.get_or_create(user=user)
    chosen.days_before = days_before
    chosen.weekly_digest = weekly_digest
    chosen.digest_weekday = digest_weekday
    chosen.full_clean()
    chosen.save()
    return chosen


# --- what is due ---------------------------------------------------------------------------


def _candidate_actions() -> Iterable[Action]:
    """Unfinished actions with an active responsible user who has an e-mail address."""
    return (
        Action.objects.filter(responsible_user__is_active=True)
        .exclude(responsible_user__email="")
        .exclude(status__in=DONE)
        .select_related(
            "strategy__organisation",
            "responsible_user__reminder_settings",
            "schedule_options",
            "goal",
        )
        .order_by("strategy", "position", "pk")
    )


class _Visibility:
    """Which actions each user may read now, asked through the access helpers once per
    (user, organisation)."""

    def __init__(self, actions: list[Action]):
        self._actions = actions
        self._users: dict[int, User] = {}
        self._visible: dict[tuple[int, int], set[int]] = {}

    def user(self, action: Action) -> User:
        # One object per user, so memberships_of caches their memberships once.
        return self._users.setdefault(action.responsible_user_id, action.responsible_user)

    def can_see(self, action: Action) -> bool:
        user = self.user(action)
        organisation = action.strategy.organisation
        key = (user.pk, organisation.pk)
        if key not in self._visible:
            access: Access = access_for(user, organisation)
            if access.level == 0:
                self._visible[key] = set()
            else:
                ids = [
                    a.pk
                    for a in self._actions
                    if a.responsible_user_id == user.pk
                    and a.strategy.organisation_id == organisation.pk
                ]
                self._visible[key] = set(
                    visible_actions(access, Action.objects.filter(pk__in=ids)).values_list(
                        "pk", flat=True
                    )
                )
        return action.pk in self._visible[key]


def _occurrence_days(action: Action, start: date, end: date, periods: dict) -> list[date]:
    """The days between `start` and `end` (inclusive) to remind of for `action`."""
    strategy = action.strategy
    if strategy.pk not in periods:
        periods[strategy.pk] = strategy_period(strategy)
    schedule, _source = action_schedule(action, periods[strategy.pk])
    if schedule.kind == Kind.RANGE:
        return [schedule.start] if schedule.start and start <= schedule.start <= end else []
    if schedule.kind not in (Kind.DATE, Kind.RRULE):
        return []
    occurrences = expand(schedule, start, end, move_to_working_day=moves_to_working_day(action))
    return sorted({occ.start for occ in occurrences if start <= occ.start <= end})


def due_reminders(today: date) -> list[DueReminder]:
    """Every (user, action, occurrence) a reminder is due for today, sent or not."""
    actions = list(_candidate_actions())
    visibility = _Visibility(actions)
    periods: dict = {}
    due = []
    for action in actions:
        user = visibility.user(action)
        days_before = settings_for(user).days_before
        if days_before <= 0:
            continue
        days = _occurrence_days(action, today, today + timedelta(days=days_before), periods)
        if days and visibility.can_see(action):
            due.extend(DueReminder(user, action, day) for day in days)
    return due


def weekly_digests(today: date) -> list[Digest]:
    """A digest for each user whose digest day is today: what occurs in the next seven days
    and what is overdue, across all their organisations; empty digests are left out."""
    actions = list(_candidate_actions())
    visibility = _Visibility(actions)
    periods: dict = {}
    digests: dict[int, Digest] = {}
    week_start = today - timedelta(days=today.weekday())
    for action in actions:
        user = visibility.user(action)
        chosen = settings_for(user)
        if not chosen.weekly_digest or chosen.digest_weekday != today.weekday():
            continue
        overdue = action.is_overdue(today)
        days = _occurrence_days(action, today, today + timedelta(days=DIGEST_DAYS - 1), periods)
        if not (overdue or days) or not visibility.can_see(action):
            continue
        digest = digests.setdefault(user.pk, Digest(user=user, week_start=week_start))
        digest.upcoming.extend((day, action) for day in days)
        if overdue:
            digest.overdue.append(action)
    for digest in digests.values():
        digest.upcoming.sort(key=lambda pair: (pair[0], pair[1].pk))
    return [digest for digest in digests.values() if not digest.is_empty]


# --- claiming and sending --------------------------------------------------------------------


def _claim(*, user: User, action: Action | None, day: date, kind: MailKind) -> SentReminder | None:
    """The claim row if this worker may send the mail now, else None.

    A new row is inserted in a transaction of its own, committed before anything is sent; a
    failed row, or a pending row nobody has finished within STALE_AFTER, is taken over once."""
    now = timezone.now()
    key = Q(user=user, occurrence_date=day, kind=kind)
    if action is not None:
        key &= Q(action=action)
    existing = SentReminder.objects.filter(key).first()
    if existing is None:
        try:
            with transaction.atomic():
                return SentReminder.objects.create(
                    user=user, action=action, occurrence_date=day, kind=kind, claimed_at=now
                )
        except IntegrityError:
            return None  # another worker claimed it a moment ago
    if existing.status == SendStatus.SENT or existing.attempts >= MAX_ATTEMPTS:
        return None
    retryable = Q(status=SendStatus.FAILED) | Q(
        status=SendStatus.PENDING, claimed_at__lt=now - STALE_AFTER
    )
    won = SentReminder.objects.filter(retryable, pk=existing.pk, attempts=existing.attempts).update(
        attempts=existing.attempts + 1, claimed_at=now, status=SendStatus.PENDING
    )
    if not won:
        return None
    existing.refresh_from_db()
    return existing


def _send(claim: SentReminder, message: EmailMultiAlternatives) -> bool:
    try:
        message.send()
    except (
        Exception
    ) as exc:  # SMTP refusals come in many types; each is recorded, none stops the run
        logger.warning("Could not send %s: %s", claim, exc)
        claim.status = SendStatus.FAILED
        claim.error = str(exc)[:2000]
        claim.save(update_fields=["status", "error"])
        return False
    claim.status = SendStatus.SENT
    claim.sent_at = timezone.now()
    claim.error = ""
    claim.save(update_fields=["status", "sent_at", "error"])
    return True


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def action_url(action: Action) -> str:
    return site_url(
        reverse(
            "actions:detail",
            kwargs={"org_slug": action.strategy.organisation.slug, "pk": action.pk},
        )
    )


def _message(name: str, context: dict, to: str, connection) -> EmailMultiAlternatives:
    context = {**context, "settings_url": site_url(reverse("reminders:settings"))}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def send_due_reminders(today: date) -> SendResult:
    """Send every reminder due today that nobody has sent yet."""
    sent = skipped = failed = 0
    connection = get_connection()
    with translation.override(settings.LANGUAGE_CODE):
        for item in due_reminders(today):
            claim = _claim(
                user=item.user, action=item.action, day=item.occurrence_date, kind=MailKind.REMINDER
            )
            if claim is None:
                skipped += 1
                continue
            context = {
                "user": item.user,
                "action": item.action,
                "organisation": item.action.strategy.organisation,
                "occurrence_date": item.occurrence_date,
                "days_left": (item.occurrence_date - today).days,
                "url": action_url(item.action),
            }
            if _send(claim, _message("reminder", context, item.user.email, connection)):
                sent += 1
            else:
                failed += 1
    return SendResult(sent=sent, skipped=skipped, failed=failed)


def send_weekly_digest(today: date) -> SendResult:
    """Send the weekly digest to every user whose digest day is today, once per week."""
    sent = skipped = failed = 0
    connection = get_connection()
    with translation.override(settings.LANGUAGE_CODE):
        for digest in weekly_digests(today):
            claim = _claim(
                user=digest.user, action=None, day=digest.week_start, kind=MailKind.DIGEST
            )
            if claim is None:
                skipped += 1
                continue
            by_org: dict[str, list] = defaultdict(list)
            for day, action in digest.upcoming:
                by_org[action.strategy.organisation.name].append(
                    {"date": day, "action": action, "url": action_url(action)}
                )
            overdue = [
                {
                    "action": action,
                    "url": action_url(action),
                    "deadline": action.due_date or action.end_date,
                }
                for action in digest.overdue
            ]
            context = {
                "user": digest.user,
                "today": today,
                "until": today + timedelta(days=DIGEST_DAYS - 1),
                "upcoming": sorted(by_org.items()),
                "overdue": overdue,
            }
            if _send(claim, _message("digest", context, digest.user.email, connection)):
                sent += 1
            else:
                failed += 1
    return SendResult(sent=sent, skipped=skipped, failed=failed)
