"""The open pages of published strategies (no log-in), their Atom feed and documents, and the
page where editors turn publishing on and off.

Public responses are the same for everyone, logged in or not: the public base template uses
neither the user, the session nor a CSRF token, so no cookie is set and shared caches may keep
them (Cache-Control: public). The language comes from the address (?lang=nn), not from a
cookie, for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_http_methods, require_safe

from kommplan.actions.models import Action
from kommplan.organisations.access import Need
from kommplan.strategies.access import get_strategy_for_user
from kommplan.strategies.views import strategy_breadcrumbs

from . import selectors
from .forms import PublishForm
from .page import strategy_page
from .services import set_published

PUBLIC_MAX_AGE = 300  # seconds a browser or shared cache may reuse a public page unasked
# Part of every ETag: raise it when templates change what a page shows for the same data.
PAGE_VERSION = "1"
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def public_language(request: HttpRequest) -> str:
    code = request.GET.get("lang", "")
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def public_url(name: str, language: str, *args: object, **params: object) -> str:
    """The address of a public page in `language` (the default language needs no parameter)."""
    query = {key: value for key, value in params.items() if value not in (None, "")}
    if language != settings.LANGUAGE_CODE:
        query = {"lang": language, **query}
    url = reverse(f"publishing:{name}", args=args)
    return f"{url}?{urlencode(query)}" if query else url


Freshness = Callable[..., selectors.Freshness]


def public_view(freshness: Freshness):
    """Open to everyone, GET/HEAD only, cacheable, answered with 304 when nothing changed.

    `freshness(**kwargs)` gives the latest change and a validator from the URL's kwargs; it is
    asked once per request. Unknown or unpublished objects have no validator, so the view runs
    and answers 404.
    """

    def decorator(view):
        def fresh(request: HttpRequest, **kwargs) -> selectors.Freshness:
            if not hasattr(request, "_public_freshness"):
                keys = {key: kwargs[key] for key in ("org_slug", "pk") if key in kwargs}
                request._public_freshness = freshness(**keys)
            return request._public_freshness

        def etag(request: HttpRequest, *args, **kwargs) -> str | None:
            found = fresh(request, **kwargs)
            if found.etag is None:
                return None
            # Different addresses (language, year) are different representations.
            return f"{found.etag}-{PAGE_VERSION}-{selectors._digest(request.get_full_path())}"

        def last_modified(request: HttpRequest, *args, **kwargs):
            return fresh(request, **kwargs).last_modified

        @wraps(view)
        def in_language(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            language = public_language(request)
            with translation.override(language):
                response = view(request, *args, language=language, **kwargs)
            response["Content-Language"] = language
            return response

        conditional = condition(etag_func=etag, last_modified_func=last_modified)(in_language)

        @wraps(view)
        def cacheable(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = conditional(request, *args, **kwargs)
            # A logged-in visitor's answer carries their refreshed session cookie
            # (SESSION_SAVE_EVERY_REQUEST): shared caches must not keep that one.
            who = "private" if request.user.is_authenticated else "public"
            patch_cache_control(response, **{who: True}, max_age=PUBLIC_MAX_AGE)
            return response

        return login_not_required(require_safe(cacheable))

    return decorator


def _language_choices(request: HttpRequest, language: str) -> dict:
    """What the public base template needs for its language form (a GET form: no cookie)."""
    keep = [(key, value) for key, value in request.GET.items() if key != "lang"]
    return {"public_language": language, "keep_params": keep}


@public_view(lambda: selectors.listing_freshness())
def index(request: HttpRequest, language: str) -> HttpResponse:
    organisations = [
        (organisation, public_url("organisation", language, organisation.slug))
        for organisation in selectors.organisations_with_published_strategies()
    ]
    return render(
        request,
        "publishing/index.html",
        {"organisations": organisations, **_language_choices(request, language)},
    )


@public_view(lambda org_slug: selectors.listing_freshness(org_slug))
def organisation(request: HttpRequest, org_slug: str, language: str) -> HttpResponse:
    found = selectors.get_published_organisation(org_slug)
    strategies = [
        (strategy, public_url("strategy", language, org_slug, strategy.pk))
        for strategy in selectors.published_strategies(found)
    ]
    return render(
        request,
        "publishing/organisation.html",
        {
            "organisation": found,
            "strategies": strategies,
            "breadcrumbs": [(_("Åpne planer"), public_url("index", language)), (found.name, None)],
            **_language_choices(request, language),
        },
    )


@public_view(selectors.strategy_freshness)
def strategy(request: HttpRequest, org_slug: str, pk: int, language: str) -> HttpResponse:
    found = selectors.get_published_strategy(org_slug, pk)
    year = request.GET.get("ar", "")
    context = strategy_page(
        found,
        today=timezone.localdate(),
        year=int(year) if year.isdigit() and 1900 <= int(year) <= 2200 else None,
        url=lambda name, **params: public_url(name, language, org_slug, pk, **params),
    )
    context |= {
        "breadcrumbs": [
            (_("Åpne planer"), public_url("index", language)),
            (found.organisation.name, public_url("organisation", language, org_slug)),
            (found.title, None),
        ],
        "feed_url": public_url("feed", language, org_slug, pk),
        "documents": _document_links(language, org_slug, pk),
        **_language_choices(request, language),
    }
    return render(request, "publishing/strategy.html", context)


def _documents_available() -> bool:
    try:
        from kommplan.reports.services import strategy_document  # noqa: F401
    except ImportError:
        return False
    return True


def _document_links(language: str, org_slug: str, pk: int) -> list[tuple[str, str]]:
    if not _documents_available():
        return []
    return [
        (_("Strategien som PDF"), public_url("document_pdf", language, org_slug, pk)),
        (
            _("Strategien som Word-dokument (DOCX)"),
            public_url("document_docx", language, org_slug, pk),
        ),
    ]


@public_view(selectors.strategy_freshness)
def document(request: HttpRequest, org_slug: str, pk: int, fmt: str, language: str):
    found = selectors.get_published_strategy(org_slug, pk)
    if not _documents_available():
        raise Http404("Dokumentene er ikke tilgjengelige")
    from kommplan.reports.services import strategy_document

    made = strategy_document(found, fmt=fmt, public_only=True)
    content = made if isinstance(made, bytes) else getattr(made, "content", made)
    response = HttpResponse(content, content_type=DOCUMENT_TYPES[fmt])
    filename = f"strategi-{found.organisation.slug}-{found.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public_view(selectors.strategy_freshness)
def feed(request: HttpRequest, org_slug: str, pk: int, language: str) -> HttpResponse:
    from .feeds import StatusFeed

    response = StatusFeed(language=language)(request, org_slug=org_slug, pk=pk)
    # The feed's own Last-Modified counts only status reports; ours covers every change.
    del response["Last-Modified"]
    return response


# ---- for the strategy's editors ----


@require_http_methods(["GET", "HEAD", "POST"])
def control(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk, Need.EDIT)
    strategy = found.strategy
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            was_published = strategy.published
            set_published(
                strategy=strategy, published=form.cleaned_data["published"], actor=request.user
            )
            if strategy.published and not was_published:
                messages.success(request, _("Strategien er publisert på en åpen side."))
            elif was_published and not strategy.published:
                messages.success(request, _("Strategien er ikke lenger publisert."))
            return redirect("publishing:control", org_slug=org_slug, pk=pk)
    actions = list(
        Action.objects.filter(strategy=strategy)
        .only("pk", "title", "public", "position", "strategy")
        .order_by("position", "pk")
    )
    public = [action for action in actions if action.public]
    return render(
        request,
        "publishing/control.html",
        {
            "strategy": strategy,
            "organisation": strategy.organisation,
            "access": found.access,
            "form": PublishForm(initial={"published": not strategy.published}),
            "public_actions": public,
            "hidden_count": len(actions) - len(public),
            "public_url": reverse("publishing:strategy", args=[org_slug, pk]),
            "breadcrumbs": strategy_breadcrumbs(strategy, _("Publisering")),
        },
    )
