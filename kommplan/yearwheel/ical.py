"""Actions as an iCalendar file (RFC 5545) that Outlook, Google Calendar and Apple Calendar accept.

Every event is an all-day event (DTSTART;VALUE=DATE, DTEND the day after). A recurring action is
one event with an RRULE, not one event per occurrence; when its occurrences move off public
holidays, each moved occurrence is an override (same UID, RECURRENCE-ID of the original day).
UIDs are built from the action's id, so a calendar that subscribes sees updates, not duplicates.

Ongoing work ("Løpende") is left out: an all-day event lasting years would hide everything else
in the calendar. So are actions without a schedule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vRecur

from kommplan.actions.models import Action, ActionStatus
from kommplan.lib.timing import Kind, Schedule, rrule_parts, strip_rrule_prefix

from .occurrences import MAX_OCCURRENCES, expand, rule_dates
from .selectors import Period, Source, action_schedule, moves_to_working_day, strategy_period

PRODID = "-//kommplan//Årshjul//NB"
# How far ahead an open-ended rule is searched for its first day and for moved occurrences.
LOOKAHEAD_YEARS = 3


def build_calendar(
    actions: Iterable[Action],
    *,
    name: str = "kommplan",
    url_for: Callable[[Action], str] | None = None,
    uid_domain: str = "kommplan",
    today: date | None = None,
) -> bytes:
    """An iCalendar file with the scheduled `actions` (strategy, goal, options preloaded)."""
    today = today or datetime.now(UTC).date()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-published-ttl", "PT6H")
    periods: dict[int, Period] = {}
    for action in actions:
        period = periods.get(action.strategy_id)
        if period is None:
            period = periods[action.strategy_id] = strategy_period(action.strategy)
        schedule, source = action_schedule(action, period)
        for event in action_events(
            action,
            schedule,
            source=source,
            url=url_for(action) if url_for else "",
            uid_domain=uid_domain,
            today=today,
        ):
            calendar.add_component(event)
    return calendar.to_ical()


def action_events(
    action: Action,
    schedule: Schedule,
    *,
    source: Source,
    url: str,
    uid_domain: str,
    today: date,
) -> list[Event]:
    uid = f"kommplan-tiltak-{action.pk}@{uid_domain}"
    move = moves_to_working_day(action)
    if schedule.kind == Kind.DATE:
        return _single_days(action, schedule.dates or (schedule.due,), uid, move, source, url)
    if schedule.kind == Kind.RANGE:
        start = schedule.start or schedule.end
        end = schedule.end or schedule.start
        if start is None or end is None:
            return []
        event = _event(action, uid, start, end, source, url)
        return [event]
    if schedule.kind != Kind.RRULE:
        return []
    parts = rrule_parts(schedule.rrule)
    if "BYYEARDAY" in parts:
        # Several loose days stored as a rule: not every calendar reads BYYEARDAY, so list them.
        window_end = schedule.end or (schedule.start or today) + timedelta(days=366)
        days = rule_dates(
            schedule, schedule.start or date(today.year, 1, 1), window_end, limit=MAX_OCCURRENCES
        )
        return _single_days(action, tuple(days), uid, move, source, url)
    return _recurring(action, schedule, uid, move, source, url, today)


def _single_days(
    action: Action,
    days: tuple[date | None, ...],
    uid: str,
    move: bool,
    source: Source,
    url: str,
) -> list[Event]:
    days = tuple(sorted({d for d in days if d}))
    events = []
    for day in days:
        occurrence = expand(
            Schedule(Kind.DATE, due=day, dates=(day,)), day, day, move_to_working_day=move
        )[0]
        day_uid = uid if len(days) == 1 else uid.replace("@", f"-{day:%Y%m%d}@")
        events.append(_event(action, day_uid, occurrence.start, occurrence.start, source, url))
    return events


def _recurring(
    action: Action,
    schedule: Schedule,
    uid: str,
    move: bool,
    source: Source,
    url: str,
    today: date,
) -> list[Event]:
    anchor = schedule.start or date(today.year, 1, 1)
    horizon = schedule.end or date(anchor.year + LOOKAHEAD_YEARS, 12, 31)
    bounded = Schedule(Kind.RRULE, start=anchor, end=schedule.end, rrule=schedule.rrule)
    first = rule_dates(bounded, anchor, horizon, limit=1)
    if not first:
        return []
    # DTSTART must be an occurrence itself: RFC 5545 counts DTSTART as the first one.
    event = _event(action, uid, first[0], first[0], source, url)
    body = strip_rrule_prefix(schedule.rrule)
    rule = vRecur.from_ical(body)
    if schedule.end and "UNTIL" not in rule and "COUNT" not in rule:
        rule["UNTIL"] = [schedule.end]
    event.add("rrule", rule)
    events = [event]
    if move:
        for occurrence in expand(bounded, anchor, horizon, move_to_working_day=True):
            if occurrence.moved:
                override = _event(action, uid, occurrence.start, occurrence.start, source, url)
                override.add("recurrence-id", occurrence.original)
                events.append(override)
    return events


def _event(action: Action, uid: str, start: date, end: date, source: Source, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    stamp = (action.updated_at or datetime.now(UTC)).astimezone(UTC)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", action.version)
    event.add("dtstart", start)
    event.add("dtend", end + timedelta(days=1))
    event.add("summary", action.title)
    event.add("description", _description(action, source))
    event.add("transp", "TRANSPARENT")
    event.add("status", "CANCELLED" if action.status == ActionStatus.AVLYST else "CONFIRMED")
    if url:
        event.add("url", url)
    return event


def _description(action: Action, source: Source) -> str:
    lines = [_("Status: %(status)s") % {"status": action.get_status_display()}]
    goal = action.goal or (action.approach.goal if action.approach_id and action.approach else None)
    if goal:
        lines.append(_("Mål: %(goal)s") % {"goal": goal})
    if action.responsible:
        lines.append(_("Ansvarlig: %(name)s") % {"name": action.responsible})
    if action.timing:
        lines.append(_("Tid i planen: %(text)s") % {"text": action.timing})
    if source == Source.TEXT:
        lines.append(_("Tidspunktet er tolket fra teksten i planen og ikke bekreftet."))
    if action.description:
        lines.extend(["", action.description])
    return "\n".join(lines)
