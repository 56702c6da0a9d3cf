"""Plain language (klarspråk): the LIX readability score of Norwegian text, and what to fix.

LIX = words / sentences + 100 * long words / words, where a long word has more than six letters
(Björnsson). We also flag sentences of more than 25 words and words of more than 20 letters.
It is a hint for the writer, never a rule.

static/kommplan/klarsprak.js computes exactly the same thing in the browser as the text is typed;
both are tested against the same hand-computed cases (lib/tests/klarsprak_cases.json), so keep
the two in step when changing a rule here.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

LONG_WORD_LETTERS = 6  # a word with more letters than this is "long" in the LIX formula
FLAG_SENTENCE_WORDS = 25  # flag sentences with more words than this
FLAG_WORD_LETTERS = 20  # flag words with more letters than this
OPENING_WORDS = 8  # how much of a flagged sentence the hint quotes

# (upper bound inclusive, band) on the rounded score, as Norwegian readability guides band it.
BANDS = (
    (29, "svaert_lettlest"),
    (39, "lettlest"),
    (49, "middels"),
    (55, "tungt"),
)
TOP_BAND = "svaert_tungt"

# A period after these (or after a number, "17. mai") only ends a sentence when a capital
# letter follows; "f.eks. slik" is one sentence.
ABBREVIATIONS = frozenset(
    {
        "ang.",
        "avd.",
        "bl.a.",
        "ca.",
        "dvs.",
        "ekskl.",
        "evt.",
        "f.eks.",
        "f.o.m.",
        "iht.",
        "inkl.",
        "jf.",
        "kl.",
        "m.fl.",
        "mht.",
        "nr.",
        "pga.",
        "st.",
        "t.o.m.",
        "tlf.",
        "vedr.",
    }
)

# A word: letters or digits, possibly joined by a hyphen, apostrophe or full stop ("Kommune-TV",
# "f.eks", "26.100").
# The sentence ends at . ! ? : (runs of them, then closing quotes or brackets) before a space or
# the end of the text, and at every line break (list items and headings carry no full stop).
# The JavaScript twin spells [^\W_] as [\p{L}\p{N}].
_TOKEN = re.compile(
    r"(?P<word>[^\W_]+(?:[-'’.][^\W_]+)*)"
    r"|(?P<end>[.!?:]+[\"»”’')\]]*(?=\s|$))"
    r"|(?P<newline>\n)"
)
_CHUNK_BEFORE = re.compile(r"\S*$")
_LEADING_PUNCTUATION = re.compile(r"^[\W_]+")
_NEXT_VISIBLE = re.compile(r"\s*(\S?)")


@dataclass(frozen=True)
class LongSentence:
    opening: str  # the first words, with "…" when there are more
    words: int


@dataclass(frozen=True)
class Readability:
    words: int = 0
    sentences: int = 0
    long_words: int = 0
    long_sentences: list[LongSentence] = field(default_factory=list)
    very_long_words: list[str] = field(default_factory=list)

    @property
    def lix(self) -> float | None:
        if not self.words:
            return None
        return self.words / self.sentences + 100 * self.long_words / self.words

    @property
    def score(self) -> int | None:
        """The score as shown: rounded half up (as JavaScript's Math.round does)."""
        lix = self.lix
        return None if lix is None else math.floor(lix + 0.5)

    @property
    def band(self) -> str | None:
        return band_for(self.score)


def band_for(score: int | None) -> str | None:
    if score is None:
        return None
    for upper, band in BANDS:
        if score <= upper:
            return band
    return TOP_BAND


def letters(word: str) -> int:
    return sum(1 for char in word if char.isalpha())


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    if match.group("end") != ".":
        return True
    # Only the last few characters matter, and looking no further keeps long texts fast.
    window = text[max(0, match.end() - 24) : match.end()]
    chunk = _LEADING_PUNCTUATION.sub("", _CHUNK_BEFORE.search(window).group()).lower()
    if chunk not in ABBREVIATIONS and not re.fullmatch(r"[0-9]+\.", chunk):
        return True
    following = _NEXT_VISIBLE.match(text, match.end()).group(1)
    return following == "" or unicodedata.category(following) == "Lu"


def sentences(text: str) -> list[list[str]]:
    """The text's sentences, each as its list of words; sentences without words are dropped."""
    found: list[list[str]] = []
    current: list[str] = []
    for match in _TOKEN.finditer(text):
        if match.group("word"):
            current.append(match.group("word"))
            continue
        if match.group("end") and not _ends_sentence(text, match):
            continue
        if current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def analyse(text: str) -> Readability:
    """Count words, sentences and long words of `text` and flag what makes it hard to read."""
    parts = sentences(text or "")
    words = [word for sentence in parts for word in sentence]
    very_long: list[str] = []
    for word in words:
        if letters(word) > FLAG_WORD_LETTERS and word not in very_long:
            very_long.append(word)
    return Readability(
        words=len(words),
        sentences=len(parts),
        long_words=sum(1 for word in words if letters(word) > LONG_WORD_LETTERS),
        long_sentences=[
            LongSentence(
                opening=" ".join(sentence[:OPENING_WORDS])
                + (" …" if len(sentence) > OPENING_WORDS else ""),
                words=len(sentence),
            )
            for sentence in parts
            if len(sentence) > FLAG_SENTENCE_WORDS
        ],
        very_long_words=very_long,
    )
