"""The plan file schema refuses what the database columns cannot hold.

SQLite does not enforce a CharField's max_length, PostgreSQL does: a text the schema lets through
but the column cannot hold would fail in the middle of a load there, without a located message.
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from kommplan.actions.models import Action, StatusUpdate
from kommplan.indicators.models import Indicator
from kommplan.organisations.models import Organisation
from kommplan.planfiles import schema
from kommplan.strategies.models import (
    Challenge,
    Channel,
    Goal,
    GoalStrategy,
    KeyMessage,
    NotificationEntry,
    Principle,
    Role,
    Rule,
    Strategy,
    TargetGroup,
)


def letters(length: int) -> str:
    return "x" * length


def url(length: int) -> str:
    return "https://" + "a" * (length - len("https://"))


def email(length: int) -> str:
    return "a" * (length - len("@b.no")) + "@b.no"


def phone(length: int) -> str:
    return "+" + "1" * (length - 1)


# (schema model, minimal valid data, key, column it is stored in, value of a given length)
LIMITS = [
    (schema.OrganisationIn, {}, "name", (Organisation, "name"), letters),
    (schema.OrganisationIn, {"name": "A"}, "members", (Organisation, "name"), letters),
    (schema.StrategyIn, {}, "title", (Strategy, "title"), letters),
    (schema.Adopted, {}, "by", (Strategy, "adopted_by"), letters),
    (schema.ChallengeIn, {}, "title", (Challenge, "title"), letters),
    (schema.PrincipleIn, {}, "name", (Principle, "name"), letters),
    (schema.GoalIn, {"text": "t"}, "id", (Goal, "ref"), letters),
    (schema.StrategyItemIn, {}, "id", (GoalStrategy, "ref"), letters),
    (schema.StrategyItemIn, {}, "title", (GoalStrategy, "title"), letters),
    (schema.TargetGroupIn, {"name": "n"}, "id", (TargetGroup, "ref"), letters),
    (schema.TargetGroupIn, {}, "name", (TargetGroup, "name"), letters),
    (schema.MessageIn, {"text": "t"}, "id", (KeyMessage, "ref"), letters),
    (schema.ChannelIn, {"name": "n"}, "id", (Channel, "ref"), letters),
    (schema.ChannelIn, {}, "name", (Channel, "name"), letters),
    (schema.ChannelIn, {"name": "n"}, "url", (Channel, "url"), url),
    (schema.RoleIn, {}, "title", (Role, "title"), letters),
    (schema.RuleIn, {}, "name", (Rule, "name"), letters),
    (schema.RuleIn, {"name": "n"}, "url", (Rule, "url"), url),
    (schema.NotifyIn, {}, "role", (NotificationEntry, "role"), letters),
    (schema.NotifyIn, {"role": "r"}, "name", (NotificationEntry, "name"), letters),
    (schema.NotifyIn, {"role": "r"}, "phone", (NotificationEntry, "phone"), phone),
    (schema.NotifyIn, {"role": "r"}, "email", (NotificationEntry, "email"), email),
    (schema.IndicatorIn, {"name": "n"}, "id", (Indicator, "ref"), letters),
    (schema.IndicatorIn, {}, "name", (Indicator, "name"), letters),
    (schema.IndicatorIn, {"name": "n"}, "unit", (Indicator, "unit"), letters),
    (schema.IndicatorIn, {"name": "n"}, "period", (Indicator, "period"), letters),
    (schema.ActionIn, {"title": "t"}, "id", (Action, "ref"), letters),
    (schema.ActionIn, {"title": "t"}, "responsible", (Action, "responsible"), letters),
    (schema.ActionIn, {"title": "t"}, "financing", (Action, "financing"), letters),
    (schema.ActionIn, {"title": "t"}, "when", (Action, "timing"), letters),
    (schema.ScheduleIn, {}, "rrule", (Action, "rrule"), letters),
    (
        schema.StatusUpdateIn,
        {"date": "2024-01-01", "status": "pagar"},
        "author",
        (StatusUpdate, "author_name"),
        letters,
    ),
]


@pytest.mark.parametrize(
    ("model", "data", "key", "column", "make"),
    LIMITS,
    ids=[f"{model.__name__}.{key}" for model, _, key, _, _ in LIMITS],
)
def test_a_text_one_longer_than_its_database_column_is_refused(
    model: type[BaseModel], data, key, column, make
):
    django_model, field = column
    max_length = django_model._meta.get_field(field).max_length
    value = make(max_length + 1)
    assert len(value) == max_length + 1
    item = {**data, key: [value] if key == "members" else value}

    with pytest.raises(ValidationError) as info:
        model.model_validate(item)

    locations = [error["loc"][:1] for error in info.value.errors()]
    assert (key,) in locations


@pytest.mark.parametrize(
    ("model", "data", "key", "column", "make"),
    [limit for limit in LIMITS if limit[2] != "rrule"],  # 500 x's are no RRULE
    ids=[f"{model.__name__}.{key}" for model, _, key, _, _ in LIMITS if key != "rrule"],
)
def test_a_text_as_long_as_its_database_column_is_accepted(
    model: type[BaseModel], data, key, column, make
):
    django_model, field = column
    value = make(django_model._meta.get_field(field).max_length)
    validated = model.model_validate({**data, key: [value] if key == "members" else value})
    assert getattr(validated, key) == ([value] if key == "members" else value)
