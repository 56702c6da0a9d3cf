import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kommplan.organisations.models import Organisation
from kommplan.strategies.models import Goal, Strategy, TargetGroup


@pytest.fixture
def strategy(db):
    organisation = Organisation.objects.create(name="Osen kommune", slug="osen")
    return Strategy.objects.create(organisation=organisation, title="Kommunikasjonsstrategi")


def test_parts_come_back_in_document_order_not_creation_order(strategy):
    TargetGroup.objects.create(strategy=strategy, ref="tg2", name="Næringslivet", position=1)
    TargetGroup.objects.create(strategy=strategy, ref="tg1", name="Befolkningen", position=0)
    assert [g.name for g in strategy.target_groups.all()] == ["Befolkningen", "Næringslivet"]


def test_a_period_cannot_end_before_it_starts(strategy):
    strategy.period_start, strategy.period_end = 2026, 2023
    with pytest.raises(IntegrityError), transaction.atomic():
        strategy.save()


def test_ids_are_unique_within_a_strategy(strategy):
    Goal.objects.create(strategy=strategy, ref="g1", text="Et mål")
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.create(strategy=strategy, ref="g1", text="Et annet mål")


def test_a_goal_cannot_sit_under_itself(strategy):
    top = Goal.objects.create(strategy=strategy, ref="g1", text="Overordnet mål")
    sub = Goal.objects.create(strategy=strategy, ref="g2", text="Delmål", parent=top)
    top.parent = sub
    with pytest.raises(ValidationError) as excinfo:
        top.clean()
    assert "parent" in excinfo.value.message_dict


def test_period_label_reads_as_a_range(strategy):
    strategy.period_start, strategy.period_end = 2023, 2026
    assert strategy.period_label == "2023–2026"
    strategy.period_end = 2023
    assert strategy.period_label == "2023"
