"""Users: deactivation, log-in rate limits, two-factor log-in and the demo cast."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
import segno
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from kommplan.audit.models import AuditEvent
from kommplan.audit.services import record
from kommplan.organisations.models import MemberRole, Membership, Organisation

from .models import AttemptBucket, RecoveryCode, TOTPDevice


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
    from kommplan.strategies.models import Strategy

    # Everything is read up front, one query per kind, not once per demo user.
    organisations = {
        o.name: o for o in Organisation.objects.filter(name__in={row[1] for row in DEMO_USERS})
    }
    first_strategy: dict[int, Strategy] = {}
    for strategy in Strategy.objects.filter(organisation__in=organisations.values()):
        first_strategy.setdefault(strategy.organisation_id, strategy)
    users = {u.username: u for u in User.objects.filter(username__in={r[0] for r in DEMO_USERS})}
    joined_already = set(
        Membership.objects.filter(user__in=users.values()).values_list("user_id", "organisation_id")
    )
    lines = []
    for username, org_name, role, first, last in DEMO_USERS:
        organisation = organisations.get(org_name)
        if organisation is None:
            continue
        user = users.get(username)
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@kommplan.example",
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            users[username] = user
        if (user.pk, organisation.pk) not in joined_already:
            Membership.objects.create(user=user, organisation=organisation, role=role)
            joined_already.add((user.pk, organisation.pk))
            lines.append(f"Demobruker {username}: {role.label} i {org_name}")
        strategy = first_strategy.get(organisation.pk)
        if role == MemberRole.BIDRAGSYTER and strategy is not None:
            strategy.actions.filter(
                pk__in=list(strategy.actions.order_by("position").values_list("pk", flat=True)[:2]),
                responsible_user__isnull=True,
            ).update(responsible_user=user)
    isk = organisations.get("Innherred Samkommune")
    levanger = Organisation.objects.filter(name="Levanger kommune").first()
    if isk and levanger and isk.pk in first_strategy:
        first_strategy[isk.pk].actions.filter(
            pk__in=list(
                first_strategy[isk.pk].actions.order_by("position").values_list("pk", flat=True)[:1]
            ),
            assigned_organisation__isnull=True,
        ).update(assigned_organisation=levanger)
    return lines


# --- log-in rate limits ------------------------------------------------------------------------


def _window(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def take_attempt(*, scope: str, key: str, limit: int, now: datetime | None = None) -> bool:
    """Count one attempt for `key` in this hour; False (nothing counted) when `limit` were made.

    The count goes up in one conditional UPDATE (`count < limit`), which both SQLite (one writer
    at a time) and PostgreSQL (the row lock, then the condition checked again) make atomic, so
    twenty requests at once still let exactly `limit` through.
    """
    digest = hashlib.sha256(key.encode()).hexdigest()
    window = _window(now or timezone.now())
    bucket = AttemptBucket.objects.filter(scope=scope, key=digest, window_start=window)
    with transaction.atomic():
        if bucket.filter(count__lt=limit).update(count=F("count") + 1):
            return True
        # No bucket yet (or it is full). Of two requests creating it at once, the unique
        # constraint lets one in; the other counts on the row the first made.
        try:
            with transaction.atomic():
                AttemptBucket.objects.create(scope=scope, key=digest, window_start=window, count=1)
            return True
        except IntegrityError:
            return bool(bucket.filter(count__lt=limit).update(count=F("count") + 1))


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the header a trusted proxy sets (CLIENT_IP_HEADER)."""
    value = request.META.get(settings.CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR", "")
    # X-Forwarded-For style lists: the proxy appends the address it saw last.
    return value.split(",")[-1].strip()


def may_try_login(*, username: str, address: str, now: datetime | None = None) -> bool:
    """Take one log-in attempt for the account and the address; checked before the password."""
    # The address has the higher limit (many people may share one), so it is taken first.
    return take_attempt(
        scope="login-address", key=address, limit=settings.LOGIN_ATTEMPTS_PER_ADDRESS, now=now
    ) and take_attempt(
        scope="login-account",
        key=username.strip().casefold(),
        limit=settings.LOGIN_ATTEMPTS_PER_ACCOUNT,
        now=now,
    )


def may_request_password_reset(*, email: str, address: str, now: datetime | None = None) -> bool:
    return take_attempt(
        scope="reset-address", key=address, limit=settings.LOGIN_ATTEMPTS_PER_ADDRESS, now=now
    ) and take_attempt(
        scope="reset-email",
        key=email.strip().casefold(),
        limit=settings.LOGIN_ATTEMPTS_PER_ACCOUNT,
        now=now,
    )


def may_try_code(*, user: User, now: datetime | None = None) -> bool:
    """Two-factor codes are limited per account like passwords."""
    return take_attempt(
        scope="login-code", key=str(user.pk), limit=settings.LOGIN_ATTEMPTS_PER_ACCOUNT, now=now
    )


# --- two-factor log-in (TOTP) ------------------------------------------------------------------

TOTP_ISSUER = "kommplan"
TOTP_STEP_SECONDS = 30


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user).first()


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def start_two_factor(*, user: User) -> TOTPDevice:
    """The device to enrol: a new secret, or the one not yet confirmed (shown again)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return device


def provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=TOTP_ISSUER
    )


def qr_svg(device: TOTPDevice, *, title: str) -> str:
    """The provisioning URI as an inline SVG QR code (no style attributes: CSP)."""
    svg = segno.make(provisioning_uri(device), error="m").svg_inline(
        scale=5, title=title, dark="#000", light="#fff", svgclass="totp-qr"
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def check_code(*, device: TOTPDevice, code: str, now: datetime | None = None) -> bool:
    """True once for a right code: the step before, at or after now, later than the last used.

    The step is stored with a conditional UPDATE, so the same code sent twice (or twice at
    once) is accepted only once.
    """
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return False
    moment = (now or timezone.now()).timestamp()
    totp = pyotp.TOTP(device.secret, interval=TOTP_STEP_SECONDS)
    current = int(moment // TOTP_STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if step <= device.last_used_step:
            continue
        if hmac.compare_digest(totp.at(step * TOTP_STEP_SECONDS), code):
            used = TOTPDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(
                last_used_step=step
            )
            if used:
                device.last_used_step = step
            return bool(used)
    return False


RECOVERY_CODES = 10


def _recovery_hash(code: str) -> str:
    return hashlib.sha256("".join(code.split()).replace("-", "").lower().encode()).hexdigest()


def make_recovery_codes(*, device: TOTPDevice) -> list[str]:
    """New one-time recovery codes (the old ones stop working); shown once, stored hashed."""
    device.recovery_codes.all().delete()
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # nothing to confuse: no 0/o, 1/l/i
    codes = [
        "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODES)
    ]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, code_hash=_recovery_hash(code)) for code in codes
    )
    return codes


def use_recovery_code(*, device: TOTPDevice, code: str) -> bool:
    """True once for each unused recovery code of the device (a conditional UPDATE)."""
    used = RecoveryCode.objects.filter(
        device=device, code_hash=_recovery_hash(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if used:
        record(
            actor=device.user,
            event=AuditEvent.PERMISSION,
            obj=device,
            object_label=device.user.get_username(),
            changes={"recovery_code_used": [None, True]},
        )
    return bool(used)


@transaction.atomic
def confirm_two_factor(*, device: TOTPDevice, code: str, now: datetime | None = None) -> bool:
    """Turn two-factor on once the user has typed a right code from the new secret."""
    if device.confirmed or not check_code(device=device, code=code, now=now):
        return False
    device.confirmed_at = now or timezone.now()
    device.save(update_fields=["confirmed_at"])
    record(
        actor=device.user,
        event=AuditEvent.PERMISSION,
        obj=device,
        object_label=device.user.get_username(),
        changes={"two_factor": [False, True]},
    )
    return True


@transaction.atomic
def disable_two_factor(*, user: User, actor: User | None = None) -> bool:
    """Remove the user's device (the view has checked password and code)."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        record(
            actor=actor or user,
            event=AuditEvent.PERMISSION,
            object_type=TOTPDevice._meta.label,
            object_label=user.get_username(),
            changes={"two_factor": [True, False]},
        )
    return bool(deleted)
