from __future__ import annotations

from django import template
from django.http import QueryDict
from django.utils.translation import gettext as _

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


@register.filter
def with_page(query: str, number) -> str:
    """`?<query>&page=<number>` for a pagination link."""
    params = QueryDict(query, mutable=True)
    params["page"] = str(number)
    return f"?{params.urlencode()}"


@register.filter
def user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _weekdays() -> dict[str, str]:
    return {
        "MO": _("mandag"),
        "TU": _("tirsdag"),
        "WE": _("onsdag"),
        "TH": _("torsdag"),
        "FR": _("fredag"),
        "SA": _("lørdag"),
        "SU": _("søndag"),
    }


@register.filter
def describe_rrule(rule: str) -> str:
    """A short Norwegian reading of common recurrence rules; "" when we cannot say it well."""
    body = rule.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    parts = dict(part.split("=", 1) for part in body.upper().split(";") if "=" in part)
    interval = parts.get("INTERVAL", "1")
    every = {
        "DAILY": (_("Hver dag"), _("Hver %(n)s. dag")),
        "WEEKLY": (_("Hver uke"), _("Hver %(n)s. uke")),
        "MONTHLY": (_("Hver måned"), _("Hver %(n)s. måned")),
        "YEARLY": (_("Hvert år"), _("Hvert %(n)s. år")),
    }.get(parts.get("FREQ", ""))
    if every is None or not interval.isdigit():
        return ""
    text = every[0] if interval == "1" else every[1] % {"n": interval}
    if "BYDAY" in parts:
        names = _weekdays()
        days = [names.get(day[-2:], "") for day in parts["BYDAY"].split(",")]
        if all(days):
            text += " " + _("på %(days)s") % {"days": ", ".join(days)}
    if "BYMONTHDAY" in parts and parts["BYMONTHDAY"].lstrip("-").isdigit():
        text += " " + _("den %(day)s.") % {"day": parts["BYMONTHDAY"]}
    return text
