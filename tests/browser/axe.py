"""Run the vendored axe-core in a Playwright page and describe what it finds.

The file comes from scripts/vendor-axe.sh (pinned version, see vendor/VERSIONS); it is injected
into the page only when a check runs, so the pages under test stay as users get them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

VENDOR = Path(__file__).resolve().parent / "vendor"

# WCAG 2.0 and 2.1, levels A and AA, plus Deque's best practices.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@cache
def axe_source() -> str:
    return (VENDOR / "axe.min.js").read_text(encoding="utf-8")


def axe_version() -> str:
    for line in (VENDOR / "VERSIONS").read_text().splitlines():
        if line.startswith("axe-core "):
            return line.split()[1]
    raise RuntimeError("tests/browser/vendor/VERSIONS names no axe-core version")


def run_axe(page: Page, *, tags: list[str] | None = None, rules: list[str] | None = None) -> list:
    """axe's violations on the page as it is now: WCAG_TAGS, or only `rules` when given."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol: a <script> tag would break the page's strict
        # Content-Security-Policy (and be reported as a violation).
        page.evaluate(axe_source())
    if rules:
        run_only = {"type": "rule", "values": rules}
    else:
        run_only = {"type": "tag", "values": tags or WCAG_TAGS}
    options = {"runOnly": run_only, "resultTypes": ["violations"]}
    return page.evaluate(
        "async (options) => (await window.axe.run(document, options)).violations", options
    )


def describe_violations(violations: list) -> str:
    """One block per rule: id, impact, what to do, and the offending elements."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact') or 'no impact'}): {v['help']}")
        lines.append(f"    {v['helpUrl']}")
        for node in v["nodes"][:10]:
            target = " ".join(" > ".join(t) if isinstance(t, list) else t for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            lines.append(f"    - {target}: {summary[:300]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more elements")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, **kwargs) -> None:
    violations = run_axe(page, **kwargs)
    assert not violations, f"axe-core on {page.url}:\n{describe_violations(violations)}"
