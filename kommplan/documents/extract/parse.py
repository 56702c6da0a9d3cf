"""Reading a document of any supported format: what runs inside the sandboxed worker.

Never call this on an uploaded file in the server process: use `extract()`, which runs it in a
separate process with memory and time limits.
"""

from __future__ import annotations

from ..errors import ImportProblem
from .document import ExtractedDocument
from .limits import Limits
from .sniff import decide_format

_EMPTY = {
    "pdf": "PDF-filen inneholder ingen tekst.",
    "docx": "Word-dokumentet inneholder ingen tekst.",
    "odt": "OpenDocument-dokumentet inneholder ingen tekst.",
    "html": "Nettsiden inneholder ingen tekst.",
    "txt": "Tekstfilen er tom.",
}


def parse(
    content: bytes,
    *,
    filename: str,
    limits: Limits,
    tesseract: str | None = None,
    deadline: float | None = None,
) -> ExtractedDocument:
    """The document's text and lines, or ImportProblem. Heavy readers are imported on demand,
    so that a worker reading plain text starts quickly. OCR stops at `deadline` (a
    time.monotonic() value) and says which pages it did not reach."""
    if not content.strip():
        raise ImportProblem("Dokumentet er tomt.")
    if len(content) > limits.max_bytes:
        raise ImportProblem("Filen er større enn grensen for opplasting.")
    format = decide_format(content, filename)
    if format == "pdf":
        from .pdf import read_pdf

        document = read_pdf(content, limits=limits, tesseract=tesseract, deadline=deadline)
    elif format == "docx":
        from .docx import read_docx

        document = read_docx(content, limits=limits)
    elif format == "odt":
        from .odt import read_odt

        document = read_odt(content, limits=limits)
    elif format == "html":
        from .html import read_html

        document = read_html(content)
    else:
        from .text import read_text

        document = read_text(content)
    if not any(line.text.strip() for line in document.lines):
        raise ImportProblem(_EMPTY[format])
    return document
