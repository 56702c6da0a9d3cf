from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import push_url

from kommplan.lib.htmx import announce
from kommplan.organisations.access import Access, Need, memberships_of
from kommplan.strategies.access import StrategyAccess, get_strategy_for_user
from kommplan.strategies.views import strategy_breadcrumbs

from .access import get_action_for_user, may_report, visible_actions
from .forms import ActionFilterForm, ActionForm, BulkEditForm, StatusReportForm, user_label
from .models import Action, ActionStatus, StatusUpdate
from .selectors import (
    SORT_COLUMNS,
    actions_for_plan,
    filter_actions,
    members_of_organisation,
    my_actions,
    sort_actions,
)
from .services import (
    StaleEditError,
    bulk_update_actions,
    create_action,
    delete_action,
    record_status_update,
    update_action,
)
from .templatetags.actions_tags import with_page

PAGE_SIZE = 25
RESULTS_ID = "plan-results"

# Parameters of the plan's address that are not filters.
_NOT_FILTERS = {"page", "sort", "csrfmiddlewaretoken"}


def _sort_labels() -> dict[str, str]:
    return {
        "title": _("Tiltak"),
        "responsible": _("Ansvarlig"),
        "due": _("Tid"),
        "status": _("Status"),
    }


def _canonical_query(params: QueryDict, sort: str) -> str:
    """The plan's query string without empty values, page or repeated sort keys."""
    query = QueryDict(mutable=True)
    for key, values in params.lists():
        if key in _NOT_FILTERS:
            continue
        for value in values:
            if value:
                query.appendlist(key, value)
    if sort:
        query["sort"] = sort
    return query.urlencode()


def _current_sort(params: QueryDict) -> str:
    # A sort button sends its value after the form's hidden one: the last one counts.
    sort = (params.getlist("sort") or [""])[-1]
    return sort if sort.removeprefix("-") in SORT_COLUMNS else ""


def _plan_url(strategy) -> str:
    return reverse("actions:plan", args=[strategy.organisation.slug, strategy.pk])


def _plan_context(
    request: HttpRequest,
    found: StrategyAccess,
    params: QueryDict,
    *,
    bulk_form: BulkEditForm | None = None,
    selected: set[int] | frozenset[int] = frozenset(),
) -> dict[str, Any]:
    strategy, access = found.strategy, found.access
    organisation = strategy.organisation
    today = timezone.localdate()
    members = list(members_of_organisation(organisation.pk)) if access.is_member else None
    filter_form = ActionFilterForm(
        params,
        goals=list(strategy.goals.order_by("position", "pk")),
        target_groups=list(strategy.target_groups.order_by("position", "pk")),
        channels=list(strategy.channels.order_by("position", "pk")),
        members=members,
    )
    sort = _current_sort(params)
    actions = visible_actions(access, actions_for_plan(strategy))
    actions = sort_actions(
        filter_actions(actions, filters=filter_form.filters(), today=today), sort
    )
    page = Paginator(actions, PAGE_SIZE).get_page(params.get("page"))
    for action in page:
        action.can_report = may_report(request.user, access, action)
    query = _canonical_query(params, sort)
    headers = []
    for column, label in _sort_labels().items():
        state = "none"
        if sort == column:
            state = "ascending"
        elif sort == f"-{column}":
            state = "descending"
        headers.append(
            {
                "column": column,
                "label": label,
                "aria_sort": state,
                "next": f"-{column}" if state == "ascending" else column,
            }
        )
    if access.can_edit and bulk_form is None:
        bulk_form = BulkEditForm(
            initial={"query": query},
            actions=Action.objects.none(),
            members=members_of_organisation(organisation.pk),
        )
        # The member list is already fetched for the filter: reuse it, no second query.
        bulk_form.fields["responsible_user"].choices = [("", _("Ikke endre"))] + [
            (user.pk, user_label(user)) for user in members or []
        ]
    return {
        "strategy": strategy,
        "organisation": organisation,
        "access": access,
        "filter_form": filter_form,
        "page": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=1)),
        "query": query,
        "sort": sort,
        "headers": headers,
        "bulk_form": bulk_form if access.can_edit else None,
        "selected": selected,
        "status_choices": ActionStatus.choices,
        "plan_url": _plan_url(strategy),
        "next_url": f"{_plan_url(strategy)}?{query}".rstrip("?"),
        "today": today,
        "results_id": RESULTS_ID,
        "breadcrumbs": strategy_breadcrumbs(strategy, _("Tiltaksplan")),
    }


def _result_count_message(page) -> str:
    count = page.paginator.count
    message = ngettext("%(count)d tiltak funnet.", "%(count)d tiltak funnet.", count) % {
        "count": count
    }
    if page.paginator.num_pages > 1:
        message += " " + _("Side %(page)d av %(pages)d.") % {
            "page": page.number,
            "pages": page.paginator.num_pages,
        }
    return message


def _wants_results(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request and htmx.target == RESULTS_ID


@require_safe
def action_plan(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk)
    if not _wants_results(request) and len(request.GET.getlist("sort")) > 1:
        # A sort button without JavaScript: come back at an address worth bookmarking.
        query = _canonical_query(request.GET, _current_sort(request.GET))
        return redirect(f"{_plan_url(found.strategy)}?{query}".rstrip("?"))
    context = _plan_context(request, found, request.GET)
    if not _wants_results(request):
        return render(request, "actions/plan.html", context)
    # Move focus only when what the user activated was replaced by the swap (a sort button
    # or a page link); a changed filter field stays where it is.
    if len(request.GET.getlist("sort")) > 1:
        context["focus"] = "sort"
    elif (request.htmx.trigger or "").startswith("page-"):
        context["focus"] = "table"
    response = render(request, "actions/_plan_results.html", context)
    # The address of what is shown: the filters and sort, and the page when not the first.
    query = context["query"]
    if context["page"].number > 1:
        query = with_page(query, context["page"].number).lstrip("?")
    push_url(response, f"{context['plan_url']}?{query}".rstrip("?"))
    return announce(response, _result_count_message(context["page"]))


@require_POST
def bulk_edit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk, Need.EDIT)
    strategy = found.strategy
    form = BulkEditForm(
        request.POST,
        actions=visible_actions(found.access, strategy.actions.all()),
        members=members_of_organisation(strategy.organisation_id),
    )
    query = request.POST.get("query", "")
    params = QueryDict(query[:2000])
    changed = None
    if form.is_valid():
        try:
            changed = bulk_update_actions(
                actions=form.cleaned_data["actions"], actor=request.user, **form.changes()
            )
        except ValidationError as error:
            form.add_error(None, error)
    if changed is not None:
        message = ngettext("%(count)d tiltak endret.", "%(count)d tiltak endret.", len(changed)) % {
            "count": len(changed)
        }
        if not _wants_results(request):
            messages.success(request, message)
            query = _canonical_query(params, _current_sort(params))
            return redirect(f"{_plan_url(strategy)}?{query}".rstrip("?"))
        context = _plan_context(request, found, params)
        context["focus"] = "table"
        return announce(render(request, "actions/_plan_results.html", context), message)
    selected = {int(pk) for pk in request.POST.getlist("actions") if pk.isdigit()}
    context = _plan_context(request, found, params, bulk_form=form, selected=selected)
    context["focus"] = "bulk-errors"
    if not _wants_results(request):
        return render(request, "actions/plan.html", context, status=400)
    # htmx swaps only successful responses; the errors are in the swapped form.
    response = render(request, "actions/_plan_results.html", context)
    return announce(response, _("Endringene ble ikke lagret. Se feilene i skjemaet."))


def _action_breadcrumbs(action: Action, current: str | None = None):
    strategy = action.strategy
    crumbs = strategy_breadcrumbs(strategy, _("Tiltaksplan"))
    crumbs[-1] = (_("Tiltaksplan"), _plan_url(strategy))
    title = action.title if len(action.title) <= 60 else action.title[:57] + "…"
    if current is None:
        crumbs.append((title, None))
    else:
        crumbs += [(title, _detail_url(action)), (current, None)]
    return crumbs


def _detail_url(action: Action) -> str:
    return reverse("actions:detail", args=[action.strategy.organisation.slug, action.pk])


@require_safe
def action_detail(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    action, access = get_action_for_user(request, org_slug, pk)
    can_report = may_report(request.user, access, action)
    return render(
        request,
        "actions/detail.html",
        {
            "action": action,
            "strategy": action.strategy,
            "organisation": action.strategy.organisation,
            "access": access,
            "target_groups": list(action.target_groups.all()),
            "channels": list(action.channels.all()),
            "updates": list(
                action.updates.select_related("author").order_by("-date", "-position", "-pk")
            ),
            "can_report": can_report,
            "report_form": StatusReportForm(initial={"status": action.status})
            if can_report
            else None,
            "today": timezone.localdate(),
            "breadcrumbs": _action_breadcrumbs(action),
        },
    )


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _cell_context(request: HttpRequest, action: Action) -> dict[str, Any]:
    action.can_report = True  # only those who may report get here
    return {
        "action": action,
        "organisation": action.strategy.organisation,
        "status_choices": ActionStatus.choices,
        "today": timezone.localdate(),
        "next": request.POST.get("next", ""),
        "focus": True,
    }


@require_http_methods(["GET", "POST"])
def report_status(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    action, access = get_action_for_user(request, org_slug, pk, Need.REPORT)
    cell_id = f"status-{action.pk}"
    in_table = bool(request.htmx) and request.htmx.target == cell_id
    if request.method == "POST":
        form = StatusReportForm(request.POST)
        if form.is_valid():
            record_status_update(
                action=action,
                author=request.user,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                reported_on=form.cleaned_data["reported_on"],
            )
            message = _("Status for «%(title)s» er nå %(status)s.") % {
                "title": action,
                "status": action.get_status_display(),
            }
            if in_table:
                response = render(
                    request, "actions/_status_cell.html", _cell_context(request, action)
                )
                return announce(response, message)
            messages.success(request, message)
            return redirect(_safe_next(request, _detail_url(action)))
        if in_table:
            # htmx swaps successful answers only: the unchanged cell, and say why.
            response = render(request, "actions/_status_cell.html", _cell_context(request, action))
            return announce(response, _("Statusen ble ikke lagret. Velg en av statusene i listen."))
    else:
        form = StatusReportForm(initial={"status": action.status})
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    return render(
        request,
        "actions/report.html",
        {
            "next": next_url,
            "action": action,
            "strategy": action.strategy,
            "organisation": action.strategy.organisation,
            "form": form,
            "breadcrumbs": _action_breadcrumbs(action, _("Rapporter status")),
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk, Need.EDIT)
    strategy = found.strategy
    form = ActionForm(request.POST or None, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        try:
            action = create_action(strategy=strategy, actor=request.user, data=form.to_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Tiltaket er lagt til."))
            return redirect(_detail_url(action))
    crumbs = strategy_breadcrumbs(strategy, _("Tiltaksplan"))
    crumbs[-1] = (_("Tiltaksplan"), _plan_url(strategy))
    crumbs.append((_("Nytt tiltak"), None))
    return render(
        request,
        "actions/form.html",
        {
            "form": form,
            "strategy": strategy,
            "organisation": strategy.organisation,
            "action": None,
            "cancel_url": _plan_url(strategy),
            "breadcrumbs": crumbs,
        },
        status=400 if form.is_bound else 200,
    )


def _display(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if isinstance(value, date):
        return date_format(value, "j. F Y")
    if isinstance(value, User):
        return user_label(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "–"
    return str(value)


def _comparison(form: ActionForm, stored: Action) -> list[dict[str, str]]:
    """The fields where the editor's version and the stored one differ, side by side."""
    status_labels = dict(ActionStatus.choices)
    rows = []
    for name, field in form.fields.items():
        if name == "version":
            continue
        theirs = form.cleaned_data.get(name)
        if name in ("target_groups", "channels"):
            theirs = list(theirs or [])
            stored_value = list(getattr(stored, name).all())
        else:
            stored_value = getattr(stored, name)
        if name == "status":
            theirs, stored_value = status_labels.get(theirs, theirs), stored.get_status_display()
        shown_theirs, shown_stored = _display(theirs), _display(stored_value)
        if shown_theirs != shown_stored:
            rows.append({"label": field.label, "theirs": shown_theirs, "stored": shown_stored})
    return rows


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    action, access = get_action_for_user(request, org_slug, pk, Need.EDIT)
    strategy = action.strategy
    # Before the form is validated: validation writes the submitted values onto `action`.
    breadcrumbs = _action_breadcrumbs(action, _("Endre"))
    stored_title = action.title
    form = ActionForm(request.POST or None, instance=action, strategy=strategy)
    conflict = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = update_action(
                    action=action,
                    actor=request.user,
                    version=form.cleaned_data["version"],
                    data=form.to_data(),
                )
            except StaleEditError as stale:
                status = 409
                conflict = {
                    "stored": stale.action,
                    "rows": _comparison(form, stale.action),
                    "edited_version": stale.edited_version,
                    "stored_version": stale.stored_version,
                    "history": list(
                        stale.action.updates.select_related("author").order_by("-pk")[:3]
                    ),
                }
                # Their text stays in the form; saving it again is now a deliberate choice
                # made with the stored version in view.
                data = request.POST.copy()
                data["version"] = str(stale.stored_version)
                form = ActionForm(data, instance=stale.action, strategy=strategy)
                form.is_valid()
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Endringene er lagret."))
                return redirect(_detail_url(saved))
    return render(
        request,
        "actions/form.html",
        {
            "form": form,
            "strategy": strategy,
            "organisation": strategy.organisation,
            "action": action,
            "stored_title": stored_title,
            "conflict": conflict,
            "cancel_url": _detail_url(action),
            "breadcrumbs": breadcrumbs,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def action_delete(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    action, access = get_action_for_user(request, org_slug, pk, Need.EDIT)
    if request.method == "POST":
        title = str(action)
        plan_url = _plan_url(action.strategy)
        delete_action(action=action, actor=request.user)
        messages.success(request, _("Tiltaket «%(title)s» er slettet.") % {"title": title})
        return redirect(plan_url)
    return render(
        request,
        "actions/delete.html",
        {
            "action": action,
            "strategy": action.strategy,
            "organisation": action.strategy.organisation,
            "update_count": action.updates.count(),
            "breadcrumbs": _action_breadcrumbs(action, _("Slett")),
        },
    )


@require_safe
def my_action_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    roles = memberships_of(request.user)
    actions = list(
        my_actions(request.user, today).prefetch_related(
            Prefetch("updates", queryset=StatusUpdate.objects.order_by("-date", "-position"))
        )
    )
    for action in actions:
        organisation = action.strategy.organisation
        # Built from the cached memberships: no query per action.
        access = Access(organisation=organisation, role=roles.get(organisation.pk))
        action.can_report = may_report(request.user, access, action)
        action.last_update = next(iter(action.updates.all()), None)
    return render(
        request,
        "actions/mine.html",
        {"actions": actions, "today": today},
    )
