"""A crisis from start to acknowledgement, in Chromium and with the keyboard alone.

Rana's administrator starts a crisis through the crisis page; the alerts go out for real (Huey
runs at once in tests): e-mail through Django's SMTP backend to an aiosmtpd server and SMS as
HTTP requests to a stand-in gateway, both started here on 127.0.0.1. The acknowledge link is taken
from a received e-mail and opened in a fresh browser (not logged in); after the recipient
confirms, the crisis page the administrator still has open shows them as acknowledged (HTMX
polling). axe-core finds nothing on any crisis page on the way.
"""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from kommplan.crisis.demo import ensure_demo_notification_lists
from kommplan.crisis.models import Crisis, Recipient
from kommplan.crisis.testing import FakeSmsGateway, smtp_server

from ..url_catalogue import ORG_A
from .axe import describe_violations, run_axe
from .keyboard import assert_focus_visible, log_in_by_keyboard, tab_to

ACK_LINK = re.compile(r"https?://[^\s\"'<>]+/krise/mottatt/[A-Za-z0-9_-]+/")


def field(label: str) -> re.Pattern:
    """A form field's accessible name: its label, with "(må fylles ut)" when required."""
    return re.compile(rf"^{re.escape(label)}( \(må fylles ut\))?$")


def assert_no_axe_violations(page: Page) -> None:
    violations = run_axe(page)
    assert not violations, f"{page.url}\n{describe_violations(violations)}"


def wait_for(condition, *, timeout: float = 15.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.fixture
def alert_servers(site, settings):
    """A real SMTP server and a stand-in SMS gateway, with the settings pointing at them."""
    ensure_demo_notification_lists()
    with smtp_server() as (inbox, port), FakeSmsGateway("ok") as gateway:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.SMS_BACKEND = "kommplan.crisis.sms.HttpJsonGateway"
        settings.SMS_GATEWAY_URL = gateway.url
        settings.SMS_GATEWAY_TOKEN = gateway.token
        settings.SMS_GATEWAY_TIMEOUT = 5
        settings.CRISIS_RETRY_DELAYS = [0, 0, 0, 0]
        settings.SITE_URL = site  # the links in the alerts lead to the live server
        yield inbox, gateway


def test_an_administrator_starts_a_crisis_by_keyboard_and_an_alerted_person_acknowledges(
    new_page, alert_servers
):
    inbox, gateway = alert_servers
    page = new_page()
    log_in_by_keyboard(page, "rana-admin")
    page.goto(reverse("crisis:notification_list", args=[ORG_A]))
    assert_no_axe_violations(page)
    page.goto(reverse("crisis:home", args=[ORG_A]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Krise og varsling")
    assert_no_axe_violations(page)

    # Step 1: what happened. The crisis form comes before the drill form.
    tab_to(page, field("Tittel"))
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Flom i Mo sentrum")
    tab_to(page, field("Hva har skjedd"))
    page.keyboard.type("Ranelva går over sine bredder ved Mo.")
    tab_to(page, field("Alvorlighet"))
    assert_focus_visible(page)
    tab_to(page, "Gå videre til start av krisen", role="button")
    page.keyboard.press("Enter")

    # Step 2: nothing has been sent until the confirm button.
    expect(page.get_by_role("heading", level=1)).to_have_text("Starte krisen og varsle nå?")
    assert_no_axe_violations(page)
    assert not Crisis.objects.exists()
    assert not inbox.received and not gateway.requests
    tab_to(page, "Ja, start krisen og varsle", role="button")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/krise/\d+/$"))
    crisis = Crisis.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flom i Mo sentrum")
    assert_no_axe_violations(page)

    # The alerts arrive: one e-mail and one SMS for each role holder, each exactly once.
    holders = list(Recipient.objects.filter(crisis=crisis).order_by("role_position"))
    assert len(holders) == 2
    wait_for(lambda: len(inbox.received) >= 2 and len(gateway.sent) >= 2, what="the alerts")
    assert sorted(rcpt for rcpts, _ in inbox.received for rcpt in rcpts) == sorted(
        h.email for h in holders
    )
    assert sorted(body["to"] for body in gateway.sent.values()) == sorted(h.phone for h in holders)
    assert len(gateway.requests) == 2
    for body in gateway.sent.values():
        assert ACK_LINK.search(body["message"]), body["message"]

    # The first role holder opens the link from their e-mail, not logged in.
    first = holders[0]
    (message,) = inbox.to(first.email)
    link = ACK_LINK.search(inbox.text(message)).group(0)
    phone = new_page()
    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Bekreft at du har mottatt varselet")
    assert_no_axe_violations(phone)
    assert not Recipient.objects.filter(pk=first.pk, acknowledgement__isnull=False).exists()
    tab_to(phone, "Jeg har mottatt varselet", role="button")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mottatt – takk")
    assert_no_axe_violations(phone)

    # The administrator's crisis page catches up by itself (HTMX polls every 5 s).
    row = page.locator(f"#mottaker-{first.pk}")
    expect(row).to_have_attribute("data-acknowledged", "yes", timeout=12_000)
    expect(row).to_contain_text("Mottatt")
    expect(page.locator(f"#mottaker-{holders[1].pk}")).to_have_attribute("data-acknowledged", "no")
    expect(page.locator("#live-region")).to_contain_text("1 har bekreftet mottatt")
    assert_no_axe_violations(page)

    # Ending the crisis (confirm step), then the history lists it.
    page.goto(reverse("crisis:end", args=[ORG_A, crisis.pk]))
    assert_no_axe_violations(page)
    tab_to(page, "Avslutt krisen", role="button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/krise/\d+/$"))
    expect(page.get_by_text("Loggen kan bare leses")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(reverse("crisis:history", args=[ORG_A]))
    expect(page.get_by_role("link", name="Flom i Mo sentrum")).to_be_visible()
    assert_no_axe_violations(page)


def test_an_editor_reorders_the_notification_list_by_keyboard(new_page, site):
    from kommplan.crisis.models import NotificationRole
    from kommplan.organisations.models import Organisation

    ensure_demo_notification_lists()
    rana = Organisation.objects.get(slug=ORG_A)
    first, second = NotificationRole.objects.filter(organisation=rana).order_by("position")[:2]
    page = new_page()
    log_in_by_keyboard(page, "rana-redaktor")
    page.goto(reverse("crisis:notification_list", args=[ORG_A]))
    assert_no_axe_violations(page)
    tab_to(page, f"Flytt ned «{first.role}»", role="button", max_tabs=300)
    page.keyboard.press("Enter")
    # HTMX swaps the list in; focus stays on the moved role's button, the move is read aloud.
    expect(page.locator("#live-region")).to_contain_text(f"«{first.role}» står nå på plass 2")
    count = NotificationRole.objects.filter(organisation=rana).count()
    # On the last place "down" is disabled, so focus goes to "up".
    kept = "opp" if count == 2 else "ned"
    assert page.evaluate("() => document.activeElement.id") == f"flytt-rolle-{first.pk}-{kept}"
    assert_focus_visible(page)
    roles = page.locator(".crisis-role > h2").all_inner_texts()
    assert roles.index(second.role) < roles.index(first.role)
    assert list(
        NotificationRole.objects.filter(organisation=rana)
        .order_by("position")
        .values_list("pk", flat=True)[:2]
    ) == [second.pk, first.pk]
