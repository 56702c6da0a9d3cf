""" "Mine tiltak": the actions I am responsible for, across organisations, overdue first."""

import re
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.urls import reverse

from kommplan.actions.models import Action, ActionStatus
from kommplan.organisations.models import MemberRole, Membership, Organisation

from .helpers import user

MINE = reverse("actions:mine")


def titles(response) -> list[str]:
    return re.findall(
        r'<td><a class="ds-link" href="/org/[^"]+/tiltak/\d+/">([^<]+)</a></td>',
        response.content.decode(),
    )


def test_a_bidragsyter_sees_the_actions_they_are_responsible_for(client_for, rana):
    response = client_for("rana-bidragsyter").get(MINE)
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(response) == ["Større åpenhet", "Bærekraft"]
    assert html.count("<h1") == 1
    first = rana.actions.get(title="Større åpenhet")
    report = reverse("actions:report", args=["rana-kommune", first.pk])
    assert f'href="{report}?next=/mine-tiltak/"' in html


def test_actions_come_from_every_organisation_overdue_first_then_by_deadline(client_for, demo):
    berit = user("rana-bidragsyter")
    today = date.today()
    isk = Organisation.objects.get(name="Innherred Samkommune")
    Membership.objects.create(user=berit, organisation=isk, role=MemberRole.BIDRAGSYTER)
    rana_actions = list(Action.objects.filter(responsible_user=berit).order_by("position"))
    isk_late, isk_soon, isk_done = Action.objects.filter(strategy__organisation=isk).order_by(
        "position"
    )[2:5]
    Action.objects.filter(pk=isk_late.pk).update(
        responsible_user=berit, due_date=today - timedelta(days=10)
    )
    Action.objects.filter(pk=isk_soon.pk).update(
        responsible_user=berit, due_date=today + timedelta(days=5)
    )
    # finished long ago: not overdue, sorted by its date among the rest
    Action.objects.filter(pk=isk_done.pk).update(
        responsible_user=berit,
        due_date=today - timedelta(days=400),
        status=ActionStatus.FULLFORT,
    )
    Action.objects.filter(pk=rana_actions[1].pk).update(end_date=today - timedelta(days=1))
    response = client_for("rana-bidragsyter").get(MINE)
    assert titles(response) == [
        isk_late.title,
        rana_actions[1].title,
        isk_done.title,
        isk_soon.title,
        rana_actions[0].title,
    ]
    html = response.content.decode()
    assert html.count('<span class="ds-tag" data-color="danger">Forfalt</span>') == 2
    assert "Innherred Samkommune" in html and "Rana kommune" in html


def test_actions_of_an_organisation_one_has_left_are_not_listed(client_for, demo):
    Membership.objects.filter(user__username="rana-bidragsyter").delete()
    response = client_for("rana-bidragsyter").get(MINE)
    assert titles(response) == []
    assert "Du er ikke ansvarlig for noen tiltak." in response.content.decode()


def test_a_responsible_reader_sees_the_action_without_a_report_link(client_for, rana):
    action = rana.actions.order_by("position")[3]
    Action.objects.filter(pk=action.pk).update(responsible_user=user("rana-leser"))
    html = client_for("rana-leser").get(MINE).content.decode()
    assert action.title in html
    assert reverse("actions:report", args=["rana-kommune", action.pk]) not in html


def test_someone_elses_actions_are_not_listed(client_for, demo):
    response = client_for("isk-bidragsyter").get(MINE)
    assert "Større åpenhet" not in response.content.decode()
    assert len(titles(response)) == 2


def test_anonymous_visitors_are_sent_to_log_in(client, demo):
    response = client.get(MINE)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_mine_costs_the_same_queries_for_2_and_40_actions(client, demo, django_assert_num_queries):
    someone = User.objects.create(username="ansvarlig")
    askim = Organisation.objects.get(name="Askim kommune")
    Membership.objects.create(user=someone, organisation=askim, role=MemberRole.BIDRAGSYTER)
    client.force_login(someone)
    actions = list(Action.objects.filter(strategy__organisation=askim).order_by("position"))
    for size in (2, 40):
        Action.objects.filter(pk__in=[a.pk for a in actions[:size]]).update(
            responsible_user=someone
        )
        # session, user, memberships, actions (+strategy, organisation, goal), their last
        # reports; then the sliding session expiry is saved (savepoint, update, release).
        with django_assert_num_queries(8):
            response = client.get(MINE)
        assert len(titles(response)) == size
