from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommplan.actions.access import visible_actions
from kommplan.organisations.access import Need
from kommplan.strategies.access import get_strategy_for_user
from kommplan.strategies.views import strategy_breadcrumbs

from .forms import XLSX_TYPE, UploadForm
from .reader import SpreadsheetError
from .services import (
    PENDING_LIFETIME,
    confirm_pending_import,
    export_action_plan,
    pending_import,
    plan_import,
    store_pending_import,
)

PREVIEW_PARAMETER = "forhandsvis"


def _page_url(strategy, token: str | None = None) -> str:
    url = reverse("spreadsheets:page", args=[strategy.organisation.slug, strategy.pk])
    return f"{url}?{urlencode({PREVIEW_PARAMETER: token})}" if token else url


@require_http_methods(["GET", "POST"])
def spreadsheet_page(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Download the action plan as XLSX; editors upload one and see what it would change."""
    need = Need.EDIT if request.method == "POST" else Need.READ
    found = get_strategy_for_user(request, org_slug, pk, need)
    strategy = found.strategy
    can_edit = found.access.can_edit
    form = None
    status = 200
    if can_edit:
        form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            _pending, token = store_pending_import(
                strategy=strategy,
                user=request.user,
                filename=form.cleaned_data["spreadsheet"].name,
                content=form.content,
                replace=form.cleaned_data["replace"],
            )
            return redirect(_page_url(strategy, token))
        status = 400
    plan = None
    token = request.GET.get(PREVIEW_PARAMETER, "")
    expired = False
    if token:
        if not can_edit:
            raise PermissionDenied(_("Rollen din gir ikke tilgang til å laste opp regneark"))
        pending = pending_import(token=token[:1000], strategy=strategy, user=request.user)
        if pending is None:
            expired = True
            token = ""
        else:
            plan = plan_import(
                strategy=strategy,
                data=bytes(pending.content),
                filename=pending.filename,
                replace=pending.replace,
            )
    visible_count = visible_actions(found.access, strategy.actions.all()).count()
    return render(
        request,
        "spreadsheets/page.html",
        {
            "strategy": strategy,
            "organisation": strategy.organisation,
            "access": found.access,
            "form": form,
            "plan": plan,
            "new_rows": plan.of_kind("new") if plan else [],
            "changed_rows": plan.of_kind("changed") if plan else [],
            "unchanged_count": len(plan.of_kind("unchanged")) if plan else 0,
            "token": token,
            "expired": expired,
            "lifetime_minutes": int(PENDING_LIFETIME.total_seconds() // 60),
            "visible_count": visible_count,
            "all_visible": visible_count == strategy.actions.count(),
            "breadcrumbs": strategy_breadcrumbs(strategy, _("Regneark")),
        },
        status=status,
    )


@require_safe
def download(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk)
    strategy = found.strategy
    actions = visible_actions(found.access, strategy.actions.all())
    response = HttpResponse(export_action_plan(strategy, actions=actions), content_type=XLSX_TYPE)
    filename = f"tiltaksplan-{strategy.organisation.slug}-{strategy.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def confirm(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk, Need.EDIT)
    strategy = found.strategy
    token = request.POST.get("token", "")[:1000]
    pending = pending_import(token=token, strategy=strategy, user=request.user)
    if pending is None:
        messages.error(
            request,
            _("Opplastingen er utløpt eller finnes ikke lenger. Last opp regnearket på nytt."),
        )
        return redirect(_page_url(strategy))
    try:
        result = confirm_pending_import(pending=pending, actor=request.user)
    except SpreadsheetError:
        # The plan changed since the preview and the file no longer fits: show why.
        messages.error(request, _("Ingenting ble lagret. Rett feilene under og last opp igjen."))
        return redirect(_page_url(strategy, token))
    messages.success(
        request,
        _(
            "Regnearket er importert: %(created)d nye, %(updated)d endret, %(deleted)d slettet "
            "og %(unchanged)d uendrede tiltak."
        )
        % {
            "created": len(result.created),
            "updated": len(result.updated),
            "deleted": len(result.deleted),
            "unchanged": result.unchanged,
        },
    )
    return redirect(_page_url(strategy))
