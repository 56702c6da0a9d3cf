from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from kommplan.actions.models import Action, ActionStatus, StatusUpdate
from kommplan.indicators.models import Indicator, Measurement
from kommplan.organisations.models import Organisation
from kommplan.strategies.models import Goal, GoalStrategy

from .support import assert_accessible_tables, generate_strategy, table

STATUS_COLUMNS = ["Ikke startet", "Pågår", "Fullført", "Forsinket", "Avlyst"]


def status_counts(html) -> dict[str, list[int]]:
    """Row header -> counts per status and the sum, from the status table."""
    rows = table(html, "status-tabell")
    assert rows[0] == ["Mål", *STATUS_COLUMNS, "Sum"]
    return {row[0]: [int(cell) for cell in row[1:]] for row in rows[1:]}


# -- who may see it ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "username", ["rana-admin", "rana-redaktor", "rana-bidragsyter", "rana-leser"]
)
def test_every_member_of_the_organisation_sees_the_dashboard(rana, login, dashboard_url, username):
    response = login(username).get(dashboard_url(rana))
    assert response.status_code == 200
    assert "Oppfølging av strategien" in response.content.decode()


def test_another_organisations_administrator_gets_404(rana, login, dashboard_url):
    assert login("isk-admin").get(dashboard_url(rana)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(rana, client, dashboard_url):
    response = client.get(dashboard_url(rana))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_strategy_is_not_found_under_another_organisations_address(rana, login):
    url = reverse("followup:dashboard", args=["innherred-samkommune", rana.pk])
    assert login("isk-admin").get(url).status_code == 404


def test_a_post_is_refused_and_changes_nothing(rana, login, dashboard_url):
    before = list(rana.actions.values_list("pk", "status"))
    response = login("rana-admin").post(dashboard_url(rana), {"status": "fullfort"})
    assert response.status_code == 405
    assert list(rana.actions.values_list("pk", "status")) == before


# -- the numbers ---------------------------------------------------------------------------


def test_the_status_table_counts_the_actions_of_each_goal_by_status(rana, login, dashboard_url):
    goals = list(rana.goals.order_by("position"))
    actions = list(rana.actions.order_by("position"))
    assert len(goals) == 3 and len(actions) == 6
    plan = [
        (goals[0], ActionStatus.PAGAR),
        (goals[0], ActionStatus.PAGAR),
        (goals[0], ActionStatus.FULLFORT),
        (goals[1], ActionStatus.FORSINKET),
        (None, ActionStatus.AVLYST),
        (None, ActionStatus.IKKE_STARTET),
    ]
    for action, (goal, status) in zip(actions, plan, strict=True):
        Action.objects.filter(pk=action.pk).update(goal=goal, approach=None, status=status)

    counts = status_counts(login("rana-leser").get(dashboard_url(rana)).content)

    assert counts[goals[0].text] == [0, 2, 1, 0, 0, 3]
    assert counts[goals[1].text] == [0, 0, 0, 1, 0, 1]
    assert counts[goals[2].text] == [0, 0, 0, 0, 0, 0]
    assert counts["Uten mål"] == [1, 0, 0, 0, 1, 2]
    assert counts["Alle tiltak"] == [1, 2, 1, 1, 1, 6]


def test_actions_without_a_goal_have_their_own_row_only_when_there_are_some(
    rana, login, dashboard_url
):
    goal = rana.goals.first()
    rana.actions.update(goal=goal, approach=None)
    counts = status_counts(login("rana-leser").get(dashboard_url(rana)).content)
    assert "Uten mål" not in counts
    assert counts[goal.text][-1] == 6


def test_an_action_filed_under_a_goals_strategy_counts_for_that_goal(rana, login, dashboard_url):
    goal = rana.goals.order_by("position").last()
    approach = GoalStrategy.objects.create(strategy=rana, ref="s-test", goal=goal, text="Vei")
    rana.actions.update(goal=None, approach=None)
    Action.objects.filter(pk=rana.actions.first().pk).update(approach=approach)
    counts = status_counts(login("rana-leser").get(dashboard_url(rana)).content)
    assert counts[goal.text][-1] == 1
    assert counts["Uten mål"][-1] == 5


def test_sub_goals_follow_their_parent_in_the_table(rana, login, dashboard_url):
    first, second, _third = rana.goals.order_by("position")
    child = Goal.objects.create(
        strategy=rana, ref="g-child", position=99, text="Delmål", parent=first
    )
    rows = table(login("rana-leser").get(dashboard_url(rana)).content, "status-tabell")
    headers = [row[0] for row in rows[1:]]
    assert headers.index(child.text) == headers.index(first.text) + 1
    assert headers.index(second.text) == headers.index(child.text) + 1


def test_the_chart_is_an_svg_image_labelled_by_its_title_with_the_table_beside_it(
    rana, login, dashboard_url
):
    html = login("rana-leser").get(dashboard_url(rana)).content.decode()
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg"')
    svg = ET.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "status-per-mal-graf-title status-per-mal-graf-desc"
    title = svg.find("{http://www.w3.org/2000/svg}title")
    assert title.text == "Tiltak etter status per mål"
    assert "<script" not in html[start : html.index("</svg>", start)]
    assert html.index("</svg>", start) < html.index('id="status-tabell"')


def test_a_strategy_without_actions_says_so_instead_of_drawing_a_chart(rana, login, dashboard_url):
    rana.actions.all().delete()
    html = login("rana-leser").get(dashboard_url(rana)).content.decode()
    assert "Tiltaksplanen har ingen tiltak ennå." in html
    assert "<svg" not in html


def test_overdue_and_soon_due_actions_are_listed_and_closed_ones_are_not(
    rana, login, dashboard_url
):
    today = timezone.localdate()
    a1, a2, a3, a4, a5, a6 = rana.actions.order_by("position")
    rana.actions.update(status=ActionStatus.PAGAR, due_date=None, end_date=None, start_date=None)
    Action.objects.filter(pk=a1.pk).update(due_date=today - timedelta(days=3))
    # The end date counts as the deadline when there is no due date, as Action.is_overdue says.
    Action.objects.filter(pk=a2.pk).update(
        start_date=today - timedelta(days=60), end_date=today - timedelta(days=1)
    )
    Action.objects.filter(pk=a3.pk).update(
        due_date=today - timedelta(days=10), status=ActionStatus.FULLFORT
    )
    Action.objects.filter(pk=a4.pk).update(due_date=today)
    Action.objects.filter(pk=a5.pk).update(due_date=today + timedelta(days=30))
    Action.objects.filter(pk=a6.pk).update(due_date=today + timedelta(days=31))

    html = login("rana-leser").get(dashboard_url(rana)).content

    overdue = [row[0] for row in table(html, "forfalt")[1:]]
    due_soon = [row[0] for row in table(html, "frist")[1:]]
    assert overdue == [a1.title, a2.title]  # oldest deadline first
    assert due_soon == [a4.title, a5.title]
    assert a3.title not in overdue + due_soon and a6.title not in due_soon
    assert "Forfalte tiltak (2)" in html.decode()


def test_the_latest_status_updates_show_who_when_status_and_comment(rana, login, dashboard_url):
    today = timezone.localdate()
    berit = User.objects.get(username="rana-bidragsyter")
    action = rana.actions.order_by("position").first()
    StatusUpdate.objects.create(
        action=action,
        date=today - timedelta(days=2),
        status=ActionStatus.PAGAR,
        comment="Startet opp",
        author=berit,
    )
    StatusUpdate.objects.create(
        action=action,
        date=today,
        status=ActionStatus.FORSINKET,
        comment="Venter på trykkeriet",
        author_name="Kari Nordmann",
    )
    rows = table(login("rana-leser").get(dashboard_url(rana)).content, "oppdateringer")
    assert rows[0] == ["Dato", "Tiltak", "Status", "Kommentar", "Rapportert av"]
    assert rows[1][1:] == [action.title, "Forsinket", "Venter på trykkeriet", "Kari Nordmann"]
    assert rows[2][1:] == [action.title, "Pågår", "Startet opp", "Berit Bidragsyter"]


def test_only_the_ten_newest_status_updates_are_shown(rana, login, dashboard_url):
    # Newer than the demo plan's own reports, so these fifteen are the newest.
    demo_dates = StatusUpdate.objects.filter(action__strategy=rana).values_list("date", flat=True)
    today = max([date(2025, 1, 31), *(day + timedelta(days=30) for day in demo_dates)])
    action = rana.actions.first()
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            action=action, date=today - timedelta(days=i), status="pagar", comment=f"nr {i}"
        )
        for i in range(15)
    )
    rows = table(login("rana-leser").get(dashboard_url(rana)).content, "oppdateringer")
    assert [row[3] for row in rows[1:]] == [f"nr {i}" for i in range(10)]


def test_each_indicator_is_shown_against_its_target_with_a_chart_and_a_table(
    rana, login, dashboard_url
):
    goal = rana.goals.first()
    indicator = Indicator.objects.create(
        strategy=rana, ref="i1", name="Besøk på nettsiden", unit="besøk", target=5000, goal=goal
    )
    Measurement.objects.create(indicator=indicator, date=date(2024, 1, 1), value=3000)
    Measurement.objects.create(indicator=indicator, date=date(2024, 6, 1), value=5500)
    html = login("rana-leser").get(dashboard_url(rana)).content
    rows = table(html, f"indikator-{indicator.pk}-tabell")
    assert rows[1:] == [["1.1.2024", "3000 besøk", "Ikke nådd"], ["1.6.2024", "5500 besøk", "Nådd"]]
    text = html.decode()
    assert f'id="indikator-{indicator.pk}-graf"' in text
    assert "Mål: 5000 besøk" in text
    assert (
        reverse("indicators:detail", args=[rana.organisation.slug, rana.pk, indicator.pk]) in text
    )


def test_the_page_has_one_h1_and_captioned_tables(rana, login, dashboard_url):
    today = timezone.localdate()
    action = rana.actions.first()
    Action.objects.filter(pk=action.pk).update(due_date=today - timedelta(days=1))
    StatusUpdate.objects.create(action=action, date=today, status="pagar")
    assert_accessible_tables(login("rana-leser").get(dashboard_url(rana)).content)


def test_only_administrators_get_the_link_to_the_audit_log(rana, login, dashboard_url):
    log = reverse("audit:strategy_log", args=[rana.organisation.slug, rana.pk])
    assert log in login("rana-admin").get(dashboard_url(rana)).content.decode()
    assert log not in login("rana-redaktor").get(dashboard_url(rana)).content.decode()


# -- a member organisation's reader --------------------------------------------------------


def test_a_member_organisations_reader_sees_only_the_actions_assigned_to_them(
    isk, login, dashboard_url
):
    levanger = Organisation.objects.get(slug="levanger-kommune")
    assigned = isk.actions.get(assigned_organisation=levanger)
    other = isk.actions.exclude(pk=assigned.pk).first()
    today = timezone.localdate()
    isk.actions.update(due_date=today - timedelta(days=1), status=ActionStatus.PAGAR)
    StatusUpdate.objects.create(action=assigned, date=today, status="pagar", comment="synlig")
    StatusUpdate.objects.create(action=other, date=today, status="pagar", comment="skjult")
    Indicator.objects.create(
        strategy=isk, ref="i-a", name="Indikator på vårt tiltak", action=assigned
    )
    Indicator.objects.create(
        strategy=isk, ref="i-b", name="Indikator på andres tiltak", action=other
    )

    html = login("levanger-leser").get(dashboard_url(isk)).content
    text = html.decode()

    assert status_counts(html)["Alle tiltak"][-1] == 1
    assert [row[0] for row in table(html, "forfalt")[1:]] == [assigned.title]
    assert "synlig" in text and "skjult" not in text
    assert "Indikator på vårt tiltak" in text and "Indikator på andres tiltak" not in text
    assert "Du ser tiltakene som er tildelt din organisasjon." in text

    # A member of ISK itself sees all of them.
    assert (
        status_counts(login("isk-leser").get(dashboard_url(isk)).content)["Alle tiltak"][-1]
        == isk.actions.count()
    )


# -- cost ----------------------------------------------------------------------------------

# session, user, organisation, memberships, strategy, goals, counts by goal and status,
# open actions with a deadline (+goal, responsible user), latest updates (+action, author),
# indicators (+goal, action), measurements, the running crisis (banner, members only); then the
# sliding session expiry is saved (savepoint, update, release).
DASHBOARD_QUERIES = 15


def test_the_dashboard_costs_the_same_queries_for_a_demo_plan_and_200_actions(
    rana, login, dashboard_url, django_assert_num_queries
):
    client = login("rana-leser")
    indicator = Indicator.objects.create(strategy=rana, ref="i1", name="I", goal=rana.goals.first())
    Measurement.objects.create(indicator=indicator, date=date(2024, 1, 1), value=1)
    StatusUpdate.objects.create(action=rana.actions.first(), date=date(2024, 1, 1), status="pagar")
    url = dashboard_url(rana)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert client.get(url).status_code == 200

    big = generate_strategy(
        rana.organisation,
        actions=200,
        author=User.objects.get(username="rana-bidragsyter"),
        today=timezone.localdate(),
    )
    url = dashboard_url(big)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(url)
    assert status_counts(response.content)["Alle tiltak"][-1] == 200
    assert len(table(response.content, "forfalt")) > 1
    assert len(table(response.content, "frist")) > 1


def test_a_member_organisations_reader_costs_one_query_more_for_the_member_lookup(
    isk, login, dashboard_url, django_assert_num_queries
):
    assigned = isk.actions.get(assigned_organisation__slug="levanger-kommune")
    indicator = Indicator.objects.create(strategy=isk, ref="i1", name="I", action=assigned)
    Measurement.objects.create(indicator=indicator, date=date(2024, 1, 1), value=1)
    client, url = login("levanger-leser"), dashboard_url(isk)
    # + the member lookup, - the crisis banner (crises are for the organisation's own members)
    with django_assert_num_queries(DASHBOARD_QUERIES + 1 - 1):
        assert client.get(url).status_code == 200
