"""Splitting text into sentences and run-together items, keeping positions (see `Piece`).

Slide transcripts lose their line breaks: a whole slide becomes one line, and a list of actions
reads "… saksgang Utarbeide retningslinjer … sjekkliste Klare og gode …". The boundaries are
still visible: a capitalised word after a lowercase one, unless the capital belongs to a name
("i Askim kommune", "Verdal og Levanger") — which the rest of the document tells us.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .lexicon import (
    ABBREVIATIONS,
    CONJUNCTIONS,
    DETERMINERS,
    FUNCTION_WORDS,
    PREPOSITIONS,
    SENTENCE_STARTERS,
    is_finite_verb,
)
from .pieces import Piece

TOKEN = re.compile(r"\S+")
_OPENERS = "«\"'“‘(["
_CLOSERS = "»\"'”’)].,;:!?"
_NUMBER_ITEM = re.compile(r"^\(?(\d{1,2})[.)]$")
_CONNECT = PREPOSITIONS | CONJUNCTIONS | DETERMINERS
_CAPITAL_AFTER_PREPOSITION = SENTENCE_STARTERS - PREPOSITIONS - {"ved", "gjennom", "når"}


@functools.lru_cache(maxsize=32768)
def core(token: str) -> str:
    return token.strip(_OPENERS).rstrip(_CLOSERS).strip(_OPENERS)


def is_capitalised(token: str) -> bool:
    word = token.lstrip(_OPENERS)
    return bool(word) and word[0].isupper()


def is_lower_word(token: str) -> bool:
    word = core(token)
    return bool(word) and word[0].isalpha() and word[0].islower()


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= 5 and all(c.isupper() for c in letters)


@dataclass
class Vocabulary:
    """What the document itself says about its words: which are common, which are names."""

    lower: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)

    @classmethod
    def of(cls, texts: list[str]) -> Vocabulary:
        vocab = cls()
        after_connector: set[str] = set()
        for text in texts:
            words = [core(token) for token in TOKEN.findall(text)]
            previous = ""
            for word in words:
                if word:
                    if word[0].islower():
                        vocab.lower.add(word.lower())
                    elif word[0].isupper() and previous:
                        if previous[0].isupper():
                            pair = (previous, word)
                            vocab.pairs[pair] = vocab.pairs.get(pair, 0) + 1
                        elif previous in _CONNECT:
                            after_connector.add(word)
                previous = word
        vocab.names = {w for w in after_connector if w.lower() not in vocab.lower}
        return vocab


def _ends_sentence(token: str) -> bool:
    stripped = token.rstrip("»\"'”’)")
    if not stripped or stripped[-1] not in ".!?":
        return False
    if stripped[-1] in "!?":
        return True
    word = stripped[:-1].lstrip(_OPENERS).lower()
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    if "." in word and len(word) <= 6 and all(len(p) <= 3 for p in word.split(".")):
        return False  # "f.eks.", "komm.", "t.d."
    return not re.fullmatch(r"\d{1,2}", word)  # "1." is an ordinal or a list number


_SENTENCE_END = re.compile(r"(\S*[.!?][»\"'”’)]*)\s+(?=\S)")


@functools.lru_cache(maxsize=8192)
def _sentence_cuts(text: str) -> tuple[int, ...]:
    cuts = []
    for m in _SENTENCE_END.finditer(text):
        following = text[m.end()]
        if (following.isupper() or following in '«"“(' or following.isdigit()) and _ends_sentence(
            m.group(1)
        ):
            cuts.append(m.end())
    return tuple(cuts)


def sentence_cuts(text: str) -> list[int]:
    """Indices where a new sentence starts (after . ! ? and a capital, digit or quote)."""
    return list(_sentence_cuts(text))


def split_sentences(piece: Piece) -> list[Piece]:
    return piece.split_at(sentence_cuts(piece.text))


def _verb_soon(tokens: list[str], k: int, window: int) -> bool:
    return any(is_finite_verb(t) for t in tokens[k + 1 : k + 1 + window])


def capital_cuts(
    text: str, vocab: Vocabulary, *, heads: frozenset[str] = frozenset(), list_mode: bool = False
) -> list[int]:
    """Where run-together items start: sentence ends, and capitals that begin something new.

    `heads` are words that begin an item of the kind being split (target-group nouns …) even
    right after a capitalised word.
    """
    matches = list(TOKEN.finditer(text))
    tokens = [m.group() for m in matches]
    cuts = []
    for k in range(1, len(tokens)):
        previous, token = tokens[k - 1], tokens[k]
        if not is_capitalised(token):
            continue
        word = core(token)
        low = word.lower()
        prev = core(previous)
        prev_low = prev.lower()
        cut = False
        if previous.rstrip("»\"'”’)").endswith(("!", "?", ":", ";")) or _ends_sentence(previous):
            cut = True
        elif previous.endswith(("-", "/", "–", ",", "&")) or previous in {"-", "–", "/", "&"}:
            cut = False
        elif is_lower_word(previous) and prev_low in _CONNECT:
            cut = low in _CAPITAL_AFTER_PREPOSITION and not is_acronym(word)
        elif re.fullmatch(r"[A-ZÆØÅ]\.", previous):
            cut = not re.fullmatch(r"[A-ZÆØÅ]\.", token)  # after an initial ("L. og V. Orientere")
        elif prev[:1].isupper():
            if vocab.pairs.get((prev, word), 0) >= 2:
                cut = False  # a name of several words: "Innherred Samkommune"
            elif low in FUNCTION_WORDS or low in vocab.lower or low in heads:
                cut = True
            elif list_mode:
                cut = word not in vocab.names
            elif is_acronym(word):
                cut = _verb_soon(tokens, k, 2)  # "… i Morkommunene ISK er et verktøy"
            elif is_acronym(prev):
                cut = not is_finite_verb(word)  # "ISK Møter i enhetene"
        else:
            cut = not (word in vocab.names and not _verb_soon(tokens, k, 3))
        if cut:
            cuts.append(matches[k].start())
    return cuts


def numbered_cuts(text: str) -> list[int]:
    """Starts of an inline numbered list ("1. … 2. … 3. …"), numbers counting up by one."""
    matches = list(TOKEN.finditer(text))
    found: list[tuple[int, int]] = []
    for k, m in enumerate(matches[:-1]):
        n = _NUMBER_ITEM.match(m.group())
        if n and is_capitalised(matches[k + 1].group()):
            found.append((int(n.group(1)), m.start()))
    # Longest chain n, n+1, n+2 … in document order, in one pass.
    length: list[int] = []
    previous: list[int] = []
    latest: dict[int, int] = {}
    for i, (number, _start) in enumerate(found):
        before = latest.get(number - 1)
        length.append(length[before] + 1 if before is not None else 1)
        previous.append(before if before is not None else -1)
        latest[number] = i
    if not found:
        return []
    end = max(range(len(found)), key=lambda i: (length[i], -i))
    if length[end] < 2:
        return []
    chain = []
    while end >= 0:
        chain.append(found[end][1])
        end = previous[end]
    return chain[::-1]


def strip_number(piece: Piece) -> Piece:
    m = re.match(r"^\(?\d{1,2}[.)]\s+", piece.text)
    return piece[m.end() :].strip() if m else piece


def repeated_start_cuts(text: str, first_cut: int = 0, words: int = 3) -> list[int]:
    """Later places where the words that open the list open another item."""
    tail = text[first_cut:]
    opening = TOKEN.findall(tail)[:words]
    if len(opening) < words or not is_capitalised(opening[0]):
        return []
    pattern = re.compile(r"(?<!\S)" + r"\s+".join(re.escape(w) for w in opening) + r"(?!\S)")
    return [first_cut + m.start() for m in pattern.finditer(tail) if m.start() > 0]


def split_items(
    piece: Piece, vocab: Vocabulary, *, heads: frozenset[str] = frozenset(), list_mode: bool = False
) -> list[Piece]:
    """Split run-together list text into its items."""
    text = piece.text
    cuts = set(numbered_cuts(text))
    if not cuts:
        cuts.update(capital_cuts(text, vocab, heads=heads, list_mode=list_mode))
    cuts.update(repeated_start_cuts(text))
    parts = piece.split_at(cuts)
    return [strip_number(p) for p in parts if strip_number(p)]


def words(text: str) -> list[str]:
    return [core(t) for t in TOKEN.findall(text) if core(t)]


def word_count(text: str) -> int:
    return len(TOKEN.findall(text))


def has_finite_verb(text: str) -> bool:
    return any(is_finite_verb(t) for t in TOKEN.findall(text))


CONNECTOR_END = re.compile(
    r"(\s(og|eller|i|på|til|fra|frå|av|for|med|om|mot|ved|hos|som|at|der|en|et|ei|ein|eit|"
    r"den|det|de|samt|under|etter|innen|gjennom|mellom|både)|[-,/–])$",
    re.I,
)
