"""Who may use which API route, for EVERY route the ninja API has (walked from its routers).

For each route, filled with organisation A's objects and a body that A's own editor could send:
organisation B's token and B's logged-in session get 404 (or 403) and change nothing of A; A's
read token cannot write; A's write token then succeeds (proving the request was a real one) and
every write leaves exactly one audit entry.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from zeal import zeal_ignore

from kommplan.actions.models import Action, StatusUpdate
from kommplan.api import api
from kommplan.apitokens.tests.helpers import bearer, issue
from kommplan.audit.models import AuditEntry
from kommplan.strategies import models as strategy_models
from kommplan.strategies import services as strategy_services
from kommplan.strategies.models import Strategy

ORG_A = "rana-kommune"
ORG_B = "innherred-samkommune"
WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}

# /strategies/{strategy_id}/<kind>/... -> the model behind it
PART_MODELS = {
    "goals": strategy_models.Goal,
    "goal-strategies": strategy_models.GoalStrategy,
    "target-groups": strategy_models.TargetGroup,
    "messages": strategy_models.KeyMessage,
    "channels": strategy_models.Channel,
    "principles": strategy_models.Principle,
    "challenges": strategy_models.Challenge,
    "roles": strategy_models.Role,
    "rules": strategy_models.Rule,
    "notification-entries": strategy_models.NotificationEntry,
}


def api_routes() -> list[tuple[str, str, bool]]:
    """(method, path template, public) of every operation of the API, as its routers hold them."""
    api.urls  # noqa: B018 (binds the routers to the API)
    found = []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                public = operation.auth_callbacks == [] and router.auth is None
                for method in operation.methods:
                    full = "/api/" + "/".join(p for p in (prefix + path).split("/") if p)
                    found.append((method, full, public))
    # Deletions last: the routes before them still find the objects.
    return sorted(found, key=lambda route: route[0] == "DELETE")


ROUTES = api_routes()


def test_the_route_walk_sees_every_operation_of_the_schema():
    schema_operations = {
        (method.upper(), path)
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method in operations
    }
    assert {(method, path) for method, path, _public in ROUTES} == schema_operations
    assert len(ROUTES) > 70


# kind -> (the service that adds one, its one required text field)
ADDERS = {
    "goals": (strategy_services.add_goal, "text"),
    "goal-strategies": (strategy_services.add_goal_strategy, "title"),
    "target-groups": (strategy_services.add_target_group, "name"),
    "messages": (strategy_services.add_key_message, "text"),
    "channels": (strategy_services.add_channel, "name"),
    "principles": (strategy_services.add_principle, "name"),
    "challenges": (strategy_services.add_challenge, "title"),
    "roles": (strategy_services.add_role, "title"),
    "rules": (strategy_services.add_rule, "name"),
    "notification-entries": (strategy_services.add_notification_entry, "role"),
}
assert ADDERS.keys() == PART_MODELS.keys()


class Organisation_A:
    """A's objects, with a fresh part of each kind (no children, at the top of its list, with a
    sibling after it so a move really moves it)."""

    def __init__(self) -> None:
        self.strategy = Strategy.objects.get(organisation__slug=ORG_A)
        # Published, so that the public routes answer with A's data (and must not with more).
        Strategy.objects.filter(pk=self.strategy.pk).update(published=True)
        actor = User.objects.get(username="rana-admin")
        self.parts = {}
        for kind, (add, field) in ADDERS.items():
            made = [
                add(actor=actor, strategy=self.strategy, **{field: f"Tilgangstest {n}"})
                for n in (1, 2)
            ]
            # The first of the two, moved up to be the first of its list (it came last).
            part = made[0]
            while strategy_services.move_part(actor=actor, part=part, direction="up"):
                pass
            self.parts[kind] = part
        self.action = Action.objects.filter(strategy=self.strategy, responsible_user=None).first()

    def path(self, template: str) -> str:
        kind = template.split("/")[4] if template.count("/") > 4 else ""
        values = {
            "slug": ORG_A,
            "strategy_id": self.strategy.pk,
            "action_id": self.action.pk,
            "item_id": self.parts[kind].pk if kind in self.parts else "",
        }
        return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), template)

    def body(self, method: str, template: str) -> dict | None:
        if method not in WRITE_METHODS or method == "DELETE":
            return None
        # Every part, strategy and action schema finds what it requires in here; extra keys
        # are ignored.
        body: dict = {"title": "Tilgangstest", "text": "Tilgangstest", "name": "Tilgangstest"}
        body["role"] = "Tilgangstest"
        if template.endswith("/move"):
            body = {"direction": "down"}
        elif template.endswith("/status"):
            body = {"status": "pagar", "comment": "Tilgangstest"}
        elif template == "/api/actions/{action_id}":
            with zeal_ignore():  # the test's own look-up, once per route
                body["version"] = Action.objects.values_list("version", flat=True).get(
                    pk=self.action.pk
                )
        return body


def fingerprint(strategy: Strategy) -> dict:
    """Every row of A's strategy that the API could change, as plain values."""
    rows = {
        "strategies": list(
            Strategy.objects.filter(organisation=strategy.organisation).order_by("pk").values()
        ),
        "actions": list(Action.objects.filter(strategy=strategy).order_by("pk").values()),
        "updates": list(
            StatusUpdate.objects.filter(action__strategy=strategy).order_by("pk").values()
        ),
        "audit": AuditEntry.objects.count(),
    }
    for kind, model in PART_MODELS.items():
        rows[kind] = list(model.objects.filter(strategy=strategy).order_by("pk").values())
    return rows


def call(client: Client, method: str, path: str, body: dict | None, headers=None):
    return client.generic(
        method,
        path,
        data="" if body is None else __import__("json").dumps(body),
        content_type="application/json",
        headers=headers or {},
    )


@pytest.fixture
def b_callers(demo, login) -> list[tuple[str, Client, dict]]:
    return [
        ("B's write token", Client(), bearer(issue("isk-admin", ORG_B, "write"))),
        ("B's administrator's session", login("isk-admin"), {}),
    ]


@pytest.fixture
def org_a(demo) -> Organisation_A:
    return Organisation_A()


def test_organisation_b_can_neither_read_nor_change_anything_of_organisation_a(org_a, b_callers):
    callers = b_callers
    a_token = bearer(issue("rana-admin", ORG_A, "write"))
    a_client = Client()
    for method, template, public in ROUTES:
        path = org_a.path(template)
        for label, client, headers in callers:
            before = fingerprint(org_a.strategy)
            response = call(client, method, path, org_a.body(method, template), headers)
            if public:
                # Public data: B sees exactly what anyone sees without logging in.
                anonymous = call(Client(), method, path, None)
                assert response.status_code == anonymous.status_code, (label, template)
                assert response.json() == anonymous.json(), (label, template)
            elif "{" not in template:
                # A list without an organisation in it: B's own, nothing of A's in it.
                assert response.status_code == 200, (label, method, template)
                assert ORG_A not in response.content.decode(), (label, method, template)
            else:
                assert response.status_code in (403, 404), (label, method, template, response)
                assert response.json()["detail"], (label, method, template)
            assert fingerprint(org_a.strategy) == before, (label, method, template)
        # The control: the same request as A's own administrator gets through.
        before = AuditEntry.objects.count()
        response = call(a_client, method, path, org_a.body(method, template), a_token)
        assert 200 <= response.status_code < 300, (method, template, response.content)
        if method in WRITE_METHODS:
            assert AuditEntry.objects.count() == before + 1, (method, template)
        else:
            assert AuditEntry.objects.count() == before, (method, template)


def test_a_read_token_can_write_nothing_through_any_route(org_a):
    token = bearer(issue("rana-admin", ORG_A, "read"))
    client = Client()
    writes = [(m, t) for m, t, public in ROUTES if m in WRITE_METHODS]
    assert len(writes) > 40
    for method, template in writes:
        before = fingerprint(org_a.strategy)
        response = call(client, method, org_a.path(template), org_a.body(method, template), token)
        assert response.status_code == 403, (method, template)
        assert response.json() == {"detail": "API-nøkkelen gir bare lesetilgang.", "errors": []}
        assert fingerprint(org_a.strategy) == before, (method, template)


@pytest.fixture
def reader_a(demo, login) -> Client:
    return login("rana-leser")


def test_a_reader_of_organisation_a_can_write_nothing_through_any_route(org_a, reader_a):
    client = reader_a
    for method, template, _public in ROUTES:
        if method not in WRITE_METHODS:
            continue
        before = fingerprint(org_a.strategy)
        response = call(client, method, org_a.path(template), org_a.body(method, template))
        assert response.status_code == 403, (method, template)
        assert fingerprint(org_a.strategy) == before, (method, template)


def test_anonymous_gets_401_on_every_route_but_the_public_ones(org_a):
    client = Client()
    for method, template, public in ROUTES:
        before = fingerprint(org_a.strategy)
        response = call(client, method, org_a.path(template), org_a.body(method, template))
        if public:
            assert response.status_code in (200, 404), (method, template)
        else:
            assert response.status_code == 401, (method, template)
            assert response["WWW-Authenticate"] == "Bearer"
        assert fingerprint(org_a.strategy) == before, (method, template)
