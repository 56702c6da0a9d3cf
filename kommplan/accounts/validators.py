"""Password validators besides Django's own."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MaximumLengthValidator:
    """At most PASSWORD_MAX_LENGTH characters (1,000): room for any pass phrase, no more."""

    def __init__(self, max_length: int | None = None):
        self.max_length = max_length or settings.PASSWORD_MAX_LENGTH

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("Passordet kan ha høyst %(max_length)d tegn."),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return _("Passordet kan ha høyst %(max_length)d tegn.") % {"max_length": self.max_length}
