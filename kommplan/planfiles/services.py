"""Plan files in and out of the database: `load_plan` and `dump_plan`.

Loading runs in one transaction and only after the whole file has validated, so a bad file
leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.utils.text import slugify

from kommplan.actions.models import Action, StatusUpdate
from kommplan.indicators.models import Indicator, Measurement
from kommplan.organisations.models import Organisation, OrganisationKind
from kommplan.strategies.models import (
    Challenge,
    Channel,
    Goal,
    GoalStrategy,
    KeyMessage,
    NotificationEntry,
    Principle,
    Role,
    Rule,
    Strategy,
    TargetGroup,
)

from .errors import PlanFileError, Problem
from .reader import read_plan
from .schema import PlanFile

M = TypeVar("M")


@dataclass(frozen=True)
class LoadResult:
    strategy: Strategy
    replaced: bool


def load_plan_file(content: bytes, *, source: str = "", replace: bool = False) -> LoadResult:
    """Validate a plan file's bytes and store it; raises PlanFileError with every problem."""
    plan = read_plan(content, source=source)
    try:
        return load_plan(plan, replace=replace)
    except PlanFileError as exc:
        exc.source = source
        raise PlanFileError(exc.problems, source) from None


@transaction.atomic
def load_plan(plan: PlanFile, *, replace: bool = False) -> LoadResult:
    """Store a validated plan: its organisation (created if new), strategy and action plan.

    A strategy with the same organisation, title and first year is refused unless `replace`,
    which deletes it (with its actions and status history) and stores the file's version.
    """
    organisation = _upsert_organisation(plan)
    period = plan.strategy.period
    period_start = period.start if period else None
    existing = Strategy.objects.filter(
        organisation=organisation, title=plan.strategy.title, period_start=period_start
    ).first()
    if existing is not None:
        if not replace:
            raise PlanFileError(
                [
                    Problem(
                        "strategy.title",
                        f"{organisation.name} har allerede strategien «{existing.title}»; "
                        "bruk --replace for å erstatte den",
                    )
                ]
            )
        existing.delete()
    strategy = _create_strategy(plan, organisation)
    return LoadResult(strategy=strategy, replaced=existing is not None)


def _upsert_organisation(plan: PlanFile) -> Organisation:
    data = plan.organisation
    organisation = Organisation.objects.filter(name=data.name).first()
    if organisation is None:
        organisation = Organisation(name=data.name, slug=_unique_slug(data.name))
    # Only what the file states overrides what the database already knows.
    if "kind" in data.model_fields_set:
        organisation.kind = data.kind
    if data.number is not None:
        organisation.number = data.number
    if data.orgnr is not None:
        organisation.orgnr = data.orgnr
    organisation.save()
    for member_name in data.members:
        member = Organisation.objects.filter(name=member_name).first()
        if member is None:
            member = Organisation.objects.create(
                name=member_name, slug=_unique_slug(member_name), kind=_guess_kind(member_name)
            )
        organisation.members.add(member)
    return organisation


def _guess_kind(name: str) -> str:
    lowered = name.lower()
    if lowered.endswith("fylkeskommune"):
        return OrganisationKind.FYLKESKOMMUNE
    if lowered.endswith("kommune"):
        return OrganisationKind.KOMMUNE
    return OrganisationKind.ANNET


def _unique_slug(name: str) -> str:
    base = slugify(name.replace("æ", "ae").replace("ø", "o").replace("å", "a"))[:180] or "org"
    slug, counter = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        counter += 1
        slug = f"{base}-{counter}"
    return slug


def _create_strategy(plan: PlanFile, organisation: Organisation) -> Strategy:
    data = plan.strategy
    crisis = data.crisis
    strategy = Strategy.objects.create(
        organisation=organisation,
        title=data.title,
        kind=data.kind,
        period_start=data.period.start if data.period else None,
        period_end=data.period.end if data.period else None,
        adopted_by=(data.adopted.by or "") if data.adopted else "",
        adopted_date=(data.adopted.date or "") if data.adopted else "",
        revision=data.revision or "",
        vision=data.vision or "",
        purpose=data.purpose or "",
        status=data.status,
        published=data.published,
        crisis_note=(crisis.note or "") if crisis else "",
    )
    Challenge.objects.bulk_create(
        Challenge(strategy=strategy, position=i, title=c.title or "", text=c.text or "")
        for i, c in enumerate(data.challenges)
    )
    Principle.objects.bulk_create(
        Principle(strategy=strategy, position=i, name=p.name, text=p.text or "")
        for i, p in enumerate(data.principles)
    )
    goals = {
        g.id: goal
        for g, goal in zip(
            data.goals,
            Goal.objects.bulk_create(
                Goal(
                    strategy=strategy,
                    position=i,
                    ref=g.id,
                    text=g.text,
                    description=g.description or "",
                )
                for i, g in enumerate(data.goals)
            ),
            strict=True,
        )
    }
    children = []
    for g in data.goals:
        if g.parent is not None:
            goals[g.id].parent = goals[g.parent]
            children.append(goals[g.id])
    Goal.objects.bulk_update(children, ["parent"])
    approaches = _by_ref(
        data.strategies,
        GoalStrategy.objects.bulk_create(
            GoalStrategy(
                strategy=strategy,
                position=i,
                ref=s.id,
                goal=goals.get(s.goal) if s.goal else None,
                title=s.title or "",
                text=s.text or "",
                description=s.description or "",
                desired_results=list(s.desired_results),
            )
            for i, s in enumerate(data.strategies)
        ),
    )
    target_groups = _by_ref(
        data.target_groups,
        TargetGroup.objects.bulk_create(
            TargetGroup(
                strategy=strategy,
                position=i,
                ref=t.id,
                name=t.name,
                priority=t.priority,
                description=t.description or "",
            )
            for i, t in enumerate(data.target_groups)
        ),
    )
    messages = KeyMessage.objects.bulk_create(
        KeyMessage(strategy=strategy, position=i, ref=m.id, text=m.text, core=m.core)
        for i, m in enumerate(data.messages)
    )
    KeyMessage.target_groups.through.objects.bulk_create(
        KeyMessage.target_groups.through(keymessage=message, targetgroup=target_groups[ref])
        for m, message in zip(data.messages, messages, strict=True)
        for ref in m.target_groups
    )
    channels = _by_ref(
        data.channels,
        Channel.objects.bulk_create(
            Channel(
                strategy=strategy,
                position=i,
                ref=c.id,
                name=c.name,
                kind=c.kind,
                description=c.description or "",
                url=c.url or "",
            )
            for i, c in enumerate(data.channels)
        ),
    )
    Role.objects.bulk_create(
        Role(strategy=strategy, position=i, title=r.title, responsibility=r.responsibility or "")
        for i, r in enumerate(data.roles)
    )
    Rule.objects.bulk_create(
        Rule(strategy=strategy, position=i, name=r.name, kind=r.kind or "", url=r.url or "")
        for i, r in enumerate(data.rules)
    )
    if crisis:
        NotificationEntry.objects.bulk_create(
            NotificationEntry(
                strategy=strategy,
                position=i,
                role=n.role,
                name=n.name or "",
                phone=n.phone or "",
                email=n.email or "",
            )
            for i, n in enumerate(crisis.notify)
        )
    actions = _create_actions(plan, strategy, goals, approaches, target_groups, channels)
    _create_indicators(plan, strategy, goals, actions)
    return strategy


def _by_ref(items: Sequence[Any], objects: list[M]) -> dict[str, M]:
    return {item.id: obj for item, obj in zip(items, objects, strict=True)}


def _create_actions(
    plan: PlanFile,
    strategy: Strategy,
    goals: dict[str, Goal],
    approaches: dict[str, GoalStrategy],
    target_groups: dict[str, TargetGroup],
    channels: dict[str, Channel],
) -> dict[str, Action]:
    actions = _by_ref(
        plan.actions,
        Action.objects.bulk_create(
            Action(
                strategy=strategy,
                position=i,
                ref=a.id,
                title=a.title,
                description=a.description or "",
                goal=goals[a.goal] if a.goal else None,
                approach=approaches[a.strategy] if a.strategy else None,
                responsible=a.responsible or "",
                financing=a.financing or "",
                purpose=a.purpose or "",
                desired_result=a.desired_result or "",
                timing=a.when or "",
                due_date=a.schedule.due if a.schedule else None,
                start_date=a.schedule.start if a.schedule else None,
                end_date=a.schedule.end if a.schedule else None,
                rrule=(a.schedule.rrule or "") if a.schedule else "",
                status=a.status,
                public=a.public,
            )
            for i, a in enumerate(plan.actions)
        ),
    )
    Action.target_groups.through.objects.bulk_create(
        Action.target_groups.through(action=actions[a.id], targetgroup=target_groups[ref])
        for a in plan.actions
        for ref in a.target_groups
    )
    Action.channels.through.objects.bulk_create(
        Action.channels.through(action=actions[a.id], channel=channels[ref])
        for a in plan.actions
        for ref in a.channels
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            action=actions[a.id],
            position=i,
            date=u.date,
            status=u.status,
            comment=u.comment or "",
            author_name=u.author or "",
        )
        for a in plan.actions
        for i, u in enumerate(a.updates)
    )
    return actions


def _create_indicators(
    plan: PlanFile, strategy: Strategy, goals: dict[str, Goal], actions: dict[str, Action]
) -> None:
    indicators = Indicator.objects.bulk_create(
        Indicator(
            strategy=strategy,
            position=i,
            ref=ind.id,
            goal=goals[ind.goal] if ind.goal else None,
            action=actions[ind.action] if ind.action else None,
            name=ind.name,
            unit=ind.unit or "",
            target=ind.target,
            direction=ind.direction,
            period=ind.period or "",
        )
        for i, ind in enumerate(plan.strategy.indicators)
    )
    Measurement.objects.bulk_create(
        Measurement(indicator=indicator, position=i, date=m.date, value=m.value)
        for ind, indicator in zip(plan.strategy.indicators, indicators, strict=True)
        for i, m in enumerate(ind.measurements)
    )


@transaction.atomic
def load_demo_plans(directory: Path) -> list[str]:
    """Load every demo plan not in the database yet, all or none; returns one line per file."""
    lines = []
    for path in sorted(directory.glob("*.yaml")):
        plan = read_plan(path.read_bytes(), source=path.name)
        period = plan.strategy.period
        exists = Strategy.objects.filter(
            organisation__name=plan.organisation.name,
            title=plan.strategy.title,
            period_start=period.start if period else None,
        ).exists()
        if exists:
            lines.append(f"Finnes fra før: {path.name}")
            continue
        result = load_plan(plan)
        lines.append(f"Lastet {path.name}: {result.strategy.actions.count()} tiltak")
    return lines
