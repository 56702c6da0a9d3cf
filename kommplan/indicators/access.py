"""Who may see an indicator and record measurements on it.

An indicator on an action is as visible as the action (kommplan.actions.access); indicators on a
goal or on the whole strategy are read by everyone who reads the strategy. Editors change
indicators; a bidragsyter records measurements on indicators of actions they are responsible for.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from kommplan.actions.access import may_report, visible_actions
from kommplan.actions.models import Action
from kommplan.organisations.access import Access, Need
from kommplan.strategies.access import get_strategy_for_user

from .models import Indicator


def visible_indicators(access: Access, indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    if access.is_member:
        return indicators
    return indicators.filter(
        Q(action__isnull=True) | Q(action__in=visible_actions(access, Action.objects.all()))
    )


def may_record(user: User | AnonymousUser, access: Access, indicator: Indicator) -> bool:
    if access.can_edit:
        return True
    return indicator.action is not None and may_report(user, access, indicator.action)


def get_indicator_for_user(
    request: HttpRequest, org_slug: str, pk: int, item_pk: int, need: Need = Need.READ
) -> tuple[Indicator, Access]:
    """Indicator `item_pk` of strategy `pk`, if the user may do `need` with it.

    Need.REPORT means "record a measurement": editors, and the person responsible for the
    indicator's action.
    """
    found = get_strategy_for_user(request, org_slug, pk, Need.READ)
    indicator = (
        visible_indicators(found.access, found.strategy.indicators.all())
        .select_related("goal", "action")
        .filter(pk=item_pk)
        .first()
    )
    if indicator is None:
        raise Http404("Ukjent indikator")
    # Reuse the strategy already loaded (and its organisation) rather than fetch it again.
    indicator.strategy = found.strategy
    if need == Need.REPORT:
        if not may_record(request.user, found.access, indicator):
            raise PermissionDenied("Du kan bare registrere målinger på dine egne tiltak")
    elif not found.access.allows(need):
        raise PermissionDenied("Rollen din gir ikke tilgang til dette")
    return indicator, found.access
