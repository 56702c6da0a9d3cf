"""Writes for crisis mode: the notification list, crises, acknowledgements, escalation and
personal data requests. Sending itself is in delivery.py (claim, send, record).

Every service runs in one transaction; list changes and crisis starts/ends are audit-logged in
the same transaction. Queued messages are handed to Huey only after the commit (on_commit), and
the sweeper (`dispatch_due`, every minute) hands over anything still due, so a queue that is
down when a crisis starts delays the alert but never loses it.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from kommplan.audit.models import AuditEvent
from kommplan.audit.services import record
from kommplan.organisations.models import Organisation
from kommplan.strategies.models import NotificationEntry

from .models import (
    Acknowledgement,
    AckVia,
    Channel,
    Contact,
    Crisis,
    CrisisLogEntry,
    CrisisSettings,
    CrisisState,
    Delivery,
    DeliveryAttempt,
    DeliveryState,
    LogKind,
    NotificationRole,
    Recipient,
    Severity,
)

logger = logging.getLogger(__name__)

PEOPLE_LOG_KINDS = (LogKind.EVENT, LogKind.DECISION, LogKind.MESSAGE)
ERASED_NAME = "—"
_TOKEN_SALT = "kommplan.crisis.acknowledge"


class InvalidToken(ObjectDoesNotExist):
    """No recipient has this acknowledge token."""


class CrisisClosed(ValidationError):
    """The crisis has ended; its log and acknowledgements are closed."""


# --- phone numbers ---------------------------------------------------------------------------


def normalise_phone(raw: str) -> str:
    """E.164: "912 34 567" and "0047 91234567" become "+4791234567"; "" stays ""."""
    value = re.sub(r"[\s().-]", "", raw or "")
    if not value:
        return ""
    if value.startswith("00"):
        value = "+" + value[2:]
    elif not value.startswith("+") and len(value) == 8:
        value = "+47" + value
    if not re.fullmatch(r"\+[1-9]\d{6,14}", value) and not re.fullmatch(r"\+470\d{7}", value):
        raise ValidationError(
            {
                "phone": _("«%(value)s» er ikke et telefonnummer (8 siffer, eller +landkode).")
                % {"value": raw}
            }
        )
    return value


def _clean_contact(name: str, phone: str, email: str) -> tuple[str, str, str]:
    name = (name or "").strip()
    email = (email or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Skriv navnet.")]
    try:
        phone = normalise_phone(phone)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("«%(value)s» er ikke en e-postadresse.") % {"value": email}]
    if errors:
        raise ValidationError(errors)
    return name, phone, email


def _masked(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    # Personal data stays out of the audit log, so erasing it on request erases it everywhere.
    return {key: ["…", "…"] for key in changes}


# --- the notification list -------------------------------------------------------------------


@transaction.atomic
def seed_notification_list(
    *, organisation: Organisation, actor: User | None = None
) -> list[NotificationRole]:
    """Copy the plan's notification list (NotificationEntry rows of the organisation's
    strategies) into roles and people; entries copied before are skipped. Returns new roles."""
    entries = (
        NotificationEntry.objects.filter(strategy__organisation=organisation, crisis_role=None)
        .select_related("strategy")
        .order_by("strategy__pk", "position", "pk")
    )
    position = _next_role_position(organisation)
    created = []
    for entry in entries:
        role = NotificationRole.objects.create(
            organisation=organisation, position=position, role=entry.role, source_entry=entry
        )
        position += 1
        if entry.name:
            try:
                name, phone, email = _clean_contact(entry.name, entry.phone, entry.email)
            except ValidationError:
                name, phone, email = entry.name, "", entry.email
            Contact.objects.create(role=role, rank=0, name=name, phone=phone, email=email)
        record(
            actor=actor,
            event=AuditEvent.CREATE,
            obj=role,
            organisation=organisation,
            changes={"role": [None, role.role]},
        )
        created.append(role)
    return created


def _next_role_position(organisation: Organisation) -> int:
    top = NotificationRole.objects.filter(organisation=organisation).aggregate(m=Max("position"))
    return 0 if top["m"] is None else top["m"] + 1


@transaction.atomic
def add_role(*, organisation: Organisation, actor: User, role: str) -> NotificationRole:
    """Append a role to the end of the list."""
    role = (role or "").strip()
    if not role:
        raise ValidationError({"role": [_("Skriv rollen.")]})
    made = NotificationRole.objects.create(
        organisation=organisation, position=_next_role_position(organisation), role=role
    )
    record(
        actor=actor,
        event=AuditEvent.CREATE,
        obj=made,
        organisation=organisation,
        changes={"role": [None, role]},
    )
    return made


@transaction.atomic
def update_role(*, notification_role: NotificationRole, actor: User, role: str) -> NotificationRole:
    role = (role or "").strip()
    if not role:
        raise ValidationError({"role": [_("Skriv rollen.")]})
    before = notification_role.role
    if before != role:
        notification_role.role = role
        notification_role.save(update_fields=["role"])
        record(
            actor=actor,
            event=AuditEvent.UPDATE,
            obj=notification_role,
            organisation=notification_role.organisation,
            changes={"role": [before, role]},
        )
    return notification_role


@transaction.atomic
def delete_role(*, notification_role: NotificationRole, actor: User) -> None:
    record(
        actor=actor,
        event=AuditEvent.DELETE,
        obj=notification_role,
        organisation=notification_role.organisation,
        changes={"role": [notification_role.role, None]},
    )
    notification_role.delete()


@transaction.atomic
def move_role(
    *, notification_role: NotificationRole, actor: User, direction: int
) -> NotificationRole:
    """Swap with the neighbour above (-1) or below (+1); nothing happens at either end."""
    roles = list(
        NotificationRole.objects.select_for_update()
        .filter(organisation_id=notification_role.organisation_id)
        .order_by("position", "pk")
    )
    index = next(i for i, r in enumerate(roles) if r.pk == notification_role.pk)
    other = index + (1 if direction > 0 else -1)
    if other < 0 or other >= len(roles):
        return notification_role
    roles[index], roles[other] = roles[other], roles[index]
    for position, role in enumerate(roles):
        if role.position != position:
            role.position = position
            role.save(update_fields=["position"])
    moved = roles[other]
    record(
        actor=actor,
        event=AuditEvent.UPDATE,
        obj=moved,
        organisation=moved.organisation,
        changes={"position": [index, other]},
    )
    return moved


@transaction.atomic
def add_contact(
    *, notification_role: NotificationRole, actor: User, name: str, phone: str = "", email: str = ""
) -> Contact:
    """Add a person to a role: the first one holds it, the next ones are deputies in order."""
    name, phone, email = _clean_contact(name, phone, email)
    top = notification_role.contacts.aggregate(m=Max("rank"))["m"]
    contact = Contact.objects.create(
        role=notification_role,
        rank=0 if top is None else top + 1,
        name=name,
        phone=phone,
        email=email,
    )
    record(
        actor=actor,
        event=AuditEvent.CREATE,
        obj=contact,
        organisation=notification_role.organisation,
        object_label=f"{notification_role.role} #{contact.rank}",
        changes=_masked({"name": [], "phone": [], "email": []}),
    )
    return contact


@transaction.atomic
def update_contact(*, contact: Contact, actor: User, name: str, phone: str, email: str) -> Contact:
    name, phone, email = _clean_contact(name, phone, email)
    changes = {
        field: [getattr(contact, field), value]
        for field, value in (("name", name), ("phone", phone), ("email", email))
        if getattr(contact, field) != value
    }
    if changes:
        contact.name, contact.phone, contact.email = name, phone, email
        contact.save(update_fields=["name", "phone", "email"])
        record(
            actor=actor,
            event=AuditEvent.UPDATE,
            obj=contact,
            organisation=contact.role.organisation,
            object_label=f"{contact.role.role} #{contact.rank}",
            changes=_masked(changes),
        )
    return contact


def _close_up_ranks(role: NotificationRole) -> None:
    contacts = list(role.contacts.order_by("rank", "pk"))
    # Two passes: ranks are unique per role, so move everything out of the way first.
    for contact in contacts:
        contact.rank += 1000
        contact.save(update_fields=["rank"])
    for rank, contact in enumerate(contacts):
        contact.rank = rank
        contact.save(update_fields=["rank"])


@transaction.atomic
def delete_contact(*, contact: Contact, actor: User) -> None:
    role = contact.role
    record(
        actor=actor,
        event=AuditEvent.DELETE,
        obj=contact,
        organisation=role.organisation,
        object_label=f"{role.role} #{contact.rank}",
        changes=_masked({"name": [], "phone": [], "email": []}),
    )
    contact.delete()
    _close_up_ranks(role)


@transaction.atomic
def move_contact(*, contact: Contact, actor: User, direction: int) -> Contact:
    """Swap with the person ranked just above (-1) or below (+1); rank 0 holds the role."""
    contacts = list(contact.role.contacts.select_for_update().order_by("rank", "pk"))
    index = next(i for i, c in enumerate(contacts) if c.pk == contact.pk)
    other = index + (1 if direction > 0 else -1)
    if other < 0 or other >= len(contacts):
        return contact
    contacts[index], contacts[other] = contacts[other], contacts[index]
    for moved in contacts:
        moved.rank += 1000
        moved.save(update_fields=["rank"])
    for rank, moved in enumerate(contacts):
        moved.rank = rank
        moved.save(update_fields=["rank"])
    record(
        actor=actor,
        event=AuditEvent.UPDATE,
        obj=contact,
        organisation=contact.role.organisation,
        object_label=f"{contact.role.role} #{other}",
        changes={"rank": [index, other]},
    )
    contact.rank = other
    return contact


@transaction.atomic
def update_crisis_settings(
    *,
    organisation: Organisation,
    actor: User,
    escalation_minutes: int,
    max_rounds: int,
    sms_enabled: bool,
) -> CrisisSettings:
    chosen, _created = CrisisSettings.objects.get_or_create(organisation=organisation)
    before = {
        "escalation_minutes": chosen.escalation_minutes,
        "max_rounds": chosen.max_rounds,
        "sms_enabled": chosen.sms_enabled,
    }
    chosen.escalation_minutes = escalation_minutes
    chosen.max_rounds = max_rounds
    chosen.sms_enabled = sms_enabled
    chosen.full_clean(exclude=["organisation"])
    chosen.save()
    after = {
        "escalation_minutes": escalation_minutes,
        "max_rounds": max_rounds,
        "sms_enabled": sms_enabled,
    }
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        record(
            actor=actor,
            event=AuditEvent.UPDATE,
            obj=chosen,
            organisation=organisation,
            changes=changes,
        )
    return chosen


# --- acknowledge tokens ----------------------------------------------------------------------


def _token_from_nonce(nonce: str) -> str:
    digest = salted_hmac(_TOKEN_SALT, nonce, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode()[:32]


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ack_token(recipient: Recipient) -> str:
    """The recipient's acknowledge token, recomputed from the stored nonce and SECRET_KEY (only
    its hash is in the database, so a copy of the database cannot acknowledge for anyone)."""
    return _token_from_nonce(recipient.token_nonce)


def ack_url(recipient: Recipient) -> str:
    return f"{settings.SITE_URL}/krise/mottatt/{ack_token(recipient)}/"


def _new_recipient(crisis: Crisis, contact: Contact, round_: int, now: datetime) -> Recipient:
    nonce = secrets.token_hex(16)
    return Recipient(
        crisis=crisis,
        contact=contact,
        notification_role=contact.role,
        role_position=contact.role.position,
        role_name=contact.role.role,
        rank=contact.rank,
        name=contact.name,
        phone=contact.phone,
        email=contact.email,
        first_round=round_,
        token_nonce=nonce,
        token_hash=_hash_token(_token_from_nonce(nonce)),
        created_at=now,
    )


def _deliveries_for(recipient: Recipient, round_: int, now: datetime) -> list[Delivery]:
    made = []
    channels = [(Channel.EMAIL, recipient.email)]
    if recipient.crisis.sms_enabled:
        channels.append((Channel.SMS, recipient.phone))
    for channel, address in channels:
        if address:
            made.append(
                Delivery(
                    crisis=recipient.crisis,
                    recipient=recipient,
                    channel=channel,
                    round=round_,
                    key=f"{recipient.crisis_id}:{recipient.pk}:{channel}:{round_}",
                    address=address,
                    created_at=now,
                    next_attempt_at=now,
                )
            )
    return made


def _queue_after_commit(deliveries: Iterable[Delivery]) -> None:
    ids = [delivery.pk for delivery in deliveries]
    if ids:
        transaction.on_commit(lambda: enqueue_deliveries(ids))


def enqueue_deliveries(ids: list[int], delay: int = 0) -> int:
    """Hand deliveries to Huey. A queue that is down is logged, not raised: the rows are stored
    and the sweeper hands them over when the queue is back."""
    from .tasks import send_delivery_task

    queued = 0
    for pk in ids:
        try:
            if delay > 0:
                send_delivery_task.schedule((pk,), delay=delay)
            else:
                send_delivery_task(pk)
            queued += 1
        except Exception:  # the queue's storage failing must not undo or stop the crisis
            logger.exception("Could not queue crisis delivery %s; the sweeper will retry", pk)
    return queued


# --- crises ----------------------------------------------------------------------------------


def _log(
    crisis: Crisis,
    kind: str,
    text: str,
    *,
    now: datetime,
    author: User | None = None,
    recipient: Recipient | None = None,
    delivery: Delivery | None = None,
) -> CrisisLogEntry:
    return CrisisLogEntry.objects.create(
        crisis=crisis,
        kind=kind,
        text=text,
        author=author if getattr(author, "pk", None) else None,
        author_name=(author.get_full_name() or author.get_username())
        if getattr(author, "pk", None)
        else "",
        created_at=now,
        recipient=recipient,
        delivery=delivery,
    )


@transaction.atomic
def start_crisis(
    *,
    organisation: Organisation,
    title: str,
    description: str,
    severity: str,
    actor: User | None,
    is_drill: bool = False,
    now: datetime | None = None,
) -> Crisis:
    """Start a crisis (or a drill): store it, its recipients (each role's holder, or its first
    deputy when nobody holds it) and their messages, and queue the sending after the commit."""
    now = now or timezone.now()
    title = (title or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Skriv en tittel.")]
    if severity not in Severity.values:
        errors["severity"] = [_("Velg alvorlighet.")]
    if errors:
        raise ValidationError(errors)
    if Crisis.objects.filter(
        organisation=organisation, is_drill=is_drill, state=CrisisState.ACTIVE
    ).exists():
        raise ValidationError(
            _("Det pågår allerede en øvelse.") if is_drill else _("Det pågår allerede en krise.")
        )
    if not NotificationRole.objects.filter(organisation=organisation).exists():
        seed_notification_list(organisation=organisation, actor=actor)
    chosen = CrisisSettings.objects.filter(organisation=organisation).first() or CrisisSettings()
    try:
        with transaction.atomic():
            crisis = Crisis.objects.create(
                organisation=organisation,
                title=title,
                description=(description or "").strip(),
                severity=severity,
                is_drill=is_drill,
                started_by=actor if getattr(actor, "pk", None) else None,
                started_at=now,
                round_started_at=now,
                escalation_minutes=chosen.escalation_minutes,
                max_rounds=chosen.max_rounds,
                sms_enabled=chosen.sms_enabled,
            )
    except IntegrityError:  # another request started one a moment ago
        raise ValidationError(_("Det pågår allerede en krise.")) from None
    _log(
        crisis,
        LogKind.SYSTEM,
        _("Varslingsøvelse startet: %(title)s") % {"title": title}
        if is_drill
        else _("Krise startet: %(title)s") % {"title": title},
        now=now,
        author=actor,
    )
    roles = NotificationRole.objects.filter(organisation=organisation).prefetch_related("contacts")
    deliveries: list[Delivery] = []
    for role in roles:
        contacts = sorted(role.contacts.all(), key=lambda c: c.rank)
        if not contacts:
            _log(
                crisis,
                LogKind.SYSTEM,
                _("Rollen «%(role)s» har ingen person på varslingslisten.") % {"role": role.role},
                now=now,
            )
            continue
        recipient = _new_recipient(crisis, contacts[0], 1, now)
        recipient.save()
        made = _deliveries_for(recipient, 1, now)
        if not made:
            _log(
                crisis,
                LogKind.SYSTEM,
                _("Mangler telefon og e-post; kan ikke varsles."),
                now=now,
                recipient=recipient,
            )
        deliveries.extend(made)
    if not deliveries:
        raise ValidationError(
            _("Ingen på varslingslisten har telefon eller e-post. Fyll ut varslingslisten først.")
        )
    Delivery.objects.bulk_create(deliveries)
    record(
        actor=actor,
        event=AuditEvent.CREATE,
        obj=crisis,
        organisation=organisation,
        changes={
            "title": [None, title],
            "severity": [None, severity],
            "is_drill": [None, is_drill],
        },
    )
    _queue_after_commit(deliveries)
    return crisis


def _refuse_if_ended(crisis: Crisis) -> Crisis:
    fresh = Crisis.objects.select_for_update().filter(pk=crisis.pk).first()
    if fresh.state == CrisisState.ENDED:
        raise CrisisClosed(_("Krisen er avsluttet; loggen kan ikke endres."))
    return fresh


@transaction.atomic
def add_log_entry(
    *, crisis: Crisis, actor: User, kind: str, text: str, now: datetime | None = None
) -> CrisisLogEntry:
    """A person's entry in the timeline: an event, a decision or a message sent outside
    kommplan."""
    text = (text or "").strip()
    errors: dict[str, list[str]] = {}
    if kind not in PEOPLE_LOG_KINDS:
        errors["kind"] = [_("Velg hendelse, beslutning eller melding.")]
    if not text:
        errors["text"] = [_("Skriv hva som skjedde.")]
    if errors:
        raise ValidationError(errors)
    crisis = _refuse_if_ended(crisis)
    entry = _log(crisis, kind, text, now=now or timezone.now(), author=actor)
    record(
        actor=actor,
        event=AuditEvent.CREATE,
        obj=entry,
        organisation=crisis.organisation,
        changes={"kind": [None, kind], "text": [None, text]},
    )
    return entry


@transaction.atomic
def end_crisis(*, crisis: Crisis, actor: User, now: datetime | None = None) -> Crisis:
    """End the crisis: messages not yet sent are cancelled, the log is closed."""
    now = now or timezone.now()
    crisis = _refuse_if_ended(crisis)
    Delivery.objects.filter(crisis=crisis, state=DeliveryState.QUEUED).update(
        state=DeliveryState.CANCELLED
    )
    _log(
        crisis,
        LogKind.SYSTEM,
        _("Øvelsen er avsluttet.") if crisis.is_drill else _("Krisen er avsluttet."),
        now=now,
        author=actor,
    )
    crisis.state = CrisisState.ENDED
    crisis.ended_at = now
    crisis.ended_by = actor if getattr(actor, "pk", None) else None
    crisis.save(update_fields=["state", "ended_at", "ended_by"])
    record(
        actor=actor,
        event=AuditEvent.UPDATE,
        obj=crisis,
        organisation=crisis.organisation,
        changes={"state": [CrisisState.ACTIVE, CrisisState.ENDED]},
    )
    return crisis


def _acknowledge(
    recipient: Recipient, *, now: datetime, via: str, actor: User | None
) -> Acknowledgement:
    existing = Acknowledgement.objects.filter(recipient=recipient).first()
    if existing is not None:
        return existing
    crisis = Crisis.objects.select_for_update().filter(pk=recipient.crisis_id).first()
    if crisis.state == CrisisState.ENDED:
        raise CrisisClosed(_("Krisen er avsluttet."))
    try:
        with transaction.atomic():
            ack = Acknowledgement.objects.create(
                recipient=recipient,
                acknowledged_at=now,
                via=via,
                registered_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:  # acknowledged twice at once: the first one counts
        return Acknowledgement.objects.filter(recipient=recipient).first()
    _log(
        crisis,
        LogKind.ACK,
        _("Bekreftet mottatt.") if via == AckVia.LINK else _("Mottak registrert av en annen."),
        now=now,
        author=actor,
        recipient=recipient,
    )
    return ack


@transaction.atomic
def acknowledge(token: str, *, now: datetime | None = None) -> Acknowledgement:
    """The recipient with this token has received the alert. Idempotent: a second call returns
    the first acknowledgement."""
    recipient = Recipient.objects.filter(token_hash=_hash_token(token or "")).first()
    if recipient is None:
        raise InvalidToken(_("Lenken er ikke gyldig."))
    return _acknowledge(recipient, now=now or timezone.now(), via=AckVia.LINK, actor=None)


@transaction.atomic
def acknowledge_for(
    *, recipient: Recipient, actor: User, now: datetime | None = None
) -> Acknowledgement:
    """Someone registers that the recipient has received the alert (a phone call, say)."""
    return _acknowledge(recipient, now=now or timezone.now(), via=AckVia.MANUAL, actor=actor)


# --- escalation ------------------------------------------------------------------------------


def escalate_due(now: datetime | None = None) -> list[Crisis]:
    """For each active crisis whose round started `escalation_minutes` ago or more: alert again
    everyone in a role nobody has acknowledged, and alert the role's deputies not alerted yet.
    The next round is claimed with a conditional UPDATE, so it happens once."""
    now = now or timezone.now()
    escalated = []
    due = Crisis.objects.filter(state=CrisisState.ACTIVE, current_round__lt=F("max_rounds"))
    for crisis in due:
        if crisis.round_started_at + timedelta(minutes=crisis.escalation_minutes) > now:
            continue
        if _escalate(crisis, now):
            escalated.append(crisis)
    return escalated


@transaction.atomic
def _escalate(crisis: Crisis, now: datetime) -> bool:
    recipients = list(
        Recipient.objects.filter(crisis=crisis).select_related("acknowledgement", "crisis")
    )
    acked_roles = {
        (r.notification_role_id, r.role_name) for r in recipients if hasattr(r, "acknowledgement")
    }
    open_roles = {(r.notification_role_id, r.role_name) for r in recipients} - acked_roles
    if not open_roles:
        return False
    next_round = crisis.current_round + 1
    won = Crisis.objects.filter(
        pk=crisis.pk, state=CrisisState.ACTIVE, current_round=crisis.current_round
    ).update(current_round=next_round, round_started_at=now)
    if not won:
        return False
    crisis.current_round, crisis.round_started_at = next_round, now
    alerted_contacts = {r.contact_id for r in recipients if r.contact_id}
    deliveries: list[Delivery] = []
    for recipient in recipients:
        if (recipient.notification_role_id, recipient.role_name) in open_roles:
            recipient.crisis = crisis
            deliveries.extend(_deliveries_for(recipient, next_round, now))
    role_ids = [role_id for role_id, _name in open_roles if role_id]
    deputies = Contact.objects.filter(role_id__in=role_ids, rank__gt=0).select_related("role")
    for contact in deputies:
        if contact.pk in alerted_contacts:
            continue
        deputy = _new_recipient(crisis, contact, next_round, now)
        deputy.save()
        deliveries.extend(_deliveries_for(deputy, next_round, now))
    Delivery.objects.bulk_create(deliveries)
    _log(
        crisis,
        LogKind.ESCALATION,
        _(
            "Runde %(round)s: %(roles)s rolle(r) har ikke bekreftet innen %(minutes)s minutter; "
            "varsler på nytt og varsler stedfortredere."
        )
        % {"round": next_round, "roles": len(open_roles), "minutes": crisis.escalation_minutes},
        now=now,
    )
    _queue_after_commit(deliveries)
    return True


# --- the sweeper -----------------------------------------------------------------------------


def _due_ids(now: datetime) -> list[int]:
    lease = timedelta(seconds=settings.CRISIS_SENDING_LEASE_SECONDS)
    return list(
        Delivery.objects.filter(
            Q(state=DeliveryState.QUEUED, next_attempt_at__lte=now)
            | Q(state=DeliveryState.SENDING, claimed_at__lt=now - lease)
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )


def dispatch_due(now: datetime | None = None) -> int:
    """Hand every due message to the queue: new ones whose first hand-over failed, retries whose
    wait is over, and ones a dead worker left `sending` past the lease."""
    return enqueue_deliveries(_due_ids(now or timezone.now()))


def send_pending(now: datetime | None = None) -> int:
    """Send every due message in this process (the CLI and the benchmark); safe next to running
    workers, since each message is claimed first. Returns how many were sent now."""
    from .delivery import send_delivery

    sent = 0
    for pk in _due_ids(now or timezone.now()):
        if send_delivery(pk, now=now) == DeliveryState.SENT:
            sent += 1
    return sent


# --- personal data (personopplysningsloven) --------------------------------------------------


def _person_filter(email: str, phone: str) -> tuple[Q, Q]:
    email = (email or "").strip()
    phone = normalise_phone(phone) if phone else ""
    if not email and not phone:
        raise ValidationError(_("Oppgi e-postadresse eller telefonnummer."))
    contact_q = Q(pk__in=[])
    delivery_q = Q(pk__in=[])
    if email:
        contact_q |= Q(email__iexact=email)
        delivery_q |= Q(channel=Channel.EMAIL, address__iexact=email)
    if phone:
        contact_q |= Q(phone=phone)
        delivery_q |= Q(channel=Channel.SMS, address=phone)
    return contact_q, delivery_q


@transaction.atomic
def export_person_data(
    *, organisation: Organisation, actor: User, email: str = "", phone: str = ""
) -> dict[str, Any]:
    """Everything the organisation holds about the person with this email or phone, as JSON-ready
    data: their places on the notification list, the crises they were alerted in, every message
    and whether they acknowledged."""
    contact_q, _delivery_q = _person_filter(email, phone)
    contacts = Contact.objects.filter(contact_q, role__organisation=organisation).select_related(
        "role"
    )
    recipients = (
        Recipient.objects.filter(contact_q, crisis__organisation=organisation)
        .select_related("crisis", "acknowledgement")
        .prefetch_related("deliveries__attempt_log")
    )
    data = {
        "organisation": organisation.name,
        "exported_at": timezone.now().isoformat(),
        "notification_list": [
            {
                "role": c.role.role,
                "deputy": c.is_deputy,
                "rank": c.rank,
                "name": c.name,
                "phone": c.phone,
                "email": c.email,
            }
            for c in contacts
        ],
        "alerts": [
            {
                "crisis": r.crisis.title,
                "drill": r.crisis.is_drill,
                "started_at": r.crisis.started_at.isoformat(),
                "role": r.role_name,
                "name": r.name,
                "phone": r.phone,
                "email": r.email,
                "acknowledged_at": r.acknowledgement.acknowledged_at.isoformat()
                if hasattr(r, "acknowledgement")
                else None,
                "messages": [
                    {
                        "channel": d.channel,
                        "round": d.round,
                        "address": d.address,
                        "state": d.state,
                        "sent_at": d.sent_at.isoformat() if d.sent_at else None,
                        "attempts": [
                            {
                                "at": a.started_at.isoformat(),
                                "outcome": a.outcome,
                                "gateway_status": a.gateway_status,
                            }
                            for a in d.attempt_log.all()
                        ],
                    }
                    for d in r.deliveries.all()
                ],
            }
            for r in recipients
        ],
    }
    record(
        actor=actor,
        event=AuditEvent.EXPORT,
        organisation=organisation,
        object_type="crisis.person",
        object_label=_("Innsyn i personopplysninger (varslingsliste)"),
        changes={"records": [None, len(data["notification_list"]) + len(data["alerts"])]},
    )
    return data


@transaction.atomic
def erase_person_data(
    *, organisation: Organisation, actor: User, email: str = "", phone: str = ""
) -> int:
    """Delete the person from the notification list and anonymise them in past alerts (the crisis
    log keeps that *someone* in the role was alerted, not who). Returns rows affected."""
    contact_q, delivery_q = _person_filter(email, phone)
    recipients = Recipient.objects.filter(contact_q, crisis__organisation=organisation)
    recipient_ids = list(recipients.values_list("pk", flat=True))
    affected = Delivery.objects.filter(
        Q(recipient_id__in=recipient_ids) | delivery_q, crisis__organisation=organisation
    ).update(address="")
    DeliveryAttempt.objects.filter(delivery__recipient_id__in=recipient_ids).update(
        gateway_response="", error=""
    )
    affected += Recipient.objects.filter(pk__in=recipient_ids).update(
        name=ERASED_NAME, phone="", email="", contact=None
    )
    contacts = list(
        Contact.objects.filter(contact_q, role__organisation=organisation).select_related("role")
    )
    roles = {c.role_id: c.role for c in contacts}
    for contact in contacts:
        contact.delete()
    for role in roles.values():
        _close_up_ranks(role)
    affected += len(contacts)
    record(
        actor=actor,
        event=AuditEvent.DELETE,
        organisation=organisation,
        object_type="crisis.person",
        object_label=_("Sletting av personopplysninger (varslingsliste)"),
        changes={"records": [affected, 0]},
    )
    return affected
