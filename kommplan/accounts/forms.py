"""Log-in and two-factor forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    # A password longer than any we accept is refused before it reaches the hasher.
    password = forms.CharField(
        label=_("Passord"),
        strip=False,
        max_length=settings.PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={
            "max_length": _("Passordet kan ha høyst %(limit_value)d tegn."),
        },
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Engangskode"),
        help_text=_("Seks sifre fra autentiseringsappen, eller en av reservekodene dine."),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )


class DisableTwoFactorForm(CodeForm):
    password = forms.CharField(
        label=_("Passord"),
        strip=False,
        max_length=settings.PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "code"]
