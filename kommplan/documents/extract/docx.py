"""DOCX: paragraphs with their heading and list styles, tables cell by cell, in body order.

python-docx opens the package and resolves styles; the text of each paragraph is read from its
XML directly, so that tracked insertions count, deletions and field codes do not, and text boxes
come out as paragraphs of their own. Headers, footers and footnotes are page furniture and left
out.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ..errors import ImportProblem
from .archive import check_xml_parts, open_archive
from .document import ExtractedDocument
from .limits import Limits
from .lines import LineBuilder

WHAT = "Word-dokumentet"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC, _SDT = (f"{_W}{tag}" for tag in ("p", "tbl", "tr", "tc", "sdt"))
_SDT_CONTENT, _CUSTOM_XML, _PPR = f"{_W}sdtContent", f"{_W}customXml", f"{_W}pPr"
_TXBX = f"{_W}txbxContent"
# Inside a paragraph: what is not its visible text.
_SKIP = {
    f"{_W}{tag}"
    for tag in ("del", "delText", "instrText", "delInstrText", "pPr", "rPr", "txbxContent")
} | {f"{_MC}Fallback"}
_HEADING_NAME = re.compile(r"^(heading|overskrift|überschrift|titre)\s*([1-9])$", re.I)
_TITLE_NAMES = {"title", "tittel"}
_LIST_NAME = re.compile(r"\b(list|liste|listeavsnitt|punktliste|bullet)", re.I)
_MAX_DEPTH = 64


@dataclass(frozen=True)
class _Style:
    heading: int  # 0 when not a heading
    is_list: bool
    list_level: int = 1


def read_docx(content: bytes, *, limits: Limits) -> ExtractedDocument:
    archive = open_archive(content, limits=limits, what=WHAT)
    if "word/document.xml" not in archive.namelist():
        raise ImportProblem(f"{WHAT} mangler hoveddelen (word/document.xml) og kan ikke leses.")
    check_xml_parts(archive, what=WHAT)

    import docx

    try:
        document = docx.Document(io.BytesIO(content))
        body = document.element.body
        styles = _styles(document)
    except ImportProblem:
        raise
    except Exception:
        raise ImportProblem(f"{WHAT} er skadet og kan ikke leses.") from None

    builder = LineBuilder()
    _Walker(builder, styles).blocks(body, depth=0)
    return builder.build(pages=1, format="docx")


def _styles(document) -> dict[str, _Style]:
    """Heading level and list flag per paragraph style id, following basedOn chains."""
    from docx.enum.style import WD_STYLE_TYPE

    by_id = {}
    for style in document.styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH and style.style_id:
            by_id[style.style_id] = style
    resolved: dict[str, _Style] = {}
    for style_id in by_id:
        heading, is_list, list_level, seen = 0, False, 0, set()
        current = by_id.get(style_id)
        while current is not None and current.style_id not in seen and len(seen) < 20:
            seen.add(current.style_id)
            name = (current.name or "").strip()
            match = _HEADING_NAME.match(name)
            if not heading and match:
                heading = int(match.group(2))
            elif not heading and name.lower() in _TITLE_NAMES:
                heading = 1
            elif not heading and (level := _outline_level(current.element.find(_PPR))):
                heading = level
            ppr = current.element.find(_PPR)
            if _LIST_NAME.search(name) or _has_numbering(ppr):
                is_list = True
                # The level: the style's w:ilvl, else the number in "List Bullet 2".
                if (
                    not list_level
                    and _has_numbering(ppr)
                    and ppr.find(f"{_W}numPr/{_W}ilvl") is not None
                ):
                    list_level = _list_level(ppr)
                elif not list_level and (digit := re.search(r"\s([2-9])$", name)):
                    list_level = int(digit.group(1))
            based_on = current.element.find(f"{_W}basedOn")
            current = by_id.get(based_on.get(f"{_W}val")) if based_on is not None else None
        resolved[style_id] = _Style(min(heading, 6), is_list, list_level or 1)
    return resolved


def _outline_level(ppr) -> int:
    """1-based heading level from w:outlineLvl (0 = level 1; 9 = body text), else 0."""
    if ppr is None:
        return 0
    element = ppr.find(f"{_W}outlineLvl")
    if element is None:
        return 0
    try:
        value = int(element.get(f"{_W}val", "9"))
    except ValueError:
        return 0
    return value + 1 if 0 <= value < 6 else 0


def _has_numbering(ppr) -> bool:
    if ppr is None:
        return False
    num_pr = ppr.find(f"{_W}numPr")
    if num_pr is None:
        return False
    num_id = num_pr.find(f"{_W}numId")
    return num_id is None or num_id.get(f"{_W}val") != "0"


def _list_level(ppr) -> int:
    if ppr is None or (num_pr := ppr.find(f"{_W}numPr")) is None:
        return 1
    ilvl = num_pr.find(f"{_W}ilvl")
    try:
        return min(int(ilvl.get(f"{_W}val", "0")), 8) + 1 if ilvl is not None else 1
    except ValueError:
        return 1


class _Walker:
    def __init__(self, builder: LineBuilder, styles: dict[str, _Style]) -> None:
        self.builder = builder
        self.styles = styles

    def blocks(self, parent, *, depth: int) -> None:
        if depth > _MAX_DEPTH:
            return
        for child in parent:
            tag = child.tag
            if tag == _P:
                self.paragraph(child)
            elif tag == _TBL:
                self.table(child, depth=depth)
            elif tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
                self.blocks(child, depth=depth + 1)

    def paragraph(self, p) -> None:
        text = _text(p)
        ppr = p.find(_PPR)
        style_id = None
        if ppr is not None and (pstyle := ppr.find(f"{_W}pStyle")) is not None:
            style_id = pstyle.get(f"{_W}val")
        style = self.styles.get(style_id or "", _Style(0, False))
        heading = _outline_level(ppr) or style.heading
        if text.strip():
            if heading:
                self.builder.paragraph_break()
                self.builder.add(text, kind=f"heading{heading}", level=heading)
            elif _has_numbering(ppr) or style.is_list:
                if self.builder.lines and self.builder.lines[-1].kind != "list_item":
                    self.builder.paragraph_break()
                level = _list_level(ppr) if _has_numbering(ppr) else style.list_level
                self.builder.add(text, kind="list_item", level=level)
            else:
                self.builder.paragraph_break()
                self.builder.add(text)
        # Text boxes anchored in the paragraph follow it as paragraphs of their own.
        for box in _text_boxes(p):
            for inner in box.iter(_P):
                self.paragraph_plain(inner)

    def paragraph_plain(self, p) -> None:
        text = _text(p)
        if text.strip():
            self.builder.paragraph_break()
            self.builder.add(text)

    def table(self, tbl, *, depth: int) -> None:
        self.builder.paragraph_break()
        row_number = 0
        for row in _children(tbl, _TR):
            row_number += 1
            for cell in _children(row, _TC):
                if _continues_merge(cell):
                    continue
                text = _cell_text(cell, depth=depth + 1)
                if text:
                    self.builder.add(text, kind="table_cell", level=row_number)
        self.builder.paragraph_break()


def _children(parent, tag):
    """Direct children with `tag`, also inside content controls (w:sdt/w:sdtContent)."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
            yield from _children(child, tag)


def _continues_merge(tc) -> bool:
    tc_pr = tc.find(f"{_W}tcPr")
    if tc_pr is None:
        return False
    v_merge = tc_pr.find(f"{_W}vMerge")
    return v_merge is not None and v_merge.get(f"{_W}val", "continue") == "continue"


def _cell_text(tc, *, depth: int) -> str:
    """A cell as one line: its paragraphs (and nested tables) joined with '; '."""
    if depth > _MAX_DEPTH:
        return ""
    pieces = []
    for child in tc:
        if child.tag == _P:
            pieces.append(_text(child).replace("\n", " ").strip())
        elif child.tag == _TBL:
            for row in _children(child, _TR):
                for cell in _children(row, _TC):
                    pieces.append(_cell_text(cell, depth=depth + 1))
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
            pieces.append(_cell_text(child, depth=depth + 1))
    pieces = [piece for piece in pieces if piece]
    joined = ""
    for piece in pieces:
        if joined:
            joined += " " if joined[-1] in ".;:!?" else "; "
        joined += piece
    return joined


def _text(p) -> str:
    """The visible text of a paragraph: runs, hyperlinks, tracked insertions, field results."""
    parts: list[str] = []
    stack = [iter(p)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{_W}t":
            parts.append(element.text or "")
        elif tag == f"{_W}tab" or tag == f"{_W}ptab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif len(stack) < _MAX_DEPTH:
            stack.append(iter(element))
    return "".join(parts)


def _text_boxes(p):
    """Text boxes in a paragraph, not counting the VML fallback copy of a DrawingML box."""
    found = []
    stack = [iter(p)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        if not isinstance(element.tag, str) or element.tag == f"{_MC}Fallback":
            continue
        if element.tag == _TXBX:
            found.append(element)
        elif len(stack) < _MAX_DEPTH:
            stack.append(iter(element))
    return found
