"""Sending one alert message exactly once: claim, send, record (design in docs/crisis-alerts.md).

1. Claim (one committed transaction): the per-address rate limit is checked under a row lock,
   then a conditional UPDATE moves the row from `queued` (or from `sending` past its lease) to
   `sending`, and a `DeliveryAttempt` is written. Only one worker's UPDATE matches.
2. Send: the SMTP server or the SMS gateway is called outside any transaction. SMS carries the
   delivery's key as its reference; email carries a Message-ID made from it.
3. Record (one committed transaction): the attempt's outcome, and the row becomes sent, queued
   again with a backoff (transient error), fallback (SMS refused for good: the email of the
   round carries the alert) or failed; administrators are warned of a failure.

A worker that dies between 2 and 3 leaves the row `sending`; after the lease it is claimed
again and sent with the same reference, which the gateway de-duplicates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kommplan.organisations.models import MemberRole, Membership

from . import sms
from .models import (
    AddressQuota,
    AttemptOutcome,
    Channel,
    Crisis,
    CrisisLogEntry,
    CrisisState,
    Delivery,
    DeliveryAttempt,
    DeliveryState,
    LogKind,
)
from .services import ack_url, enqueue_deliveries

logger = logging.getLogger(__name__)


# What record_result answers when this worker's lease ran out and another worker took the
# message over meanwhile: that worker records the outcome, this one records only its attempt.
TAKEN_OVER = "taken_over"


@dataclass(frozen=True)
class Claim:
    delivery: Delivery
    attempt: DeliveryAttempt


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _lease() -> timedelta:
    return timedelta(seconds=settings.CRISIS_SENDING_LEASE_SECONDS)


def _should_cancel(delivery: Delivery) -> bool:
    """A message that no longer needs to go: the crisis ended, or (in an escalation round) the
    role has been acknowledged by someone in the meantime."""
    crisis = delivery.crisis
    if crisis.state == CrisisState.ENDED:
        return True
    if delivery.round == 1:
        return False
    recipient = delivery.recipient
    return crisis.recipients.filter(
        notification_role_id=recipient.notification_role_id,
        role_name=recipient.role_name,
        acknowledgement__isnull=False,
    ).exists()


def _rate_limited_until(delivery: Delivery, now: datetime) -> datetime | None:
    """When a slot frees for this address, if it has had CRISIS_RATE_LIMIT_COUNT messages in the
    last CRISIS_RATE_LIMIT_MINUTES; else None. Called with the address's quota row locked."""
    window = timedelta(minutes=settings.CRISIS_RATE_LIMIT_MINUTES)
    recent = Delivery.objects.filter(
        channel=delivery.channel,
        address=delivery.address,
        first_claimed_at__gt=now - window,
    ).exclude(pk=delivery.pk)
    if recent.count() < settings.CRISIS_RATE_LIMIT_COUNT:
        return None
    oldest = recent.aggregate(m=Min("first_claimed_at"))["m"]
    return oldest + window


def claim(delivery_id: int, now: datetime | None = None) -> Claim | None:
    """Take the message for sending, or None when another worker has it, it is done, not due,
    cancelled or held back by the rate limit."""
    now = _now(now)
    # A plain read first: most calls for a message someone else has are answered without
    # taking the database's write lock.
    delivery = (
        Delivery.objects.select_related("crisis__organisation", "recipient")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or not _claimable(delivery, now):
        return None
    with transaction.atomic():
        return _claim(delivery, now)


def _claimable(delivery: Delivery, now: datetime) -> bool:
    if delivery.state == DeliveryState.SENDING:
        return delivery.claimed_at < now - _lease()
    return delivery.state == DeliveryState.QUEUED and delivery.next_attempt_at <= now


def _claim(delivery: Delivery, now: datetime) -> Claim | None:
    stale = delivery.state == DeliveryState.SENDING
    if not stale and _should_cancel(delivery):
        Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.QUEUED).update(
            state=DeliveryState.CANCELLED
        )
        return None
    if delivery.first_claimed_at is None:
        AddressQuota.objects.bulk_create(
            [AddressQuota(channel=delivery.channel, address=delivery.address)],
            ignore_conflicts=True,
        )
        # Locks the address's row until the commit (filter().first(): one row, by key).
        AddressQuota.objects.select_for_update().filter(
            channel=delivery.channel, address=delivery.address
        ).first()
        until = _rate_limited_until(delivery, now)
        if until is not None:
            Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.QUEUED).update(
                next_attempt_at=until,
                last_error=_("Holdt tilbake: for mange varsler til samme mottaker."),
            )
            return None
    if stale:
        won = Delivery.objects.filter(
            pk=delivery.pk,
            state=DeliveryState.SENDING,
            claimed_at=delivery.claimed_at,
            attempts=delivery.attempts,
        )
    else:
        won = Delivery.objects.filter(
            pk=delivery.pk, state=DeliveryState.QUEUED, attempts=delivery.attempts
        )
    number = delivery.attempts + 1
    if not won.update(
        state=DeliveryState.SENDING,
        attempts=number,
        claimed_at=now,
        first_claimed_at=delivery.first_claimed_at or now,
    ):
        return None
    if stale:
        DeliveryAttempt.objects.filter(delivery=delivery, outcome=AttemptOutcome.PENDING).update(
            outcome=AttemptOutcome.INTERRUPTED,
            finished_at=now,
            error=_("Arbeideren stoppet før resultatet ble lagret."),
        )
    delivery.refresh_from_db()
    attempt = DeliveryAttempt.objects.create(delivery=delivery, number=number, started_at=now)
    return Claim(delivery, attempt)


# --- the messages ----------------------------------------------------------------------------


def _drill_prefix(crisis: Crisis) -> str:
    return _("ØVELSE") + ": " if crisis.is_drill else ""


def email_message(delivery: Delivery) -> EmailMessage:
    crisis, recipient = delivery.crisis, delivery.recipient
    organisation = crisis.organisation
    with translation.override(settings.LANGUAGE_CODE):
        subject = _drill_prefix(crisis) + _("Krisevarsel fra %(org)s: %(title)s") % {
            "org": organisation.name,
            "title": crisis.title,
        }
        lines = []
        if crisis.is_drill:
            lines += [_("ØVELSE – dette er en varslingsøvelse, ikke en virkelig krise."), ""]
        lines += [
            _("%(org)s har satt krise: %(title)s")
            % {"org": organisation.name, "title": crisis.title},
            _("Alvorlighet: %(severity)s") % {"severity": crisis.get_severity_display()},
            "",
        ]
        if crisis.description:
            lines += [crisis.description, ""]
        lines += [
            _("Du varsles som %(role)s.") % {"role": recipient.role_name}
            if not recipient.is_deputy
            else _("Du varsles som stedfortreder for %(role)s.") % {"role": recipient.role_name},
            "",
            _("Bekreft at du har mottatt varselet:"),
            ack_url(recipient),
        ]
        if delivery.round > 1:
            lines += ["", _("Dette er varsel nummer %(round)s.") % {"round": delivery.round}]
    message = EmailMessage(
        subject=subject,
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.address],
        # The same Message-ID on every attempt: mail systems that de-duplicate can use it.
        headers={"Message-ID": f"<crisis-{delivery.key.replace(':', '-')}@kommplan>"},
    )
    return message


def sms_text(delivery: Delivery) -> str:
    crisis = delivery.crisis
    with translation.override(settings.LANGUAGE_CODE):
        return _drill_prefix(crisis) + _(
            "Krisevarsel %(org)s: %(title)s. Bekreft mottatt: %(url)s"
        ) % {
            "org": crisis.organisation.name,
            "title": crisis.title[:80],
            "url": ack_url(delivery.recipient),
        }


def _send_email(delivery: Delivery) -> sms.SmsResult:
    try:
        email_message(delivery).send()
    except Exception as exc:  # SMTP failures come in many types; each is recorded
        # The server answered with a permanent refusal (5xx) for this recipient only.
        from smtplib import SMTPRecipientsRefused

        outcome = (
            sms.Outcome.PERMANENT
            if isinstance(exc, SMTPRecipientsRefused)
            else sms.Outcome.TRANSIENT
        )
        return sms.SmsResult(outcome, error=f"{type(exc).__name__}: {exc}"[:2000])
    return sms.SmsResult(sms.Outcome.SENT, response="250")


def _send_sms(delivery: Delivery) -> sms.SmsResult:
    try:
        return sms.get_backend().send(
            to=delivery.address, message=sms_text(delivery), reference=delivery.key
        )
    except Exception as exc:  # a backend that raises is treated as a gateway that failed
        logger.exception("SMS backend failed for %s", delivery.key)
        return sms.SmsResult(sms.Outcome.TRANSIENT, error=f"{type(exc).__name__}: {exc}"[:2000])


def transmit(delivery: Delivery) -> sms.SmsResult:
    """The network call; no transaction is open here."""
    if delivery.channel == Channel.EMAIL:
        return _send_email(delivery)
    return _send_sms(delivery)


# --- recording -------------------------------------------------------------------------------


def _log(delivery: Delivery, kind: str, text: str, now: datetime) -> None:
    # Messages still finishing after the crisis ended are recorded on the delivery only.
    if Crisis.objects.filter(pk=delivery.crisis_id, state=CrisisState.ACTIVE).exists():
        CrisisLogEntry.objects.create(
            crisis_id=delivery.crisis_id,
            kind=kind,
            text=text,
            created_at=now,
            recipient_id=delivery.recipient_id,
            delivery=delivery,
        )


def _retry_delay(attempts: int) -> int | None:
    delays = settings.CRISIS_RETRY_DELAYS
    return delays[attempts - 1] if attempts <= len(delays) else None


def _channel_label(delivery: Delivery) -> str:
    return str(Channel(delivery.channel).label)


@transaction.atomic
def record_result(claimed: Claim, result: sms.SmsResult, now: datetime | None = None) -> str:
    """Store the outcome of the attempt and move the message on. Returns the new state."""
    now = _now(now)
    delivery, attempt = claimed.delivery, claimed.attempt
    attempt.finished_at = now
    attempt.gateway_status = result.status
    attempt.gateway_response = result.response[:2000]
    attempt.error = result.error[:2000]
    attempt.outcome = (
        AttemptOutcome.DUPLICATE if result.duplicate else AttemptOutcome(str(result.outcome))
    )
    attempt.save()
    mine = Delivery.objects.filter(
        pk=delivery.pk, state=DeliveryState.SENDING, attempts=attempt.number
    )
    label = _channel_label(delivery)
    if result.outcome == sms.Outcome.SENT:
        if not mine.update(state=DeliveryState.SENT, sent_at=now, last_error=""):
            return TAKEN_OVER
        _log(
            delivery,
            LogKind.ALERT,
            _("Varsel levert på %(channel)s (runde %(round)s).")
            % {"channel": label, "round": delivery.round},
            now,
        )
        return DeliveryState.SENT
    delay = _retry_delay(attempt.number) if result.outcome == sms.Outcome.TRANSIENT else None
    if delay is not None:
        if not mine.update(
            state=DeliveryState.QUEUED,
            next_attempt_at=now + timedelta(seconds=delay),
            last_error=result.error[:2000],
        ):
            return TAKEN_OVER
        transaction.on_commit(lambda: enqueue_deliveries([delivery.pk], delay=delay))
        return DeliveryState.QUEUED
    # Failed for good: a refused SMS falls back to the round's email at once.
    fallback = delivery.channel == Channel.SMS and bool(delivery.recipient.email)
    state = DeliveryState.FALLBACK if fallback else DeliveryState.FAILED
    if not mine.update(state=state, last_error=result.error[:2000]):
        return TAKEN_OVER
    if fallback:
        _ensure_email_fallback(delivery, now)
    _log(
        delivery,
        LogKind.ALERT,
        _("Varsel på %(channel)s kunne ikke leveres (runde %(round)s): %(error)s")
        % {"channel": label, "round": delivery.round, "error": result.error[:200]},
        now,
    )
    if fallback:
        _log(delivery, LogKind.SYSTEM, _("Sender varselet på e-post i stedet."), now)
    warn_administrators(delivery, result.error)
    return state


def _ensure_email_fallback(delivery: Delivery, now: datetime) -> Delivery:
    """The round's email to the recipient, created if missing and made due now."""
    key = f"{delivery.crisis_id}:{delivery.recipient_id}:{Channel.EMAIL}:{delivery.round}"
    email = Delivery.objects.filter(key=key).first()
    created = email is None
    if created:
        email = Delivery.objects.create(
            key=key,
            crisis_id=delivery.crisis_id,
            recipient_id=delivery.recipient_id,
            channel=Channel.EMAIL,
            round=delivery.round,
            address=delivery.recipient.email,
            created_at=now,
            next_attempt_at=now,
        )
    if not created:
        # A retry waiting for its backoff goes now: the person has no other way to hear of it.
        Delivery.objects.filter(pk=email.pk, state=DeliveryState.QUEUED).update(next_attempt_at=now)
    if email.state == DeliveryState.QUEUED:
        transaction.on_commit(lambda: enqueue_deliveries([email.pk]))
    return email


def warn_administrators(delivery: Delivery, error: str) -> None:
    """Email the organisation's administrators that an alert could not be delivered (after the
    commit; a failing mail server is logged, not raised)."""
    crisis = delivery.crisis
    admins = list(
        Membership.objects.filter(
            organisation_id=crisis.organisation_id,
            role=MemberRole.ADMINISTRATOR,
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not admins:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _drill_prefix(crisis) + _("Varsel kunne ikke leveres: %(role)s") % {
            "role": delivery.recipient.role_name
        }
        body = "\n".join(
            [
                _("Varselet om «%(title)s» kunne ikke leveres på %(channel)s til %(role)s.")
                % {
                    "title": crisis.title,
                    "channel": _channel_label(delivery),
                    "role": delivery.recipient.role_name,
                },
                _("Feil: %(error)s") % {"error": error[:500]},
                "",
                _("Kontroller varslingslisten og ta kontakt på annen måte."),
                f"{settings.SITE_URL}/org/{crisis.organisation.slug}/krise/{crisis.pk}/",
            ]
        )

    def _send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, admins)
        except Exception:
            logger.exception("Could not warn the administrators of %s", crisis.organisation)

    transaction.on_commit(_send)


def send_delivery(delivery_id: int, *, now: datetime | None = None) -> str | None:
    """Claim, send and record one message. Returns its new state, or None when this worker did
    not claim it (someone else has it, it is done, or not due yet)."""
    claimed = claim(delivery_id, now)
    if claimed is None:
        return None
    result = transmit(claimed.delivery)
    return record_result(claimed, result, now)


def pending_count(crisis: Crisis) -> int:
    return crisis.deliveries.filter(
        Q(state=DeliveryState.QUEUED) | Q(state=DeliveryState.SENDING)
    ).count()
