"""From extracted lines to the rows that hold the plan: host furniture and listings removed.

What is dropped here never becomes an item: the header and footer a hosting site wraps around a
transcript (docplayer, pdfslide, slideplayer), page numbers, image captions, and the listing of
other documents some sites append after the transcript (titles and openings, each followed by
"Detaljer").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..extract.document import ExtractedDocument
from .lexicon import BOILERPLATE_LINES, CAPTION_LINES
from .pieces import Piece

_PAGE_LINE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]{1,300})\]\(([^)\s]{0,500})\)")
_DOWNLOAD_TITLE = re.compile(r'^(?:download|last ned|laste ned)\s+["“«](.+?)["”»]\s*$', re.I)
_SLIDE_TITLE = re.compile(r'^presentasjon om:\s*["“«](.+?)["”»]', re.I)
_PDFSLIDE_PAGE = re.compile(r"^page \d+:", re.I)


@dataclass
class Row:
    piece: Piece
    kind: str  # the extractor's kind: "text", "headingN", "list_item", "table_cell"
    level: int
    index: int  # index into doc.lines
    blank_before: bool
    page_line: bool = False  # a whole page or slide run together on one line
    page_number: int | None = None
    cells: list[Piece] = field(default_factory=list)  # tab-separated cells, when ≥ 2


@dataclass
class Layout:
    rows: list[Row]
    host_title: str | None
    dropped: list[tuple[int, int]]  # (start, end) spans left out as furniture or listing


def read_layout(doc: ExtractedDocument) -> Layout:
    lines = doc.lines
    texts = [line.text for line in lines]
    stripped = [t.strip() for t in texts]
    skip = [False] * len(lines)
    host_title: str | None = None

    head = _host_header_end(stripped)
    if head is not None:
        for i in range(head + 1):
            skip[i] = True
    for text in stripped[:60]:
        if host_title is None and (m := _DOWNLOAD_TITLE.match(text) or _SLIDE_TITLE.match(text)):
            host_title = m.group(1).strip()
    if host_title is None and head is not None:
        host_title = next((t for t in stripped[:head] if t and not t.isdigit()), None)

    tail = _listing_start(stripped)
    if tail is not None:
        for i in range(tail, len(lines)):
            skip[i] = True

    for i, text in enumerate(stripped):
        if skip[i] or not text:
            continue
        if (
            BOILERPLATE_LINES.match(text)
            or CAPTION_LINES.search(text)
            or _PDFSLIDE_PAGE.match(text)
            or _DOWNLOAD_TITLE.match(text)
        ):
            skip[i] = True

    page_numbers = _page_line_numbers(stripped, skip)

    rows: list[Row] = []
    blank = True
    for i, line in enumerate(lines):
        if skip[i]:
            # A dropped line separates what is around it, as a blank line would.
            blank = True
            continue
        if not stripped[i]:
            blank = True
            continue
        raw = line.text
        offset = line.start
        number = page_numbers.get(i)
        if number is not None:
            m = _PAGE_LINE.match(raw.strip())
            lead = len(raw) - len(raw.lstrip()) + m.start(2)
            body_end = len(raw.rstrip())
            trail = re.search(rf"\s{number}\s*$", raw[:body_end] + " ")
            if trail and trail.start() > lead:
                body_end = trail.start()
            raw_start, raw_end = lead, body_end
        else:
            raw_start, raw_end = 0, len(raw)
        cells: list[Piece] = []
        if "\t" in raw[raw_start:raw_end]:
            cut = raw_start
            for part in raw[raw_start:raw_end].split("\t"):
                cell = _clean_piece(doc.text, offset + cut, offset + cut + len(part))
                cut += len(part) + 1
                if cell:
                    cells.append(cell)
        piece = _clean_piece(doc.text, offset + raw_start, offset + raw_end)
        if not piece:
            blank = True
            continue
        rows.append(
            Row(
                piece=piece,
                kind=line.kind,
                level=line.level,
                index=i,
                blank_before=blank,
                page_line=number is not None,
                page_number=number,
                cells=cells if len(cells) >= 2 else [],
            )
        )
        blank = False
    dropped = [(lines[i].start, lines[i].end) for i in range(len(lines)) if skip[i]]
    return Layout(rows=rows, host_title=host_title, dropped=dropped)


_INLINE_CAPTION = re.compile(
    r"\((?:foto|illustrasjon|bilde|ill|kilde|photo)\.?\s*:[^)]{0,120}\)", re.I
)


def _clean_piece(source: str, start: int, end: int) -> Piece:
    piece = Piece.from_source(source, start, end)
    text = piece.text
    if "(" not in text:
        return piece  # neither a caption in brackets nor a link
    cuts = [(m.start(), m.end()) for m in piece.finditer(_INLINE_CAPTION)]
    for m in piece.finditer(_MARKDOWN_LINK) if "[" in text else ():
        # Keep a link's words, drop its brackets and address.
        cuts.append((m.start(), m.start() + 1))
        cuts.append((m.end(1), m.end()))
    return piece.without(cuts) if cuts else piece


def _host_header_end(stripped: list[str]) -> int | None:
    """Index of the last line of a hosting site's header, when there is one."""
    lowered = [t.lower() for t in stripped[:80]]
    for i, text in enumerate(lowered):
        if text == "transkript" and any(
            t.startswith(("størrelse", "begynne med side", "download")) for t in lowered[:i]
        ):
            return i
        if text == "citation preview":
            return i
        if _SLIDE_TITLE.match(stripped[i]):
            return i
    return None


def _listing_start(stripped: list[str]) -> int | None:
    """Where a listing of other documents starts (each entry followed by "Detaljer")."""
    detaljer = [i for i, t in enumerate(stripped) if t.lower() == "detaljer"]
    cut = None
    if len(detaljer) >= 2:
        first = detaljer[0]
        previous = [i for i in range(first - 1, -1, -1) if stripped[i]][:2]
        cut = first
        if previous:
            cut = previous[0]
            if len(previous) == 2:
                opening, title = stripped[previous[0]], stripped[previous[1]]
                if opening.lower().startswith(title.lower()[:20]):
                    cut = previous[1]
    for i, t in enumerate(stripped):
        low = t.lower()
        if low.startswith(
            (
                "laste ned ppt",
                "last ned ppt",
                "liknende presentasjoner",
                "like dokumenter",
                "lignende dokumenter",
                "relaterte dokumenter",
            )
        ) and (i > len(stripped) // 3):
            cut = i if cut is None else min(cut, i)
            break
    return cut


def _page_line_numbers(stripped: list[str], skip: list[bool]) -> dict[int, int]:
    """Lines that start with their page or slide number (1, 2, 3 …), as transcripts do."""
    candidates = []
    for i, text in enumerate(stripped):
        if skip[i]:
            continue
        m = _PAGE_LINE.match(text)
        if m:
            candidates.append((i, int(m.group(1))))
    best: list[tuple[int, int]] = []
    for k, (_i, number) in enumerate(candidates):
        if number > 3:
            continue
        run = [candidates[k]]
        for j, n in candidates[k + 1 :]:
            if 0 < n - run[-1][1] <= 2:
                run.append((j, n))
        if len(run) > len(best):
            best = run
    if len(best) < 2:
        return {}
    return dict(best)
