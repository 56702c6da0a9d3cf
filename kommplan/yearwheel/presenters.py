"""From a year plan to what the pages and files show: the wheel, its table, the calendar list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kommplan.actions.models import ActionStatus

from .occurrences import Occurrence
from .selectors import RingBy, ScheduledAction, Source, YearPlan, rings_for
from .wheel import Wheel, WheelLabels, WheelMark


def ring_heading(ring_by: RingBy) -> str:
    return {
        RingBy.GOAL: _("Mål"),
        RingBy.CHANNEL: _("Kanal"),
        RingBy.TARGET_GROUP: _("Målgruppe"),
    }[ring_by]


def none_label(ring_by: RingBy) -> str:
    return {
        RingBy.GOAL: _("Uten mål"),
        RingBy.CHANNEL: _("Uten kanal"),
        RingBy.TARGET_GROUP: _("Uten målgruppe"),
    }[ring_by]


@lru_cache(maxsize=8)
def _month_names(language: str) -> tuple[str, ...]:
    return tuple(date_format(date(2000, month, 1), "F") for month in range(1, 13))


def month_names() -> tuple[str, ...]:
    """The month names of the active language (formatted once: a big wheel names 5,000 days)."""
    return _month_names(get_language() or "")


def day_text(day: date, months: tuple[str, ...] | None = None) -> str:
    """ "3. februar 2024" (Django's "j. F Y", without its cost per call)."""
    return f"{day.day}. {(months or month_names())[day.month - 1]} {day.year}"


def span_text(start: date, end: date, months: tuple[str, ...] | None = None) -> str:
    months = months or month_names()
    if start == end:
        return day_text(start, months)
    if start.year == end.year:
        if start.month == end.month:
            return f"{start.day}.–{day_text(end, months)}"
        return f"{start.day}. {months[start.month - 1]}–{day_text(end, months)}"
    return f"{day_text(start, months)}–{day_text(end, months)}"


def occurrence_text(occ: Occurrence, months: tuple[str, ...] | None = None) -> str:
    """The date of an occurrence in words, with what a holiday did to it."""
    months = months or month_names()
    if occ.span:
        return span_text(occ.start, occ.end, months)
    text = day_text(occ.start, months)
    if occ.moved:
        reason = occ.holiday or _("helg")
        return _("%(day)s (flyttet fra %(original)s, %(reason)s)") % {
            "day": text,
            "original": day_text(occ.original, months),
            "reason": reason,
        }
    if occ.holiday:
        return _("%(day)s (helligdag: %(holiday)s)") % {"day": text, "holiday": occ.holiday}
    return text


def status_labels() -> dict[str, str]:
    return {value: str(label) for value, label in ActionStatus.choices}


def accessible_name(
    item: ScheduledAction, occ: Occurrence, months: tuple[str, ...] | None = None
) -> str:
    return f"{item.action.title} – {occurrence_text(occ, months)} – {item.status_label}"


def wheel_labels(*, title: str, description: str) -> WheelLabels:
    return WheelLabels(
        title=title,
        description=description,
        months=month_names(),
        statuses=status_labels(),
        today=_("I dag"),
        week=_("Uke"),
        status_heading=_("Status"),
        rings_heading=_("Ringer"),
    )


def build_wheel(
    plan: YearPlan,
    *,
    year: int,
    ring_by: RingBy,
    title: str,
    today: date | None,
    links: bool = True,
) -> Wheel:
    labels, pairs = rings_for(plan.scheduled, ring_by, none_label=none_label(ring_by))
    months = month_names()
    marks: list[WheelMark] = []
    for item, ring in pairs:
        for occ in item.occurrences:
            if occ.start.year != year and not occ.span:
                continue  # moved past New Year's Eve: drawn in the next year's wheel
            marks.append(
                WheelMark(
                    ring=ring,
                    key=item.action.pk,
                    start=occ.start,
                    end=occ.end,
                    span=occ.span,
                    status=item.action.status,
                    name=accessible_name(item, occ, months),
                    href=item.url if links else "",
                )
            )
    if not labels:
        labels = [_("Ingen tiltak med tid i %(year)s") % {"year": year}]
    description = _(
        "Årshjul for %(year)s med %(actions)s tiltak i %(rings)s ringer, ring 1 ytterst. "
        "Samme innhold står i tabellen under årshjulet."
    ) % {"year": year, "actions": len(plan.scheduled), "rings": len(labels)}
    return Wheel(
        year=year,
        rings=labels,
        marks=marks,
        labels=wheel_labels(title=title, description=description),
        today=today,
    )


@dataclass
class TableRow:
    month: int
    when: str
    item: ScheduledAction
    rings: str
    sort_key: tuple = field(default=(), repr=False)

    @property
    def month_name(self) -> str:
        return month_names()[self.month - 1].capitalize()


def wheel_table(plan: YearPlan, *, year: int, ring_by: RingBy) -> list[TableRow]:
    """The wheel as rows: one per action and month, its days in that month listed together.

    A date range is one row, in the month where it starts (or January when it started earlier).
    """
    _labels, pairs = rings_for(plan.scheduled, ring_by, none_label=none_label(ring_by))
    ring_names: dict[int, list[str]] = {}
    for item, ring in pairs:
        ring_names.setdefault(item.action.pk, []).append(_labels[ring])
    rows: list[TableRow] = []
    months = month_names()
    for item in plan.scheduled:
        rings = ", ".join(ring_names.get(item.action.pk, []))
        by_month: dict[int, list[Occurrence]] = {}
        for occ in item.occurrences:
            if occ.start.year != year and not occ.span:
                continue
            by_month.setdefault(occ.start.month if occ.start.year == year else 1, []).append(occ)
        for month, occs in by_month.items():
            when = "; ".join(occurrence_text(occ, months) for occ in occs)
            if item.source == Source.TEXT:
                when += " " + _("(tolket fra «%(text)s»)") % {"text": item.schedule.text}
            rows.append(
                TableRow(
                    month=month,
                    when=when,
                    item=item,
                    rings=rings,
                    sort_key=(month, occs[0].start, item.action.position, item.action.pk),
                )
            )
    rows.sort(key=lambda row: row.sort_key)
    return rows


@dataclass
class ListGroup:
    label: str
    rows: list[tuple[Occurrence, ScheduledAction, str]]


def calendar_groups(plan: YearPlan, *, by_week: bool) -> list[ListGroup]:
    """Occurrences grouped by month (or by ISO week), each with its date in words."""
    groups: dict[tuple[int, int], ListGroup] = {}
    months = month_names()
    for occ, item in plan.rows():
        start = max(occ.start, plan.window_start)
        if by_week:
            iso = start.isocalendar()
            key = (iso[0], iso[1])
            monday = start - timedelta(days=start.weekday())
            label = _("Uke %(week)s (%(from)s–%(to)s)") % {
                "week": iso[1],
                "from": f"{monday.day}. {month_names()[monday.month - 1]}",
                "to": day_text(monday + timedelta(days=6)),
            }
        else:
            key = (start.year, start.month)
            label = f"{month_names()[start.month - 1]} {start.year}".capitalize()
        group = groups.setdefault(key, ListGroup(label=label, rows=[]))
        group.rows.append((occ, item, occurrence_text(occ, months)))
    return [groups[key] for key in sorted(groups)]
