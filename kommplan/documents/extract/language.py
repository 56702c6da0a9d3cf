"""A rough guess at the language of a text: Norwegian (bokmål or nynorsk) or something else.

Each language has a list of its most common function words; the language whose words occur most
often wins. The Scandinavian lists share many words ("og", "det", "som"), so between them the
words they do not share decide: "av/etter/blir/noe" (bokmål), "ikkje/frå/ein/noko" (nynorsk),
"af/efter/bliver/noget" (Danish), "och/att/är/från" (Swedish).
"""

from __future__ import annotations

import re
from collections import Counter

_STOPWORDS = {
    "nb": "og i på til er det som en av for med at de ikke den skal har vi et kan seg fra også"
    " vil om være blir eller ved etter jeg hva hvordan noe noen disse mellom",
    "nn": "og i på til er det som ein av for med at dei ikkje den skal har vi eit kan seg frå òg"
    " vil om vere blir eller ved etter eg kva korleis noko nokon desse mellom",
    "da": "og i på til er det som en af for med at de ikke den skal har vi et kan sig fra også"
    " vil om være bliver eller ved efter jeg hvad hvordan noget nogle disse mellem",
    "sv": "och i på till är det som en av för med att de inte den ska har vi ett kan sig från"
    " också vill om vara blir eller vid efter jag vad hur något några dessa mellan",
    "en": "the and of to in is that for with on are be this will by as we our it an from have"
    " has not which their they was were should would can these",
}
_VOCABULARY = {language: frozenset(words.split()) for language, words in _STOPWORDS.items()}
_ENOUGH = 12  # With fewer function words than this the text says too little to tell.
_WORD = re.compile(r"[a-zæøåäöéèòôü]+")


def detect(text: str) -> str | None:
    """'nb', 'nn', 'en' or 'other' when the text says enough to tell, else None."""
    words = Counter(_WORD.findall(text[:200_000].lower()))
    scores = {
        language: sum(words[word] for word in vocabulary)
        for language, vocabulary in _VOCABULARY.items()
    }
    best = max(scores, key=lambda language: scores[language])
    if scores[best] < _ENOUGH:
        return None
    if best in ("nb", "nn"):
        # Between the two Norwegian forms only the words they do not share decide.
        return "nn" if scores["nn"] > scores["nb"] else "nb"
    return best if best == "en" else "other"


LANGUAGE_NAMES = {"en": "engelsk", "other": "et annet språk enn norsk"}


def warnings_for(language: str | None, *, ocr: bool) -> list[str]:
    """The Norwegian notes a user should see about the language and how the text was read."""
    warnings = []
    if language in LANGUAGE_NAMES:
        warnings.append(
            f"Dokumentet ser ut til å være på {LANGUAGE_NAMES[language]}. Importen er laget for "
            "norske dokumenter, så forslaget kan bli mangelfullt."
        )
    if ocr:
        warnings.append(
            "Dokumentet har sider uten tekstlag; teksten der er lest med tekstgjenkjenning "
            "(OCR). Sjekk forslaget nøye mot originalen."
        )
    return warnings
