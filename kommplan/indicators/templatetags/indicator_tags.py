from __future__ import annotations

from django import template

from kommplan.indicators.charts import with_unit as _with_unit
from kommplan.indicators.models import Indicator

register = template.Library()


@register.filter
def with_unit(value: float | None, unit: str) -> str:
    """12 saker, 4,5 %: the number as Norwegian writes it, then the unit."""
    if not isinstance(value, int | float):
        return "–"
    return _with_unit(value, unit)


@register.filter
def met_by(indicator: Indicator, value: float | None) -> bool | None:
    # A missing value reaches templates as "" rather than None.
    if not isinstance(value, int | float):
        return None
    return indicator.is_met(value)
