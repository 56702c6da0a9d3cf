"""ODT: text:h with its outline level, text:p, list items with their depth, tables by cell.

content.xml is parsed with defusedxml and any DTD is refused. Footnotes, annotations and tracked
deletions are not the document's running text and are left out.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from ..errors import ImportProblem
from .archive import open_archive, parse_xml, read_part
from .document import ExtractedDocument
from .limits import Limits
from .lines import LineBuilder

WHAT = "OpenDocument-dokumentet"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_MAX_DEPTH = 64
# Containers whose children are blocks in reading order.
_SECTIONS = {
    f"{_TEXT}section",
    f"{_TEXT}index-body",
    f"{_TEXT}table-of-content",
    f"{_TEXT}illustration-index",
    f"{_TEXT}alphabetical-index",
    f"{_TEXT}user-index",
    f"{_TEXT}bibliography",
    f"{_TEXT}object-index",
    f"{_TEXT}table-index",
    f"{_TEXT}change-start",
}
# Inside a paragraph: not its running text.
_SKIP_INLINE = {
    f"{_TEXT}note",
    f"{_OFFICE}annotation",
    f"{_TEXT}tracked-changes",
    f"{_DRAW}frame",
    f"{_DRAW}custom-shape",
    f"{_TEXT}ruby-text",
}


def read_odt(content: bytes, *, limits: Limits) -> ExtractedDocument:
    archive = open_archive(content, limits=limits, what=WHAT)
    names = set(archive.namelist())
    if "META-INF/manifest.xml" in names:
        manifest = read_part(archive, "META-INF/manifest.xml", what=WHAT)
        if b"encryption-data" in manifest:
            raise ImportProblem(
                f"{WHAT} er passordbeskyttet (kryptert) og kan ikke leses. Lagre en kopi uten "
                "passord og last den opp på nytt."
            )
    if "content.xml" not in names:
        raise ImportProblem(f"{WHAT} mangler innholdsdelen (content.xml) og kan ikke leses.")
    root = parse_xml(read_part(archive, "content.xml", what=WHAT), name="content.xml", what=WHAT)
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    builder = LineBuilder()
    if body is not None:
        _Walker(builder).blocks(body, depth=0, list_depth=0)
    return builder.build(pages=1, format="odt")


class _Walker:
    def __init__(self, builder: LineBuilder) -> None:
        self.builder = builder

    def blocks(self, parent: Element, *, depth: int, list_depth: int) -> None:
        if depth > _MAX_DEPTH:
            return
        for child in parent:
            tag = child.tag
            if tag == f"{_TEXT}h":
                level = _int(child.get(f"{_TEXT}outline-level"), 1)
                self.line(
                    child, kind=f"heading{min(max(level, 1), 6)}", level=min(max(level, 1), 6)
                )
            elif tag == f"{_TEXT}p":
                if list_depth:
                    self.line(child, kind="list_item", level=list_depth)
                else:
                    self.line(child)
            elif tag == f"{_TEXT}list":
                for item in child:
                    if item.tag in (f"{_TEXT}list-item", f"{_TEXT}list-header"):
                        self.blocks(item, depth=depth + 1, list_depth=list_depth + 1)
            elif tag == f"{_TABLE}table":
                self.table(child, depth=depth + 1)
            elif tag in _SECTIONS:
                self.blocks(child, depth=depth + 1, list_depth=list_depth)

    def line(self, element: Element, *, kind: str = "text", level: int = 0) -> None:
        text = _text(element)
        if text.strip():
            previous = self.builder.lines[-1].kind if self.builder.lines else None
            if kind != "list_item" or previous != "list_item":
                self.builder.paragraph_break()
            self.builder.add(text, kind=kind, level=level)
        # Text in frames anchored here (text boxes) follows as paragraphs of their own.
        for frame_text in _frame_paragraphs(element):
            self.builder.paragraph_break()
            self.builder.add(frame_text)

    def table(self, table: Element, *, depth: int) -> None:
        self.builder.paragraph_break()
        for number, row in enumerate(_rows(table, depth=depth), start=1):
            for cell in row:
                if cell.tag != f"{_TABLE}table-cell":
                    continue  # covered cells are the hidden part of a merged cell
                text = _cell_text(cell, depth=depth + 1)
                if text:
                    self.builder.add(text, kind="table_cell", level=number)
        self.builder.paragraph_break()


def _rows(table: Element, *, depth: int):
    for child in table:
        if child.tag == f"{_TABLE}table-row":
            yield child
        elif (
            child.tag
            in (
                f"{_TABLE}table-header-rows",
                f"{_TABLE}table-rows",
                f"{_TABLE}table-row-group",
            )
            and depth < _MAX_DEPTH
        ):
            yield from _rows(child, depth=depth + 1)


def _cell_text(cell: Element, *, depth: int) -> str:
    if depth > _MAX_DEPTH:
        return ""
    pieces = []
    for child in cell.iter():
        if child.tag in (f"{_TEXT}p", f"{_TEXT}h"):
            pieces.append(_text(child).replace("\n", " ").strip())
    joined = ""
    for piece in filter(None, pieces):
        if joined:
            joined += " " if joined[-1] in ".;:!?" else "; "
        joined += piece
    return joined


def _text(element: Element) -> str:
    """Running text of a paragraph: spans, links, spaces (text:s), tabs and line breaks."""
    parts: list[str] = []

    def walk(node: Element, depth: int) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag
            if tag == f"{_TEXT}s":
                parts.append(" " * min(_int(child.get(f"{_TEXT}c"), 1), 100))
            elif tag == f"{_TEXT}tab":
                parts.append("\t")
            elif tag == f"{_TEXT}line-break":
                parts.append("\n")
            elif tag not in _SKIP_INLINE and depth < _MAX_DEPTH:
                walk(child, depth + 1)
            if child.tail:
                parts.append(child.tail)

    walk(element, 0)
    return "".join(parts)


def _frame_paragraphs(element: Element) -> list[str]:
    texts = []
    for frame in element.iter(f"{_DRAW}frame"):
        for box in frame.iter(f"{_DRAW}text-box"):
            for paragraph in box:
                if paragraph.tag in (f"{_TEXT}p", f"{_TEXT}h"):
                    text = _text(paragraph)
                    if text.strip():
                        texts.append(text)
    return texts


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
