"""No template puts script or style inline: the Content-Security-Policy would block it.

The browser test (tests/browser/test_security_csp.py) catches what the pages really do; this
scan names the template line at once and covers templates no page walk reaches.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

INLINE = [
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    # JSON data blocks are not run, so the policy does not apply to them.
    (re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I), "inline script"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "an inline event handler"),
    (re.compile(r"\bhx-on\b|\bhx-on[:-]", re.I), "an hx-on handler (needs eval)"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def _templates() -> list[Path]:
    found = list((ROOT / "templates").rglob("*.html"))
    found += [p for p in (ROOT / "kommplan").rglob("templates/**/*.html")]
    # Rendered to PDF by WeasyPrint, never served to a browser.
    return [p for p in found if not p.name.endswith("_pdf.html") and "/tests/" not in str(p)]


def test_no_template_has_inline_script_style_or_event_handlers():
    problems = []
    for path in _templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pattern, what in INLINE:
                if pattern.search(line):
                    problems.append(f"{path.relative_to(ROOT)}:{number}: {what}")
    assert len(_templates()) > 50
    assert problems == []


def test_the_scan_finds_each_kind_of_inline_code():
    samples = [
        '<p style="color:red">',
        "<style>p{}</style>",
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<div hx-on:click="go()">',
    ]
    for sample in samples:
        assert any(pattern.search(sample) for pattern, _ in INLINE), sample
    assert not any(
        p.search('<script type="application/json" id="x">{}</script>') for p, _ in INLINE
    )
    assert not any(p.search('<script src="/static/app.js" defer></script>') for p, _ in INLINE)
