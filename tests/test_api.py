"""The JSON API at /api/: each route's happy path and who may use it.

The access matrix (tests/test_access_matrix.py) skips api/ because the API answers 401/403/404
as JSON instead of redirecting to log in; the cross-organisation and role checks are here and in
kommplan/apitokens/tests (tokens).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from kommplan.actions.models import Action, StatusUpdate
from kommplan.api import schema_json
from kommplan.audit.models import AuditEntry
from kommplan.strategies.models import KeyMessage, Strategy

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
    assert {o["slug"] for o in response.json()} == {"levanger-kommune", ISK}


def test_an_organisations_strategies_are_listed(rana, login):
    response = login("rana-leser").get(f"/api/organisations/{RANA}/strategies")
    assert response.status_code == 200
    assert [s["id"] for s in response.json()] == [rana.pk]
    assert response.json()[0]["title"] == rana.title


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
    assert response.json() == {"detail": "Logg inn eller bruk en gyldig API-nøkkel."}


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
    assert RANA not in {o["slug"] for o in client.get("/api/organisations").json()}
    assert post_status(client, own_action, status="fullfort").status_code == 404
    assert unchanged(own_action)


def test_unknown_ids_get_404(demo, login):
    client = login("rana-admin")
    assert client.get("/api/strategies/999999").json() == {"detail": "Ukjent strategi"}
    assert client.get("/api/actions/999999").json() == {"detail": "Ukjent tiltak"}
    assert client.get("/api/organisations/finnes-ikke/strategies").status_code == 404


def test_a_leser_posting_a_status_gets_403_and_changes_nothing(own_action, login):
    response = post_status(login("rana-leser"), own_action, status="fullfort")
    assert response.status_code == 403
    assert response.json() == {"detail": "Du kan bare rapportere på tiltak du er ansvarlig for"}
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
