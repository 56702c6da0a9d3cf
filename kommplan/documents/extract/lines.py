"""Building an ExtractedDocument line by line, keeping offsets and page line numbers right."""

from __future__ import annotations

import re
import unicodedata

from .document import ExtractedDocument, Line

# Control characters other than tab: never useful in a line, confusing in a review.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff\ufffe\uffff]")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_TABS = re.compile(r" *\t[\t ]*")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def clean(text: str) -> str:
    """One line of text: NFC, soft hyphens and control characters gone, spaces collapsed.

    A tab stays (one, with no spaces around it): it separates columns, as in the seed texts.
    """
    text = _SURROGATES.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    text = _CONTROL.sub(" ", text)
    return _TABS.sub("\t", _SPACES.sub(" ", text)).strip()


def clean_raw(text: str) -> str:
    """One line of plain text as it stands: tabs and indentation kept, only junk removed."""
    text = _SURROGATES.sub("\ufffd", text)
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", text)).rstrip()


class LineBuilder:
    """Collects lines with their offsets; every line is cleaned and holds no newline.

    Blank lines separate paragraphs: `paragraph_break` adds one unless the last line is blank.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._lines: list[Line] = []
        self._offset = 0
        self._page = 1
        self._line_in_page = 0

    @property
    def lines(self) -> list[Line]:
        return self._lines

    def new_page(self) -> None:
        self._page += 1
        self._line_in_page = 0

    def add(self, text: str, *, kind: str = "text", level: int = 0, raw: bool = False) -> None:
        """Add text as one line per newline in it; blank pieces are dropped unless raw."""
        for piece in text.split("\n"):
            piece = clean_raw(piece) if raw else clean(piece)
            if piece or raw:
                self._append(piece, kind if piece else "text", level if piece else 0)

    def paragraph_break(self) -> None:
        if self._lines and self._lines[-1].text and self._line_in_page:
            self._append("", "text", 0)

    def _append(self, text: str, kind: str, level: int) -> None:
        if self._lines:
            self._parts.append("\n")
            self._offset += 1
        self._line_in_page += 1
        start = self._offset
        self._parts.append(text)
        self._offset += len(text)
        self._lines.append(
            Line(text, self._page, self._line_in_page, start, self._offset, kind, level)
        )

    def build(self, *, pages: int, format: str, ocr: bool = False) -> ExtractedDocument:
        from .language import detect, warnings_for

        lines = self._lines
        # Trailing blank lines carry nothing.
        while lines and not lines[-1].text:
            lines.pop()
        text = "".join(self._parts)[: lines[-1].end if lines else 0]
        language = detect(text)
        return ExtractedDocument(
            text=text,
            lines=lines,
            pages=max(pages, 1),
            format=format,
            ocr=ocr,
            language=language,
            warnings=warnings_for(language, ocr=ocr),
        )
