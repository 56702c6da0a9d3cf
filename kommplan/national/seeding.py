"""A national data set for benchmarks: every public body with three strategies of 150 actions.

Rows go in with bulk_create in one transaction: no per-row signals and no audit entries (the
audit log records what people do; this is generated test data, not anyone's change). Every user
shares one password hash, computed once, so 2,250 users cost one Argon2 run.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import connection, models, transaction
from django.utils import timezone

from kommplan.actions.models import Action, ActionStatus, StatusUpdate
from kommplan.organisations.models import MemberRole, Membership, Organisation
from kommplan.strategies.models import (
    Channel,
    Goal,
    GoalStrategy,
    Strategy,
    StrategyKind,
    StrategyStatus,
    TargetGroup,
)

from .organisations import OrgSpec, national_organisations, sample
from .texts import STATUS_COMMENTS, TIMINGS, Texts, demo_texts

STRATEGIES_PER_ORG = 3
ACTIONS_PER_STRATEGY = 150
UPDATES_PER_ACTION = 10
# The password of every generated user (they exist only in benchmark databases).
PASSWORD = "nasjonal-kommplan"
ROLES = [
    ("admin", MemberRole.ADMINISTRATOR),
    ("redaktor", MemberRole.REDAKTOR),
    ("bidragsyter", MemberRole.BIDRAGSYTER),
    ("bidragsyter2", MemberRole.BIDRAGSYTER),
    ("leser", MemberRole.LESER),
]
BATCH = 2000

# What a strategy's three versions look like: (title, kind, first year, last year, status,
# published). The current one is adopted and public; the old one archived; the next a draft.
_GENERATIONS = [
    (
        "Kommunikasjonsstrategi 2020–2023",
        StrategyKind.STRATEGI,
        2020,
        2023,
        StrategyStatus.ARKIVERT,
    ),
    ("Kommunikasjonsstrategi 2024–2027", StrategyKind.STRATEGI, 2024, 2027, StrategyStatus.VEDTATT),
    ("Kommunikasjonsplan 2026", StrategyKind.PLAN, 2026, 2026, StrategyStatus.UTKAST),
]

# How a status history usually moves; the last entry is the action's current status.
_PATHS = [
    [ActionStatus.IKKE_STARTET, ActionStatus.PAGAR, ActionStatus.FULLFORT],
    [ActionStatus.IKKE_STARTET, ActionStatus.PAGAR, ActionStatus.FORSINKET, ActionStatus.PAGAR],
    [ActionStatus.IKKE_STARTET, ActionStatus.PAGAR],
    [ActionStatus.IKKE_STARTET, ActionStatus.FORSINKET],
    [ActionStatus.IKKE_STARTET, ActionStatus.AVLYST],
    [ActionStatus.IKKE_STARTET],
]


class AlreadySeeded(Exception):
    """The database already holds organisations of the national set."""


@dataclass
class SeedResult:
    organisations: int = 0
    users: int = 0
    strategies: int = 0
    actions: int = 0
    updates: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def existing_national_names(specs: Iterable[OrgSpec]) -> list[str]:
    names = [spec.name for spec in specs]
    found = set()
    for start in range(0, len(names), 500):  # SQLite's limit on query parameters
        chunk = names[start : start + 500]
        found |= set(Organisation.objects.filter(name__in=chunk).values_list("name", flat=True))
    return sorted(found)


def _delete_national(specs: list[OrgSpec]) -> None:
    slugs = [spec.slug for spec in specs]
    names = [spec.name for spec in specs]
    for start in range(0, len(slugs), 400):
        User.objects.filter(
            memberships__organisation__name__in=names[start : start + 400],
            username__in=[
                f"{s}-{suffix}" for s in slugs[start : start + 400] for suffix, _ in ROLES
            ],
        ).delete()
        Organisation.objects.filter(name__in=names[start : start + 400]).delete()


@transaction.atomic
def seed_national(
    *,
    scale: float,
    seed: int = 1,
    replace: bool = False,
    actions_per_strategy: int = ACTIONS_PER_STRATEGY,
    progress: Callable[[str], None] | None = None,
) -> SeedResult:
    """Create round(450 × scale) organisations with their users, plans and status history.

    Refuses (AlreadySeeded) when any of them exists, unless `replace`, which deletes those
    organisations (with everything in them) and their generated users first.
    """
    if not 0 < scale <= 1:
        raise ValueError("scale must be above 0 and at most 1")
    started = time.perf_counter()
    specs = sample(national_organisations(), scale)
    clash = existing_national_names(national_organisations())
    if clash and not replace:
        raise AlreadySeeded(", ".join(clash[:3]) + (" …" if len(clash) > 3 else ""))
    if clash:
        _delete_national(national_organisations())
    rng = random.Random(seed)
    texts = demo_texts()
    result = SeedResult()
    password = make_password(PASSWORD)

    organisations = Organisation.objects.bulk_create(
        [Organisation(name=s.name, slug=s.slug, kind=s.kind, number=s.number) for s in specs],
        batch_size=BATCH,
    )
    by_number = {o.number: o for o in organisations if o.number}
    links = []
    for spec, organisation in zip(specs, organisations, strict=True):
        for number in spec.members:
            if number in by_number:
                links.append(
                    Organisation.members.through(
                        from_organisation_id=organisation.pk,
                        to_organisation_id=by_number[number].pk,
                    )
                )
    Organisation.members.through.objects.bulk_create(links, batch_size=BATCH)
    result.organisations = len(organisations)

    users = User.objects.bulk_create(
        [
            User(
                username=f"{o.slug}-{suffix}",
                password=password,
                first_name=rng.choice(_FIRST_NAMES),
                last_name=rng.choice(_LAST_NAMES),
                email=f"{suffix}@{o.slug}.example.no",
            )
            for o in organisations
            for suffix, _ in ROLES
        ],
        batch_size=BATCH,
    )
    memberships = []
    staff: dict[int, dict[str, User]] = {}
    user_iter = iter(users)
    for o in organisations:
        for suffix, role in ROLES:
            user = next(user_iter)
            memberships.append(Membership(user=user, organisation=o, role=role))
            staff.setdefault(o.pk, {})[suffix] = user
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    result.users = len(users)
    if progress:
        progress(f"{len(organisations)} organisasjoner og {len(users)} brukere")

    # A few organisations at a time, so memory stays flat at full size.
    chunk = 10
    for start in range(0, len(organisations), chunk):
        part = organisations[start : start + chunk]
        made = _seed_plans(part, staff, texts, rng, actions_per_strategy)
        result.strategies += made[0]
        result.actions += made[1]
        result.updates += made[2]
        if progress:
            progress(
                f"{min(start + chunk, len(organisations))}/{len(organisations)} organisasjoner, "
                f"{result.actions} tiltak, {result.updates} statusoppdateringer"
            )
    result.seconds = time.perf_counter() - started
    return result


def _seed_plans(
    organisations: list[Organisation],
    staff: dict[int, dict[str, User]],
    texts: Texts,
    rng: random.Random,
    actions_per_strategy: int,
) -> tuple[int, int, int]:
    strategies = Strategy.objects.bulk_create(
        [
            Strategy(
                organisation=o,
                title=title,
                kind=kind,
                period_start=first,
                period_end=last,
                status=status,
                published=status == StrategyStatus.VEDTATT,
                vision=rng.choice(texts.visions),
                purpose=rng.choice(texts.purposes),
                adopted_by="Kommunestyret" if status != StrategyStatus.UTKAST else "",
                adopted_date=f"{first - 1}-12-{rng.randint(10, 19)}"
                if status != StrategyStatus.UTKAST
                else "",
            )
            for o in organisations
            for title, kind, first, last, status in _GENERATIONS
        ],
        batch_size=BATCH,
    )
    goals, approaches, groups, channels = [], [], [], []
    for strategy in strategies:
        for i, text in enumerate(rng.sample(texts.goals, 4)):
            goals.append(Goal(strategy=strategy, position=i, ref=f"g{i + 1}", text=text))
        for i, name in enumerate(rng.sample(texts.target_groups, 6)):
            groups.append(
                TargetGroup(
                    strategy=strategy, position=i, ref=f"tg{i + 1}", name=name, priority=i + 1
                )
            )
        seen = set()
        for name, kind in rng.sample(texts.channels, 8):
            if name not in seen and len(seen) < 6:
                channels.append(
                    Channel(
                        strategy=strategy,
                        position=len(seen),
                        ref=f"c{len(seen) + 1}",
                        name=name,
                        kind=kind,
                    )
                )
                seen.add(name)
    Goal.objects.bulk_create(goals, batch_size=BATCH)
    TargetGroup.objects.bulk_create(groups, batch_size=BATCH)
    Channel.objects.bulk_create(channels, batch_size=BATCH)
    goals_of = _group(goals)
    for strategy in strategies:
        for i, goal in enumerate(goals_of[strategy.pk][:3]):
            approaches.append(
                GoalStrategy(
                    strategy=strategy, position=i, ref=f"s{i + 1}", goal=goal, text=goal.text[:200]
                )
            )
    GoalStrategy.objects.bulk_create(approaches, batch_size=BATCH)
    approaches_of, groups_of, channels_of = _group(approaches), _group(groups), _group(channels)

    actions, paths = [], []
    for strategy in strategies:
        people = staff[strategy.organisation_id]
        parts = _Parts(
            goals=goals_of[strategy.pk],
            approaches=approaches_of[strategy.pk],
            groups=groups_of[strategy.pk],
            channels=channels_of[strategy.pk],
        )
        # The two bidragsytere share a fifth of the plan.
        owners = {0: people["bidragsyter"], 5: people["bidragsyter2"]}
        built = _build_actions(strategy, parts, 0, actions_per_strategy, owners, texts, rng)
        actions += [action for action, _ in built]
        paths += [path for _, path in built]
        for action, _ in built:
            action.parts = parts
            action.reporters = [people["redaktor"], action.responsible_user or people["redaktor"]]
    Action.objects.bulk_create(actions, batch_size=BATCH)
    updates = _links_and_updates(actions, paths, rng)
    return len(strategies), len(actions), updates


@dataclass(frozen=True)
class _Parts:
    goals: list[Goal]
    approaches: list[GoalStrategy]
    groups: list[TargetGroup]
    channels: list[Channel]


def _build_actions(
    strategy: Strategy,
    parts: _Parts,
    first: int,
    count: int,
    owners: dict[int, User],
    texts: Texts,
    rng: random.Random,
) -> list[tuple[Action, list[str]]]:
    """`count` unsaved actions from position `first`, each with the status path it will take;
    action i is given to owners[i % 10] when there is one."""
    first_day = date(strategy.period_start or 2024, 1, 1)
    last_day = date(strategy.period_end or first_day.year, 12, 31)
    days = (last_day - first_day).days
    built = []
    for i in range(first, first + count):
        goal = rng.choice(parts.goals) if parts.goals and rng.random() < 0.85 else None
        approach = (
            rng.choice(parts.approaches)
            if goal is not None and parts.approaches and rng.random() < 0.4
            else None
        )
        start = first_day + timedelta(days=rng.randrange(days))
        schedule = rng.random()
        path = rng.choice(_PATHS)
        action = Action(
            strategy=strategy,
            ref=f"a{i + 1}",
            position=i,
            title=rng.choice(texts.titles),
            description=rng.choice(texts.descriptions),
            purpose=rng.choice(texts.action_purposes),
            goal=goal,
            approach=approach,
            responsible=rng.choice(texts.responsibles),
            responsible_user=owners.get(i % 10),
            status=path[-1],
            public=strategy.published and rng.random() < 0.5,
        )
        # Schedules in the mix the årshjul meets: timing text, deadline, range, rhythm.
        if schedule < 0.15:
            action.timing = rng.choice(TIMINGS)
        elif schedule < 0.55:
            action.due_date = start
        elif schedule < 0.8:
            action.start_date = start
            action.end_date = min(start + timedelta(days=rng.randint(7, 120)), last_day)
        elif schedule < 0.9:
            action.rrule = "FREQ=MONTHLY;BYMONTHDAY=1"
        else:
            action.rrule = "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=15"
        built.append((action, path))
    return built


def _links_and_updates(actions: list[Action], paths: list[list[str]], rng: random.Random) -> int:
    """Target groups, channels and status history of saved actions that carry `parts` and
    `reporters` attributes; returns how many status updates were made."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    group_links, channel_links, updates = [], [], []
    for action, path in zip(actions, paths, strict=True):
        parts = action.parts
        for group in rng.sample(parts.groups, min(len(parts.groups), rng.randint(0, 2))):
            group_links.append((action.pk, group.pk))
        for channel in rng.sample(parts.channels, min(len(parts.channels), rng.randint(0, 2))):
            channel_links.append((action.pk, channel.pk))
        day = date(action.strategy.period_start or 2024, 1, 1) + timedelta(days=rng.randrange(60))
        for n in range(UPDATES_PER_ACTION):
            author = rng.choice(action.reporters)
            status = path[min(n * len(path) // UPDATES_PER_ACTION, len(path) - 1)]
            comment = rng.choice(STATUS_COMMENTS)
            updates.append(
                (action.pk, n, ops.adapt_datefield_value(day), status, comment)
                + (author.get_full_name(), author.pk, now)
            )
            day += timedelta(days=rng.randint(14, 60))
    # Nine rows in ten are status updates and links: plain INSERTs, without building a model
    # instance and preparing every field through the ORM (that took four fifths of the time).
    _insert_rows(Action.target_groups.through, ["action", "targetgroup"], group_links)
    _insert_rows(Action.channels.through, ["action", "channel"], channel_links)
    _insert_rows(StatusUpdate, _UPDATE_FIELDS, updates)
    return len(updates)


_UPDATE_FIELDS = [
    "action",
    "position",
    "date",
    "status",
    "comment",
    "author_name",
    "author",
    "created_at",
]


def _insert_rows(model: type[models.Model], fields: list[str], rows: list[tuple]) -> None:
    """INSERT `rows` (values already adapted for the database) into `model`'s table."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start : start + 10_000])


@transaction.atomic
def add_generated_actions(
    *,
    strategy: Strategy,
    count: int,
    reporter: User,
    responsible: User | None = None,
    seed: int = 1,
) -> list[Action]:
    """Append `count` generated actions (with status history) to an existing strategy, using
    its goals, target groups and channels; every tenth goes to `responsible`. For tests and
    benchmarks that need one plan to grow; no audit entries, like the national set."""
    rng = random.Random(seed)
    last = strategy.actions.order_by("-position").values_list("position", flat=True).first()
    parts = _Parts(
        goals=list(strategy.goals.all()),
        approaches=list(strategy.approaches.all()),
        groups=list(strategy.target_groups.all()),
        channels=list(strategy.channels.all()),
    )
    owners = {0: responsible} if responsible else {}
    first = 0 if last is None else last + 1
    built = _build_actions(strategy, parts, first, count, owners, demo_texts(), rng)
    for action, _ in built:
        action.ref = f"gen{action.position}"  # clear of the plan's own a1, a2 …
        action.parts = parts
        action.reporters = [reporter, action.responsible_user or reporter]
    actions = Action.objects.bulk_create([a for a, _ in built], batch_size=BATCH)
    _links_and_updates(actions, [p for _, p in built], rng)
    return actions


def _group(items: list) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for item in items:
        grouped.setdefault(item.strategy_id, []).append(item)
    return grouped


_FIRST_NAMES = [
    "Anne",
    "Kari",
    "Ingrid",
    "Marit",
    "Silje",
    "Ida",
    "Nora",
    "Sara",
    "Ole",
    "Lars",
    "Per",
    "Jon",
    "Magnus",
    "Henrik",
    "Even",
    "Sindre",
    "Aslak",
    "Máret",
    "Ahmed",
    "Fatima",
    "Piotr",
]
_LAST_NAMES = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Berg",
    "Haugen",
    "Hagen",
    "Bakken",
    "Solberg",
    "Moen",
    "Eriksen",
    "Sara",
    "Hætta",
    "Lie",
]
