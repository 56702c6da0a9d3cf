"""Every write to actions and their status history goes through here (views, API and CLI alike).

Each function runs in one transaction and records its change in the audit log in that same
transaction, so a change and its log entry are stored together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kommplan.audit.models import AuditEvent
from kommplan.audit.services import diff, record, snapshot
from kommplan.organisations.models import Membership, Organisation
from kommplan.strategies.models import Channel, Goal, GoalStrategy, Strategy, TargetGroup

from .models import Action, ActionStatus, StatusUpdate

# The fields an editor sets; the audit log compares exactly these before and after a change.
EDITABLE_FIELDS = [
    "title",
    "description",
    "goal",
    "approach",
    "target_groups",
    "channels",
    "responsible",
    "responsible_user",
    "assigned_organisation",
    "financing",
    "purpose",
    "desired_result",
    "timing",
    "due_date",
    "start_date",
    "end_date",
    "rrule",
    "status",
    "public",
]


@dataclass(frozen=True)
class ActionData:
    """Everything an editor can set on an action (what the edit form, API or CLI submit)."""

    title: str
    description: str = ""
    goal: Goal | None = None
    approach: GoalStrategy | None = None
    target_groups: Sequence[TargetGroup] = field(default_factory=tuple)
    channels: Sequence[Channel] = field(default_factory=tuple)
    responsible: str = ""
    responsible_user: User | None = None
    assigned_organisation: Organisation | None = None
    financing: str = ""
    purpose: str = ""
    desired_result: str = ""
    timing: str = ""
    due_date: date | None = None
    start_date: date | None = None
    end_date: date | None = None
    rrule: str = ""
    status: str = ActionStatus.IKKE_STARTET
    public: bool = False


class StaleEditError(Exception):
    """Someone saved the action after the user opened it; their edit would overwrite that."""

    def __init__(self, *, action: Action, edited_version: int) -> None:
        self.action = action  # as stored now
        self.edited_version = edited_version
        self.stored_version = action.version
        super().__init__(
            f"Tiltak {action.pk}: redigert versjon {edited_version}, "
            f"lagret versjon {action.version}"
        )


def _author_name(user: User | None) -> str:
    if user is None or not user.pk:
        return ""
    return user.get_full_name() or user.get_username()


def _check_belongs(strategy: Strategy, data: ActionData) -> None:
    """The parts an action links to must come from its own strategy and organisation."""
    errors: dict[str, str] = {}
    if data.goal is not None and data.goal.strategy_id != strategy.pk:
        errors["goal"] = _("Målet hører til en annen strategi.")
    if data.approach is not None and data.approach.strategy_id != strategy.pk:
        errors["approach"] = _("Strategien hører til en annen strategi.")
    if any(group.strategy_id != strategy.pk for group in data.target_groups):
        errors["target_groups"] = _("En målgruppe hører til en annen strategi.")
    if any(channel.strategy_id != strategy.pk for channel in data.channels):
        errors["channels"] = _("En kanal hører til en annen strategi.")
    if data.responsible_user is not None and not _is_member(
        data.responsible_user, strategy.organisation_id
    ):
        errors["responsible_user"] = _("Ansvarlig bruker må være medlem av organisasjonen.")
    if (
        data.assigned_organisation is not None
        and not strategy.organisation.members.filter(pk=data.assigned_organisation.pk).exists()
    ):
        errors["assigned_organisation"] = _(
            "Tiltaket kan bare tildeles en av organisasjonens medlemsorganisasjoner."
        )
    if errors:
        raise ValidationError(errors)


def _is_member(user: User, organisation_id: int) -> bool:
    return Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


def _apply(action: Action, data: ActionData) -> None:
    action.title = data.title
    action.description = data.description
    action.goal = data.goal
    action.approach = data.approach
    action.responsible = data.responsible
    action.responsible_user = data.responsible_user
    action.assigned_organisation = data.assigned_organisation
    action.financing = data.financing
    action.purpose = data.purpose
    action.desired_result = data.desired_result
    action.timing = data.timing
    action.due_date = data.due_date
    action.start_date = data.start_date
    action.end_date = data.end_date
    action.rrule = data.rrule
    action.status = data.status
    action.public = data.public


def _add_status_line(
    action: Action, *, author: User | None, status: str, comment: str = "", on: date | None = None
) -> StatusUpdate:
    """Status changes always leave a line in the action's history, whichever way they came."""
    last = action.updates.aggregate(last=Max("position"))["last"]
    return StatusUpdate.objects.create(
        action=action,
        position=0 if last is None else last + 1,
        date=on or timezone.localdate(),
        status=status,
        comment=comment,
        author=author if author is not None and author.pk else None,
        author_name=_author_name(author),
    )


def _filled(values: dict) -> dict:
    """A snapshot without its empty fields, for logging what a new or deleted action held."""
    return {key: value for key, value in values.items() if value not in ("", [], None)}


def _next_ref(strategy: Strategy) -> str:
    taken = set(strategy.actions.values_list("ref", flat=True))
    number = len(taken) + 1
    while f"a{number}" in taken:
        number += 1
    return f"a{number}"


def _locked(pk: int) -> Action:
    return (
        Action.objects.select_for_update(of=("self",))
        .select_related("strategy__organisation")
        .get(pk=pk)
    )


@transaction.atomic
def create_action(*, strategy: Strategy, actor: User, data: ActionData) -> Action:
    """Add an action at the end of the strategy's action plan."""
    _check_belongs(strategy, data)
    # The next ref and position are read, then written: lock the plan so that concurrent
    # creates (PostgreSQL runs them in parallel) take turns instead of colliding on a ref.
    Strategy.objects.select_for_update().only("pk").get(pk=strategy.pk)
    last = strategy.actions.aggregate(last=Max("position"))["last"]
    action = Action(
        strategy=strategy, ref=_next_ref(strategy), position=0 if last is None else last + 1
    )
    _apply(action, data)
    action.full_clean()
    action.save()
    action.target_groups.set(data.target_groups)
    action.channels.set(data.channels)
    if action.status != ActionStatus.IKKE_STARTET:
        _add_status_line(action, author=actor, status=action.status)
    record(
        actor=actor,
        event=AuditEvent.CREATE,
        obj=action,
        organisation=strategy.organisation,
        strategy=strategy,
        changes=diff({}, _filled(snapshot(action, EDITABLE_FIELDS))),
    )
    return action


@transaction.atomic
def update_action(*, action: Action, actor: User, version: int, data: ActionData) -> Action:
    """Save an editor's changes, unless the action changed since they opened it.

    `version` is the version the editor started from; when the stored one differs, nothing is
    written and StaleEditError carries the stored action, so the editor can compare.
    Returns the stored action (its version incremented when anything changed).
    """
    current = _locked(action.pk)
    if current.version != version:
        raise StaleEditError(action=current, edited_version=version)
    strategy = current.strategy
    _check_belongs(strategy, data)
    before = snapshot(current, EDITABLE_FIELDS)
    _apply(current, data)
    current.full_clean()
    current.target_groups.set(data.target_groups)
    current.channels.set(data.channels)
    changes = diff(before, snapshot(current, EDITABLE_FIELDS))
    if not changes:
        return current
    current.version += 1
    current.save()
    if "status" in changes:
        _add_status_line(current, author=actor, status=current.status)
    record(
        actor=actor,
        event=AuditEvent.UPDATE,
        obj=current,
        organisation=strategy.organisation,
        strategy=strategy,
        changes=changes,
    )
    return current


@transaction.atomic
def delete_action(*, action: Action, actor: User) -> None:
    """Delete an action with its status history; the audit log keeps what it held."""
    current = _locked(action.pk)
    strategy = current.strategy
    record(
        actor=actor,
        event=AuditEvent.DELETE,
        obj=current,
        organisation=strategy.organisation,
        strategy=strategy,
        changes=diff(_filled(snapshot(current, EDITABLE_FIELDS)), {}),
    )
    current.delete()


@transaction.atomic
def record_status_update(
    *,
    action: Action,
    author: User,
    status: str,
    comment: str = "",
    reported_on: date | None = None,
) -> StatusUpdate:
    """Store a report on an action and keep the action's current status in step.

    The action's version goes up too, so an editor who opened the action before the report
    cannot overwrite the reported status without seeing it.
    """
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Ukjent status.")})
    current = _locked(action.pk)
    before = current.status
    update = _add_status_line(
        current, author=author, status=status, comment=comment, on=reported_on
    )
    current.status = status
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    changes: dict[str, list] = {"status": [before, status]}
    if comment:
        changes["comment"] = ["", comment]
    record(
        actor=author,
        event=AuditEvent.STATUS,
        obj=current,
        organisation=current.strategy.organisation,
        strategy=current.strategy,
        changes=changes,
    )
    # The caller's object reflects the stored state, e.g. for re-rendering a table row.
    action.status = current.status
    action.version = current.version
    return update


@transaction.atomic
def bulk_update_actions(
    *,
    actions: Iterable[Action],
    actor: User,
    status: str | None = None,
    responsible: str | None = None,
    responsible_user: User | None = None,
    due_date: date | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> list[Action]:
    """Change status, responsible or due period on several actions at once.

    A value of None leaves that field as it is. Writes one audit entry per action that actually
    changed and returns those actions. All or nothing: one invalid action refuses the lot.
    """
    if status is not None and status not in ActionStatus.values:
        raise ValidationError({"status": _("Ukjent status.")})
    pks = [action.pk for action in actions]
    current = list(
        Action.objects.select_for_update(of=("self",))
        .select_related("strategy__organisation")
        .filter(pk__in=pks)
        .order_by("position", "pk")
    )
    if responsible_user is not None:
        organisation_ids = {action.strategy.organisation_id for action in current}
        member_of = set(
            Membership.objects.filter(
                user=responsible_user, organisation_id__in=organisation_ids
            ).values_list("organisation_id", flat=True)
        )
        if organisation_ids - member_of:
            raise ValidationError(
                {"responsible_user": _("Ansvarlig bruker må være medlem av organisasjonen.")}
            )
    fields = ["status", "responsible", "responsible_user", "due_date", "start_date", "end_date"]
    changed = []
    for action in current:
        before = snapshot(action, fields)
        if status is not None:
            action.status = status
        if responsible is not None:
            action.responsible = responsible
        if responsible_user is not None:
            action.responsible_user = responsible_user
        if due_date is not None:
            action.due_date = due_date
        if start_date is not None:
            action.start_date = start_date
        if end_date is not None:
            action.end_date = end_date
        if action.start_date and action.end_date and action.start_date > action.end_date:
            raise ValidationError(
                _("«%(title)s» ville fått en periode som slutter før den begynner.")
                % {"title": action}
            )
        changes = diff(before, snapshot(action, fields))
        if not changes:
            continue
        action.version += 1
        action.save(update_fields=[*fields, "version", "updated_at"])
        if "status" in changes:
            _add_status_line(action, author=actor, status=action.status)
        record(
            actor=actor,
            event=AuditEvent.UPDATE,
            obj=action,
            organisation=action.strategy.organisation,
            strategy=action.strategy,
            changes=changes,
        )
        changed.append(action)
    return changed
