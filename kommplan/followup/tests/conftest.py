from __future__ import annotations

import pytest
from django.urls import reverse

from kommplan.strategies.models import Strategy


@pytest.fixture
def rana(demo) -> Strategy:
    return Strategy.objects.get(organisation__slug="rana-kommune")


@pytest.fixture
def isk(demo) -> Strategy:
    return Strategy.objects.get(organisation__slug="innherred-samkommune")


@pytest.fixture
def dashboard_url():
    def _url(strategy: Strategy) -> str:
        return reverse("followup:dashboard", args=[strategy.organisation.slug, strategy.pk])

    return _url
