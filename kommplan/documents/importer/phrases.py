"""Small phrase finders: timing, responsibility, channel and target-group phrases, roles."""

from __future__ import annotations

import re

from .lexicon import (
    CHANNEL_HEADS,
    CHANNEL_SUFFIXES,
    DETERMINERS,
    FREQUENCY_WORDS,
    FUNCTION_WORDS,
    GENERIC_CHANNEL_WORDS,
    MENTION_HEADS,
    MONTHS,
    PLATFORMS,
    PREPOSITIONS,
    ROLE_HEADS,
    SEASONS,
    TARGET_GROUP_HEADS,
    URL,
    WEEKDAYS,
    is_finite_verb,
)
from .pieces import Piece
from .text import TOKEN, core

_MONTH = "|".join(MONTHS)
_SEASON = "|".join(SEASONS)
_WEEKDAY = "|".join(WEEKDAYS)
_NUMBER_WORD = r"(?:\d{1,2}|en|én|ein|ei|eitt|to|tre|fire|fem|seks)"
TIMING = re.compile(
    "|".join(
        [
            # "minst en gang pr. måned i oppstartsåret", "2 ganger pr. år"
            rf"(?:(?:minst|minimum|maks|maksimalt|cirka|ca\.)\s+)?{_NUMBER_WORD}\s+gang(?:er)?\s+"
            rf"(?:pr\.?|per|i|om|kvart|hvert|hver|kvar)\s+(?:år|året|måned|måneden|månad|kvartal|"
            rf"uke|veke|halvår|dag)(?:\s+i\s+[a-zæøå]+året)?",
            # "høsten 2020", "våren 2021"
            rf"(?:{_SEASON})\s+\d{{4}}",
            # "etter valget i september 2019", "innen utgangen av mars 2024"
            rf"(?:etter|før|innen|innan|fra|frå|til|i løpet av|innen utgangen av)\s+"
            rf"(?:[a-zæøå]+\s+){{0,2}}"
            rf"(?:i\s+)?(?:{_MONTH})\s+\d{{4}}",
            # "hver måned", "kvart år"
            r"(?:hver|hvert|kvar|kvart|annenhver|annakvar)\s+(?:uke|veke|måned|månad|år|kvartal|"
            r"halvår|dag)",
            # "i august", "innen mars"
            rf"(?:i|innen|innan|før|etter|fra|frå)\s+(?:{_MONTH})\b",
            # "innen utgangen av 2023", "i løpet av 2024"
            r"(?:innen utgangen av|innan utgangen av|i løpet av|innen|innan|fra og med|"
            r"frå og med)\s+(?:19|20)\d{2}",
            rf"(?:i\s+)?(?:{_MONTH})\s+\d{{4}}",
            # "kunngjøringer på fredag, stillinger på mandag"
            rf"[a-zæøå]+\s+på\s+(?:{_WEEKDAY})(?:er)?(?:,\s*[a-zæøå]+\s+på\s+(?:{_WEEKDAY})(?:er)?)*",
            # "Uke 4 (5)", "uke 12"
            r"[Uu]ke\s+\d{1,2}(?:\s*\(\d{1,2}\))?",
            # "28.1.", "22.01.2024"
            r"(?<![\d.])\d{1,2}\.\d{1,2}\.(?:\d{2,4})?(?![\d])",
            # "fortløpende", "Kvartalsvis", "Årlige"
            r"\b(?:" + "|".join(FREQUENCY_WORDS) + r")\b",
        ]
    ),
    re.I,
)


def find_timing(text: str) -> re.Match[str] | None:
    return TIMING.search(text)


_RESPONSIBLE = [
    # "Hver virksomhetsleder er delegert kommunikasjonsansvaret …"
    re.compile(r"^(?P<who>[A-ZÆØÅ][^,.;:]{2,80}?)\s+er\s+delegert\b"),
    # "Virksomhet Fellesfunksjoner har hovedansvaret for …"
    re.compile(
        r"^(?P<who>[A-ZÆØÅ][^,.;:]{2,80}?)\s+har\s+(?:det\s+)?(?:hoved|over\w*\s+)?ansvar(?:et)?\b"
    ),
    # "… er ansvarlig for …"
    re.compile(r"^(?P<who>[A-ZÆØÅ][^,.;:]{2,80}?)\s+er\s+(?:hoved)?ansvarl[ie]g\b"),
    # "Redaktørteamet koordineres av virksomhet Fellesfunksjoner"
    re.compile(
        r"\b(?:koordineres|ledes|gjennomføres|utføres|utarbeides|følges opp)\s+av\s+"
        r"(?P<who>[^,.;:]{3,80})$"
    ),
]


def find_responsible(text: str) -> str | None:
    for pattern in _RESPONSIBLE:
        m = pattern.search(text.strip().rstrip("."))
        if m:
            who = m.group("who").strip()
            first = who.split()[0].lower()
            if first in {"det", "dette", "den", "de", "vi", "man", "ansvaret", "alle"}:
                continue
            return who
    return None


def channel_of(word: str) -> str | None:
    """The channel kind a word names, when it names one (platform, channel noun, compound)."""
    low = word.lower().strip('.,;:()«»"')
    if not low or low in GENERIC_CHANNEL_WORDS:
        return None
    if low in PLATFORMS:
        return PLATFORMS[low]
    if low in CHANNEL_HEADS:
        return CHANNEL_HEADS[low]
    if URL.fullmatch(low):
        return "web"
    for part in low.split("/"):
        if part in CHANNEL_HEADS:
            return CHANNEL_HEADS[part]
        if part in PLATFORMS:
            return PLATFORMS[part]
    for suffix, kind in CHANNEL_SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix) + 3:
            return kind
    if "-" in low and low.split("-")[0] in PLATFORMS:
        return "social"
    return None


_ADJECTIVE_END = re.compile(r"(e|ig|isk|iv|ell|al|lig|leg|ende|et|ne)$")
_KEEP_ADJECTIVES = frozenset(
    ["egen", "eget", "egne", "eigen", "eige", "eigne", "ny", "god", "direkte", "aktiv"]
)
_OWNERS = frozenset(
    ["egen", "eget", "egne", "eigen", "eige", "eigne", "vår", "vårt", "våre", "kommunens"]
)


def channel_phrases(piece: Piece, *, need_owner: bool = False) -> list[tuple[Piece, str]]:
    """Channel phrases in running text: "egen informativ hjemmeside", "kommunens nettside"."""
    text = piece.text
    tokens = list(TOKEN.finditer(text))
    found: list[tuple[Piece, str]] = []
    k = 0
    while k < len(tokens):
        token = tokens[k].group()
        word = core(token)
        low = word.lower()
        kind = None
        width = 1
        if k + 1 < len(tokens):
            pair = f"{low} {core(tokens[k + 1].group()).lower()}"
            if pair in CHANNEL_HEADS:
                kind, width = CHANNEL_HEADS[pair], 2
        if kind is None:
            kind = channel_of(word)
        if kind is None:
            k += 1
            continue
        start = k
        # Modifiers before the head: up to two adjectives or a genitive owner.
        j = k - 1
        owner = False
        while j >= 0 and k - j <= 2:
            before = core(tokens[j].group())
            b = before.lower()
            if not before or b in FUNCTION_WORDS - _KEEP_ADJECTIVES or is_finite_verb(before):
                break
            if tokens[j].group()[-1] in ",.;:!?":
                break  # a list's comma ends the phrase before it
            if b.endswith("s") and len(b) > 4 and b not in PREPOSITIONS:
                owner = True
                start = j
                break
            opens_sentence = j == 0 or tokens[j - 1].group()[-1] in ".!?:"
            if b in _KEEP_ADJECTIVES or (
                _ADJECTIVE_END.search(b) and (before[0].islower() or opens_sentence)
            ):
                owner = owner or b in _OWNERS
                start = j
                j -= 1
                continue
            break
        end = k + width
        is_named = low in PLATFORMS or bool(URL.fullmatch(low)) or "-" in low
        # "nettsidene til kommunen": an owner after the head.
        if end + 1 < len(tokens) and core(tokens[end].group()).lower() in {"til", "for"}:
            after = core(tokens[end + 1].group()).lower()
            if after in {"kommunen", "kommunane", "fylkeskommunen", "regionrådet", "oss"}:
                end += 2
                owner = True
        head = " ".join(core(t.group()).lower() for t in tokens[k : k + width])
        concrete = head in MENTION_HEADS or any(p in MENTION_HEADS for p in head.split("/"))
        if need_owner and not (is_named or concrete or (owner and kind == "web")):
            k += width
            continue
        span = piece[tokens[start].start() : tokens[end - 1].end()].strip('.,;:()«»"')
        found.append((span, kind))
        k = end
    return found


def target_group_segments(piece: Piece) -> list[Piece]:
    """Split a lowercase run of target groups ("innbyggjarar næringsliv potensiell etablerarar")
    after each group noun, keeping "organisasjonar, lag" together."""
    tokens = list(TOKEN.finditer(piece.text))
    out: list[Piece] = []
    start = 0
    k = 0
    while k < len(tokens):
        word = core(tokens[k].group()).lower()
        if word not in TARGET_GROUP_HEADS:
            k += 1
            continue
        nxt = tokens[k + 1].group().lower() if k + 1 < len(tokens) else ""
        if tokens[k].group().endswith((",", "/")) or nxt in {"og", "eller", "&", "/"}:
            k += 1
            continue
        end = k
        # A dangling preposition before the next group belongs to this one ("innbyggjarar i").
        if (
            nxt in PREPOSITIONS
            and k + 2 < len(tokens)
            and core(tokens[k + 2].group()).lower() in TARGET_GROUP_HEADS
        ):
            end = k + 1
        out.append(piece[tokens[start].start() : tokens[end].end()].strip(",. "))
        start = k = end + 1
    if out and start < len(tokens):
        out.append(piece[tokens[start].start() : tokens[-1].end()].strip(",. "))
    return [p for p in out if p]


def count_target_group_heads(text: str) -> int:
    return sum(1 for t in TOKEN.findall(text) if core(t).lower() in TARGET_GROUP_HEADS)


_ROLE_SUFFIXES = (
    "avdelingen",
    "avdelinga",
    "enheten",
    "eininga",
    "staben",
    "kontoret",
    "sekretariatet",
    "utvalget",
    "gruppa",
    "gruppen",
    "styret",
    "ledelsen",
    "leiinga",
    "teamet",
    "sjef",
    "sjefen",
    "leder",
    "ledere",
    "lederne",
    "leiar",
    "leiarar",
    "ansvarlig",
    "ansvarleg",
    "rådgiver",
    "rådgjevar",
    "koordinator",
    "medarbeider",
    "medarbeidere",
    "ansatte",
    "tilsette",
    "ordfører",
    "ordføreren",
    "rådmann",
    "rådmannen",
    "rådmenn",
    "direktør",
    "direktøren",
    "redaktør",
    "redaktører",
    "redaktørene",
    "talsperson",
    "servicetorget",
    "gjevaren",
    "giveren",
    "medlem",
    "medlemmer",
    "medlemmene",
    "politikere",
    "politikarar",
    "folkevalgte",
)


def is_role_word(word: str) -> bool:
    low = word.lower().strip(".,:;()")
    return any(low == h or low.startswith(h) for h in ROLE_HEADS) or low.endswith(_ROLE_SUFFIXES)


def _verb_index(tokens: list[str]) -> int | None:
    for i, t in enumerate(tokens):
        if is_finite_verb(t):
            return i
        w = core(t)
        if (
            i
            and w.islower()
            and len(w) >= 5
            and w.endswith(("er", "ar"))
            and not is_role_word(w)
            and w not in TARGET_GROUP_HEADS
            and w not in FUNCTION_WORDS
        ):
            return i  # a present-tense verb: "Ordfører uttaler seg …"
    return None


def role_subjects(sentence: str) -> list[str]:
    """Who a sentence about responsibility is about: its subject, or (V2 order) the word
    after the verb ("I Askim kommune har rådmannen …"); "X og Y" gives both."""
    tokens = TOKEN.findall(sentence)
    # A run-in label before the sentence proper ("Administrativt I Askim kommune har …").
    for i, t in enumerate(tokens[1:4], start=1):
        if core(t) in {"I", "Ved", "Etter", "For", "Som"}:
            tokens = tokens[i:]
            break
    if not tokens:
        return []
    verb = _verb_index(tokens)
    if verb is None or verb == 0:
        return []
    first = core(tokens[0]).lower()
    after = core(tokens[verb + 1]) if verb + 1 < len(tokens) else ""
    if (
        first in PREPOSITIONS
        or first in {"ved", "etter"}
        or (after and is_role_word(after) and not any(is_role_word(core(t)) for t in tokens[:verb]))
    ):
        found = []
        for t in tokens[verb + 1 : verb + 4]:
            w = core(t)
            if (
                not w
                or w.lower() in FUNCTION_WORDS
                or is_finite_verb(t)
                or w.lower().startswith("ansvar")
            ):
                break
            found.append(w)
        return [" ".join(found)] if found else []
    subject = [core(t) for t in tokens[:verb]]
    for i, w in enumerate(subject):
        if i and w.lower() in {"i", "ved", "for", "hos", "på"}:
            subject = subject[:i]
            break
    subject = [w for w in subject if w]
    if not subject or len(subject) > 6:
        return []
    if subject[0].lower() in (DETERMINERS - {"alle", "øvrige"}) | {
        "det",
        "dette",
        "den",
        "de",
        "vi",
        "man",
        "både",
    }:
        return []
    if any(
        w.lower() in {"som", "de", "dei", "vi", "det", "den"} or "prinsipp" in w.lower()
        for w in subject
    ):
        return []
    # "Politisk Ordfører": a run-in label before the role.
    capitals = [i for i, w in enumerate(subject) if i and w[:1].isupper()]
    if capitals and is_role_word(subject[capitals[-1]]):
        subject = subject[capitals[-1] :]
    if "og" in subject:
        i = subject.index("og")
        left, right = subject[:i], subject[i + 1 :]
        if len(left) == 1 and right and is_role_word(left[-1]) and is_role_word(right[-1]):
            return [" ".join(left), " ".join(right)]
    return [" ".join(subject)]
