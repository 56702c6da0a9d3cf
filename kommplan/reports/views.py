from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kommplan.organisations.access import Need
from kommplan.strategies.access import StrategyAccess, get_strategy_for_user
from kommplan.strategies.views import strategy_breadcrumbs

from .content import slug_filename
from .forms import StatusReportForm, default_period
from .services import CONTENT_TYPES, FORMATS, status_report, strategy_document

PUBLIC_EDITION = "offentlig"


@require_safe
def documents(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk, Need.READ)
    start, end = default_period(timezone.localdate())
    return _page(request, found, StatusReportForm(initial={"fra": start, "til": end}))


def _page(request, found: StrategyAccess, form: StatusReportForm, status: int = 200):
    strategy = found.strategy
    return render(
        request,
        "reports/documents.html",
        {
            "strategy": strategy,
            "organisation": strategy.organisation,
            "access": found.access,
            "form": form,
            "formats": FORMATS,
            "breadcrumbs": strategy_breadcrumbs(strategy, _("Dokumenter")),
        },
        status=status,
    )


@require_safe
def strategy_download(request: HttpRequest, org_slug: str, pk: int, format: str) -> HttpResponse:
    if format not in FORMATS:
        raise Http404("Ukjent format")
    found = get_strategy_for_user(request, org_slug, pk, Need.READ)
    public_only = request.GET.get("utgave") == PUBLIC_EDITION
    content = strategy_document(
        found.strategy, fmt=format, public_only=public_only, access=found.access
    )
    name = "kommunikasjonsstrategi" + ("-offentlig" if public_only else "")
    return _download(content, slug_filename(found.strategy, name, format), format)


@require_safe
def status_download(request: HttpRequest, org_slug: str, pk: int, format: str) -> HttpResponse:
    if format not in FORMATS:
        raise Http404("Ukjent format")
    found = get_strategy_for_user(request, org_slug, pk, Need.READ)
    if "fra" in request.GET or "til" in request.GET:
        form = StatusReportForm(request.GET)
    else:
        start, end = default_period(timezone.localdate())
        form = StatusReportForm({"fra": start.isoformat(), "til": end.isoformat()})
    if not form.is_valid():
        return _page(request, found, form, status=400)
    start, end = form.cleaned_data["fra"], form.cleaned_data["til"]
    public_only = request.GET.get("utgave") == PUBLIC_EDITION
    content = status_report(
        found.strategy,
        start=start,
        end=end,
        fmt=format,
        public_only=public_only,
        access=found.access,
    )
    organisation = found.strategy.organisation.slug.removesuffix("-kommune")
    filename = f"{organisation}-statusrapport-{start:%Y-%m-%d}-{end:%Y-%m-%d}.{format}"
    return _download(content, filename, format)


def _download(content: bytes, filename: str, format: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
