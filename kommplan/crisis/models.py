"""Crisis mode: the notification list (varslingsliste), crises, alerts and the crisis log.

How an alert is delivered exactly once (details in docs/crisis-alerts.md):

* Starting a crisis stores the crisis, its recipients and one `Delivery` row per (recipient,
  channel, round) in one transaction. The row's `key` is unique: nothing can create a second
  row for the same message.
* A worker *claims* a row with a conditional UPDATE (state queued -> sending), committed with a
  `DeliveryAttempt` row before the network call. Two workers cannot both claim it.
* After the call the row becomes sent / queued again (transient error, with backoff) / failed.
* A row left in `sending` by a dead worker is taken over after `CRISIS_SENDING_LEASE_SECONDS`
  and sent again with the same reference (`key`): the SMS gateway de-duplicates on it, so a
  message the dead worker did hand over is not sent twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CrisisSettings(models.Model):
    """An organisation's choices; an organisation without a row gets the defaults."""

    DEFAULT_ESCALATION_MINUTES = 10
    DEFAULT_MAX_ROUNDS = 3

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="crisis_settings",
        verbose_name=_("organisasjon"),
    )
    escalation_minutes = models.PositiveSmallIntegerField(
        _("minutter før eskalering"),
        default=DEFAULT_ESCALATION_MINUTES,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_(
            "Den som ikke har bekreftet varselet innen så mange minutter, varsles på nytt, "
            "og stedfortrederne varsles."
        ),
    )
    max_rounds = models.PositiveSmallIntegerField(
        _("antall varslingsrunder"),
        default=DEFAULT_MAX_ROUNDS,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Det første varselet og hver eskalering er en runde."),
    )
    sms_enabled = models.BooleanField(_("send SMS"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kriseinnstillinger")
        verbose_name_plural = _("kriseinnstillinger")
        constraints = [
            models.CheckConstraint(
                condition=Q(escalation_minutes__gte=1), name="crisis_escalation_at_least_1"
            ),
            models.CheckConstraint(condition=Q(max_rounds__gte=1), name="crisis_rounds_at_least_1"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class NotificationRole(models.Model):
    """A role on an organisation's notification list, alerted in `position` order."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="notification_roles",
        verbose_name=_("organisasjon"),
    )
    position = models.PositiveIntegerField(_("rekkefølge"), default=0)
    role = models.CharField(_("rolle"), max_length=300)
    # The plan's line this role was copied from, so seeding twice adds nothing.
    source_entry = models.OneToOneField(
        "strategies.NotificationEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="crisis_role",
    )

    class Meta:
        ordering = ["organisation", "position", "pk"]
        verbose_name = _("rolle på varslingslisten")
        verbose_name_plural = _("roller på varslingslisten")

    def __str__(self) -> str:
        return self.role


class Contact(models.Model):
    """A person on the list: rank 0 holds the role, rank 1, 2 … are the deputies in order."""

    role = models.ForeignKey(
        NotificationRole, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("rolle")
    )
    rank = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    name = models.CharField(_("navn"), max_length=300)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)

    class Meta:
        ordering = ["role", "rank", "pk"]
        verbose_name = _("person på varslingslisten")
        verbose_name_plural = _("personer på varslingslisten")
        constraints = [
            models.UniqueConstraint(fields=["role", "rank"], name="crisis_one_contact_per_rank"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_deputy(self) -> bool:
        return self.rank > 0


class Severity(models.TextChoices):
    LOW = "low", _("Lav")
    MEDIUM = "medium", _("Middels")
    HIGH = "high", _("Høy")
    CRITICAL = "critical", _("Kritisk")


class CrisisState(models.TextChoices):
    ACTIVE = "active", _("Pågår")
    ENDED = "ended", _("Avsluttet")


class Crisis(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="crises",
        verbose_name=_("organisasjon"),
    )
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("hva har skjedd"), blank=True)
    severity = models.CharField(
        _("alvorlighet"), max_length=16, choices=Severity.choices, default=Severity.HIGH
    )
    is_drill = models.BooleanField(_("øvelse"), default=False)
    state = models.CharField(
        _("tilstand"), max_length=16, choices=CrisisState.choices, default=CrisisState.ACTIVE
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("startet av"),
    )
    started_at = models.DateTimeField(_("startet"))
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avsluttet av"),
    )
    ended_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    # Escalation: round 1 is the first alert; each escalation claims the next round with a
    # conditional UPDATE on this number, so it happens once however many workers run.
    current_round = models.PositiveSmallIntegerField(_("varslingsrunde"), default=1)
    round_started_at = models.DateTimeField()
    # Copied from the settings at the start, so changing them does not change a running crisis.
    escalation_minutes = models.PositiveSmallIntegerField(default=10)
    max_rounds = models.PositiveSmallIntegerField(default=3)
    sms_enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("krise")
        verbose_name_plural = _("kriser")
        constraints = [
            # One real crisis and one drill at a time per organisation.
            models.UniqueConstraint(
                fields=["organisation", "is_drill"],
                condition=Q(state="active"),
                name="crisis_one_active_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(state="active", ended_at__isnull=True)
                | Q(state="ended", ended_at__isnull=False),
                name="crisis_ended_has_end_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.state == CrisisState.ACTIVE


class Recipient(models.Model):
    """Someone alerted in a crisis: a copy of the person as the list had them at the time."""

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="recipients")
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="recipients"
    )
    notification_role = models.ForeignKey(
        NotificationRole,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recipients",
    )
    role_position = models.PositiveIntegerField(default=0)
    role_name = models.CharField(_("rolle"), max_length=300)
    rank = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)  # 0 = role holder
    name = models.CharField(_("navn"), max_length=300)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    first_round = models.PositiveSmallIntegerField(_("varslet fra runde"), default=1)
    # sha256 of the acknowledge token; the token itself is never stored (see services).
    token_hash = models.CharField(max_length=64, unique=True)
    token_nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["crisis", "role_position", "rank", "pk"]
        verbose_name = _("mottaker")
        verbose_name_plural = _("mottakere")
        constraints = [
            models.UniqueConstraint(
                fields=["crisis", "contact"], name="crisis_contact_alerted_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role_name}: {self.name}"

    @property
    def is_deputy(self) -> bool:
        return self.rank > 0


class Channel(models.TextChoices):
    EMAIL = "email", _("E-post")
    SMS = "sms", _("SMS")


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("I kø")
    SENDING = "sending", _("Sendes")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Feilet")
    FALLBACK = "fallback", _("Feilet, sendt på e-post")
    CANCELLED = "cancelled", _("Ikke sendt")  # the crisis ended or the role acknowledged first


class Delivery(models.Model):
    """One message: (crisis, recipient, channel, round), sent exactly once."""

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("kanal"), max_length=8, choices=Channel.choices)
    round = models.PositiveSmallIntegerField(_("runde"), default=1)
    # "<crisis>:<recipient>:<channel>:<round>"; also the SMS gateway's reference.
    key = models.CharField(max_length=100, unique=True)
    address = models.CharField(_("adresse"), max_length=300)  # phone (E.164) or email
    state = models.CharField(
        _("tilstand"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField()
    first_claimed_at = models.DateTimeField(null=True, blank=True)  # counts for the rate limit
    claimed_at = models.DateTimeField(null=True, blank=True)  # the lease of the current attempt
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["crisis", "round", "recipient", "channel"]
        verbose_name = _("utsending")
        verbose_name_plural = _("utsendinger")
        constraints = [
            models.UniqueConstraint(
                fields=["crisis", "recipient", "channel", "round"], name="crisis_delivery_once"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="crisis_delivery_due"),
            models.Index(fields=["channel", "address", "first_claimed_at"], name="crisis_rate"),
        ]

    def __str__(self) -> str:
        return self.key


class AttemptOutcome(models.TextChoices):
    PENDING = "pending", _("Pågår")
    SENT = "sent", _("Levert")
    DUPLICATE = "duplicate", _("Allerede levert")
    TRANSIENT = "transient", _("Midlertidig feil")
    PERMANENT = "permanent", _("Varig feil")
    INTERRUPTED = "interrupted", _("Avbrutt")


class DeliveryAttempt(models.Model):
    """Every try, recorded before the network call and completed after it."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=16, choices=AttemptOutcome.choices, default=AttemptOutcome.PENDING
    )
    gateway_status = models.PositiveSmallIntegerField(null=True, blank=True)
    gateway_response = models.TextField(blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="crisis_attempt_number"),
        ]

    def __str__(self) -> str:
        return f"{self.delivery.key} #{self.number}"


class AckVia(models.TextChoices):
    LINK = "link", _("Lenke i varselet")
    MANUAL = "manual", _("Registrert av en annen")


class Acknowledgement(models.Model):
    recipient = models.OneToOneField(
        Recipient, on_delete=models.CASCADE, related_name="acknowledgement"
    )
    acknowledged_at = models.DateTimeField(_("bekreftet"))
    via = models.CharField(max_length=8, choices=AckVia.choices, default=AckVia.LINK)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bekreftelse")
        verbose_name_plural = _("bekreftelser")

    def __str__(self) -> str:
        return f"{self.recipient} {self.acknowledged_at:%Y-%m-%d %H:%M}"


class LogKind(models.TextChoices):
    EVENT = "event", _("Hendelse")
    DECISION = "decision", _("Beslutning")
    MESSAGE = "message", _("Melding")
    ALERT = "alert", _("Varsel")
    ACK = "ack", _("Bekreftet mottatt")
    ESCALATION = "escalation", _("Eskalering")
    SYSTEM = "system", _("System")


class CrisisLogEntry(models.Model):
    """The crisis timeline. Read-only once the crisis has ended (services refuse, and so does
    `save`/`delete` here as a last guard)."""

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="log_entries")
    kind = models.CharField(_("type"), max_length=16, choices=LogKind.choices)
    text = models.TextField(_("tekst"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skrevet av"),
    )
    author_name = models.CharField(max_length=300, blank=True)  # kept if the user goes
    created_at = models.DateTimeField(_("tidspunkt"), db_index=True)
    # Alert, ack and escalation entries point at what they are about; the name is shown from
    # the recipient, so erasing a person's data also clears it from the log.
    recipient = models.ForeignKey(
        Recipient, on_delete=models.SET_NULL, null=True, blank=True, related_name="log_entries"
    )
    delivery = models.ForeignKey(
        Delivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="log_entries"
    )

    class Meta:
        ordering = ["crisis", "created_at", "pk"]
        verbose_name = _("loggføring")
        verbose_name_plural = _("kriselogg")

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs) -> None:
        self._refuse_if_closed()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_closed()
        return super().delete(*args, **kwargs)

    def _refuse_if_closed(self) -> None:
        if Crisis.objects.filter(pk=self.crisis_id, state=CrisisState.ENDED).exists():
            raise ValidationError(_("Krisen er avsluttet; loggen kan ikke endres."))


class AddressQuota(models.Model):
    """One row per phone number / email address: locked while the rate limit is checked, so two
    workers cannot both take the last free slot."""

    channel = models.CharField(max_length=8, choices=Channel.choices)
    address = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="crisis_quota_address"),
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.address}"
