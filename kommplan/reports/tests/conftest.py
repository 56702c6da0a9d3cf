"""Helpers that look at the documents the way a reader does: pages as images and as text."""

from __future__ import annotations

import ctypes
import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

DEMO_ORGS = [
    "askim-kommune",
    "innherred-samkommune",
    "osen-kommune",
    "rana-kommune",
    "regionradet-for-fjellregionen",
]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages_text(pdf: bytes) -> list[str]:
    """pdftotext page by page, whitespace collapsed (long texts wrap over lines)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
    return [squash(page) for page in out.split("\f")[:-1]]


def pdf_page_images(pdf: bytes) -> list:
    """Every page rendered at 40 dpi by pdftoppm, as greyscale Pillow images."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "40", "-png", str(path), str(Path(tmp) / "page")], check=True
        )
        return [
            Image.open(io.BytesIO(png.read_bytes())).convert("L")
            for png in sorted(Path(tmp).glob("page-*.png"))
        ]


def pdf_language(pdf: bytes) -> str:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(pdf)
    size = raw.FPDFCatalog_GetLanguage(document, None, 0)
    buffer = (ctypes.c_ushort * (size // 2 + 1))()
    raw.FPDFCatalog_GetLanguage(document, buffer, size)
    return bytes(buffer).decode("utf-16-le").rstrip("\x00")


def pdf_structure(pdf: bytes) -> tuple[bool, list[tuple[int, str]], dict]:
    """(tagged?, outline as (level, title), metadata)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(pdf)
    tagged = bool(raw.FPDFCatalog_IsTagged(document))
    outline = [(item.level, item.get_title()) for item in document.get_toc()]
    return tagged, outline, document.get_metadata_dict()


def docx_text(content: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return squash("\n".join(parts))


@pytest.fixture
def strategy_of(demo):
    from kommplan.strategies.models import Strategy

    def _strategy(slug: str) -> Strategy:
        return Strategy.objects.select_related("organisation").get(organisation__slug=slug)

    return _strategy
