"""Every address of the strategy editor × every role × GET and POST.

Editors (redaktør, administrator) may use them; bidragsyter and leser get 403; the administrator
of another organisation gets 404; anonymous visitors are sent to log in. A refused POST changes
nothing: every row count and every value of the strategy stay as they were.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, reverse

from kommplan.actions.models import Action
from kommplan.audit.models import AuditEntry
from kommplan.strategies import models as m
from kommplan.strategies.parts import PARTS_BY_KEY
from kommplan.strategies.urls import urlpatterns

from .conftest import row_counts

EDITOR_PATTERNS = [p for p in urlpatterns if p.name != "overview"]


def rana():
    """Rana's demo strategy, with at least one part of every kind so every address exists."""
    strategy = m.Strategy.objects.get(organisation__slug="rana-kommune")
    complete(strategy)
    return strategy


def complete(strategy: m.Strategy) -> None:
    goal = strategy.goals.first() or m.Goal.objects.create(
        strategy=strategy, ref="g1", text="Godt informert"
    )
    if not strategy.approaches.exists():
        m.GoalStrategy.objects.create(strategy=strategy, ref="s1", goal=goal, title="Dialog")
    if not strategy.target_groups.exists():
        m.TargetGroup.objects.create(strategy=strategy, ref="tg1", name="Innbyggere")
    if not strategy.messages.exists():
        m.KeyMessage.objects.create(strategy=strategy, ref="m1", text="Vi lytter.", core=True)
    for model, values in (
        (m.Principle, {"name": "Åpenhet"}),
        (m.Challenge, {"title": "Tillit"}),
        (m.Role, {"title": "Ordfører"}),
        (m.Rule, {"name": "Offentleglova"}),
        (m.NotificationEntry, {"role": "Rådmann"}),
        (m.Channel, {"ref": "c1", "name": "Nettsted"}),
    ):
        if not model.objects.filter(strategy=strategy).exists():
            model.objects.create(strategy=strategy, **values)


def address(pattern: URLPattern, strategy: m.Strategy) -> str:
    kwargs = {"org_slug": strategy.organisation.slug}
    if "<int:pk>" in str(pattern.pattern):
        kwargs["pk"] = strategy.pk
    if "<int:item_pk>" in str(pattern.pattern):
        model = PARTS_BY_KEY[pattern.default_args["kind"]].model
        kwargs["item_pk"] = model.objects.filter(strategy=strategy).first().pk
    return reverse(f"strategies:{pattern.name}", kwargs=kwargs)


def state(strategy: m.Strategy) -> dict:
    """Every stored value of the strategy and its parts."""
    values = {"strategy": list(m.Strategy.objects.filter(pk=strategy.pk).values())}
    for model in (
        m.Goal,
        m.GoalStrategy,
        m.TargetGroup,
        m.KeyMessage,
        m.Channel,
        m.Principle,
        m.Challenge,
        m.Role,
        m.Rule,
        m.NotificationEntry,
        Action,
    ):
        values[model.__name__] = list(model.objects.filter(strategy=strategy).values())
    values["message_groups"] = list(
        m.KeyMessage.target_groups.through.objects.filter(keymessage__strategy=strategy).values()
    )
    return values


# Enough to pass every form if the request were let through.
PAYLOAD = {
    "text": "Endret av en uvedkommende",
    "name": "Uvedkommende",
    "title": "Uvedkommende",
    "role": "Uvedkommende",
    "kind": "strategi",
    "status": "vedtatt",
    "purpose": "Uvedkommende",
    "vision": "Uvedkommende",
    "crisis_note": "Uvedkommende",
    "direction": "up",
    "period_start": "2030",
    "period_end": "2031",
}


def test_the_matrix_covers_every_editor_address(demo):
    names = {p.name for p in EDITOR_PATTERNS}
    assert {"create", "roll_over", "edit", "edit_details", "edit_why", "edit_crisis"} <= names
    for kind in PARTS_BY_KEY:
        assert {f"{kind}_add", f"{kind}_edit", f"{kind}_delete", f"{kind}_move"} <= names
    strategy = rana()
    for pattern in EDITOR_PATTERNS:
        assert address(pattern, strategy).startswith("/org/rana-kommune/")


@pytest.mark.parametrize("username", ["rana-redaktor", "rana-admin"])
def test_editors_can_open_every_editor_page(demo, login, username):
    client = login(username)
    strategy = rana()
    for pattern in EDITOR_PATTERNS:
        response = client.get(address(pattern, strategy))
        expected = 405 if pattern.name.endswith("_move") else 200
        assert response.status_code == expected, pattern.name
        if expected == 200:
            assert response.content.decode().count("<h1") == 1, pattern.name


@pytest.mark.parametrize(
    ("username", "status"),
    [("rana-bidragsyter", 403), ("rana-leser", 403), ("isk-admin", 404), ("levanger-leser", 404)],
)
def test_other_roles_can_neither_open_nor_change_anything(demo, login, username, status):
    client = login(username)
    strategy = rana()
    counts, before = row_counts(), state(strategy)
    for pattern in EDITOR_PATTERNS:
        url = address(pattern, strategy)
        assert client.get(url).status_code == status, (pattern.name, "GET")
        assert client.post(url, PAYLOAD).status_code == status, (pattern.name, "POST")
        assert client.post(url, PAYLOAD, HTTP_HX_REQUEST="true").status_code == status
    assert row_counts() == counts
    assert state(strategy) == before


def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(demo, client):
    strategy = rana()
    counts, before = row_counts(), state(strategy)
    login_url = reverse("login")
    for pattern in EDITOR_PATTERNS:
        url = address(pattern, strategy)
        for response in (client.get(url), client.post(url, PAYLOAD)):
            assert response.status_code == 302, pattern.name
            assert response.url.startswith(login_url)
    assert row_counts() == counts
    assert state(strategy) == before


def test_another_organisations_strategy_is_not_found_under_ones_own_organisation(demo, login):
    client = login("rana-redaktor")
    isk = m.Strategy.objects.get(organisation__slug="innherred-samkommune")
    complete(isk)
    counts = row_counts()
    for pattern in EDITOR_PATTERNS:
        if pattern.name == "create":
            continue
        url = address(pattern, isk).replace("/innherred-samkommune/", "/rana-kommune/", 1)
        assert client.get(url).status_code == 404, pattern.name
        assert client.post(url, PAYLOAD).status_code == 404, pattern.name
    assert row_counts() == counts


def test_a_post_without_the_csrf_token_is_refused(demo):
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="rana-redaktor"))
    strategy = rana()
    counts, before = row_counts(), state(strategy)
    goal = strategy.goals.first()
    for url in (
        reverse("strategies:goal_add", args=["rana-kommune", strategy.pk]),
        reverse("strategies:goal_move", args=["rana-kommune", strategy.pk, goal.pk]),
        reverse("strategies:edit_why", args=["rana-kommune", strategy.pk]),
    ):
        assert client.post(url, PAYLOAD).status_code == 403
        assert client.post(url, PAYLOAD, HTTP_HX_REQUEST="true").status_code == 403
    assert row_counts() == counts
    assert state(strategy) == before
    assert AuditEntry.objects.count() == 0
