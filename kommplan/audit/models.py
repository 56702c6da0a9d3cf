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
    # Personal data handed out on request (personopplysningsloven): who saw what is logged too.
    EXPORT = "export", _("Innsyn")


class AppendOnlyError(Exception):
    """The audit log only grows: entries are never changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit entries cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("audit entries cannot be changed")


class AuditEntry(models.Model):
    """One change, permission change or failed log-in. Append-only: the model refuses save() of
    an existing row and delete(), and database triggers (migration 0002) refuse UPDATE and
    DELETE from anywhere else. A migration that rebuilds this table on SQLite drops the
    triggers: test_the_database_refuses_... in audit/tests/test_append_only.py notices."""

    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    # The log outlives what it names: deleting a user, organisation or strategy must not touch
    # its entries (SET_NULL would be an UPDATE, which the database refuses). So these keep the
    # id without a database constraint and Django does nothing on delete; the names are kept as
    # text (actor_name, object_label) for when the row is gone.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utført av"),
    )
    actor_name = models.CharField(_("navn"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    strategy = models.ForeignKey(
        "strategies.Strategy",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    event = models.CharField(_("hendelse"), max_length=16, choices=AuditEvent.choices)
    object_type = models.CharField(_("type"), max_length=100)
    object_id = models.CharField(_("id"), max_length=64, blank=True)
    object_label = models.CharField(_("gjelder"), max_length=300, blank=True)
    changes = models.JSONField(
        _("endringer"), default=dict, blank=True, help_text=_("felt: [før, etter]")
    )
    # Where a failed log-in came from.
    ip_address = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("logginnslag")
        verbose_name_plural = _("endringslogg")
        indexes = [models.Index(fields=["strategy", "-created_at"])]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.event} {self.object_label}"
        )

    def save(self, *args, **kwargs):
        # A new entry (also a copy with pk=None) is inserted; a loaded one is never written.
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted")
