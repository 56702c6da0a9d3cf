"""Plain text, kept as it stands: line breaks, blank lines, tabs and printed page numbers.

The seed texts are transcripts of slide decks with run-together lines; making sense of them is
the structure step's work, not this one's. A form feed starts a new page.
"""

from __future__ import annotations

import codecs

from .document import ExtractedDocument
from .lines import LineBuilder


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252, else Latin-1."""
    if content.startswith(codecs.BOM_UTF8):
        return content[3:].decode("utf-8", errors="replace")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Norwegian text saved by older Windows programs: æøå and “smart quotes”.
        return content.decode("cp1252")
    except UnicodeDecodeError:
        return content.decode("latin-1")


def read_text(content: bytes) -> ExtractedDocument:
    text = decode_text(content).replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    builder = LineBuilder()
    for number, page in enumerate(pages, start=1):
        if number > 1:
            builder.new_page()
        builder.add(page.removesuffix("\n"), raw=True)
    return builder.build(pages=len(pages), format="txt")
