"""API routes of strategies and every part of them (goals, goal strategies, target groups, key
messages, channels, principles, challenges, roles, rules and the crisis notification list).

Reads need READ in the strategy's organisation, writes EDIT, through the web's access helpers;
every write goes through kommplan.strategies.services, so validation and audit entries are the
web's. The contact details of the notification list are shown to editors and administrators only.
"""

# No `from __future__ import annotations` here: the part routes are made in a loop below, and
# django-ninja reads each route's parameter types from its annotations when it is defined.

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from kommplan.apitokens.auth import check_token_scope
from kommplan.apitokens.common import ERRORS, READ_ERRORS, Id, Page, Slug, enum_values
from kommplan.organisations.access import Need, get_organisation_for_user
from kommplan.publishing.selectors import (
    get_published_strategy,
    public_actions,
    public_status_updates,
    published_strategies,
)

from . import services
from .access import StrategyAccess, get_strategy_for_user
from .models import (
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
from .schemas import (
    ChallengeIn,
    ChallengeOut,
    ChallengePatch,
    ChannelIn,
    ChannelOut,
    ChannelPatch,
    GoalIn,
    GoalOut,
    GoalPatch,
    GoalStrategyIn,
    GoalStrategyOut,
    GoalStrategyPatch,
    MessageIn,
    MessageOut,
    MessagePatch,
    MoveIn,
    NotificationEntryIn,
    NotificationEntryOut,
    NotificationEntryPatch,
    PrincipleIn,
    PrincipleOut,
    PrinciplePatch,
    PublicActionOut,
    PublicStatusUpdateOut,
    PublicStrategyOut,
    PublicStrategySummaryOut,
    RoleIn,
    RoleOut,
    RolePatch,
    RuleIn,
    RuleOut,
    RulePatch,
    StrategyIn,
    StrategyOut,
    StrategyPatch,
    StrategySummaryOut,
    TargetGroupIn,
    TargetGroupOut,
    TargetGroupPatch,
)

router = Router(tags=["strategier"])


def strategy_for_api(request: HttpRequest, pk: int, need: Need = Need.READ) -> StrategyAccess:
    """Strategy `pk` through the web's access helper: the API's URLs carry no organisation."""
    slug = Strategy.objects.filter(pk=pk).values_list("organisation__slug", flat=True).first()
    if slug is None:
        raise Http404(_("Ukjent strategi"))
    found = get_strategy_for_user(request, slug, pk, need)
    check_token_scope(request, found.access.organisation)
    return found


# ---- the strategy itself ----


@router.get(
    "/organisations/{slug}/strategies",
    response={200: list[StrategySummaryOut], **READ_ERRORS},
    summary="Strategier i en organisasjon",
)
@paginate(Page)
def list_strategies(request: HttpRequest, slug: Slug):
    access = get_organisation_for_user(request, slug, Need.READ)
    check_token_scope(request, access.organisation)
    return access.organisation.strategies.order_by("-period_start", "title", "pk")


@router.post(
    "/organisations/{slug}/strategies",
    response={201: StrategyOut, **ERRORS},
    summary="Ny strategi (redaktør)",
)
def create_strategy(request: HttpRequest, slug: Slug, data: StrategyIn):
    access = get_organisation_for_user(request, slug, Need.EDIT)
    check_token_scope(request, access.organisation)
    strategy = services.create_strategy(
        actor=request.user, organisation=access.organisation, **enum_values(data.dict())
    )
    return Status(201, _with_parts(strategy))


def _with_parts(strategy: Strategy) -> Strategy:
    prefetch_related_objects(
        [strategy],
        Prefetch("goals", Goal.objects.order_by("position", "pk")),
        Prefetch("target_groups", TargetGroup.objects.order_by("position", "pk")),
        Prefetch("channels", Channel.objects.order_by("position", "pk")),
        Prefetch(
            "messages",
            KeyMessage.objects.prefetch_related("target_groups").order_by("position", "pk"),
        ),
    )
    return strategy


@router.get(
    "/strategies/{strategy_id}",
    response={200: StrategyOut, **READ_ERRORS},
    summary="En strategi med mål, målgrupper, kanaler og budskap",
)
def get_strategy(request: HttpRequest, strategy_id: Id):
    return _with_parts(strategy_for_api(request, strategy_id).strategy)


@router.patch(
    "/strategies/{strategy_id}",
    response={200: StrategyOut, **ERRORS},
    summary="Endre en strategi (redaktør); felt som ikke sendes, beholdes",
)
def update_strategy(request: HttpRequest, strategy_id: Id, data: StrategyPatch):
    strategy = strategy_for_api(request, strategy_id, Need.EDIT).strategy
    values = enum_values(data.dict(exclude_unset=True))
    strategy = services.update_strategy(actor=request.user, strategy=strategy, **values)
    return _with_parts(strategy)


# ---- the parts: each kind gets the same six routes ----


@dataclass(frozen=True)
class Link:
    """An input field naming other parts of the same strategy by id."""

    kwarg: str  # the service's argument
    model: type[models.Model]
    many: bool = False


@dataclass(frozen=True)
class PartKind:
    path: str  # the URL segment: /strategies/{id}/<path>/...
    label: str  # Norwegian, for the schema's summaries
    model: type[models.Model]
    out: type[Schema]
    create_in: type[Schema]
    patch_in: type[Schema]
    add: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    arg: str  # the keyword update/delete name the part by
    links: dict[str, Link] = field(default_factory=dict)
    prefetch: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.path.replace("-", "_")


PART_KINDS = [
    PartKind(
        "goals", "mål", Goal, GoalOut, GoalIn, GoalPatch,
        services.add_goal, services.update_goal, services.delete_goal, "goal",
        links={"parent_id": Link("parent", Goal)},
    ),
    PartKind(
        "goal-strategies", "delstrategi", GoalStrategy,
        GoalStrategyOut, GoalStrategyIn, GoalStrategyPatch,
        services.add_goal_strategy, services.update_goal_strategy,
        services.delete_goal_strategy, "approach",
        links={"goal_id": Link("goal", Goal)},
    ),
    PartKind(
        "target-groups", "målgruppe", TargetGroup,
        TargetGroupOut, TargetGroupIn, TargetGroupPatch,
        services.add_target_group, services.update_target_group,
        services.delete_target_group, "group",
    ),
    PartKind(
        "messages", "budskap", KeyMessage, MessageOut, MessageIn, MessagePatch,
        services.add_key_message, services.update_key_message,
        services.delete_key_message, "message",
        links={"target_group_ids": Link("target_groups", TargetGroup, many=True)},
        prefetch=("target_groups",),
    ),
    PartKind(
        "channels", "kanal", Channel, ChannelOut, ChannelIn, ChannelPatch,
        services.add_channel, services.update_channel, services.delete_channel, "channel",
    ),
    PartKind(
        "principles", "prinsipp", Principle, PrincipleOut, PrincipleIn, PrinciplePatch,
        services.add_principle, services.update_principle, services.delete_principle,
        "principle",
    ),
    PartKind(
        "challenges", "utfordring", Challenge, ChallengeOut, ChallengeIn, ChallengePatch,
        services.add_challenge, services.update_challenge, services.delete_challenge,
        "challenge",
    ),
    PartKind(
        "roles", "rolle", Role, RoleOut, RoleIn, RolePatch,
        services.add_role, services.update_role, services.delete_role, "role",
    ),
    PartKind(
        "rules", "regel eller lov", Rule, RuleOut, RuleIn, RulePatch,
        services.add_rule, services.update_rule, services.delete_rule, "rule",
    ),
    PartKind(
        "notification-entries", "varslingsmottaker", NotificationEntry,
        NotificationEntryOut, NotificationEntryIn, NotificationEntryPatch,
        services.add_notification_entry, services.update_notification_entry,
        services.delete_notification_entry, "entry",
    ),
]  # fmt: skip


def _service_kwargs(kind: PartKind, strategy: Strategy, data: dict) -> dict:
    """The service's keyword arguments: ids of other parts become those parts (own strategy)."""
    values = enum_values(data)
    for name, link in kind.links.items():
        if name not in values:
            continue
        value = values.pop(name)
        if link.many:
            ids = list(dict.fromkeys(value or []))
            found = list(link.model.objects.filter(strategy=strategy, pk__in=ids))
            if len(found) != len(ids):
                raise ValidationError({name: _("Velg blant denne strategiens egne elementer.")})
            values[link.kwarg] = sorted(found, key=lambda obj: ids.index(obj.pk))
        elif value is None:
            values[link.kwarg] = None
        else:
            found = link.model.objects.filter(strategy=strategy, pk=value).first()
            if found is None:
                raise ValidationError({name: _("Velg blant denne strategiens egne elementer.")})
            values[link.kwarg] = found
    return values


def _shown(kind: PartKind, part: models.Model, found: StrategyAccess) -> Any:
    """What a reader sees of a part: a notification line's contact details need EDIT."""
    if kind.model is NotificationEntry and not found.access.can_edit:
        return {
            "id": part.pk,
            "position": part.position,
            "role": part.role,
            "name": None,
            "phone": None,
            "email": None,
        }
    return part


def _part(kind: PartKind, found: StrategyAccess, item_id: int) -> models.Model:
    part = (
        kind.model.objects.filter(pk=item_id, strategy=found.strategy)
        .select_related("strategy__organisation")
        .prefetch_related(*kind.prefetch)
        .first()
    )
    if part is None:
        raise Http404(_("Ukjent del av strategien"))
    return part


def _register(kind: PartKind) -> None:
    item_path = f"/strategies/{{strategy_id}}/{kind.path}/{{item_id}}"
    list_path = f"/strategies/{{strategy_id}}/{kind.path}"
    tags = [f"strategier: {kind.path}"]
    Out, In, Patch = kind.out, kind.create_in, kind.patch_in

    @router.get(
        list_path,
        response={200: list[Out], **READ_ERRORS},
        operation_id=f"list_{kind.key}",
        summary=f"Liste: {kind.label}",
        tags=tags,
    )
    @paginate(Page)
    def list_parts(request: HttpRequest, strategy_id: Id):
        found = strategy_for_api(request, strategy_id)
        parts = (
            kind.model.objects.filter(strategy=found.strategy)
            .prefetch_related(*kind.prefetch)
            .order_by("position", "pk")
        )
        if kind.model is NotificationEntry and not found.access.can_edit:
            return [_shown(kind, part, found) for part in parts]
        return parts

    @router.post(
        list_path,
        response={201: Out, **ERRORS},
        operation_id=f"create_{kind.key}",
        summary=f"Ny {kind.label} (redaktør), sist i listen",
        tags=tags,
    )
    def create_part(request: HttpRequest, strategy_id: Id, data: In):
        found = strategy_for_api(request, strategy_id, Need.EDIT)
        values = _service_kwargs(kind, found.strategy, data.dict())
        part = kind.add(actor=request.user, strategy=found.strategy, **values)
        return Status(201, part)

    @router.get(
        item_path,
        response={200: Out, **READ_ERRORS},
        operation_id=f"get_{kind.key}",
        summary=f"Én {kind.label}",
        tags=tags,
    )
    def get_part(request: HttpRequest, strategy_id: Id, item_id: Id):
        found = strategy_for_api(request, strategy_id)
        return _shown(kind, _part(kind, found, item_id), found)

    @router.patch(
        item_path,
        response={200: Out, **ERRORS},
        operation_id=f"update_{kind.key}",
        summary=f"Endre {kind.label} (redaktør); felt som ikke sendes, beholdes",
        tags=tags,
    )
    def update_part(request: HttpRequest, strategy_id: Id, item_id: Id, data: Patch):
        found = strategy_for_api(request, strategy_id, Need.EDIT)
        part = _part(kind, found, item_id)
        values = _service_kwargs(kind, found.strategy, data.dict(exclude_unset=True))
        return kind.update(actor=request.user, **{kind.arg: part}, **values)

    @router.delete(
        item_path,
        response={204: None, **ERRORS},
        operation_id=f"delete_{kind.key}",
        summary=f"Slett {kind.label} (redaktør)",
        tags=tags,
    )
    def delete_part(request: HttpRequest, strategy_id: Id, item_id: Id):
        found = strategy_for_api(request, strategy_id, Need.EDIT)
        kind.delete(actor=request.user, **{kind.arg: _part(kind, found, item_id)})
        return Status(204, None)

    @router.post(
        f"{item_path}/move",
        response={200: Out, **ERRORS},
        operation_id=f"move_{kind.key}",
        summary=f"Flytt {kind.label} ett steg opp eller ned blant søsknene",
        tags=tags,
    )
    def move_part(request: HttpRequest, strategy_id: Id, item_id: Id, data: MoveIn):
        found = strategy_for_api(request, strategy_id, Need.EDIT)
        part = _part(kind, found, item_id)
        services.move_part(actor=request.user, part=part, direction=data.direction)
        return part


for _kind in PART_KINDS:
    _register(_kind)


# ---- public data: no log-in; only published strategies and their public actions ----

public_router = Router(tags=["offentlig"], auth=None)
# The public page shows the latest reports; the API gives at most this many, a page at a time.
PUBLIC_STATUS_LIMIT = 500


@public_router.get(
    "/public/strategies",
    response={200: list[PublicStrategySummaryOut], **READ_ERRORS},
    summary="Publiserte strategier (uten innlogging)",
)
@paginate(Page)
def list_published_strategies(request: HttpRequest):
    return published_strategies()


@public_router.get(
    "/public/organisations/{slug}/strategies/{strategy_id}",
    response={200: PublicStrategyOut, **READ_ERRORS},
    summary="En publisert strategi med mål, målgrupper, kanaler og budskap (uten innlogging)",
)
def get_published_strategy_route(request: HttpRequest, slug: Slug, strategy_id: Id):
    return _with_parts(get_published_strategy(slug, strategy_id))


@public_router.get(
    "/public/organisations/{slug}/strategies/{strategy_id}/actions",
    response={200: list[PublicActionOut], **READ_ERRORS},
    summary="De offentlige tiltakene i en publisert strategi (uten innlogging)",
)
@paginate(Page)
def list_public_actions(request: HttpRequest, slug: Slug, strategy_id: Id):
    return public_actions(get_published_strategy(slug, strategy_id))


@public_router.get(
    "/public/organisations/{slug}/strategies/{strategy_id}/status",
    response={200: list[PublicStatusUpdateOut], **READ_ERRORS},
    summary="Siste statusrapporter på de offentlige tiltakene, nyeste først (uten innlogging)",
)
@paginate(Page)
def list_public_status(request: HttpRequest, slug: Slug, strategy_id: Id):
    strategy = get_published_strategy(slug, strategy_id)
    return public_status_updates(strategy, limit=PUBLIC_STATUS_LIMIT)
