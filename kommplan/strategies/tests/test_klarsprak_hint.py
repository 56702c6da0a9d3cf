"""The server's klarspråk hint: the same wording and markup as klarsprak.js, linked to its field."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django import forms
from django.template import Context, Template
from django.utils import translation

from kommplan.strategies.klarsprak import (
    BANDS,
    STRINGS,
    KlarsprakTextarea,
    KlarsprakTextInput,
    hint_lines,
    strings_json,
)

SCRIPT = (Path(__file__).parents[2] / "static" / "kommplan" / "klarsprak.js").read_text()
LONG = (
    "Kommunikasjonsavdelingen og kommuneplanens samfunnsdel skal sammen med alle ansatte i alle "
    "enheter og alle ledere i kommunen sørge for at innbyggerne får god og riktig informasjon om "
    "tjenestene til rett tid."
)


class Form(forms.Form):
    text = forms.CharField(widget=KlarsprakTextarea, help_text="Hjelp")
    title = forms.CharField(widget=KlarsprakTextInput, required=False)


def test_the_scripts_default_wording_is_the_servers_bokmal_wording():
    with translation.override("nb"):
        for key, value in STRINGS.items():
            assert json.dumps(str(value), ensure_ascii=False) in SCRIPT, key
        for key, value in BANDS.items():
            assert f"{key}: {json.dumps(str(value), ensure_ascii=False)}" in SCRIPT, key


def test_the_hint_names_score_band_long_sentences_and_long_words():
    lines = hint_lines(LONG)
    assert lines["summary"] == "Lesbarhet (LIX): 60, svært tungt."
    assert lines["counts"] == "Ord: 31. Setninger: 1. Lange ord: 9."
    assert lines["tip"]
    assert lines["long_sentences"] == [
        "«Kommunikasjonsavdelingen og kommuneplanens samfunnsdel skal sammen med alle …» (31 ord)"
    ]
    assert lines["long_words"] == "Lange ord (over 20 bokstaver): Kommunikasjonsavdelingen"


def test_easy_text_gets_no_tip_and_empty_text_the_empty_hint():
    assert hint_lines("Vi svarer raskt.")["tip"] == ""
    assert hint_lines("") == {"empty": "Lesbarheten (LIX) vises her når feltet har tekst."}


def test_the_widget_renders_the_hint_after_the_field_and_links_it():
    html = str(Form(data={"text": LONG})["text"])
    textarea, hint = html.split("</textarea>")
    assert 'aria-describedby="id_text_helptext id_text_klarsprak"' in textarea
    assert "data-klarsprak" in textarea
    assert '<div class="klarsprak-hint" id="id_text_klarsprak" aria-live="polite"' in hint
    assert "Lesbarhet (LIX): 60, svært tungt." in hint
    assert "<li>«Kommunikasjonsavdelingen og kommuneplanens" in hint


def test_the_widget_keeps_the_error_link_first():
    form = Form(data={"text": ""})
    assert not form.is_valid()
    html = str(form["text"])
    assert 'aria-describedby="id_text_helptext id_text_error id_text_klarsprak"' in html
    assert 'aria-invalid="true"' in html


def test_a_text_input_gets_the_hint_too():
    html = str(Form(data={"text": "x", "title": "Klart språk"})["title"])
    assert re.search(
        r'<input[^>]*data-klarsprak[^>]*aria-describedby="id_title_klarsprak"|'
        r'<input[^>]*aria-describedby="id_title_klarsprak"[^>]*data-klarsprak',
        html,
    )
    assert 'id="id_title_klarsprak"' in html


def test_the_template_tags_render_a_hint_and_the_scripts_wording():
    html = Template(
        '{% load klarsprak %}{% klarsprak_hint text "budskap-1" %}{% klarsprak_i18n %}'
        "{{ text|klarsprak_summary }}"
    ).render(Context({"text": "Vi svarer raskt. Alltid."}))
    assert '<div class="klarsprak-hint" id="budskap-1" aria-live="polite"' in html
    strings = json.loads(re.search(r'id="klarsprak-i18n">(.*?)</script>', html).group(1))
    assert strings["bands"]["svaert_tungt"] == "svært tungt"
    assert strings["summary"] == "Lesbarhet (LIX): %(score)s, %(band)s."
    assert html.endswith("Lesbarhet (LIX): 2, svært lettlest.")  # 4 words / 2 sentences, none long


def test_the_scripts_wording_cannot_close_its_script_element():
    assert "</" not in strings_json().replace("<\\/", "")
    assert "<" not in strings_json()
