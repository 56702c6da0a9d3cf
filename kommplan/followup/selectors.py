"""The numbers on the strategy dashboard, in a fixed number of queries however large the plan."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, QuerySet
from django.db.models.functions import Coalesce

from kommplan.actions.access import visible_actions
from kommplan.actions.models import Action, ActionStatus, StatusUpdate
from kommplan.indicators.models import Indicator
from kommplan.indicators.selectors import indicators_for_strategy
from kommplan.organisations.access import Access
from kommplan.strategies.models import Goal, Strategy

DUE_SOON_DAYS = 30
LATEST_UPDATES = 10
# Finished and cancelled actions are never late.
CLOSED = (ActionStatus.FULLFORT, ActionStatus.AVLYST)


@dataclass
class GoalRow:
    """One row of the status table: a goal (None for actions without one) and its counts."""

    goal: Goal | None
    depth: int
    counts: list[int]  # in ActionStatus order

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def indent(self) -> int:
        return min(self.depth, 3)


@dataclass
class Dashboard:
    statuses: list[ActionStatus]
    rows: list[GoalRow]
    overdue: list[Action]
    due_soon: list[Action]
    updates: list[StatusUpdate]
    indicators: list[Indicator]
    today: date
    totals: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.totals = [sum(row.counts[i] for row in self.rows) for i in range(len(self.statuses))]

    @property
    def total(self) -> int:
        return sum(self.totals)

    @property
    def due_soon_until(self) -> date:
        return self.today + timedelta(days=DUE_SOON_DAYS)


def strategy_dashboard(*, strategy: Strategy, access: Access, today: date) -> Dashboard:
    """Everything the dashboard shows, limited to the actions the user may see.

    Queries: goals; action counts by goal and status; open actions due within 30 days (or
    overdue) with goal and responsible user; the latest status updates with action and author;
    indicators with goal and action; their measurements.
    """
    actions = visible_actions(access, strategy.actions.all())
    statuses = list(ActionStatus)
    return Dashboard(
        statuses=statuses,
        rows=_rows_by_goal(strategy, actions, statuses),
        **_deadlines(actions, today),
        updates=list(
            StatusUpdate.objects.filter(action__in=actions)
            .select_related("action", "author")
            .order_by("-date", "-created_at", "-pk")[:LATEST_UPDATES]
        ),
        indicators=list(indicators_for_strategy(strategy, access)),
        today=today,
    )


def _rows_by_goal(
    strategy: Strategy, actions: QuerySet[Action], statuses: list[ActionStatus]
) -> list[GoalRow]:
    goals = list(strategy.goals.order_by("position", "pk"))
    # An action filed under a goal's strategy (delstrategi) belongs to that goal too.
    counted = (
        actions.annotate(goal_key=Coalesce("goal_id", "approach__goal_id"))
        .values("goal_key", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int | None, list[int]] = defaultdict(lambda: [0] * len(statuses))
    index = {status.value: i for i, status in enumerate(statuses)}
    for row in counted:
        counts[row["goal_key"]][index[row["status"]]] += row["n"]

    rows = [GoalRow(goal, depth, counts[goal.pk]) for goal, depth in _tree_order(goals)]
    if counts.get(None):
        rows.append(GoalRow(None, 0, counts[None]))
    return rows


def _tree_order(goals: list[Goal]) -> list[tuple[Goal, int]]:
    """Goals depth first, each sub-goal right after its parent, as the strategy reads."""
    children: dict[int | None, list[Goal]] = defaultdict(list)
    known = {goal.pk for goal in goals}
    for goal in goals:
        children[goal.parent_id if goal.parent_id in known else None].append(goal)
    ordered: list[tuple[Goal, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for goal in children[parent]:
            ordered.append((goal, depth))
            walk(goal.pk, depth + 1)

    walk(None, 0)
    return ordered


def _deadlines(actions: QuerySet[Action], today: date) -> dict[str, list[Action]]:
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    # Action.is_overdue reads the deadline as due date, else end date; so does this query.
    open_with_deadline = (
        actions.annotate(deadline=Coalesce("due_date", "end_date"))
        .filter(deadline__lte=horizon)
        .exclude(status__in=CLOSED)
        .select_related("goal", "responsible_user")
        .order_by("deadline", "position", "pk")
    )
    overdue, due_soon = [], []
    for action in open_with_deadline:
        (overdue if action.deadline < today else due_soon).append(action)
    return {"overdue": overdue, "due_soon": due_soon}
