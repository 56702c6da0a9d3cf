"""The JSON API at /api/: each route's happy path and who may use it.

The access matrix (tests/test_access_matrix.py) skips api/ because the API answers 401/403/404
as JSON instead of redirecting to log in; the cross-organisation and role checks are here and in
kommplan/apitokens/tests (tokens).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from kommplan.actions.models import Action, StatusUpdate
from kommplan.api import schema_json
from kommplan.audit.models import AuditEntry
from kommplan.strategies.models import Goal, KeyMessage, NotificationEntry, Strategy
from kommplan.strategies.services import add_target_group

RANA = "rana-kommune"
ISK = "innherred-samkommune"


@pytest.fixture
def rana(demo) -> Strategy:
    return Strategy.objects.get(organisation__slug=RANA)


@pytest.fixture
def isk(demo) -> Strategy:
    return Strategy.objects.get(organisation__slug=ISK)


@pytest.fixture
def own_action(rana) -> Action:
    """Rana's first action: rana-bidragsyter is responsible for it."""
    action = rana.actions.order_by("position", "pk").first()
    assert action.responsible_user.username == "rana-bidragsyter"
    return action


@pytest.fixture
def other_action(rana) -> Action:
    """A Rana action rana-bidragsyter is not responsible for."""
    action = rana.actions.order_by("position", "pk")[2]
    assert action.responsible_user_id is None
    return action


def post_status(client: Client, target: Action, **data):
    return client.post(f"/api/actions/{target.pk}/status", data, content_type="application/json")


def unchanged(action: Action) -> bool:
    fresh = Action.objects.get(pk=action.pk)
    return fresh.status == action.status and fresh.version == action.version


# --- happy paths ---------------------------------------------------------------------------


def test_the_organisations_list_holds_those_the_user_may_read(demo, login):
    response = login("levanger-leser").get("/api/organisations")
    assert response.status_code == 200
    # Levanger's member reads Levanger and the council Levanger belongs to.
    assert {o["slug"] for o in response.json()["items"]} == {"levanger-kommune", ISK}


def test_an_organisations_strategies_are_listed(rana, login):
    response = login("rana-leser").get(f"/api/organisations/{RANA}/strategies")
    assert response.status_code == 200
    assert [s["id"] for s in response.json()["items"]] == [rana.pk]
    assert response.json()["items"][0]["title"] == rana.title
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    "slug", ["askim-kommune", "innherred-samkommune", "osen-kommune"]
)  # between them: goals, target groups and messages, channels
def test_a_strategy_comes_with_its_goals_target_groups_channels_and_messages(demo, login, slug):
    strategy = Strategy.objects.get(organisation__slug=slug)
    response = login("demo").get(f"/api/strategies/{strategy.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["organisation"] == slug
    for part in ("goals", "target_groups", "channels", "messages"):
        expected = getattr(strategy, part).order_by("position", "pk").values_list("pk", flat=True)
        assert [item["id"] for item in body[part]] == list(expected), part
    for message in body["messages"]:
        groups = KeyMessage.objects.get(pk=message["id"]).target_groups.values_list("pk", flat=True)
        assert sorted(message["target_group_ids"]) == sorted(groups)


def test_the_demo_strategies_between_them_have_every_part_the_strategy_route_shows(demo):
    tested = Strategy.objects.filter(
        organisation__slug__in=["askim-kommune", "innherred-samkommune", "osen-kommune"]
    )
    for part in ("goals", "target_groups", "channels", "messages"):
        assert any(getattr(s, part).exists() for s in tested), part


def test_a_strategys_actions_are_listed_in_plan_order(rana, login):
    response = login("rana-leser").get(f"/api/strategies/{rana.pk}/actions")
    assert response.status_code == 200
    body = response.json()
    expected = list(rana.actions.order_by("position", "pk").values_list("pk", flat=True))
    assert body["count"] == len(expected)
    assert [a["id"] for a in body["items"]] == expected[:50]


def test_the_actions_list_is_paginated(rana, login):
    client = login("rana-leser")
    expected = list(rana.actions.order_by("position", "pk").values_list("pk", flat=True))
    assert len(expected) > 2
    first = client.get(f"/api/strategies/{rana.pk}/actions?page=1&page_size=2").json()
    second = client.get(f"/api/strategies/{rana.pk}/actions?page=2&page_size=2").json()
    assert [a["id"] for a in first["items"]] == expected[:2]
    assert [a["id"] for a in second["items"]] == expected[2:4]
    assert first["count"] == second["count"] == len(expected)
    bad = client.get(f"/api/strategies/{rana.pk}/actions?page=0")
    assert bad.status_code == 422
    assert bad.json()["detail"] == "Ugyldige data i forespørselen."


@pytest.mark.parametrize("slug", ["rana-kommune", "askim-kommune"])  # 6 and 52 actions
def test_the_actions_list_takes_the_same_number_of_queries_however_long_it_is(
    demo, login, django_assert_num_queries, slug
):
    strategy = Strategy.objects.get(organisation__slug=slug)
    client = login("demo")
    # 1 session, 2 user, 3 the strategy's organisation slug, 4 organisation, 5 memberships,
    # 6 strategy, 7 count, 8 the page of actions, 9 their target groups, 10 their channels,
    # 11-13 savepoint, update, release: the session is saved on every request (idle timeout).
    with django_assert_num_queries(13):
        response = client.get(f"/api/strategies/{strategy.pk}/actions?page_size=200")
    assert response.json()["count"] == len(response.json()["items"]) == strategy.actions.count()


def test_a_member_organisations_reader_sees_only_the_actions_assigned_to_it(isk, login):
    response = login("levanger-leser").get(f"/api/strategies/{isk.pk}/actions?page_size=200")
    assert response.status_code == 200
    ids = {a["id"] for a in response.json()["items"]}
    assigned = set(
        isk.actions.filter(assigned_organisation__slug="levanger-kommune").values_list(
            "pk", flat=True
        )
    )
    assert ids == assigned
    hidden = isk.actions.exclude(pk__in=assigned).first()
    assert login("levanger-leser").get(f"/api/actions/{hidden.pk}").status_code == 404


def test_an_action_comes_with_its_status_history(own_action, login):
    response = login("rana-bidragsyter").get(f"/api/actions/{own_action.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == own_action.title
    assert body["responsible_user"] == "rana-bidragsyter"
    assert body["may_report"] is True
    assert [u["id"] for u in body["updates"]] == list(
        own_action.updates.order_by("position", "pk").values_list("pk", flat=True)
    )


def test_an_editor_reports_status_with_the_session_and_it_is_audited(other_action, login):
    before = AuditEntry.objects.count()
    response = post_status(login("rana-redaktor"), other_action, status="pagar", comment="I gang")
    assert response.status_code == 201
    assert response.json()["status"] == "pagar"
    assert Action.objects.get(pk=other_action.pk).status == "pagar"
    assert StatusUpdate.objects.get(pk=response.json()["id"]).comment == "I gang"
    assert AuditEntry.objects.count() == before + 1


def test_an_unknown_status_is_refused_with_422(other_action, login):
    response = post_status(login("rana-redaktor"), other_action, status="ferdig")
    assert response.status_code == 422
    assert unchanged(other_action)


# --- who may not ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/organisations",
        f"/api/organisations/{RANA}/strategies",
        "/api/strategies/{strategy}",
        "/api/strategies/{strategy}/actions",
        "/api/actions/{action}",
    ],
)
def test_anonymous_gets_401_as_json(rana, own_action, client, url):
    response = client.get(url.format(strategy=rana.pk, action=own_action.pk))
    assert response.status_code == 401
    assert response.json() == {"detail": "Logg inn eller bruk en gyldig API-nøkkel.", "errors": []}


def test_anonymous_posting_a_status_gets_401_and_changes_nothing(own_action, client):
    assert post_status(client, own_action, status="fullfort").status_code == 401
    assert unchanged(own_action)


def test_another_organisations_administrator_gets_404_on_every_route(rana, own_action, login):
    client = login("isk-admin")
    for url in (
        f"/api/organisations/{RANA}/strategies",
        f"/api/strategies/{rana.pk}",
        f"/api/strategies/{rana.pk}/actions",
        f"/api/actions/{own_action.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["detail"] in {"Ingen tilgang", "Ukjent tiltak"}, url
    assert RANA not in {o["slug"] for o in client.get("/api/organisations").json()["items"]}
    assert post_status(client, own_action, status="fullfort").status_code == 404
    assert unchanged(own_action)


def test_unknown_ids_get_404(demo, login):
    client = login("rana-admin")
    assert client.get("/api/strategies/999999").json() == {
        "detail": "Ukjent strategi",
        "errors": [],
    }
    assert client.get("/api/actions/999999").json() == {"detail": "Ukjent tiltak", "errors": []}
    assert client.get("/api/organisations/finnes-ikke/strategies").status_code == 404


def test_a_leser_posting_a_status_gets_403_and_changes_nothing(own_action, login):
    response = post_status(login("rana-leser"), own_action, status="fullfort")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Du kan bare rapportere på tiltak du er ansvarlig for",
        "errors": [],
    }
    assert unchanged(own_action)


def test_a_bidragsyter_reports_status_on_their_own_action(own_action, login):
    response = post_status(login("rana-bidragsyter"), own_action, status="forsinket")
    assert response.status_code == 201
    assert Action.objects.get(pk=own_action.pk).status == "forsinket"


def test_a_bidragsyter_gets_403_on_someone_elses_action_and_it_is_unchanged(other_action, login):
    client = login("rana-bidragsyter")
    assert client.get(f"/api/actions/{other_action.pk}").json()["may_report"] is False
    response = post_status(client, other_action, status="fullfort")
    assert response.status_code == 403
    assert unchanged(other_action)


def test_a_session_post_without_the_csrf_token_gets_403(own_action, demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="rana-redaktor"))
    response = post_status(client, own_action, status="fullfort")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF-kontrollen feilet")
    assert unchanged(own_action)


def test_fields_one_may_not_set_are_ignored_when_reporting(own_action, login):
    response = post_status(
        login("rana-bidragsyter"),
        own_action,
        status="pagar",
        author_name="Noen andre",
        action=own_action.pk + 1,
        version=99,
    )
    assert response.status_code == 201
    update = StatusUpdate.objects.get(pk=response.json()["id"])
    assert update.action_id == own_action.pk
    assert update.author.username == "rana-bidragsyter"
    assert Action.objects.get(pk=own_action.pk).version == own_action.version + 1


# --- the schema ----------------------------------------------------------------------------


def test_the_openapi_schema_is_served(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/actions/{action_id}/status" in response.json()["paths"]


def test_the_committed_openapi_schema_is_up_to_date():
    committed = Path(settings.BASE_DIR, "docs", "openapi.json").read_text()
    assert json.loads(committed) == json.loads(schema_json()), (
        "docs/openapi.json is stale: run `uv run kommplan openapi-schema > docs/openapi.json`"
    )


# --- strategies and their parts --------------------------------------------------------------


def api_call(client: Client, method: str, url: str, body: dict | None = None):
    return client.generic(
        method, url, json.dumps(body) if body is not None else "", content_type="application/json"
    )


def test_an_editor_creates_a_strategy_and_it_is_audited(demo, login):
    before = AuditEntry.objects.count()
    response = api_call(
        login("rana-redaktor"),
        "POST",
        f"/api/organisations/{RANA}/strategies",
        {"title": "Ny strategi", "period_start": 2027, "period_end": 2030, "status": "utkast"},
    )
    assert response.status_code == 201, response.content
    strategy = Strategy.objects.get(pk=response.json()["id"])
    assert (strategy.organisation.slug, strategy.title, strategy.period_end) == (
        RANA,
        "Ny strategi",
        2030,
    )
    assert AuditEntry.objects.count() == before + 1


def test_a_strategy_period_that_ends_before_it_starts_is_refused_with_the_field_named(demo, login):
    response = api_call(
        login("rana-redaktor"),
        "POST",
        f"/api/organisations/{RANA}/strategies",
        {"title": "Baklengs", "period_start": 2030, "period_end": 2027},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and body["errors"] and all(e["msg"] for e in body["errors"])
    assert not Strategy.objects.filter(title="Baklengs").exists()


def test_patching_a_strategy_changes_only_the_fields_sent(rana, login):
    vision = rana.vision
    response = api_call(
        login("rana-redaktor"), "PATCH", f"/api/strategies/{rana.pk}", {"title": "Nytt navn"}
    )
    assert response.status_code == 200
    rana.refresh_from_db()
    assert (rana.title, rana.vision) == ("Nytt navn", vision)


def test_a_goal_is_added_under_a_parent_changed_and_deleted_each_with_one_audit_entry(rana, login):
    client = login("rana-redaktor")
    parent = rana.goals.order_by("position", "pk").first()
    url = f"/api/strategies/{rana.pk}/goals"
    before = AuditEntry.objects.count()
    created = api_call(client, "POST", url, {"text": "Delmål", "parent_id": parent.pk})
    assert created.status_code == 201, created.content
    goal = Goal.objects.get(pk=created.json()["id"])
    assert goal.parent_id == parent.pk and goal.ref.startswith("g")
    assert AuditEntry.objects.count() == before + 1

    changed = api_call(client, "PATCH", f"{url}/{goal.pk}", {"description": "Forklaring"})
    assert changed.status_code == 200
    goal.refresh_from_db()
    assert (goal.text, goal.description, goal.parent_id) == ("Delmål", "Forklaring", parent.pk)
    assert AuditEntry.objects.count() == before + 2

    made_top = api_call(client, "PATCH", f"{url}/{goal.pk}", {"parent_id": None})
    assert made_top.json()["parent_id"] is None

    assert api_call(client, "DELETE", f"{url}/{goal.pk}").status_code == 204
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert AuditEntry.objects.count() == before + 4


def test_a_goal_cannot_be_put_under_another_strategys_goal(rana, login):
    goal = rana.goals.first()
    foreign = Goal.objects.filter(strategy__organisation__slug="askim-kommune").first()
    response = api_call(
        login("rana-redaktor"),
        "PATCH",
        f"/api/strategies/{rana.pk}/goals/{goal.pk}",
        {"parent_id": foreign.pk},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "parent_id"]
    goal.refresh_from_db()
    assert goal.parent_id != foreign.pk


def test_a_part_of_another_strategy_is_404_through_this_strategys_address(rana, isk, login):
    foreign = isk.target_groups.first()
    client = login("demo")  # reads both plans
    response = client.get(f"/api/strategies/{rana.pk}/target-groups/{foreign.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Ukjent del av strategien", "errors": []}


def test_a_message_names_its_target_groups_by_id(rana, login):
    editor = User.objects.get(username="rana-redaktor")
    groups = [
        add_target_group(actor=editor, strategy=rana, name=name) for name in ("Unge", "Eldre")
    ]
    response = api_call(
        login("rana-redaktor"),
        "POST",
        f"/api/strategies/{rana.pk}/messages",
        {"text": "Vi er her for deg", "core": True, "target_group_ids": [g.pk for g in groups]},
    )
    assert response.status_code == 201
    assert sorted(response.json()["target_group_ids"]) == sorted(g.pk for g in groups)
    message = KeyMessage.objects.get(pk=response.json()["id"])
    assert message.core and set(message.target_groups.all()) == set(groups)


@pytest.mark.parametrize(
    ("kind", "body", "field", "value"),
    [
        ("goal-strategies", {"title": "Klar", "desired_results": ["Færre"]}, "title", "Klar"),
        ("target-groups", {"name": "Ungdom", "priority": 1}, "name", "Ungdom"),
        ("channels", {"name": "Nett", "kind": "web", "url": "https://rana.no"}, "kind", "web"),
        ("principles", {"name": "Åpenhet", "text": "Vi deler"}, "name", "Åpenhet"),
        ("challenges", {"title": "Tillit"}, "title", "Tillit"),
        ("roles", {"title": "Sjef", "responsibility": "Alt"}, "title", "Sjef"),
        ("rules", {"name": "Offentleglova", "kind": "lov"}, "kind", "lov"),
        ("notification-entries", {"role": "Ordfører", "phone": "12345678"}, "role", "Ordfører"),
    ],
)  # fmt: skip
def test_every_kind_of_part_is_created_read_and_listed(rana, login, kind, body, field, value):
    client = login("rana-redaktor")
    created = api_call(client, "POST", f"/api/strategies/{rana.pk}/{kind}", body)
    assert created.status_code == 201, created.content
    assert created.json()[field] == value
    item = created.json()["id"]
    assert client.get(f"/api/strategies/{rana.pk}/{kind}/{item}").json()[field] == value
    listed = client.get(f"/api/strategies/{rana.pk}/{kind}").json()
    assert item in [part["id"] for part in listed["items"]]
    assert listed["count"] == len(listed["items"])


def test_a_bad_web_address_is_refused_with_the_field_named(rana, login):
    response = api_call(
        login("rana-redaktor"),
        "POST",
        f"/api/strategies/{rana.pk}/channels",
        {"name": "Nett", "url": "ikke en adresse"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "url"]


def test_moving_a_part_down_swaps_it_with_the_next(rana, login):
    first, second = rana.channels.order_by("position", "pk")[:2]
    response = api_call(
        login("rana-redaktor"),
        "POST",
        f"/api/strategies/{rana.pk}/channels/{first.pk}/move",
        {"direction": "down"},
    )
    assert response.status_code == 200
    order = list(rana.channels.order_by("position", "pk").values_list("pk", flat=True))
    assert order[:2] == [second.pk, first.pk]


@pytest.fixture
def alert_line(rana) -> NotificationEntry:
    return NotificationEntry.objects.create(
        strategy=rana, role="Ordfører", name="Kari Nordmann", phone="99999999", email="k@rana.no"
    )


def test_the_notification_lists_contact_details_are_shown_to_editors_only(rana, alert_line, client):
    url = f"/api/strategies/{rana.pk}/notification-entries"
    client.force_login(User.objects.get(username="rana-leser"))
    as_reader = next(e for e in client.get(url).json()["items"] if e["id"] == alert_line.pk)
    assert as_reader == {
        "id": alert_line.pk,
        "position": alert_line.position,
        "role": "Ordfører",
        "name": None,
        "phone": None,
        "email": None,
    }
    assert "Kari" not in client.get(f"{url}/{alert_line.pk}").content.decode()
    client.force_login(User.objects.get(username="rana-redaktor"))
    as_editor = client.get(f"{url}/{alert_line.pk}").json()
    assert (as_editor["name"], as_editor["phone"]) == ("Kari Nordmann", "99999999")


def test_a_reader_cannot_write_the_notification_list(rana, alert_line, login):
    url = f"/api/strategies/{rana.pk}/notification-entries/{alert_line.pk}"
    response = api_call(login("rana-leser"), "PATCH", url, {"phone": "11111111"})
    assert response.status_code == 403
    alert_line.refresh_from_db()
    assert alert_line.phone == "99999999"


# --- actions: create, change with optimistic locking, delete ----------------------------------


def test_an_editor_creates_an_action_with_its_links(rana, login):
    goal = rana.goals.first()
    channel = rana.channels.first()
    before = AuditEntry.objects.count()
    response = api_call(
        login("rana-redaktor"),
        "POST",
        f"/api/strategies/{rana.pk}/actions",
        {
            "title": "Ny nettside",
            "goal_id": goal.pk,
            "channel_ids": [channel.pk],
            "responsible_user": "rana-bidragsyter",
            "due_date": "2026-05-01",
            "public": True,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    action = Action.objects.get(pk=body["id"])
    assert (action.goal, action.responsible_user.username, action.public) == (
        goal,
        "rana-bidragsyter",
        True,
    )
    assert body["channel_ids"] == [channel.pk] and body["version"] == 1
    assert AuditEntry.objects.count() == before + 1


def test_an_action_cannot_be_given_to_someone_outside_the_organisation(rana, login):
    response = api_call(
        login("rana-redaktor"),
        "POST",
        f"/api/strategies/{rana.pk}/actions",
        {"title": "Hemmelig", "responsible_user": "isk-admin"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "loc": ["body", "responsible_user"],
            "msg": "Ansvarlig bruker må være medlem av organisasjonen.",
        }
    ]
    assert not Action.objects.filter(title="Hemmelig").exists()


def test_patching_an_action_from_the_stored_version_changes_it_and_its_version(other_action, login):
    response = api_call(
        login("rana-redaktor"),
        "PATCH",
        f"/api/actions/{other_action.pk}",
        {"version": other_action.version, "title": "Nytt navn", "status": "pagar"},
    )
    assert response.status_code == 200, response.content
    fresh = Action.objects.get(pk=other_action.pk)
    assert (fresh.title, fresh.status, fresh.version) == (
        "Nytt navn",
        "pagar",
        other_action.version + 1,
    )
    assert fresh.description == other_action.description  # not sent, kept
    assert response.json()["version"] == fresh.version


def test_a_stale_version_gets_409_with_the_stored_version_and_changes_nothing(other_action, login):
    client = login("rana-redaktor")
    post_status(client, other_action, status="pagar")  # someone reports in between
    before = AuditEntry.objects.count()
    response = api_call(
        client,
        "PATCH",
        f"/api/actions/{other_action.pk}",
        {"version": other_action.version, "title": "Overskrevet"},
    )
    assert response.status_code == 409
    body = response.json()
    assert body["stored_version"] == other_action.version + 1
    assert "endret av noen andre" in body["detail"]
    assert body["errors"][0]["loc"] == ["body", "version"]
    assert Action.objects.get(pk=other_action.pk).title == other_action.title
    assert AuditEntry.objects.count() == before


def test_a_bidragsyter_cannot_edit_even_their_own_action(own_action, login):
    response = api_call(
        login("rana-bidragsyter"),
        "PATCH",
        f"/api/actions/{own_action.pk}",
        {"version": own_action.version, "title": "Mitt"},
    )
    assert response.status_code == 403
    assert unchanged(own_action)
    assert Action.objects.get(pk=own_action.pk).title == own_action.title


def test_an_editor_deletes_an_action_and_the_audit_log_keeps_it(other_action, login):
    before = AuditEntry.objects.count()
    response = api_call(login("rana-redaktor"), "DELETE", f"/api/actions/{other_action.pk}")
    assert response.status_code == 204
    assert not Action.objects.filter(pk=other_action.pk).exists()
    assert AuditEntry.objects.count() == before + 1


def test_the_status_history_is_listed_oldest_first(own_action, login):
    client = login("rana-redaktor")
    post_status(client, own_action, status="pagar", comment="Første")
    post_status(client, own_action, status="fullfort", comment="Andre")
    body = client.get(f"/api/actions/{own_action.pk}/status").json()
    assert [u["comment"] for u in body["items"]][-2:] == ["Første", "Andre"]
    assert body["count"] == own_action.updates.count()


def test_the_actions_list_filters_by_status(rana, login):
    Action.objects.filter(pk=rana.actions.first().pk).update(status="forsinket")
    body = login("rana-leser").get(f"/api/strategies/{rana.pk}/actions?status=forsinket").json()
    expected = set(rana.actions.filter(status="forsinket").values_list("pk", flat=True))
    assert {a["id"] for a in body["items"]} == expected and expected


# --- occurrences ----------------------------------------------------------------------------


def test_an_actions_occurrences_in_a_window_come_from_its_schedule(other_action, login):
    Action.objects.filter(pk=other_action.pk).update(
        rrule="FREQ=MONTHLY;BYMONTHDAY=1", start_date=date(2026, 1, 1), due_date=None
    )
    response = login("rana-leser").get(
        f"/api/actions/{other_action.pk}/occurrences?start=2026-03-01&end=2026-05-31"
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert [o["scheduled"] for o in items] == ["2026-03-01", "2026-04-01", "2026-05-01"]
    assert all(o["action_id"] == other_action.pk and o["source"] == "plan" for o in items)
    may_day = items[2]
    assert may_day["holiday"]  # 1 May is a public holiday


def test_a_strategys_occurrences_are_sorted_by_date_not_by_plan_order(rana, login):
    first, second = rana.actions.order_by("position", "pk")[:2]
    Action.objects.filter(pk=first.pk).update(due_date=date(2024, 6, 3))
    Action.objects.filter(pk=second.pk).update(due_date=date(2024, 2, 1))
    body = (
        login("rana-leser")
        .get(f"/api/strategies/{rana.pk}/occurrences?start=2024-01-01&end=2024-12-31")
        .json()
    )
    single_days = [(o["start"], o["action_id"]) for o in body["items"] if not o["span"]]
    assert single_days == [("2024-02-01", second.pk), ("2024-06-03", first.pk)]
    starts = [o["start"] for o in body["items"]]
    assert starts == sorted(starts)


@pytest.mark.parametrize(
    "query",
    ["start=2026-05-01&end=2026-01-01", "start=2020-01-01&end=2026-01-01", "start=1800-01-01"],
)
def test_an_impossible_occurrence_window_is_refused_with_422(rana, login, query):
    response = login("rana-leser").get(f"/api/strategies/{rana.pk}/occurrences?{query}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][0] == "query"


# --- errors -----------------------------------------------------------------------------------


def test_a_body_that_is_not_json_gets_400_with_a_clear_body(other_action, login):
    response = login("rana-redaktor").post(
        f"/api/actions/{other_action.pk}/status", "{ikke json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Forespørselen kunne ikke leses")
    assert unchanged(other_action)


def test_an_id_beyond_the_database_integer_is_refused_with_422_not_500(demo, login):
    response = login("rana-leser").get("/api/strategies/99999999999999999999")
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["path", "strategy_id"]


def test_text_with_a_nul_character_is_refused_with_422(rana, login):
    response = api_call(
        login("rana-redaktor"), "POST", f"/api/strategies/{rana.pk}/roles", {"title": "a\x00b"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "title"]


# --- public data ------------------------------------------------------------------------------


def test_public_routes_need_no_log_in_and_show_only_published_strategies(rana, isk, client):
    Strategy.objects.filter(pk=rana.pk).update(published=True)
    Strategy.objects.filter(pk=isk.pk).update(published=False)
    body = client.get("/api/public/strategies?page_size=200").json()
    ids = {s["id"] for s in body["items"]}
    assert rana.pk in ids and isk.pk not in ids
    assert client.get(f"/api/public/organisations/{ISK}/strategies/{isk.pk}").status_code == 404
    shown = client.get(f"/api/public/organisations/{RANA}/strategies/{rana.pk}").json()
    assert shown["title"] == rana.title and "crisis_note" not in shown


def test_a_published_strategy_shows_only_its_public_actions_and_their_status(rana, client):
    Strategy.objects.filter(pk=rana.pk).update(published=True)
    public = rana.actions.filter(public=True).first()
    hidden = rana.actions.filter(public=False).first()
    assert public and hidden
    for action, comment in ((public, "Synlig"), (hidden, "Skjult")):
        StatusUpdate.objects.create(
            action=action, date=date(2026, 1, 5), status="pagar", comment=comment,
            author_name="Saksbehandler Hansen",
        )  # fmt: skip
    base = f"/api/public/organisations/{RANA}/strategies/{rana.pk}"
    actions = client.get(f"{base}/actions?page_size=200").json()
    assert {a["id"] for a in actions["items"]} == set(
        rana.actions.filter(public=True).values_list("pk", flat=True)
    )
    assert "responsible_user" not in actions["items"][0]
    status = client.get(f"{base}/status").content.decode()
    assert "Synlig" in status and "Skjult" not in status and "Hansen" not in status


# --- query counts that do not grow with the data ------------------------------------------------


@pytest.mark.parametrize("slug", ["rana-kommune", "askim-kommune"])  # 7 and 11 channels
def test_a_part_list_takes_the_same_number_of_queries_however_long_it_is(
    demo, login, django_assert_num_queries, slug
):
    strategy = Strategy.objects.get(organisation__slug=slug)
    client = login("demo")
    # 1 session, 2 user, 3 the strategy's organisation slug, 4 organisation, 5 memberships,
    # 6 strategy, 7 count, 8 the page of channels, 9-11 savepoint, update, release (session).
    with django_assert_num_queries(11):
        response = client.get(f"/api/strategies/{strategy.pk}/channels?page_size=200")
    assert response.json()["count"] == strategy.channels.count() > 0


@pytest.mark.parametrize("slug", ["rana-kommune", "askim-kommune"])  # 6 and 52 actions
def test_occurrences_take_the_same_number_of_queries_however_many_actions(
    demo, login, django_assert_num_queries, slug
):
    strategy = Strategy.objects.get(organisation__slug=slug)
    client = login("demo")
    # 1 session, 2 user, 3 the strategy's organisation slug, 4 organisation, 5 memberships,
    # 6 strategy, 7 the actions with goal, goal strategy and schedule options, 8-10 savepoint,
    # update, release (session).
    with django_assert_num_queries(10):
        response = client.get(
            f"/api/strategies/{strategy.pk}/occurrences?start=2023-01-01&end=2025-12-31"
        )
    assert response.status_code == 200


@pytest.mark.parametrize("slug", ["rana-kommune", "askim-kommune"])
def test_public_actions_take_the_same_number_of_queries_however_many(
    demo, client, django_assert_num_queries, slug
):
    strategy = Strategy.objects.get(organisation__slug=slug)
    Strategy.objects.filter(pk=strategy.pk).update(published=True)
    # 1 the published strategy, 2 count, 3 the page of actions, 4 their channels, 5 their
    # target groups.
    with django_assert_num_queries(5):
        response = client.get(
            f"/api/public/organisations/{slug}/strategies/{strategy.pk}/actions?page_size=200"
        )
    assert response.json()["count"] == strategy.actions.filter(public=True).count() > 0
