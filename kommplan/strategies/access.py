"""Access to a strategy goes through its organisation's access (organisations.access)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from kommplan.organisations.access import Access, Need, get_organisation_for_user

from .models import Strategy


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
