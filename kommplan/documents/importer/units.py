"""From rows to units: headings, paragraphs, list items, fields, table rows and inline markers.

Plain text gives no styles, so headings are recognised by shape (short, unpunctuated, standing
alone, numbered, in capitals) and by the Norwegian words that open a plan's sections. Slide
transcripts run a whole slide into one line; there the all-capital words ("STRATEGI 1",
"TILTAK", "HØYEST PRIORITERTE") and "Label:" phrases mark where one part ends and the next begins.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass, field

from .layout import Row
from .lexicon import (
    CHANNEL_HEADS,
    FIELD_LABELS,
    PLATFORMS,
    SECTION_CUES,
    SENTENCE_STARTERS,
    is_finite_verb,
)
from .pieces import Piece
from .text import (
    CONNECTOR_END,
    TOKEN,
    has_finite_verb,
    is_capitalised,
    sentence_cuts,
    word_count,
)

_BULLET = re.compile(r"^(?:[-–•*▪◦·●■□➢►]|\(?\d{1,2}[.)]|[a-h][.)])\s+")
_NUMBERED = re.compile(r"^\(?(\d{1,2})[.)]\s+")
# Field labels that belong to an action wherever they stand ("Ansvarlig: …"); others
# ("Målgruppe: …", "Kanal: …") are fields only right under an action.
_ACTION_FIELDS = frozenset({"responsible", "financing", "when"})
_HEADING_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)[.)]?\s+(?=\S)")
_INLINE_NUMBER = re.compile(r"(?<!\S)\d{1,2}(?:\.\d{1,2})*\.(?=\s+[A-ZÆØÅ][a-zæøå])")
_FIELD = re.compile(
    r"^("
    + "|".join(sorted((re.escape(k) for k in FIELD_LABELS), key=len, reverse=True))
    + r")\s*:\s*(\S.*)$",
    re.I,
)
_CAPS_WORD = re.compile(r"^[A-ZÆØÅÄÖÜÉ][A-ZÆØÅÄÖÜÉ\-/]+[,?:]?$")
_QUESTION_MARKERS = {
    "hva?",
    "hvorfor?",
    "hvem?",
    "hvordan?",
    "når?",
    "kva?",
    "kvifor?",
    "kven?",
    "korleis?",
}
_TOC_WORD = re.compile(
    r"(?i:innholdsfortegnelse|innhaldsliste)|\bINNHOLD\b|\bInnhold(?=\s+[A-ZÆØÅ0-9])"
)
_TOC_ENTRY_END = re.compile(r"(\.{2,}|…)\s*\d{1,3}$|\s\d{1,3}$")
_LABEL_COLON = re.compile(r":(?=\s)")
_STRATEGY_NUMBER = re.compile(r"^(STRATEGI|DELMÅL|MÅL|TILTAK|INNSATSOMRÅDE)\s+(\d{1,2})\b")


@dataclass
class Unit:
    kind: str  # heading | para | item | field | cells | marker
    piece: Piece
    strength: int = 0  # headings: 3 strong (numbered, capitals, page), 2 cue, 1 weak
    number: str | None = None
    label: str | None = None  # heading/marker: section kind; field: field name
    cells: list[Piece] = field(default_factory=list)
    packed: bool = False
    blank_before: bool = False
    page_start: bool = False
    intro: bool = False
    colon: bool = False
    level: int = 0
    row: int = 0

    @property
    def text(self) -> str:
        return self.piece.text


@functools.lru_cache(maxsize=8192)
def classify(text: str) -> str | None:
    """The section a heading opens, from the words in it; None for no known section."""
    low = re.sub(r"^\(?\d{1,2}(\.\d{1,2})*[.)]?\s+", "", text.strip().lower()).rstrip(":?. ")
    low = re.sub(r"\s+", " ", low)
    if not low:
        return None
    for kind, pattern in SECTION_CUES:
        if pattern.search(low):
            return kind
    return None


@functools.lru_cache(maxsize=8192)
def classify_clause(text: str) -> str | None:
    """The section kind named last in a sentence that introduces something ("… målgrupper:")."""
    low = text.lower()
    best: tuple[int, str] | None = None
    for kind, pattern in SECTION_CUES:
        if kind in {"toc", "purpose", "other", "strategy_description"}:
            continue
        for m in pattern.finditer(low):
            if kind == "actions" and m.group(0).startswith("aktivitet"):
                continue  # "gjennom målrettede aktiviteter innen …" introduces no action list
            if kind == "roles" and m.group(0) in {"ansvar", "organisering", "rolle"}:
                continue
            if kind == "strategies" and not m.group(0).startswith(("strategi", "hovedgrep")):
                continue
            if re.search(r"\bfor å \w+\s+(?:\w+\s+)?$", low[: m.start()]):
                continue  # "For å nå målene i …": a purpose, not what the list holds
            if best is None or m.start() > best[0]:
                best = (m.start(), kind)
    return best[1] if best else None


def is_channel_name(text: str) -> bool:
    low = text.lower().strip(" :")
    return low in PLATFORMS or low in CHANNEL_HEADS


def build_units(rows: list[Row]) -> list[Unit]:
    rows = _join_wrapped(rows)
    units: list[Unit] = []
    in_toc = False
    for r, row in enumerate(rows):
        nxt = rows[r + 1] if r + 1 < len(rows) else None
        if in_toc:
            if _is_toc_entry(row):
                continue
            in_toc = False
        if row.kind.startswith("heading"):
            level = row.level or int(row.kind[-1]) if row.kind[-1:].isdigit() else row.level or 1
            label = classify(row.piece.text)
            if label == "toc":
                in_toc = True
                continue
            units.append(
                Unit(
                    "heading",
                    row.piece,
                    strength=3 if level <= 2 else 2,
                    label=label,
                    blank_before=True,
                    level=level,
                    row=r,
                )
            )
            continue
        if row.kind == "table_cell":
            if units and units[-1].kind == "cells" and units[-1].level == row.level:
                units[-1].cells.append(row.piece)
                units[-1].piece = Piece.join([units[-1].piece, row.piece], " ")
            else:
                units.append(Unit("cells", row.piece, cells=[row.piece], level=row.level, row=r))
            continue
        if row.cells:
            if _is_toc_entry(row):
                continue
            units.append(
                Unit(
                    "cells", row.piece, cells=list(row.cells), blank_before=row.blank_before, row=r
                )
            )
            continue
        text = row.piece.text
        if row.page_line and _TOC_WORD.search(text):
            continue  # a table of contents page: its headings are no items
        if classify(text) == "toc" and word_count(text) <= 2:
            in_toc = True
            continue
        numbered = _HEADING_NUMBER.match(text)
        previous_row = rows[r - 1] if r else None
        if numbered and not row.page_line and _numbered_heading(text, nxt, previous_row):
            units.append(
                Unit(
                    "heading",
                    row.piece,
                    strength=3,
                    label=classify(text),
                    number=numbered.group(1),
                    blank_before=row.blank_before,
                    row=r,
                )
            )
            continue
        if row.kind == "list_item" or (_BULLET.match(text) and not row.page_line):
            units.extend(_item_units(row, r))
            continue
        m = _FIELD.match(text)
        in_action = bool(units) and units[-1].kind in {"item", "field"}
        if (
            m
            and not row.page_line
            and (in_action or FIELD_LABELS[m.group(1).lower()] in _ACTION_FIELDS)
        ):
            name = FIELD_LABELS[m.group(1).lower()]
            value = row.piece[m.start(2) :].strip()
            units.append(Unit("field", value, label=name, blank_before=row.blank_before, row=r))
            continue
        if "•" in text:
            units.extend(_inline_bullets(row, r))
            continue
        packed = row.page_line or _run_together(text)
        if packed and _inline_headings(text, []):
            units.extend(_split_markers(row, r, packed))
            continue
        lead = _leading_cue(text) if row.page_line else None
        if lead is not None:
            # A slide run together: "Målgrupper Innbyggere Ansatte Media …" — its title, then text.
            heading = row.piece[:lead].strip()
            units.append(
                Unit(
                    "heading",
                    heading,
                    strength=3,
                    label=classify(heading.text),
                    page_start=True,
                    blank_before=True,
                    row=r,
                )
            )
            rest = Row(
                row.piece[lead:].strip(),
                row.kind,
                row.level,
                row.index,
                False,
                True,
                row.page_number,
            )
            units.extend(_split_markers(rest, r, True))
            continue
        if row.page_line and word_count(text) <= 14:
            # A slide's title line; its text follows on the next line.
            parts = _split_markers(row, r, False)
            if parts and parts[0].kind == "para":
                parts[0] = Unit(
                    "heading",
                    parts[0].piece,
                    strength=3,
                    label=classify(parts[0].text),
                    page_start=True,
                    blank_before=True,
                    row=r,
                )
            units.extend(parts)
            continue
        if packed or _has_markers(text):
            units.extend(_split_markers(row, r, packed))
            continue
        previous = units[-1] if units else None
        if _looks_like_heading(row, nxt, previous):
            label = classify(text)
            strength = 1
            if _NUMBERED.match(text) or (text.isupper() and len(text) > 3):
                strength = 3
            elif label:
                strength = 2
            number = _NUMBERED.match(text)
            units.append(
                Unit(
                    "heading",
                    row.piece,
                    strength=strength,
                    label=label,
                    number=number.group(1) if number else None,
                    blank_before=row.blank_before,
                    colon=text.endswith(":"),
                    row=r,
                )
            )
            continue
        units.extend(_para_units(row.piece, row, r, packed=False))
    return _settle_weak_headings(units)


def _join_wrapped(rows: list[Row]) -> list[Row]:
    """Join lines that wrap one sentence (a PDF's line breaks), even across a page-break gap."""
    out: list[Row] = []
    for row in rows:
        if out and _continues(out[-1], row):
            prev = out[-1]
            prev.piece = Piece.join([prev.piece, row.piece], " ")
            continue
        out.append(row)
    return out


def _continues(prev: Row, row: Row) -> bool:
    if (
        row.kind == "list_item"
        and prev.kind == "list_item"
        and _BULLET.match(prev.piece.text)
        and not _BULLET.match(row.piece.text)
        and row.piece.text
        and (row.piece.text[0].islower() or prev.piece.text[-1] not in ".!?:;")
    ):
        return True  # a bulleted item wrapped onto the next line (PDF lists)
    if (
        row.kind != "text"
        or prev.kind not in {"text", "list_item"}
        or row.page_line
        or prev.page_line
    ):
        return False
    if row.cells or prev.cells:
        return False
    text, before = row.piece.text, prev.piece.text
    if _BULLET.match(text) or _FIELD.match(text) or not before:
        return False
    if before[-1] in '.!?:;»"”':
        return False
    starts_lower = text[0].islower()
    hangs = bool(CONNECTOR_END.search(before))
    if not (starts_lower or hangs):
        return False
    if row.blank_before:
        # Across a gap only a list item or a long sentence goes on.
        return bool(_BULLET.match(before)) or prev.kind == "list_item" or word_count(before) >= 8
    return True


def _is_toc_entry(row: Row) -> bool:
    text = row.piece.text
    if row.cells and re.fullmatch(r"\d{1,3}", row.cells[-1].text):
        return True
    return bool(_TOC_ENTRY_END.search(text)) and word_count(text) <= 12


def _looks_like_heading(row: Row, nxt: Row | None, previous: Unit | None) -> bool:
    text = row.piece.text
    n = word_count(text)
    if n > 12 or len(text) > 100:
        return False
    if text[-1] in ".,;" or text.startswith(("«", '"', "“")):
        return False
    if text.endswith(":") and n > 3:
        return False
    stripped = _NUMBERED.sub("", text)
    if not stripped or not (stripped[0].isupper() or _NUMBERED.match(text)):
        return False
    if not row.blank_before and previous is not None and previous.kind != "heading":
        return False
    if n >= 6 and has_finite_verb(text) and not _NUMBERED.match(text):
        return classify(text) is not None and n <= 6
    label = classify(text)
    if is_channel_name(text):
        return True
    if previous is not None and previous.kind == "heading" and previous.strength == 1 and not label:
        return False  # a weak heading is followed by its text, not by another weak heading
    if CONNECTOR_END.search(text) and not row.blank_before:
        return False
    if nxt is None:
        return n <= 6
    return True


def _numbered_heading(text: str, nxt: Row | None, previous: Row | None = None) -> bool:
    """ "2. Utfordringer" heads a section; "2. Det etablerte næringslivet." is a list item."""
    if word_count(text) > 7 or text[-1] in ".,;:" or has_finite_verb(text):
        return False
    number = _NUMBERED.match(text)
    if number and previous is not None:
        before = _NUMBERED.match(previous.piece.text) if previous is not None else None
        if before and int(before.group(1)) == int(number.group(1)) - 1:
            return False  # the next item of a numbered list
    if not _NUMBERED.match(text):
        # "5 Målgrupper", "1.2 Mål": a number without a list's full stop or bracket.
        rest = _HEADING_NUMBER.sub("", text)
        return bool(rest) and rest[0].isupper()
    if classify(text) is not None:
        return True
    return nxt is None or not _NUMBERED.match(nxt.piece.text)


def _item_units(row: Row, r: int) -> list[Unit]:
    piece = row.piece
    m = _BULLET.match(piece.text)
    number = None
    if m:
        n = _NUMBERED.match(piece.text)
        number = n.group(1) if n else None
        piece = piece[m.end() :].strip()
    if not piece:
        return []
    if "•" in piece.text:
        parts = piece.split_at([i for i, c in enumerate(piece.text) if c == "•"])
        parts = [p[1:].strip() if p.text.startswith("•") else p for p in parts]
        first = Unit(
            "item", parts[0], number=number, blank_before=row.blank_before, level=row.level, row=r
        )
        return [first] + [Unit("item", p, level=row.level, row=r) for p in parts[1:] if p]
    return [
        Unit(
            "item",
            piece,
            number=number,
            blank_before=row.blank_before,
            level=row.level,
            row=r,
            packed=word_count(piece.text) > 45,
        )
    ]


def _inline_bullets(row: Row, r: int) -> list[Unit]:
    piece = row.piece
    cuts = [i for i, c in enumerate(piece.text) if c == "•"]
    parts = piece.split_at(cuts)
    units: list[Unit] = []
    for k, part in enumerate(parts):
        if part.text.startswith("•"):
            body = part[1:].strip()
            if body:
                units.append(Unit("item", body, blank_before=row.blank_before and k == 0, row=r))
        else:
            for unit in _para_units(part, row, r, packed=False):
                units.append(unit)
            if units and units[-1].kind == "para":
                units[-1].intro = units[-1].intro or part.text.rstrip().endswith(":")
    return units


def _inline_headings(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Numbered headings inside run-together text ("… 1.3. Kommunikasjonsprinsipper I …")."""
    found = []
    for m in _INLINE_NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        following = list(itertools.islice(TOKEN.finditer(text, m.end()), 7))
        for n in range(1, min(5, len(following)) + 1):
            words = [t.group() for t in following[:n]]
            if not is_capitalised(words[0]) or any(is_finite_verb(w) for w in words):
                break
            label = classify(" ".join(words))
            if label is None or label == "toc":
                continue
            nxt = following[n].group() if n < len(following) else ""
            if not nxt or is_capitalised(nxt) or nxt[0].isdigit():
                found.append((m.start(), following[n - 1].end()))
            break
    return found


_CAPITALS = re.compile(r"[A-ZÆØÅÄÖÜÉ]{2}")


_LIST_KINDS = frozenset(
    {
        "goals",
        "target_groups",
        "channels",
        "actions",
        "messages",
        "principles",
        "roles",
        "vision",
        "challenges",
        "rules",
        "strategies",
    }
)


def _leading_cue(text: str) -> int | None:
    """Where the title ends when a run-together slide opens with one ("Kanaler Nettsiden …")."""
    tokens = list(itertools.islice(TOKEN.finditer(text), 4))
    for n in range(1, min(3, len(tokens) - 1) + 1):
        words = [t.group() for t in tokens[:n]]
        if any(w.isupper() and len(w) > 1 for w in words) or words[-1].endswith((":", ".")):
            return None  # capitals are markers, "Label:" is a label: handled elsewhere
        label = classify(" ".join(words))
        following = tokens[n].group()
        opens_text = is_capitalised(following) or following[0] in '«"“'
        one_title = n == 1 or not is_capitalised(words[-1]) or label == classify(words[0])
        if label in _LIST_KINDS and opens_text and one_title:
            return tokens[n - 1].end()
    return None


def _run_together(text: str) -> bool:
    """A long line whose sentences do not end: a slide or list that lost its line breaks.
    Long paragraphs of ordinary prose (PDF, DOCX) end their sentences every 15–25 words."""
    n = word_count(text)
    return n > 45 and n / (len(sentence_cuts(text)) + 1) > 30


def _has_markers(text: str) -> bool:
    if not _CAPITALS.search(text):
        return False
    return any(_marker_word(t) for t in TOKEN.findall(text))


def _marker_word(token: str) -> bool:
    word = token.strip(",")
    if word.lower() in _QUESTION_MARKERS:
        return word.isupper()
    if not _CAPS_WORD.match(word):
        return False
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 5 or classify(word) is not None


def _split_markers(row: Row, r: int, packed: bool) -> list[Unit]:
    """Cut a run-together line at its all-capital markers; each marker opens what follows."""
    piece = row.piece
    tokens = list(TOKEN.finditer(piece.text))
    units: list[Unit] = []
    spans: list[tuple[int, int]] = []  # marker runs as [start, end) character spans
    k = 0
    while k < len(tokens):
        if _marker_word(tokens[k].group()) or (
            _CAPS_WORD.match(tokens[k].group().strip(","))
            and k + 1 < len(tokens)
            and _marker_word(tokens[k + 1].group())
        ):
            start = k
            while k < len(tokens) and (
                _marker_word(tokens[k].group())
                or (k == start and _CAPS_WORD.match(tokens[k].group().strip(",")))
                or tokens[k].group() in {"OG", "-", "–", "&"}
            ):
                if tokens[k].group().lower().strip(",") in _QUESTION_MARKERS and k > start:
                    break
                k += 1
                if tokens[k - 1].group().lower() in _QUESTION_MARKERS:
                    break
            if k == start:
                k += 1
                continue
            # A trailing "og" belongs to the text, not the marker.
            while k - 1 > start and tokens[k - 1].group() in {"OG", "-", "–", "&"}:
                k -= 1
            end = k
            # "STRATEGI 1": the number belongs to the marker.
            if end < len(tokens) and re.fullmatch(r"\d{1,2}", tokens[end].group()):
                end += 1
                k += 1
            spans.append((tokens[start].start(), tokens[end - 1].end()))
            continue
        k += 1
    spans = sorted(spans + _inline_headings(piece.text, spans))
    position = 0
    first = True
    for a, b in spans:
        before = piece[position:a].strip()
        if before:
            units.extend(_para_units(before, row, r, packed=packed, first=first))
            first = False
        marker = piece[a:b].strip()
        text = marker.text
        number = None
        numbered_title = _INLINE_NUMBER.match(text)
        if numbered_title:
            marker = marker[numbered_title.end() :].strip()
            text = marker.text
        m = _STRATEGY_NUMBER.match(text)
        if m:
            number = m.group(2)
        units.append(
            Unit(
                "marker",
                marker,
                strength=3,
                label=classify(re.sub(r"\s+\d+$", "", text)),
                number=number,
                packed=packed,
                page_start=first and row.page_line,
                blank_before=row.blank_before and first,
                row=r,
            )
        )
        first = False
        position = b
    rest = piece[position:].strip()
    if rest:
        units.extend(_para_units(rest, row, r, packed=packed, first=first))
    if units and row.page_line:
        units[0].page_start = True
    return units


def _para_units(piece: Piece, row: Row, r: int, *, packed: bool, first: bool = True) -> list[Unit]:
    """A paragraph, cut where a "Label:" or an introducing clause ("… målgrupper:") ends."""
    text = piece.text
    tokens = list(TOKEN.finditer(text))
    token_starts = [t.start() for t in tokens]
    cuts: list[tuple[int, int, bool]] = []  # (clause start, colon end, is_label)
    sentence_starts = [0, *sentence_cuts(text)]
    region_start = 0
    for m in _LABEL_COLON.finditer(text):
        colon = m.start()
        if text.rfind("(", 0, colon) > text.rfind(")", 0, colon):
            continue  # inside brackets: "(foto: iStock)"
        start = max(sentence_starts[bisect.bisect_right(sentence_starts, colon) - 1], region_start)
        region = tokens[
            bisect.bisect_left(token_starts, start) : bisect.bisect_left(token_starts, colon)
        ]
        region_start = colon + 1
        if not region:
            continue
        label_start = _label_start(region)
        if label_start is not None:
            cuts.append((label_start, colon + 1, True))
            continue
        clause_start = _intro_start(region)
        if classify_clause(text[clause_start:colon]) is not None:
            cuts.append((clause_start, colon + 1, False))
    units: list[Unit] = []
    position = 0
    for start, end, is_label in cuts:
        before = piece[position:start].strip()
        if before:
            units.append(
                Unit(
                    "para",
                    before,
                    packed=packed,
                    blank_before=row.blank_before and not units,
                    row=r,
                )
            )
        clause = piece[start:end].strip()
        if is_label:
            name = clause[:-1].strip()
            units.append(
                Unit(
                    "heading",
                    name,
                    strength=1,
                    label=classify(name.text),
                    colon=True,
                    blank_before=row.blank_before and not units,
                    row=r,
                )
            )
        else:
            units.append(
                Unit(
                    "para",
                    clause,
                    packed=packed,
                    intro=True,
                    colon=True,
                    blank_before=row.blank_before and not units,
                    row=r,
                )
            )
        position = end
    rest = piece[position:].strip()
    if rest:
        units.append(
            Unit(
                "para",
                rest,
                packed=packed,
                blank_before=row.blank_before and not units,
                intro=rest.text.endswith(":"),
                row=r,
            )
        )
    if units and first and row.page_line:
        units[0].page_start = True
    return units


def _label_start(region: list[re.Match[str]]) -> int | None:
    """Start of a short label before a colon ("Sosiale media:", "Mål for planen:"), if any."""
    tail = region[-4:]
    offset = len(region) - len(tail)
    for j, token in enumerate(tail):
        k = offset + j
        if not is_capitalised(token.group()):
            continue
        if k > 0:
            before = region[k - 1].group()
            if not (before[0].islower() or before[-1] in ".!?" or before[0].isdigit()):
                continue
        words = [t.group() for t in region[k:]]
        if any(is_finite_verb(w) for w in words):
            return None
        return token.start()
    return None


def _intro_start(region: list[re.Match[str]]) -> int:
    """Where a clause that introduces a list begins: its sentence, or a later opening word."""
    for k in range(len(region) - 1, 0, -1):
        token = region[k].group()
        previous = region[k - 1].group()
        if is_capitalised(token) and token.lower() in SENTENCE_STARTERS and previous[0].islower():
            return region[k].start()
    return region[0].start()


def _settle_weak_headings(units: list[Unit]) -> list[Unit]:
    """A weak heading with nothing under it is a line of text, not a heading."""
    for k, unit in enumerate(units):
        if unit.kind != "heading" or unit.strength > 1 or unit.label or unit.colon:
            continue
        nxt = units[k + 1] if k + 1 < len(units) else None
        if is_channel_name(unit.text):
            continue
        if nxt is None or nxt.kind in {"heading", "marker"}:
            unit.kind = "para"
    return units
