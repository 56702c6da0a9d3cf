"""What the API shows of a strategy and its parts, and what it takes to create or change them.

Each part has an `...In` schema (create: what the service requires) and a `...Patch` schema made
from it with every field optional: a field left out of a PATCH keeps its value.
"""

from datetime import date
from typing import Literal

from ninja import Field, Schema
from pydantic import create_model

from kommplan.apitokens.common import Id, Text

from .models import ChannelKind, RuleKind, StrategyKind, StrategyStatus

# ---- the strategy ----


class StrategySummaryOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    period_start: int | None
    period_end: int | None
    published: bool


class GoalOut(Schema):
    id: int
    ref: str
    position: int
    text: str
    description: str
    parent_id: int | None


class GoalStrategyOut(Schema):
    id: int
    ref: str
    position: int
    goal_id: int | None
    title: str
    text: str
    description: str
    desired_results: list[str]


class TargetGroupOut(Schema):
    id: int
    ref: str
    position: int
    name: str
    priority: int | None
    description: str


class ChannelOut(Schema):
    id: int
    ref: str
    position: int
    name: str
    kind: str
    description: str
    url: str


class MessageOut(Schema):
    id: int
    ref: str
    position: int
    text: str
    core: bool
    target_group_ids: list[int]

    @staticmethod
    def resolve_target_group_ids(obj) -> list[int]:
        return [group.pk for group in obj.target_groups.all()]


class PrincipleOut(Schema):
    id: int
    position: int
    name: str
    text: str


class ChallengeOut(Schema):
    id: int
    position: int
    title: str
    text: str


class RoleOut(Schema):
    id: int
    position: int
    title: str
    responsibility: str


class RuleOut(Schema):
    id: int
    position: int
    name: str
    kind: str
    url: str


class NotificationEntryOut(Schema):
    """A line of the crisis notification list; name, phone and e-mail only for editors."""

    id: int
    position: int
    role: str
    name: str | None
    phone: str | None
    email: str | None


class StrategyOut(StrategySummaryOut):
    organisation: str
    adopted_by: str
    adopted_date: str
    revision: str
    vision: str
    purpose: str
    crisis_note: str
    goals: list[GoalOut]
    target_groups: list[TargetGroupOut]
    channels: list[ChannelOut]
    messages: list[MessageOut]

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.slug


class StrategyIn(Schema):
    title: Text = Field(..., min_length=1, max_length=300)
    kind: StrategyKind = StrategyKind.STRATEGI
    period_start: int | None = Field(None, ge=1900, le=2199)
    period_end: int | None = Field(None, ge=1900, le=2199)
    adopted_by: Text = Field("", max_length=300)
    adopted_date: Text = Field("", max_length=10, description="ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD")
    revision: Text = ""
    status: StrategyStatus = StrategyStatus.UTKAST
    vision: Text = ""
    purpose: Text = ""
    crisis_note: Text = ""


# ---- the parts: what a create takes ----


class GoalIn(Schema):
    text: Text = Field(..., min_length=1)
    description: Text = ""
    parent_id: Id | None = Field(None, description="Overordnet mål i samme strategi")


class GoalStrategyIn(Schema):
    goal_id: Id | None = Field(None, description="Målet strategien hører til")
    title: Text = Field("", max_length=300)
    text: Text = ""
    description: Text = ""
    desired_results: list[Text] = []


class TargetGroupIn(Schema):
    name: Text = Field(..., min_length=1, max_length=300)
    priority: int | None = Field(None, ge=1, le=32767, description="1 er høyest prioritert")
    description: Text = ""


class MessageIn(Schema):
    text: Text = Field(..., min_length=1)
    core: bool = False
    target_group_ids: list[Id] = []


class ChannelIn(Schema):
    name: Text = Field(..., min_length=1, max_length=300)
    kind: ChannelKind = ChannelKind.OTHER
    description: Text = ""
    url: Text = Field("", max_length=500)


class PrincipleIn(Schema):
    name: Text = Field(..., min_length=1, max_length=300)
    text: Text = ""


class ChallengeIn(Schema):
    title: Text = Field("", max_length=300)
    text: Text = ""


class RoleIn(Schema):
    title: Text = Field(..., min_length=1, max_length=300)
    responsibility: Text = ""


class RuleIn(Schema):
    name: Text = Field(..., min_length=1, max_length=300)
    kind: RuleKind | Literal[""] = ""
    url: Text = Field("", max_length=500)


class NotificationEntryIn(Schema):
    role: Text = Field(..., min_length=1, max_length=300)
    name: Text = Field("", max_length=300)
    phone: Text = Field("", max_length=40)
    email: Text = Field("", max_length=254)


def patch_schema(schema: type[Schema], name: str) -> type[Schema]:
    """`schema` with every field optional and without a default: left out means unchanged.

    A field that may be null (a goal's parent) keeps null as a value of its own ("no parent")."""
    fields = {}
    for field_name, info in schema.model_fields.items():
        fields[field_name] = (
            info.annotation,
            Field(None, description=info.description, json_schema_extra=None),
        )
        # Keep the bounds (min_length, ge...) of the create schema.
        fields[field_name][1].metadata.extend(info.metadata)
    return create_model(name, __base__=Schema, __doc__=f"PATCH: {schema.__name__}", **fields)


StrategyPatch = patch_schema(StrategyIn, "StrategyPatch")
GoalPatch = patch_schema(GoalIn, "GoalPatch")
GoalStrategyPatch = patch_schema(GoalStrategyIn, "GoalStrategyPatch")
TargetGroupPatch = patch_schema(TargetGroupIn, "TargetGroupPatch")
MessagePatch = patch_schema(MessageIn, "MessagePatch")
ChannelPatch = patch_schema(ChannelIn, "ChannelPatch")
PrinciplePatch = patch_schema(PrincipleIn, "PrinciplePatch")
ChallengePatch = patch_schema(ChallengeIn, "ChallengePatch")
RolePatch = patch_schema(RoleIn, "RolePatch")
RulePatch = patch_schema(RuleIn, "RulePatch")
NotificationEntryPatch = patch_schema(NotificationEntryIn, "NotificationEntryPatch")


class MoveIn(Schema):
    direction: Literal["up", "down"]


# ---- public data (no log-in): published strategies, their public actions and status ----


class PublicStrategySummaryOut(Schema):
    id: int
    organisation: str
    organisation_name: str
    title: str
    kind: str
    period_start: int | None
    period_end: int | None

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.organisation.name


class PublicStrategyOut(PublicStrategySummaryOut):
    """A published strategy; never its crisis notification list."""

    status: str
    adopted_by: str
    adopted_date: str
    vision: str
    purpose: str
    goals: list[GoalOut]
    target_groups: list[TargetGroupOut]
    channels: list[ChannelOut]
    messages: list[MessageOut]


class PublicActionOut(Schema):
    """An action marked public; responsible as the plan writes it, never a user account."""

    id: int
    ref: str
    title: str
    description: str
    purpose: str
    desired_result: str
    status: str
    goal_id: int | None
    responsible: str
    timing: str
    due_date: date | None
    start_date: date | None
    end_date: date | None
    target_group_ids: list[int]
    channel_ids: list[int]

    @staticmethod
    def resolve_target_group_ids(obj) -> list[int]:
        return [group.pk for group in obj.target_groups.all()]

    @staticmethod
    def resolve_channel_ids(obj) -> list[int]:
        return [channel.pk for channel in obj.channels.all()]


class PublicStatusUpdateOut(Schema):
    """A status report on a public action; who reported it is not public."""

    id: int
    action_id: int
    action_title: str
    date: date
    status: str
    comment: str

    @staticmethod
    def resolve_action_title(obj) -> str:
        return obj.action.title
