"""Who may see and change an action.

Editors see and change every action of their organisation; a bidragsyter reports status only on
actions they are responsible for; members of a member organisation read only the actions
assigned to their organisation.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from kommplan.organisations.access import Access, Need, access_for, require

from .models import Action


def visible_actions(access: Access, actions: QuerySet[Action]) -> QuerySet[Action]:
    if access.is_member:
        return actions
    return actions.filter(assigned_organisation__in=access.via_member_orgs)


def may_report(user: User | AnonymousUser, access: Access, action: Action) -> bool:
    if access.allows(Need.EDIT):
        return True
    return (
        access.allows(Need.REPORT)
        and user.is_authenticated
        and action.responsible_user_id == user.pk
    )


def get_action_for_user(
    request: HttpRequest, org_slug: str, pk: int, need: Need = Need.READ
) -> tuple[Action, Access]:
    """The action `pk` of organisation `org_slug`, if the user may do `need` with it."""
    try:
        action = Action.objects.select_related(
            "strategy__organisation", "goal", "approach", "responsible_user"
        ).get(pk=pk, strategy__organisation__slug=org_slug)
    except Action.DoesNotExist:
        raise Http404("Ukjent tiltak") from None
    access = require(access_for(request.user, action.strategy.organisation), Need.READ)
    if not visible_actions(access, Action.objects.filter(pk=action.pk)).exists():
        raise Http404("Ukjent tiltak")
    if need == Need.REPORT:
        if not may_report(request.user, access, action):
            raise PermissionDenied("Du kan bare rapportere på tiltak du er ansvarlig for")
    elif not access.allows(need):
        raise PermissionDenied("Rollen din gir ikke tilgang til dette")
    return action, access
