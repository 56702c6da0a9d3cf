"""Keyboard helpers for flow tests: move by Tab as a keyboard user does, and check focus is seen.

    tab_to(page, "Brukernavn")            # Tab until that control has focus (checks every stop)
    page.keyboard.type("rana-redaktor")
    tab_to(page, "Logg inn", role="button")
    page.keyboard.press("Enter")
    assert_focus_visible(page)
    assert_announced(page, "3 tiltak")    # the live region read this after an HTMX swap

A flow for a new page (edit a goal, add an action, report status, filter the plan) is a test
that logs in with `log_in_by_keyboard`, goes to the page, and uses only these and the keyboard.
"""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from kommplan.accounts.services import DEMO_PASSWORD

from .scripts import script

# Roles whose elements take keyboard focus, for finding a target by its accessible name alone.
_FOCUSABLE_ROLES = (
    "link",
    "button",
    "textbox",
    "combobox",
    "listbox",
    "checkbox",
    "radio",
    "spinbutton",
    "searchbox",
    "switch",
    "tab",
    "menuitem",
    "region",
    "slider",
)

_DESCRIBE_FOCUS = script("describe_focus.js")

_FOCUS_STYLE = script("focus_style.js")


def describe_focus(page: Page) -> str:
    """The focused element, short: <a#id> "Its name"."""
    return page.evaluate(_DESCRIBE_FOCUS)


def assert_focus_visible(page: Page) -> None:
    """The focused element shows a visible focus indicator (WCAG 2.4.7)."""
    result = page.evaluate(_FOCUS_STYLE)
    assert result["visible"], (
        f"focus is not visible on {describe_focus(page)} at {page.url} ({result['style']})"
    )


def focus_problems_on_page(page: Page, *, max_tabs: int = 400) -> list[str]:
    """Tab through the whole page once; every stop without visible focus, described once."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    seen: set[str] = set()
    problems: list[str] = []
    first = None
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            if first is not None:
                break  # round the page once: focus left it after the last element
            continue
        here = describe_focus(page)
        if first is None:
            first = here
        elif here == first and seen:
            break
        if here in seen:
            continue
        seen.add(here)
        result = page.evaluate(_FOCUS_STYLE)
        if not result["visible"]:
            problems.append(f"focus is not visible on {here} ({result['style']})")
    return problems


def target(page: Page, name: str | re.Pattern, *, role: str | None = None, exact=False):
    """The elements with this accessible name (and role, if given)."""
    if role:
        return page.get_by_role(role, name=name, exact=exact)
    found: Locator = page.get_by_label(name, exact=exact)
    for each in _FOCUSABLE_ROLES:
        found = found.or_(page.get_by_role(each, name=name, exact=exact))
    return found


def tab_to(
    page: Page,
    name: str | re.Pattern,
    *,
    role: str | None = None,
    exact: bool = False,
    max_tabs: int = 150,
    backwards: bool = False,
) -> Locator:
    """Press Tab (Shift+Tab if `backwards`) until the element named `name` has focus.

    Every element passed on the way must show visible focus. Fails, listing the stops, when the
    element does not exist or is not reached within `max_tabs` presses.
    """
    wanted = target(page, name, role=role, exact=exact)
    if wanted.count() == 0:
        raise AssertionError(f"no element named {name!r} (role {role}) on {page.url}")
    stops = []
    for _ in range(max_tabs):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        # Past the last element focus leaves the page for a step (the browser's own UI).
        if not page.evaluate("() => document.activeElement === document.body"):
            assert_focus_visible(page)
        index = wanted.evaluate_all("(els) => els.indexOf(document.activeElement)")
        if index >= 0:
            return wanted.nth(index)
        stops.append(describe_focus(page))
    raise AssertionError(
        f"{max_tabs} presses of Tab on {page.url} never reached {name!r}; the stops were:\n  "
        + "\n  ".join(stops)
    )


def log_in_by_keyboard(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Open the log-in page and log in with Tab, typing and Enter only."""
    page.goto(reverse("login"))
    tab_to(page, "Brukernavn")
    page.keyboard.type(username)
    tab_to(page, "Passord")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: reverse("login") not in url)


def assert_announced(page: Page, text: str | re.Pattern, *, timeout: float = 5000) -> None:
    """The page's polite live region says `text` (after an HTMX swap, see static app.js)."""
    expect(page.locator("#live-region")).to_have_text(
        text if isinstance(text, re.Pattern) else re.compile(re.escape(text)), timeout=timeout
    )
