"""Every page each role can open keeps to the strict Content-Security-Policy: no inline
script, inline style, style attribute or injected style is blocked (a blocked one would be a
broken page for users, so any report fails)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from .conftest import log_in
from .pages import BROWSER_ROLES, pages_for

# Runs before any script of the page and is itself exempt from the policy (DevTools protocol).
_LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} (${e.blockedURI || "inline"})`);
});
"""


@pytest.mark.parametrize("role", BROWSER_ROLES, ids=lambda role: role.key)
def test_every_page_the_role_can_open_keeps_to_the_content_security_policy(role, new_page):
    page = new_page()
    page.context.add_init_script(_LISTEN)
    console: list[str] = []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and console.append(m.text),
    )
    if role.username:
        log_in(page, role.username)

    problems: dict[str, list[str]] = {}
    checked = 0
    for each in pages_for(role):
        console.clear()
        try:
            response = page.goto(each.path)
        except PlaywrightError:
            continue  # a download; test_every_page checks it answers
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        assert "default-src 'self'" in response.headers.get("content-security-policy", ""), (
            f"{each.path} has no Content-Security-Policy"
        )
        page.wait_for_load_state("load")
        checked += 1
        # The events say what was blocked; the console also catches what came before them.
        found = page.evaluate("() => window.__cspViolations || []") or console
        if found:
            problems[f"{each.name} {each.path}"] = [
                f"{found.count(what)} x {what}" for what in sorted(set(found))
            ]
    assert checked
    assert not problems, "\n".join(f"{where}: {found}" for where, found in problems.items())


def test_a_blocked_inline_style_would_be_reported(new_page, site):
    # The check itself can fail: an injected style attribute on one of our pages is caught.
    page = new_page()
    page.context.add_init_script(_LISTEN)
    page.goto("/konto/login/")
    page.evaluate(
        "() => document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')"
    )
    page.wait_for_timeout(100)
    assert any("style-src" in v for v in page.evaluate("() => window.__cspViolations"))
