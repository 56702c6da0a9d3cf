from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kommplan.strategies.access import get_strategy_for_user
from kommplan.strategies.views import strategy_breadcrumbs

from .access import visible_actions
from .selectors import actions_for_plan


def action_plan(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk)
    strategy = found.strategy
    return render(
        request,
        "actions/plan.html",
        {
            "strategy": strategy,
            "organisation": strategy.organisation,
            "access": found.access,
            "actions": visible_actions(found.access, actions_for_plan(strategy)),
            "today": timezone.localdate(),
            "breadcrumbs": strategy_breadcrumbs(strategy, _("Tiltaksplan")),
        },
    )
