"""OCR of PDF pages without a text layer: PDFium renders the page, the `tesseract` command
reads it with its Norwegian data (Debian packages tesseract-ocr and tesseract-ocr-nor).

The page goes to Tesseract as a greyscale PGM image on stdin and the text comes back on stdout,
so nothing is written to disk. Tesseract runs inside the worker's limits (it inherits the memory
limit, and the worker's process group is killed at the deadline).
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import time

from ..errors import ImportProblem

LANGUAGE = "nor"
_DPI = 300
_MAX_PIXELS = 12_000_000  # an A4 page at 300 dpi is 8.7 million; huge pages are scaled down


def find_tesseract() -> str | None:
    """The tesseract command on PATH, or None."""
    return shutil.which("tesseract")


def _check_language(tesseract: str) -> None:
    try:
        completed = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, timeout=30, check=False
        )
        # Older versions list the languages on stderr.
        listed = (completed.stdout + b"\n" + completed.stderr).decode("utf-8", errors="replace")
    except (OSError, subprocess.SubprocessError):
        raise ImportProblem("OCR (Tesseract) kunne ikke startes på serveren.") from None
    if LANGUAGE not in listed.split():
        raise ImportProblem(
            "Dokumentet har ikke tekstlag, og Tesseract mangler norsk språkdata. Be "
            "driftsansvarlig installere pakken tesseract-ocr-nor."
        )


def ocr_pages(
    document, numbers: list[int], *, tesseract: str, deadline: float | None = None
) -> dict[int, list[str]]:
    """Paragraphs of text per page number (1-based) for the pages read before `deadline` (a
    time.monotonic() value); pages left over are missing from the answer."""
    _check_language(tesseract)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "OMP_THREAD_LIMIT": "1",  # one core, and no thread stacks eating the memory limit
        "LANG": "C.UTF-8",
    }
    result: dict[int, list[str]] = {}
    for number in numbers:
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            break
        image = _page_image(document[number - 1])
        try:
            completed = subprocess.run(
                [tesseract, "stdin", "stdout", "-l", LANGUAGE, "--psm", "3"],
                input=image,
                capture_output=True,
                env=env,
                check=False,
                timeout=left,
            )
        except subprocess.TimeoutExpired:
            break
        except OSError:
            raise ImportProblem("OCR (Tesseract) kunne ikke startes på serveren.") from None
        if completed.returncode != 0:
            raise ImportProblem("OCR (Tesseract) klarte ikke å lese siden.", where=f"side {number}")
        text = completed.stdout.decode("utf-8", errors="replace").replace("\f", "")
        result[number] = [block.strip() for block in text.split("\n\n") if block.strip()]
    return result


def _page_image(page) -> bytes:
    """The page rendered in greyscale as a binary PGM image."""
    width, height = page.get_size()
    scale = min(_DPI / 72, math.sqrt(_MAX_PIXELS / max(width * height, 1.0)))
    bitmap = page.render(scale=scale, grayscale=True)
    pixels_wide, pixels_high, stride = bitmap.width, bitmap.height, bitmap.stride
    buffer = bytes(bitmap.buffer)
    if stride != pixels_wide:
        buffer = b"".join(
            buffer[row * stride : row * stride + pixels_wide] for row in range(pixels_high)
        )
    return f"P5 {pixels_wide} {pixels_high} 255\n".encode("ascii") + buffer
