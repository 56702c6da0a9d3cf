"""Two-factor log-in with TOTP: enrol, log in with a code, each code once, turn off."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from kommplan.accounts.models import TOTPDevice
from kommplan.accounts.services import (
    DEMO_PASSWORD,
    check_code,
    confirm_two_factor,
    make_recovery_codes,
    start_two_factor,
)
from kommplan.audit.models import AuditEntry, AuditEvent

NOON = datetime(2026, 5, 4, 12, 0, 0, tzinfo=UTC)


def _code(device: TOTPDevice, at: datetime) -> str:
    return pyotp.TOTP(device.secret).at(at)


@pytest.fixture
def admin_user(demo):
    return User.objects.get(username="rana-admin")


@pytest.fixture
def enrolled(admin_user):
    device = start_two_factor(user=admin_user)
    assert confirm_two_factor(device=device, code=_code(device, NOON), now=NOON)
    return device


def test_a_code_is_accepted_once_and_refused_when_replayed(enrolled):
    later = NOON + timedelta(minutes=5)
    code = _code(enrolled, later)
    assert check_code(device=enrolled, code=code, now=later)
    assert not check_code(device=enrolled, code=code, now=later)
    # Also from a fresh copy of the row, as a second request would have.
    fresh = TOTPDevice.objects.get(pk=enrolled.pk)
    assert not check_code(device=fresh, code=code, now=later + timedelta(seconds=20))


def test_a_code_from_the_step_before_or_after_is_accepted_but_not_older_ones(enrolled):
    later = NOON + timedelta(minutes=10)
    assert check_code(
        device=enrolled, code=_code(enrolled, later - timedelta(seconds=30)), now=later
    )
    much_later = later + timedelta(minutes=1)
    assert not check_code(
        device=enrolled, code=_code(enrolled, much_later - timedelta(seconds=90)), now=much_later
    )
    assert check_code(
        device=enrolled, code=_code(enrolled, much_later + timedelta(seconds=30)), now=much_later
    )


def test_an_earlier_code_is_refused_after_a_later_one_was_used(enrolled):
    later = NOON + timedelta(minutes=20)
    assert check_code(
        device=enrolled, code=_code(enrolled, later + timedelta(seconds=30)), now=later
    )
    assert not check_code(device=enrolled, code=_code(enrolled, later), now=later)


def test_enrolling_needs_a_right_code_before_two_factor_is_on(admin_user):
    device = start_two_factor(user=admin_user)
    assert not confirm_two_factor(device=device, code="000000", now=NOON)
    device.refresh_from_db()
    assert device.confirmed_at is None
    assert confirm_two_factor(device=device, code=_code(device, NOON), now=NOON)
    entry = AuditEntry.objects.get(event=AuditEvent.PERMISSION, object_type="accounts.TOTPDevice")
    assert entry.changes == {"two_factor": [False, True]} and entry.actor == admin_user


def test_the_enrol_page_shows_a_qr_code_and_the_secret_as_text(demo, login):
    client = login("rana-admin")
    response = client.get(reverse("totp_setup"))
    assert response.status_code == 200
    html = response.content.decode()
    device = TOTPDevice.objects.get(user__username="rana-admin")
    assert "<svg" in html and "<title>QR-kode" in html and " style=" not in html
    assert device.secret[:4] in html
    # Confirming through the page turns it on.
    response = client.post(reverse("totp_setup"), {"code": pyotp.TOTP(device.secret).now()})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_log_in_asks_for_a_code_and_the_session_is_not_logged_in_until_then(enrolled, client):
    response = client.post(reverse("login"), {"username": "rana-admin", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("totp_verify")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("organisations:list")).status_code == 302  # still anonymous

    response = client.post(reverse("totp_verify"), {"code": "123456"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "Koden stemmer ikke" in response.content.decode()

    code = pyotp.TOTP(enrolled.secret).now()
    response = client.post(reverse("totp_verify"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(enrolled.user_id)


def test_a_code_used_to_log_in_cannot_log_in_again(enrolled, client):
    from django.test import Client

    code = pyotp.TOTP(enrolled.secret).now()
    client.post(reverse("login"), {"username": "rana-admin", "password": DEMO_PASSWORD})
    assert client.post(reverse("totp_verify"), {"code": code}).status_code == 302
    other = Client()
    other.post(reverse("login"), {"username": "rana-admin", "password": DEMO_PASSWORD})
    response = other.post(reverse("totp_verify"), {"code": code})
    assert response.status_code == 200 and "_auth_user_id" not in other.session


def test_a_wrong_code_is_logged_as_a_failed_log_in(enrolled, client):
    client.post(reverse("login"), {"username": "rana-admin", "password": DEMO_PASSWORD})
    before = AuditEntry.objects.count()
    client.post(reverse("totp_verify"), {"code": "000000"}, REMOTE_ADDR="192.0.2.1")
    entry = AuditEntry.objects.first()
    assert AuditEntry.objects.count() == before + 1
    assert (entry.event, entry.object_label, entry.ip_address) == (
        AuditEvent.LOGIN_FAILED,
        "rana-admin",
        "192.0.2.1",
    )


def test_codes_are_rate_limited_like_passwords(enrolled, client):
    client.post(reverse("login"), {"username": "rana-admin", "password": DEMO_PASSWORD})
    for _ in range(10):
        assert client.post(reverse("totp_verify"), {"code": "000000"}).status_code == 200
    code = pyotp.TOTP(enrolled.secret).now()
    assert client.post(reverse("totp_verify"), {"code": code}).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_code_step_without_a_password_step_logs_nobody_in(enrolled, client):
    response = client.post(reverse("totp_verify"), {"code": pyotp.TOTP(enrolled.secret).now()})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Logg inn med brukernavn og passord først" in response.content.decode()


def test_turning_two_factor_off_needs_the_password_and_a_code(enrolled, login):
    client = login("rana-admin")
    code = pyotp.TOTP(enrolled.secret).now()
    response = client.post(reverse("totp_disable"), {"password": "feil", "code": code})
    assert response.status_code == 200 and TOTPDevice.objects.filter(pk=enrolled.pk).exists()
    response = client.post(reverse("totp_disable"), {"password": DEMO_PASSWORD, "code": "000000"})
    assert response.status_code == 200 and TOTPDevice.objects.filter(pk=enrolled.pk).exists()
    before = AuditEntry.objects.count()
    response = client.post(reverse("totp_disable"), {"password": DEMO_PASSWORD, "code": code})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=enrolled.pk).exists()
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.first().changes == {"two_factor": [True, False]}


def test_anonymous_visitors_are_sent_to_log_in_from_the_enrol_page(client):
    response = client.get(reverse("totp_setup"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_enrolling_shows_ten_recovery_codes_once_and_stores_only_their_hashes(admin_user, login):
    client = login("rana-admin")
    client.get(reverse("totp_setup"))
    device = TOTPDevice.objects.get(user=admin_user)
    client.post(reverse("totp_setup"), {"code": pyotp.TOTP(device.secret).now()})
    html = client.get(reverse("totp_setup")).content.decode()
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", html)
    assert len(codes) == 10
    stored = set(device.recovery_codes.values_list("code_hash", flat=True))
    assert len(stored) == 10 and not any(code in stored for code in codes)
    again = client.get(reverse("totp_setup")).content.decode()
    assert codes[0] not in again and "10 ubrukte reservekoder" in again


def test_a_recovery_code_logs_in_once(enrolled, client):
    from django.test import Client

    codes = make_recovery_codes(device=enrolled)
    client.post(reverse("login"), {"username": "rana-admin", "password": DEMO_PASSWORD})
    response = client.post(reverse("totp_verify"), {"code": codes[3].upper()})
    assert response.status_code == 302 and client.session["_auth_user_id"]
    other = Client()
    other.post(reverse("login"), {"username": "rana-admin", "password": DEMO_PASSWORD})
    response = other.post(reverse("totp_verify"), {"code": codes[3]})
    assert response.status_code == 200 and "_auth_user_id" not in other.session
    assert enrolled.recovery_codes.filter(used_at__isnull=True).count() == 9
