"""Helpers for the follow-up, indicator and audit tests: reading tables out of pages, and a
generated strategy the size of a large municipality's plan."""

from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser

from django.contrib.auth.models import User

from kommplan.actions.models import Action, ActionStatus, StatusUpdate
from kommplan.indicators.models import Indicator, Measurement
from kommplan.organisations.models import Organisation
from kommplan.strategies.models import Goal, GoalStrategy, Strategy


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.stack: list[list[list[str]]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.counts: dict[str, int] = {}
        self.attrs: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.counts[tag] = self.counts.get(tag, 0) + 1
        self.attrs.append((tag, dict(attrs)))
        if tag == "table":
            rows: list[list[str]] = []
            self.tables[dict(attrs).get("id") or f"table-{len(self.tables)}"] = rows
            self.stack.append(rows)
        elif tag == "tr" and self.stack:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.stack:
            self.stack.pop()
        elif tag == "tr" and self.row is not None:
            self.stack[-1].append(self.row)
            self.row = None
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def parse(html: bytes | str) -> _Tables:
    parser = _Tables()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return parser


def table(html: bytes | str, table_id: str) -> list[list[str]]:
    """The rows of the table with this id, each as its cells' text (header row included)."""
    return parse(html).tables[table_id]


def assert_accessible_tables(html: bytes | str) -> None:
    """Exactly one h1; every table has a caption and every th a scope (or is a row header)."""
    page = parse(html)
    assert page.counts.get("h1") == 1
    assert page.counts.get("table", 0) == page.counts.get("caption", 0)
    for tag, attrs in page.attrs:
        if tag == "th":
            assert attrs.get("scope") in ("col", "row"), attrs


def generate_strategy(
    organisation: Organisation, *, actions: int, author: User, today: date
) -> Strategy:
    """A strategy with goals, sub-goals, strategies, `actions` actions in every status, status
    updates, due dates around today and indicators with measurements."""
    strategy = Strategy.objects.create(organisation=organisation, title="Generert strategi")
    goals = []
    for i in range(8):
        goal = Goal.objects.create(
            strategy=strategy,
            ref=f"g{i}",
            position=i,
            text=f"Mål nummer {i}",
            parent=goals[0] if i in (3, 4) else None,
        )
        goals.append(goal)
    approach = GoalStrategy.objects.create(strategy=strategy, ref="s1", goal=goals[1], text="S")
    statuses = list(ActionStatus)
    created = Action.objects.bulk_create(
        Action(
            strategy=strategy,
            ref=f"a{i}",
            position=i,
            title=f"Tiltak nummer {i}",
            goal=goals[i % 8] if i % 5 else None,
            approach=approach if i % 7 == 0 else None,
            status=statuses[i % len(statuses)],
            due_date=today + timedelta(days=(i % 90) - 45) if i % 3 == 0 else None,
            responsible_user=author if i % 4 == 0 else None,
            responsible="Kommunikasjonsavdelingen",
        )
        for i in range(actions)
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            action=action,
            date=today - timedelta(days=i % 20),
            status=action.status,
            comment=f"Oppdatering {i}",
            author=author,
        )
        for i, action in enumerate(created[: actions // 2])
    )
    for i in range(6):
        indicator = Indicator.objects.create(
            strategy=strategy,
            ref=f"i{i}",
            position=i,
            name=f"Indikator {i}",
            target=10 * (i + 1),
            goal=goals[i] if i % 2 else None,
            action=created[i] if not i % 2 else None,
        )
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                position=k,
                date=today - timedelta(days=30 * k),
                value=float(k * 3),
            )
            for k in range(8)
        )
    return strategy
