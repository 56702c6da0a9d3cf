from __future__ import annotations

import pytest
from django.test import Client

from kommplan.actions.models import Action
from kommplan.strategies.models import Strategy


@pytest.fixture
def api_client() -> Client:
    """A client with no session: what another system calling the API looks like."""
    return Client()


@pytest.fixture
def rana(demo) -> Strategy:
    return Strategy.objects.get(organisation__slug="rana-kommune")


@pytest.fixture
def isk(demo) -> Strategy:
    return Strategy.objects.get(organisation__slug="innherred-samkommune")


@pytest.fixture
def own_action(rana) -> Action:
    """Rana's first action: rana-bidragsyter is responsible for it."""
    return rana.actions.order_by("position", "pk").first()
