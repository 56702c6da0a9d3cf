"""The audit log: who changed what, when, with the values before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.TextChoices):
    CREATE = "create", _("Opprettet")
    UPDATE = "update", _("Endret")
    DELETE = "delete", _("Slettet")
    STATUS = "status", _("Status rapportert")
    PERMISSION = "permission", _("Tilgang endret")
    LOGIN_FAILED = "login_failed", _("Mislykket innlogging")


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utført av"),
    )
    # Kept as text too, so the log still names a user who has since been deleted.
    actor_name = models.CharField(_("navn"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    strategy = models.ForeignKey(
        "strategies.Strategy", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event = models.CharField(_("hendelse"), max_length=16, choices=AuditEvent.choices)
    object_type = models.CharField(_("type"), max_length=100)
    object_id = models.CharField(_("id"), max_length=64, blank=True)
    object_label = models.CharField(_("gjelder"), max_length=300, blank=True)
    changes = models.JSONField(
        _("endringer"), default=dict, blank=True, help_text=_("felt: [før, etter]")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("logginnslag")
        verbose_name_plural = _("endringslogg")
        indexes = [models.Index(fields=["strategy", "-created_at"])]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.event} {self.object_label}"
        )
