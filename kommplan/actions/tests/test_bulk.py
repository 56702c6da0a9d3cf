"""Changing several actions at once from the action plan table."""

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from kommplan.actions.models import Action
from kommplan.audit.models import AuditEntry, AuditEvent

from .helpers import EDITORS, HTMX_RESULTS, counts, user, values


def bulk_url(strategy) -> str:
    return reverse("actions:bulk", args=[strategy.organisation.slug, strategy.pk])


def plan_url(strategy) -> str:
    return reverse("actions:plan", args=[strategy.organisation.slug, strategy.pk])


@pytest.mark.parametrize("username", EDITORS)
def test_editors_change_status_and_responsible_of_several_actions(client_for, rana, username):
    chosen = list(rana.actions.order_by("position")[2:5])
    client = client_for(username)
    response = client.post(
        bulk_url(rana),
        {
            "actions": [a.pk for a in chosen],
            # No demo action is cancelled, so each of the three changes status.
            "status": "avlyst",
            "responsible_user": user("rana-bidragsyter").pk,
            "query": "sort=title",
        },
    )
    assert response.status_code == 302 and response.url == plan_url(rana) + "?sort=title"
    for action in chosen:
        action.refresh_from_db()
        assert action.status == "avlyst"
        assert action.responsible_user.username == "rana-bidragsyter"
        # The demo plan has earlier reports on some of them: the newest is this change.
        assert action.updates.order_by("position", "pk").last().author.username == username
    entries = AuditEntry.objects.filter(event=AuditEvent.UPDATE)
    assert sorted(int(e.object_id) for e in entries) == sorted(a.pk for a in chosen)
    page = client.get(response.url).content.decode()
    assert "3 tiltak endret." in page
    others = rana.actions.exclude(pk__in=[a.pk for a in chosen])
    assert not others.filter(status="avlyst").exists()


def test_editors_set_a_due_period_at_once(client_for, rana):
    chosen = list(rana.actions.order_by("position")[:2])
    client_for("rana-redaktor").post(
        bulk_url(rana),
        {
            "actions": [a.pk for a in chosen],
            "due_date": "2025-11-30",
            "start_date": "2025-09-01",
            "end_date": "2025-12-31",
            "responsible": "Kommunikasjonssjefen",
        },
    )
    for action in chosen:
        action.refresh_from_db()
        assert (action.start_date, action.end_date, action.due_date) == (
            date(2025, 9, 1),
            date(2025, 12, 31),
            date(2025, 11, 30),
        )
        assert action.responsible == "Kommunikasjonssjefen"
        assert action.status == "ikke_startet"  # left as it was


def test_nothing_selected_or_nothing_to_change_is_explained_on_the_plan(client_for, rana):
    client = client_for("rana-redaktor")
    before = counts()
    response = client.post(bulk_url(rana), {"status": "pagar"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Velg minst ett tiltak i tabellen." in html and html.count("<h1") == 1
    action = rana.actions.first()
    response = client.post(bulk_url(rana), {"actions": [action.pk]})
    html = response.content.decode()
    assert response.status_code == 400 and "Velg minst én endring." in html
    # the selection is kept so the user need not tick again
    assert re.search(rf'value="{action.pk}" id="select-{action.pk}" form="bulk-form" checked', html)
    assert counts() == before


def test_a_period_ending_before_it_starts_is_refused(client_for, rana):
    before = counts()
    response = client_for("rana-redaktor").post(
        bulk_url(rana),
        {
            "actions": [rana.actions.first().pk],
            "start_date": "2025-05-01",
            "end_date": "2025-01-01",
        },
    )
    assert response.status_code == 400
    assert 'href="#bulk-end_date"' in response.content.decode()
    assert counts() == before


def test_actions_of_another_strategy_cannot_be_changed(client_for, rana, isk):
    foreign = isk.actions.first()
    before, row = counts(), values(foreign)
    response = client_for("rana-redaktor").post(
        bulk_url(rana), {"actions": [foreign.pk], "status": "avlyst"}
    )
    assert response.status_code == 400
    assert counts() == before and values(foreign) == row


def test_bulk_ignores_fields_one_may_not_set(client_for, rana, isk):
    action = rana.actions.first()
    before = values(action)
    client_for("rana-redaktor").post(
        bulk_url(rana),
        {"actions": [action.pk], "status": "pagar", "strategy": isk.pk, "version": 40},
    )
    after = values(action)
    assert after["status"] == "pagar"
    assert after["strategy_id"] == before["strategy_id"]
    assert after["version"] == before["version"] + 1


@pytest.mark.parametrize(
    ("username", "expected"),
    [("rana-bidragsyter", 403), ("rana-leser", 403), ("isk-admin", 404), ("levanger-leser", 404)],
)
def test_a_forbidden_bulk_change_changes_nothing(client_for, rana, username, expected):
    action = rana.actions.first()
    before, row = counts(), values(action)
    response = client_for(username).post(
        bulk_url(rana), {"actions": [action.pk], "status": "avlyst"}
    )
    assert response.status_code == expected
    assert counts() == before and values(action) == row


def test_anonymous_bulk_changes_are_sent_to_log_in(client, rana):
    before = counts()
    response = client.post(
        bulk_url(rana), {"actions": [rana.actions.first().pk], "status": "avlyst"}
    )
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert counts() == before


def test_bulk_is_post_only(client_for, rana):
    assert client_for("rana-redaktor").get(bulk_url(rana)).status_code == 405


def test_with_htmx_the_results_are_swapped_and_the_change_announced(client_for, rana):
    chosen = list(rana.actions.order_by("position")[:2])
    response = client_for("rana-redaktor").post(
        bulk_url(rana),
        {"actions": [a.pk for a in chosen], "status": "fullfort", "query": "status=fullfort"},
        **HTMX_RESULTS,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" not in html
    # the results follow the plan's filters: the two now finished and those finished before
    found = re.findall(r'<a class="ds-link" href="/org/rana-kommune/tiltak/(\d+)/">', html)
    finished = rana.actions.filter(status="fullfort").values_list("pk", flat=True)
    assert sorted(map(int, found)) == sorted(finished)
    assert {a.pk for a in chosen} <= set(finished)
    assert json.loads(response.headers["HX-Trigger"])["announce"]["value"] == "2 tiltak endret."
    assert "data-focus-after-swap" in html


def test_with_htmx_errors_are_swapped_in_and_focused(client_for, rana):
    before = counts()
    ongoing = set(Action.objects.filter(status="pagar").values_list("pk", flat=True))
    response = client_for("rana-redaktor").post(bulk_url(rana), {"status": "pagar"}, **HTMX_RESULTS)
    assert response.status_code == 200  # htmx swaps successful responses only
    html = response.content.decode()
    assert re.search(r'id="bulk-errors"[^>]*data-focus-after-swap', html)
    message = json.loads(response.headers["HX-Trigger"])["announce"]["value"]
    assert message.startswith("Endringene ble ikke lagret")
    assert set(Action.objects.filter(status="pagar").values_list("pk", flat=True)) == ongoing
    assert counts() == before
