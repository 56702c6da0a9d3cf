"""The importer's small parts: positions kept through reshaping, run-together splitting, phrases."""

from __future__ import annotations

from kommplan.documents.importer import propose_plan
from kommplan.documents.importer.layout import read_layout
from kommplan.documents.importer.phrases import (
    channel_phrases,
    find_responsible,
    find_timing,
    target_group_segments,
)
from kommplan.documents.importer.pieces import Piece
from kommplan.documents.importer.plaintext import document_from_text
from kommplan.documents.importer.text import Vocabulary, numbered_cuts, split_items


def _piece(text: str) -> Piece:
    return Piece.from_source(text, 0, len(text))


def test_a_piece_keeps_the_document_offsets_of_its_characters_through_splits_and_joins():
    source = "Tiltak:\n  Lage   nettside\n\nSende nyhetsbrev"
    piece = _piece(source)
    assert piece.text == "Tiltak: Lage nettside Sende nyhetsbrev"
    first, second = piece.split_at([piece.text.index("Sende")])
    assert source[first.start : first.end] == "Tiltak:\n  Lage   nettside"
    assert source[second.start : second.end] == "Sende nyhetsbrev"
    joined = Piece.join([second, first])
    assert joined.text.startswith("Sende nyhetsbrev Tiltak")


def test_run_together_actions_split_at_capitals_but_not_inside_names():
    text = (
        "Aktuelle saker under behandling i Askim kommune legges ut på internett og Facebook "
        "Legge ut høringer på enkeltsaker på internett og Servicetorget Spørretime i bystyret"
    )
    # Elsewhere the document writes "legge" and "spørretime" in lowercase: common words, so a
    # capital on them starts an item; "Askim" and "Facebook" follow prepositions: names.
    vocabulary = Vocabulary.of([text, "Vi skal legge til rette for en åpen spørretime."])
    parts = [p.text for p in split_items(_piece(text), vocabulary)]
    assert parts == [
        "Aktuelle saker under behandling i Askim kommune legges ut på internett og Facebook",
        "Legge ut høringer på enkeltsaker på internett og Servicetorget",
        "Spørretime i bystyret",
    ]


def test_an_inline_numbered_list_splits_at_its_numbers_counting_up():
    text = "MÅL 1. Informere aktivt 2. Være åpen 3. Samordne alt. Se side 12."
    starts = numbered_cuts(text)
    assert [text[s : s + 2] for s in starts] == ["1.", "2.", "3."]


def test_a_lowercase_run_of_target_groups_splits_after_each_group_noun():
    piece = _piece(
        "innbyggjarar næringsliv potensiell etablerarar organisasjonar, lag media tilsette"
    )
    assert [p.text for p in target_group_segments(piece)] == [
        "innbyggjarar",
        "næringsliv",
        "potensiell etablerarar",
        "organisasjonar, lag",
        "media",
        "tilsette",
    ]


def test_timing_is_found_as_written():
    assert find_timing("Ha nyhetssaker minst en gang pr. måned i oppstartsåret.").group(0) == (
        "minst en gang pr. måned i oppstartsåret"
    )
    assert find_timing("Evalueres etter valget i september 2019 i forhold til").group(0) == (
        "etter valget i september 2019"
    )
    assert find_timing("Kvartalsvis informasjon i ledergruppa").group(0) == "Kvartalsvis"
    assert find_timing("Samarbeidsprosjektet «Kompetanse 2020» gjennomføres") is None


def test_responsibility_is_read_from_who_has_it():
    assert find_responsible("Redaktørteamet koordineres av virksomhet Fellesfunksjoner") == (
        "virksomhet Fellesfunksjoner"
    )
    assert find_responsible("Virksomhet Fellesfunksjoner har hovedansvaret for intranettet") == (
        "Virksomhet Fellesfunksjoner"
    )
    assert find_responsible("Det skal gis kontinuerlig opplæring til redaktører") is None


def test_channel_phrases_keep_their_modifiers_and_owner():
    piece = _piece(
        "Omstillingsorganisasjonen vil etablere egen informativ hjemmeside, og ha en aktiv bruk "
        "av sosiale media. Oppdatert på kommunens nettside og på nettsidene til kommunen."
    )
    names = [p.text for p, _kind in channel_phrases(piece)]
    assert names == [
        "egen informativ hjemmeside",
        "sosiale media",
        "kommunens nettside",
        "nettsidene til kommunen",
    ]


def test_host_furniture_and_a_listing_of_other_documents_are_left_out():
    text = (
        'Tittel\n\nStørrelse: px\nBegynne med side:\n\nDownload "Plan for kommunikasjon 2020"\n\n'
        "Transkript\n\n1 Plan for kommunikasjon\n\n2 Tiltak Lage nettside 2\n\n"
        "Annen plan\n\nAnnen plan Dette er en annen kommunes plan\n\nDetaljer\n\n"
        "Tredje plan\n\nTredje plan som også listes\n\nDetaljer\n"
    )
    layout = read_layout(document_from_text(text))
    kept = [row.piece.text for row in layout.rows]
    assert kept == ["Plan for kommunikasjon", "Tiltak Lage nettside"]
    assert layout.host_title == "Plan for kommunikasjon 2020"


def test_a_plan_from_headings_lists_and_fields_in_plain_text():
    text = (
        "Kommunikasjonsplan for Testby kommune 2024-2025\n\nMål\n\n- Innbyggerne skal bli hørt\n"
        "- Ansatte skal være godt informert\n\nMålgrupper\n\n- Innbyggere\n- Ansatte\n\n"
        "Tiltak\n\n- Lage ny nettside. Bruke klarspråk.\nAnsvarlig: Kommunikasjonsenheten\n"
        "Finansiering: Drift\n- Halvårlige folkemøter\n"
    )
    plan = propose_plan(document_from_text(text)).plan
    assert plan.organisation.name == "Testby kommune"
    assert (plan.strategy.period.start, plan.strategy.period.end) == (2024, 2025)
    assert [g.text for g in plan.strategy.goals] == [
        "Innbyggerne skal bli hørt",
        "Ansatte skal være godt informert",
    ]
    assert [t.name for t in plan.strategy.target_groups] == ["Innbyggere", "Ansatte"]
    first, second = plan.actions
    assert (first.title, first.description) == ("Lage ny nettside.", "Bruke klarspråk.")
    assert (first.responsible, first.financing) == ("Kommunikasjonsenheten", "Drift")
    assert second.when == "Halvårlige"
