from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from .access import get_strategy_for_user
from .selectors import goal_tree, messages_with_groups


def strategy_breadcrumbs(strategy, current: str | None = None) -> list[tuple[str, str | None]]:
    organisation = strategy.organisation
    crumbs = [
        (_("Organisasjoner"), reverse("organisations:list")),
        (organisation.name, reverse("organisations:detail", args=[organisation.slug])),
    ]
    if current is None:
        crumbs.append((strategy.title, None))
    else:
        overview = reverse("strategies:overview", args=[organisation.slug, strategy.pk])
        crumbs += [(strategy.title, overview), (current, None)]
    return crumbs


def strategy_overview(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk)
    strategy = found.strategy
    return render(
        request,
        "strategies/overview.html",
        {
            "strategy": strategy,
            "organisation": strategy.organisation,
            "access": found.access,
            "goal_tree": goal_tree(strategy),
            "loose_approaches": strategy.approaches.filter(goal__isnull=True),
            "target_groups": strategy.target_groups.all(),
            "messages": messages_with_groups(strategy),
            "channels": strategy.channels.all(),
            "principles": strategy.principles.all(),
            "challenges": strategy.challenges.all(),
            "roles": strategy.roles.all(),
            "rules": strategy.rules.all(),
            "notification_entries": strategy.notification_entries.all(),
            "action_count": strategy.actions.count(),
            "breadcrumbs": strategy_breadcrumbs(strategy),
        },
    )
