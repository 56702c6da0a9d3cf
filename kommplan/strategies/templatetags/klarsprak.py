"""{% klarsprak_hint text id %} renders a klarspråk hint; {% klarsprak_i18n %} gives the script
its wording in the current language (once per page, e.g. in base.html's head)."""

from __future__ import annotations

from django import template

from kommplan.strategies.klarsprak import hint_lines, strings_json

register = template.Library()


@register.inclusion_tag("klarsprak/_hint.html")
def klarsprak_hint(text: str, element_id: str) -> dict:
    return {"hint_id": element_id, "lines": hint_lines(text)}


@register.inclusion_tag("klarsprak/_i18n.html")
def klarsprak_i18n() -> dict:
    return {"strings": strings_json()}


@register.filter
def klarsprak_summary(text: str) -> str:
    """The score line of the hint ("Lesbarhet (LIX): 32, lettlest."), or the empty hint."""
    lines = hint_lines(text)
    return lines.get("summary") or lines["empty"]
