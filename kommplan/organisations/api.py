from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from kommplan.apitokens.auth import token_of

from .access import readable_organisations
from .models import Organisation
from .schemas import OrganisationOut

router = Router(tags=["organisasjoner"])


@router.get("/organisations", response=list[OrganisationOut])
def list_organisations(request: HttpRequest):
    """The organisations the caller may read (with a token: the token's organisation)."""
    organisations = readable_organisations(request.user)
    token = token_of(request)
    if token is not None:
        organisations = organisations.filter(pk=token.organisation_id)
    return Organisation.objects.filter(pk__in=organisations.values("pk")).order_by("name")
