"""What the årshjul app stores itself: calendar feed tokens and per-action schedule options.

The schedule proper lives on the action (due_date, start_date, end_date, rrule).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ScheduleOptions(models.Model):
    action = models.OneToOneField(
        "actions.Action",
        on_delete=models.CASCADE,
        related_name="schedule_options",
        verbose_name=_("tiltak"),
    )
    move_to_working_day = models.BooleanField(
        _("flytt til neste virkedag"),
        default=False,
        help_text=_("Forekomster på helligdager og i helger flyttes til neste virkedag."),
    )

    class Meta:
        verbose_name = _("tidsplanvalg")
        verbose_name_plural = _("tidsplanvalg")

    def __str__(self) -> str:
        return str(self.action)


class FeedScope(models.TextChoices):
    STRATEGY = "strategy", _("Én strategi")
    ORGANISATION = "organisation", _("Hele organisasjonen")
    PERSON = "person", _("Tiltak jeg er ansvarlig for")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class FeedToken(models.Model):
    """A secret calendar address. Only the token's hash is stored; the owner sees it once.

    The feed shows what the owner may read at the moment it is fetched, so a member who leaves
    the organisation stops seeing it without anyone revoking the token."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="feed_tokens",
        verbose_name=_("eier"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="feed_tokens",
        verbose_name=_("organisasjon"),
    )
    strategy = models.ForeignKey(
        "strategies.Strategy",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feed_tokens",
        verbose_name=_("strategi"),
    )
    scope = models.CharField(_("omfang"), max_length=16, choices=FeedScope.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="strategy", strategy__isnull=False)
                | (~Q(scope="strategy") & Q(strategy__isnull=True)),
                name="feedtoken_strategy_matches_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.owner})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
