"""API routes of the action plan: actions, their status history and their occurrences.

Reads need READ (members of a member organisation see only the actions assigned to it), status
reports REPORT on one's own action (editors on any), creating, changing and deleting EDIT. Every
write goes through kommplan.actions.services; a change names the `version` it started from and is
refused with 409 when someone saved the action in between.
"""

# No `from __future__ import annotations`: django-ninja reads the routes' Annotated types.

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import ValidationError as InputError
from ninja.pagination import paginate

from kommplan.apitokens.auth import check_token_scope
from kommplan.apitokens.common import (
    ERRORS,
    READ_ERRORS,
    ConflictOut,
    Day,
    Id,
    Page,
    enum_values,
)
from kommplan.organisations.access import Access, Need
from kommplan.strategies.api import strategy_for_api
from kommplan.strategies.models import Channel, Goal, GoalStrategy, Strategy, TargetGroup
from kommplan.yearwheel.selectors import plan_actions, year_plan

from .access import get_action_for_user, may_report, visible_actions
from .models import Action, StatusUpdate
from .schemas import (
    ActionIn,
    ActionOut,
    ActionPatch,
    ActionSummaryOut,
    OccurrenceOut,
    StatusUpdateIn,
    StatusUpdateOut,
    StatusValue,
)
from .selectors import actions_for_plan
from .services import (
    ActionData,
    StaleEditError,
    create_action,
    delete_action,
    record_status_update,
    update_action,
)

router = Router(tags=["tiltak"])

# Occurrences are computed, not stored: a window longer than this is refused, not truncated.
MAX_WINDOW_DAYS = 3 * 366


def action_for_api(request: HttpRequest, pk: int, need: Need = Need.READ) -> tuple[Action, Access]:
    """Action `pk` through the web's access helper: the API's URLs carry no organisation."""
    slug = (
        Action.objects.filter(pk=pk).values_list("strategy__organisation__slug", flat=True).first()
    )
    if slug is None:
        raise Http404(_("Ukjent tiltak"))
    action, access = get_action_for_user(request, slug, pk, need)
    check_token_scope(request, access.organisation)
    return action, access


def _detail(action: Action, request: HttpRequest, access: Access) -> Action:
    action = (
        Action.objects.select_related("responsible_user", "assigned_organisation")
        .prefetch_related(
            "target_groups",
            "channels",
            Prefetch("updates", StatusUpdate.objects.order_by("position", "pk")),
        )
        .get(pk=action.pk)
    )
    action.may_report = may_report(request.user, access, action)
    return action


# ---- actions ----


@router.get(
    "/strategies/{strategy_id}/actions",
    response={200: list[ActionSummaryOut], **READ_ERRORS},
    summary="Tiltakene i en strategi, i planens rekkefølge",
)
@paginate(Page)
def list_actions(request: HttpRequest, strategy_id: Id, status: StatusValue | None = None):
    """The strategy's actions the caller may see, in plan order, a page at a time."""
    found = strategy_for_api(request, strategy_id)
    actions = visible_actions(found.access, actions_for_plan(found.strategy))
    if status is not None:
        actions = actions.filter(status=status.value)
    return actions


@router.post(
    "/strategies/{strategy_id}/actions",
    response={201: ActionOut, **ERRORS},
    summary="Nytt tiltak (redaktør), sist i tiltaksplanen",
)
def create_action_route(request: HttpRequest, strategy_id: Id, data: ActionIn):
    found = strategy_for_api(request, strategy_id, Need.EDIT)
    action = create_action(
        strategy=found.strategy,
        actor=request.user,
        data=_action_data(found.strategy, data.dict(), base=None),
    )
    return Status(201, _detail(action, request, found.access))


@router.get(
    "/actions/{action_id}",
    response={200: ActionOut, **READ_ERRORS},
    summary="Ett tiltak med statushistorikken",
)
def get_action(request: HttpRequest, action_id: Id):
    action, access = action_for_api(request, action_id)
    return _detail(action, request, access)


@router.patch(
    "/actions/{action_id}",
    response={200: ActionOut, 409: ConflictOut, **ERRORS},
    summary="Endre et tiltak (redaktør); 409 når det er endret siden `version`",
)
def update_action_route(request: HttpRequest, action_id: Id, data: ActionPatch):
    action, access = action_for_api(request, action_id, Need.EDIT)
    values = data.dict(exclude_unset=True)
    version = values.pop("version")
    try:
        action = update_action(
            action=action,
            actor=request.user,
            version=version,
            data=_action_data(action.strategy, values, base=action),
        )
    except StaleEditError as exc:
        detail = _(
            "Tiltaket er endret av noen andre siden versjon %(edited)s (lagret versjon er "
            "%(stored)s). Hent tiltaket på nytt og gjør endringen der."
        ) % {"edited": exc.edited_version, "stored": exc.stored_version}
        return Status(
            409,
            {
                "detail": detail,
                "errors": [{"loc": ["body", "version"], "msg": detail}],
                "stored_version": exc.stored_version,
            },
        )
    return _detail(action, request, access)


@router.delete(
    "/actions/{action_id}",
    response={204: None, **ERRORS},
    summary="Slett et tiltak med statushistorikken (redaktør)",
)
def delete_action_route(request: HttpRequest, action_id: Id):
    action, _access = action_for_api(request, action_id, Need.EDIT)
    delete_action(action=action, actor=request.user)
    return Status(204, None)


def _one(model, strategy: Strategy, pk: int | None, name: str):
    if pk is None:
        return None
    found = model.objects.filter(strategy=strategy, pk=pk).first()
    if found is None:
        raise ValidationError({name: _("Velg blant denne strategiens egne elementer.")})
    return found


def _many(model, strategy: Strategy, pks: list[int], name: str) -> list:
    ids = list(dict.fromkeys(pks))
    found = list(model.objects.filter(strategy=strategy, pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({name: _("Velg blant denne strategiens egne elementer.")})
    return sorted(found, key=lambda obj: ids.index(obj.pk))


def _action_data(strategy: Strategy, values: dict, *, base: Action | None) -> ActionData:
    """What the service takes: the given values over the stored action's (for a PATCH)."""
    values = enum_values(values)
    current: dict = {}
    if base is not None:
        current = {
            name: getattr(base, name)
            for name in ActionData.__dataclass_fields__
            if name not in ("target_groups", "channels")
        }
        current["target_groups"] = list(base.target_groups.all())
        current["channels"] = list(base.channels.all())
    links = {
        "goal_id": lambda v: ("goal", _one(Goal, strategy, v, "goal_id")),
        "approach_id": lambda v: ("approach", _one(GoalStrategy, strategy, v, "approach_id")),
        "target_group_ids": lambda v: (
            "target_groups",
            _many(TargetGroup, strategy, v, "target_group_ids"),
        ),
        "channel_ids": lambda v: ("channels", _many(Channel, strategy, v, "channel_ids")),
        "responsible_user": lambda v: ("responsible_user", _member(strategy, v)),
        "assigned_organisation": lambda v: (
            "assigned_organisation",
            _member_organisation(strategy, v),
        ),
    }
    for name, value in values.items():
        if name in links:
            key, resolved = links[name](value)
            current[key] = resolved
        else:
            current[name] = value
    return ActionData(**current)


def _member(strategy: Strategy, username: str | None) -> User | None:
    if not username:
        return None
    user = User.objects.filter(
        username=username, memberships__organisation=strategy.organisation_id
    ).first()
    if user is None:
        # The same answer whether the user exists or not: nothing to learn about other people.
        raise ValidationError(
            {"responsible_user": _("Ansvarlig bruker må være medlem av organisasjonen.")}
        )
    return user


def _member_organisation(strategy: Strategy, slug: str | None):
    if not slug:
        return None
    found = strategy.organisation.members.filter(slug=slug).first()
    if found is None:
        raise ValidationError(
            {
                "assigned_organisation": _(
                    "Tiltaket kan bare tildeles en av organisasjonens medlemsorganisasjoner."
                )
            }
        )
    return found


# ---- status history ----


@router.get(
    "/actions/{action_id}/status",
    response={200: list[StatusUpdateOut], **READ_ERRORS},
    summary="Statushistorikken til et tiltak, eldste først",
)
@paginate(Page)
def list_status_updates(request: HttpRequest, action_id: Id):
    action, _access = action_for_api(request, action_id)
    return action.updates.order_by("position", "pk")


@router.post(
    "/actions/{action_id}/status",
    response={201: StatusUpdateOut, **ERRORS},
    summary="Rapporter status (redaktør, eller bidragsyter på eget tiltak)",
)
def report_status(request: HttpRequest, action_id: Id, data: StatusUpdateIn):
    """Report status on an action: editors on any action, a bidragsyter on their own."""
    action, _access = action_for_api(request, action_id, Need.REPORT)
    update = record_status_update(
        action=action,
        author=request.user,
        status=data.status.value,
        comment=data.comment,
        reported_on=data.reported_on,
    )
    return Status(201, update)


# ---- occurrences (the årshjul's dates) ----


def _window(start: date | None, end: date | None) -> tuple[date, date]:
    """The asked window; this calendar year when neither end is given."""
    year = timezone.localdate().year
    start = start or (date(end.year, 1, 1) if end else date(year, 1, 1))
    end = end or date(start.year, 12, 31)
    if end < start:
        raise InputError([{"loc": ["query", "end"], "msg": _("Slutten kommer før starten.")}])
    if end - start > timedelta(days=MAX_WINDOW_DAYS):
        raise InputError([{"loc": ["query", "end"], "msg": _("Velg et tidsrom på høyst tre år.")}])
    return start, end


def _occurrences(strategy: Strategy, actions: QuerySet[Action], start: date, end: date) -> list:
    plan = year_plan(
        strategy=strategy,
        actions=actions,
        window_start=start,
        window_end=end,
        url_for=lambda action: "",
    )
    return [
        {
            "action_id": item.action.pk,
            "action_title": item.action.title,
            "start": occurrence.start,
            "end": occurrence.end,
            "scheduled": occurrence.scheduled,
            "moved": occurrence.moved,
            "holiday": occurrence.holiday,
            "weekend": occurrence.weekend,
            "span": occurrence.span,
            "source": str(item.source),
        }
        for occurrence, item in plan.rows()
    ]


@router.get(
    "/strategies/{strategy_id}/occurrences",
    response={200: list[OccurrenceOut], **READ_ERRORS},
    summary="Når tiltakene i en strategi skjer i et tidsrom (årshjulet), etter dato",
)
@paginate(Page)
def strategy_occurrences(
    request: HttpRequest, strategy_id: Id, start: Day | None = None, end: Day | None = None
):
    start, end = _window(start, end)
    found = strategy_for_api(request, strategy_id)
    return _occurrences(found.strategy, plan_actions(found.strategy, found.access), start, end)


@router.get(
    "/actions/{action_id}/occurrences",
    response={200: list[OccurrenceOut], **READ_ERRORS},
    summary="Når et tiltak skjer i et tidsrom",
)
@paginate(Page)
def action_occurrences(
    request: HttpRequest, action_id: Id, start: Day | None = None, end: Day | None = None
):
    start, end = _window(start, end)
    action, access = action_for_api(request, action_id)
    actions = plan_actions(action.strategy, access).filter(pk=action.pk)
    return _occurrences(action.strategy, actions, start, end)
