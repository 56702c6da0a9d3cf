from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from kommplan.audit.models import AuditEntry, AuditEvent
from kommplan.audit.services import record
from kommplan.followup.tests.support import assert_accessible_tables, table
from kommplan.strategies.models import Goal, Strategy, TargetGroup


@pytest.fixture
def rana(demo) -> Strategy:
    return Strategy.objects.get(organisation__slug="rana-kommune")


@pytest.fixture
def log_url(rana) -> str:
    return reverse("audit:strategy_log", args=[rana.organisation.slug, rana.pk])


@pytest.fixture
def entries(rana) -> dict[str, AuditEntry]:
    """A few changes as the other apps' services log them."""
    rune = User.objects.get(username="rana-redaktor")
    berit = User.objects.get(username="rana-bidragsyter")
    action = rana.actions.order_by("position").first()
    group = TargetGroup.objects.create(strategy=rana, ref="tg-test", name="Ungdom")
    org = rana.organisation
    made = {
        "update": record(
            actor=rune,
            event=AuditEvent.UPDATE,
            obj=action,
            organisation=org,
            strategy=rana,
            changes={
                "status": ["ikke_startet", "pagar"],
                "responsible_user": [None, berit.pk],
                "due_date": [None, "2025-03-01"],
                "public": [False, True],
                "target_groups": [[], [group.pk]],
                "financing": ["", "Eget budsjett"],
            },
        ),
        "status": record(
            actor=berit,
            event=AuditEvent.STATUS,
            obj=action,
            organisation=org,
            strategy=rana,
            changes={"status": ["pagar", "forsinket"]},
        ),
    }
    goal = Goal.objects.create(strategy=rana, ref="g-test", text="Et nytt mål")
    made["create"] = record(
        actor=rune,
        event=AuditEvent.CREATE,
        obj=goal,
        organisation=org,
        strategy=rana,
        changes={"text": [None, "Et nytt mål"], "description": [None, ""]},
    )
    made["delete"] = record(
        actor=rune,
        event=AuditEvent.DELETE,
        obj=goal,
        organisation=org,
        strategy=rana,
        changes={"text": ["Et nytt mål", None], "parent": [999_999, None]},
    )
    askim = Strategy.objects.get(organisation__slug="askim-kommune")
    record(
        actor=rune,
        event=AuditEvent.UPDATE,
        obj=askim,
        organisation=askim.organisation,
        strategy=askim,
        changes={"title": ["Askim", "Hemmelig endring i Askim"]},
    )
    return made


def log_rows(response) -> list[list[str]]:
    return table(response.content, "logg")[1:]


# -- who may read it ------------------------------------------------------------------------


def test_an_administrator_reads_the_strategys_log(entries, login, log_url):
    response = login("rana-admin").get(log_url)
    assert response.status_code == 200
    assert len(log_rows(response)) == 4
    assert_accessible_tables(response.content)


@pytest.mark.parametrize("username", ["rana-redaktor", "rana-bidragsyter", "rana-leser"])
def test_lower_roles_get_403(entries, login, log_url, username):
    response = login(username).get(log_url)
    assert response.status_code == 403
    assert "Eget budsjett" not in response.content.decode()


def test_another_organisations_administrator_gets_404(entries, login, log_url):
    assert login("isk-admin").get(log_url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(entries, client, log_url):
    response = client.get(log_url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_member_organisations_reader_may_not_read_the_regional_log(demo, login):
    isk = Strategy.objects.get(organisation__slug="innherred-samkommune")
    url = reverse("audit:strategy_log", args=[isk.organisation.slug, isk.pk])
    assert login("levanger-leser").get(url).status_code == 403


def test_the_log_cannot_be_changed_through_its_page(entries, login, log_url):
    before = list(AuditEntry.objects.values_list("pk", "changes"))
    response = login("rana-admin").post(log_url, {"event": "delete", "changes": "{}"})
    assert response.status_code == 405
    assert list(AuditEntry.objects.values_list("pk", "changes")) == before


def test_only_this_strategys_entries_are_shown(entries, login, log_url):
    assert "Hemmelig endring i Askim" not in login("rana-admin").get(log_url).content.decode()


# -- what it shows --------------------------------------------------------------------------


def test_each_entry_says_who_when_what_and_the_change_in_words(entries, login, log_url):
    rows = log_rows(login("rana-admin").get(log_url))
    newest_first = [row[2] for row in rows]
    assert newest_first == ["Slettet", "Opprettet", "Status rapportert", "Endret"]
    when, who, event, subject, changes = rows[3]
    assert who == "Rune Redaktør"
    assert subject.startswith("Tiltak: ")
    # Field labels, choice labels, names of related objects, dates and yes/no in words.
    assert "Status fra Ikke startet → til Pågår" in changes
    assert "Ansvarlig bruker fra (tomt) → til Berit Bidragsyter" in changes
    assert "Frist fra (tomt) → til 1. mars 2025" in changes
    assert "Offentlig fra Nei → til Ja" in changes
    assert "Målgrupper fra (tomt) → til Ungdom" in changes
    assert "Finansiering fra (tomt) → til Eget budsjett" in changes
    assert "status" not in changes and "responsible_user" not in changes
    assert rows[2][1] == "Berit Bidragsyter"


def test_a_new_object_shows_its_values_and_a_deleted_one_what_it_was(entries, login, log_url):
    rows = log_rows(login("rana-admin").get(log_url))
    deleted, created = rows[0], rows[1]
    assert created[3] == "Mål: Et nytt mål"
    assert created[4] == "Mål Et nytt mål"  # the empty description is left out
    assert "var Et nytt mål" in deleted[4]
    assert "#999999 (slettet)" in deleted[4]  # a parent that no longer exists


def test_the_log_can_be_filtered_by_event(entries, login, log_url):
    client = login("rana-admin")
    rows = log_rows(client.get(log_url, {"hendelse": "status"}))
    assert [row[2] for row in rows] == ["Status rapportert"]
    # An unknown filter shows everything rather than failing.
    assert len(log_rows(client.get(log_url, {"hendelse": "bogus"}))) == 4
    html = client.get(log_url, {"hendelse": "permission"}).content.decode()
    assert "Ingen innslag av denne typen." in html


def test_the_log_is_paginated_and_page_links_keep_the_filter(rana, login, log_url):
    rune = User.objects.get(username="rana-redaktor")
    for i in range(30):
        record(
            actor=rune,
            event=AuditEvent.UPDATE,
            obj=rana,
            organisation=rana.organisation,
            strategy=rana,
            changes={"title": [f"t{i}", f"t{i + 1}"]},
        )
    client = login("rana-admin")
    first = client.get(log_url, {"hendelse": "update"})
    assert len(log_rows(first)) == 25
    assert "Innslag 1–25 av 30" in first.content.decode()
    assert "?hendelse=update&amp;side=2" in first.content.decode()
    second = client.get(log_url, {"hendelse": "update", "side": 2})
    assert len(log_rows(second)) == 5
    assert "t0" in second.content.decode()  # the oldest change is last
    assert len(log_rows(client.get(log_url, {"side": "999"}))) == 5  # past the end: last page


def test_with_htmx_the_filter_returns_the_results_and_announces_the_count(entries, login, log_url):
    response = login("rana-admin").get(log_url, {"hendelse": "update"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<h1" not in html and 'id="logg"' in html
    assert len(log_rows(response)) == 1
    assert json.loads(response["HX-Trigger"]) == {"announce": {"value": "1 innslag i loggen"}}


def test_an_empty_log_says_so(rana, login, log_url):
    html = login("rana-admin").get(log_url).content.decode()
    assert "Loggen er tom" in html


def test_the_log_page_costs_the_same_queries_for_4_and_40_entries(
    entries, rana, login, log_url, django_assert_num_queries
):
    client = login("rana-admin")
    # session, user, organisation, memberships, strategy, count, the page of entries,
    # then one query per kind of object the changes name (users, target groups, goals);
    # session expiry saved (savepoint, update, release).
    with django_assert_num_queries(13):
        assert client.get(log_url).status_code == 200
    for entry in list(AuditEntry.objects.filter(strategy=rana)) * 9:
        entry.pk = None
        entry.save()
    with django_assert_num_queries(13):
        response = client.get(log_url)
    assert len(log_rows(response)) == 25
