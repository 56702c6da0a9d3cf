"""Text extraction: an uploaded file (bytes and a file name) becomes text with positions.

    extract(content, filename=...) -> ExtractedDocument   (or raises ImportProblem)

Formats: PDF (text layer, or OCR with Tesseract when installed), DOCX, ODT, HTML and plain text.
The file is read in a separate worker process with a memory limit and a wall-clock limit
(settings DOCUMENT_PARSE_MEMORY_BYTES, DOCUMENT_PARSE_SECONDS); size, page and ZIP limits come
from DOCUMENT_MAX_BYTES, DOCUMENT_MAX_PAGES, DOCUMENT_MAX_ZIP_ENTRIES and
DOCUMENT_MAX_UNCOMPRESSED_BYTES. Every refusal is an ImportProblem with a Norwegian message.

A document in another language is not refused: `language` says what it is ("en", "other") and
`warnings` holds the Norwegian note to show (see language.py); the importer passes it on.
"""

from __future__ import annotations

from ..errors import ImportProblem
from .document import ExtractedDocument, Line
from .limits import Limits, mib
from .ocr import find_tesseract
from .sandbox import WorkerRun, run_worker

__all__ = ["ExtractedDocument", "ImportProblem", "Limits", "Line", "extract", "extract_run"]


def extract(content: bytes, *, filename: str) -> ExtractedDocument:
    """The text of an uploaded document, read safely in a sandboxed worker process."""
    return extract_run(content, filename=filename).result()


def extract_run(content: bytes, *, filename: str, limits: Limits | None = None) -> WorkerRun:
    """Like extract(), but returns the worker run with its time and peak memory use.

    Checks that need no parsing (size, emptiness) are made here, before a process starts.
    """
    limits = limits or Limits.from_settings()
    if len(content) > limits.max_bytes:
        problem = ImportProblem(
            f"Filen er på {mib(len(content))}; grensen er {mib(limits.max_bytes)}. Last opp "
            "en mindre fil, for eksempel bare selve strategien."
        )
        return WorkerRun(None, problem, 0.0, 0, False, 0)
    if not content.strip():
        return WorkerRun(None, ImportProblem("Dokumentet er tomt."), 0.0, 0, False, 0)
    return run_worker(content, filename=filename, limits=limits, tesseract=find_tesseract())
