"""Documents shaped unlike the seeds: styled headings and tables, nynorsk, run-together slides."""

from __future__ import annotations

from kommplan.documents.extract.lines import LineBuilder
from kommplan.documents.importer import propose_plan
from kommplan.documents.importer.plaintext import document_from_text


def test_styled_headings_lists_and_an_action_table_become_a_plan():
    builder = LineBuilder()
    builder.add("Kommunikasjonsplan for Eksempel kommune 2024–2027", kind="heading1", level=1)
    builder.add("Planen er vedtatt av kommunestyret i mars 2024.")
    builder.paragraph_break()
    builder.add("Mål", kind="heading2", level=2)
    builder.add("Innbyggerne skal oppleve kommunen som åpen", kind="list_item", level=1)
    builder.add("Ansatte skal være godt informert", kind="list_item", level=1)
    builder.paragraph_break()
    builder.add("Målgrupper", kind="heading2", level=2)
    for name in ["Innbyggere", "Ansatte", "Lokale medier"]:
        builder.add(name, kind="list_item", level=1)
    builder.paragraph_break()
    builder.add("Tiltak", kind="heading2", level=2)
    rows = [
        ["Tiltak", "Ansvarlig", "Frist"],
        ["Lage ny nettside", "Kommunikasjonsenheten", "Juni 2025"],
        ["Opplæring i klarspråk", "HR", "Høsten 2024"],
    ]
    for number, row in enumerate(rows, start=1):
        for cell in row:
            builder.add(cell, kind="table_cell", level=number)
    plan = propose_plan(builder.build(pages=1, format="docx")).plan

    assert plan.organisation.name == "Eksempel kommune"
    assert plan.strategy.adopted.by == "kommunestyret"
    assert plan.strategy.adopted.date == "2024-03"
    assert [g.text for g in plan.strategy.goals] == [
        "Innbyggerne skal oppleve kommunen som åpen",
        "Ansatte skal være godt informert",
    ]
    assert [t.name for t in plan.strategy.target_groups] == [
        "Innbyggere",
        "Ansatte",
        "Lokale medier",
    ]
    assert [(a.title, a.responsible, a.when) for a in plan.actions] == [
        ("Lage ny nettside", "Kommunikasjonsenheten", "Juni 2025"),
        ("Opplæring i klarspråk", "HR", "Høsten 2024"),
    ]


def test_a_nynorsk_plan_is_read_like_a_bokmal_one():
    text = (
        "Kommunikasjonsplan for Fjordvik kommune 2021–2024\n\n"
        "Planen vart vedteken av kommunestyret i juni 2021.\n\n"
        "Målsetjingar\n\n- Innbyggjarane skal få god informasjon om tenestene.\n"
        "- Kommunen skal vere open og tilgjengeleg.\n\n"
        "Målgrupper\n\n- Innbyggjarar\n- Tilsette\n- Folkevalde\n\n"
        "Kanalar\n\n- Heimesida til kommunen\n- Facebook\n\n"
        "Tiltak\n\n- Lage ny heimeside med betre søk.\nAnsvarleg: Kommunikasjonsrådgjevar\n"
        "Tidsrom: Hausten 2021\n"
    )
    plan = propose_plan(document_from_text(text)).plan
    assert plan.strategy.adopted.date == "2021-06"
    assert len(plan.strategy.goals) == 2
    assert [t.name for t in plan.strategy.target_groups] == [
        "Innbyggjarar",
        "Tilsette",
        "Folkevalde",
    ]
    assert [c.name for c in plan.strategy.channels] == ["Heimesida til kommunen", "Facebook"]
    (action,) = plan.actions
    assert (action.responsible, action.when) == ("Kommunikasjonsrådgjevar", "Hausten 2021")


def test_run_together_slides_that_open_with_their_title_are_split_into_items():
    text = (
        "Kommunikasjonsstrategi Nordvik\n\nStørrelse: px\nBegynne med side:\n\n"
        'Download "Kommunikasjonsstrategi Nordvik kommune 2020-2023"\n\nTranskript\n\n'
        "1 Kommunikasjonsstrategi Nordvik kommune 2020-2023\n\n"
        "2 Visjon «Sammen om Nordvik» Nordvik kommune skal være en åpen kommune. 2\n\n"
        "3 Målgrupper Innbyggere Ansatte Politikere Media Næringsliv 3\n\n"
        "4 Kanaler Nettsiden Facebook Lokalavisa Innbyggermøter 4\n\n"
        "5 Tiltak Ny nettside lanseres våren 2021 Opplæring i sosiale medier for ledere "
        "Årlig innbyggerundersøkelse 5\n"
    )
    plan = propose_plan(document_from_text(text)).plan
    assert plan.strategy.title == "Kommunikasjonsstrategi Nordvik kommune 2020-2023"
    assert plan.strategy.vision == "Sammen om Nordvik"
    assert [t.name for t in plan.strategy.target_groups] == [
        "Innbyggere", "Ansatte", "Politikere", "Media", "Næringsliv",
    ]  # fmt: skip
    assert [c.name for c in plan.strategy.channels] == [
        "Nettsiden", "Facebook", "Lokalavisa", "Innbyggermøter",
    ]  # fmt: skip
    assert [(a.title, a.when) for a in plan.actions] == [
        ("Ny nettside lanseres våren 2021", "våren 2021"),
        ("Opplæring i sosiale medier for ledere", None),
        ("Årlig innbyggerundersøkelse", "Årlig"),
    ]


def test_lists_written_as_sentences_and_labels_are_read():
    text = (
        "Informasjonsplan for Prosjekt Ny skole\n\n"
        "Våre viktigste målgrupper er elever, foreldre, ansatte og naboer.\n\n"
        "Kanaler: Nettside, Facebook og lokalavis.\n\n"
        "Tiltak:\n1. Informasjonsmøte for foreldre i august\n2. Nyhetsbrev hver måned\n"
    )
    plan = propose_plan(document_from_text(text)).plan
    assert [t.name for t in plan.strategy.target_groups] == [
        "Elever",
        "Foreldre",
        "Ansatte",
        "Naboer",
    ]
    assert [c.name for c in plan.strategy.channels] == ["Nettside", "Facebook", "lokalavis"]
    assert [(a.title, a.when) for a in plan.actions] == [
        ("Informasjonsmøte for foreldre i august", "i august"),
        ("Nyhetsbrev hver måned", "hver måned"),
    ]


def test_guidance_about_strategies_is_not_taken_for_a_plan():
    """A page that explains what a strategy should contain proposes no goals or groups."""
    text = (
        "Kommunikasjonsstrategi\n\n"
        "For å nå målene i planen bør kommunen informere hver av disse gruppene om:\n\n"
        " • hvordan planen berører dem\n • hva det forventes at de bidrar med\n\n"
        "En kommunikasjonsstrategi skal si noe om:\n\n"
        " • Mål: Hva ønsker vi å oppnå?\n • Målgruppe: Hvem skal vi kommunisere med?\n"
    )
    plan = propose_plan(document_from_text(text)).plan
    assert plan.strategy.goals == []
    assert plan.strategy.target_groups == []
    assert plan.actions == []
