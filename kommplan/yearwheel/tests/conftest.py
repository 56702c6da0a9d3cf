"""Fixtures for the årshjul: the demo strategies, a generated big plan, clients per role.

Rana kommune has one demo user per role; isk-admin is the administrator of another
organisation (Innherred Samkommune); levanger-leser reads ISK's plan through Levanger kommune.
"""

from __future__ import annotations

import pytest

from kommplan.strategies.models import Strategy
from kommplan.yearwheel.benchmark import generate_plan


@pytest.fixture
def rana(demo) -> Strategy:
    return Strategy.objects.select_related("organisation").get(organisation__slug="rana-kommune")


@pytest.fixture
def osen(demo) -> Strategy:
    return Strategy.objects.select_related("organisation").get(organisation__slug="osen-kommune")


@pytest.fixture
def isk(demo) -> Strategy:
    return Strategy.objects.select_related("organisation").get(
        organisation__slug="innherred-samkommune"
    )


@pytest.fixture
def client_for(client, login, demo):
    """client_for("rana-leser"), or client_for(None) for an anonymous visitor."""

    def _client(username: str | None):
        if username is None:
            return client
        return login(username)

    return _client


@pytest.fixture
def big_plan(db) -> Strategy:
    """A generated strategy with 200 actions of every schedule kind, in 2024–2025."""
    return generate_plan(200)
