from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from kommplan.actions.models import ActionStatus
from kommplan.indicators.charts import indicator_chart
from kommplan.lib.charts import PALETTE, Segment, status_bar_chart
from kommplan.organisations.access import Need
from kommplan.strategies.access import get_strategy_for_user
from kommplan.strategies.views import strategy_breadcrumbs

from .selectors import Dashboard, strategy_dashboard

# Same order as the status tags' colours (neutral, info, success, warning, dark neutral).
_STATUS_STYLES = {
    ActionStatus.IKKE_STARTET: PALETTE[0],
    ActionStatus.PAGAR: PALETTE[1],
    ActionStatus.FULLFORT: PALETTE[2],
    ActionStatus.FORSINKET: PALETTE[3],
    ActionStatus.AVLYST: PALETTE[4],
}


@require_safe
def dashboard(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk, Need.READ)
    strategy = found.strategy
    data = strategy_dashboard(strategy=strategy, access=found.access, today=timezone.localdate())
    return render(
        request,
        "followup/dashboard.html",
        {
            "strategy": strategy,
            "organisation": strategy.organisation,
            "access": found.access,
            "dashboard": data,
            "status_chart": _status_chart(data) if data.total else None,
            "indicator_charts": [
                (
                    indicator,
                    indicator_chart(
                        indicator, chart_id=f"indikator-{indicator.pk}-graf", small=True
                    ),
                )
                for indicator in data.indicators
            ],
            "breadcrumbs": strategy_breadcrumbs(strategy, _("Oppfølging")),
        },
    )


def _status_chart(data: Dashboard) -> str:
    rows = [(row.goal.text if row.goal else _("Uten mål"), row.counts) for row in data.rows]
    description = ngettext(
        "%(count)s tiltak fordelt på status for hvert mål.",
        "%(count)s tiltak fordelt på status for hvert mål.",
        data.total,
    ) % {"count": data.total}
    description += (
        " "
        + ", ".join(
            f"{status.label}: {count}"
            for status, count in zip(data.statuses, data.totals, strict=True)
        )
        + ". "
        + _("Tabellen under grafen har tallene for hvert mål.")
    )
    return status_bar_chart(
        chart_id="status-per-mal-graf",
        title=_("Tiltak etter status per mål"),
        description=description,
        rows=rows,
        segments=[Segment(str(s.label), _STATUS_STYLES[s]) for s in data.statuses],
        axis_label=_("Antall tiltak"),
    )
