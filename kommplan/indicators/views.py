from __future__ import annotations

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kommplan.lib.htmx import announce
from kommplan.organisations.access import Need
from kommplan.strategies.access import get_strategy_for_user
from kommplan.strategies.views import strategy_breadcrumbs

from . import services
from .access import get_indicator_for_user, may_record
from .charts import indicator_chart, with_unit
from .forms import IndicatorForm, MeasurementForm, owner_key
from .models import Indicator
from .selectors import indicators_for_strategy, measurements_prefetch


def _crumbs(strategy, indicator: Indicator | None = None, current: str | None = None):
    """Strategy › Indikatorer [› indicator] [› current page]; the last one is not a link."""
    crumbs = strategy_breadcrumbs(strategy, _("Indikatorer"))
    if indicator is None and current is None:
        return crumbs
    organisation = strategy.organisation
    crumbs[-1] = (
        _("Indikatorer"),
        reverse("indicators:list", args=[organisation.slug, strategy.pk]),
    )
    if indicator is not None:
        crumbs.append((indicator.name, _detail_url(indicator) if current else None))
    if current:
        crumbs.append((current, None))
    return crumbs


def _detail_url(indicator: Indicator) -> str:
    strategy = indicator.strategy
    return reverse(
        "indicators:detail", args=[strategy.organisation.slug, strategy.pk, indicator.pk]
    )


def indicator_list(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk, Need.READ)
    strategy = found.strategy
    return render(
        request,
        "indicators/list.html",
        {
            "strategy": strategy,
            "organisation": strategy.organisation,
            "access": found.access,
            "indicators": indicators_for_strategy(strategy, found.access),
            "breadcrumbs": _crumbs(strategy),
        },
    )


@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk, Need.EDIT)
    strategy = found.strategy
    # "Ny indikator" links from a goal or an action say which one (?til=goal-12).
    initial = {"owner": request.GET.get("til", "")}
    form = IndicatorForm(request.POST or None, strategy=strategy, initial=initial)
    if request.method == "POST" and form.is_valid():
        indicator = services.create_indicator(
            actor=request.user, strategy=strategy, **form.indicator_values()
        )
        messages.success(request, _("Indikatoren «%(name)s» er opprettet.") % {"name": indicator})
        return redirect(_detail_url(indicator))
    return render(
        request,
        "indicators/form.html",
        {
            "strategy": strategy,
            "organisation": strategy.organisation,
            "form": form,
            "heading": _("Ny indikator"),
            "cancel_url": reverse(
                "indicators:list", args=[strategy.organisation.slug, strategy.pk]
            ),
            "breadcrumbs": _crumbs(strategy, current=_("Ny indikator")),
        },
    )


def indicator_detail(request: HttpRequest, org_slug: str, pk: int, item_pk: int) -> HttpResponse:
    indicator, access = get_indicator_for_user(request, org_slug, pk, item_pk, Need.READ)
    return render(
        request,
        "indicators/detail.html",
        _detail_context(request, indicator, access, MeasurementForm()),
    )


def _detail_context(
    request: HttpRequest, indicator: Indicator, access, form: MeasurementForm
) -> dict:
    # The chart, the table and the latest value all read this one prefetch.
    prefetch_related_objects([indicator], measurements_prefetch())
    strategy = indicator.strategy
    return {
        "strategy": strategy,
        "organisation": strategy.organisation,
        "access": access,
        "indicator": indicator,
        "chart": indicator_chart(indicator, chart_id="indikator-graf"),
        "latest": indicator.latest_measurement(),
        "may_record": may_record(request.user, access, indicator),
        "form": form,
        "breadcrumbs": _crumbs(strategy, indicator),
    }


@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, org_slug: str, pk: int, item_pk: int) -> HttpResponse:
    indicator, access = get_indicator_for_user(request, org_slug, pk, item_pk, Need.EDIT)
    strategy = indicator.strategy
    initial = {
        "name": indicator.name,
        "owner": owner_key(indicator),
        "unit": indicator.unit,
        "target": indicator.target,
        "direction": indicator.direction,
        "period": indicator.period,
    }
    form = IndicatorForm(request.POST or None, strategy=strategy, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_indicator(
            actor=request.user, indicator=indicator, **form.indicator_values()
        )
        messages.success(request, _("Endringene er lagret."))
        return redirect(_detail_url(indicator))
    return render(
        request,
        "indicators/form.html",
        {
            "strategy": strategy,
            "organisation": strategy.organisation,
            "form": form,
            "indicator": indicator,
            "heading": _("Endre indikator"),
            "cancel_url": _detail_url(indicator),
            "breadcrumbs": _crumbs(strategy, indicator, _("Endre")),
        },
    )


@require_http_methods(["GET", "POST"])
def indicator_delete(request: HttpRequest, org_slug: str, pk: int, item_pk: int) -> HttpResponse:
    indicator, access = get_indicator_for_user(request, org_slug, pk, item_pk, Need.EDIT)
    strategy = indicator.strategy
    if request.method == "POST":
        name = indicator.name
        services.delete_indicator(actor=request.user, indicator=indicator)
        messages.success(request, _("Indikatoren «%(name)s» er slettet.") % {"name": name})
        return redirect("indicators:list", strategy.organisation.slug, strategy.pk)
    return render(
        request,
        "indicators/confirm_delete.html",
        {
            "strategy": strategy,
            "organisation": strategy.organisation,
            "indicator": indicator,
            "heading": _("Slette indikatoren?"),
            "question": _(
                "Indikatoren «%(name)s» og alle %(count)s målingene blir slettet. "
                "Endringsloggen tar vare på hva som ble slettet."
            )
            % {"name": indicator.name, "count": indicator.measurements.count()},
            "cancel_url": _detail_url(indicator),
            "breadcrumbs": _crumbs(strategy, indicator, _("Slett")),
        },
    )


@require_http_methods(["GET", "POST"])
def measurement_create(request: HttpRequest, org_slug: str, pk: int, item_pk: int) -> HttpResponse:
    indicator, access = get_indicator_for_user(request, org_slug, pk, item_pk, Need.REPORT)
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_measurement(
            actor=request.user,
            indicator=indicator,
            date=form.cleaned_data["date"],
            value=form.cleaned_data["value"],
        )
        message = _("Målingen er registrert.")
        if request.htmx:
            context = _detail_context(request, indicator, access, MeasurementForm())
            context["swapped"] = True
            response = render(request, "indicators/_measurements.html", context)
            return announce(response, message)
        messages.success(request, message)
        return redirect(_detail_url(indicator))
    if request.htmx:
        # Errors go back into the same section; the first invalid field gets focus.
        context = _detail_context(request, indicator, access, form)
        response = render(request, "indicators/_measurements.html", context)
        return announce(response, _("Målingen ble ikke lagret. Se feilmeldingene."))
    strategy = indicator.strategy
    return render(
        request,
        "indicators/measurement_form.html",
        {
            "strategy": strategy,
            "organisation": strategy.organisation,
            "indicator": indicator,
            "form": form,
            "cancel_url": _detail_url(indicator),
            "breadcrumbs": _crumbs(strategy, indicator, _("Ny måling")),
        },
    )


@require_http_methods(["GET", "POST"])
def measurement_delete(
    request: HttpRequest, org_slug: str, pk: int, item_pk: int, measurement_pk: int
) -> HttpResponse:
    indicator, access = get_indicator_for_user(request, org_slug, pk, item_pk, Need.EDIT)
    measurement = indicator.measurements.filter(pk=measurement_pk).first()
    if measurement is None:
        raise Http404("Ukjent måling")
    measurement.indicator = indicator
    strategy = indicator.strategy
    if request.method == "POST":
        services.delete_measurement(actor=request.user, measurement=measurement)
        messages.success(request, _("Målingen er slettet."))
        return redirect(_detail_url(indicator))
    return render(
        request,
        "indicators/confirm_delete.html",
        {
            "strategy": strategy,
            "organisation": strategy.organisation,
            "indicator": indicator,
            "heading": _("Slette målingen?"),
            "question": _("Målingen fra %(day)s med verdien %(value)s blir slettet.")
            % {
                "day": date_format(measurement.date, "SHORT_DATE_FORMAT"),
                "value": with_unit(measurement.value, indicator.unit),
            },
            "cancel_url": _detail_url(indicator),
            "breadcrumbs": _crumbs(strategy, indicator, _("Slett måling")),
        },
    )
