from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from kommplan.actions.access import get_action_for_user
from kommplan.lib.htmx import announce
from kommplan.lib.timing import schedule_from_fields
from kommplan.organisations.access import Need, access_for, get_organisation_for_user
from kommplan.strategies.access import StrategyAccess, get_strategy_for_user
from kommplan.strategies.views import strategy_breadcrumbs

from .forms import FeedTokenForm, FilterForm, ScheduleForm, period_dates, schedule_form_for
from .ical import build_calendar
from .models import FeedToken, hash_token
from .occurrences import expand
from .presenters import build_wheel, calendar_groups, occurrence_text, ring_heading, wheel_table
from .selectors import (
    Period,
    YearPlan,
    action_schedule,
    action_url_maker,
    feed_actions,
    moves_to_working_day,
    plan_actions,
    strategy_period,
    year_plan,
)
from .services import create_feed_token, revoke_feed_token, set_action_schedule
from .wheel import render_svg
from .wheel_image import render_image

EXPORT_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
}
NEW_FEED_SESSION_KEY = "yearwheel_new_feed"


def default_year(period: Period, today: date) -> int:
    """This year when the plan covers it, else the nearest year of the plan."""
    first = period.start or period.reference_year
    last = period.end or period.start or period.reference_year
    if first is None or last is None:
        return today.year
    return min(max(today.year, first), last)


@dataclass
class YearView:
    found: StrategyAccess
    form: FilterForm
    year: int
    month: int | None
    plan: YearPlan
    today: date


def _year_view(request: HttpRequest, org_slug: str, pk: int, *, months: bool) -> YearView:
    found = get_strategy_for_user(request, org_slug, pk)
    strategy = found.strategy
    today = timezone.localdate()
    fallback_year = default_year(strategy_period(strategy), today)
    # The form shows the year (and month) in view even when the address does not name them.
    data = request.GET.copy()
    if not data.get("ar", "").strip().isdigit():
        data["ar"] = str(fallback_year)
    if months and "maned" not in data and data["ar"] == str(today.year):
        data["maned"] = str(today.month)  # the list opens on this month when it shows this year
    form = FilterForm(data, strategy=strategy)
    year = form.value("ar") or fallback_year
    month = form.value("maned") if months else None
    if month:
        start = date(year, month, 1)
        end = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    else:
        start, end = date(year, 1, 1), date(year, 12, 31)
    actions = plan_actions(strategy, found.access, form.filters, ring_by=form.ring_by)
    plan = year_plan(strategy=strategy, actions=actions, window_start=start, window_end=end)
    return YearView(found=found, form=form, year=year, month=month, plan=plan, today=today)


def _query(request: HttpRequest, **changes) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


def _wheel_title(strategy, year: int) -> str:
    return _("Årshjul %(year)s – %(strategy)s") % {"year": year, "strategy": strategy.title}


@require_safe
def wheel(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    view = _year_view(request, org_slug, pk, months=False)
    strategy = view.found.strategy
    ring_by = view.form.ring_by
    built = build_wheel(
        view.plan,
        year=view.year,
        ring_by=ring_by,
        title=_wheel_title(strategy, view.year),
        today=view.today,
    )
    svg = render_svg(built, interactive=True, id_prefix="arshjul")
    context = {
        "strategy": strategy,
        "organisation": strategy.organisation,
        "access": view.found.access,
        "form": view.form,
        "year": view.year,
        "plan": view.plan,
        "svg": mark_safe(svg),  # built by wheel.render_svg, which escapes every text
        "rows": wheel_table(view.plan, year=view.year, ring_by=ring_by),
        "ring_heading": ring_heading(ring_by),
        "ring_count": len(built.rings),
        "unscheduled": view.plan.unscheduled,
        "elsewhere": view.plan.elsewhere,
        "previous_query": _query(request, ar=view.year - 1),
        "next_query": _query(request, ar=view.year + 1),
        "export_query": _query(request, ar=view.year),
        "breadcrumbs": strategy_breadcrumbs(strategy, _("Årshjul")),
    }
    if request.htmx:
        response = render(request, "yearwheel/_wheel_result.html", context)
        return announce(
            response,
            ngettext(
                "%(count)s tiltak har noe i %(year)s.",
                "%(count)s tiltak har noe i %(year)s.",
                len(view.plan.scheduled),
            )
            % {"count": len(view.plan.scheduled), "year": view.year},
        )
    return render(request, "yearwheel/wheel.html", context)


@require_safe
def export(request: HttpRequest, org_slug: str, pk: int, format: str) -> HttpResponse:
    if format not in EXPORT_TYPES:
        raise Http404("Ukjent format")
    view = _year_view(request, org_slug, pk, months=False)
    strategy = view.found.strategy
    built = build_wheel(
        view.plan,
        year=view.year,
        ring_by=view.form.ring_by,
        title=_wheel_title(strategy, view.year),
        today=view.today,
        links=False,
    )
    if format == "svg":
        body = '<?xml version="1.0" encoding="utf-8"?>\n' + render_svg(built, interactive=False)
        content = body.encode()
    else:
        content = render_image(built, format)
    response = HttpResponse(content, content_type=EXPORT_TYPES[format])
    filename = f"arshjul-{strategy.organisation.slug}-{strategy.pk}-{view.year}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def calendar_list(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    view = _year_view(request, org_slug, pk, months=True)
    strategy = view.found.strategy
    if view.month:
        current = date(view.year, view.month, 1)
        before = current - timedelta(days=1)
        after = current + timedelta(days=32)
        previous_query = _query(request, ar=before.year, maned=before.month)
        next_query = _query(request, ar=after.year, maned=after.month)
    else:
        previous_query = _query(request, ar=view.year - 1)
        next_query = _query(request, ar=view.year + 1)
    context = {
        "strategy": strategy,
        "organisation": strategy.organisation,
        "access": view.found.access,
        "form": view.form,
        "year": view.year,
        "month": view.month,
        "window_start": view.plan.window_start,
        "window_end": view.plan.window_end,
        "groups": calendar_groups(view.plan, by_week=bool(view.month)),
        "plan": view.plan,
        "previous_query": previous_query,
        "next_query": next_query,
        "breadcrumbs": strategy_breadcrumbs(strategy, _("Kalender")),
    }
    if request.htmx:
        response = render(request, "yearwheel/_list_result.html", context)
        count = sum(len(group.rows) for group in context["groups"])
        return announce(
            response,
            ngettext("%(count)s forekomst vises.", "%(count)s forekomster vises.", count)
            % {"count": count},
        )
    return render(request, "yearwheel/list.html", context)


@require_safe
def strategy_ical(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk)
    strategy = found.strategy
    actions = plan_actions(strategy, found.access).select_related("strategy__organisation")
    url_for = action_url_maker(strategy)
    body = build_calendar(
        actions,
        name=f"{strategy.organisation.name}: {strategy.title}",
        url_for=lambda action: request.build_absolute_uri(url_for(action)),
        uid_domain=request.get_host().split(":")[0] or "kommplan",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"kommplan-{strategy.organisation.slug}-{strategy.pk}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the schedule editor --------------------------------------------------------------------


def _preview(form: ScheduleForm, strategy, today: date, fallback) -> dict:
    """The next occurrences of what the form says (or of `fallback` when the form is not valid)."""
    start, end = period_dates(strategy)
    if form.is_bound and form.is_valid():
        fields = form.to_fields(period_start=start, period_end=end)
        schedule = schedule_from_fields(
            due_date=fields.due_date,
            start_date=fields.start_date,
            end_date=fields.end_date,
            rrule=fields.rrule,
        )
        move = form.cleaned_data.get("move_to_working_day", False)
    else:
        schedule, move = fallback
    first = schedule.start or schedule.due
    last = schedule.end or schedule.due
    # From today, or from the schedule's own start when it lies wholly after or before today.
    window_start = today
    if first and (first > today or (last and last < today)):
        window_start = first
    occurrences = expand(
        schedule,
        window_start,
        window_start + timedelta(days=3 * 366),
        move_to_working_day=move,
        limit=8,
    )
    return {
        "preview": [(occ, occurrence_text(occ)) for occ in occurrences],
        "preview_from": window_start,
        "preview_holidays": sum(1 for occ in occurrences if occ.holiday),
    }


def schedule(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    action, access = get_action_for_user(request, org_slug, pk, Need.EDIT)
    strategy = action.strategy
    period = strategy_period(strategy)
    stored, source = action_schedule(action, period)
    move = moves_to_working_day(action)
    today = timezone.localdate()
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        if form.is_valid() and "forhandsvis" not in request.POST:
            start, end = period_dates(strategy)
            fields = form.to_fields(period_start=start, period_end=end)
            try:
                set_action_schedule(
                    action=action,
                    actor=request.user,
                    due_date=fields.due_date,
                    start_date=fields.start_date,
                    end_date=fields.end_date,
                    rrule=fields.rrule,
                    move_to_working_day=form.cleaned_data["move_to_working_day"],
                    expected_version=form.cleaned_data.get("version"),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Tidsplanen er lagret."))
                return redirect("yearwheel:schedule", org_slug=org_slug, pk=action.pk)
    else:
        form = schedule_form_for(action)
    context = {
        "action": action,
        "strategy": strategy,
        "organisation": strategy.organisation,
        "access": access,
        "form": form,
        "stored": stored,
        "source": source,
        "breadcrumbs": strategy_breadcrumbs(strategy, _("Tidsplan")),
        "wheel_url": reverse("yearwheel:wheel", args=[org_slug, strategy.pk]),
        "preview_url": reverse("yearwheel:schedule_preview", args=[org_slug, action.pk]),
        **_preview(form, strategy, today, (stored, move)),
    }
    return render(request, "yearwheel/schedule.html", context)


@require_safe
def schedule_preview(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The editor's list of next occurrences, for HTMX to swap in as the fields change.

    `prefix` names the form prefix when the fields are embedded in another form."""
    action, _access = get_action_for_user(request, org_slug, pk, Need.EDIT)
    stored, _source = action_schedule(action, strategy_period(action.strategy))
    form = ScheduleForm(request.GET, prefix=request.GET.get("prefix") or None)
    fallback = (stored, moves_to_working_day(action))
    context = _preview(form, action.strategy, timezone.localdate(), fallback)
    return render(request, "yearwheel/_schedule_preview.html", context)


# --- calendar feeds -------------------------------------------------------------------------


def feeds(request: HttpRequest, org_slug: str) -> HttpResponse:
    access = get_organisation_for_user(request, org_slug, Need.READ)
    organisation = access.organisation
    if request.method == "POST":
        form = FeedTokenForm(request.POST, organisation=organisation)
        if form.is_valid():
            token, secret = create_feed_token(
                owner=request.user,
                organisation=organisation,
                scope=form.cleaned_data["scope"],
                strategy=form.cleaned_data["strategy"],
            )
            # Shown once on the next page, then gone: only the token's hash is stored.
            request.session[NEW_FEED_SESSION_KEY] = {
                "pk": token.pk,
                "url": request.build_absolute_uri(reverse("yearwheel:feed", args=[secret])),
            }
            messages.success(request, _("Kalenderadressen er laget."))
            return redirect("yearwheel:feeds", org_slug=organisation.slug)
    else:
        form = FeedTokenForm(organisation=organisation)
    return render(
        request,
        "yearwheel/feeds.html",
        {
            "organisation": organisation,
            "access": access,
            "form": form,
            "tokens": FeedToken.objects.filter(owner=request.user, organisation=organisation)
            .select_related("strategy")
            .order_by("revoked_at", "-created_at"),
            "new_feed": request.session.pop(NEW_FEED_SESSION_KEY, None),
            "breadcrumbs": [
                (_("Organisasjoner"), reverse("organisations:list")),
                (organisation.name, reverse("organisations:detail", args=[organisation.slug])),
                (_("Kalenderabonnement"), None),
            ],
        },
    )


@require_POST
def feed_revoke(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Revoke one of the user's own calendar addresses (named by the posted `token` id)."""
    access = get_organisation_for_user(request, org_slug, Need.READ)
    token = FeedToken.objects.filter(
        pk=request.POST.get("token") if str(request.POST.get("token", "")).isdigit() else None,
        organisation=access.organisation,
        owner=request.user,
    ).first()
    if token is None:
        # Someone else's address, or none: say nothing about it.
        messages.error(request, _("Fant ikke kalenderadressen."))
    else:
        revoke_feed_token(token=token, actor=request.user)
        messages.success(request, _("Kalenderadressen virker ikke lenger."))
    return redirect("yearwheel:feeds", org_slug=org_slug)


@login_not_required
@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A calendar feed for calendar apps, which cannot log in: the secret token is the key."""
    found = (
        FeedToken.objects.select_related("owner", "organisation", "strategy")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if found is None or not found.owner.is_active:
        raise Http404("Ukjent kalender")
    access = access_for(found.owner, found.organisation)
    if not access.allows(Need.READ):
        raise Http404("Ukjent kalender")
    urls: dict[int, object] = {}

    def url_for(action) -> str:
        maker = urls.get(action.strategy_id)
        if maker is None:
            maker = urls[action.strategy_id] = action_url_maker(action.strategy)
        return request.build_absolute_uri(maker(action))

    body = build_calendar(
        feed_actions(found, access),
        name=_feed_name(found),
        url_for=url_for,
        uid_domain=request.get_host().split(":")[0] or "kommplan",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


def _feed_name(token: FeedToken) -> str:
    if token.strategy:
        return f"{token.organisation.name}: {token.strategy.title}"
    if token.scope == "person":
        return _("%(organisation)s: mine tiltak") % {"organisation": token.organisation.name}
    return token.organisation.name
