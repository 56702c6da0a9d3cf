"""`published` in plan files: loaded, dumped, and set in the demo plans."""

from __future__ import annotations

import pytest

from kommplan.planfiles.dump import strategy_to_plan
from kommplan.strategies.models import Strategy

pytestmark = pytest.mark.django_db


def test_the_demo_plans_publish_four_strategies_with_some_actions_kept_internal(demo):
    published = {s.organisation.slug: s for s in Strategy.objects.filter(published=True)}
    assert "innherred-samkommune" not in published and len(published) == 4
    for strategy in published.values():
        actions = strategy.actions
        assert actions.filter(public=True).exists() and actions.filter(public=False).exists()


def test_a_dump_says_whether_the_strategy_is_published(demo):
    rana = Strategy.objects.get(organisation__slug="rana-kommune")
    isk = Strategy.objects.get(organisation__slug="innherred-samkommune")
    assert strategy_to_plan(rana).strategy.published is True
    assert strategy_to_plan(isk).strategy.published is False
