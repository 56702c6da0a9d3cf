"""Fixtures for the strategy editor's tests: a small strategy with every kind of part, and the
row counts that prove a refused request changed nothing."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from kommplan.actions.models import Action, ActionStatus, StatusUpdate
from kommplan.audit.models import AuditEntry
from kommplan.indicators.models import Indicator, Measurement
from kommplan.organisations.models import Organisation
from kommplan.strategies import models as m


@pytest.fixture
def editor(db):
    return User.objects.create(username="redaktor")


@pytest.fixture
def small(db):
    """Strategi 2024–2025 for Testby: two overarching goals, the first with two sub-goals and a
    sub-sub-goal, strategies under goals, target groups, messages, channels and the rest, and one
    action of every status."""
    organisation = Organisation.objects.create(name="Testby kommune", slug="testby")
    strategy = m.Strategy.objects.create(
        organisation=organisation,
        title="Kommunikasjonsstrategi 2024–2025",
        period_start=2024,
        period_end=2025,
        vision="Åpen og nær",
        purpose="Vi forteller hva kommunen gjør.",
        crisis_note="Kriseledelsen leder kommunikasjonen.",
        status=m.StrategyStatus.VEDTATT,
        adopted_by="Kommunestyret",
        adopted_date="2023-12",
    )
    g1 = m.Goal.objects.create(strategy=strategy, ref="g1", position=0, text="Innbyggerne vet")
    g1a = m.Goal.objects.create(
        strategy=strategy, ref="g2", position=1, text="Alle finner svar", parent=g1
    )
    g1a1 = m.Goal.objects.create(
        strategy=strategy, ref="g3", position=2, text="Nettsidene er klare", parent=g1a
    )
    g1b = m.Goal.objects.create(
        strategy=strategy, ref="g4", position=3, text="Alle får vite tidlig", parent=g1
    )
    g2 = m.Goal.objects.create(strategy=strategy, ref="g5", position=4, text="Ansatte deler")
    s1 = m.GoalStrategy.objects.create(
        strategy=strategy,
        ref="s1",
        position=0,
        goal=g1,
        title="Klart språk",
        desired_results=["Færre spørsmål", "Bedre svar"],
    )
    s2 = m.GoalStrategy.objects.create(
        strategy=strategy, ref="s2", position=1, goal=g1, title="Svar samme dag"
    )
    s3 = m.GoalStrategy.objects.create(
        strategy=strategy, ref="s3", position=2, goal=g2, title="Intranett først"
    )
    s4 = m.GoalStrategy.objects.create(
        strategy=strategy, ref="s4", position=3, goal=None, title="Uten mål"
    )
    t1 = m.TargetGroup.objects.create(
        strategy=strategy, ref="tg1", position=0, name="Innbyggere", priority=1
    )
    t2 = m.TargetGroup.objects.create(
        strategy=strategy, ref="tg2", position=1, name="Ansatte", priority=2
    )
    t3 = m.TargetGroup.objects.create(strategy=strategy, ref="tg3", position=2, name="Media")
    core = m.KeyMessage.objects.create(
        strategy=strategy, ref="m1", position=0, text="Vi er her for deg.", core=True
    )
    support1 = m.KeyMessage.objects.create(
        strategy=strategy, ref="m2", position=1, text="Spør oss.", core=False
    )
    support1.target_groups.set([t1, t3])
    core2 = m.KeyMessage.objects.create(
        strategy=strategy, ref="m3", position=2, text="Vi lytter.", core=True
    )
    support2 = m.KeyMessage.objects.create(
        strategy=strategy, ref="m4", position=3, text="Del det du vet.", core=False
    )
    support2.target_groups.set([t2])
    c1 = m.Channel.objects.create(
        strategy=strategy,
        ref="c1",
        position=0,
        name="testby.no",
        kind="web",
        url="https://testby.no",
    )
    c2 = m.Channel.objects.create(strategy=strategy, ref="c2", position=1, name="Facebook")
    c3 = m.Channel.objects.create(strategy=strategy, ref="c3", position=2, name="Lokalavisa")
    for i, name in enumerate(["Åpenhet", "Respekt", "Tillit"]):
        m.Principle.objects.create(strategy=strategy, position=i, name=name, text=f"{name}.")
    for i, title in enumerate(["Tillit", "Tempo"]):
        m.Challenge.objects.create(strategy=strategy, position=i, title=title)
    for i, title in enumerate(["Ordfører", "Kommunedirektør"]):
        m.Role.objects.create(strategy=strategy, position=i, title=title)
    for i, name in enumerate(["Offentleglova", "Forvaltningsloven"]):
        m.Rule.objects.create(strategy=strategy, position=i, name=name, kind="lov")
    for i, role in enumerate(["Kommunedirektør", "Ordfører", "Kommunikasjonssjef"]):
        m.NotificationEntry.objects.create(
            strategy=strategy, position=i, role=role, name=f"Navn {i}", phone=f"+47 900 00 00{i}"
        )
    actions = {}
    for i, status in enumerate(ActionStatus.values):
        action = Action.objects.create(
            strategy=strategy,
            ref=f"a{i + 1}",
            position=i,
            title=f"Tiltak {status}",
            status=status,
            goal=g1a,
            approach=s1,
            responsible="Kommunikasjonsenheten",
            due_date=datetime.date(2025, 6, 1),
            version=3,
        )
        action.target_groups.set([t1, t2])
        action.channels.set([c1, c3])
        StatusUpdate.objects.create(
            action=action, date=datetime.date(2024, 3, 1), status=status, comment="Rapport"
        )
        actions[status] = action
    goal_indicator = Indicator.objects.create(
        strategy=strategy, ref="i1", position=0, goal=g1, name="Besøk på nettsidene", target=1000
    )
    Measurement.objects.create(indicator=goal_indicator, date=datetime.date(2024, 1, 1), value=800)
    Indicator.objects.create(
        strategy=strategy,
        ref="i2",
        position=1,
        action=actions[ActionStatus.PAGAR],
        name="Deltakere",
    )
    Indicator.objects.create(
        strategy=strategy,
        ref="i3",
        position=2,
        action=actions[ActionStatus.FULLFORT],
        name="Ferdig",
    )
    strategy.refresh_from_db()
    return {
        "strategy": strategy,
        "goals": [g1, g1a, g1a1, g1b, g2],
        "approaches": [s1, s2, s3, s4],
        "groups": [t1, t2, t3],
        "messages": [core, support1, core2, support2],
        "channels": [c1, c2, c3],
        "actions": actions,
    }


COUNTED = [
    m.Strategy,
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
    StatusUpdate,
    Indicator,
    Measurement,
    AuditEntry,
]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def positions(queryset) -> list[int]:
    return sorted(queryset.values_list("position", flat=True))
