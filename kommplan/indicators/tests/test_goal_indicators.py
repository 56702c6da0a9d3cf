from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from kommplan.indicators.models import Indicator, Measurement
from kommplan.indicators.selectors import goal_indicators_prefetch


def render_goals(cast) -> list[str]:
    strategy = cast.strategy
    goals = strategy.goals.order_by("position").prefetch_related(goal_indicators_prefetch())
    return [
        render_to_string(
            "indicators/_goal_indicators.html",
            {"goal": goal, "strategy": strategy, "organisation": strategy.organisation},
        )
        for goal in goals
    ]


def test_a_goal_shows_its_indicators_latest_value_against_the_target_and_a_link(cast):
    first, *others = render_goals(cast)
    assert "Kjennskap til kommunens nettside" in first
    assert "58,5 %" in first and "målverdi 75 %" in first and "Ikke nådd" in first
    assert cast.url("detail", cast.on_goal) in first
    assert all(html.strip() == "" for html in others)  # goals without indicators show nothing


def test_an_unmeasured_indicator_says_so(cast):
    Indicator.objects.create(strategy=cast.strategy, ref="i9", name="Ny", goal=cast.goal)
    assert "ikke målt ennå" in render_goals(cast)[0]


def test_the_include_costs_no_query_per_goal_or_indicator(cast, django_assert_num_queries):
    cast.strategy.organisation  # noqa: B018 (loaded before counting)
    # goals, their indicators, the indicators' measurements.
    with django_assert_num_queries(3):
        render_goals(cast)
    for goal in cast.strategy.goals.all():
        for i in range(3):
            indicator = Indicator.objects.create(
                strategy=cast.strategy, ref=f"g{goal.pk}-{i}", name=f"I{i}", goal=goal
            )
            Measurement.objects.create(indicator=indicator, date=date(2024, 1, 1), value=i)
    with django_assert_num_queries(3):
        assert sum("I2" in html for html in render_goals(cast)) == 3
