"""Fictional people for the demo organisations' notification lists, so a drill works at once.

Addresses are on `varsling.example` (RFC 2606 reserves .example: no mail can be delivered there)
and phone numbers are "+47 01 …": Norwegian subscriber numbers never start with 0 (Nkom's
numbering plan), so no real person can receive these even through a real gateway.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from kommplan.organisations.models import Organisation

from .models import Contact, NotificationRole
from .services import seed_notification_list

DEMO_DOMAIN = "varsling.example"
# One holder and one deputy per role, given in turn from these names.
DEMO_NAMES = [
    ("Kari Nordvik", "Ola Berg"),
    ("Ingrid Haugen", "Per Lunde"),
    ("Silje Moen", "Jonas Dahl"),
    ("Astrid Lie", "Magnus Strand"),
    ("Nora Bakken", "Emil Aas"),
    ("Hilde Solberg", "Lars Vik"),
]


def _phone(serial: int) -> str:
    return f"+4701{serial:06d}"


@transaction.atomic
def ensure_demo_notification_lists() -> list[str]:
    """Copy each demo organisation's plan list into a notification list and give every role
    without people a fictional holder and deputy (once; people already there are kept)."""
    lines = []
    serial = 0
    for organisation in Organisation.objects.order_by("pk"):
        seed_notification_list(organisation=organisation)
        roles = NotificationRole.objects.filter(organisation=organisation).order_by(
            "position", "pk"
        )
        for index, role in enumerate(roles):
            serial = organisation.pk * 100 + index * 2
            if role.contacts.exists():
                continue
            holder, deputy = DEMO_NAMES[index % len(DEMO_NAMES)]
            for rank, name in enumerate((holder, deputy)):
                local = f"{slugify(organisation.slug)}.{slugify(role.role)}"
                Contact.objects.create(
                    role=role,
                    rank=rank,
                    name=name,
                    email=f"{local}{'.stedfortreder' if rank else ''}@{DEMO_DOMAIN}",
                    phone=_phone(serial + rank),
                )
            lines.append(f"Varslingsliste {organisation.name}: {role.role} – {holder}, {deputy}")
    return lines
