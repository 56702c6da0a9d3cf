"""Queries per request of the main pages and API routes do not grow with the data.

Each route is fetched on the demo data (Rana kommune's plan: 6 actions) and again after the same
plan has grown by 300 generated actions with 3,000 status updates (30 of them the bidragsyter's);
both must cost exactly the pinned number of queries. A count that grows is an N+1: fetch the
relation with the list (select_related / prefetch_related in the selector). The national
benchmark (docs/benchmarks.md, "Nasjonal skala") measures the same routes at full size.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kommplan.actions.models import Action
from kommplan.apitokens.services import create_token
from kommplan.national.seeding import add_generated_actions
from kommplan.strategies.models import Strategy

GROWTH = 300


@pytest.fixture
def rana(demo) -> Strategy:
    strategy = Strategy.objects.get(organisation__slug="rana-kommune")
    # Public, so the open page has something to show at both sizes.
    Strategy.objects.filter(pk=strategy.pk).update(published=True)
    strategy.actions.update(public=True)
    return strategy


def grow(strategy: Strategy) -> None:
    added = add_generated_actions(
        strategy=strategy,
        count=GROWTH,
        reporter=User.objects.get(username="rana-redaktor"),
        responsible=User.objects.get(username="rana-bidragsyter"),
    )
    Action.objects.filter(pk__in=[a.pk for a in added[::2]]).update(public=True)


def _count(client: Client, path: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries)


def _first_action(strategy: Strategy) -> Action:
    return strategy.actions.order_by("position").first()


def _plan(strategy: Strategy) -> str:
    return reverse("actions:plan", args=[strategy.organisation.slug, strategy.pk])


# Every page a member opens starts with: session, user; and ends with the sliding session
# expiry being saved (savepoint, update, release). Those five are "session" below.
SESSION = 5

# route: (who asks, address, queries, what they are)
ROUTES = {
    "the filtered action plan": (
        "rana-redaktor",
        lambda s: _plan(s) + "?status=ikke_startet&sort=title",
        SESSION + 11,
        "organisation, memberships, strategy, members (responsible filter), goals, target "
        "groups, channels, count, actions (+goal, approach, responsible user, assigned "
        "organisation), their target groups, their channels",
    ),
    "page 2 of the action plan": (
        "rana-redaktor",
        lambda s: _plan(s) + "?page=2",
        SESSION + 11,
        "as the filtered plan",
    ),
    "an action": (
        "rana-redaktor",
        lambda s: reverse("actions:detail", args=[s.organisation.slug, _first_action(s).pk]),
        SESSION + 6,
        "action (+strategy, organisation, goal, approach, responsible user), memberships, "
        "visibility check, target groups, channels, status history",
    ),
    "the dashboard": (
        "rana-redaktor",
        lambda s: reverse("followup:dashboard", args=[s.organisation.slug, s.pk]),
        SESSION + 9,
        "organisation, memberships, strategy, goals, counts per goal and status, overdue "
        "actions, latest status updates, indicators, open crises",
    ),
    "mine tiltak": (
        "rana-bidragsyter",
        lambda s: reverse("actions:mine"),
        SESSION + 3,
        "memberships, the user's actions (+strategy, organisation, goal), their status history",
    ),
    "the årshjul": (
        "rana-redaktor",
        lambda s: reverse("yearwheel:wheel", args=[s.organisation.slug, s.pk]),
        SESSION + 7,
        "organisation, memberships, strategy, actions, goals, target groups, channels",
    ),
    "the public page": (
        None,
        lambda s: reverse("publishing:strategy", args=[s.organisation.slug, s.pk]),
        16,
        "last change (ETag), strategy, goals, goal strategies, public actions, their channels, "
        "their target groups, goal strategies, target groups, messages, channels, principles, "
        "challenges, roles, rules, latest status updates; no session",
    ),
    "the API's action list": (
        "token",
        lambda s: f"/api/strategies/{s.pk}/actions",
        9,
        "token, membership, strategy's organisation, organisation, strategy, count, actions, "
        "their target groups, their channels",
    ),
    "the API's action": (
        "token",
        lambda s: f"/api/actions/{_first_action(s).pk}",
        9,
        "token, membership, action's organisation, action, visibility check, action again "
        "(+responsible user, assigned organisation), target groups, channels, status history",
    ),
}


@pytest.mark.parametrize("route", ROUTES)
def test_a_route_costs_the_same_queries_for_6_and_306_actions(rana, route):
    who, build, expected, _queries = ROUTES[route]
    client = Client()
    headers = {}
    if who == "token":
        _, value = create_token(
            owner=User.objects.get(username="rana-redaktor"),
            organisation=rana.organisation,
            name="telling",
            scope="read",
        )
        headers["HTTP_AUTHORIZATION"] = f"Bearer {value}"
    elif who:
        client.force_login(User.objects.get(username=who))
    path = build(rana)
    client.get(path, **headers)  # the first request may set up the session; not counted
    assert _count(client, path, **headers) == expected
    grow(rana)
    assert rana.actions.count() == 6 + GROWTH
    assert _count(client, path, **headers) == expected


def test_the_grown_plan_really_fills_the_pages(rana, login):
    grow(rana)
    mine = login("rana-bidragsyter").get(reverse("actions:mine")).content.decode()
    # 2 demo actions + every tenth of the 300 generated ones.
    assert mine.count('href="/org/rana-kommune/tiltak/') >= 32
    plan = login("rana-redaktor").get(_plan(rana)).content.decode()
    assert "page=13" in plan and "page=14" not in plan  # 306 actions, 25 a page


def test_zeal_reports_a_relation_loaded_row_by_row(demo):
    # The suite-wide N+1 guard (conftest.py) rests on this warning.
    strategies = list(Strategy.objects.all())
    assert len(strategies) > 1
    with pytest.warns(UserWarning, match=r"N\+1 detected on strategies\.Strategy\.organisation"):
        for strategy in strategies:
            strategy.organisation  # noqa: B018 (the lazy load is the point)


def test_zeal_says_nothing_when_the_relation_comes_with_the_list(demo, recwarn):
    for strategy in Strategy.objects.select_related("organisation"):
        strategy.organisation  # noqa: B018
    assert not [w for w in recwarn if "N+1" in str(w.message)]


def test_the_guard_blames_application_code_and_spares_test_code():
    from conftest import _ignored

    app = "N+1 detected on actions.Action.goal at /work/kommplan/actions/views.py:12 in plan"
    test = "N+1 detected on actions.Action.goal at /work/kommplan/actions/tests/h.py:3 in user"
    assert not _ignored(app)
    assert _ignored(test)
