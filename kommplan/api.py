"""The one NinjaAPI of the project, mounted at /api/; each app adds its Router.

Routes answer with the same access helpers and services as the web pages, so a rule lives in one
place. Every error comes back as {"detail": "...", "errors": [{"loc": [...], "msg": "..."}]} in
Norwegian (kommplan.apitokens.common), every list as {"items": [...], "count": n}.
"""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kommplan.actions.api import router as actions_router
from kommplan.apitokens.auth import SessionCsrfAuth, TokenAuth
from kommplan.apitokens.common import error_body, validation_errors
from kommplan.organisations.api import router as organisations_router
from kommplan.strategies.api import public_router
from kommplan.strategies.api import router as strategies_router

api = NinjaAPI(
    title="kommplan API",
    version="1",
    description=(
        "Kommunikasjonsstrategier, tiltak og statusrapporter. Autentisering med personlig "
        "API-nøkkel (`Authorization: Bearer ...`) eller innlogget økt; se docs/api.md."
    ),
    auth=[TokenAuth(), SessionCsrfAuth()],
    docs_url=None,  # the schema is public documentation enough; no interactive page
    urls_namespace="api",
)
api.add_router("/", organisations_router)
api.add_router("/", strategies_router)
api.add_router("/", actions_router)
api.add_router("/", public_router)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = api.create_response(
        request, error_body(_("Logg inn eller bruk en gyldig API-nøkkel.")), status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    detail = str(exc)
    if status == 400:
        detail = _("Forespørselen kunne ikke leses (er innholdet gyldig JSON?).")
    return api.create_response(request, error_body(detail), status=status)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, error_body(str(exc) or _("Finnes ikke.")), status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    detail = str(exc) or _("Du har ikke tilgang til dette.")
    return api.create_response(request, error_body(detail), status=403)


@api.exception_handler(ValidationError)
def _invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        loc = list(error.get("loc", ()))
        if loc[:1] == ["body"] and len(loc) > 1:
            del loc[1]  # the view's parameter name (`data`) says nothing to the caller
        errors.append({"loc": loc, "msg": error["msg"]})
    return api.create_response(
        request, error_body(_("Ugyldige data i forespørselen."), errors), status=422
    )


@api.exception_handler(DjangoValidationError)
def _refused_by_service(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = validation_errors(exc)
    detail = " ".join(error["msg"] for error in errors) or _("Ugyldige data.")
    return api.create_response(request, error_body(detail, errors), status=422)


def api_urls():
    patterns, app_name, namespace = api.urls
    # The API answers 401 itself; LoginRequiredMiddleware would redirect to the log-in page.
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns, app_name, namespace


def schema_json() -> str:
    """The OpenAPI schema as committed in docs/openapi.json."""
    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False) + "\n"
