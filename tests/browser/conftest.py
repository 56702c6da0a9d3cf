"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright cannot download its own browsers here (and must not try); `make test` installs
Debian's chromium with apt when /usr/bin/chromium is missing. Each test gets a fresh database
with the demo plans (live_server needs transactional_db, so the server thread sees committed
rows), a fresh browser context, and logs in through the real log-in form.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from kommplan.about.test_record import TestRecord, write_test_record
from kommplan.accounts.services import DEMO_PASSWORD

from .axe import axe_version

CHROMIUM = Path(os.environ.get("KOMMPLAN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module (so no event loop outlives the browser tests)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: `make test` installs it, or run "
            "`apt-get install --no-install-recommends chromium` as root"
        )
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an event loop running in this thread; the ORM calls the
        # tests make between browser steps are still plain synchronous code.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        RUN["browser"] = f"Chromium {chromium.version.split('.')[0]}"
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    # The live server speaks http; Secure cookies would not come back to it.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def site(demo, live_server):
    """The live server's base URL, with the demo plans and users in its database."""
    return live_server.url


@pytest.fixture
def new_page(browser, site):
    """new_page() -> a page in a fresh browser context (own cookies), at desktop size."""
    contexts = []

    def _new_page(**options):
        context = browser.new_context(
            base_url=site, viewport=options.pop("viewport", DESKTOP), locale="nb-NO", **options
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real form, with the mouse (flows by keyboard use keyboard.py)."""
    page.goto(reverse("login"))
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(lambda url: reverse("login") not in url)


# --- the record of a passing run, shown on the accessibility statement ----------------------

RUN: dict = {"pages": {}, "browser": None, "keyboard_flows": 0, "failed": False}


def pytest_runtest_logreport(report):
    if "tests/browser/" not in report.nodeid.replace(os.sep, "/"):
        return
    if report.failed:
        RUN["failed"] = True
    elif report.when == "call" and report.passed and "test_keyboard" in report.nodeid:
        RUN["keyboard_flows"] += 1


def record_pages(role_key: str, visits: int) -> None:
    """Called by the every-page test when one role's pages all passed."""
    RUN["pages"][role_key] = visits


def pytest_sessionfinish(session, exitstatus):
    from .pages import BROWSER_ROLES

    complete = set(RUN["pages"]) == {role.key for role in BROWSER_ROLES}
    if RUN["failed"] or not complete or not RUN["keyboard_flows"]:
        return
    write_test_record(
        TestRecord(
            finished_at=timezone.now(),
            axe_version=axe_version(),
            browser=RUN["browser"],
            roles=[role.key for role in BROWSER_ROLES],
            page_visits=sum(RUN["pages"].values()),
            keyboard_flows=RUN["keyboard_flows"],
        )
    )
