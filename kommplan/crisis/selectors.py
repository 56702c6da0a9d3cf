"""Reads for crisis pages, with flat query counts; contact details only for those allowed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from kommplan.organisations.access import Access
from kommplan.organisations.models import Organisation

from .access import can_see_contact_details
from .models import (
    Contact,
    Crisis,
    CrisisLogEntry,
    CrisisSettings,
    CrisisState,
    Delivery,
    DeliveryState,
    NotificationRole,
    Recipient,
)


def get_crisis_settings(organisation: Organisation) -> CrisisSettings:
    """The organisation's settings; unsaved defaults when it never changed them."""
    found = CrisisSettings.objects.filter(organisation=organisation).first()
    return found or CrisisSettings(organisation=organisation)


def notification_list(*, organisation: Organisation, access: Access) -> list[NotificationRole]:
    """The roles in order, each with `.contacts_list` (holder first, then deputies). Phone and
    email are blanked for those who may not see them. 2 queries: roles, contacts."""
    roles = list(
        NotificationRole.objects.filter(organisation=organisation)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("contacts", queryset=Contact.objects.order_by("rank", "pk")))
    )
    hide = not can_see_contact_details(access)
    for role in roles:
        role.contacts_list = list(role.contacts.all())
        if hide:
            for contact in role.contacts_list:
                contact.phone = ""
                contact.email = ""
    return roles


def active_crises(organisation: Organisation) -> list[Crisis]:
    """The running crisis first, then the running drill. 1 query."""
    return sorted(
        Crisis.objects.filter(organisation=organisation, state=CrisisState.ACTIVE).select_related(
            "started_by"
        ),
        key=lambda crisis: crisis.is_drill,
    )


def active_crisis(organisation: Organisation) -> Crisis | None:
    """What the dashboard banner shows: the real crisis, else the drill."""
    running = active_crises(organisation)
    return running[0] if running else None


def crises_for(organisation: Organisation) -> QuerySet[Crisis]:
    return Crisis.objects.filter(organisation=organisation).select_related("started_by", "ended_by")


@dataclass
class RecipientRow:
    recipient: Recipient
    role_name: str
    name: str
    is_deputy: bool
    phone: str
    email: str
    first_round: int
    deliveries: list[Delivery]
    acknowledged_at: datetime | None

    @property
    def reached(self) -> bool:
        return any(d.state in (DeliveryState.SENT,) for d in self.deliveries)

    @property
    def failed(self) -> bool:
        return bool(self.deliveries) and all(
            d.state in (DeliveryState.FAILED, DeliveryState.FALLBACK, DeliveryState.CANCELLED)
            for d in self.deliveries
        )


@dataclass
class CrisisStatus:
    crisis: Crisis
    rows: list[RecipientRow] = field(default_factory=list)

    @property
    def recipients(self) -> int:
        return len(self.rows)

    @property
    def reached(self) -> int:
        return sum(1 for row in self.rows if row.reached)

    @property
    def acknowledged(self) -> int:
        return sum(1 for row in self.rows if row.acknowledged_at)

    @property
    def failed(self) -> int:
        return sum(1 for row in self.rows if row.failed)

    @property
    def pending(self) -> int:
        return sum(
            1
            for row in self.rows
            for d in row.deliveries
            if d.state in (DeliveryState.QUEUED, DeliveryState.SENDING)
        )


def crisis_status(*, crisis: Crisis, access: Access | None) -> CrisisStatus:
    """Per recipient: who, which role, every message (channel, round, state, attempts) and when
    they acknowledged. 2 queries: recipients with acknowledgements, deliveries. `access=None`
    (the command line, run by an operator) shows contact details."""
    show = access is None or can_see_contact_details(access)
    recipients = (
        Recipient.objects.filter(crisis=crisis)
        .select_related("acknowledgement")
        .prefetch_related(
            Prefetch("deliveries", queryset=Delivery.objects.order_by("round", "channel"))
        )
        .order_by("role_position", "rank", "pk")
    )
    status = CrisisStatus(crisis=crisis)
    for recipient in recipients:
        ack = getattr(recipient, "acknowledgement", None) if _has_ack(recipient) else None
        status.rows.append(
            RecipientRow(
                recipient=recipient,
                role_name=recipient.role_name,
                name=recipient.name,
                is_deputy=recipient.is_deputy,
                phone=recipient.phone if show else "",
                email=recipient.email if show else "",
                first_round=recipient.first_round,
                deliveries=list(recipient.deliveries.all()),
                acknowledged_at=ack.acknowledged_at if ack else None,
            )
        )
    return status


def _has_ack(recipient: Recipient) -> bool:
    try:
        recipient.acknowledgement  # noqa: B018 (select_related filled it, or it is missing)
    except Recipient.acknowledgement.RelatedObjectDoesNotExist:
        return False
    return True


def crisis_log(*, crisis: Crisis) -> list[CrisisLogEntry]:
    """The timeline, oldest first, with author, recipient and message. 1 query."""
    return list(
        CrisisLogEntry.objects.filter(crisis=crisis)
        .select_related("author", "recipient", "delivery")
        .order_by("created_at", "pk")
    )


def recipient_for_token(token: str) -> Recipient | None:
    """The recipient an acknowledge link belongs to (for the page that asks to confirm)."""
    digest = hashlib.sha256((token or "").encode()).hexdigest()
    recipient = (
        Recipient.objects.select_related("crisis__organisation", "acknowledgement")
        .filter(token_hash=digest)
        .first()
    )
    return recipient
