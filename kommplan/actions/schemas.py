"""What the API shows of actions, their status history and their occurrences, and what it takes."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema

from kommplan.apitokens.common import Day, Id, Slug, Text

from .models import ActionStatus

StatusValue = ActionStatus  # the schema lists the allowed values


class ActionSummaryOut(Schema):
    id: int
    strategy_id: int
    ref: str
    title: str
    status: str
    goal_id: int | None
    approach_id: int | None
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
    comment: Text = Field("", max_length=5000)
    reported_on: Day | None = None


class ActionIn(Schema):
    """An action as an editor writes it; parts are named by id, people by user name."""

    title: Text = Field(..., min_length=1, max_length=5000)
    description: Text = ""
    goal_id: Id | None = None
    approach_id: Id | None = Field(None, description="Delstrategi (goal strategy)")
    target_group_ids: list[Id] = []
    channel_ids: list[Id] = []
    responsible: Text = Field("", max_length=500)
    responsible_user: Text | None = Field(None, description="Brukernavn, medlem av organisasjonen")
    assigned_organisation: Slug | None = Field(
        None, description="Kortnavn på en medlemsorganisasjon"
    )
    financing: Text = Field("", max_length=500)
    purpose: Text = ""
    desired_result: Text = ""
    timing: Text = Field("", max_length=300)
    due_date: Day | None = None
    start_date: Day | None = None
    end_date: Day | None = None
    rrule: Text = Field("", max_length=500)
    status: StatusValue = ActionStatus.IKKE_STARTET
    public: bool = False


class ActionPatch(Schema):
    """`version` is the version the change starts from (409 when the action changed since)."""

    version: int = Field(..., ge=1, le=2_147_483_647)
    title: Text = Field(None, min_length=1, max_length=5000)
    description: Text = None
    goal_id: Id | None = None
    approach_id: Id | None = None
    target_group_ids: list[Id] = None
    channel_ids: list[Id] = None
    responsible: Text = Field(None, max_length=500)
    responsible_user: Text | None = None
    assigned_organisation: Slug | None = None
    financing: Text = Field(None, max_length=500)
    purpose: Text = None
    desired_result: Text = None
    timing: Text = Field(None, max_length=300)
    due_date: Day | None = None
    start_date: Day | None = None
    end_date: Day | None = None
    rrule: Text = Field(None, max_length=500)
    status: StatusValue = None
    public: bool = None


class OccurrenceOut(Schema):
    """One day (or span of days) an action takes place in the asked window."""

    action_id: int
    action_title: str
    start: date
    end: date
    scheduled: date = Field(..., description="Planlagt dag, før en flytting til virkedag")
    moved: bool
    holiday: str
    weekend: bool
    span: bool
    source: str = Field(..., description="plan: lagret på tiltaket; tekst: lest ut av tidsteksten")
