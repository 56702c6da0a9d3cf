"""What goes into the documents: the strategy and the status report, read once, format-free.

The DOCX and the PDF writers both render these dataclasses, so the two formats always carry the
same content, and what a public or a restricted reader may see is decided here, in one place.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kommplan.actions.access import visible_actions
from kommplan.actions.models import Action, ActionStatus, StatusUpdate
from kommplan.organisations.access import Access
from kommplan.organisations.models import Organisation
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

# Finished and cancelled actions are never late.
CLOSED = (ActionStatus.FULLFORT, ActionStatus.AVLYST)
STATUS_ORDER = (
    ActionStatus.IKKE_STARTET,
    ActionStatus.PAGAR,
    ActionStatus.FULLFORT,
    ActionStatus.FORSINKET,
    ActionStatus.AVLYST,
)


def selected_actions(
    strategy: Strategy, *, public_only: bool, access: Access | None
) -> QuerySet[Action]:
    """The actions a document may contain: only public ones in a public document, and only the
    ones the reader may see (a member organisation's reader sees those assigned to it)."""
    actions = Action.objects.filter(strategy=strategy)
    if access is not None:
        actions = visible_actions(access, actions)
    if public_only:
        actions = actions.filter(public=True)
    return actions.select_related("goal", "approach__goal", "assigned_organisation").order_by(
        "position", "pk"
    )


def responsible_text(action: Action) -> str:
    # Never a user's name: the plan's own text, or the organisation the action is given to.
    if action.responsible:
        return action.responsible
    if action.assigned_organisation is not None:
        return action.assigned_organisation.name
    return ""


def timing_text(action: Action) -> str:
    if action.timing:
        return action.timing
    if action.start_date and action.end_date:
        return f"{action.start_date:%d.%m.%Y}–{action.end_date:%d.%m.%Y}"
    when = action.due_date or action.end_date or action.start_date
    return f"{when:%d.%m.%Y}" if when else ""


def period_text(strategy: Strategy) -> str:
    return strategy.period_label


def adopted_text(strategy: Strategy) -> str:
    if strategy.adopted_by and strategy.adopted_date:
        return _("Vedtatt av %(by)s %(date)s") % {
            "by": strategy.adopted_by,
            "date": _norwegian_date(strategy.adopted_date),
        }
    if strategy.adopted_by:
        return _("Vedtatt av %(by)s") % {"by": strategy.adopted_by}
    if strategy.adopted_date:
        return _("Vedtatt %(date)s") % {"date": _norwegian_date(strategy.adopted_date)}
    return ""


def _norwegian_date(value: str) -> str:
    parts = value.split("-")
    return ".".join(reversed(parts))


# A year range such as "2023 - 2026" or "2023-2026" in a title.
YEAR_RANGE = re.compile(r"(?<![\d-])((?:19|20)\d\d) ?[-–—] ?((?:19|20)\d\d)(?![\d-])")


def print_title(title: str) -> str:
    """The title as printed: a year range written the Norwegian way, 2023–2026 (en dash, no
    spaces)."""
    return YEAR_RANGE.sub(r"\1–\2", title)


def print_title_html(title: str) -> SafeString:
    """print_title with each year range in a <span class="period">, which the print CSS keeps
    on one line, so a long title never breaks as "2023 /- 2026"."""
    parts, last = [], 0
    for match in YEAR_RANGE.finditer(title):
        parts.append(escape(title[last : match.start()]))
        parts.append(format_html('<span class="period">{}–{}</span>', match[1], match[2]))
        last = match.end()
    parts.append(escape(title[last:]))
    return mark_safe("".join(parts))  # every part is escaped or built by format_html


def slug_filename(strategy: Strategy, kind: str, extension: str) -> str:
    """rana-kommunikasjonsstrategi-2023-2026.pdf: organisation, kind, period."""
    from django.utils.text import slugify

    organisation = strategy.organisation.slug.removesuffix("-kommune") or "plan"
    period = slugify(strategy.period_label.replace("–", "-")) if strategy.period_label else ""
    parts = [organisation, kind] + ([period] if period else [])
    return "-".join(parts) + "." + extension


# --- the strategy document -----------------------------------------------------------------


@dataclass
class GoalNode:
    goal: Goal
    depth: int
    approaches: list[GoalStrategy] = field(default_factory=list)
    children: list[GoalNode] = field(default_factory=list)


@dataclass
class NotificationLine:
    role: str
    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class ActionLine:
    action: Action
    title: str
    responsible: str
    financing: str
    timing: str
    status: str


@dataclass
class StrategyContent:
    strategy: Strategy
    organisation: Organisation
    public_only: bool
    challenges: list[Challenge]
    principles: list[Principle]
    goals: list[GoalNode]
    approaches: list[GoalStrategy]
    target_groups: list[TargetGroup]
    messages: list[KeyMessage]
    channels: list[Channel]
    roles: list[Role]
    rules: list[Rule]
    notification: list[NotificationLine]
    actions: list[ActionLine]

    @property
    def title(self) -> str:
        return self.strategy.title

    @property
    def print_title(self) -> str:
        return print_title(self.strategy.title)

    @property
    def print_title_html(self) -> SafeString:
        return print_title_html(self.strategy.title)

    @property
    def period(self) -> str:
        return period_text(self.strategy)

    @property
    def adopted(self) -> str:
        return adopted_text(self.strategy)

    @property
    def has_crisis(self) -> bool:
        return bool(self.strategy.crisis_note or self.notification)

    def sections(self) -> list[tuple[str, str]]:
        """(anchor, heading) of every top-level section, in document order: the contents."""
        s = self.strategy
        wanted = [
            ("visjon", _("Visjon"), bool(s.vision)),
            ("formal", _("Formål"), bool(s.purpose)),
            ("utfordringer", _("Utfordringer"), bool(self.challenges)),
            ("prinsipper", _("Kommunikasjonsprinsipper"), bool(self.principles)),
            ("mal", _("Mål"), bool(self.goals)),
            ("strategier", _("Strategier"), bool(self.approaches)),
            ("malgrupper", _("Målgrupper"), bool(self.target_groups)),
            ("budskap", _("Budskap"), bool(self.messages)),
            ("kanaler", _("Kanaler"), bool(self.channels)),
            ("roller", _("Roller og ansvar"), bool(self.roles)),
            ("regler", _("Lover og regler"), bool(self.rules)),
            ("krise", _("Krisekommunikasjon"), self.has_crisis),
            ("tiltaksplan", _("Tiltaksplan"), True),
        ]
        return [(anchor, heading) for anchor, heading, present in wanted if present]


def strategy_content(
    strategy: Strategy, *, public_only: bool = False, access: Access | None = None
) -> StrategyContent:
    goals = list(Goal.objects.filter(strategy=strategy))
    approaches = list(GoalStrategy.objects.filter(strategy=strategy).select_related("goal"))
    by_goal: dict[int | None, list[GoalStrategy]] = defaultdict(list)
    for approach in approaches:
        by_goal[approach.goal_id].append(approach)
    children: dict[int | None, list[Goal]] = defaultdict(list)
    for goal in goals:
        children[goal.parent_id].append(goal)
    known = {goal.pk for goal in goals}

    def node(goal: Goal, depth: int, seen: set[int]) -> GoalNode:
        seen.add(goal.pk)
        kids = [node(child, depth + 1, seen) for child in children[goal.pk] if child.pk not in seen]
        return GoalNode(goal, depth, by_goal.get(goal.pk, []), kids)

    seen: set[int] = set()
    roots = [g for g in goals if g.parent_id is None or g.parent_id not in known]
    tree = [node(goal, 0, seen) for goal in roots]

    entries = list(NotificationEntry.objects.filter(strategy=strategy))
    if public_only:
        # A public document names the roles that are alerted, never the people behind them.
        notification = [NotificationLine(role=e.role) for e in entries]
    else:
        notification = [NotificationLine(e.role, e.name, e.phone, e.email) for e in entries]
    actions = [
        ActionLine(
            action=action,
            title=action.title,
            responsible=responsible_text(action),
            financing=action.financing,
            timing=timing_text(action),
            status=action.get_status_display(),
        )
        for action in selected_actions(strategy, public_only=public_only, access=access)
    ]
    return StrategyContent(
        strategy=strategy,
        organisation=strategy.organisation,
        public_only=public_only,
        challenges=list(Challenge.objects.filter(strategy=strategy)),
        principles=list(Principle.objects.filter(strategy=strategy)),
        goals=tree,
        approaches=approaches,
        target_groups=list(TargetGroup.objects.filter(strategy=strategy)),
        messages=list(
            KeyMessage.objects.filter(strategy=strategy).prefetch_related("target_groups")
        ),
        channels=list(Channel.objects.filter(strategy=strategy)),
        roles=list(Role.objects.filter(strategy=strategy)),
        rules=list(Rule.objects.filter(strategy=strategy)),
        notification=notification,
        actions=actions,
    )


# --- the status report ---------------------------------------------------------------------


@dataclass
class ReportAction:
    action: Action
    status: str  # an ActionStatus value as of the end of the period
    latest: StatusUpdate | None  # the latest report with a comment within the period
    in_period: list[StatusUpdate]
    late: bool
    late_reason: str
    responsible: str
    deadline: date | None

    @property
    def status_label(self) -> str:
        return ActionStatus(self.status).label


@dataclass
class ReportGoal:
    title: str
    depth: int
    actions: list[ReportAction]

    def counts(self) -> list[int]:
        return [sum(1 for a in self.actions if a.status == s) for s in STATUS_ORDER]


@dataclass
class DoneLine:
    update: StatusUpdate
    action_title: str


@dataclass
class StatusContent:
    strategy: Strategy
    organisation: Organisation
    start: date
    end: date
    public_only: bool
    goals: list[ReportGoal]
    counts_start: list[int]
    counts_end: list[int]
    done: list[DoneLine]

    @property
    def statuses(self) -> list[ActionStatus]:
        return list(STATUS_ORDER)

    @property
    def actions(self) -> list[ReportAction]:
        return [a for goal in self.goals for a in goal.actions]

    @property
    def late(self) -> list[ReportAction]:
        return [a for a in self.actions if a.late]

    @property
    def total(self) -> int:
        return sum(self.counts_end)

    @property
    def completed_in_period(self) -> int:
        return sum(
            1
            for a in self.actions
            if a.status == ActionStatus.FULLFORT
            and any(u.status == ActionStatus.FULLFORT for u in a.in_period)
        )


def status_as_of(action: Action, updates: list[StatusUpdate], day: date) -> str:
    """The status the action had at the end of `day`, from its history.

    With no history at all the plan's own status is all we know. With history that only starts
    after `day`, the action had not been started yet then.
    """
    if not updates:
        return action.status
    before = [u for u in updates if u.date <= day]
    return before[-1].status if before else ActionStatus.IKKE_STARTET


def status_content(
    strategy: Strategy,
    *,
    start: date,
    end: date,
    public_only: bool = False,
    access: Access | None = None,
) -> StatusContent:
    actions = list(
        selected_actions(strategy, public_only=public_only, access=access).prefetch_related(
            Prefetch(
                "updates",
                queryset=StatusUpdate.objects.order_by("date", "position", "pk"),
                to_attr="history",
            )
        )
    )
    goals = list(Goal.objects.filter(strategy=strategy))
    rows: dict[int | None, list[ReportAction]] = defaultdict(list)
    counts_start = [0] * len(STATUS_ORDER)
    done: list[DoneLine] = []
    for action in actions:
        history: list[StatusUpdate] = action.history
        status = status_as_of(action, history, end)
        in_period = [u for u in history if start <= u.date <= end]
        deadline = action.due_date or action.end_date
        late = status not in CLOSED and (
            status == ActionStatus.FORSINKET or (deadline is not None and deadline < end)
        )
        reason = ""
        if late:
            explained = [u for u in history if u.date <= end and u.comment.strip()]
            reason = explained[-1].comment if explained else ""
        rows[_goal_of(action)].append(
            ReportAction(
                action=action,
                status=status,
                latest=next(
                    (u for u in reversed(in_period) if u.comment.strip()),
                    in_period[-1] if in_period else None,
                ),
                in_period=in_period,
                late=late,
                late_reason=reason,
                responsible=responsible_text(action),
                deadline=deadline,
            )
        )
        counts_start[STATUS_ORDER.index(ActionStatus(status_as_of(action, history, start)))] += 1
        done.extend(DoneLine(update, action.title) for update in in_period)
    report_goals = [
        ReportGoal(goal.text, depth, rows[goal.pk])
        for goal, depth in _goal_order(goals)
        if rows.get(goal.pk)
    ]
    if rows.get(None):
        report_goals.append(ReportGoal(_("Tiltak uten mål"), 0, rows[None]))
    counts_end = [sum(g.counts()[i] for g in report_goals) for i in range(len(STATUS_ORDER))]
    done.sort(key=lambda line: (line.update.date, line.update.position, line.update.pk))
    return StatusContent(
        strategy=strategy,
        organisation=strategy.organisation,
        start=start,
        end=end,
        public_only=public_only,
        goals=report_goals,
        counts_start=counts_start,
        counts_end=counts_end,
        done=done,
    )


def _goal_of(action: Action) -> int | None:
    if action.goal_id:
        return action.goal_id
    if action.approach is not None and action.approach.goal_id:
        return action.approach.goal_id
    return None


def _goal_order(goals: list[Goal]) -> list[tuple[Goal, int]]:
    """Goals depth first, in document order, each with its depth under the top goals."""
    children: dict[int | None, list[Goal]] = defaultdict(list)
    known = {goal.pk for goal in goals}
    for goal in goals:
        children[goal.parent_id if goal.parent_id in known else None].append(goal)
    ordered: list[tuple[Goal, int]] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for goal in children[parent]:
            if goal.pk not in seen:
                seen.add(goal.pk)
                ordered.append((goal, depth))
                walk(goal.pk, depth + 1)

    walk(None, 0)
    return ordered
