"""What extraction returns: the document's text and its lines with positions.

Plain data only, so that a result can cross the process boundary of the sandbox as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMATS = ("pdf", "docx", "odt", "html", "txt")
KINDS = (
    "text",
    "heading1",
    "heading2",
    "heading3",
    "heading4",
    "heading5",
    "heading6",
    "list_item",
    "table_cell",
)


@dataclass(frozen=True)
class Line:
    """One line of the extracted text.

    `start`/`end` are character offsets into ExtractedDocument.text, so that
    `doc.text[line.start:line.end] == line.text`. `page` is 1-based (always 1 for formats without
    pages); `line` is 1-based within the page and counts every line of the text, blank ones too.
    `kind` is "heading1".."heading6" (with `level` 1..6), "list_item" (`level` = nesting depth,
    1 at the top), "table_cell" (`level` = table row, 1-based) or "text" (`level` 0).
    """

    text: str
    page: int
    line: int
    start: int
    end: int
    kind: str = "text"
    level: int = 0


@dataclass(frozen=True)
class ExtractedDocument:
    """The text of a document, line by line, with where each line came from.

    `text` is exactly `"\n".join(line.text for line in lines)`; pages show only in `Line.page`.
    A blank line (text "") separates paragraphs in every format, never list items or table cells
    that follow each other. In DOCX, ODT and HTML a paragraph is one line (a manual line break
    splits it); in PDF and plain text a paragraph may run over several lines, as printed. Plain
    text is kept as it stands, blank lines, tabs and printed page numbers included, and its
    line numbers are the file's. A tab separates columns (PDF table rows, DOCX tab stops, the
    tab-separated tables of the seed texts). DOCX, ODT and HTML have one page.
    `pages` is the number of pages the document has (1 for formats without pages).
    `language` is "nb", "nn", "en" or "other" when the text says enough to tell (see
    `language.detect`), else None. `warnings` are Norwegian notes for the user (the document is
    in another language, the text came from OCR); extraction went through all the same, and the
    importer should pass them on.
    """

    text: str
    lines: list[Line]
    pages: int
    format: str
    ocr: bool
    language: str | None
    warnings: list[str] = field(default_factory=list)

    def to_data(self) -> dict[str, Any]:
        """Plain data for JSON; a line's text is not repeated (it is a slice of `text`)."""
        return {
            "text": self.text,
            "lines": [
                [line.page, line.line, line.start, line.end, line.kind, line.level]
                for line in self.lines
            ],
            "pages": self.pages,
            "format": self.format,
            "ocr": self.ocr,
            "language": self.language,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ExtractedDocument:
        text = data["text"]
        lines = [
            Line(text[start:end], page, number, start, end, kind, level)
            for page, number, start, end, kind, level in data["lines"]
        ]
        return cls(**{**data, "lines": lines})
