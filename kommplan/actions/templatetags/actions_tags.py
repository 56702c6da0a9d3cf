from __future__ import annotations

from django import template

from kommplan.actions.models import ActionStatus

register = template.Library()

# Designsystemet colours for each status; the text always says the status too.
_STATUS_COLOURS = {
    ActionStatus.IKKE_STARTET: "neutral",
    ActionStatus.PAGAR: "info",
    ActionStatus.FULLFORT: "success",
    ActionStatus.FORSINKET: "warning",
    ActionStatus.AVLYST: "neutral",
}


@register.filter
def status_colour(status: str) -> str:
    return _STATUS_COLOURS.get(status, "neutral")


@register.filter
def is_overdue_on(action, today) -> bool:
    return action.is_overdue(today)
