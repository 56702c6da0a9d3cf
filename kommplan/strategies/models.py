"""A communication strategy and its parts, as the strategy documents write them.

Every list keeps the document's order in an explicit `position`. Parts that other parts refer to
(goals, strategies, target groups, messages, channels) carry the `ref` id they have in plan files,
so that a plan file loaded and dumped again keeps its ids.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kommplan.lib.dates import is_partial_iso_date
from kommplan.organisations.models import Organisation


def validate_partial_iso_date(value: str) -> None:
    if not is_partial_iso_date(value):
        raise ValidationError(
            _("%(value)s er ikke en dato på formen ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD"),
            params={"value": value},
            code="invalid_date",
        )


class StrategyKind(models.TextChoices):
    STRATEGI = "strategi", _("Kommunikasjonsstrategi")
    PLAN = "plan", _("Kommunikasjonsplan")
    ANNET = "annet", _("Annet")


class StrategyStatus(models.TextChoices):
    UTKAST = "utkast", _("Utkast")
    VEDTATT = "vedtatt", _("Vedtatt")
    ARKIVERT = "arkivert", _("Arkivert")


class Strategy(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="strategies",
        verbose_name=_("organisasjon"),
    )
    title = models.CharField(_("tittel"), max_length=300)
    kind = models.CharField(
        _("type"), max_length=16, choices=StrategyKind.choices, default=StrategyKind.STRATEGI
    )
    period_start = models.PositiveSmallIntegerField(_("periode fra år"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("periode til år"), null=True, blank=True)
    adopted_by = models.CharField(_("vedtatt av"), max_length=300, blank=True)
    adopted_date = models.CharField(
        _("vedtatt dato"),
        max_length=10,
        blank=True,
        validators=[validate_partial_iso_date],
        help_text=_("ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM / ÅÅÅÅ når dokumentet bare oppgir det"),
    )
    revision = models.TextField(_("rullering"), blank=True)
    vision = models.TextField(_("visjon"), blank=True)
    purpose = models.TextField(_("formål"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=StrategyStatus.choices, default=StrategyStatus.UTKAST
    )
    crisis_note = models.TextField(_("krisekommunikasjon"), blank=True)
    # A published strategy has a public page; even then only its actions marked public show.
    published = models.BooleanField(
        _("publisert"),
        default=False,
        help_text=_("Vis strategien og de offentlige tiltakene på en åpen side uten innlogging"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "-period_start", "title"]
        verbose_name = _("strategi")
        verbose_name_plural = _("strategier")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=F("period_end")),
                name="strategy_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        if self.period_start and self.period_end and self.period_start != self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or self.period_end or "")


class StrategyPart(models.Model):
    """A list item of a strategy (each subclass adds its `strategy` key), in document order."""

    position = models.PositiveIntegerField(_("rekkefølge"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


def unique_ref(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["strategy", "ref"], name=name)


class Challenge(StrategyPart):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(_("tittel"), max_length=300, blank=True)
    text = models.TextField(_("tekst"), blank=True)

    class Meta(StrategyPart.Meta):
        verbose_name = _("utfordring")
        verbose_name_plural = _("utfordringer")

    def __str__(self) -> str:
        return self.title or self.text[:80]


class Principle(StrategyPart):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="principles")
    name = models.CharField(_("navn"), max_length=300)
    text = models.TextField(_("forklaring"), blank=True)

    class Meta(StrategyPart.Meta):
        verbose_name = _("prinsipp")
        verbose_name_plural = _("prinsipper")

    def __str__(self) -> str:
        return self.name


class Goal(StrategyPart):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="goals")
    ref = models.CharField(_("id"), max_length=64)
    text = models.TextField(_("mål"))
    description = models.TextField(_("beskrivelse"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("overordnet mål"),
    )

    class Meta(StrategyPart.Meta):
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [unique_ref("goal_unique_ref")]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.strategy_id != self.strategy_id:
                raise ValidationError({"parent": _("Et mål kan ikke ligge under seg selv.")})
            ancestor = ancestor.parent


class GoalStrategy(StrategyPart):
    """A strategy (strategi) under a goal: how the goal will be reached."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="approaches")
    ref = models.CharField(_("id"), max_length=64)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approaches",
        verbose_name=_("mål"),
    )
    title = models.CharField(_("tittel"), max_length=300, blank=True)
    text = models.TextField(_("strategi"), blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    desired_results = models.JSONField(_("ønskede resultater"), default=list, blank=True)

    class Meta(StrategyPart.Meta):
        verbose_name = _("delstrategi")
        verbose_name_plural = _("delstrategier")
        constraints = [unique_ref("goalstrategy_unique_ref")]

    def __str__(self) -> str:
        return self.title or self.text[:80]


class TargetGroup(StrategyPart):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="target_groups")
    ref = models.CharField(_("id"), max_length=64)
    name = models.CharField(_("navn"), max_length=300)
    priority = models.PositiveSmallIntegerField(
        _("prioritet"), null=True, blank=True, help_text=_("1 er høyest prioritert")
    )
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta(StrategyPart.Meta):
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")
        constraints = [unique_ref("targetgroup_unique_ref")]

    def __str__(self) -> str:
        return self.name


class KeyMessage(StrategyPart):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="messages")
    ref = models.CharField(_("id"), max_length=64)
    text = models.TextField(_("budskap"))
    core = models.BooleanField(_("kjernebudskap"), default=False)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="messages", verbose_name=_("målgrupper")
    )

    class Meta(StrategyPart.Meta):
        verbose_name = _("budskap")
        verbose_name_plural = _("budskap")
        constraints = [unique_ref("keymessage_unique_ref")]

    def __str__(self) -> str:
        return self.text[:80]


class ChannelKind(models.TextChoices):
    WEB = "web", _("Nettsted")
    SOCIAL = "social", _("Sosiale medier")
    MEDIA = "media", _("Medier og presse")
    PRINT = "print", _("Trykksaker og annonser")
    MEETING = "meeting", _("Møter")
    DIRECT = "direct", _("Direkte kontakt")
    INTRANET = "intranet", _("Intranett")
    VIDEO = "video", _("Video og strømming")
    EMAIL = "email", _("E-post og nyhetsbrev")
    OTHER = "other", _("Annet")


class Channel(StrategyPart):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="channels")
    ref = models.CharField(_("id"), max_length=64)
    name = models.CharField(_("navn"), max_length=300)
    kind = models.CharField(
        _("type"), max_length=16, choices=ChannelKind.choices, default=ChannelKind.OTHER
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    url = models.URLField(_("adresse"), max_length=500, blank=True)

    class Meta(StrategyPart.Meta):
        verbose_name = _("kanal")
        verbose_name_plural = _("kanaler")
        constraints = [unique_ref("channel_unique_ref")]

    def __str__(self) -> str:
        return self.name


class Role(StrategyPart):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(_("rolle"), max_length=300)
    responsibility = models.TextField(_("ansvar"), blank=True)

    class Meta(StrategyPart.Meta):
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")

    def __str__(self) -> str:
        return self.title


class RuleKind(models.TextChoices):
    LOV = "lov", _("Lov")
    REGLEMENT = "reglement", _("Reglement")
    RETNINGSLINJE = "retningslinje", _("Retningslinje")


class Rule(StrategyPart):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(_("navn"), max_length=300)
    kind = models.CharField(_("type"), max_length=16, choices=RuleKind.choices, blank=True)
    url = models.URLField(_("adresse"), max_length=500, blank=True)

    class Meta(StrategyPart.Meta):
        verbose_name = _("regel eller lov")
        verbose_name_plural = _("regler og lover")

    def __str__(self) -> str:
        return self.name


class NotificationEntry(StrategyPart):
    """One line of the crisis notification list (varslingsliste), in alerting order."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="notification_entries"
    )
    role = models.CharField(_("rolle"), max_length=300)
    name = models.CharField(_("navn"), max_length=300, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)

    class Meta(StrategyPart.Meta):
        verbose_name = _("varslingsmottaker")
        verbose_name_plural = _("varslingsliste")

    def __str__(self) -> str:
        return f"{self.role} {self.name}".strip()
