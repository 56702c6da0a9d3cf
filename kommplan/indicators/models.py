"""Indicators (KPIs) that show whether a goal or an action achieves what it should."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kommplan.actions.models import Action
from kommplan.strategies.models import Goal, Strategy


class Direction(models.TextChoices):
    INCREASE = "increase", _("Høyere er bedre")
    DECREASE = "decrease", _("Lavere er bedre")
    MAINTAIN = "maintain", _("Holde nivået")


class Indicator(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="indicators")
    ref = models.CharField(_("id"), max_length=64)
    position = models.PositiveIntegerField(_("rekkefølge"), default=0)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("mål"),
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("tiltak"),
    )
    name = models.CharField(_("navn"), max_length=300)
    unit = models.CharField(_("enhet"), max_length=100, blank=True)
    target = models.FloatField(_("målverdi"), null=True, blank=True)
    direction = models.CharField(
        _("retning"), max_length=16, choices=Direction.choices, default=Direction.INCREASE
    )
    period = models.CharField(_("periode"), max_length=300, blank=True)

    class Meta:
        ordering = ["strategy", "position", "pk"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "ref"], name="indicator_unique_ref"),
            models.CheckConstraint(
                condition=Q(goal__isnull=True) | Q(action__isnull=True),
                name="indicator_on_goal_or_action",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    # The helpers below read `measurements.all()`, so a prefetch (see selectors) serves them.
    def measurements_by_date(self) -> list[Measurement]:
        return sorted(self.measurements.all(), key=lambda m: (m.date, m.position, m.pk))

    def latest_measurement(self) -> Measurement | None:
        measurements = self.measurements_by_date()
        return measurements[-1] if measurements else None

    def is_met(self, value: float | None) -> bool | None:
        """Whether `value` reaches the target; None when there is no value or no target.

        "Holde nivået" counts as met while the value stays at or above the target.
        """
        if value is None or self.target is None:
            return None
        if self.direction == Direction.DECREASE:
            return value <= self.target
        return value >= self.target


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    position = models.PositiveIntegerField(_("rekkefølge"), default=0)
    date = models.DateField(_("dato"))
    value = models.FloatField(_("verdi"))

    class Meta:
        ordering = ["indicator", "position", "pk"]
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")

    def __str__(self) -> str:
        return f"{self.date}: {self.value}"
