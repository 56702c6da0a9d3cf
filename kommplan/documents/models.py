"""An uploaded document on its way to becoming a plan: the import job the review page shows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """One upload: the file, the background reading of it, and the proposed plan to review.

    The file is kept in the database (at most DOCUMENT_MAX_BYTES), so a job needs no file storage
    shared between the web server and the task worker, and deleting the job deletes the file.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Leses")
        DONE = "done", _("Klar til gjennomgang")
        FAILED = "failed", _("Mislyktes")
        ACCEPTED = "accepted", _("Godtatt")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name=_("organisasjon"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("lastet opp av"),
    )
    filename = models.CharField(_("filnavn"), max_length=255)
    content = models.BinaryField(_("innhold"))
    size = models.PositiveIntegerField(_("størrelse"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("framdrift"), default=0)
    error = models.TextField(_("feilmelding"), blank=True)
    # The proposal: plan_to_data() of the proposed PlanFile, the sources keyed by plan path
    # ({"actions[0]": {"page", "line", "start", "end", "confidence"}}), the extracted lines
    # ([{"page", "line", "text", "kind"}]) and the importer's notes.
    plan = models.JSONField(_("foreslått plan"), null=True, blank=True)
    sources = models.JSONField(_("kilder"), default=dict, blank=True)
    lines = models.JSONField(_("linjer"), default=list, blank=True)
    pages = models.PositiveIntegerField(_("sider"), default=0)
    format = models.CharField(_("format"), max_length=10, blank=True)
    warnings = models.JSONField(_("merknader"), default=list, blank=True)
    accepted_strategy = models.ForeignKey(
        "strategies.Strategy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opprettet strategi"),
    )
    created = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("dokumentimport")
        verbose_name_plural = _("dokumentimporter")

    def __str__(self) -> str:
        return self.filename

    @property
    def is_finished(self) -> bool:
        """No more progress to wait for: the proposal is ready, refused or accepted."""
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.ACCEPTED}
