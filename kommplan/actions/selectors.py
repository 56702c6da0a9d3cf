"""Reads of the action plan, with what their pages show fetched up front."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Lower, NullIf

from kommplan.organisations.access import memberships_of
from kommplan.strategies.models import Goal, Strategy

from .models import Action, ActionStatus

# Finished and cancelled actions are never late.
CLOSED = [ActionStatus.FULLFORT, ActionStatus.AVLYST]

# The order a reader expects in the status column, not the alphabetical one.
_STATUS_ORDER = [
    ActionStatus.IKKE_STARTET,
    ActionStatus.PAGAR,
    ActionStatus.FORSINKET,
    ActionStatus.FULLFORT,
    ActionStatus.AVLYST,
]


def with_deadline(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Annotate `deadline`: the due date, or the end of the action's period (as is_overdue)."""
    return actions.annotate(deadline=Coalesce("due_date", "end_date"))


def actions_for_plan(strategy: Strategy) -> QuerySet[Action]:
    """The action plan in document order, with what its table shows fetched up front."""
    return with_deadline(
        strategy.actions.select_related(
            "goal", "approach", "responsible_user", "assigned_organisation"
        )
        .prefetch_related("target_groups", "channels")
        .order_by("position", "pk")
    )


def goal_subtree_ids(goals: Collection[Goal], root_id: int) -> set[int]:
    """`root_id` and every goal below it, from an already fetched list of a strategy's goals."""
    children: dict[int | None, list[int]] = {}
    for goal in goals:
        children.setdefault(goal.parent_id, []).append(goal.pk)
    found, todo = set(), [root_id]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


@dataclass(frozen=True)
class ActionFilter:
    goal_ids: Collection[int] = ()
    target_group_id: int | None = None
    channel_id: int | None = None
    responsible: str = ""
    responsible_user_id: int | None = None
    status: str = ""
    due_from: date | None = None
    due_to: date | None = None
    overdue: bool = False


def filter_actions(
    actions: QuerySet[Action], *, filters: ActionFilter, today: date
) -> QuerySet[Action]:
    """Narrow a `with_deadline` queryset; an action under a sub-goal counts for its parents."""
    if filters.goal_ids:
        actions = actions.filter(
            Q(goal__in=filters.goal_ids) | Q(approach__goal__in=filters.goal_ids)
        )
    if filters.target_group_id:
        actions = actions.filter(target_groups=filters.target_group_id)
    if filters.channel_id:
        actions = actions.filter(channels=filters.channel_id)
    if filters.responsible:
        text = filters.responsible
        actions = actions.filter(
            Q(responsible__icontains=text)
            | Q(responsible_user__first_name__icontains=text)
            | Q(responsible_user__last_name__icontains=text)
            | Q(responsible_user__username__icontains=text)
        )
    if filters.responsible_user_id:
        actions = actions.filter(responsible_user=filters.responsible_user_id)
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.due_from:
        actions = actions.filter(deadline__gte=filters.due_from)
    if filters.due_to:
        actions = actions.filter(deadline__lte=filters.due_to)
    if filters.overdue:
        actions = actions.filter(deadline__lt=today).exclude(status__in=CLOSED)
    # Joins through target groups or channels can repeat a row.
    if filters.target_group_id or filters.channel_id:
        actions = actions.distinct()
    return actions


SORT_COLUMNS = ("title", "responsible", "due", "status")


def sort_actions(actions: QuerySet[Action], sort: str) -> QuerySet[Action]:
    """Order by one column ("title", "-title", ...); anything else keeps document order."""
    column = sort.removeprefix("-")
    descending = sort.startswith("-")
    if column not in SORT_COLUMNS:
        return actions.order_by("position", "pk")
    if column == "title":
        keys = [Lower("title")]
    elif column == "responsible":
        # The text as written, else the responsible user's name.
        keys = [
            Coalesce(
                NullIf(Lower("responsible"), Value("")),
                NullIf(Lower("responsible_user__first_name"), Value("")),
                NullIf(Lower("responsible_user__username"), Value("")),
            )
        ]
    elif column == "status":
        actions = actions.annotate(
            status_rank=Case(
                *[When(status=s, then=Value(i)) for i, s in enumerate(_STATUS_ORDER)],
                output_field=IntegerField(),
            )
        )
        keys = [F("status_rank")]
    else:
        keys = [F("deadline")]
    # Actions without a deadline (or responsible) go last either way.
    ordering = [
        key.desc(nulls_last=True) if descending else key.asc(nulls_last=True) for key in keys
    ]
    return actions.order_by(*ordering, "position", "pk")


def members_of_organisation(organisation_id: int) -> QuerySet[User]:
    """Users who may be made responsible for an organisation's actions."""
    return User.objects.filter(memberships__organisation_id=organisation_id).order_by(
        "first_name", "last_name", "username"
    )


def my_actions(user: User, today: date) -> QuerySet[Action]:
    """The actions `user` is responsible for in every organisation they can still read,
    overdue first, then by deadline (none last), then by plan order."""
    organisation_ids = list(memberships_of(user))
    actions = with_deadline(
        Action.objects.filter(responsible_user=user).filter(
            Q(strategy__organisation__in=organisation_ids)
            | Q(assigned_organisation__in=organisation_ids)
        )
    )
    late = Q(deadline__lt=today) & ~Q(status__in=CLOSED)
    return (
        actions.select_related("strategy__organisation", "goal")
        .annotate(
            late_rank=Case(When(late, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("late_rank", F("deadline").asc(nulls_last=True), "strategy", "position", "pk")
    )
