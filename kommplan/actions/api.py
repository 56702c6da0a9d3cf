from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from kommplan.apitokens.auth import check_token_scope
from kommplan.organisations.access import Access, Need
from kommplan.strategies.api import strategy_for_api

from .access import get_action_for_user, may_report, visible_actions
from .models import Action, StatusUpdate
from .schemas import ActionOut, ActionSummaryOut, StatusUpdateIn, StatusUpdateOut
from .selectors import actions_for_plan
from .services import record_status_update

router = Router(tags=["tiltak"])

PAGE_SIZE = 50


class ActionPage(PageNumberPagination):
    page_size = PAGE_SIZE
    max_page_size = 200


def action_for_api(request: HttpRequest, pk: int, need: Need = Need.READ) -> tuple[Action, Access]:
    """Action `pk` through the web's access helper: the API's URLs carry no organisation."""
    slug = (
        Action.objects.filter(pk=pk).values_list("strategy__organisation__slug", flat=True).first()
    )
    if slug is None:
        raise Http404("Ukjent tiltak")
    action, access = get_action_for_user(request, slug, pk, need)
    check_token_scope(request, access.organisation)
    return action, access


@router.get("/strategies/{int:strategy_id}/actions", response=list[ActionSummaryOut])
@paginate(ActionPage)
def list_actions(request: HttpRequest, strategy_id: int):
    """The strategy's actions the caller may see, in plan order, a page at a time."""
    found = strategy_for_api(request, strategy_id)
    return visible_actions(found.access, actions_for_plan(found.strategy))


@router.get("/actions/{int:action_id}", response=ActionOut)
def get_action(request: HttpRequest, action_id: int):
    action, access = action_for_api(request, action_id)
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


@router.post("/actions/{int:action_id}/status", response={201: StatusUpdateOut})
def report_status(request: HttpRequest, action_id: int, data: StatusUpdateIn):
    """Report status on an action: editors on any action, a bidragsyter on their own."""
    action, _ = action_for_api(request, action_id, Need.REPORT)
    update = record_status_update(
        action=action,
        author=request.user,
        status=data.status.value,
        comment=data.comment,
        reported_on=data.reported_on,
    )
    return Status(201, update)
