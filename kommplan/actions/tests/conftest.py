"""Fixtures for the action views, on top of the demo data (root conftest: demo, login).

Rana kommune has one user per role; rana-bidragsyter is responsible for Rana's first two
actions. isk-admin is the administrator of another organisation (Innherred Samkommune).
"""

from __future__ import annotations

import pytest

from kommplan.actions.models import Action
from kommplan.strategies.models import Strategy


@pytest.fixture
def rana(demo) -> Strategy:
    return Strategy.objects.get(organisation__slug="rana-kommune")


@pytest.fixture
def isk(demo) -> Strategy:
    return Strategy.objects.get(organisation__slug="innherred-samkommune")


@pytest.fixture
def own_action(rana) -> Action:
    """Rana's first action: rana-bidragsyter is responsible for it."""
    action = rana.actions.order_by("position").first()
    assert action.responsible_user.username == "rana-bidragsyter"
    return action


@pytest.fixture
def other_action(rana) -> Action:
    """A Rana action nobody is responsible for."""
    action = rana.actions.order_by("position")[2]
    assert action.responsible_user_id is None
    return action


@pytest.fixture
def client_for(client, login):
    """client_for("rana-leser"), or client_for(None) for an anonymous visitor."""

    def _client(username: str | None):
        if username is None:
            return client
        return login(username)

    return _client
