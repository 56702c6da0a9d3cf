from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from kommplan.lib.htmx import announce
from kommplan.organisations.access import Need
from kommplan.strategies.access import get_strategy_for_user
from kommplan.strategies.views import strategy_breadcrumbs

from .forms import LogFilterForm
from .selectors import readable_rows
from .selectors import strategy_log as log_entries

PER_PAGE = 25


@require_safe
def strategy_log(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The strategy's audit log, newest first, for its organisation's administrators."""
    found = get_strategy_for_user(request, org_slug, pk, Need.ADMIN)
    strategy = found.strategy
    form = LogFilterForm(request.GET or None)
    event = form.cleaned_data["hendelse"] if form.is_valid() else ""
    page = Paginator(log_entries(strategy, event=event), PER_PAGE).get_page(request.GET.get("side"))
    # Page links keep the filter.
    query = f"hendelse={event}&" if event else ""
    context = {
        "strategy": strategy,
        "organisation": strategy.organisation,
        "form": form,
        "page": page,
        "rows": readable_rows(list(page.object_list)),
        "query": query,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "breadcrumbs": strategy_breadcrumbs(strategy, _("Endringslogg")),
    }
    if request.htmx:
        response = render(request, "audit/_log_results.html", context)
        count = page.paginator.count
        return announce(
            response,
            ngettext("%(count)s innslag i loggen", "%(count)s innslag i loggen", count)
            % {"count": count},
        )
    return render(request, "audit/strategy_log.html", context)
