"""Users: deactivation and the demo cast."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from kommplan.organisations.models import MemberRole, Membership, Organisation


@transaction.atomic
def deactivate_user(*, user: User) -> int:
    """Block a user and end every session they have; returns how many sessions ended."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


DEMO_PASSWORD = "demo-kommplan"

# One user per role in two organisations, and a reader from a member municipality.
DEMO_USERS = [
    ("rana-admin", "Rana kommune", MemberRole.ADMINISTRATOR, "Anne", "Administrator"),
    ("rana-redaktor", "Rana kommune", MemberRole.REDAKTOR, "Rune", "Redaktør"),
    ("rana-bidragsyter", "Rana kommune", MemberRole.BIDRAGSYTER, "Berit", "Bidragsyter"),
    ("rana-leser", "Rana kommune", MemberRole.LESER, "Lars", "Leser"),
    ("isk-admin", "Innherred Samkommune", MemberRole.ADMINISTRATOR, "Ingrid", "Administrator"),
    ("isk-redaktor", "Innherred Samkommune", MemberRole.REDAKTOR, "Ivar", "Redaktør"),
    ("isk-bidragsyter", "Innherred Samkommune", MemberRole.BIDRAGSYTER, "Ida", "Bidragsyter"),
    ("isk-leser", "Innherred Samkommune", MemberRole.LESER, "Iver", "Leser"),
    ("levanger-leser", "Levanger kommune", MemberRole.LESER, "Live", "Leser"),
] + [
    # Reads all five demo plans.
    ("demo", name, MemberRole.LESER, "Demo", "Leser")
    for name in (
        "Askim kommune",
        "Innherred Samkommune",
        "Osen kommune",
        "Rana kommune",
        "Regionrådet for Fjellregionen",
    )
]


@transaction.atomic
def ensure_demo_users() -> list[str]:
    """Create the demo users (once) and give each bidragsyter two actions to report on."""
    lines = []
    for username, org_name, role, first, last in DEMO_USERS:
        organisation = Organisation.objects.filter(name=org_name).first()
        if organisation is None:
            continue
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@kommplan.example",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        _, joined = Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        if joined:
            lines.append(f"Demobruker {username}: {role.label} i {org_name}")
        if role == MemberRole.BIDRAGSYTER:
            actions = organisation.strategies.first().actions.order_by("position")[:2]
            for action in actions:
                if action.responsible_user_id is None:
                    action.responsible_user = user
                    action.save(update_fields=["responsible_user"])
    isk = Organisation.objects.filter(name="Innherred Samkommune").first()
    levanger = Organisation.objects.filter(name="Levanger kommune").first()
    if isk and levanger:
        first_action = isk.strategies.first().actions.order_by("position").first()
        if first_action and first_action.assigned_organisation_id is None:
            first_action.assigned_organisation = levanger
            first_action.save(update_fields=["assigned_organisation"])
    return lines
