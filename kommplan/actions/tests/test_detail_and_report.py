"""The action page and status reports (plain form, and in place from the table)."""

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from kommplan.actions.models import Action, ActionStatus
from kommplan.actions.services import record_status_update
from kommplan.audit.models import AuditEntry, AuditEvent

from .helpers import ROLES, counts, user, values


def detail_url(action: Action) -> str:
    return reverse("actions:detail", args=[action.strategy.organisation.slug, action.pk])


def report_url(action: Action) -> str:
    return reverse("actions:report", args=[action.strategy.organisation.slug, action.pk])


# --- the action page -------------------------------------------------------------------------


@pytest.mark.parametrize("username", ROLES)
def test_every_role_of_the_organisation_reads_the_action_page(client_for, own_action, username):
    response = client_for(username).get(detail_url(own_action))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and '<h1 class="ds-heading" data-size="lg">Større åpenhet' in html


def test_the_action_page_shows_every_field(client_for, isk):
    action = isk.actions.order_by("position").first()  # assigned to Levanger
    Action.objects.filter(pk=action.pk).update(
        description="Beskrivelsen",
        purpose="Hensikten",
        desired_result="Resultatet",
        financing="Driftsbudsjettet",
        due_date=date(2004, 2, 15),
        start_date=date(2004, 1, 1),
        end_date=date(2004, 3, 1),
        rrule="FREQ=WEEKLY;BYDAY=FR",
        public=True,
    )
    html = client_for("isk-leser").get(detail_url(action)).content.decode()
    for text in (
        "Beskrivelsen",
        "Hensikten",
        "Resultatet",
        "Driftsbudsjettet",
        "Enhetsledere",  # responsible as written
        "Ida Bidragsyter",  # responsible user
        "Levanger kommune",  # assigned organisation
        "Løpende",  # timing as written
        "15. februar 2004",
        "1. januar 2004 – 1. mars 2004",
        "Hver uke på fredag",
        "FREQ=WEEKLY;BYDAY=FR",
        "Ja, vises for alle",
        isk.title,
    ):
        assert text in html, text
    for group in action.target_groups.all():
        assert group.name in html


def test_the_action_page_shows_goal_strategy_and_channels(client_for, demo):
    action = Action.objects.get(
        strategy__organisation__name="Regionrådet for Fjellregionen", ref="a1"
    )
    html = client_for("demo").get(detail_url(action)).content.decode()
    assert str(action.goal) in html and str(action.approach) in html
    for channel in action.channels.all():
        assert channel.name in html


def test_the_status_history_shows_who_when_status_and_comment(client_for, own_action):
    record_status_update(
        action=own_action,
        author=user("rana-bidragsyter"),
        status=ActionStatus.PAGAR,
        comment="Innsynsløsningen er bestilt",
        reported_on=date(2024, 2, 1),
    )
    record_status_update(
        action=own_action,
        author=user("rana-redaktor"),
        status=ActionStatus.FORSINKET,
        reported_on=date(2024, 4, 2),
    )
    html = client_for("rana-leser").get(detail_url(own_action)).content.decode()
    table = html[html.index('id="history-caption"') :]
    assert "2 statusrapporter, nyeste først" in table
    rows = re.findall(
        r"<tr>\s*<td>(.*?)</td>\s*<td>.*?>([^<]+)</span></td>\s*<td>(.*?)</td>\s*"
        r'<td class="pre-line">(.*?)</td>',
        table,
        re.S,
    )
    assert rows == [
        ("2. april 2024", "Forsinket", "Rune Redaktør", "–"),
        ("1. februar 2024", "Pågår", "Berit Bidragsyter", "Innsynsløsningen er bestilt"),
    ]


@pytest.mark.parametrize(
    ("username", "may_report"),
    [
        ("rana-admin", True),
        ("rana-redaktor", True),
        ("rana-bidragsyter", True),
        ("rana-leser", False),
    ],
)
def test_the_report_form_is_there_for_editors_and_the_responsible_only(
    client_for, own_action, other_action, username, may_report
):
    html = client_for(username).get(detail_url(own_action)).content.decode()
    assert ('id="rapporter"' in html) is may_report
    html = client_for(username).get(detail_url(other_action)).content.decode()
    assert ('id="rapporter"' in html) is (username in ("rana-admin", "rana-redaktor"))


def test_only_editors_get_edit_and_delete_links(client_for, own_action):
    edit = reverse("actions:edit", args=["rana-kommune", own_action.pk])
    assert edit in client_for("rana-redaktor").get(detail_url(own_action)).content.decode()
    assert edit not in client_for("rana-bidragsyter").get(detail_url(own_action)).content.decode()


def test_the_action_page_of_another_organisation_is_404(client_for, own_action):
    assert client_for("isk-admin").get(detail_url(own_action)).status_code == 404


def test_an_action_under_another_organisations_address_is_404(client_for, own_action):
    url = reverse("actions:detail", args=["innherred-samkommune", own_action.pk])
    assert client_for("isk-admin").get(url).status_code == 404
    assert client_for("rana-admin").get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_from_the_action_page(client, own_action):
    response = client.get(detail_url(own_action))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_member_organisation_reads_only_its_assigned_actions(client_for, isk):
    assigned, other = isk.actions.order_by("position")[:2]
    assert assigned.assigned_organisation.name == "Levanger kommune"
    client = client_for("levanger-leser")
    assert client.get(detail_url(assigned)).status_code == 200
    assert client.get(detail_url(other)).status_code == 404
    # reading is all they may do
    assert 'id="rapporter"' not in client.get(detail_url(assigned)).content.decode()


# --- reporting status ------------------------------------------------------------------------


def test_the_responsible_bidragsyter_reports_status_without_javascript(client_for, own_action):
    client = client_for("rana-bidragsyter")
    response = client.post(
        report_url(own_action),
        {"status": "pagar", "comment": "Godt i gang", "reported_on": "2024-05-02"},
    )
    assert response.status_code == 302 and response.url == detail_url(own_action)
    update = own_action.updates.get()
    assert (update.status, update.comment, update.date) == (
        "pagar",
        "Godt i gang",
        date(2024, 5, 2),
    )
    assert update.author == user("rana-bidragsyter")
    own_action.refresh_from_db()
    assert own_action.status == "pagar"
    page = client.get(response.url).content.decode()
    assert "Status for «Større åpenhet» er nå Pågår." in page


@pytest.mark.parametrize("username", ["rana-admin", "rana-redaktor"])
def test_editors_report_on_any_action(client_for, other_action, username):
    response = client_for(username).post(report_url(other_action), {"status": "fullfort"})
    assert response.status_code == 302
    other_action.refresh_from_db()
    assert other_action.status == "fullfort"


@pytest.mark.parametrize(
    ("username", "action_fixture", "expected"),
    [
        ("rana-bidragsyter", "other_action", 403),
        ("rana-leser", "own_action", 403),
        ("isk-admin", "own_action", 404),
        ("isk-bidragsyter", "own_action", 404),
    ],
)
def test_a_forbidden_report_changes_nothing(
    client_for, request, username, action_fixture, expected
):
    action = request.getfixturevalue(action_fixture)
    before, row = counts(), values(action)
    client = client_for(username)
    assert client.get(report_url(action)).status_code == expected
    response = client.post(report_url(action), {"status": "fullfort", "comment": "x"})
    assert response.status_code == expected
    assert counts() == before and values(action) == row


def test_anonymous_reports_are_sent_to_log_in_and_change_nothing(client, own_action):
    before = counts()
    response = client.post(report_url(own_action), {"status": "fullfort"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert counts() == before


def test_a_report_cannot_set_its_author_or_move_to_another_action(
    client_for, own_action, other_action
):
    client = client_for("rana-bidragsyter")
    others_before = list(other_action.updates.values_list("pk", flat=True))
    client.post(
        report_url(own_action),
        {
            "status": "pagar",
            "author": user("rana-admin").pk,
            "author_name": "Noen andre",
            "action": other_action.pk,
            "position": 99,
            "version": 42,
        },
    )
    update = own_action.updates.get()
    assert update.action == own_action and update.author == user("rana-bidragsyter")
    assert update.author_name == "Berit Bidragsyter" and update.position == 0
    own_action.refresh_from_db()
    assert own_action.version == 2
    # other_action has reports in the demo plan: none was added
    assert list(other_action.updates.values_list("pk", flat=True)) == others_before


def test_an_invalid_report_shows_the_form_again_with_the_error(client_for, own_action):
    before = counts()
    response = client_for("rana-bidragsyter").post(report_url(own_action), {"status": "ferdig"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and "ds-error-summary" in html
    assert html.count("<h1") == 1
    assert counts() == before


def test_the_report_page_returns_to_a_local_next_address_only(client_for, own_action):
    client = client_for("rana-bidragsyter")
    mine = reverse("actions:mine")
    page = client.get(report_url(own_action), {"next": mine}).content.decode()
    assert f'name="next" value="{mine}"' in page
    response = client.post(report_url(own_action), {"status": "pagar", "next": mine})
    assert response.url == mine
    response = client.post(
        report_url(own_action), {"status": "pagar", "next": "https://evil.example/"}
    )
    assert response.url == detail_url(own_action)


def test_status_changes_in_place_from_the_table_with_htmx(client_for, own_action):
    client = client_for("rana-bidragsyter")
    plan = reverse("actions:plan", args=["rana-kommune", own_action.strategy_id])
    response = client.post(
        report_url(own_action),
        {"status": "forsinket", "next": plan + "?sort=title"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"status-{own_action.pk}",
    )
    assert response.status_code == 200
    html = response.content.decode()
    # the inside of the cell: HTMX swaps it into the table's <td id="status-...">
    assert "<td" not in html and "<html" not in html
    assert '<span class="ds-tag" data-color="warning">Forsinket</span>' in html
    assert re.search(r'<option value="forsinket" selected>', html)
    assert f'id="status-select-{own_action.pk}" data-focus-after-swap' in html
    assert f'name="next" value="{plan}?sort=title"' in html
    message = json.loads(response.headers["HX-Trigger"])["announce"]["value"]
    assert message == "Status for «Større åpenhet» er nå Forsinket."
    own_action.refresh_from_db()
    assert own_action.status == "forsinket"
    entry = AuditEntry.objects.get(object_id=str(own_action.pk))
    assert entry.event == AuditEvent.STATUS


def test_the_table_status_form_posts_back_to_the_plan_without_javascript(client_for, own_action):
    client = client_for("rana-bidragsyter")
    plan = reverse("actions:plan", args=["rana-kommune", own_action.strategy_id])
    html = client.get(plan, {"sort": "title"}).content.decode()
    form = re.search(
        rf'<form class="status-form" method="post" action="{report_url(own_action)}"', html
    )
    assert form
    # with HTMX the form swaps just the inside of its own cell
    assert f'<td id="status-{own_action.pk}">' in html
    assert f'hx-target="#status-{own_action.pk}"' in html
    response = client.post(
        report_url(own_action), {"status": "pagar", "next": f"{plan}?sort=title"}
    )
    assert response.status_code == 302 and response.url == f"{plan}?sort=title"


def test_report_rejects_methods_other_than_get_and_post(client_for, own_action):
    assert client_for("rana-redaktor").put(report_url(own_action)).status_code == 405


def test_an_invalid_status_from_the_table_keeps_the_cell_and_says_why(client_for, own_action):
    before = counts()
    response = client_for("rana-bidragsyter").post(
        report_url(own_action),
        {"status": "ferdig"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"status-{own_action.pk}",
    )
    assert response.status_code == 200
    assert '<option value="ikke_startet" selected>' in response.content.decode()
    message = json.loads(response.headers["HX-Trigger"])["announce"]["value"]
    assert message.startswith("Statusen ble ikke lagret.")
    assert counts() == before
