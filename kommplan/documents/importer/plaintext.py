"""Plain text as an ExtractedDocument: for tests, and for .txt files when extraction is absent."""

from __future__ import annotations

from ..extract.document import ExtractedDocument, Line


def document_from_text(text: str) -> ExtractedDocument:
    """One page, one Line per line of text, offsets into the text as given (LF line ends)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[Line] = []
    offset = 0
    for number, part in enumerate(text.split("\n"), start=1):
        lines.append(Line(part, 1, number, offset, offset + len(part)))
        offset += len(part) + 1
    return ExtractedDocument(
        text=text, lines=lines, pages=1, format="txt", ocr=False, language=None
    )
