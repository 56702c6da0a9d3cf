"""Writes: an action's structured schedule, and calendar feed tokens. Each is audited."""

from __future__ import annotations

import secrets
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kommplan.actions.models import Action
from kommplan.audit.models import AuditEvent
from kommplan.audit.services import diff, record, snapshot
from kommplan.lib.schedules import rrule_problem
from kommplan.organisations.models import Organisation
from kommplan.strategies.models import Strategy

from .models import FeedScope, FeedToken, ScheduleOptions, hash_token

SCHEDULE_FIELDS = ["due_date", "start_date", "end_date", "rrule"]


class StaleEdit(ValidationError):
    """The action changed since the form was opened."""


@transaction.atomic
def set_action_schedule(
    *,
    action: Action,
    actor: User,
    due_date: date | None,
    start_date: date | None,
    end_date: date | None,
    rrule: str,
    move_to_working_day: bool = False,
    expected_version: int | None = None,
) -> Action:
    """Store an action's structured schedule (its timing text stays as the plan wrote it)."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(
            _("Tiltaket er endret av noen andre siden du åpnet det. Last siden på nytt."),
            code="stale",
        )
    rrule = (rrule or "").strip()
    if due_date and (start_date or end_date or rrule):
        raise ValidationError(_("Bruk enten en dato, eller fra/til (eventuelt med gjentakelse)."))
    if start_date and end_date and start_date > end_date:
        raise ValidationError(_("Til-datoen kan ikke være før fra-datoen."))
    if rrule and (problem := rrule_problem(rrule)):
        raise ValidationError(_("Ugyldig RRULE: %(problem)s") % {"problem": problem})
    options, _created = ScheduleOptions.objects.get_or_create(action=locked)
    before = snapshot(locked, SCHEDULE_FIELDS) | {
        "move_to_working_day": options.move_to_working_day
    }
    locked.due_date, locked.start_date, locked.end_date = due_date, start_date, end_date
    locked.rrule = rrule
    after = snapshot(locked, SCHEDULE_FIELDS) | {"move_to_working_day": move_to_working_day}
    changes = diff(before, after)
    if not changes:
        return locked
    locked.version += 1
    locked.save(update_fields=[*SCHEDULE_FIELDS, "version", "updated_at"])
    if options.move_to_working_day != move_to_working_day:
        options.move_to_working_day = move_to_working_day
        options.save(update_fields=["move_to_working_day"])
    record(
        actor=actor,
        event=AuditEvent.UPDATE,
        obj=locked,
        organisation=locked.strategy.organisation,
        strategy=locked.strategy,
        changes=changes,
    )
    return locked


@transaction.atomic
def create_feed_token(
    *,
    owner: User,
    organisation: Organisation,
    scope: FeedScope | str,
    strategy: Strategy | None = None,
) -> tuple[FeedToken, str]:
    """A new secret calendar address; returns the token and its secret (shown to the owner once)."""
    if scope == FeedScope.STRATEGY:
        if strategy is None or strategy.organisation_id != organisation.pk:
            raise ValidationError(_("Velg en strategi i denne organisasjonen."))
    else:
        strategy = None
    secret = secrets.token_urlsafe(32)
    token = FeedToken.objects.create(
        owner=owner,
        organisation=organisation,
        strategy=strategy,
        scope=scope,
        token_hash=hash_token(secret),
    )
    record(
        actor=owner,
        event=AuditEvent.CREATE,
        obj=token,
        organisation=organisation,
        strategy=strategy,
        changes={"scope": [None, str(scope)]},
    )
    return token, secret


@transaction.atomic
def revoke_feed_token(*, token: FeedToken, actor: User) -> FeedToken:
    """Stop a calendar address from working; revoking twice changes nothing."""
    locked = FeedToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        event=AuditEvent.UPDATE,
        obj=locked,
        organisation=locked.organisation,
        strategy=locked.strategy,
        changes={"revoked_at": [None, locked.revoked_at.isoformat()]},
    )
    return locked


def save_schedule_form(form, *, action: Action, actor: User) -> Action:
    """Store a valid ScheduleForm (see forms.schedule_form_for) on `action`.

    For a form embedded in another one that checks the version itself, so no version check."""
    from .forms import period_dates

    start, end = period_dates(action.strategy)
    fields = form.to_fields(period_start=start, period_end=end)
    return set_action_schedule(
        action=action,
        actor=actor,
        due_date=fields.due_date,
        start_date=fields.start_date,
        end_date=fields.end_date,
        rrule=fields.rrule,
        move_to_working_day=form.cleaned_data.get("move_to_working_day", False),
    )
