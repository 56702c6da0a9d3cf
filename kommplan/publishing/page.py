"""What the public page of a strategy shows, built in a fixed number of queries.

Queries: goals, their strategies (delstrategier), strategies without a goal, target groups,
messages, their target groups, channels, principles, challenges, roles, rules, public actions,
their channels, their target groups, status reports of public actions. The årshjul, the chart
and the counts are worked out from the actions already fetched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kommplan.actions.models import Action, ActionStatus
from kommplan.lib.charts import PALETTE, Segment, status_bar_chart
from kommplan.strategies.models import Goal, Strategy
from kommplan.strategies.selectors import GoalNode, goal_tree, messages_with_groups
from kommplan.yearwheel.presenters import build_wheel, wheel_table
from kommplan.yearwheel.selectors import RingBy, YearPlan, strategy_period, year_plan
from kommplan.yearwheel.views import default_year
from kommplan.yearwheel.wheel import render_svg

from .selectors import public_actions, public_status_updates

LATEST_UPDATES = 15
WHEEL_YEARS_MAX = 12  # a plan "2000-2100" must not make the page expand a century of RRULEs

# Same colours and hatches as the dashboard's status chart.
STATUS_STYLES = {
    ActionStatus.IKKE_STARTET: PALETTE[0],
    ActionStatus.PAGAR: PALETTE[1],
    ActionStatus.FULLFORT: PALETTE[2],
    ActionStatus.FORSINKET: PALETTE[3],
    ActionStatus.AVLYST: PALETTE[4],
}


@dataclass
class GoalCount:
    label: str
    counts: list[int]  # in ActionStatus order

    @property
    def total(self) -> int:
        return sum(self.counts)


def _flatten(nodes: list[GoalNode]) -> list[Goal]:
    goals: list[Goal] = []
    for node in nodes:
        goals.append(node.goal)
        goals += _flatten(node.children)
    return goals


def action_goal(action: Action) -> Goal | None:
    return action.goal or (action.approach.goal if action.approach else None)


def status_counts(goals: list[Goal], actions: list[Action]) -> list[GoalCount]:
    """Public actions per goal (in the strategy's order) and status; goals without any left out."""
    statuses = list(ActionStatus)
    index = {status.value: i for i, status in enumerate(statuses)}
    counts: dict[int | None, list[int]] = {}
    for action in actions:
        goal = action_goal(action)
        row = counts.setdefault(goal.pk if goal else None, [0] * len(statuses))
        row[index[action.status]] += 1
    rows = [GoalCount(goal.text, counts[goal.pk]) for goal in goals if goal.pk in counts]
    if None in counts:
        rows.append(GoalCount(_("Uten mål"), counts[None]))
    return rows


def status_chart(rows: list[GoalCount], totals: list[int]) -> str:
    total = sum(totals)
    description = ngettext(
        "%(count)s offentlig tiltak fordelt på status for hvert mål.",
        "%(count)s offentlige tiltak fordelt på status for hvert mål.",
        total,
    ) % {"count": total}
    description += (
        " "
        + ", ".join(
            f"{status.label}: {count}" for status, count in zip(ActionStatus, totals, strict=True)
        )
        + ". "
        + _("Tabellen under grafen har tallene for hvert mål.")
    )
    return status_bar_chart(
        chart_id="apen-status-graf",
        title=_("Offentlige tiltak etter status per mål"),
        description=description,
        rows=[(row.label, row.counts) for row in rows],
        segments=[Segment(str(status.label), STATUS_STYLES[status]) for status in ActionStatus],
        axis_label=_("Antall tiltak"),
    )


def _years_with_marks(plan: YearPlan) -> set[int]:
    years: set[int] = set()
    for item in plan.scheduled:
        for occ in item.occurrences:
            years.update(range(occ.start.year, occ.end.year + 1))
    return years


def wheel_context(
    strategy: Strategy, actions: list[Action], *, today: date, year: int | None
) -> dict | None:
    """The årshjul of the public actions (the yearwheel app draws it), or None when no public
    action has a date or a recurrence. Every mark links to the action's row on the page."""
    period = strategy_period(strategy)
    first = period.start or period.reference_year or today.year
    last = min(max(period.end or first, first), first + WHEEL_YEARS_MAX - 1)

    def anchor(action: Action) -> str:
        return f"#tiltak-{action.pk}"

    whole = year_plan(
        strategy=strategy,
        actions=actions,
        window_start=date(first, 1, 1),
        window_end=date(last, 12, 31),
        url_for=anchor,
    )
    years = sorted(_years_with_marks(whole))
    if not years:
        return None
    if year not in years:
        preferred = default_year(period, today)
        earlier = [y for y in years if y <= preferred]
        year = preferred if preferred in years else (earlier[-1] if earlier else years[0])
    plan = year_plan(
        strategy=strategy,
        actions=actions,
        window_start=date(year, 1, 1),
        window_end=date(year, 12, 31),
        url_for=anchor,
    )
    title = _("Årshjul %(year)s – %(strategy)s") % {"year": year, "strategy": strategy.title}
    built = build_wheel(plan, year=year, ring_by=RingBy.GOAL, title=title, today=today)
    return {
        "year": year,
        "years": years,
        "svg": mark_safe(render_svg(built, interactive=True, id_prefix="apen-arshjul")),  # noqa: S308 - render_svg escapes every text
        "rows": wheel_table(plan, year=year, ring_by=RingBy.GOAL),
        "ring_count": len(built.rings),
        "count": len(plan.scheduled),
    }


def strategy_page(
    strategy: Strategy, *, today: date, year: int | None, url: Callable[..., str]
) -> dict:
    """The context of the public strategy page. `url(name, **params)` makes a public address
    of this strategy in the page's language."""
    tree = goal_tree(strategy)
    goals = _flatten(tree)
    actions = list(public_actions(strategy))
    rows = status_counts(goals, actions)
    totals = [sum(row.counts[i] for row in rows) for i in range(len(ActionStatus))]
    wheel = wheel_context(strategy, actions, today=today, year=year)
    if wheel:
        wheel["links"] = [
            (y, url("strategy", ar=y) + "#arshjul", y == wheel["year"]) for y in wheel["years"]
        ]
    return {
        "strategy": strategy,
        "organisation": strategy.organisation,
        "goal_tree": tree,
        "loose_approaches": list(strategy.approaches.filter(goal__isnull=True)),
        "target_groups": list(strategy.target_groups.all()),
        "key_messages": list(messages_with_groups(strategy)),
        "channels": list(strategy.channels.all()),
        "principles": list(strategy.principles.all()),
        "challenges": list(strategy.challenges.all()),
        "roles": list(strategy.roles.all()),
        "rules": list(strategy.rules.all()),
        # Never the notification list: its entries name people with phones and e-mails.
        "actions": actions,
        "statuses": list(ActionStatus),
        "status_rows": rows,
        "status_totals": totals,
        "status_summary": list(zip(ActionStatus, totals, strict=True)),
        "status_chart": status_chart(rows, totals) if actions else "",
        "updates": public_status_updates(strategy, limit=LATEST_UPDATES),
        "wheel": wheel,
        "today": today,
    }
