"""The logged-in user's own API tokens: list, create (the secret shown once) and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import TokenForm
from .models import ApiToken
from .services import create_token, revoke_token

NEW_TOKEN_SESSION_KEY = "apitokens_new_token"


@require_http_methods(["GET", "HEAD", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        token, secret = create_token(
            owner=request.user,
            organisation=form.cleaned_data["organisation"],
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
        )
        # Shown once on the next page, then gone: only the token's hash is stored.
        request.session[NEW_TOKEN_SESSION_KEY] = {"pk": token.pk, "secret": secret}
        messages.success(request, _("API-nøkkelen er laget."))
        return redirect("apitokens:list")
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    return render(
        request,
        "apitokens/tokens.html",
        {
            "form": form,
            "tokens": ApiToken.objects.filter(owner=request.user)
            .select_related("organisation")
            .order_by("revoked_at", "-created_at"),
            "new_token": new_token,
            "breadcrumbs": [
                (_("Organisasjoner"), reverse("organisations:list")),
                (_("API-nøkler"), None),
            ],
        },
    )


@require_POST
def revoke(request: HttpRequest) -> HttpResponse:
    """Revoke one of the user's own tokens, named by the posted `token` id."""
    raw = str(request.POST.get("token", ""))
    token = (
        ApiToken.objects.filter(pk=int(raw), owner=request.user).first()
        if raw.isdigit() and len(raw) < 10
        else None
    )
    if token is None:
        # Someone else's token, or none: say nothing about it.
        messages.error(request, _("Fant ikke API-nøkkelen."))
    elif token.revoked_at is not None:
        messages.info(request, _("API-nøkkelen var allerede trukket tilbake."))
    else:
        revoke_token(token=token, actor=request.user)
        messages.success(
            request, _("API-nøkkelen «%(name)s» virker ikke lenger.") % {"name": token.name}
        )
    return redirect("apitokens:list")
