from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest
from ninja import Router

from kommplan.apitokens.auth import check_token_scope
from kommplan.organisations.access import Need, get_organisation_for_user

from .access import StrategyAccess, get_strategy_for_user
from .models import Goal, KeyMessage, Strategy
from .schemas import StrategyOut, StrategySummaryOut

router = Router(tags=["strategier"])


def strategy_for_api(request: HttpRequest, pk: int, need: Need = Need.READ) -> StrategyAccess:
    """Strategy `pk` through the web's access helper: the API's URLs carry no organisation."""
    slug = Strategy.objects.filter(pk=pk).values_list("organisation__slug", flat=True).first()
    if slug is None:
        raise Http404("Ukjent strategi")
    found = get_strategy_for_user(request, slug, pk, need)
    check_token_scope(request, found.access.organisation)
    return found


@router.get("/organisations/{slug}/strategies", response=list[StrategySummaryOut])
def list_strategies(request: HttpRequest, slug: str):
    access = get_organisation_for_user(request, slug, Need.READ)
    check_token_scope(request, access.organisation)
    return access.organisation.strategies.order_by("-period_start", "title")


@router.get("/strategies/{int:strategy_id}", response=StrategyOut)
def get_strategy(request: HttpRequest, strategy_id: int):
    strategy = strategy_for_api(request, strategy_id).strategy
    prefetch_related_objects(
        [strategy],
        Prefetch("goals", Goal.objects.order_by("position", "pk")),
        "target_groups",
        "channels",
        Prefetch(
            "messages",
            KeyMessage.objects.prefetch_related("target_groups").order_by("position", "pk"),
        ),
    )
    return strategy
