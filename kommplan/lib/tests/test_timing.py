from datetime import date

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from kommplan.lib.schedules import rrule_problem
from kommplan.lib.timing import (
    Kind,
    Schedule,
    parse_timing,
    schedule_fields,
    schedule_from_fields,
)

FIRST_WORKDAY = "BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1"


def parse(text: str, first: int | None = 2023, last: int | None = 2026, **kwargs) -> Schedule:
    return parse_timing(text, period_start=first, period_end=last, **kwargs)


def days(schedule: Schedule, until: date | None = None) -> list[date]:
    """The days a recurring schedule gives, from its start to its end (or `until`)."""
    from datetime import datetime

    rule = rrulestr(schedule.rrule, dtstart=datetime.combine(schedule.start, datetime.min.time()))
    end = until or schedule.end
    return [
        d.date()
        for d in rule.between(
            datetime.combine(schedule.start, datetime.min.time()),
            datetime.combine(end, datetime.min.time()),
            inc=True,
        )
    ]


@pytest.mark.parametrize(
    ("text", "rrule"),
    [
        ("Kvartalsvis", f"FREQ=MONTHLY;INTERVAL=3;{FIRST_WORKDAY}"),
        ("Halvårlige", f"FREQ=MONTHLY;INTERVAL=6;{FIRST_WORKDAY}"),
        ("2 ganger pr. år", f"FREQ=MONTHLY;INTERVAL=6;{FIRST_WORKDAY}"),
        ("to ganger i året", f"FREQ=MONTHLY;INTERVAL=6;{FIRST_WORKDAY}"),
        ("3 ganger i året", f"FREQ=MONTHLY;INTERVAL=4;{FIRST_WORKDAY}"),
        ("månedlig", f"FREQ=MONTHLY;{FIRST_WORKDAY}"),
        ("hver måned", f"FREQ=MONTHLY;{FIRST_WORKDAY}"),
        ("årlig", f"FREQ=YEARLY;BYMONTH=1;{FIRST_WORKDAY}"),
        ("Årlige", f"FREQ=YEARLY;BYMONTH=1;{FIRST_WORKDAY}"),
        ("en gang pr. år", f"FREQ=YEARLY;BYMONTH=1;{FIRST_WORKDAY}"),
        ("hver fredag", "FREQ=WEEKLY;BYDAY=FR"),
        ("fredager", "FREQ=WEEKLY;BYDAY=FR"),
        ("mandager", "FREQ=WEEKLY;BYDAY=MO"),
        ("ukentlig", "FREQ=WEEKLY;BYDAY=MO"),
        ("hver uke", "FREQ=WEEKLY;BYDAY=MO"),
        ("annenhver uke", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        ("hver 14. dag", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        ("hver 2. uke på tirsdager", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("hverdager", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("første mandag i måneden", "FREQ=MONTHLY;BYDAY=1MO"),
        ("siste fredag i måneden", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("2 ganger i måneden", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
    ],
)
def test_rhythms_become_rrules_over_the_strategy_period(text, rrule):
    result = parse(text)
    assert result.kind == Kind.RRULE
    assert result.rrule == rrule
    assert (result.start, result.end) == (date(2023, 1, 1), date(2026, 12, 31))
    assert rrule_problem(result.rrule) is None


@pytest.mark.parametrize(
    ("text", "rrule"),
    [
        ("kvar fredag", "FREQ=WEEKLY;BYDAY=FR"),
        ("fredagar", "FREQ=WEEKLY;BYDAY=FR"),
        ("måndagar", "FREQ=WEEKLY;BYDAY=MO"),
        ("vekentleg", "FREQ=WEEKLY;BYDAY=MO"),
        ("kvar veke", "FREQ=WEEKLY;BYDAY=MO"),
        ("annakvar veke", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        ("månadleg", f"FREQ=MONTHLY;{FIRST_WORKDAY}"),
        ("ein gong i månaden", f"FREQ=MONTHLY;{FIRST_WORKDAY}"),
        ("to gonger i året", f"FREQ=MONTHLY;INTERVAL=6;{FIRST_WORKDAY}"),
        ("halvårlege", f"FREQ=MONTHLY;INTERVAL=6;{FIRST_WORKDAY}"),
        ("årleg", f"FREQ=YEARLY;BYMONTH=1;{FIRST_WORKDAY}"),
        ("ein gong i året", f"FREQ=YEARLY;BYMONTH=1;{FIRST_WORKDAY}"),
    ],
)
def test_nynorsk_rhythms_are_read_like_bokmal(text, rrule):
    result = parse(text)
    assert (result.kind, result.rrule) == (Kind.RRULE, rrule)


def test_once_a_month_in_the_start_year_is_bounded_to_that_year():
    result = parse("minst en gang pr. måned i oppstartsåret")
    assert result.kind == Kind.RRULE
    assert result.rrule == f"FREQ=MONTHLY;{FIRST_WORKDAY}"
    assert (result.start, result.end) == (date(2023, 1, 1), date(2023, 12, 31))
    assert len(days(result)) == 12
    assert not result.review


def test_a_periodic_rhythm_falls_on_the_first_weekday_of_its_month():
    result = parse("Kvartalsvis", 2023, 2023)
    assert days(result) == [date(2023, 1, 2), date(2023, 4, 3), date(2023, 7, 3), date(2023, 10, 2)]


def test_twice_a_year_gives_two_days_a_year():
    result = parse("2 ganger pr. år")
    assert [d for d in days(result) if d.year == 2024] == [date(2024, 1, 1), date(2024, 7, 1)]


def test_every_friday_gives_every_friday_of_the_period():
    result = parse("hver fredag", 2024, 2024)
    fridays = days(result)
    assert len(fridays) == 52
    assert all(d.weekday() == 4 for d in fridays)


def test_a_day_without_a_year_takes_the_reference_year():
    result = parse("28.1.", None, None, reference_year=2004)
    assert (result.kind, result.due, result.dates) == (
        Kind.DATE,
        date(2004, 1, 28),
        (date(2004, 1, 28),),
    )
    assert "2004" in result.note


def test_a_day_without_a_year_takes_the_first_year_of_the_period():
    assert parse("28.1.").due == date(2023, 1, 28)


def test_two_days_in_one_cell_are_both_kept():
    result = parse("22.1. 30.1.", 2004, 2004)
    assert result.kind == Kind.DATE
    assert result.dates == (date(2004, 1, 22), date(2004, 1, 30))
    assert result.due == date(2004, 1, 22)


def test_two_days_are_stored_as_a_rule_that_hits_exactly_them():
    result = parse("22.1. 30.1.", 2004, 2004)
    fields = schedule_fields(result)
    stored = schedule_from_fields(**fields.__dict__)
    assert stored.kind == Kind.RRULE
    assert days(stored) == [date(2004, 1, 22), date(2004, 1, 30)]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Uke 4 (5)", date(2004, 1, 19), date(2004, 1, 25)),
        ("uke 12", date(2004, 3, 15), date(2004, 3, 21)),
        ("uke 12-14", date(2004, 3, 15), date(2004, 4, 4)),
        ("høsten 2020", date(2020, 8, 1), date(2020, 12, 31)),
        ("hausten 2020", date(2020, 8, 1), date(2020, 12, 31)),
        ("våren 2021", date(2021, 1, 1), date(2021, 6, 30)),
        ("januar 2024", date(2024, 1, 1), date(2024, 1, 31)),
        ("januar - mars 2024", date(2024, 1, 1), date(2024, 3, 31)),
        ("november - februar 2021", date(2020, 11, 1), date(2021, 2, 28)),
        ("1.3.-30.4.", date(2004, 3, 1), date(2004, 4, 30)),
        ("1. kvartal 2024", date(2024, 1, 1), date(2024, 3, 31)),
        ("andre halvår", date(2004, 7, 1), date(2004, 12, 31)),
        ("2023", date(2023, 1, 1), date(2023, 12, 31)),
        ("2019-2020", date(2019, 1, 1), date(2020, 12, 31)),
    ],
)
def test_spans_become_ranges(text, start, end):
    result = parse(text, 2004, 2004)
    assert (result.kind, result.start, result.end) == (Kind.RANGE, start, end)


def test_a_week_with_an_alternative_names_the_alternative():
    assert "uke 5" in parse("Uke 4 (5)", 2004, 2004).note


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("innen 30. juni", date(2023, 6, 30)),
        ("innan 30. juni", date(2023, 6, 30)),
        ("innen juni 2024", date(2024, 6, 30)),
        ("innen utgangen av 2024", date(2024, 12, 31)),
        ("før sommerferien", date(2023, 6, 30)),
        ("senest 1.3.2025", date(2025, 3, 1)),
    ],
)
def test_deadlines_become_a_due_date(text, due):
    result = parse(text)
    assert (result.kind, result.due) == (Kind.DATE, due)


def test_from_a_month_runs_to_the_end_of_the_period():
    result = parse("fra mars 2024")
    assert (result.kind, result.start, result.end) == (
        Kind.RANGE,
        date(2024, 3, 1),
        date(2026, 12, 31),
    )


@pytest.mark.parametrize(
    "text",
    [
        "Løpende",
        "fortløpende",
        "kontinuerlig",
        "jevnlig",
        "Jevnlig",
        "jamleg",
        "fortløpande",
        "i hele perioden",
    ],
)
def test_ongoing_work_is_continuous_over_the_period(text):
    result = parse(text)
    assert (result.kind, result.start, result.end) == (
        Kind.CONTINUOUS,
        date(2023, 1, 1),
        date(2026, 12, 31),
    )
    assert result.is_structured


def test_ongoing_work_without_a_period_has_open_bounds():
    result = parse("Løpende", None, None)
    assert (result.kind, result.start, result.end) == (Kind.CONTINUOUS, None, None)


def test_ongoing_work_is_stored_as_a_range():
    fields = schedule_fields(parse("Løpende"))
    assert (fields.start_date, fields.end_date, fields.rrule) == (
        date(2023, 1, 1),
        date(2026, 12, 31),
        "",
    )


def test_two_rhythms_in_one_cell_become_one_weekly_rule_flagged_for_review():
    result = parse("kunngjøringer på fredag, stillinger på mandag")
    assert (result.kind, result.rrule) == (Kind.RRULE, "FREQ=WEEKLY;BYDAY=MO,FR")
    assert result.review
    assert "kunngjøringer" in result.note


def test_words_that_are_not_about_time_are_named_and_flagged():
    result = parse("etter valget i september 2019", 2019, 2020)
    assert (result.kind, result.start, result.end) == (
        Kind.RANGE,
        date(2019, 9, 1),
        date(2020, 12, 31),
    )
    assert result.review and "valget" in result.note


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "ingen tidsangivelse"),
        ("F.møter", "fant ingen tidsangivelse"),
        ("ved behov", "ved behov"),
        ("10 ganger pr. år", "fordele jevnt"),
        ("31.2.", "ugyldig dato"),
        ("vår kommune", "fant ingen tidsangivelse"),
    ],
)
def test_what_cannot_be_read_stays_text_and_says_why(text, reason):
    result = parse(text)
    assert result.kind == Kind.UNPARSED
    assert reason in result.reason
    assert result.review
    assert result.text == text
    assert schedule_fields(result).__dict__ == {
        "due_date": None,
        "start_date": None,
        "end_date": None,
        "rrule": "",
    }


def test_a_day_without_a_year_and_without_a_period_is_unparsed():
    result = parse("28.1.", None, None)
    assert result.kind == Kind.UNPARSED
    assert "årstall" in result.reason


def test_a_rhythm_without_a_period_has_open_bounds():
    result = parse("hver fredag", None, None)
    assert (result.kind, result.start, result.end) == (Kind.RRULE, None, None)


def test_a_weekday_beside_a_date_names_the_day_instead_of_a_rhythm():
    result = parse("fredag 28.1.", 2005, 2005)
    assert (result.kind, result.due) == (Kind.DATE, date(2005, 1, 28))


def test_a_stored_schedule_reads_back_as_its_kind():
    assert (
        schedule_from_fields(
            due_date=date(2024, 5, 2), start_date=None, end_date=None, rrule=""
        ).kind
        == Kind.DATE
    )
    assert (
        schedule_from_fields(
            due_date=None, start_date=date(2024, 5, 2), end_date=date(2024, 6, 1), rrule=""
        ).kind
        == Kind.RANGE
    )
    assert (
        schedule_from_fields(
            due_date=None, start_date=None, end_date=None, rrule="RRULE:FREQ=WEEKLY"
        ).rrule
        == "FREQ=WEEKLY"
    )
    assert (
        schedule_from_fields(due_date=None, start_date=None, end_date=None, rrule="").kind
        == Kind.UNPARSED
    )


@settings(max_examples=400, deadline=None)
@given(
    st.text(max_size=120),
    st.one_of(st.none(), st.integers(min_value=-5, max_value=10_000)),
    st.one_of(st.none(), st.integers(min_value=-5, max_value=10_000)),
)
def test_arbitrary_text_never_raises(text, first, last):
    result = parse_timing(text, period_start=first, period_end=last)
    assert isinstance(result.kind, Kind)
    assert result.text == text
    if result.kind == Kind.RRULE:
        assert rrule_problem(result.rrule) is None
    if result.start and result.end and result.kind != Kind.UNPARSED:
        assert result.start <= result.end


_WORDS = st.sampled_from(
    [
        "uke",
        "12",
        "28.1.",
        "innen",
        "fra",
        "til",
        "-",
        "hver",
        "fredag",
        "januar",
        "2024",
        "høsten",
        "2 ganger pr. år",
        "løpende",
        "og",
        "(5)",
        "31.12.",
        "kvartal",
        "1.",
        "halvår",
        "mandager",
        "månedlig",
        "29.2.",
        "uke 53",
        "oppstartsåret",
        "jul",
        "før",
        "etter",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, max_size=8), st.integers(min_value=1990, max_value=2030))
def test_timing_vocabulary_in_any_order_never_raises(words, year):
    result = parse_timing(" ".join(words), period_start=year, period_end=year + 1)
    assert isinstance(result.kind, Kind)
    if result.kind == Kind.RRULE:
        assert rrule_problem(result.rrule) is None
