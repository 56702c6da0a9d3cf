from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from kommplan.audit.services import record_failed_login

from . import services
from .forms import CodeForm, DisableTwoFactorForm, LoginForm

# Choosing a language must work before logging in, too.
set_language = login_not_required(require_POST(django_set_language))

# The password step passed; the code step must follow within this time.
SECOND_STEP_SECONDS = 5 * 60
PENDING = "kommplan_two_factor_pending"
# New recovery codes wait here for the one page view that shows them.
NEW_RECOVERY_CODES = "kommplan_new_recovery_codes"


def too_many_attempts(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/too_many_attempts.html", status=429)


class LoginView(auth_views.LoginView):
    """Django's log-in with a rate limit before the password, and a code step for 2FA users."""

    form_class = LoginForm

    def post(self, request, *args, **kwargs):
        # Counted before the form is read, so a refused attempt costs no password hashing.
        if not services.may_try_login(
            username=str(request.POST.get("username", ""))[:150],
            address=services.client_address(request),
        ):
            return too_many_attempts(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        if not services.has_two_factor(user):
            return super().form_valid(form)
        # Not logged in yet: the session only remembers who passed the password step.
        self.request.session[PENDING] = {
            "user": user.pk,
            "at": time.time(),
            "next": self.get_success_url(),
        }
        return redirect("totp_verify")


class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        if not services.may_request_password_reset(
            email=str(request.POST.get("email", ""))[:254],
            address=services.client_address(request),
        ):
            return too_many_attempts(request)
        return super().post(request, *args, **kwargs)


def _pending_user(request: HttpRequest) -> tuple[User | None, str]:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > SECOND_STEP_SECONDS:
        return None, ""
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending.get("next") or settings.LOGIN_REDIRECT_URL


@login_not_required
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def totp_verify(request: HttpRequest) -> HttpResponse:
    """The second log-in step: a code from the authenticator app."""
    user, next_url = _pending_user(request)
    if user is None:
        request.session.pop(PENDING, None)
        return render(request, "accounts/two_factor_code.html", {"expired": True})
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if not services.may_try_code(user=user):
            return too_many_attempts(request)
        device = services.totp_device(user)
        if form.is_valid() and (
            services.check_code(device=device, code=form.cleaned_data["code"])
            or services.use_recovery_code(device=device, code=form.cleaned_data["code"])
        ):
            request.session.pop(PENDING, None)
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(next_url)
        record_failed_login(
            username=user.get_username(),
            address=services.client_address(request),
            step="code",
        )
        form.add_error("code", _("Koden stemmer ikke, eller den er brukt før. Prøv neste kode."))
    return render(request, "accounts/two_factor_code.html", {"form": form})


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def totp_setup(request: HttpRequest) -> HttpResponse:
    """Turn on two-factor log-in: scan the code (or type the secret), confirm with a code."""
    device = services.totp_device(request.user)
    if device is not None and device.confirmed:
        context = {
            "device": device,
            "form": DisableTwoFactorForm(),
            "recovery_codes": request.session.pop(NEW_RECOVERY_CODES, None),
            "recovery_codes_left": device.recovery_codes.filter(used_at__isnull=True).count(),
        }
        return render(request, "accounts/two_factor.html", context)
    device = device or services.start_two_factor(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if not services.may_try_code(user=request.user):
            return too_many_attempts(request)
        if form.is_valid() and services.confirm_two_factor(
            device=device, code=form.cleaned_data["code"]
        ):
            request.session[NEW_RECOVERY_CODES] = services.make_recovery_codes(device=device)
            messages.success(request, _("Tofaktorinnlogging er slått på."))
            return redirect("totp_setup")
        form.add_error("code", _("Koden stemmer ikke. Skriv koden appen viser nå."))
    return render(
        request,
        "accounts/two_factor.html",
        {
            "device": device,
            "form": form,
            "qr": services.qr_svg(device, title=_("QR-kode for autentiseringsappen")),
            "secret_groups": [device.secret[i : i + 4] for i in range(0, len(device.secret), 4)],
        },
    )


@sensitive_post_parameters("password", "code")
@require_POST
def totp_disable(request: HttpRequest) -> HttpResponse:
    """Turn two-factor log-in off: needs the password and a current code."""
    device = services.totp_device(request.user)
    if device is None or not device.confirmed:
        return redirect("totp_setup")
    if not services.may_try_code(user=request.user):
        return too_many_attempts(request)
    form = DisableTwoFactorForm(request.POST)
    if form.is_valid():
        if not request.user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("Passordet stemmer ikke."))
        elif not services.check_code(device=device, code=form.cleaned_data["code"]):
            form.add_error("code", _("Koden stemmer ikke, eller den er brukt før."))
        else:
            services.disable_two_factor(user=request.user)
            messages.success(request, _("Tofaktorinnlogging er slått av."))
            return redirect("totp_setup")
    context = {
        "device": device,
        "form": form,
        "recovery_codes_left": device.recovery_codes.filter(used_at__isnull=True).count(),
    }
    return render(request, "accounts/two_factor.html", context)
