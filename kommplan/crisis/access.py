"""Who may see a crisis and the people on the notification list.

Crises belong to the organisation's own members: members of a member organisation (who read a
regional council's plan) do not see them. Phone numbers and email addresses are shown only to
administrators and editors; readers and contributors see roles and names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from kommplan.organisations.access import Access, Need, get_organisation_for_user

from .models import Contact, Crisis, NotificationRole


@dataclass(frozen=True)
class CrisisAccess:
    crisis: Crisis
    access: Access


def can_see_contact_details(access: Access) -> bool:
    return access.is_member and access.allows(Need.EDIT)


def get_crisis_organisation_for_user(
    request: HttpRequest, org_slug: str, need: Need = Need.READ
) -> Access:
    """The organisation's access for crisis pages: members only (404 for everyone else)."""
    access = get_organisation_for_user(request, org_slug, need)
    if not access.is_member:
        raise Http404("Ukjent organisasjon")
    return access


def get_crisis_for_user(
    request: HttpRequest, org_slug: str, pk: int, need: Need = Need.READ
) -> CrisisAccess:
    access = get_crisis_organisation_for_user(request, org_slug, need)
    crisis = (
        Crisis.objects.select_related("organisation", "started_by", "ended_by")
        .filter(pk=pk, organisation=access.organisation)
        .first()
    )
    if crisis is None:
        raise Http404("Ukjent krise")
    return CrisisAccess(crisis=crisis, access=access)


def get_notification_role_for_user(
    request: HttpRequest, org_slug: str, item_pk: int, need: Need = Need.EDIT
) -> tuple[NotificationRole, Access]:
    access = get_crisis_organisation_for_user(request, org_slug, need)
    role = (
        NotificationRole.objects.select_related("organisation")
        .filter(pk=item_pk, organisation=access.organisation)
        .first()
    )
    if role is None:
        raise Http404("Ukjent rolle")
    return role, access


def get_contact_for_user(
    request: HttpRequest, org_slug: str, item_pk: int, need: Need = Need.EDIT
) -> tuple[Contact, Access]:
    access = get_crisis_organisation_for_user(request, org_slug, need)
    contact = (
        Contact.objects.select_related("role__organisation")
        .filter(pk=item_pk, role__organisation=access.organisation)
        .first()
    )
    if contact is None:
        raise Http404("Ukjent person")
    return contact, access
