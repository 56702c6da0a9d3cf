"""The document-wide facts (organisation, title, period …) and the plan file built from a draft."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import Any

from kommplan.lib.dates import is_partial_iso_date
from kommplan.planfiles.schema import PlanFile

from ..extract.document import ExtractedDocument
from .draft import Draft, Found, norm
from .layout import Layout
from .lexicon import MONTHS, URL
from .phrases import channel_phrases
from .pieces import Piece
from .result import Source
from .sections import Section
from .text import split_sentences
from .units import Unit

_YEAR_RANGE = re.compile(r"\b((?:19|20)\d{2})\s*[-–/]\s*((?:19|20)\d{2})\b")
_BODY_RANGE = re.compile(
    r"\b(?:i|for|perioden|periode|gjeld for|gjelder for)\s+"
    r"((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b"
)
_DOC_WORDS = re.compile(
    r"\b(kommunikasjons-? og markedsplan|kommunikasjonsstrategi|kommunikasjonsplan|"
    r"informasjonsstrategi|informasjonsplan|strategisk kommunikasjonsplan|strategi|plan|for)\b",
    re.I,
)
_ORG_PATTERNS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"\bRegionrådet for ([A-ZÆØÅ][\wæøåÆØÅ-]+)"), "Regionrådet for {0}", "regionraad"),
    (
        re.compile(r"\b([A-ZÆØÅ][\wæøå-]+ og [A-ZÆØÅ][\wæøå-]+|[A-ZÆØÅ][\wæøå-]+) fylkeskommune\b"),
        "{0} fylkeskommune",
        "fylkeskommune",
    ),
    (re.compile(r"\b([A-ZÆØÅ][\wæøå-]+) [Ss]amkommune\b"), "{0} Samkommune", "samkommune"),
    (
        re.compile(r"\b((?:[Nn]ye )?[A-ZÆØÅ][\wæøå-]+) kommune(?:s|styre|styret|styres)?\b"),
        "{0} kommune",
        "kommune",
    ),
]
_NOT_PLACES = frozenset(
    [
        "Den",
        "Det",
        "Denne",
        "Alle",
        "Hver",
        "Vår",
        "Nye",
        "Ny",
        "Hele",
        "Egen",
        "Kvar",
        "Eigen",
        "Morkommunene",
        "I",
        "Ved",
        "For",
        "Som",
    ]
)
_ADOPTED_BY = re.compile(
    r"(?:^|[.!?]\s+)(?:Vedtatt|Vedteken|Vedteke|Godkjent|Godkjend) (?:av|i) "
    r"(?P<by>[^\d.,;\n]{3,120}?)\s*(?:$|[.,;]|(?:den\s+)?(?P<day>\d{1,2})\.\s*(?P<month>"
    + "|".join(MONTHS)
    + r")\s+(?P<year>(?:19|20)\d{2})|(?:i\s+)?(?P<month2>"
    + "|".join(MONTHS)
    + r")\s+(?P<year2>(?:19|20)\d{2})|\d)",
    re.I,
)
_ADOPTED_VERB = re.compile(
    r"\b([A-ZÆØÅ][\wæøå]+ (?:kommunestyre|bystyre|fylkesting|formannskap|regionråd|styre)\w*) "
    r"vedtok\s+(?:i\s+)?(?:(" + "|".join(MONTHS) + r")\s+)?((?:19|20)\d{2})"
)
_ADOPTED_PASSIVE = re.compile(
    r"\b(?:planen|strategien|dokumentet|kommunikasjonsstrategien|kommunikasjonsplanen)\s+"
    r"(?:er|ble|vart|blei)\s+(?:vedtatt|vedteken|vedteke)\s+av\s+([a-zæøåA-ZÆØÅ][\wæøå -]{2,60}?)"
    r"(?:\s+(?:i|den)\s+(?:(" + "|".join(MONTHS) + r")\s+)?((?:19|20)\d{2}))?[.,]",
    re.I,
)
_REVISION = re.compile(
    r"\b((?:vil |skal )?(?:rulleres|revideres|oppdateres|evalueres)\b[^.;]{0,80})"
)
_VISION_INLINE = re.compile(r"visjon(?:en)?\s*:?\s*[«\"“]([^»\"”]{3,200})[»\"”]", re.I)
_PURPOSE = re.compile(
    r"^(?:hensikten|formålet|målet) med\b|\bskal bidra til\b|^for å sikre\b", re.I
)
_PRINCIPLE_WORD = re.compile(r"\b(\w{3,}prinsippet)\b\s*([:,])")


def read_facts(
    draft: Draft, layout: Layout, units: list[Unit], sections: list[Section], doc: ExtractedDocument
) -> None:
    texts = [row.piece for row in layout.rows]
    full = "\n".join(p.text for p in texts)
    lowered = [p.text.lower() for p in texts]

    def having(*needles: str) -> list[Piece]:
        # Each finder reads only the rows that hold its words: most rows hold none.
        return [p for p, low in zip(texts, lowered, strict=True) if any(n in low for n in needles)]

    _title(draft, layout, units)
    _organisation(draft, having("kommun", "regionråd", "samkommune"), full)
    _period(draft, full, having("19", "20"))
    _adoption(draft, having("vedt"))
    _revision(draft, having("rulle", "revider", "oppdater", "evaluer", "versjon", "version"))
    _vision(draft, having("visjon"))
    _purpose(draft, sections)
    _principle_words(draft, having("prinsipp", "verdi", "menes"))
    _primary_channels(draft, having("kanal"))
    _enumerations(draft, having("målgrupp", "kanal"))
    _mentioned_channels(draft, sections)
    _mentioned_rules(draft, having("retningslinj", "reglement", "regelverk", "lov"))


def _find(texts: list[Piece], pattern: re.Pattern[str]) -> tuple[re.Match[str], Piece] | None:
    for piece in texts:
        m = pattern.search(piece.text)
        if m:
            return m, piece
    return None


def _title(draft: Draft, layout: Layout, units: list[Unit]) -> None:
    from .text import has_finite_verb

    candidates: list[tuple[str, Piece | None]] = []
    host = layout.host_title
    if host and not re.search(r"innhold", host, re.I):
        candidates.append((host, None))
    for k, unit in enumerate(units[:12]):
        text = unit.text
        if not text or text.isdigit() or unit.label:
            continue
        n = len(text.split())
        if not (
            unit.kind == "heading"
            or (unit.kind == "marker" and n <= 8)
            or (unit.kind == "para" and n <= 12 and not unit.intro and not has_finite_verb(text))
        ):
            continue
        nxt = units[k + 1] if k + 1 < len(units) else None
        if nxt is not None and re.fullmatch(r"(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}", nxt.text):
            text = f"{text} {nxt.text}"
        candidates.append((text, unit.piece))
        break
    if not candidates:
        m = re.search(
            r"\b(kommunikasjonsstrategi|kommunikasjonsplan|informasjonsstrategi)",
            " ".join(r.piece.text for r in layout.rows[:30]),
            re.I,
        )
        if m:
            draft.set("title", m.group(1).capitalize(), None, 0.3)
        return
    text, piece = candidates[0]
    text = re.sub(r"(?<=[a-zæøå])(?=(?:19|20)\d{2})", " ", text).strip(" .")
    if text.isupper():
        text = text.capitalize()
    if piece is None:
        # Point at where the document itself names its title, when it does.
        first = text.split()[0] if text.split() else ""
        for row in layout.rows[:20]:
            if first and row.piece.text.lower().startswith(first.lower()):
                piece = row.piece
                break
    draft.set("title", text[:300], piece, 0.9 if layout.host_title else 0.7)


def _organisation(draft: Draft, texts: list[Piece], full: str) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    where: dict[tuple[str, str], Piece] = {}
    title = str(draft.scalars["title"].value) if draft.has("title") else ""
    omstilling = len(re.findall(r"omstillingsorganisasjon", full, re.I))
    for piece in texts:
        for pattern, form, kind in _ORG_PATTERNS:
            for m in pattern.finditer(piece.text):
                name = m.group(1)
                if name.split()[0] in _NOT_PLACES:
                    continue
                name = name[0].upper() + name[1:]
                key = (form.format(name), kind)
                counts[key] += 1
                where.setdefault(key, piece[m.start() : m.end()])
    for key in list(counts):
        if key[0].split()[0].lower() in title.lower():
            counts[key] += 3
    if counts:
        (name, kind), _count = counts.most_common(1)[0]
        if kind == "kommune" and omstilling >= 3:
            kind = "omstillingsorganisasjon"
        draft.set("organisation", {"name": name, "kind": kind}, where.get((name, kind)), 0.7)
        members = _members(texts)
        if members and kind in {"samkommune", "interkommunalt", "regionraad"}:
            draft.set("members", members, None, 0.5)
        return
    stripped = _YEAR_RANGE.sub("", _DOC_WORDS.sub("", title)).strip(" ,.-–")
    if stripped and stripped[0].isupper() and len(stripped.split()) <= 4:
        draft.set("organisation", {"name": stripped, "kind": "annet"}, None, 0.4)


def _members(texts: list[Piece]) -> list[str]:
    pattern = re.compile(r"\b(?:nabo)?kommunene ([A-ZÆØÅ][\wæøå]+) og ([A-ZÆØÅ][\wæøå]+)")
    found = _find(texts, pattern)
    if found:
        m, _piece = found
        return sorted({f"{m.group(1)} kommune", f"{m.group(2)} kommune"})
    return []


def _period(draft: Draft, full: str, texts: list[Piece]) -> None:
    title = str(draft.scalars["title"].value) if draft.has("title") else ""
    m = _YEAR_RANGE.search(title)
    if m is None:
        found = _find(texts, _BODY_RANGE)
        m = found[0] if found else None
    if m:
        start, end = int(m.group(1)), int(m.group(2))
        if start <= end:
            draft.set("period", {"start": start, "end": end}, None, 0.7)


def _adoption(draft: Draft, texts: list[Piece]) -> None:
    found = _find(texts, _ADOPTED_VERB)
    if found:
        m, piece = found
        date = m.group(3)
        if m.group(2):
            date = f"{date}-{MONTHS.index(m.group(2)) + 1:02d}"
        draft.set("adopted", {"by": m.group(1), "date": date}, piece[m.start() : m.end()], 0.7)
        return
    found = _find(texts, _ADOPTED_PASSIVE)
    if found:
        m, piece = found
        value = {"by": m.group(1).strip()}
        if m.group(3):
            value["date"] = m.group(3)
            if m.group(2):
                value["date"] += f"-{MONTHS.index(m.group(2).lower()) + 1:02d}"
        draft.set("adopted", value, piece[m.start(1) : m.end(1)], 0.6)
        return
    found = _find(texts, _ADOPTED_BY)
    if found:
        m, piece = found
        value = {"by": m.group("by").strip()}
        if m.group("year"):
            month = MONTHS.index(m.group("month").lower()) + 1
            value["date"] = f"{m.group('year')}-{month:02d}-{int(m.group('day')):02d}"
        elif m.group("year2"):
            value["date"] = f"{m.group('year2')}-{MONTHS.index(m.group('month2').lower()) + 1:02d}"
        draft.set("adopted", value, piece[m.start("by") : m.end("by")], 0.6)


def _revision(draft: Draft, texts: list[Piece]) -> None:
    found = _find(texts, _REVISION)
    if found:
        m, piece = found
        draft.set("revision", m.group(1).strip(" ,"), piece[m.start(1) : m.end(1)], 0.6)
        return
    found = _find(texts, re.compile(r"\b(?:[Vv]ersjon|[Vv]ersion)\s+\d+(?:\.\d+)*"))
    if found:
        _m, piece = found
        if len(piece.text) <= 80:
            draft.set("revision", piece.text, piece, 0.5)


def _vision(draft: Draft, texts: list[Piece]) -> None:
    if draft.has("vision"):
        return
    found = _find(texts, _VISION_INLINE)
    if found:
        m, piece = found
        draft.set("vision", m.group(1).strip(), piece[m.start(1) : m.end(1)], 0.7)


def _purpose(draft: Draft, sections: list[Section]) -> None:
    if draft.has("purpose"):
        return
    for section in sections:
        if section.kind != "other":
            if section.kind in {"goals", "strategies", "actions", "target_groups"}:
                return
            continue
        for unit in section.units:
            if unit.kind != "para":
                continue
            for sentence in split_sentences(unit.piece):
                if _PURPOSE.search(sentence.text):
                    draft.set("purpose", sentence.text, sentence, 0.5)
                    return


_VALUE_LIST = re.compile(
    r"\b(?:verdier|verdiar|verdiene|verdiane|kjerneverdier|kjerneverdiar|kjerneverdiene)\b"
    r"(?:\s+(?:er|er:|var))?\s*[«\"“:]\s*([^»\"”.\n]{3,160})"
)
_VALUE_MEANS = re.compile(r"\bMed ([A-ZÆØÅ]{3,}(?:\s+[A-ZÆØÅ]{2,})?) menes\s*:?\s*([^\n]*)")


def _principle_words(draft: Draft, texts: list[Piece]) -> None:
    """ "… følger linjeprinsippet: …", "Nærhetsprinsippet, de som …", "verdier «A, B og C»",
    "Med RESPEKT menes: …": named principles and values."""
    for piece in texts:
        for m in _VALUE_LIST.finditer(piece.text):
            listing = piece[m.start(1) : m.end(1)]
            names = []
            for part in re.split(r",\s*|\s+og\s+", listing.text):
                part = part.strip()
                if (
                    not part
                    or len(part.split()) > 3
                    or not part[0].isalpha()
                    or "(" in part
                    or ")" in part
                ):
                    break
                names.append(part)
            if len(names) >= 2:
                for name in names:
                    start = listing.text.find(name)
                    draft.add(
                        "principles",
                        {"name": name[0].upper() + name[1:]},
                        listing[start : start + len(name)],
                        0.55,
                        dedupe="name",
                    )
        for m in _VALUE_MEANS.finditer(piece.text):
            draft.add(
                "principles",
                {"name": m.group(1).capitalize(), "text": m.group(2).strip() or None},
                piece[m.start(1) : m.end(1)],
                0.6,
                dedupe="name",
            )
    for piece in texts:
        for sentence in split_sentences(piece):
            for m in _PRINCIPLE_WORD.finditer(sentence.text):
                name = m.group(1).capitalize()
                if m.group(2) == ":":
                    text = sentence.text
                else:
                    text = sentence.text[m.end() :].strip() or None
                draft.add(
                    "principles",
                    {"name": name, "text": text},
                    sentence[m.start(1) : m.end(1)],
                    0.55,
                    dedupe="name",
                )


_MAIN_CHANNELS = re.compile(
    r"(?:^|(?<=[.!?]\s))([A-ZÆØÅ][^.!?]{2,120}?)\s+(?:er|blir)\s+(?:våre\s+|kommunens\s+|de\s+)?"
    r"(?:viktigste\s+kanalene|hovedkanalene|hovedkanaler|hovudkanalane)\b"
)
_PRIMARY_CHANNEL = re.compile(
    r"\b(?:ha|har|bruke|bruker|med)\s+([\wæøå.-]+)\s+som\s+(?:sin|sitt|vår|vårt|deres|kommunens|den)\s+"
    r"(?:primære|viktigste|fremste|sentrale|første)\s+\w*kanal\w*",
    re.I,
)


def _primary_channels(draft: Draft, texts: list[Piece]) -> None:
    """ "… ha intranettet som sin primære kommunikasjonskanal": a channel named in passing."""
    from .phrases import channel_of

    for piece in texts:
        for m in _PRIMARY_CHANNEL.finditer(piece.text):
            word = m.group(1)
            kind = channel_of(word)
            if kind is None:
                continue
            name = word[0].upper() + word[1:]
            draft.add(
                "channels",
                {"name": name, "kind": kind},
                piece[m.start(1) : m.end(1)],
                0.5,
                dedupe="name",
            )
        for m in _MAIN_CHANNELS.finditer(piece.text):
            phrase = piece[m.start(1) : m.end(1)]
            for part in re.split(r",\s*|\s+og\s+", phrase.text):
                start = phrase.text.find(part)
                if part and any(channel_of(w) for w in part.split()):
                    name = part[0].upper() + part[1:]
                    draft.add(
                        "channels",
                        {"name": name, "kind": channel_of(part.split()[-1]) or "other"},
                        phrase[start : start + len(part)],
                        0.5,
                        dedupe="name",
                    )


_RULE_AFTER = re.compile(
    r"\b(?:etter|i tråd med|i samsvar med|i henhold til|jf\.?)\s+([^.;:]{5,200}(?:retningslinjer|"
    r"reglement|regelverk|loven|lova)\b(?:\s+for\s+[\wæøå ]{3,40})?)",
)


def _mentioned_rules(draft: Draft, texts: list[Piece]) -> None:
    """ "… etter Kommunenes Sentralforbunds anbefalte generelle retningslinjer og …"."""
    for piece in texts:
        for m in _RULE_AFTER.finditer(piece.text):
            phrase = piece[m.start(1) : m.end(1)]
            cuts = [j.start() for j in re.finditer(r"\s+og\s+", phrase.text)]
            parts = []
            position = 0
            for cut in cuts:
                head = phrase[position:cut].strip()
                if re.search(r"retningslinjer|reglement|lov(en|a)?\b", head.text):
                    parts.append(head)
                    position = cut + len(re.match(r"\s+og\s+", phrase.text[cut:]).group(0))
            parts.append(phrase[position:].strip())
            for part in parts:
                if not part or not part.text[:1].isupper():
                    continue
                kind = (
                    "retningslinje"
                    if "retningslinje" in part.text
                    else ("lov" if re.search(r"lov(en|a)?\b", part.text) else "reglement")
                )
                draft.add(
                    "rules", {"name": part.text[:300], "kind": kind}, part, 0.5, dedupe="name"
                )


_TG_ENUM = re.compile(
    r"\bmålgrupp\w*\s+(?:er|blir|vil være|omfatter|omfattar)\s*:?\s+(?P<list>[^.;:]{3,300})",
    re.I,
)
_CHANNEL_ENUM = re.compile(
    r"\b(?:kanal\w*|hovedkanal\w*)(?:\s+(?:vi|kommunen)\s+bruk\w*(?:\s+mest)?)?\s+(?:er|blir)"
    r"\s*:?\s+(?P<list>[^.;:]{3,300})",
    re.I,
)


def _listed(piece: Piece, m: re.Match[str]) -> list[Piece]:
    """The parts of "A, B og C" with their positions."""
    listing = piece[m.start("list") : m.end("list")]
    parts = []
    position = 0
    for separator in [*re.finditer(r",\s*|\s+og\s+|\s+samt\s+", listing.text), None]:
        end = separator.start() if separator else len(listing.text)
        part = listing[position:end].strip()
        if part:
            parts.append(part)
        position = separator.end() if separator else end
    return parts


def _enumerations(draft: Draft, texts: list[Piece]) -> None:
    """ "Våre viktigste målgrupper er innbyggere, ansatte og media." and the same for channels,
    when no list of them was found."""
    from .phrases import channel_of
    from .text import has_finite_verb

    want_groups = not draft.items["target_groups"]
    want_channels = not draft.items["channels"]
    for piece in texts:
        if want_groups:
            for m in _TG_ENUM.finditer(piece.text):
                parts = _listed(piece, m)
                names = []
                for part in parts:
                    if len(part.text.split()) > 6 or has_finite_verb(part.text):
                        break
                    names.append(part)
                if len(names) >= 2:
                    for part in names:
                        name = part.text[0].upper() + part.text[1:]
                        draft.add("target_groups", {"name": name}, part, 0.5, dedupe="name")
        if want_channels:
            for m in _CHANNEL_ENUM.finditer(piece.text):
                parts = _listed(piece, m)
                names = []
                for part in parts:
                    if len(part.text.split()) > 6 or not any(
                        channel_of(w) for w in part.text.split()
                    ):
                        break
                    names.append(part)
                if len(names) >= 2:
                    for part in names:
                        kind = next(
                            (channel_of(w) for w in part.text.split() if channel_of(w)), None
                        )
                        draft.add(
                            "channels",
                            {"name": part.text, "kind": kind or "other"},
                            part,
                            0.5,
                            dedupe="name",
                        )


_MENTION_SECTIONS = frozenset({"actions", "goals", "strategies", "roles"})
_MEDIA_BEFORE = frozenset({"i", "overfor", "av", "gjennom", "via", "mot"})


def _mentioned_channels(draft: Draft, sections: list[Section]) -> None:
    """With no channel list in the document, the channels its plan text names are its channels."""
    if draft.items["channels"]:
        return
    texts: list[Piece] = []
    for section in sections:
        if section.kind in _MENTION_SECTIONS:
            texts.extend(u.piece for u in section.units if u.kind in {"para", "item", "field"})
    for found in draft.items["actions"] + draft.items["roles"]:
        texts.append(found.piece)
    seen: set[int] = set()
    named: list[tuple[Piece, str]] = []
    for piece in texts:
        if id(piece) in seen:
            continue
        seen.add(id(piece))
        for phrase, kind in channel_phrases(piece, need_owner=True):
            if kind in {"direct", "meeting"}:
                continue
            if kind == "media" and not _media_mention(piece, phrase):
                continue
            named.append((phrase, kind))
    names = [norm(p.text) for p, _ in named]
    for phrase, kind in named:
        key = norm(phrase.text)
        # A bare platform name gives way to a more specific page on it ("… Facebook-side").
        if any(
            other != key and (other.startswith(key) or f" {key} " in f" {other} ")
            for other in names
        ):
            continue
        data = {"name": phrase.text[:300], "kind": kind, "url": _url(phrase.text)}
        draft.add("channels", data, phrase, 0.5, dedupe="name")


def _media_mention(piece: Piece, phrase: Piece) -> bool:
    if len(phrase.text.split()) > 1:
        return True
    index = phrase.start
    before = [p for p, c in zip(piece.pos, piece.text, strict=True) if p < index]
    text_before = piece.text[: len(before)].split()
    return bool(text_before) and text_before[-1].lower() in _MEDIA_BEFORE


def _url(name: str) -> str | None:
    m = URL.search(name)
    if not m or "." not in m.group(0):
        return None
    address = m.group(0).lower().rstrip(".")
    return address if address.startswith("http") else f"https://{address}"


# the plan file ---------------------------------------------------------------------------------


class SourceMap:
    def __init__(self, doc: ExtractedDocument) -> None:
        self.doc = doc
        self.starts = [line.start for line in doc.lines]

    def of(self, piece: Piece | None, confidence: float) -> Source | None:
        if piece is None or not piece.pos:
            return None
        index = max(bisect.bisect_right(self.starts, piece.start) - 1, 0)
        line = self.doc.lines[index] if self.doc.lines else None
        return Source(
            page=line.page if line else 1,
            line=line.line if line else 1,
            start=piece.start,
            end=max(piece.end, piece.start),
            confidence=round(min(max(confidence, 0.0), 1.0), 2),
        )


def build_plan(
    draft: Draft, doc: ExtractedDocument, organisation: str | None
) -> tuple[PlanFile, dict[str, Source]]:
    sources: dict[str, Source] = {}
    where = SourceMap(doc)

    def note(path: str, piece: Piece | None, confidence: float) -> None:
        source = where.of(piece, confidence)
        if source is not None:
            sources[path] = source

    org = draft.scalars.get("organisation")
    org_data: dict[str, Any] = (
        dict(org.value) if org else {"name": "Ukjent organisasjon", "kind": "annet"}
    )
    org_data["name"] = _text(org_data.get("name"), 200) or "Ukjent organisasjon"
    if organisation and _text(organisation, 200):
        org_data["name"] = _text(organisation, 200)
    elif org:
        note("organisation.name", org.piece, org.confidence)
    members = draft.scalars.get("members")
    if members:
        cleaned = [_text(m, 200) for m in members.value]
        org_data["members"] = [m for m in cleaned if m and m != org_data["name"]]

    title = draft.scalars.get("title")
    strategy: dict[str, Any] = {"title": _text(title.value if title else "", 300) or "Uten tittel"}
    if title:
        note("strategy.title", title.piece, title.confidence)
    for key in ("period", "adopted", "revision", "vision", "purpose"):
        scalar = draft.scalars.get(key)
        if scalar is None:
            continue
        value = scalar.value
        if key == "adopted":
            value = {k: _text(v, 300) for k, v in value.items() if v}
            if "date" in value and not is_partial_iso_date(value["date"]):
                value.pop("date")
            if not value:
                continue
        elif isinstance(value, str):
            value = _text(value)
        strategy[key] = value
        note(f"strategy.{key}", scalar.piece, scalar.confidence)

    ids: dict[int, str] = {}
    prefixes = {
        "goals": "g",
        "strategies": "s",
        "target_groups": "tg",
        "messages": "m",
        "channels": "c",
        "actions": "a",
    }
    strategies = draft.items["strategies"]
    if any(not s.overview for s in strategies):
        strategies = [s for s in strategies if not s.overview]
    lists = dict(draft.items)
    lists["strategies"] = [
        s for s in strategies if _text(s.data.get("title")) or _text(s.data.get("text"))
    ]
    required = {
        "goals": "text",
        "target_groups": "name",
        "messages": "text",
        "channels": "name",
        "principles": "name",
        "roles": "title",
        "rules": "name",
        "actions": "title",
    }
    for kind, key in required.items():
        lists[kind] = [f for f in lists[kind] if _text(f.data.get(key))]
    for kind, prefix in prefixes.items():
        for n, found in enumerate(lists[kind], start=1):
            ids[id(found)] = f"{prefix}{n}"

    def ref(found: Found | None) -> str | None:
        return ids.get(id(found)) if found is not None else None

    strategy["challenges"] = []
    for n, f in enumerate(lists["challenges"]):
        strategy["challenges"].append(
            _clean({"title": _text(f.data.get("title"), 300), "text": _text(f.data.get("text"))})
        )
        note(f"strategy.challenges[{n}]", f.piece, f.confidence)
    strategy["principles"] = []
    for n, f in enumerate(lists["principles"]):
        strategy["principles"].append(
            _clean({"name": _text(f.data["name"], 300), "text": _text(f.data.get("text"))})
        )
        note(f"strategy.principles[{n}]", f.piece, f.confidence)
    strategy["goals"] = []
    for n, f in enumerate(lists["goals"]):
        parent = ref(f.parent) if f.parent is not f else None
        strategy["goals"].append(
            _clean(
                {
                    "id": ids[id(f)],
                    "text": _text(f.data["text"]),
                    "description": _text(f.data.get("description")),
                    "parent": parent,
                }
            )
        )
        note(f"strategy.goals[{n}]", f.piece, f.confidence)
    strategy["strategies"] = []
    for n, f in enumerate(lists["strategies"]):
        strategy["strategies"].append(
            _clean(
                {
                    "id": ids[id(f)],
                    "goal": ref(f.goal),
                    "title": _text(f.data.get("title"), 300),
                    "text": _text(f.data.get("text")),
                    "description": _text(f.data.get("description")),
                    "desired_results": [_text(r) for r in f.data.get("desired_results", []) if r],
                }
            )
        )
        note(f"strategy.strategies[{n}]", f.piece, f.confidence)
    strategy["target_groups"] = []
    for n, f in enumerate(lists["target_groups"]):
        strategy["target_groups"].append(
            _clean(
                {
                    "id": ids[id(f)],
                    "name": _text(f.data["name"], 300),
                    "priority": f.data.get("priority"),
                    "description": _text(f.data.get("description")),
                }
            )
        )
        note(f"strategy.target_groups[{n}]", f.piece, f.confidence)
    strategy["messages"] = []
    for n, f in enumerate(lists["messages"]):
        strategy["messages"].append(
            {"id": ids[id(f)], "text": _text(f.data["text"]), "core": bool(f.data.get("core"))}
        )
        note(f"strategy.messages[{n}]", f.piece, f.confidence)
    strategy["channels"] = []
    for n, f in enumerate(lists["channels"]):
        url = f.data.get("url")
        if url and not re.fullmatch(r"https?://\S{1,490}", url):
            url = None
        strategy["channels"].append(
            _clean(
                {
                    "id": ids[id(f)],
                    "name": _text(f.data["name"], 300),
                    "kind": f.data.get("kind") or "other",
                    "description": _text(f.data.get("description")),
                    "url": url,
                }
            )
        )
        note(f"strategy.channels[{n}]", f.piece, f.confidence)
    strategy["roles"] = []
    for n, f in enumerate(lists["roles"]):
        strategy["roles"].append(
            _clean(
                {
                    "title": _text(f.data["title"], 300),
                    "responsibility": _text(f.data.get("responsibility")),
                }
            )
        )
        note(f"strategy.roles[{n}]", f.piece, f.confidence)
    strategy["rules"] = []
    for n, f in enumerate(lists["rules"]):
        strategy["rules"].append(
            _clean({"name": _text(f.data["name"], 300), "kind": f.data.get("kind")})
        )
        note(f"strategy.rules[{n}]", f.piece, f.confidence)
    crisis_note = draft.scalars.get("crisis_note")
    if crisis_note or draft.notify:
        crisis: dict[str, Any] = {"notify": []}
        if crisis_note:
            crisis["note"] = _text(crisis_note.value)
            note("strategy.crisis.note", crisis_note.piece, crisis_note.confidence)
        for n, f in enumerate(draft.notify):
            crisis["notify"].append({"role": _text(f.data["role"], 300)})
            note(f"strategy.crisis.notify[{n}]", f.piece, f.confidence)
        strategy["crisis"] = crisis

    actions = []
    for n, f in enumerate(lists["actions"]):
        groups = []
        for group in f.target_groups:
            gid = ref(group)
            if gid and gid not in groups:
                groups.append(gid)
        action = _clean(
            {
                "id": ids[id(f)],
                "title": _text(f.data["title"]),
                "description": _text(f.data.get("description")),
                "goal": ref(f.goal),
                "strategy": ref(f.strategy),
                "target_groups": groups,
                "channels": _channels_named(f, lists["channels"], ids),
                "responsible": _text(f.data.get("responsible"), 500),
                "financing": _text(f.data.get("financing"), 500),
                "purpose": _text(f.data.get("purpose")),
                "when": _text(f.data.get("when"), 300),
            }
        )
        actions.append(action)
        note(f"actions[{n}]", f.piece, f.confidence)
        for key, piece in f.fields.items():
            note(f"actions[{n}].{'when' if key == 'when' else key}", piece, f.confidence)

    data = {"kommplan": 1, "organisation": org_data, "strategy": strategy, "actions": actions}
    return PlanFile.model_validate(data), sources


def _channels_named(action: Found, channels: list[Found], ids: dict[int, str]) -> list[str]:
    """The channels an action names ("… på internett og Facebook")."""
    text = f"{action.data.get('title') or ''} {action.data.get('description') or ''}".lower()
    named = []
    for channel in channels:
        name = channel.data["name"]
        address = URL.search(name)
        if address:
            # An address counts only as an address: "www.fjellregionen", not "Fjellregionen".
            key = re.sub(r"^https?://", "", address.group(0).lower()).rsplit(".", 1)[0]
            if "." in key and key in text:
                named.append(ids[id(channel)])
            continue
        words = [w for w in norm(name).split() if len(w) >= 5]
        key = words[-1] if words else ""
        if key and re.search(rf"\b{re.escape(key[:-2] if len(key) > 7 else key)}", text):
            named.append(ids[id(channel)])
    return named


def _text(value: Any, limit: int = 20_000) -> str | None:
    if value is None:
        return None
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]", "", str(value))
    text = text.replace("\r", " ").strip()
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [])}
