"""An indicator's measurements against its target as a chart (kommplan.lib.charts)."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kommplan.lib.charts import format_number, indicator_line_chart

from .models import Indicator


def with_unit(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{format_number(value)} {unit}".strip()


def indicator_chart(indicator: Indicator, *, chart_id: str, small: bool = False) -> str | None:
    """The SVG, or None when nothing has been measured yet (the page says so in words)."""
    measurements = indicator.measurements_by_date()
    if not measurements:
        return None
    first, last = measurements[0], measurements[-1]
    description = _("%(count)s målinger fra %(first)s til %(last)s. Siste verdi: %(value)s.") % {
        "count": len(measurements),
        "first": date_format(first.date, "SHORT_DATE_FORMAT"),
        "last": date_format(last.date, "SHORT_DATE_FORMAT"),
        "value": with_unit(last.value, indicator.unit),
    }
    target_label = ""
    if indicator.target is not None:
        target_label = _("Mål: %(target)s") % {
            "target": with_unit(indicator.target, indicator.unit)
        }
        description += " " + target_label + "."
    description += " " + _("Tabellen ved siden av har alle målingene.")
    return indicator_line_chart(
        chart_id=chart_id,
        title=indicator.name,
        description=description,
        points=[(m.date, m.value) for m in measurements],
        target=indicator.target,
        target_label=target_label,
        value_label=indicator.unit or _("Verdi"),
        series_label=_("Målt verdi"),
        small=small,
    )
