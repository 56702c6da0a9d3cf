"""Reminder settings per user, and the record of every reminder and digest claimed or sent.

How sending stays idempotent (see `SentReminder`): a mail is *claimed* by inserting its row,
under a unique constraint, in a transaction of its own that commits before the mail is handed
to the SMTP server. Two workers, or the same run started twice, cannot both insert the row, so
only one of them sends.

A crash between the claim and the send leaves the row `pending`. We chose *at least once, at
most twice* over strict at-most-once: a reminder that silently never arrives is worse than a
rare duplicate after a crash. So the next run takes over a `pending` row older than
`STALE_AFTER` (nobody can still be sending it) or a `failed` row (the SMTP server refused it),
once: the take-over is a conditional UPDATE on (status, attempts), so again only one worker
wins it. After `MAX_ATTEMPTS` the row stays as it is for a person to look at; it is never
retried in a loop. A duplicate is only possible when a process dies after the SMTP server
accepted the message and before the row was marked `sent`.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

STALE_AFTER = timedelta(minutes=30)
MAX_ATTEMPTS = 2  # the first send and one retry


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("mandag")
    TUESDAY = 1, _("tirsdag")
    WEDNESDAY = 2, _("onsdag")
    THURSDAY = 3, _("torsdag")
    FRIDAY = 4, _("fredag")
    SATURDAY = 5, _("lørdag")
    SUNDAY = 6, _("søndag")


class ReminderSettings(models.Model):
    """A user's choices; a user without a row gets the defaults."""

    DEFAULT_DAYS_BEFORE = 3

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_settings",
        verbose_name=_("bruker"),
    )
    days_before = models.PositiveSmallIntegerField(
        _("dager i forveien"),
        default=DEFAULT_DAYS_BEFORE,
        validators=[MaxValueValidator(60)],
        help_text=_("Hvor mange dager før et tiltak skal skje du får en e-post. 0 slår av."),
    )
    weekly_digest = models.BooleanField(
        _("ukentlig oppsummering"),
        default=True,
        help_text=_(
            "En e-post i uken med det som skal skje de neste sju dagene og det som er forsinket."
        ),
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("ukedag for oppsummeringen"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("påminnelsesvalg")
        verbose_name_plural = _("påminnelsesvalg")
        constraints = [
            models.CheckConstraint(
                condition=Q(days_before__lte=60), name="reminder_days_before_at_most_60"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class MailKind(models.TextChoices):
    REMINDER = "reminder", _("Påminnelse")
    DIGEST = "digest", _("Ukentlig oppsummering")


class SendStatus(models.TextChoices):
    PENDING = "pending", _("Under sending")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Feilet")


class SentReminder(models.Model):
    """One reminder (user, action, occurrence) or one digest (user, week): claimed, then sent.

    For a digest, `occurrence_date` is the Monday of the week it covers and `action` is empty.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_reminders"
    )
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sent_reminders",
    )
    occurrence_date = models.DateField(_("dato"))
    kind = models.CharField(_("type"), max_length=16, choices=MailKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=SendStatus.choices, default=SendStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=1)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-claimed_at"]
        verbose_name = _("sendt påminnelse")
        verbose_name_plural = _("sendte påminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "action", "occurrence_date", "kind"],
                condition=Q(kind="reminder"),
                name="one_reminder_per_occurrence",
            ),
            models.UniqueConstraint(
                fields=["user", "occurrence_date"],
                condition=Q(kind="digest"),
                name="one_digest_per_week",
            ),
            models.CheckConstraint(
                condition=Q(kind="digest", action__isnull=True)
                | Q(kind="reminder", action__isnull=False),
                name="reminder_has_action_digest_has_none",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.user} {self.occurrence_date}"
