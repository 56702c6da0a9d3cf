from datetime import date

from django.contrib.auth.models import User
from django.urls import reverse

from kommplan.actions.models import Action
from kommplan.lib.timing import Kind
from kommplan.organisations.access import access_for
from kommplan.strategies.models import Goal
from kommplan.yearwheel.selectors import (
    Filters,
    Source,
    action_schedule,
    action_url_maker,
    plan_actions,
    strategy_period,
    year_plan,
)


def test_the_period_gives_the_bounds_and_the_reference_year(rana):
    period = strategy_period(rana)
    assert (period.start, period.end, period.reference_year) == (2023, 2026, 2023)


def test_a_strategy_without_a_period_takes_its_year_from_the_revision_text(isk, osen):
    assert isk.revision == "26. januar 2004 Versjon 0.2"
    assert strategy_period(isk).reference_year == 2004
    assert strategy_period(osen).reference_year is None


def test_a_stored_schedule_wins_over_the_text(isk):
    action = isk.actions.get(timing="28.1.")
    schedule, source = action_schedule(action, strategy_period(isk))
    assert (schedule.kind, schedule.due, source) == (Kind.DATE, date(2004, 1, 28), Source.PLAN)


def test_without_a_stored_schedule_the_text_is_parsed_and_marked_as_such(osen):
    action = osen.actions.get(timing="Kvartalsvis")
    schedule, source = action_schedule(action, strategy_period(osen))
    assert (schedule.kind, source) == (Kind.RRULE, Source.TEXT)
    assert "INTERVAL=3" in schedule.rrule


def test_an_action_without_timing_has_no_schedule(demo):
    action = Action.objects.filter(strategy__organisation__slug="askim-kommune", timing="").first()
    schedule, source = action_schedule(action, strategy_period(action.strategy))
    assert (schedule.kind, source) == (Kind.UNPARSED, Source.NONE)


def test_the_year_plan_splits_actions_by_whether_they_can_be_placed(isk):
    access = access_for(User.objects.get(username="isk-leser"), isk.organisation)
    plan = year_plan(
        strategy=isk,
        actions=plan_actions(isk, access),
        window_start=date(2004, 1, 1),
        window_end=date(2004, 12, 31),
    )
    assert [i.action.timing for i in plan.unscheduled] == ["F.møter"]
    assert len(plan.scheduled) == 7
    in_2005 = year_plan(
        strategy=isk,
        actions=plan_actions(isk, access),
        window_start=date(2005, 1, 1),
        window_end=date(2005, 12, 31),
    )
    # Dated 2004 actions have nothing in 2005; "Løpende" with no period runs every year.
    assert [i.action.timing for i in in_2005.scheduled] == ["Løpende"]
    assert len(in_2005.elsewhere) == 6


def test_a_reader_through_a_member_organisation_sees_only_the_actions_given_to_it(isk):
    access = access_for(User.objects.get(username="levanger-leser"), isk.organisation)
    visible = list(plan_actions(isk, access))
    assert visible
    assert all(a.assigned_organisation.slug == "levanger-kommune" for a in visible)
    assert len(visible) < isk.actions.count()


def test_filters_narrow_the_actions(demo):
    strategy = Action.objects.filter(goal__isnull=False).first().strategy
    access = access_for(User.objects.get(username="demo"), strategy.organisation)
    goal = Goal.objects.filter(strategy=strategy, actions__isnull=False).first()
    by_goal = list(plan_actions(strategy, access, Filters(goal=goal)))
    assert by_goal and all(a.goal == goal or a.approach.goal == goal for a in by_goal)
    by_status = list(plan_actions(strategy, access, Filters(status="fullfort")))
    assert all(a.status == "fullfort" for a in by_status)


def test_marks_link_to_the_action_page(rana):
    action = rana.actions.first()
    url = action_url_maker(rana)(action)
    assert url == reverse("actions:detail", args=[rana.organisation.slug, action.pk])
