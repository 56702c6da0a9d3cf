"""Who may do what in an organisation: the one place that decides it.

Every view and API call asks through `get_organisation_for_user` (or the per-object helpers built
on it in strategies.access and actions.access), which answer 404 when the user may not even know
the organisation's non-public data exists, and 403 when they may see it but their role is too low.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .models import MemberRole, Membership, Organisation


class Need(IntEnum):
    """What a request needs, in rising order; each level includes the ones below."""

    READ = 1
    REPORT = 2  # report status on actions one is responsible for
    EDIT = 3
    ADMIN = 4


_ROLE_LEVEL = {
    MemberRole.LESER: Need.READ,
    MemberRole.BIDRAGSYTER: Need.REPORT,
    MemberRole.REDAKTOR: Need.EDIT,
    MemberRole.ADMINISTRATOR: Need.ADMIN,
}


@dataclass(frozen=True)
class Access:
    """One user's rights in one organisation."""

    organisation: Organisation
    role: str | None
    # Members of a member organisation (a municipality in a regional council) read the
    # council's plan and the actions assigned to their own organisation, nothing more.
    via_member_orgs: frozenset[int] = field(default_factory=frozenset)

    @property
    def level(self) -> int:
        if self.role:
            return _ROLE_LEVEL[MemberRole(self.role)]
        return Need.READ if self.via_member_orgs else 0

    @property
    def is_member(self) -> bool:
        return self.role is not None

    def allows(self, need: Need) -> bool:
        return self.level >= need

    @property
    def can_edit(self) -> bool:
        return self.allows(Need.EDIT)

    @property
    def can_admin(self) -> bool:
        return self.allows(Need.ADMIN)


def memberships_of(user: User | AnonymousUser) -> dict[int, str]:
    """organisation id -> role, for an active, logged-in user; cached on the user object."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_kommplan_memberships", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._kommplan_memberships = cached
    return cached


def access_for(user: User | AnonymousUser, organisation: Organisation) -> Access:
    roles = memberships_of(user)
    role = roles.get(organisation.pk)
    via: frozenset[int] = frozenset()
    if role is None and roles:
        member_ids = set(organisation.members.values_list("pk", flat=True))
        via = frozenset(member_ids & roles.keys())
    return Access(organisation=organisation, role=role, via_member_orgs=via)


def readable_organisations(user: User | AnonymousUser):
    """Organisations the user is a member of, or whose member organisation they belong to."""
    own = list(memberships_of(user))
    return Organisation.objects.filter(pk__in=own) | Organisation.objects.filter(
        members__pk__in=own
    )


def require(access: Access, need: Need) -> Access:
    if access.level == 0:
        raise Http404("Ingen tilgang")
    if not access.allows(need):
        raise PermissionDenied("Rollen din gir ikke tilgang til dette")
    return access


def get_organisation_for_user(request: HttpRequest, slug: str, need: Need = Need.READ) -> Access:
    try:
        organisation = Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404("Ukjent organisasjon") from None
    return require(access_for(request.user, organisation), need)
