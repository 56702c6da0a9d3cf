"""Access to a strategy goes through its organisation's access (organisations.access)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.db import models
from django.http import Http404, HttpRequest

from kommplan.organisations.access import Access, Need, get_organisation_for_user

from .models import Strategy

PartModel = TypeVar("PartModel", bound=models.Model)


@dataclass(frozen=True)
class StrategyAccess:
    strategy: Strategy
    access: Access


def get_strategy_for_user(
    request: HttpRequest, org_slug: str, pk: int, need: Need = Need.READ
) -> StrategyAccess:
    access = get_organisation_for_user(request, org_slug, need)
    try:
        strategy = Strategy.objects.select_related("organisation").get(
            pk=pk, organisation=access.organisation
        )
    except Strategy.DoesNotExist:
        raise Http404("Ukjent strategi") from None
    return StrategyAccess(strategy=strategy, access=access)


def get_part_for_user(
    request: HttpRequest,
    org_slug: str,
    pk: int,
    item_pk: int,
    model: type[PartModel],
    need: Need = Need.EDIT,
) -> tuple[PartModel, StrategyAccess]:
    """A part (goal, target group, channel...) of strategy `pk`, if the user may do `need`.

    404 when the part belongs to another strategy, even one of the same organisation, so an id
    from elsewhere can never be read or changed through this strategy's addresses.
    """
    found = get_strategy_for_user(request, org_slug, pk, need)
    try:
        part = model.objects.select_related("strategy__organisation").get(
            pk=item_pk, strategy=found.strategy
        )
    except model.DoesNotExist:
        raise Http404("Ukjent del av strategien") from None
    return part, found
