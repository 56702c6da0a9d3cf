"""How an API request says who it is: a personal token (`Authorization: Bearer ...`) or the
web session (with its CSRF token for writes).

A token stands in for its owner, but only within its organisation and only as far as its
scope: the access helpers see the owner's membership of that one organisation and nothing
else, and `check_token_scope` turns away any other organisation's data with 404.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth
from ninja.utils import check_csrf

from kommplan.organisations.models import Membership, Organisation

from .models import ApiToken, hash_token

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Writing last_used_at on every call would make each read a write; a minute is precise enough.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    openapi_description = "Personlig API-nøkkel: `Authorization: Bearer <nøkkel>`"

    def __call__(self, request: HttpRequest):
        if "Authorization" not in request.headers:
            return None  # not a token request: let the session try
        result = super().__call__(request)
        if result is None:
            # A token was offered and did not hold: do not fall back to a session cookie.
            raise AuthenticationError()
        return result

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        try:
            found = ApiToken.objects.select_related("owner", "organisation").get(
                token_hash=hash_token(token), revoked_at__isnull=True
            )
        except ApiToken.DoesNotExist:
            return None
        owner = found.owner
        role = (
            Membership.objects.filter(user=owner, organisation=found.organisation)
            .values_list("role", flat=True)
            .first()
        )
        if not owner.is_active or role is None:
            return None  # the owner has left the organisation: the token dies with it
        if request.method not in SAFE_METHODS and not found.can_write:
            raise HttpError(403, _("API-nøkkelen gir bare lesetilgang."))
        # The access helpers read memberships_of(user), cached on the user: limit it to the
        # token's organisation so the token can never reach what else the owner may see.
        owner._kommplan_memberships = {found.organisation_id: role}
        request.user = owner
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found


class SessionCsrfAuth(SessionAuth):
    """The web session; a write needs the CSRF token like any form post."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None  # 401, not a CSRF complaint, for a caller who is not logged in
        if self.csrf and check_csrf(request):
            raise HttpError(403, _("CSRF-kontrollen feilet. Last siden på nytt og prøv igjen."))
        return request.COOKIES.get(self.param_name)


def token_of(request: HttpRequest) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def check_token_scope(request: HttpRequest, organisation: Organisation) -> None:
    """404 for another organisation's data when the request came with a token."""
    token = token_of(request)
    if token is not None and token.organisation_id != organisation.pk:
        raise Http404(_("Ukjent organisasjon"))
