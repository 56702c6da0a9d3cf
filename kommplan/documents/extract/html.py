"""HTML: headings, paragraphs, list items and table cells; scripts, styles, navigation and
footers dropped.

Parsed with the standard library's html.parser, which never fetches anything: links, images,
frames and style sheets stay unread, and character references are the only entities it knows.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from .document import ExtractedDocument
from .lines import LineBuilder

# Not document text (or not this document's text).
_DROP = {
    "script", "style", "nav", "footer", "noscript", "template", "svg", "math", "head",
    "iframe", "object", "embed", "button", "select", "textarea", "canvas", "audio", "video",
}  # fmt: skip
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
# Starting or ending one of these ends the text before it.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_MAX_OPEN = 512
_MAX_SEARCH = 64  # how far down the open elements an end tag looks: bounded work per tag
_BREAK = "\x00"  # stands for <br> until whitespace is collapsed
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


def decode_html(content: bytes) -> str:
    """Text of an HTML file: BOM, then <meta charset>, then UTF-8, then Windows-1252."""
    if content.startswith(codecs.BOM_UTF8):
        return content[3:].decode("utf-8", errors="replace")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16", errors="replace")
    match = _META_CHARSET.search(content[:4096])
    if match:
        try:
            return content.decode(match.group(1).decode("ascii").lower(), errors="replace")
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def read_html(content: bytes) -> ExtractedDocument:
    parser = _Parser()
    parser.feed(decode_html(content))
    parser.close()
    parser.flush()
    return parser.builder.build(pages=1, format="html")


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = LineBuilder()
        self.open: list[tuple[str, bool]] = []  # (tag, hidden)
        self.rows: list[int] = []  # the current row number of each open table
        self.buffer: list[str] = []
        self.hidden = 0
        # Kept up to date on every push and pop, so a flush needs no walk over open elements.
        self.contexts: list[str] = []  # open headings, list items and cells, innermost last
        self.lists = 0
        self.pre = 0

    # Parsing ---------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and not self.hidden:
                self.buffer.append(_BREAK)
            elif tag == "hr":
                self.flush()
            return
        if tag in _BLOCKS:
            self.flush()
        self.close_implied(tag)
        if len(self.open) >= _MAX_OPEN:
            return
        attributes = dict(attrs)
        style = (attributes.get("style") or "").replace(" ", "").lower()
        hidden = (
            tag in _DROP
            or "hidden" in attributes
            or attributes.get("aria-hidden") == "true"
            or "display:none" in style
        )
        self.open.append((tag, hidden))
        self.hidden += hidden
        self.count(tag, 1)
        if tag == "table":
            self.rows.append(0)
        elif tag == "tr" and self.rows:
            self.rows[-1] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            # <div/> in HTML is an open tag; treated as empty here, which is what authors mean.
            if tag in _BLOCKS:
                self.flush()
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS or tag in _DROP:
            self.flush()
        for index in range(len(self.open) - 1, max(len(self.open) - _MAX_SEARCH, 0) - 1, -1):
            if self.open[index][0] == tag:
                self.pop_to(index)
                return

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.buffer.append(data.replace(_BREAK, ""))

    def close_implied(self, tag: str) -> None:
        """The end tags HTML lets authors leave out: p, li, td/th, tr, dt/dd."""
        stops: tuple[str, ...]
        if tag in ("p",) or tag in _HEADINGS:
            closes, stops = ("p",), ("div", "section", "article", "td", "th", "li", "body")
        elif tag == "li":
            closes, stops = ("li",), ("ul", "ol", "menu")
        elif tag in ("td", "th"):
            closes, stops = ("td", "th"), ("tr", "table")
        elif tag == "tr":
            closes, stops = ("tr", "td", "th"), ("table", "tbody", "thead", "tfoot")
        elif tag in ("dt", "dd"):
            closes, stops = ("dt", "dd"), ("dl",)
        else:
            return
        for index in range(len(self.open) - 1, max(len(self.open) - _MAX_SEARCH, 0) - 1, -1):
            name = self.open[index][0]
            if name in stops:
                return
            if name in closes:
                self.pop_to(index)
                return

    def pop_to(self, index: int) -> None:
        while len(self.open) > index:
            tag, hidden = self.open.pop()
            self.hidden -= hidden
            self.count(tag, -1)
            if tag == "table" and self.rows:
                self.rows.pop()

    def count(self, tag: str, step: int) -> None:
        if tag in _HEADINGS or tag in ("li", "td", "th"):
            if step > 0:
                self.contexts.append(tag)
            elif self.contexts:
                self.contexts.pop()
        elif tag in ("ul", "ol", "menu"):
            self.lists += step
        elif tag == "pre":
            self.pre += step

    # Output ----------------------------------------------------------------------------------

    def flush(self) -> None:
        if not self.buffer:
            return
        raw = "".join(self.buffer)
        self.buffer = []
        if not self.pre:
            raw = _WHITESPACE.sub(" ", raw)
        text = raw.replace(_BREAK, "\n")
        if not text.strip():
            return
        kind, level = self.context()
        previous = self.builder.lines[-1].kind if self.builder.lines else None
        if kind == "text" or kind.startswith("heading") or previous != kind:
            self.builder.paragraph_break()
        self.builder.add(text, kind=kind, level=level)

    def context(self) -> tuple[str, int]:
        if not self.contexts:
            return "text", 0
        tag = self.contexts[-1]
        if tag in _HEADINGS:
            return f"heading{_HEADINGS[tag]}", _HEADINGS[tag]
        if tag == "li":
            return "list_item", max(self.lists, 1)
        return "table_cell", self.rows[-1] if self.rows else 1
