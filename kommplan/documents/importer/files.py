"""Importing a file from disk: extraction (the extract package), then the structure step, timed."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import ImportProblem
from ..extract.document import ExtractedDocument
from . import ImportResult, propose_plan
from .plaintext import document_from_text


@dataclass
class TimedImport:
    result: ImportResult
    document: ExtractedDocument
    extract_seconds: float
    structure_seconds: float


def read_document(path: Path) -> ExtractedDocument:
    """The file's text with positions; ImportProblem when it cannot be read."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise ImportProblem(
            f"Filen kan ikke leses: {error.strerror or error}.", where=str(path)
        ) from None
    try:
        from ..extract import extract  # the extraction package, when it is installed
    except ImportError:
        extract = None
    if extract is not None:
        return extract(content, filename=path.name)
    if path.suffix.lower() not in {".txt", ".text", ".md"}:
        raise ImportProblem("Bare ren tekst (.txt) kan leses foreløpig.", where=path.name)
    try:
        return document_from_text(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportProblem("Teksten er ikke UTF-8 og kan ikke leses.", where=path.name) from None


def import_path(path: Path, *, organisation: str | None = None) -> TimedImport:
    started = time.perf_counter()
    document = read_document(path)
    extracted = time.perf_counter()
    result = propose_plan(document, organisation=organisation)
    done = time.perf_counter()
    return TimedImport(result, document, extracted - started, done - extracted)
