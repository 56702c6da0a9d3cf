from datetime import date

from kommplan.lib.timing import Kind, Schedule, parse_timing
from kommplan.yearwheel.occurrences import (
    MAX_OCCURRENCES,
    expand,
    holiday_name,
    next_working_day,
    norwegian_holidays,
)

YEAR_2024 = (date(2024, 1, 1), date(2024, 12, 31))


def test_norwegian_public_holidays_have_their_norwegian_names():
    days = norwegian_holidays(2024)
    assert days[date(2024, 5, 17)] == "Grunnlovsdag"
    assert days[date(2024, 4, 1)] == "Andre påskedag"
    assert date(2024, 6, 2) not in days  # an ordinary Sunday is not a public holiday
    assert len(days) == 12


def test_the_next_working_day_skips_weekends_and_holidays():
    assert next_working_day(date(2024, 3, 28)) == date(2024, 4, 2)  # Easter
    assert next_working_day(date(2024, 5, 18)) == date(2024, 5, 21)  # Whit Monday after
    assert next_working_day(date(2024, 5, 22)) == date(2024, 5, 22)


def test_a_monthly_rule_gives_the_first_weekday_of_every_month():
    schedule = parse_timing("månedlig", period_start=2024)
    days = [occ.start for occ in expand(schedule, *YEAR_2024)]
    assert len(days) == 12
    assert days[:3] == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]
    assert all(d.weekday() < 5 for d in days)


def test_an_occurrence_on_a_public_holiday_is_flagged():
    schedule = parse_timing("månedlig", period_start=2024)
    flagged = {occ.start: occ.holiday for occ in expand(schedule, *YEAR_2024) if occ.holiday}
    assert flagged == {
        date(2024, 1, 1): "Første nyttårsdag",
        date(2024, 4, 1): "Andre påskedag",
        date(2024, 5, 1): "Arbeidernes dag",
    }


def test_an_occurrence_on_a_holiday_can_move_to_the_next_working_day():
    schedule = parse_timing("månedlig", period_start=2024)
    moved = [occ for occ in expand(schedule, *YEAR_2024, move_to_working_day=True) if occ.moved]
    assert [(occ.original, occ.start, occ.holiday) for occ in moved] == [
        (date(2024, 1, 1), date(2024, 1, 2), "Første nyttårsdag"),
        (date(2024, 4, 1), date(2024, 4, 2), "Andre påskedag"),
        (date(2024, 5, 1), date(2024, 5, 2), "Arbeidernes dag"),
    ]


def test_a_weekend_day_is_marked_and_moves_to_monday():
    schedule = Schedule(Kind.DATE, due=date(2024, 6, 1), dates=(date(2024, 6, 1),))
    (kept,) = expand(schedule, *YEAR_2024)
    assert kept.weekend and kept.start == date(2024, 6, 1) and not kept.moved
    (moved,) = expand(schedule, *YEAR_2024, move_to_working_day=True)
    assert (moved.start, moved.original) == (date(2024, 6, 3), date(2024, 6, 1))


def test_a_rule_stays_within_its_own_bounds_and_the_window():
    schedule = Schedule(
        Kind.RRULE, start=date(2024, 3, 1), end=date(2024, 3, 31), rrule="FREQ=WEEKLY;BYDAY=FR"
    )
    days = [occ.start for occ in expand(schedule, date(2024, 1, 1), date(2024, 3, 20))]
    assert days == [date(2024, 3, 1), date(2024, 3, 8), date(2024, 3, 15)]


def test_a_rule_without_bounds_is_anchored_at_the_start_of_the_windows_year():
    schedule = Schedule(Kind.RRULE, rrule="FREQ=MONTHLY;INTERVAL=6")
    days = [occ.start for occ in expand(schedule, *YEAR_2024)]
    assert days == [date(2024, 1, 1), date(2024, 7, 1)]


def test_a_daily_rule_is_capped():
    schedule = Schedule(Kind.RRULE, start=date(2000, 1, 1), rrule="FREQ=DAILY")
    assert len(expand(schedule, date(2000, 1, 1), date(2010, 12, 31))) == MAX_OCCURRENCES
    assert len(expand(schedule, *YEAR_2024, limit=10)) == 10


def test_a_range_is_one_occurrence_clipped_to_the_window():
    schedule = parse_timing("Løpende", period_start=2023, period_end=2026)
    (occ,) = expand(schedule, *YEAR_2024)
    assert (occ.start, occ.end, occ.span) == (date(2024, 1, 1), date(2024, 12, 31), True)
    assert expand(parse_timing("høsten 2020"), *YEAR_2024) == []


def test_several_days_each_occur():
    schedule = parse_timing("22.1. 30.1.", period_start=2024)
    assert [occ.start for occ in expand(schedule, *YEAR_2024)] == [
        date(2024, 1, 22),
        date(2024, 1, 30),
    ]


def test_an_unreadable_rule_or_an_unparsed_schedule_has_no_occurrences():
    assert expand(Schedule(Kind.RRULE, rrule="FREQ=SOMETIMES"), *YEAR_2024) == []
    assert expand(parse_timing("F.møter"), *YEAR_2024) == []
    assert expand(parse_timing("månedlig"), date(2024, 2, 1), date(2024, 1, 1)) == []


def test_holiday_name_is_empty_on_an_ordinary_day():
    assert holiday_name(date(2024, 5, 16)) == ""
    assert holiday_name(date(2024, 12, 25)) == "Første juledag"
