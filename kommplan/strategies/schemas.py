from __future__ import annotations

from ninja import Schema


class StrategySummaryOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    period_start: int | None
    period_end: int | None


class GoalOut(Schema):
    id: int
    ref: str
    text: str
    description: str
    parent_id: int | None


class TargetGroupOut(Schema):
    id: int
    ref: str
    name: str
    description: str


class ChannelOut(Schema):
    id: int
    ref: str
    name: str
    kind: str
    description: str


class MessageOut(Schema):
    id: int
    ref: str
    text: str
    core: bool
    target_group_ids: list[int]

    @staticmethod
    def resolve_target_group_ids(obj) -> list[int]:
        return [group.pk for group in obj.target_groups.all()]


class StrategyOut(StrategySummaryOut):
    organisation: str
    adopted_by: str
    adopted_date: str
    vision: str
    purpose: str
    goals: list[GoalOut]
    target_groups: list[TargetGroupOut]
    channels: list[ChannelOut]
    messages: list[MessageOut]

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.slug
