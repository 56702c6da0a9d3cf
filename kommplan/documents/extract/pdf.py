"""PDF with a text layer: lines with page numbers, headings by font size, page furniture gone.

The text layer is read with PDFium (pypdfium2, which pdfplumber itself renders with): it reads a
30-page text PDF in a few hundredths of a second, where pdfminer-based pdfplumber needs more
than a second for the characters alone. PDFium gives the text in content-stream order with its
own line breaks (which keeps the columns of Word and InDesign exports apart); per line we ask it
for the size, weight and box of a few characters.

- Headings: a line whose text is at least 15% larger than the page's body text, or whose body-
  sized text is all bold, and that is short. Levels follow the distinct heading sizes in the
  whole document, largest first; bold body-sized headings come last.
- Page furniture: lines in the top or bottom tenth of the page that repeat (digits ignored) on at
  least half the pages of a document of three pages or more, and page numbers there.
- Pages without text but with images are read with OCR when Tesseract is installed (ocr.py).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ..errors import ImportProblem
from .document import ExtractedDocument
from .limits import Limits
from .lines import LineBuilder

_PAGE_NUMBER = re.compile(
    r"^[-–—(\[]?\s*(side|s\.|page|p\.|sida)?\s*\d{1,4}\s*((av|/|of|til)\s*\d{1,4})?\s*[-–—)\]]?$",
    re.I,
)
_BULLET = re.compile(r"^\s*([•●○◦▪▫■□►▶➢✓✔\-–*]|\d{1,2}[.)]|[a-z][.)])\s+\S")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_BAND = 0.1  # top and bottom tenth of the page: where headers and footers live
_MIN_TEXT_CHARS = 10  # a page with fewer characters than this has no usable text layer


@dataclass
class _Line:
    text: str
    top: float  # from the top of the page, in points
    bottom: float
    left: float
    size: float  # height of the characters' loose boxes: the rendered font size
    bold: bool


@dataclass
class _Page:
    lines: list[_Line]
    height: float
    has_images: bool


def read_pdf(
    content: bytes, *, limits: Limits, tesseract: str | None, deadline: float | None = None
) -> ExtractedDocument:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ImportProblem(
                "PDF-filen er passordbeskyttet (kryptert) og kan ikke leses. Lagre en kopi uten "
                "passord og last den opp på nytt."
            ) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ImportProblem(
                "PDF-filen er kryptert på en måte vi ikke kan lese. Lagre en kopi uten passord "
                "eller kryptering og last den opp på nytt."
            ) from None
        raise ImportProblem(
            "PDF-filen er skadet eller avkortet og kan ikke leses. Prøv å eksportere den på nytt "
            "fra programmet den ble laget i."
        ) from None

    # The page count comes from the page tree's /Count before any page is read, so a PDF with
    # thousands of pages is refused at once.
    count = len(document)
    if count > limits.max_pages:
        raise ImportProblem(
            f"PDF-filen har {count} sider; grensen er {limits.max_pages}. Del den opp, eller "
            "last opp bare den delen som er strategien."
        )
    if count == 0:
        raise ImportProblem("PDF-filen har ingen sider.")

    pages: list[_Page] = []
    for index in range(count):
        try:
            page = document[index]
        except pdfium.PdfiumError:
            raise ImportProblem(
                "PDF-filen er skadet og kan ikke leses.", where=f"side {index + 1}"
            ) from None
        pages.append(_read_page(page, pdfium_c))

    missing = [
        number
        for number, page in enumerate(pages, start=1)
        if _chars(page) < _MIN_TEXT_CHARS and page.has_images
    ]
    ocr_used = False
    warnings: list[str] = []
    ocr_pages: dict[int, list[str]] = {}
    if missing and tesseract:
        from .ocr import ocr_pages as run_ocr

        ocr_pages = run_ocr(document, missing, tesseract=tesseract, deadline=deadline)
        ocr_used = True
        late = [number for number in missing if number not in ocr_pages]
        if late:
            warnings.append(
                f"Tekstgjenkjenningen (OCR) rakk ikke {_page_list(late).lower()} innen "
                f"tidsgrensen på {limits.parse_seconds:g} sekunder; teksten derfra mangler."
            )
    elif missing and not any(_chars(page) >= _MIN_TEXT_CHARS for page in pages):
        raise ImportProblem(
            "Dokumentet har ikke tekstlag, og OCR (Tesseract) er ikke installert på serveren, "
            "så teksten kan ikke leses. Be om en PDF med tekst (eksportert fra Word eller "
            "tilsvarende), eller be driftsansvarlig installere pakkene tesseract-ocr og "
            "tesseract-ocr-nor."
        )
    elif missing:
        warnings.append(
            f"{_page_list(missing)} har ikke tekstlag og er hoppet over, fordi OCR (Tesseract) "
            "ikke er installert."
        )

    builder = LineBuilder()
    _emit(builder, pages, ocr_pages)
    result = builder.build(pages=count, format="pdf", ocr=ocr_used)
    if not any(line.text for line in result.lines):
        if ocr_used and missing and not ocr_pages:
            raise ImportProblem(
                "Dokumentet har ikke tekstlag, og tekstgjenkjenningen (OCR) rakk ikke å lese "
                f"noen side innen tidsgrensen på {limits.parse_seconds:g} sekunder."
            )
        if ocr_used:
            raise ImportProblem(
                "Dokumentet har ikke tekstlag, og tekstgjenkjenningen (OCR) fant ingen tekst."
            )
        raise ImportProblem("PDF-filen inneholder ingen tekst.")
    result.warnings.extend(warnings)
    return result


def _page_list(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"Side {numbers[0]}"
    shown = ", ".join(str(n) for n in numbers[:10]) + (" …" if len(numbers) > 10 else "")
    return f"Sidene {shown}"


def _chars(page: _Page) -> int:
    return sum(len(line.text.replace(" ", "")) for line in page.lines)


def _read_page(page, pdfium_c) -> _Page:
    left, bottom, right, top = page.get_bbox()
    height = max(top - bottom, 1.0)
    textpage = page.get_textpage()
    raw = textpage.raw
    count = textpage.count_chars()
    text = textpage.get_text_range() if count > 0 else ""
    has_images = any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
    lines: list[_Line] = []
    # One string index per character index holds for text without characters outside the
    # BMP; when it does not, positions are unknown and the text is still taken.
    aligned = len(text) == count
    box = pdfium_c.FS_RECTF()
    start = 0
    for piece in text.split("\r\n"):
        end = start + len(piece)
        if piece.strip():
            if aligned:
                line = _line(raw, pdfium_c, box, piece, start, end, top, left)
                if line.size > 0 and " " in piece:
                    line.text = _with_tabs(raw, pdfium_c, box, line, start)
                lines.append(line)
            else:
                lines.append(_Line(piece, 0.0, 0.0, 0.0, 0.0, False))
        start = end + 2
    return _Page(lines=lines, height=height, has_images=has_images)


def _line(raw, pdfium_c, box, text: str, start: int, end: int, top: float, left: float) -> _Line:
    indexes = [start + i for i, char in enumerate(text) if not char.isspace()]
    # A few characters spread over the line tell its size and weight.
    step = max(len(indexes) // 5, 1)
    samples = indexes[::step][:6] + indexes[-1:]
    sizes, bold, tops, bottoms, lefts = [], 0, [], [], []
    for index in samples:
        if pdfium_c.FPDFText_GetLooseCharBox(raw, index, box):
            sizes.append(round((box.top - box.bottom) * 2) / 2)
            tops.append(box.top)
            bottoms.append(box.bottom)
            lefts.append(box.left)
        if pdfium_c.FPDFText_GetFontWeight(raw, index) >= 600:
            bold += 1
    if not sizes:
        return _Line(text, 0.0, 0.0, 0.0, 0.0, False)
    sizes.sort()
    return _Line(
        text=text,
        top=top - max(tops),
        bottom=top - min(bottoms),
        left=min(lefts) - left,
        size=sizes[len(sizes) // 2],
        bold=bold == len(samples),
    )


def _with_tabs(raw, pdfium_c, box, line: _Line, start: int) -> str:
    """Where PDFium put a space of its own between two far-apart runs (table columns, tab
    stops), the line gets a tab instead, as in the seed texts."""
    chars = list(line.text)
    for position in range(1, len(chars) - 1):
        if chars[position] != " ":
            continue
        index = start + position
        if not pdfium_c.FPDFText_IsGenerated(raw, index):
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, index - 1, box):
            continue
        before = box.right
        found = pdfium_c.FPDFText_GetLooseCharBox(raw, index + 1, box)
        if found and box.left - before > 1.5 * line.size:
            chars[position] = "\t"
    return "".join(chars)


def _emit(builder: LineBuilder, pages: list[_Page], ocr_pages: dict[int, list[str]]) -> None:
    furniture = _furniture_keys(pages)
    all_sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            all_sizes[line.size] += len(line.text)
    document_body = _body_size(all_sizes)
    bodies = []
    for page in pages:
        sizes: Counter[float] = Counter()
        for line in page.lines:
            sizes[line.size] += len(line.text)
        enough = sum(sizes.values()) >= 300
        bodies.append(_body_size(sizes) if enough else document_body)
    levels = _heading_levels(pages, bodies)
    body_bold = _mostly_bold(pages)

    for number, (page, body) in enumerate(zip(pages, bodies, strict=True), start=1):
        if number > 1:
            builder.new_page()
        if number in ocr_pages:
            for paragraph in ocr_pages[number]:
                builder.paragraph_break()
                builder.add(paragraph)
            continue
        previous: _Line | None = None
        previous_kind = "text"
        list_left = None
        for line in page.lines:
            if _is_furniture(line, page, furniture, len(pages)):
                continue
            kind, level = "text", 0
            heading = _heading_level(line, body, levels, body_bold)
            if heading:
                kind, level = f"heading{heading}", heading
            elif _BULLET.match(line.text):
                kind, level, list_left = "list_item", 1, line.left
            elif (
                previous_kind == "list_item"
                and list_left is not None
                and line.left >= list_left - 1
                and not _gap(previous, line)
            ):
                kind, level = "list_item", 1  # the wrapped rest of a list item
            if previous is not None and (
                _gap(previous, line)
                or kind.startswith("heading") != previous_kind.startswith("heading")
                or (kind == "list_item" and previous_kind != "list_item")
            ):
                builder.paragraph_break()
            builder.add(line.text, kind=kind, level=level)
            previous, previous_kind = line, kind


def _gap(previous: _Line | None, line: _Line) -> bool:
    """A paragraph break: more space than line spacing between the lines, or a jump upwards."""
    if previous is None or previous.size <= 0 or line.size <= 0:
        return False
    space = line.top - previous.bottom
    return space > 0.5 * min(previous.size, line.size) or line.top < previous.top - 1


def _body_size(sizes: Counter[float]) -> float:
    sizes = Counter({size: n for size, n in sizes.items() if size > 0})
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _heading_levels(pages: list[_Page], bodies: list[float]) -> dict[float, int]:
    """Heading level per size: the distinct heading sizes, largest first, close sizes as one."""
    candidates = set()
    for page, body in zip(pages, bodies, strict=True):
        for line in page.lines:
            if _large(line, body):
                candidates.add(line.size)
    levels: dict[float, int] = {}
    level, previous = 0, None
    for size in sorted(candidates, reverse=True):
        if previous is None or size < previous - 0.75:
            level += 1
            previous = size
        levels[size] = min(level, 6)
    return levels


def _large(line: _Line, body: float) -> bool:
    # No letter needed: the second line of a title can be "2024–2027".
    return body > 0 and line.size >= body * 1.15 and line.size >= body + 1 and len(line.text) <= 200


def _mostly_bold(pages: list[_Page]) -> bool:
    bold = sum(len(line.text) for page in pages for line in page.lines if line.bold)
    total = sum(len(line.text) for page in pages for line in page.lines)
    return total > 0 and bold > total / 2


def _heading_level(line: _Line, body: float, levels: dict[float, int], body_bold: bool) -> int:
    if _large(line, body):
        return levels.get(line.size, 1)
    if (
        line.bold
        and not body_bold
        and abs(line.size - body) < 1
        and len(line.text) <= 100
        and not line.text.rstrip().endswith((".", ","))
        and _HAS_LETTER.search(line.text)
    ):
        return min(len(set(levels.values())) + 1, 6)
    return 0


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _in_band(line: _Line, page: _Page) -> bool:
    return line.size > 0 and (
        line.bottom <= page.height * _BAND or line.top >= page.height * (1 - _BAND)
    )


def _furniture_keys(pages: list[_Page]) -> set[str]:
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_key(line.text) for line in page.lines if _in_band(line, page)})
    needed = max(3, math.ceil(len(pages) / 2))
    return {key for key, n in seen.items() if n >= needed}


def _is_furniture(line: _Line, page: _Page, furniture: set[str], pages: int) -> bool:
    if not _in_band(line, page):
        return False
    match = _PAGE_NUMBER.match(line.text.strip())
    if match and int(re.search(r"\d+", line.text).group()) <= pages + 10:
        return True  # not a year such as "2024" under a cover page's title
    return _key(line.text) in furniture
