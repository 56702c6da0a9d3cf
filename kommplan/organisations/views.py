from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .access import Need, get_organisation_for_user, memberships_of, readable_organisations
from .forms import AddMemberForm, RoleForm
from .models import Membership, Organisation
from .services import add_member, change_role, remove_member


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


def _member_breadcrumbs(organisation, current: str | None = None) -> list:
    crumbs = [
        (_("Organisasjoner"), reverse("organisations:list")),
        (organisation.name, reverse("organisations:detail", args=[organisation.slug])),
    ]
    if current is None:
        return [*crumbs, (_("Medlemmer"), None)]
    members_url = reverse("organisations:members", args=[organisation.slug])
    return [*crumbs, (_("Medlemmer"), members_url), (current, None)]


def _get_membership(access, item_pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=item_pk, organisation=access.organisation
    )


def members(request: HttpRequest, org_slug: str) -> HttpResponse:
    access = get_organisation_for_user(request, org_slug, Need.ADMIN)
    organisation = access.organisation
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = add_member(
                actor=request.user,
                organisation=organisation,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            messages.success(
                request,
                _("%(user)s er lagt til som %(role)s.")
                % {"user": membership.user.email, "role": membership.get_role_display()},
            )
            return redirect("organisations:members", org_slug=organisation.slug)
    memberships = organisation.memberships.select_related("user").order_by(
        "role", "user__last_name", "user__username"
    )
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "access": access,
            "memberships": memberships,
            "form": form,
            "breadcrumbs": _member_breadcrumbs(organisation),
        },
        status=400 if form.errors else 200,
    )


def member_edit(request: HttpRequest, org_slug: str, item_pk: int) -> HttpResponse:
    access = get_organisation_for_user(request, org_slug, Need.ADMIN)
    membership = _get_membership(access, item_pk)
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            change_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
        except ValidationError as exc:
            form.add_error("role", exc)
        else:
            messages.success(request, _("Rollen er endret."))
            return redirect("organisations:members", org_slug=access.organisation.slug)
    return render(
        request,
        "organisations/member_edit.html",
        {
            "organisation": access.organisation,
            "membership": membership,
            "form": form,
            "breadcrumbs": _member_breadcrumbs(access.organisation, str(membership.user)),
        },
        status=400 if form.errors else 200,
    )


def member_remove(request: HttpRequest, org_slug: str, item_pk: int) -> HttpResponse:
    access = get_organisation_for_user(request, org_slug, Need.ADMIN)
    membership = _get_membership(access, item_pk)
    error = None
    if request.method == "POST":
        try:
            deactivated = remove_member(actor=request.user, membership=membership)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if deactivated:
                messages.success(
                    request, _("Medlemmet er fjernet, og brukeren er deaktivert og logget ut.")
                )
            else:
                messages.success(request, _("Medlemmet er fjernet."))
            return redirect("organisations:members", org_slug=access.organisation.slug)
    return render(
        request,
        "organisations/member_remove.html",
        {
            "organisation": access.organisation,
            "membership": membership,
            "error": error,
            "breadcrumbs": _member_breadcrumbs(access.organisation, str(membership.user)),
        },
        status=400 if error else 200,
    )
