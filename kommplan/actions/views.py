from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kommplan.strategies.selectors import get_strategy
from kommplan.strategies.views import strategy_breadcrumbs

from .selectors import actions_for_plan


def action_plan(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    strategy = get_strategy(org_slug, pk)
    return render(
        request,
        "actions/plan.html",
        {
            "strategy": strategy,
            "organisation": strategy.organisation,
            "actions": actions_for_plan(strategy),
            "today": timezone.localdate(),
            "breadcrumbs": strategy_breadcrumbs(strategy, _("Tiltaksplan")),
        },
    )
