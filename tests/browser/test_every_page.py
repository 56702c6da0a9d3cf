"""Every page each role can open: zero axe-core violations, one h1, charts with tables, no
sideways scrolling at 320 px, and visible focus on every stop of the tab order. Pages come from
the URLconf (tests/url_catalogue.py), so a new page is checked as soon as it has an entry in
ACCESS."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from ..url_catalogue import ADMIN_A
from .axe import describe_violations, run_axe
from .conftest import DESKTOP, log_in, record_pages
from .keyboard import focus_problems_on_page
from .pages import BROWSER_ROLES, NARROW, pages_for, reflow_problems, structure_problems


@pytest.mark.parametrize("role", BROWSER_ROLES, ids=lambda role: role.key)
def test_every_page_the_role_can_open_passes_axe_and_reflows_at_320_px(role, new_page, site):
    pages = pages_for(role)
    page = new_page()
    if role.username:
        log_in(page, role.username)

    # Broken scripts, styles or JavaScript errors are page problems too.
    broken: list[str] = []
    origin = urlsplit(site).netloc
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and urlsplit(r.url).netloc == origin
            and r.request.resource_type != "document"
            and broken.append(f"{r.url} answered {r.status}")
        ),
    )
    page.on("pageerror", lambda error: broken.append(f"JavaScript error: {error}"))

    problems: dict[str, list[str]] = {}
    checked: set[str] = set()
    for each in pages:
        broken.clear()
        where = f"{each.name} {each.path} (as {role.label})"
        try:
            response = page.goto(each.path)
        except PlaywrightError:
            # A download (calendar file, image export) is no page to check; it must answer.
            response = page.request.get(each.path)
            if response.status != 200 or "html" in response.headers.get("content-type", ""):
                problems[where] = [f"could not be opened (answered {response.status})"]
            continue
        if response is None or response.status != 200:
            problems[where] = [f"answered {response.status if response else 'nothing'}"]
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue  # an SVG or other file shown in the browser
        page.wait_for_load_state("load")
        if page.url in checked:  # a redirect to a page already checked (home -> list)
            continue
        checked.add(page.url)

        found = []

        violations = run_axe(page)
        if violations:
            found.append(describe_violations(violations))
        found += structure_problems(page)

        page.set_viewport_size(NARROW)
        found += reflow_problems(page)
        narrow = run_axe(page, rules=["scrollable-region-focusable"])
        if narrow:
            found.append("at 320 px: " + describe_violations(narrow))
        page.set_viewport_size(DESKTOP)

        found += broken
        if found:
            problems[where] = found

    assert checked, f"no pages found for {role.label}"
    assert not problems, "\n\n".join(
        f"{where}:\n  " + "\n  ".join(found) for where, found in problems.items()
    )
    record_pages(role.key, len(checked))


def test_every_stop_of_the_tab_order_on_every_page_shows_visible_focus(new_page):
    # As administrator, who has the most controls; each page is tabbed through once.
    page = new_page()
    log_in(page, ADMIN_A.username)
    problems: dict[str, list[str]] = {}
    checked: set[str] = set()
    for each in pages_for(ADMIN_A):
        try:
            response = page.goto(each.path)
        except PlaywrightError:
            continue  # a download; the page walk above checks it answers
        html = response and "text/html" in response.headers.get("content-type", "")
        if not html or response.status != 200 or page.url in checked:
            continue
        checked.add(page.url)
        found = focus_problems_on_page(page)
        if found:
            problems[f"{each.name} {each.path}"] = found
    assert checked
    assert not problems, "\n\n".join(
        f"{where}:\n  " + "\n  ".join(found) for where, found in problems.items()
    )
