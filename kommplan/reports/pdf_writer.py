"""The documents as PDF: a Django template rendered to HTML, then WeasyPrint as PDF/UA-1.

PDF/UA makes the PDF tagged (headings become structure and the bookmarks outline), embeds the
fonts and writes the title and language metadata that screen readers announce.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from django.template.loader import render_to_string

CSS_PATH = Path(__file__).parent / "static" / "reports" / "print.css"
_local = threading.local()


def _stylesheet():
    """The parsed print stylesheet and its font configuration, kept per thread: parsing the CSS
    and setting up the fonts is paid once per worker thread, not once per document (WeasyPrint's
    FontConfiguration is not documented as thread-safe, hence not shared between threads)."""
    cached = getattr(_local, "stylesheet", None)
    if cached is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        cached = _local.stylesheet = (
            CSS(filename=str(CSS_PATH), font_config=font_config),
            font_config,
        )
    return cached


# Column widths are estimated in average characters of the tables' 8.8 pt DejaVu Sans (about
# 1.7 mm each): the full width (170 mm), a cell's padding, and how much wider bold header text
# is. Digits and capitals are wider than the average letter, a space narrower.
TABLE_CHARS = 99
CELL_PADDING_CHARS = 2
BOLD = 1.1
# Where a line may break: at spaces, and after a hyphen or a slash ("regionrådleder/rådgiver").
WORD_BREAK = re.compile(r"\s+|(?<=[-/])")


def text_width(text: str) -> float:
    """The width of `text` in average characters."""
    return sum(
        1.15 if ch.isdigit() else 1.2 if ch.isupper() else 0.6 if ch.isspace() else 1.0
        for ch in text
    )


def _longest_word(text: str) -> float:
    return max((text_width(word) for word in WORD_BREAK.split(text)), default=0)


def column_widths(
    headers: list[str], rows: list[list[str]], *, unbroken: frozenset[int] = frozenset()
) -> list[float]:
    """Percent widths for a fixed-layout table, estimated from character counts the way a
    browser's automatic table layout does it from measured text: every column gets at least its
    longest word (all of its text for the `unbroken` columns), so no word is ever cut, and the
    space left is shared in proportion to how much more each column would need to fit its
    longest text on one line. So an empty column stays as narrow as its header, and the titles
    get the room."""
    minimum, maximum = [], []
    for i, header in enumerate(headers):
        texts = [row[i] or "" for row in rows]
        longest_text = max((text_width(text) for text in texts), default=0)
        if i in unbroken:
            least = longest_text
        else:
            least = max((_longest_word(text) for text in texts), default=0)
        least = max(least, _longest_word(header) * BOLD)
        most = max(least, longest_text, text_width(header) * BOLD)
        minimum.append(least + CELL_PADDING_CHARS)
        maximum.append(most + CELL_PADDING_CHARS)
    low, high = sum(minimum), sum(maximum)
    if high <= TABLE_CHARS:
        widths = [m * TABLE_CHARS / high for m in maximum]
    elif low >= TABLE_CHARS:
        widths = [m * TABLE_CHARS / low for m in minimum]
    else:
        share = (TABLE_CHARS - low) / (high - low)
        widths = [lo + (hi - lo) * share for lo, hi in zip(minimum, maximum, strict=True)]
    return [round(100 * w / TABLE_CHARS, 1) for w in widths]


def width_rules(selector: str, widths: list[float]) -> str:
    """CSS giving the header cells of `selector` these percent widths (a fixed table layout
    takes its column widths from the first row)."""
    return "\n".join(
        f"{selector} thead th:nth-child({i}) {{ width: {w}%; }}" for i, w in enumerate(widths, 1)
    )


def render_pdf(template: str, context: dict, *, extra_css: str = "") -> bytes:
    from weasyprint import CSS, HTML

    css, font_config = _stylesheet()
    stylesheets = [css]
    if extra_css:
        stylesheets.append(CSS(string=extra_css, font_config=font_config))
    html = render_to_string(template, context)
    document = HTML(string=html, base_url=str(Path(__file__).parent))
    return document.write_pdf(
        stylesheets=stylesheets,
        font_config=font_config,
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        custom_metadata=True,
    )
