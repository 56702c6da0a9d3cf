# No `from __future__ import annotations`: django-ninja reads the routes' Annotated types.

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from kommplan.apitokens.auth import token_of
from kommplan.apitokens.common import READ_ERRORS, Page

from .access import readable_organisations
from .models import Organisation
from .schemas import OrganisationOut

router = Router(tags=["organisasjoner"])


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **READ_ERRORS},
    summary="Organisasjonene du kan lese",
)
@paginate(Page)
def list_organisations(request: HttpRequest):
    """The organisations the caller may read (with a token: the token's organisation)."""
    organisations = readable_organisations(request.user)
    token = token_of(request)
    if token is not None:
        organisations = organisations.filter(pk=token.organisation_id)
    return Organisation.objects.filter(pk__in=organisations.values("pk")).order_by("name", "pk")
