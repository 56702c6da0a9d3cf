from datetime import date, timedelta

import recurring_ical_events
from icalendar import Calendar

from kommplan.actions.models import Action
from kommplan.lib.timing import Kind
from kommplan.yearwheel.ical import build_calendar
from kommplan.yearwheel.models import ScheduleOptions
from kommplan.yearwheel.occurrences import expand
from kommplan.yearwheel.selectors import action_schedule, strategy_period

TODAY = date(2027, 3, 1)


def actions_of(strategy):
    return (
        Action.objects.filter(strategy=strategy)
        .select_related("strategy__organisation", "goal", "approach__goal", "schedule_options")
        .order_by("position")
    )


def events(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def by_uid(body: bytes) -> dict[str, list]:
    found: dict[str, list] = {}
    for event in events(body):
        found.setdefault(str(event["UID"]), []).append(event)
    return found


def expanded(body: bytes, start: date, end: date) -> dict[str, list[date]]:
    """Every occurrence in the window as a calendar program sees it, per UID."""
    found: dict[str, list[date]] = {}
    for event in recurring_ical_events.of(Calendar.from_ical(body)).between(
        start, end + timedelta(days=1)
    ):
        found.setdefault(str(event["UID"]), []).append(event["DTSTART"].dt)
    return {uid: sorted(days) for uid, days in found.items()}


def test_the_calendar_has_the_properties_outlook_and_google_need(isk):
    body = build_calendar(actions_of(isk), name="ISK", today=TODAY)
    calendar = Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0"
    assert "kommplan" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "ISK"
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded lines
    for event in events(body):
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"):
            assert name in event, name
        # All-day: a DATE, not a DATE-TIME, and the end is the day after.
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert type(start) is date and type(end) is date and end > start


def test_dated_actions_become_all_day_events_on_their_day(isk):
    body = build_calendar(actions_of(isk), today=TODAY)
    action = isk.actions.get(timing="28.1.")
    (event,) = by_uid(body)[f"kommplan-tiltak-{action.pk}@kommplan"]
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (date(2004, 1, 28), date(2004, 1, 29))
    assert str(event["SUMMARY"]) == action.title
    assert "Tid i planen: 28.1." in str(event["DESCRIPTION"])
    week = isk.actions.get(timing="Uke 4 (5)")
    (event,) = by_uid(body)[f"kommplan-tiltak-{week.pk}@kommplan"]
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (date(2004, 1, 19), date(2004, 1, 26))


def test_ongoing_work_and_unreadable_times_stay_out(isk):
    body = build_calendar(actions_of(isk), today=TODAY)
    uids = by_uid(body)
    for timing in ("Løpende", "F.møter"):
        action = isk.actions.get(timing=timing)
        assert f"kommplan-tiltak-{action.pk}@kommplan" not in uids
    assert len(uids) == 6


def test_a_recurring_action_is_one_event_with_an_rrule(osen):
    body = build_calendar(actions_of(osen), today=TODAY)
    action = osen.actions.get(timing="Kvartalsvis")
    (event,) = by_uid(body)[f"kommplan-tiltak-{action.pk}@kommplan"]
    rule = event["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["INTERVAL"] == [3]
    assert "UNTIL" not in rule  # Osen's plan has no period: the rhythm has no end
    # DTSTART is itself an occurrence (RFC 5545 counts it as the first).
    assert event["DTSTART"].dt == date(2027, 1, 1)
    assert "tolket fra teksten" in str(event["DESCRIPTION"])


def test_calendar_programs_see_the_same_occurrences_as_the_wheel(big_plan):
    body = build_calendar(actions_of(big_plan), today=TODAY)
    seen = expanded(body, date(2024, 1, 1), date(2024, 12, 31))
    period = strategy_period(big_plan)
    checked = 0
    for action in actions_of(big_plan):
        schedule, _source = action_schedule(action, period)
        if schedule.kind in (Kind.UNPARSED, Kind.CONTINUOUS) or schedule.kind == Kind.RANGE:
            continue
        want = [o.start for o in expand(schedule, date(2024, 1, 1), date(2024, 12, 31))]
        got = [
            day
            for uid, days in seen.items()
            if uid == f"kommplan-tiltak-{action.pk}@kommplan"
            or uid.startswith(f"kommplan-tiltak-{action.pk}-")
            for day in days
        ]
        assert sorted(got) == want, action.timing or action.rrule
        checked += 1
    assert checked > 100


def test_recurring_actions_are_not_copied_for_every_occurrence(big_plan):
    body = build_calendar(actions_of(big_plan), today=TODAY)
    weekly = big_plan.actions.filter(rrule__startswith="FREQ=WEEKLY").first()
    occurrences = by_uid(body)[f"kommplan-tiltak-{weekly.pk}@kommplan"]
    assert len(occurrences) == 1
    assert occurrences[0]["RRULE"]["UNTIL"] == [date(2025, 12, 31)]
    assert body.count(b"BEGIN:VEVENT") < big_plan.actions.count() * 2


def test_several_loose_days_become_one_event_each(big_plan):
    body = build_calendar(actions_of(big_plan), today=TODAY)
    action = big_plan.actions.filter(rrule__contains="BYYEARDAY").first()
    uids = [uid for uid in by_uid(body) if uid.startswith(f"kommplan-tiltak-{action.pk}-")]
    assert len(uids) == 2
    assert all("RRULE" not in by_uid(body)[uid][0] for uid in uids)


def test_occurrences_moved_off_holidays_are_overrides_of_the_rule(rana):
    action = rana.actions.order_by("position")[2]
    Action.objects.filter(pk=action.pk).update(
        start_date=date(2024, 1, 1),
        end_date=date(2024, 12, 31),
        rrule="FREQ=MONTHLY",
        timing="",
    )
    ScheduleOptions.objects.create(action=action, move_to_working_day=True)
    body = build_calendar(actions_of(rana), today=TODAY)
    uid = f"kommplan-tiltak-{action.pk}@kommplan"
    overrides = [e for e in by_uid(body)[uid] if "RECURRENCE-ID" in e]
    # 1 January (holiday), 1 April (Easter Monday), 1 May, 1 June (Saturday), 1 September
    # and 1 December (Sundays) move; the rest stay.
    assert {e["RECURRENCE-ID"].dt: e["DTSTART"].dt for e in overrides} == {
        date(2024, 1, 1): date(2024, 1, 2),
        date(2024, 4, 1): date(2024, 4, 2),
        date(2024, 5, 1): date(2024, 5, 2),
        date(2024, 6, 1): date(2024, 6, 3),
        date(2024, 9, 1): date(2024, 9, 2),
        date(2024, 12, 1): date(2024, 12, 2),
    }
    seen = expanded(body, date(2024, 1, 1), date(2024, 12, 31))[uid]
    action.refresh_from_db()
    schedule, _ = action_schedule(action, strategy_period(rana))
    want = [
        o.start
        for o in expand(schedule, date(2024, 1, 1), date(2024, 12, 31), move_to_working_day=True)
    ]
    assert seen == want and len(seen) == 12


def test_uids_and_the_whole_file_are_stable_between_exports(isk):
    first = build_calendar(actions_of(isk), today=TODAY)
    assert build_calendar(actions_of(isk), today=TODAY) == first


def test_a_cancelled_action_is_a_cancelled_event(isk):
    action = isk.actions.get(timing="28.1.")
    Action.objects.filter(pk=action.pk).update(status="avlyst")
    body = build_calendar(actions_of(isk), today=TODAY)
    (event,) = by_uid(body)[f"kommplan-tiltak-{action.pk}@kommplan"]
    assert str(event["STATUS"]) == "CANCELLED"


def test_events_link_to_the_action_when_given_an_address(isk):
    body = build_calendar(
        actions_of(isk), url_for=lambda a: f"https://kommplan.example/t/{a.pk}/", today=TODAY
    )
    for event in events(body):
        assert str(event["URL"]).startswith("https://kommplan.example/t/")
