from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from .access import get_organisation_for_user, memberships_of, readable_organisations
from .models import Organisation


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = (
        Organisation.objects.filter(pk__in=readable_organisations(request.user).values("pk"))
        .annotate(strategy_count=Count("strategies"))
        .order_by("name")
    )
    roles = memberships_of(request.user)
    return render(
        request,
        "organisations/list.html",
        {"organisations": organisations, "roles": roles},
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_organisation_for_user(request, slug)
    organisation = access.organisation
    strategies = organisation.strategies.annotate(action_count=Count("actions")).order_by(
        "-period_start", "title"
    )
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "access": access,
            "strategies": strategies,
            "members": organisation.members.order_by("name"),
            "member_of": organisation.member_of.order_by("name"),
            "breadcrumbs": [
                (_("Organisasjoner"), reverse("organisations:list")),
                (organisation.name, None),
            ],
        },
    )
