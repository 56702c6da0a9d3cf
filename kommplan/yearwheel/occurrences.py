"""A schedule's occurrences in a window of days, with Norwegian public holidays marked.

Pure Python (dateutil and `holidays`), no database: the årshjul, the calendar list, the
iCalendar export and the schedule editor's preview all expand schedules here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple

import holidays
from dateutil.rrule import rrulestr

from kommplan.lib.timing import Kind, Schedule, strip_rrule_prefix

# A daily rule over a long window would otherwise produce thousands of marks.
MAX_OCCURRENCES = 1000


class Occurrence(NamedTuple):  # a tuple: a year of a big plan makes thousands of them
    start: date
    end: date  # the same as `start` for a single day
    original: date | None = None  # the scheduled day, when moved to the next working day
    holiday: str = ""  # the public holiday on the scheduled day
    weekend: bool = False  # the scheduled day is a Saturday or Sunday
    span: bool = False  # a date range (or ongoing work), not one day

    @property
    def scheduled(self) -> date:
        return self.original or self.start

    @property
    def moved(self) -> bool:
        return self.original is not None


@lru_cache(maxsize=64)
def norwegian_holidays(year: int) -> dict[date, str]:
    """Public holidays (helligdager) of `year`, Norwegian names; Sundays are not listed."""
    return dict(holidays.Norway(years=year, language="no"))


def holiday_name(day: date) -> str:
    return norwegian_holidays(day.year).get(day, "")


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not holiday_name(day)


def next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def expand(
    schedule: Schedule,
    window_start: date,
    window_end: date,
    *,
    move_to_working_day: bool = False,
    limit: int = MAX_OCCURRENCES,
) -> list[Occurrence]:
    """The occurrences of `schedule` between the two days (inclusive), at most `limit`.

    Ranges and ongoing work come back as one occurrence clipped to the window. A single day that
    falls on a public holiday or a weekend is marked, and moved to the next working day when
    `move_to_working_day` is set (the move may carry it just past the window's end).
    """
    if window_end < window_start:
        return []
    if schedule.kind in (Kind.RANGE, Kind.CONTINUOUS):
        start = max(schedule.start or window_start, window_start)
        end = min(schedule.end or window_end, window_end)
        if start > end:
            return []
        return [Occurrence(start=start, end=end, span=True)]
    if schedule.kind == Kind.DATE:
        days = schedule.dates or ((schedule.due,) if schedule.due else ())
        found = sorted(d for d in set(days) if window_start <= d <= window_end)
    elif schedule.kind == Kind.RRULE:
        found = rule_dates(schedule, window_start, window_end, limit=limit)
    else:
        return []
    return [_mark(day, move_to_working_day) for day in found[:limit]]


def rule_dates(
    schedule: Schedule, window_start: date, window_end: date, *, limit: int
) -> list[date]:
    """The days of an RRULE schedule in the window; [] when the rule cannot be read."""
    anchor = schedule.start or date(window_start.year, 1, 1)
    last = min(window_end, schedule.end) if schedule.end else window_end
    first = max(window_start, anchor)
    if last < first:
        return []
    try:
        rule = _parsed_rule(strip_rrule_prefix(schedule.rrule), anchor)
        days: list[date] = []
        for moment in rule.xafter(datetime.combine(first, time()), inc=True):
            day = moment.date()
            if day > last or len(days) >= limit:
                break
            days.append(day)
    except (ValueError, TypeError, OverflowError):
        return []
    return days


@lru_cache(maxsize=512)
def _parsed_rule(body: str, anchor: date):
    """Parsed once: a plan repeats the same few rules ("first weekday of the month") a lot."""
    return rrulestr(body, dtstart=datetime.combine(anchor, time()), ignoretz=True)


def _mark(day: date, move: bool) -> Occurrence:
    holiday = holiday_name(day)
    weekend = day.weekday() >= 5
    if move and (holiday or weekend):
        return Occurrence(
            start=next_working_day(day),
            end=next_working_day(day),
            original=day,
            holiday=holiday,
            weekend=weekend,
        )
    return Occurrence(start=day, end=day, holiday=holiday, weekend=weekend)
