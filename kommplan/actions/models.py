"""The action plan (tiltaksplan): actions and the status reported on them over time."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kommplan.lib.schedules import rrule_problem
from kommplan.strategies.models import Channel, Goal, GoalStrategy, Strategy, TargetGroup


def validate_rrule(value: str) -> None:
    problem = rrule_problem(value)
    if problem:
        raise ValidationError(
            _("Ugyldig RRULE: %(problem)s"), params={"problem": problem}, code="invalid_rrule"
        )


class ActionStatus(models.TextChoices):
    IKKE_STARTET = "ikke_startet", _("Ikke startet")
    PAGAR = "pagar", _("Pågår")
    FULLFORT = "fullfort", _("Fullført")
    FORSINKET = "forsinket", _("Forsinket")
    AVLYST = "avlyst", _("Avlyst")


class Action(models.Model):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="actions", verbose_name=_("strategi")
    )
    ref = models.CharField(_("id"), max_length=64)
    position = models.PositiveIntegerField(_("rekkefølge"), default=0)
    title = models.TextField(_("tiltak"))
    description = models.TextField(_("beskrivelse"), blank=True)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("mål"),
    )
    approach = models.ForeignKey(
        GoalStrategy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("delstrategi"),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="actions", verbose_name=_("målgrupper")
    )
    channels = models.ManyToManyField(
        Channel, blank=True, related_name="actions", verbose_name=_("kanaler")
    )
    # A regional council can give an action to one of its member organisations.
    assigned_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_actions",
        verbose_name=_("tildelt organisasjon"),
    )
    responsible = models.CharField(_("ansvarlig"), max_length=500, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for",
        verbose_name=_("ansvarlig bruker"),
    )
    financing = models.CharField(_("finansiering"), max_length=500, blank=True)
    purpose = models.TextField(_("hensikt"), blank=True)
    desired_result = models.TextField(_("ønsket resultat"), blank=True)
    timing = models.CharField(
        _("tid"), max_length=300, blank=True, help_text=_("Tidspunkt slik planen skriver det")
    )
    due_date = models.DateField(_("frist"), null=True, blank=True)
    start_date = models.DateField(_("fra dato"), null=True, blank=True)
    end_date = models.DateField(_("til dato"), null=True, blank=True)
    rrule = models.CharField(
        _("gjentakelse (RRULE)"), max_length=500, blank=True, validators=[validate_rrule]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.IKKE_STARTET
    )
    public = models.BooleanField(_("offentlig"), default=False)
    # Incremented on every save through the services: the basis for refusing a stale edit.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["strategy", "position", "pk"]
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "ref"], name="action_unique_ref"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=F("end_date")),
                name="action_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:80]

    def is_overdue(self, today: date) -> bool:
        """Past its deadline and not finished; cancelled actions are never late."""
        deadline = self.due_date or self.end_date
        if deadline is None:
            return False
        return deadline < today and self.status not in {
            ActionStatus.FULLFORT,
            ActionStatus.AVLYST,
        }


class StatusUpdate(models.Model):
    """A report on an action: kept as history, never overwritten."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    position = models.PositiveIntegerField(_("rekkefølge"), default=0)
    date = models.DateField(_("dato"))
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices)
    comment = models.TextField(_("kommentar"), blank=True)
    author_name = models.CharField(_("rapportert av"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_updates",
        verbose_name=_("bruker"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "position", "pk"]
        verbose_name = _("statusoppdatering")
        verbose_name_plural = _("statusoppdateringer")

    def __str__(self) -> str:
        return f"{self.date} {self.get_status_display()}"
