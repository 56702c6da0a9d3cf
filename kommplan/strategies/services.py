"""Every write to a strategy and its parts: create, change, delete, reorder, roll over.

Views, commands and the API call these and nothing else. Each function runs in one transaction
and records what it changed in the audit log (kommplan.audit) inside that transaction: one entry
per part created, changed (when anything changed) or deleted, and one per move.

Lists keep an explicit `position` that stays 0..n-1 without gaps. Goals form a tree: their
positions follow the tree (a goal, then its sub-goals), and a goal moves among its siblings.
A goal strategy moves among the strategies of the same goal, a key message among the messages of
the same kind (core or supporting), everything else in the whole list.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from enum import Enum
from typing import Any, Literal, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from kommplan.audit.models import AuditEvent
from kommplan.audit.services import diff, record, snapshot
from kommplan.organisations.models import Organisation

from .models import (
    Challenge,
    Channel,
    ChannelKind,
    Goal,
    GoalStrategy,
    KeyMessage,
    NotificationEntry,
    Principle,
    Role,
    Rule,
    Strategy,
    StrategyKind,
    StrategyStatus,
    TargetGroup,
)

Actor = AbstractBaseUser | AnonymousUser | None
Part = (
    Challenge
    | Channel
    | Goal
    | GoalStrategy
    | KeyMessage
    | NotificationEntry
    | Principle
    | Role
    | Rule
    | TargetGroup
)
P = TypeVar("P", bound=models.Model)


class _Keep(Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP
"""Default of every optional argument of an update: leave that field as it is."""

Keep = Literal[_Keep.KEEP]

# The fields each part's audit entry shows; the loggable content, not bookkeeping.
PART_FIELDS: dict[type[models.Model], list[str]] = {
    Goal: ["ref", "text", "description", "parent"],
    GoalStrategy: ["ref", "goal", "title", "text", "description", "desired_results"],
    TargetGroup: ["ref", "name", "priority", "description"],
    KeyMessage: ["ref", "text", "core", "target_groups"],
    Channel: ["ref", "name", "kind", "description", "url"],
    Principle: ["name", "text"],
    Challenge: ["title", "text"],
    Role: ["title", "responsibility"],
    Rule: ["name", "kind", "url"],
    NotificationEntry: ["role", "name", "phone", "email"],
}
STRATEGY_FIELDS = [
    "title",
    "kind",
    "period_start",
    "period_end",
    "adopted_by",
    "adopted_date",
    "revision",
    "status",
    "vision",
    "purpose",
    "crisis_note",
]
# Prefixes of new refs, as the plan files number them (g1, s1, tg1, m1, c1).
REF_PREFIX: dict[type[models.Model], str] = {
    Goal: "g",
    GoalStrategy: "s",
    TargetGroup: "tg",
    KeyMessage: "m",
    Channel: "c",
}


# ---- the strategy itself ----


@transaction.atomic
def create_strategy(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    kind: str = StrategyKind.STRATEGI,
    period_start: int | None = None,
    period_end: int | None = None,
    adopted_by: str = "",
    adopted_date: str = "",
    revision: str = "",
    status: str = StrategyStatus.UTKAST,
    vision: str = "",
    purpose: str = "",
    crisis_note: str = "",
) -> Strategy:
    """Start a new, empty strategy for `organisation`."""
    strategy = Strategy(
        organisation=organisation,
        title=title,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        adopted_by=adopted_by,
        adopted_date=adopted_date,
        revision=revision,
        status=status,
        vision=vision,
        purpose=purpose,
        crisis_note=crisis_note,
    )
    strategy.full_clean()
    strategy.save()
    record(
        actor=actor,
        event=AuditEvent.CREATE,
        obj=strategy,
        organisation=organisation,
        strategy=strategy,
        changes=diff({}, snapshot(strategy, STRATEGY_FIELDS)),
    )
    return strategy


@transaction.atomic
def update_strategy(
    *,
    actor: Actor,
    strategy: Strategy,
    title: str | Keep = KEEP,
    kind: str | Keep = KEEP,
    period_start: int | None | Keep = KEEP,
    period_end: int | None | Keep = KEEP,
    adopted_by: str | Keep = KEEP,
    adopted_date: str | Keep = KEEP,
    revision: str | Keep = KEEP,
    status: str | Keep = KEEP,
    vision: str | Keep = KEEP,
    purpose: str | Keep = KEEP,
    crisis_note: str | Keep = KEEP,
) -> Strategy:
    """Change the strategy's own fields; the ones not given stay as they are."""
    return _apply(
        actor,
        strategy,
        strategy,
        STRATEGY_FIELDS,
        {
            "title": title,
            "kind": kind,
            "period_start": period_start,
            "period_end": period_end,
            "adopted_by": adopted_by,
            "adopted_date": adopted_date,
            "revision": revision,
            "status": status,
            "vision": vision,
            "purpose": purpose,
            "crisis_note": crisis_note,
        },
    )


# ---- goals ----


@transaction.atomic
def add_goal(
    *,
    actor: Actor,
    strategy: Strategy,
    text: str,
    description: str = "",
    parent: Goal | None = None,
) -> Goal:
    """Add a goal, last among its siblings (an overarching goal when `parent` is None)."""
    _check_same_strategy(strategy, "parent", [parent])
    goal = Goal(strategy=strategy, text=text, description=description, parent=parent)
    return _create(actor, goal)


@transaction.atomic
def update_goal(
    *,
    actor: Actor,
    goal: Goal,
    text: str | Keep = KEEP,
    description: str | Keep = KEEP,
    parent: Goal | None | Keep = KEEP,
) -> Goal:
    if parent is not KEEP:
        _check_same_strategy(goal.strategy, "parent", [parent])
    moved = parent is not KEEP and getattr(parent, "pk", None) != goal.parent_id
    goal = _apply(
        actor,
        goal.strategy,
        goal,
        PART_FIELDS[Goal],
        {"text": text, "description": description, "parent": parent},
        # Last among its new siblings; its sub-goals come along.
        position=_next_position(goal) if moved else None,
    )
    if moved:
        _renumber(goal.strategy, Goal)
        goal.refresh_from_db(fields=["position"])
    return goal


@transaction.atomic
def delete_goal(*, actor: Actor, goal: Goal) -> None:
    """Delete a goal and its sub-goals; their strategies and actions stay, without a goal."""
    _delete(actor, goal)


# ---- strategies under a goal ----


@transaction.atomic
def add_goal_strategy(
    *,
    actor: Actor,
    strategy: Strategy,
    goal: Goal | None = None,
    title: str = "",
    text: str = "",
    description: str = "",
    desired_results: Iterable[str] = (),
) -> GoalStrategy:
    _check_same_strategy(strategy, "goal", [goal])
    approach = GoalStrategy(
        strategy=strategy,
        goal=goal,
        title=title,
        text=text,
        description=description,
        desired_results=list(desired_results),
    )
    return _create(actor, approach)


@transaction.atomic
def update_goal_strategy(
    *,
    actor: Actor,
    approach: GoalStrategy,
    goal: Goal | None | Keep = KEEP,
    title: str | Keep = KEEP,
    text: str | Keep = KEEP,
    description: str | Keep = KEEP,
    desired_results: Iterable[str] | Keep = KEEP,
) -> GoalStrategy:
    if goal is not KEEP:
        _check_same_strategy(approach.strategy, "goal", [goal])
    moved = goal is not KEEP and getattr(goal, "pk", None) != approach.goal_id
    approach = _apply(
        actor,
        approach.strategy,
        approach,
        PART_FIELDS[GoalStrategy],
        {
            "goal": goal,
            "title": title,
            "text": text,
            "description": description,
            "desired_results": desired_results
            if desired_results is KEEP
            else list(desired_results),
        },
        position=_next_position(approach) if moved else None,
    )
    if moved:
        _renumber(approach.strategy, GoalStrategy)
        approach.refresh_from_db(fields=["position"])
    return approach


@transaction.atomic
def delete_goal_strategy(*, actor: Actor, approach: GoalStrategy) -> None:
    _delete(actor, approach)


# ---- target groups ----


@transaction.atomic
def add_target_group(
    *,
    actor: Actor,
    strategy: Strategy,
    name: str,
    priority: int | None = None,
    description: str = "",
) -> TargetGroup:
    group = TargetGroup(strategy=strategy, name=name, priority=priority, description=description)
    return _create(actor, group)


@transaction.atomic
def update_target_group(
    *,
    actor: Actor,
    group: TargetGroup,
    name: str | Keep = KEEP,
    priority: int | None | Keep = KEEP,
    description: str | Keep = KEEP,
) -> TargetGroup:
    return _apply(
        actor,
        group.strategy,
        group,
        PART_FIELDS[TargetGroup],
        {"name": name, "priority": priority, "description": description},
    )


@transaction.atomic
def delete_target_group(*, actor: Actor, group: TargetGroup) -> None:
    _delete(actor, group)


# ---- key messages ----


@transaction.atomic
def add_key_message(
    *,
    actor: Actor,
    strategy: Strategy,
    text: str,
    core: bool = False,
    target_groups: Iterable[TargetGroup] = (),
) -> KeyMessage:
    target_groups = list(target_groups)
    _check_same_strategy(strategy, "target_groups", target_groups)
    message = KeyMessage(strategy=strategy, text=text, core=core)
    return _create(actor, message, m2m={"target_groups": target_groups})


@transaction.atomic
def update_key_message(
    *,
    actor: Actor,
    message: KeyMessage,
    text: str | Keep = KEEP,
    core: bool | Keep = KEEP,
    target_groups: Iterable[TargetGroup] | Keep = KEEP,
) -> KeyMessage:
    if target_groups is not KEEP:
        target_groups = list(target_groups)
        _check_same_strategy(message.strategy, "target_groups", target_groups)
    # A message that changes between core and supporting goes last in its new group.
    moved = core is not KEEP and core != message.core
    message = _apply(
        actor,
        message.strategy,
        message,
        PART_FIELDS[KeyMessage],
        {"text": text, "core": core},
        m2m={"target_groups": target_groups},
        position=_next_position(message) if moved else None,
    )
    if moved:
        _renumber(message.strategy, KeyMessage)
        message.refresh_from_db(fields=["position"])
    return message


@transaction.atomic
def delete_key_message(*, actor: Actor, message: KeyMessage) -> None:
    _delete(actor, message)


# ---- channels ----


@transaction.atomic
def add_channel(
    *,
    actor: Actor,
    strategy: Strategy,
    name: str,
    kind: str = ChannelKind.OTHER,
    description: str = "",
    url: str = "",
) -> Channel:
    channel = Channel(strategy=strategy, name=name, kind=kind, description=description, url=url)
    return _create(actor, channel)


@transaction.atomic
def update_channel(
    *,
    actor: Actor,
    channel: Channel,
    name: str | Keep = KEEP,
    kind: str | Keep = KEEP,
    description: str | Keep = KEEP,
    url: str | Keep = KEEP,
) -> Channel:
    return _apply(
        actor,
        channel.strategy,
        channel,
        PART_FIELDS[Channel],
        {"name": name, "kind": kind, "description": description, "url": url},
    )


@transaction.atomic
def delete_channel(*, actor: Actor, channel: Channel) -> None:
    _delete(actor, channel)


# ---- principles, challenges, roles, rules and laws ----


@transaction.atomic
def add_principle(*, actor: Actor, strategy: Strategy, name: str, text: str = "") -> Principle:
    return _create(actor, Principle(strategy=strategy, name=name, text=text))


@transaction.atomic
def update_principle(
    *, actor: Actor, principle: Principle, name: str | Keep = KEEP, text: str | Keep = KEEP
) -> Principle:
    return _apply(
        actor, principle.strategy, principle, PART_FIELDS[Principle], {"name": name, "text": text}
    )


@transaction.atomic
def delete_principle(*, actor: Actor, principle: Principle) -> None:
    _delete(actor, principle)


@transaction.atomic
def add_challenge(
    *, actor: Actor, strategy: Strategy, title: str = "", text: str = ""
) -> Challenge:
    return _create(actor, Challenge(strategy=strategy, title=title, text=text))


@transaction.atomic
def update_challenge(
    *, actor: Actor, challenge: Challenge, title: str | Keep = KEEP, text: str | Keep = KEEP
) -> Challenge:
    return _apply(
        actor, challenge.strategy, challenge, PART_FIELDS[Challenge], {"title": title, "text": text}
    )


@transaction.atomic
def delete_challenge(*, actor: Actor, challenge: Challenge) -> None:
    _delete(actor, challenge)


@transaction.atomic
def add_role(*, actor: Actor, strategy: Strategy, title: str, responsibility: str = "") -> Role:
    return _create(actor, Role(strategy=strategy, title=title, responsibility=responsibility))


@transaction.atomic
def update_role(
    *, actor: Actor, role: Role, title: str | Keep = KEEP, responsibility: str | Keep = KEEP
) -> Role:
    return _apply(
        actor,
        role.strategy,
        role,
        PART_FIELDS[Role],
        {"title": title, "responsibility": responsibility},
    )


@transaction.atomic
def delete_role(*, actor: Actor, role: Role) -> None:
    _delete(actor, role)


@transaction.atomic
def add_rule(*, actor: Actor, strategy: Strategy, name: str, kind: str = "", url: str = "") -> Rule:
    return _create(actor, Rule(strategy=strategy, name=name, kind=kind, url=url))


@transaction.atomic
def update_rule(
    *,
    actor: Actor,
    rule: Rule,
    name: str | Keep = KEEP,
    kind: str | Keep = KEEP,
    url: str | Keep = KEEP,
) -> Rule:
    return _apply(
        actor, rule.strategy, rule, PART_FIELDS[Rule], {"name": name, "kind": kind, "url": url}
    )


@transaction.atomic
def delete_rule(*, actor: Actor, rule: Rule) -> None:
    _delete(actor, rule)


# ---- the crisis notification list ----


@transaction.atomic
def add_notification_entry(
    *,
    actor: Actor,
    strategy: Strategy,
    role: str,
    name: str = "",
    phone: str = "",
    email: str = "",
) -> NotificationEntry:
    """Add a line at the end of the notification list (who is alerted, in that order)."""
    entry = NotificationEntry(strategy=strategy, role=role, name=name, phone=phone, email=email)
    return _create(actor, entry)


@transaction.atomic
def update_notification_entry(
    *,
    actor: Actor,
    entry: NotificationEntry,
    role: str | Keep = KEEP,
    name: str | Keep = KEEP,
    phone: str | Keep = KEEP,
    email: str | Keep = KEEP,
) -> NotificationEntry:
    return _apply(
        actor,
        entry.strategy,
        entry,
        PART_FIELDS[NotificationEntry],
        {"role": role, "name": name, "phone": phone, "email": email},
    )


@transaction.atomic
def delete_notification_entry(*, actor: Actor, entry: NotificationEntry) -> None:
    _delete(actor, entry)


# ---- order ----


@transaction.atomic
def move_part(*, actor: Actor, part: Part, direction: Literal["up", "down"]) -> bool:
    """Swap `part` with its neighbour in its list; False (and nothing written) at either end."""
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    model = type(part)
    strategy = part.strategy
    items = _ordered(strategy, model)
    stored = {item.pk: item.position for item in items}
    for position, item in enumerate(items):
        item.position = position
    siblings = [item for item in items if _scope(item) == _scope(part)]
    index = next(i for i, item in enumerate(siblings) if item.pk == part.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return False
    first, second = siblings[index], siblings[other]
    first.position, second.position = second.position, first.position
    ordered = _save_order(model, _ordered(strategy, model, items), stored)
    after = next(position for position, item in enumerate(ordered) if item.pk == part.pk)
    before, part.position = stored[part.pk], after
    record(
        actor=actor,
        event=AuditEvent.UPDATE,
        obj=part,
        organisation=strategy.organisation,
        strategy=strategy,
        changes={"position": [before, after]},
    )
    return True


def ordered_parts(strategy: Strategy, model: type[P]) -> list[P]:
    """A strategy's parts of one kind in their order (goals: each followed by its sub-goals)."""
    return _ordered(strategy, model)


# ---- roll over ----


@transaction.atomic
def roll_over_strategy(
    *,
    actor: Actor,
    source: Strategy,
    title: str,
    period_start: int | None = None,
    period_end: int | None = None,
) -> Strategy:
    """Start the next period of `source`: a draft with a copy of its whole structure.

    Every part is copied with the same ref, so plan files and links read the same. The open
    actions (neither fullført nor avlyst) come along, linked to the copies of their goal, goal
    strategy, target groups and channels; their status history stays with the old period, as do
    finished and cancelled actions. Indicators on goals and on carried actions are copied without
    their measurements. `source` is not changed.
    """
    from kommplan.actions.models import Action, ActionStatus
    from kommplan.indicators.models import Indicator

    strategy = _clone(
        source,
        organisation_id=source.organisation_id,
        title=title,
        period_start=period_start,
        period_end=period_end,
        status=StrategyStatus.UTKAST,
        adopted_by="",
        adopted_date="",
    )
    strategy.full_clean()
    strategy.save()

    simple = (Challenge, Principle, Role, Rule, NotificationEntry, TargetGroup, Channel)
    copies: dict[type[models.Model], dict[int, Any]] = {}
    for model in simple:
        originals = list(model.objects.filter(strategy=source).order_by("position", "pk"))
        made = model.objects.bulk_create(_clone(o, strategy_id=strategy.pk) for o in originals)
        copies[model] = {o.pk: m for o, m in zip(originals, made, strict=True)}

    goals = list(Goal.objects.filter(strategy=source).order_by("position", "pk"))
    new_goals = Goal.objects.bulk_create(
        _clone(g, strategy_id=strategy.pk, parent_id=None) for g in goals
    )
    goal_copy = {g.pk: n for g, n in zip(goals, new_goals, strict=True)}
    for g in goals:
        if g.parent_id:
            goal_copy[g.pk].parent_id = goal_copy[g.parent_id].pk
    Goal.objects.bulk_update([goal_copy[g.pk] for g in goals if g.parent_id], ["parent"])

    approaches = list(GoalStrategy.objects.filter(strategy=source).order_by("position", "pk"))
    new_approaches = GoalStrategy.objects.bulk_create(
        _clone(a, strategy_id=strategy.pk, goal_id=_mapped(goal_copy, a.goal_id))
        for a in approaches
    )
    approach_copy = {a.pk: n for a, n in zip(approaches, new_approaches, strict=True)}

    group_copy = copies[TargetGroup]
    messages = list(
        KeyMessage.objects.filter(strategy=source)
        .prefetch_related("target_groups")
        .order_by("position", "pk")
    )
    new_messages = KeyMessage.objects.bulk_create(
        _clone(m, strategy_id=strategy.pk) for m in messages
    )
    KeyMessage.target_groups.through.objects.bulk_create(
        KeyMessage.target_groups.through(keymessage=new, targetgroup=group_copy[group.pk])
        for old, new in zip(messages, new_messages, strict=True)
        for group in old.target_groups.all()
    )

    channel_copy = copies[Channel]
    open_actions = list(
        Action.objects.filter(strategy=source)
        .exclude(status__in=[ActionStatus.FULLFORT, ActionStatus.AVLYST])
        .prefetch_related("target_groups", "channels")
        .order_by("position", "pk")
    )
    new_actions = Action.objects.bulk_create(
        _clone(
            a,
            strategy_id=strategy.pk,
            position=i,
            goal_id=_mapped(goal_copy, a.goal_id),
            approach_id=_mapped(approach_copy, a.approach_id),
            version=1,
        )
        for i, a in enumerate(open_actions)
    )
    action_copy = {a.pk: n for a, n in zip(open_actions, new_actions, strict=True)}
    Action.target_groups.through.objects.bulk_create(
        Action.target_groups.through(action=new, targetgroup=group_copy[group.pk])
        for old, new in zip(open_actions, new_actions, strict=True)
        for group in old.target_groups.all()
    )
    Action.channels.through.objects.bulk_create(
        Action.channels.through(action=new, channel=channel_copy[channel.pk])
        for old, new in zip(open_actions, new_actions, strict=True)
        for channel in old.channels.all()
    )

    indicators = [
        indicator
        for indicator in Indicator.objects.filter(strategy=source).order_by("position", "pk")
        if indicator.action_id is None or indicator.action_id in action_copy
    ]
    Indicator.objects.bulk_create(
        _clone(
            indicator,
            strategy_id=strategy.pk,
            position=i,
            goal_id=_mapped(goal_copy, indicator.goal_id),
            action_id=_mapped(action_copy, indicator.action_id),
        )
        for i, indicator in enumerate(indicators)
    )

    record(
        actor=actor,
        event=AuditEvent.CREATE,
        obj=strategy,
        organisation=strategy.organisation,
        strategy=strategy,
        changes={
            **diff({}, snapshot(strategy, STRATEGY_FIELDS)),
            "rolled_over_from": [None, source.pk],
            "actions_carried_over": [None, len(new_actions)],
        },
    )
    return strategy


# ---- helpers ----


def _clone(instance: P, **values: Any) -> P:
    """An unsaved copy of `instance` (Django's documented way), with `values` set on it."""
    clone = copy.copy(instance)
    clone.pk = None
    clone.id = None
    clone._state.adding = True
    clone._state.db = None
    clone._state.fields_cache = {}
    clone._prefetched_objects_cache = {}
    for name in ("created_at", "updated_at"):
        if hasattr(clone, name):
            setattr(clone, name, None)
    for name, value in values.items():
        setattr(clone, name, value)
    return clone


def _mapped(copies: dict[int, models.Model], pk: int | None) -> int | None:
    return copies[pk].pk if pk is not None and pk in copies else None


def _scope(part: models.Model) -> Any:
    """What a part moves among: the parts of its list with the same scope."""
    if isinstance(part, Goal):
        return part.parent_id
    if isinstance(part, GoalStrategy):
        return part.goal_id
    if isinstance(part, KeyMessage):
        return part.core
    return None


def _ordered(strategy: Strategy, model: type[P], items: list[P] | None = None) -> list[P]:
    if items is None:
        items = list(model.objects.filter(strategy=strategy))
    items = sorted(items, key=lambda item: (item.position, item.pk))
    if model is not Goal:
        return items
    # Depth first: each goal followed by its sub-goals, siblings by position.
    children: dict[int | None, list[P]] = {}
    known = {item.pk for item in items}
    for item in items:
        parent = item.parent_id if item.parent_id in known else None
        children.setdefault(parent, []).append(item)
    ordered: list[P] = []

    def walk(parent: int | None) -> None:
        for child in children.get(parent, []):
            ordered.append(child)
            walk(child.pk)

    walk(None)
    return ordered


def _renumber(strategy: Strategy, model: type[P]) -> list[P]:
    """Give the list positions 0..n-1 in its order; saves only the rows that change."""
    ordered = _ordered(strategy, model)
    return _save_order(model, ordered, {item.pk: item.position for item in ordered})


def _save_order(model: type[P], ordered: list[P], stored: dict[int, int]) -> list[P]:
    changed = []
    for position, item in enumerate(ordered):
        item.position = position
        if stored[item.pk] != position:
            changed.append(item)
    if changed:
        model.objects.bulk_update(changed, ["position"])
    return ordered


def _check_same_strategy(
    strategy: Strategy, field: str, objects: Iterable[models.Model | None]
) -> None:
    """Refuse links to another strategy's parts (forms offer only the own ones anyway)."""
    for obj in objects:
        if obj is not None and obj.strategy_id != strategy.pk:
            raise ValidationError({field: _("Velg blant denne strategiens egne elementer.")})


def _next_position(part: models.Model) -> int:
    """A position after every part of the list (renumbering closes the gap afterwards)."""
    top = (
        type(part)
        .objects.filter(strategy_id=part.strategy_id)
        .aggregate(top=models.Max("position"))["top"]
    )
    return 0 if top is None else top + 1


def _next_ref(part: models.Model) -> str:
    prefix = REF_PREFIX[type(part)]
    taken = set(
        type(part).objects.filter(strategy_id=part.strategy_id).values_list("ref", flat=True)
    )
    number = len(taken) + 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def _create(actor: Actor, part: P, m2m: dict[str, list[models.Model]] | None = None) -> P:
    if type(part) in REF_PREFIX and not part.ref:
        part.ref = _next_ref(part)
    part.position = _next_position(part)
    part.full_clean()
    part.save()
    for name, values in (m2m or {}).items():
        getattr(part, name).set(values)
    strategy = part.strategy
    part.position = next(
        item.position for item in _renumber(strategy, type(part)) if item.pk == part.pk
    )
    record(
        actor=actor,
        event=AuditEvent.CREATE,
        obj=part,
        organisation=strategy.organisation,
        strategy=strategy,
        changes=diff({}, snapshot(part, PART_FIELDS[type(part)])),
    )
    return part


def _apply(
    actor: Actor,
    strategy: Strategy,
    instance: P,
    fields: list[str],
    values: dict[str, Any],
    m2m: dict[str, Any] | None = None,
    position: int | None = None,
) -> P:
    """Set the given values (not KEEP) on `instance`, save what changed and log it."""
    before = snapshot(instance, fields)
    update_fields = []
    for name, value in values.items():
        if value is not KEEP:
            setattr(instance, name, value)
            update_fields.append(name)
    if position is not None:
        instance.position = position
        update_fields.append("position")
    instance.full_clean()
    if update_fields:
        if isinstance(instance, Strategy):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields)
    for name, value in (m2m or {}).items():
        if value is not KEEP:
            getattr(instance, name).set(value)
    changes = diff(before, snapshot(instance, fields))
    if changes:
        record(
            actor=actor,
            event=AuditEvent.UPDATE,
            obj=instance,
            organisation=strategy.organisation,
            strategy=strategy,
            changes=changes,
        )
    return instance


def _delete(actor: Actor, part: Part) -> None:
    model = type(part)
    strategy = part.strategy
    doomed: list[models.Model] = [part]
    if isinstance(part, Goal):
        # Sub-goals go with their goal (on_delete=CASCADE); each gets its own log entry.
        by_parent: dict[int | None, list[Goal]] = {}
        for goal in Goal.objects.filter(strategy=strategy):
            by_parent.setdefault(goal.parent_id, []).append(goal)
        stack = [part.pk]
        while stack:
            for child in by_parent.get(stack.pop(), []):
                doomed.append(child)
                stack.append(child.pk)
    for item in doomed:
        record(
            actor=actor,
            event=AuditEvent.DELETE,
            obj=item,
            organisation=strategy.organisation,
            strategy=strategy,
            changes=diff(snapshot(item, PART_FIELDS[model]), {}),
        )
    part.delete()
    _renumber(strategy, model)


def part_label(part: models.Model, length: int = 60) -> str:
    """A short name for a part, for buttons, messages and announcements."""
    text = " ".join(str(part).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def place_of(part: Part) -> tuple[int, int]:
    """(1-based place, count) of `part` among the parts it moves among."""
    siblings = [
        item for item in _ordered(part.strategy, type(part)) if _scope(item) == _scope(part)
    ]
    index = next(i for i, item in enumerate(siblings) if item.pk == part.pk)
    return index + 1, len(siblings)
