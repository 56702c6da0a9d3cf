from __future__ import annotations

from datetime import date

from ninja import Field, Schema

from .models import ActionStatus

StatusValue = ActionStatus  # the schema lists the allowed values


class ActionSummaryOut(Schema):
    id: int
    strategy_id: int
    ref: str
    title: str
    status: str
    goal_id: int | None
    responsible: str
    responsible_user: str | None
    assigned_organisation: str | None
    due_date: date | None
    start_date: date | None
    end_date: date | None
    timing: str
    public: bool
    version: int
    target_group_ids: list[int]
    channel_ids: list[int]

    @staticmethod
    def resolve_responsible_user(obj) -> str | None:
        return obj.responsible_user.username if obj.responsible_user else None

    @staticmethod
    def resolve_assigned_organisation(obj) -> str | None:
        return obj.assigned_organisation.slug if obj.assigned_organisation else None

    @staticmethod
    def resolve_target_group_ids(obj) -> list[int]:
        return [group.pk for group in obj.target_groups.all()]

    @staticmethod
    def resolve_channel_ids(obj) -> list[int]:
        return [channel.pk for channel in obj.channels.all()]


class StatusUpdateOut(Schema):
    id: int
    date: date
    status: str
    comment: str
    author_name: str


class ActionOut(ActionSummaryOut):
    description: str
    purpose: str
    desired_result: str
    financing: str
    rrule: str
    may_report: bool
    updates: list[StatusUpdateOut]


class StatusUpdateIn(Schema):
    status: StatusValue
    comment: str = Field("", max_length=5000)
    reported_on: date | None = None
