from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Organisation


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = (
        Organisation.objects.annotate(strategy_count=Count("strategies"))
        .filter(strategy_count__gt=0)
        .order_by("name")
    )
    return render(request, "organisations/list.html", {"organisations": organisations})


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    strategies = organisation.strategies.annotate(action_count=Count("actions")).order_by(
        "-period_start", "title"
    )
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "strategies": strategies,
            "members": organisation.members.order_by("name"),
            "member_of": organisation.member_of.order_by("name"),
            "breadcrumbs": [
                (_("Organisasjoner"), reverse("organisations:list")),
                (organisation.name, None),
            ],
        },
    )
