"""Which pages each role can open, and the checks every page must pass besides axe-core."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from playwright.sync_api import Page

from kommplan.organisations.models import Organisation

from ..url_catalogue import (
    ACCESS,
    ADMIN_A,
    ANONYMOUS,
    BIDRAGSYTER_A,
    FRAGMENTS,
    LESER_A,
    OK,
    ORG_A,
    REDAKTOR_A,
    OrgData,
    Role,
    expected,
    fill_kwargs,
    project_patterns,
)
from .scripts import script

# The roles whose pages are opened in the browser: every role of organisation A, and anonymous.
BROWSER_ROLES = [ADMIN_A, REDAKTOR_A, BIDRAGSYTER_A, LESER_A, ANONYMOUS]

# Other states of a page worth checking too: url name -> query strings to open it with.
EXTRA_QUERIES: dict[str, list[str]] = {
    # The demo plan's actions lie in 2023-2026; 2023 fills the wheel and the list.
    "yearwheel:wheel": ["?ar=2023"],
    "yearwheel:list": ["?ar=2023"],
    # A filtered, sorted plan (the filters come back filled in, with the count announced).
    "actions:plan": ["?status=pagar&sort=-due"],
}


@dataclass(frozen=True)
class PageToCheck:
    name: str
    path: str


def pages_for(role: Role) -> list[PageToCheck]:
    """Every page `role` may GET, filled with organisation A's demo data (see url_catalogue)."""
    data = OrgData(Organisation.objects.get(slug=ORG_A))
    pages = []
    for pattern in project_patterns():
        rule = ACCESS.get(pattern.name)
        # The access matrix fails for URLs missing from ACCESS; here they are just not opened.
        if rule is None or pattern.name in FRAGMENTS or expected(rule.get, role, pattern) != {OK}:
            continue
        path = reverse(pattern.name, kwargs=fill_kwargs(pattern, data))
        pages.append(PageToCheck(pattern.name, path))
        pages += [PageToCheck(pattern.name, path + q) for q in EXTRA_QUERIES.get(pattern.name, [])]
    return pages


NARROW = {"width": 320, "height": 640}

_OVERFLOWING = script("overflowing.js")


def reflow_problems(page: Page) -> list[str]:
    """At 320 CSS px the page must not scroll sideways (WCAG 1.4.10)."""
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    if width <= NARROW["width"]:
        return []
    return [
        f"scrolls sideways at 320 px (scrollWidth {width}): "
        + "; ".join(page.evaluate(_OVERFLOWING))
    ]


_CHARTS_WITHOUT_TABLE = script("charts_without_table.js")


def structure_problems(page: Page) -> list[str]:
    """Team rules axe does not check: exactly one h1; every chart has a table alternative."""
    problems = []
    h1s = page.locator("h1").count()
    if h1s != 1:
        problems.append(f"has {h1s} h1 elements, not exactly one")
    for chart in page.evaluate(_CHARTS_WITHOUT_TABLE):
        problems.append(f"chart {chart} has no table with its numbers beside it")
    return problems
