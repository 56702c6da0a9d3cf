"""{% active_crisis organisation as crisis %}: the running crisis (else drill) of an
organisation, for the crisis banner on pages whose views know nothing of crises. One query."""

from __future__ import annotations

from django import template

from kommplan.crisis.selectors import active_crisis as _active_crisis
from kommplan.organisations.models import Organisation

register = template.Library()


@register.simple_tag
def active_crisis(organisation: Organisation | None):
    if organisation is None:
        return None
    return _active_crisis(organisation)
