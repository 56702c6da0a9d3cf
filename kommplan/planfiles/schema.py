"""Plan file v1 as pydantic models: the one definition of what a plan file may hold.

Only `kommplan`, `organisation.name` and `strategy.title` are required. Cross-references (a goal's
parent, an action's target groups...) are checked by `references.check_references`, which can
name the exact list item that is wrong.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from kommplan.lib.dates import is_partial_iso_date
from kommplan.lib.norwegian import is_valid_kommunenummer, is_valid_orgnr
from kommplan.lib.schedules import rrule_problem

Text = Annotated[str, StringConstraints(max_length=20_000)]
ShortText = Annotated[str, StringConstraints(max_length=500)]
Text300 = Annotated[str, StringConstraints(max_length=300)]
Name300 = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Ref = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]


def _iso_date(value: object) -> object:
    """Accept a date or a YYYY-MM-DD string; pydantic alone would also take a Unix timestamp."""
    if isinstance(value, datetime):
        raise ValueError("forventet en dato (ÅÅÅÅ-MM-DD) uten klokkeslett")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value} finnes ikke i kalenderen") from None
    raise ValueError("forventet en dato på formen ÅÅÅÅ-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]

OrganisationKind = Literal[
    "kommune",
    "fylkeskommune",
    "regionraad",
    "samkommune",
    "omstillingsorganisasjon",
    "interkommunalt",
    "prosjekt",
    "statlig",
    "annet",
]
StrategyKind = Literal["strategi", "plan", "annet"]
StrategyStatus = Literal["utkast", "vedtatt", "arkivert"]
ChannelKind = Literal[
    "web", "social", "media", "print", "meeting", "direct", "intranet", "video", "email", "other"
]
RuleKind = Literal["lov", "reglement", "retningslinje"]
ActionStatus = Literal["ikke_startet", "pagar", "fullfort", "forsinket", "avlyst"]
Direction = Literal["increase", "decrease", "maintain"]


class Item(BaseModel):
    # Numbers become text where text is expected (`when: 2023`); NaN and infinity are refused
    # because they cannot be stored or compared.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, allow_inf_nan=False)


class OrganisationIn(Item):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    kind: OrganisationKind = "annet"
    number: str | None = None
    orgnr: str | None = None
    members: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] = []

    @field_validator("number")
    @classmethod
    def _number(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_kommunenummer(value):
            raise ValueError("kommunenummer må være 4 siffer (fylkesnummer 2 siffer)")
        return value

    @field_validator("orgnr")
    @classmethod
    def _orgnr(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_orgnr(value):
            raise ValueError("organisasjonsnummer må være 9 siffer med gyldig MOD11-kontrollsiffer")
        return value


class Period(Item):
    start: int | None = Field(default=None, ge=1900, le=2200)
    end: int | None = Field(default=None, ge=1900, le=2200)

    @model_validator(mode="after")
    def _in_order(self) -> Period:
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"start ({self.start}) er etter end ({self.end})")
        return self


class Adopted(Item):
    by: Text300 | None = None
    date: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        if isinstance(value, date):  # YAML reads an unquoted 2023-03-02 as a date
            return value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and not is_partial_iso_date(value):
            raise ValueError("dato må være ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD og finnes i kalenderen")
        return value


class ChallengeIn(Item):
    title: Text300 | None = None
    text: Text | None = None


class PrincipleIn(Item):
    name: Name300
    text: Text | None = None


class GoalIn(Item):
    id: Ref | None = None
    text: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    description: Text | None = None
    parent: Ref | None = None


class StrategyItemIn(Item):
    id: Ref | None = None
    goal: Ref | None = None
    title: Text300 | None = None
    text: Text | None = None
    description: Text | None = None
    desired_results: list[Text] = []


class TargetGroupIn(Item):
    id: Ref | None = None
    name: Name300
    priority: int | None = Field(default=None, ge=1, le=99)
    description: Text | None = None


class MessageIn(Item):
    id: Ref | None = None
    text: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    core: bool = False
    target_groups: list[Ref] = []


class ChannelIn(Item):
    id: Ref | None = None
    name: Name300
    kind: ChannelKind = "other"
    description: Text | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)] | None = None


class RoleIn(Item):
    title: Name300
    responsibility: Text | None = None


class RuleIn(Item):
    name: Name300
    kind: RuleKind | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)] | None = None


class NotifyIn(Item):
    role: Name300
    name: Text300 | None = None
    phone: (
        Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()-]{3,40}$", max_length=40)] | None
    ) = None
    email: (
        Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]
        | None
    ) = None


class CrisisIn(Item):
    note: Text | None = None
    notify: list[NotifyIn] = []


class MeasurementIn(Item):
    date: IsoDate
    value: float


class IndicatorIn(Item):
    id: Ref | None = None
    goal: Ref | None = None
    action: Ref | None = None
    name: Name300
    unit: Annotated[str, StringConstraints(max_length=100)] | None = None
    target: float | None = None
    direction: Direction = "increase"
    period: Text300 | None = None
    measurements: list[MeasurementIn] = []

    @model_validator(mode="after")
    def _one_owner(self) -> IndicatorIn:
        if self.goal is not None and self.action is not None:
            raise ValueError("en indikator hører til et mål eller et tiltak, ikke begge")
        return self


class StrategyIn(Item):
    title: Name300
    kind: StrategyKind = "strategi"
    period: Period | None = None
    adopted: Adopted | None = None
    revision: Text | None = None
    vision: Text | None = None
    purpose: Text | None = None
    status: StrategyStatus = "utkast"
    # The strategy's open page is on; only actions with public: true show there.
    published: bool = False
    challenges: list[ChallengeIn] = []
    principles: list[PrincipleIn] = []
    goals: list[GoalIn] = []
    strategies: list[StrategyItemIn] = []
    target_groups: list[TargetGroupIn] = []
    messages: list[MessageIn] = []
    channels: list[ChannelIn] = []
    roles: list[RoleIn] = []
    rules: list[RuleIn] = []
    crisis: CrisisIn | None = None
    indicators: list[IndicatorIn] = []


class ScheduleIn(Item):
    due: IsoDate | None = None
    start: IsoDate | None = None
    end: IsoDate | None = None
    rrule: Annotated[str, StringConstraints(max_length=500)] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ScheduleIn:
        if self.due is not None and (self.start or self.end or self.rrule):
            raise ValueError("bruk enten due, eller start/end (eventuelt med rrule)")
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start ({self.start}) er etter end ({self.end})")
        if self.rrule is not None:
            problem = rrule_problem(self.rrule)
            if problem:
                raise ValueError(f"ugyldig RRULE: {problem}")
        return self


class StatusUpdateIn(Item):
    date: IsoDate
    status: ActionStatus
    comment: Text | None = None
    author: Text300 | None = None


class ActionIn(Item):
    id: Ref | None = None
    title: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    description: Text | None = None
    goal: Ref | None = None
    strategy: Ref | None = None
    target_groups: list[Ref] = []
    channels: list[Ref] = []
    responsible: ShortText | None = None
    financing: ShortText | None = None
    purpose: Text | None = None
    desired_result: Text | None = None
    when: Text300 | None = None
    schedule: ScheduleIn | None = None
    status: ActionStatus = "ikke_startet"
    public: bool = False
    updates: list[StatusUpdateIn] = []


class PlanFile(Item):
    """A whole plan: one organisation, one strategy, its action plan."""

    kommplan: Literal[1]
    organisation: OrganisationIn
    strategy: StrategyIn
    actions: list[ActionIn] = []


def json_schema() -> dict:
    schema = PlanFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kommplan plan file v1"
    return schema
