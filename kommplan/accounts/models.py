"""Log-in rate limits and two-factor devices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AttemptBucket(models.Model):
    """How many attempts one key (an account, a client address) made in one hour window.

    One row per (scope, key, window); services.take_attempt() counts with a conditional UPDATE,
    so concurrent requests cannot both take the last attempt.
    """

    scope = models.CharField(_("gjelder"), max_length=32)
    # A SHA-256 of the username or address: the table says nothing about who tried.
    key = models.CharField(_("nøkkel"), max_length=64)
    window_start = models.DateTimeField(_("timen som begynte"))
    count = models.PositiveIntegerField(_("forsøk"), default=0)

    class Meta:
        verbose_name = _("innloggingsforsøk")
        verbose_name_plural = _("innloggingsforsøk")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="accounts_one_bucket_per_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class TOTPDevice(models.Model):
    """A user's authenticator app: the shared secret and the last time step used."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField(_("hemmelighet"), max_length=64)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    # Null until the user has typed one right code: only then does log-in ask for codes.
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)
    # The 30-second step of the last accepted code; a code of that step or earlier is refused.
    last_used_step = models.BigIntegerField(_("siste brukte tidssteg"), default=0)

    class Meta:
        verbose_name = _("tofaktorenhet")
        verbose_name_plural = _("tofaktorenheter")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A one-time code for logging in when the phone is lost; only its SHA-256 is stored."""

    device = models.ForeignKey(TOTPDevice, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(_("brukt"), null=True, blank=True)

    class Meta:
        verbose_name = _("reservekode")
        verbose_name_plural = _("reservekoder")

    def __str__(self) -> str:
        return f"{self.device} {self.code_hash[:8]}"
