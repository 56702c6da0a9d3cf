"""The one NinjaAPI of the project, mounted at /api/; each app adds its Router.

Routes answer with the same access helpers as the web pages, so a rule lives in one place.
Errors come back as {"detail": "..."} in Norwegian.
"""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from kommplan.actions.api import router as actions_router
from kommplan.apitokens.auth import SessionCsrfAuth, TokenAuth
from kommplan.organisations.api import router as organisations_router
from kommplan.strategies.api import router as strategies_router

api = NinjaAPI(
    title="kommplan API",
    version="1",
    description="Kommunikasjonsstrategier, tiltak og statusrapporter.",
    auth=[TokenAuth(), SessionCsrfAuth()],
    docs_url=None,  # the schema is public documentation enough; no interactive page
    urls_namespace="api",
)
api.add_router("/", organisations_router)
api.add_router("/", strategies_router)
api.add_router("/", actions_router)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "Logg inn eller bruk en gyldig API-nøkkel."}, status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Finnes ikke."}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    detail = str(exc) or "Du har ikke tilgang til dette."
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(ValidationError)
def _invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    body = {"detail": "Ugyldige data i forespørselen.", "errors": exc.errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(DjangoValidationError)
def _refused_by_service(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    messages = [str(m) for m in exc.messages]
    return api.create_response(request, {"detail": " ".join(messages)}, status=422)


def api_urls():
    patterns, app_name, namespace = api.urls
    # The API answers 401 itself; LoginRequiredMiddleware would redirect to the log-in page.
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns, app_name, namespace


def schema_json() -> str:
    """The OpenAPI schema as committed in docs/openapi.json."""
    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False) + "\n"
