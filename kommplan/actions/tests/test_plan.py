"""The action plan table: filters, sort, pagination, HTMX results and who sees what."""

import json
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.db.models.functions import Lower
from django.urls import reverse

from kommplan.actions.models import Action, ActionStatus
from kommplan.organisations.models import MemberRole, Membership
from kommplan.strategies.models import Strategy

from .helpers import HTMX_RESULTS, ROLES, user


def plan_url(strategy: Strategy) -> str:
    return reverse("actions:plan", args=[strategy.organisation.slug, strategy.pk])


def titles(response) -> list[str]:
    """Action titles in table order."""
    html = response.content.decode()
    return re.findall(r'<a class="ds-link" href="/org/[^"]+/tiltak/\d+/">([^<]+)</a>', html)


def announced(response) -> str:
    return json.loads(response.headers["HX-Trigger"])["announce"]["value"]


def test_the_plan_refuses_post(client_for, rana):
    assert client_for("rana-admin").post(plan_url(rana)).status_code == 405


@pytest.mark.parametrize("username", ROLES)
def test_every_role_of_the_organisation_reads_the_plan(client_for, rana, username):
    response = client_for(username).get(plan_url(rana))
    assert response.status_code == 200
    assert "Større åpenhet" in response.content.decode()


def test_another_organisations_administrator_gets_404(client_for, rana):
    assert client_for("isk-admin").get(plan_url(rana)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, rana):
    response = client.get(plan_url(rana))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_member_organisation_reads_only_the_actions_assigned_to_it(client_for, isk):
    response = client_for("levanger-leser").get(plan_url(isk))
    assert response.status_code == 200
    assigned = isk.actions.get(assigned_organisation__name="Levanger kommune")
    assert titles(response) == [assigned.title]
    # and does not get the samkommune's member list as a filter
    assert 'name="responsible_user"' not in response.content.decode()


def test_filtering_by_status_and_responsible_text(client_for, isk):
    client = client_for("isk-leser")
    second = isk.actions.order_by("position")[1]
    Action.objects.filter(pk=second.pk).update(status=ActionStatus.PAGAR)
    response = client.get(plan_url(isk), {"status": "pagar"})
    assert titles(response) == [second.title]
    response = client.get(plan_url(isk), {"responsible": "rådmenn"})
    expected = list(
        isk.actions.filter(responsible__icontains="rådmenn")
        .order_by("position")
        .values_list("title", flat=True)
    )
    assert expected and titles(response) == expected


def test_filtering_by_responsible_user(client_for, rana):
    response = client_for("rana-leser").get(
        plan_url(rana), {"responsible_user": user("rana-bidragsyter").pk}
    )
    assert titles(response) == ["Større åpenhet", "Bærekraft"]


def test_the_responsible_text_filter_finds_the_responsible_users_name(client_for, rana):
    response = client_for("rana-leser").get(plan_url(rana), {"responsible": "berit"})
    assert titles(response) == ["Større åpenhet", "Bærekraft"]


def test_filtering_by_target_group_and_channel(client_for, isk, rana):
    group = isk.target_groups.order_by("position")[2]
    response = client_for("isk-leser").get(plan_url(isk), {"target_group": group.pk})
    expected = list(group.actions.order_by("position").values_list("title", flat=True))
    assert expected and titles(response) == expected
    channel = rana.channels.first()
    action = rana.actions.order_by("position")[3]
    action.channels.add(channel)
    response = client_for("rana-leser").get(plan_url(rana), {"channel": channel.pk})
    assert titles(response) == [action.title]


def test_filtering_by_goal_includes_its_sub_goals_and_strategies(client_for, demo):
    strategy = Strategy.objects.get(organisation__name="Regionrådet for Fjellregionen")
    goal = strategy.goals.filter(parent__isnull=True, children__isnull=False).first()
    child = goal.children.first()
    subtree, todo = set(), [goal]
    while todo:
        node = todo.pop()
        subtree.add(node.pk)
        todo.extend(node.children.all())
    direct, via_child, elsewhere = strategy.actions.order_by("position")[:3]
    Action.objects.filter(pk=direct.pk).update(goal=goal, approach=None)
    Action.objects.filter(pk=via_child.pk).update(goal=child, approach=None)
    Action.objects.filter(pk=elsewhere.pk).update(goal=None, approach=None)
    Membership.objects.create(
        user=user("rana-leser"), organisation=strategy.organisation, role=MemberRole.LESER
    )
    response = client_for("rana-leser").get(plan_url(strategy), {"goal": goal.pk})
    expected = {
        a.title
        for a in strategy.actions.select_related("approach")
        if a.goal_id in subtree or (a.approach and a.approach.goal_id in subtree)
    }
    assert {direct.title, via_child.title} <= expected
    assert set(titles(response)) == expected
    assert elsewhere.title not in titles(response)
    # the sub-goal alone leaves out the action on the parent goal
    response = client_for("rana-leser").get(plan_url(strategy), {"goal": child.pk})
    assert direct.title not in titles(response) and via_child.title in titles(response)


def test_filtering_by_due_period_and_overdue(client_for, isk):
    client = client_for("isk-leser")
    # Innherred's plan has deadlines in January and February 2004.
    # The deadline is the due date, or the end of the action's period.
    response = client.get(plan_url(isk), {"due_from": "2004-01-25", "due_to": "2004-01-31"})
    expected = [
        a.title
        for a in isk.actions.order_by("position")
        if (a.due_date or a.end_date)
        and date(2004, 1, 25) <= (a.due_date or a.end_date)
        and (a.due_date or a.end_date) <= date(2004, 1, 31)
    ]
    assert len(expected) >= 2 and titles(response) == expected
    assert any(a.end_date and not a.due_date for a in isk.actions.all())
    done = isk.actions.filter(due_date__isnull=False).order_by("position").first()
    Action.objects.filter(pk=done.pk).update(status=ActionStatus.FULLFORT)
    response = client.get(plan_url(isk), {"overdue": "on"})
    late = [
        a.title
        for a in isk.actions.order_by("position")
        if a.is_overdue(date.today()) and a.pk != done.pk
    ]
    assert late and titles(response) == late
    assert done.title not in titles(response)


def test_an_invalid_filter_value_is_shown_and_ignored(client_for, rana):
    response = client_for("rana-leser").get(plan_url(rana), {"due_from": "i morgen"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html and len(titles(response)) == 6


def test_no_matches_says_so(client_for, rana):
    response = client_for("rana-leser").get(plan_url(rana), {"responsible": "finnes ikke"})
    assert "Ingen tiltak passer filtrene." in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["Bærekraft", "Enklere kommunikasjon med innbyggerne", "Intranett"]),
        ("-title", ["Vekstmobilisering", "Større åpenhet", "Sosiale medier"]),
    ],
)
def test_sorting_by_title(client_for, rana, sort, expected):
    response = client_for("rana-leser").get(plan_url(rana), {"sort": sort})
    assert titles(response)[:3] == expected


def test_sorting_marks_the_column_with_aria_sort(client_for, rana):
    html = client_for("rana-leser").get(plan_url(rana), {"sort": "-due"}).content.decode()
    assert re.search(r'<th scope="col" aria-sort="descending"><button[^>]*>Tid</button>', html)
    assert re.search(r'aria-sort="none"><button[^>]*value="title"[^>]*>Tiltak</button>', html)
    # activating the sorted column again flips it
    assert re.search(r'aria-sort="descending"><button[^>]*value="due"', html)


def test_sorting_by_due_date_puts_actions_without_one_last(client_for, isk):
    response = client_for("isk-leser").get(plan_url(isk), {"sort": "due"})
    dated = [
        a.title
        for a in sorted(
            (a for a in isk.actions.all() if a.due_date or a.end_date),
            key=lambda a: (a.due_date or a.end_date, a.position),
        )
    ]
    assert titles(response)[: len(dated)] == dated
    response = client_for("isk-leser").get(plan_url(isk), {"sort": "-due"})
    assert titles(response)[: len(dated)] == dated[::-1]


def test_sorting_by_status_follows_the_work_not_the_alphabet(client_for, rana):
    first, second, third = rana.actions.order_by("position")[:3]
    Action.objects.filter(pk=first.pk).update(status=ActionStatus.FULLFORT)
    Action.objects.filter(pk=second.pk).update(status=ActionStatus.PAGAR)
    Action.objects.filter(pk=third.pk).update(status=ActionStatus.FORSINKET)
    response = client_for("rana-leser").get(plan_url(rana), {"sort": "-status"})
    # The demo plan's other actions have statuses of their own: compare these three only.
    three = {first.title, second.title, third.title}
    shown = [title for title in titles(response) if title in three]
    assert shown == [first.title, third.title, second.title]
    assert titles(response)[0] == first.title  # fullført comes first


def test_sorting_by_responsible_uses_the_text_else_the_users_name(client_for, rana):
    actions = list(rana.actions.order_by("position"))
    # The first two have Berit Bidragsyter as responsible user and no text.
    for action, text in zip(actions[2:], ["Kari", "Anders", "", "Per"], strict=True):
        Action.objects.filter(pk=action.pk).update(responsible=text)
    response = client_for("rana-leser").get(plan_url(rana), {"sort": "responsible"})
    expected = [actions[3], actions[0], actions[1], actions[2], actions[5], actions[4]]
    assert titles(response) == [a.title for a in expected]
    response = client_for("rana-leser").get(plan_url(rana), {"sort": "-responsible"})
    # Ties keep plan order; no responsible at all stays last.
    expected = [actions[5], actions[2], actions[0], actions[1], actions[3], actions[4]]
    assert titles(response) == [a.title for a in expected]


def test_a_sort_button_without_javascript_comes_back_at_a_clean_address(client_for, rana):
    # A sort button submits the filter form: the hidden field and the button both send "sort".
    client = client_for("rana-leser")
    response = client.get(plan_url(rana) + "?status=&responsible=berit&sort=title&sort=-title")
    assert response.status_code == 302
    assert response.url == plan_url(rana) + "?responsible=berit&sort=-title"
    response = client.get(response.url)
    assert titles(response) == ["Større åpenhet", "Bærekraft"]
    assert 'name="sort" value="-title"' in response.content.decode()


def test_an_unknown_sort_keeps_document_order(client_for, rana):
    response = client_for("rana-leser").get(plan_url(rana), {"sort": "password"})
    assert titles(response)[:2] == ["Større åpenhet", "Bærekraft"]


def test_pagination_uses_designsystemet_markup_and_keeps_the_filters(client_for, demo):
    strategy = Strategy.objects.get(organisation__name="Askim kommune")
    client = client_for("demo")
    response = client.get(plan_url(strategy), {"sort": "title", "page": 2})
    html = response.content.decode()
    # The database's collation decides the order of Norwegian letters.
    ordered = list(
        strategy.actions.order_by(Lower("title"), "position", "pk").values_list("title", flat=True)
    )
    assert titles(response) == ordered[25:50]
    assert '<nav class="ds-pagination"' in html
    assert re.search(r'href="\?sort=title&amp;page=2"[^>]*aria-current="true"', html)
    assert 'href="?sort=title&amp;page=1"' in html and 'href="?sort=title&amp;page=3"' in html
    assert "side 2 av 3" in html
    last = client.get(plan_url(strategy), {"sort": "title", "page": 3})
    assert titles(last) == ordered[50:]
    assert '<span class="ds-button" data-variant="tertiary" aria-hidden="true">Neste</span>' in (
        last.content.decode()
    )


def test_htmx_gets_only_the_results_and_a_clean_address_and_the_count_announced(client_for, isk):
    response = client_for("isk-leser").get(
        plan_url(isk), {"status": "", "responsible": "rådmenn", "sort": ""}, **HTMX_RESULTS
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<h1" not in html and 'id="plan-caption"' in html
    assert response.headers["HX-Push-Url"] == plan_url(isk) + "?responsible=r%C3%A5dmenn"
    count = isk.actions.filter(responsible__icontains="rådmenn").count()
    assert announced(response) == f"{count} tiltak funnet."


def test_htmx_page_change_moves_focus_to_the_table_and_a_filter_change_does_not(client_for, demo):
    strategy = Strategy.objects.get(organisation__name="Askim kommune")
    client = client_for("demo")
    response = client.get(
        plan_url(strategy), {"page": 2}, HTTP_HX_TRIGGER="page-next", **HTMX_RESULTS
    )
    html = response.content.decode()
    assert 'aria-labelledby="plan-caption" data-focus-after-swap' in html
    assert announced(response) == "52 tiltak funnet. Side 2 av 3."
    response = client.get(plan_url(strategy), {"responsible": ""}, **HTMX_RESULTS)
    assert "data-focus-after-swap" not in response.content.decode()


def test_htmx_sort_keeps_focus_on_the_sorted_column(client_for, rana):
    response = client_for("rana-leser").get(plan_url(rana) + "?sort=&sort=status", **HTMX_RESULTS)
    html = response.content.decode()
    assert re.search(r'aria-sort="ascending"><button[^>]*data-focus-after-swap', html)
    assert response.headers["HX-Push-Url"] == plan_url(rana) + "?sort=status"


def test_a_history_restore_gets_the_whole_page(client_for, rana):
    response = client_for("rana-leser").get(
        plan_url(rana), HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX_RESULTS
    )
    assert "<h1" in response.content.decode()


def test_the_filter_form_works_without_javascript(client_for, rana):
    html = client_for("rana-leser").get(plan_url(rana)).content.decode()
    form = re.search(r'<form id="plan-filter"[^>]*>', html).group(0)
    assert 'method="get"' in form and f'action="{plan_url(rana)}"' in form
    assert 'hx-get="' in form and 'hx-push-url="true"' in form
    for name in ("goal", "channel", "responsible", "responsible_user", "status", "overdue"):
        assert re.search(rf'<label class="ds-label" for="filter-{name}"', html), name


def test_readers_get_no_status_forms_or_checkboxes(client_for, rana):
    html = client_for("rana-leser").get(plan_url(rana)).content.decode()
    assert "status-form" not in html and 'name="actions"' not in html
    assert "Nytt tiltak" not in html


def test_a_bidragsyter_gets_a_status_form_only_on_their_own_actions(client_for, rana):
    response = client_for("rana-bidragsyter").get(plan_url(rana))
    html = response.content.decode()
    own = rana.actions.filter(responsible_user__username="rana-bidragsyter")
    assert html.count('class="status-form"') == 2
    for action in own:
        assert f'id="status-select-{action.pk}"' in html
    assert 'name="actions"' not in html


def test_editors_get_status_forms_checkboxes_and_the_bulk_form(client_for, rana):
    html = client_for("rana-redaktor").get(plan_url(rana)).content.decode()
    assert html.count('class="status-form"') == 6
    assert html.count('form="bulk-form"') == 6
    assert '<form id="bulk-form"' in html
    assert re.search(r'<label class="ds-sr-only" for="select-\d+">Velg «Større åpenhet»', html)


@pytest.mark.parametrize("name", ["Innherred Samkommune", "Askim kommune"])
@pytest.mark.parametrize("role", [MemberRole.LESER, MemberRole.REDAKTOR])
def test_the_plan_costs_the_same_queries_for_8_and_52_actions(
    client, demo, django_assert_num_queries, name, role
):
    strategy = Strategy.objects.get(organisation__name=name)
    assert strategy.actions.count() in (8, 52)
    someone = User.objects.create(username="telleren")
    Membership.objects.create(user=someone, organisation=strategy.organisation, role=role)
    client.force_login(someone)
    url = plan_url(strategy)
    # session, user, organisation, memberships, strategy, members (responsible filter), goals,
    # target groups, channels, count, actions (+goal, approach, responsible user, assigned
    # organisation), target groups, channels; then the sliding session expiry is saved
    # (savepoint, update, release).
    with django_assert_num_queries(16):
        response = client.get(url, {"status": "ikke_startet", "sort": "title"})
    assert response.status_code == 200
    assert len(titles(response)) == min(strategy.actions.count(), 25)
    with django_assert_num_queries(16):
        client.get(url, HTTP_HX_TRIGGER="page-next", **HTMX_RESULTS)


def test_an_action_marked_overdue_shows_in_the_table(client_for, isk):
    html = client_for("isk-leser").get(plan_url(isk)).content.decode()
    assert "Forfalt" in html


def test_a_future_deadline_is_not_overdue(client_for, rana):
    action = rana.actions.first()
    Action.objects.filter(pk=action.pk).update(due_date=date.today() + timedelta(days=3))
    html = client_for("rana-leser").get(plan_url(rana)).content.decode()
    assert "Forfalt" not in html
