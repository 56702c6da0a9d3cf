"""Reads for the årshjul, the calendar list and the feeds: actions with their occurrences.

An action's schedule is what is stored on it (due_date, start_date, end_date, rrule); when
nothing is stored, its timing text is parsed with the strategy's period as bounds, and the
result is marked as read from the text, so the pages can ask a person to confirm it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db.models import Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from kommplan.actions.access import visible_actions
from kommplan.actions.models import Action, ActionStatus
from kommplan.lib.timing import Kind, Schedule, parse_timing, schedule_from_fields
from kommplan.organisations.access import Access
from kommplan.strategies.models import Channel, Goal, Strategy, TargetGroup

from .occurrences import Occurrence, expand


class Source(StrEnum):
    PLAN = "plan"  # stored on the action
    TEXT = "tekst"  # read from the timing text, not yet confirmed
    NONE = ""


class RingBy(StrEnum):
    GOAL = "mal"
    CHANNEL = "kanal"
    TARGET_GROUP = "malgruppe"


@dataclass(frozen=True)
class Period:
    """Default bounds for an action's schedule, from its strategy."""

    start: int | None
    end: int | None
    reference_year: int | None


def strategy_period(strategy: Strategy) -> Period:
    """The strategy's period; without one, the year it was adopted or revised, if written."""
    reference = strategy.period_start
    if reference is None:
        for text in (strategy.adopted_date, strategy.revision):
            found = re.search(r"\b(19\d\d|20\d\d)\b", text or "")
            if found:
                reference = int(found.group(1))
                break
    return Period(strategy.period_start, strategy.period_end, reference)


def action_schedule(action: Action, period: Period) -> tuple[Schedule, Source]:
    if action.due_date or action.start_date or action.end_date or action.rrule:
        schedule = schedule_from_fields(
            due_date=action.due_date,
            start_date=action.start_date,
            end_date=action.end_date,
            rrule=action.rrule,
            text=action.timing,
        )
        return schedule, Source.PLAN
    schedule = parse_timing(
        action.timing,
        period_start=period.start,
        period_end=period.end,
        reference_year=period.reference_year,
    )
    return schedule, Source.TEXT if schedule.is_structured else Source.NONE


def moves_to_working_day(action: Action) -> bool:
    try:
        return action.schedule_options.move_to_working_day
    except Action.schedule_options.RelatedObjectDoesNotExist:
        return False


def action_url_maker(strategy: Strategy) -> Callable[[Action], str]:
    """action -> the address of its page; the action plan row while no action page exists."""
    slug = strategy.organisation.slug
    try:
        pattern = reverse("actions:detail", kwargs={"org_slug": slug, "pk": 999999999})
    except NoReverseMatch:
        plan = reverse("actions:plan", kwargs={"org_slug": slug, "pk": strategy.pk})
        return lambda action: f"{plan}#tiltak-{action.ref}"
    return lambda action: pattern.replace("999999999", str(action.pk))


@dataclass(frozen=True)
class Filters:
    goal: Goal | None = None
    target_group: TargetGroup | None = None
    channel: Channel | None = None
    status: str = ""

    def apply(self, actions: QuerySet[Action]) -> QuerySet[Action]:
        if self.goal is not None:
            actions = actions.filter(Q(goal=self.goal) | Q(approach__goal=self.goal))
        if self.target_group is not None:
            actions = actions.filter(target_groups=self.target_group)
        if self.channel is not None:
            actions = actions.filter(channels=self.channel)
        if self.status:
            actions = actions.filter(status=self.status)
        return actions


@dataclass
class ScheduledAction:
    action: Action
    schedule: Schedule
    source: Source
    url: str
    move_to_working_day: bool
    status_label: str = ""
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def goal(self) -> Goal | None:
        action = self.action
        return action.goal or (action.approach.goal if action.approach else None)


@dataclass
class YearPlan:
    """A strategy's actions in a window: those that occur in it, and those that cannot be placed."""

    window_start: date
    window_end: date
    scheduled: list[ScheduledAction]  # at least one occurrence in the window
    elsewhere: list[ScheduledAction]  # a schedule, but nothing in the window
    unscheduled: list[ScheduledAction]  # no schedule: no timing, or timing that cannot be read

    def rows(self) -> list[tuple[Occurrence, ScheduledAction]]:
        """Every occurrence with its action, by date, then by the action's place in the plan."""
        pairs = [(occ, item) for item in self.scheduled for occ in item.occurrences]
        pairs.sort(key=lambda pair: (pair[0].start, pair[1].action.position, pair[1].action.pk))
        return pairs

    @property
    def review_count(self) -> int:
        return sum(1 for item in self.scheduled + self.elsewhere if item.source == Source.TEXT)


def plan_actions(
    strategy: Strategy,
    access: Access | None,
    filters: Filters | None = None,
    *,
    ring_by: RingBy = RingBy.GOAL,
) -> QuerySet[Action]:
    """The strategy's actions the reader may see (all of them for access None: the command line).

    Only the rings' own many-to-many (channels or target groups) is fetched along."""
    actions = (
        Action.objects.filter(strategy=strategy)
        .select_related("goal", "approach__goal", "schedule_options")
        .order_by("position", "pk")
    )
    if ring_by == RingBy.CHANNEL:
        actions = actions.prefetch_related(
            Prefetch("channels", queryset=Channel.objects.order_by("position", "pk"))
        )
    elif ring_by == RingBy.TARGET_GROUP:
        actions = actions.prefetch_related(
            Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position", "pk"))
        )
    if access is not None:
        actions = visible_actions(access, actions)
    if filters:
        actions = filters.apply(actions)
    return actions


def year_plan(
    *,
    strategy: Strategy,
    actions: Iterable[Action],
    window_start: date,
    window_end: date,
    url_for: Callable[[Action], str] | None = None,
) -> YearPlan:
    period = strategy_period(strategy)
    url_for = url_for or action_url_maker(strategy)
    plan = YearPlan(window_start, window_end, [], [], [])
    # Labels once: get_status_display() per row costs more than drawing the wheel.
    statuses = {value: str(label) for value, label in ActionStatus.choices}
    for action in actions:
        schedule, source = action_schedule(action, period)
        item = ScheduledAction(
            action=action,
            schedule=schedule,
            source=source,
            url=url_for(action),
            move_to_working_day=moves_to_working_day(action),
            status_label=statuses.get(action.status, action.status),
        )
        if schedule.kind == Kind.UNPARSED:
            plan.unscheduled.append(item)
            continue
        item.occurrences = expand(
            schedule, window_start, window_end, move_to_working_day=item.move_to_working_day
        )
        (plan.scheduled if item.occurrences else plan.elsewhere).append(item)
    return plan


def rings_for(
    items: list[ScheduledAction], ring_by: RingBy, *, none_label: str
) -> tuple[list[str], list[tuple[ScheduledAction, int]]]:
    """Ring labels, and each item paired with its ring (an item may sit in several rings).

    Rings keep the plan's order of goals, channels or target groups; actions without one share
    a last ring named `none_label`."""
    keyed: dict[object, tuple[tuple[int, int], str]] = {}
    pairs: list[tuple[ScheduledAction, object]] = []
    for item in items:
        if ring_by == RingBy.GOAL:
            goal = item.goal
            members = [goal] if goal else []
        elif ring_by == RingBy.CHANNEL:
            members = list(item.action.channels.all())
        else:
            members = list(item.action.target_groups.all())
        if not members:
            pairs.append((item, None))
            continue
        for member in members:
            label = getattr(member, "text", None) or getattr(member, "name", "")
            keyed[member.pk] = ((member.position, member.pk), label)
            pairs.append((item, member.pk))
    order = sorted(keyed, key=lambda key: keyed[key][0])
    index = {key: i for i, key in enumerate(order)}
    labels = [keyed[key][1] for key in order]
    if any(key is None for _item, key in pairs):
        index[None] = len(labels)
        labels.append(none_label)
    return labels, [(item, index[key]) for item, key in pairs]


def feed_actions(token, access: Access) -> QuerySet[Action]:
    """The actions a calendar feed shows: its scope, limited to what its owner may read now."""
    actions = Action.objects.filter(strategy__organisation=token.organisation)
    if token.scope == "strategy":
        actions = actions.filter(strategy=token.strategy)
    elif token.scope == "person":
        actions = actions.filter(responsible_user=token.owner)
    actions = actions.select_related(
        "strategy__organisation", "goal", "approach__goal", "schedule_options"
    ).order_by("strategy", "position", "pk")
    return visible_actions(access, actions)
