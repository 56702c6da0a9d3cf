from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse

from kommplan.actions.models import Action
from kommplan.indicators.models import Indicator, Measurement
from kommplan.strategies.models import Goal, Strategy


@dataclass
class Cast:
    """Rana's strategy with an indicator on a goal, one on an action Berit (rana-bidragsyter)
    is responsible for, and one on an action she is not."""

    strategy: Strategy
    goal: Goal
    own_action: Action
    other_action: Action
    on_goal: Indicator
    on_own_action: Indicator
    on_other_action: Indicator

    def url(self, name: str, indicator: Indicator | None = None, *extra) -> str:
        args = [self.strategy.organisation.slug, self.strategy.pk]
        if indicator is not None:
            args.append(indicator.pk)
        return reverse(f"indicators:{name}", args=[*args, *extra])


@pytest.fixture
def cast(demo) -> Cast:
    strategy = Strategy.objects.get(organisation__slug="rana-kommune")
    goal = strategy.goals.order_by("position").first()
    own_action = strategy.actions.get(responsible_user__username="rana-bidragsyter", ref="a1")
    other_action = strategy.actions.filter(responsible_user__isnull=True).first()
    on_goal = Indicator.objects.create(
        strategy=strategy,
        ref="i1",
        position=0,
        name="Kjennskap til kommunens nettside",
        unit="%",
        target=75,
        goal=goal,
    )
    Measurement.objects.create(indicator=on_goal, position=0, date=date(2024, 1, 1), value=42)
    Measurement.objects.create(indicator=on_goal, position=1, date=date(2024, 6, 1), value=58.5)
    on_own_action = Indicator.objects.create(
        strategy=strategy,
        ref="i2",
        position=1,
        name="Pressemeldinger",
        target=12,
        action=own_action,
    )
    on_other_action = Indicator.objects.create(
        strategy=strategy,
        ref="i3",
        position=2,
        name="Følgere",
        target=5000,
        action=other_action,
    )
    return Cast(strategy, goal, own_action, other_action, on_goal, on_own_action, on_other_action)
