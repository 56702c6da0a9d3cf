"""Klarspråk hints in forms and templates: the server side of static/kommplan/klarsprak.js.

The server renders the first hint (so it shows without JavaScript, e.g. after a save) with the
same wording and markup the script uses when it recomputes the hint as the user types.

Use it on a form field with a widget:

    widgets = {"text": KlarsprakTextarea(attrs={"rows": 4})}

or mark any field with the data-klarsprak attribute and let the script add the hint, or render a
hint for a text in a template: {% load klarsprak %}{% klarsprak_hint text "some-id" %}.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from kommplan.lib.klarsprak import FLAG_SENTENCE_WORDS, FLAG_WORD_LETTERS, analyse

# The msgids are the script's DEFAULT_STRINGS; keep them equal.
STRINGS = {
    "empty": gettext_lazy("Lesbarheten (LIX) vises her når feltet har tekst."),
    "summary": gettext_lazy("Lesbarhet (LIX): %(score)s, %(band)s."),
    "counts": gettext_lazy("Ord: %(words)s. Setninger: %(sentences)s. Lange ord: %(long_words)s."),
    "tip": gettext_lazy("Kortere setninger og færre lange ord gjør teksten lettere å lese."),
    "long_sentences": gettext_lazy("Lange setninger (over %(limit)s ord):"),
    "long_sentence": gettext_lazy("«%(opening)s» (%(words)s ord)"),
    "long_words": gettext_lazy("Lange ord (over %(limit)s bokstaver): %(words)s"),
}
BANDS = {
    "svaert_lettlest": gettext_lazy("svært lettlest"),
    "lettlest": gettext_lazy("lettlest"),
    "middels": gettext_lazy("middels"),
    "tungt": gettext_lazy("tungt"),
    "svaert_tungt": gettext_lazy("svært tungt"),
}


def hint_lines(text: str | None) -> dict[str, Any]:
    """What the hint says about `text`, as klarsprak.js's hintLines() says it."""
    result = analyse(text or "")
    if not result.words:
        return {"empty": str(STRINGS["empty"])}
    lines: dict[str, Any] = {
        "summary": str(STRINGS["summary"]) % {"score": result.score, "band": BANDS[result.band]},
        "counts": str(STRINGS["counts"])
        % {"words": result.words, "sentences": result.sentences, "long_words": result.long_words},
        "tip": str(STRINGS["tip"]) if result.band in {"tungt", "svaert_tungt"} else "",
        "long_sentences": [
            str(STRINGS["long_sentence"]) % {"opening": s.opening, "words": s.words}
            for s in result.long_sentences
        ],
        "long_words": "",
    }
    if result.long_sentences:
        lines["long_sentences_label"] = str(STRINGS["long_sentences"]) % {
            "limit": FLAG_SENTENCE_WORDS
        }
    if result.very_long_words:
        lines["long_words"] = str(STRINGS["long_words"]) % {
            "limit": FLAG_WORD_LETTERS,
            "words": ", ".join(result.very_long_words),
        }
    return lines


def hint_id(field_id: str) -> str:
    return f"{field_id}_klarsprak"


def strings_json() -> str:
    """The hint's wording in the current language, for the script (see {% klarsprak_i18n %})."""
    strings: dict[str, Any] = {key: str(value) for key, value in STRINGS.items()}
    strings["bands"] = {key: str(value) for key, value in BANDS.items()}
    # json.dumps does not escape "<", so "</script>" in a translation could end the element.
    return mark_safe(json.dumps(strings, ensure_ascii=False).replace("<", "\\u003c"))


class KlarsprakMixin:
    """A text widget with the hint after it, linked to it by aria-describedby."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        attrs["data-klarsprak"] = True
        field_id = attrs.get("id")
        if field_id:
            # Appended to what Django links (help text, errors), never instead of it.
            described = attrs.get("aria-describedby", "").split()
            described.append(hint_id(field_id))
            attrs["aria-describedby"] = " ".join(described)
        context = super().get_context(name, value, attrs)  # type: ignore[misc]
        context["klarsprak"] = {
            "id": hint_id(field_id) if field_id else "",
            "lines": hint_lines(self.format_value(value)),  # type: ignore[attr-defined]
        }
        return context


class KlarsprakTextarea(KlarsprakMixin, forms.Textarea):
    template_name = "klarsprak/textarea.html"


class KlarsprakTextInput(KlarsprakMixin, forms.TextInput):
    template_name = "klarsprak/input.html"
