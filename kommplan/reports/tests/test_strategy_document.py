from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import ImageStat

from kommplan.documents.extract import extract
from kommplan.documents.importer import propose_plan
from kommplan.documents.importer.evaluate import score_plan
from kommplan.planfiles.dump import strategy_to_plan
from kommplan.reports.content import print_title, print_title_html
from kommplan.reports.pdf_writer import column_widths
from kommplan.reports.services import strategy_document
from kommplan.strategies.models import NotificationEntry

from .conftest import (
    DEMO_ORGS,
    docx_text,
    pdf_language,
    pdf_page_images,
    pdf_pages_text,
    pdf_structure,
    squash,
)


def _first_page_with(pages: list[str], text: str, start: int = 0) -> int:
    needle = squash(text)[:40]
    for index in range(start, len(pages)):
        if needle in pages[index]:
            return index
    raise AssertionError(f"{needle!r} is on no page")


@pytest.mark.parametrize("slug", DEMO_ORGS)
def test_the_pdf_has_inked_pages_with_the_texts_where_they_belong(strategy_of, slug):
    strategy = strategy_of(slug)
    pdf = strategy_document(strategy, fmt="pdf")

    images = pdf_page_images(pdf)
    assert len(images) >= 3
    for number, image in enumerate(images, start=1):
        assert ImageStat.Stat(image).var[0] > 20, f"page {number} is blank"

    pages = pdf_pages_text(pdf)
    assert len(pages) == len(images)
    assert squash(print_title(strategy.title)) in pages[0]
    assert strategy.organisation.name in pages[0]
    assert "Innhold" in pages[1]
    first_action = strategy.actions.order_by("position", "pk").first()
    plan_page = _first_page_with(pages, first_action.title, start=2)
    assert "Tiltaksplan" in pages[plan_page]
    goal = strategy.goals.order_by("position", "pk").first()
    if goal is not None:
        assert 2 <= _first_page_with(pages, goal.text, start=2) < plan_page
    group = strategy.target_groups.first()
    if group is not None:
        assert _first_page_with(pages, group.name, start=2) < plan_page
    # Every page after the title page carries the organisation in its header and its number.
    for number, text in enumerate(pages[1:], start=2):
        assert strategy.organisation.name in text
        assert f"Side {number} av {len(pages)}" in text


@pytest.mark.parametrize("slug", DEMO_ORGS)
def test_the_pdf_is_tagged_in_norwegian_with_an_outline_of_its_headings(strategy_of, slug):
    strategy = strategy_of(slug)
    tagged, outline, metadata = pdf_structure(strategy_document(strategy, fmt="pdf"))
    assert tagged
    assert pdf_language(strategy_document(strategy, fmt="pdf")) == "nb"
    assert print_title(strategy.title) in metadata["Title"]
    assert outline[0] == (0, print_title(strategy.title))
    chapters = [title for level, title in outline if level == 1]
    assert "Innhold" in chapters
    assert "Tiltaksplan" in chapters


@pytest.mark.parametrize("slug", DEMO_ORGS)
def test_the_docx_has_word_headings_metadata_and_one_table_row_per_action(strategy_of, slug):
    strategy = strategy_of(slug)
    doc = Document(io.BytesIO(strategy_document(strategy, fmt="docx")))

    assert doc.core_properties.title == strategy.title
    assert doc.core_properties.language == "nb-NO"
    headings = [
        (p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", strategy.title)
    assert [text for style, text in headings].count(strategy.title) == 1
    assert ("Heading 2", "Tiltaksplan") in headings
    assert ("Heading 2", "Innhold") in headings
    plan = doc.tables[-1]
    header = [cell.text for cell in plan.rows[0].cells]
    assert header == ["Tiltak", "Ansvarlig", "Finansiering", "Tid", "Status"]
    assert len(plan.rows) - 1 == strategy.actions.count()
    repeat = plan.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert repeat is not None and repeat.get(qn("w:val")) == "true"
    titles = [row.cells[0].text for row in plan.rows[1:]]
    assert titles == list(
        strategy.actions.order_by("position", "pk").values_list("title", flat=True)
    )


@pytest.mark.parametrize("slug", DEMO_ORGS)
def test_the_docx_imported_again_gives_back_the_plan(strategy_of, slug):
    strategy = strategy_of(slug)
    docx = strategy_document(strategy, fmt="docx")
    proposed = propose_plan(extract(docx, filename="strategi.docx")).plan
    score = score_plan(strategy_to_plan(strategy), proposed, name=slug)
    for kind in ("goals", "target_groups", "channels", "actions"):
        if kind in score.kinds:
            counts = score.kinds[kind]
            assert counts.f1 >= 0.95, f"{kind}: {counts.as_dict()}"
    assert score.kinds["actions"].tp == strategy.actions.count()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_public_edition_leaves_out_every_action_not_marked_public(strategy_of, fmt):
    strategy = strategy_of("askim-kommune")
    actions = list(strategy.actions.order_by("position", "pk"))
    shown = actions[:3]
    strategy.actions.update(public=False)
    strategy.actions.filter(pk__in=[a.pk for a in shown]).update(public=True)
    NotificationEntry.objects.create(
        strategy=strategy,
        role="Beredskapsleder",
        name="Kari Hemmelig",
        phone="99887766",
        email="kari@example.org",
    )
    content = strategy_document(strategy, fmt=fmt, public_only=True)
    text = " ".join(pdf_pages_text(content)) if fmt == "pdf" else docx_text(content)

    for action in shown:
        assert squash(action.title)[:40] in text
    hidden_titles = {squash(a.title) for a in actions[3:]} - {squash(a.title) for a in shown}
    for title in hidden_titles:
        assert title not in text, title
    assert "Beredskapsleder" in text
    for private in ("Kari Hemmelig", "99887766", "kari@example.org"):
        assert private not in text


def test_the_internal_edition_names_the_people_on_the_notification_list(strategy_of):
    strategy = strategy_of("rana-kommune")
    NotificationEntry.objects.create(
        strategy=strategy, role="Beredskapsleder", name="Kari Nordmann", phone="99887766"
    )
    text = docx_text(strategy_document(strategy, fmt="docx"))
    assert "Kari Nordmann" in text and "99887766" in text


def test_an_unknown_format_is_refused(strategy_of):
    with pytest.raises(ValueError, match="Ukjent format"):
        strategy_document(strategy_of("rana-kommune"), fmt="odt")


def test_a_year_range_in_the_title_is_printed_with_an_en_dash_and_kept_on_one_line(strategy_of):
    strategy = strategy_of("rana-kommune")
    assert print_title("Plan 2023 - 2026") == "Plan 2023–2026"
    assert print_title("Plan 2023-2026 og 2019–2020") == "Plan 2023–2026 og 2019–2020"
    assert print_title("Tlf. 2023-2026-99") == "Tlf. 2023-2026-99"  # not a range of years
    assert print_title_html("<b> 2023 - 2026") == (
        '&lt;b&gt; <span class="period">2023–2026</span>'
    )
    # "Kommunikasjonsstrategi 2023 - 2026" wraps in the 28 pt h1; it once broke as
    # "Kommunikasjonsstrategi 2023" / "- 2026". The period now moves to the next line whole.
    assert strategy.title == "Kommunikasjonsstrategi 2023 - 2026"
    pdf = strategy_document(strategy, fmt="pdf")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        first_page = subprocess.run(
            ["pdftotext", "-l", "1", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
    lines = [line.strip() for line in first_page.splitlines()]
    assert "2023–2026" in lines, lines  # the h1's second line is the period alone
    assert not any(line.endswith(("2023", "2023–", "–")) for line in lines), lines


def test_the_action_table_columns_fit_their_texts_and_an_empty_column_stays_narrow():
    headers = ["Tiltak", "Ansvarlig", "Finansiering", "Tid", "Status"]
    rows = [
        [
            "Videreutvikle interaktivitet i interne og eksterne skjemaløsninger",
            "",
            "",
            "",
            "Ikke startet",
        ]
    ] * 3
    widths = column_widths(headers, rows, unbroken=frozenset({4}))
    assert round(sum(widths)) == 100
    assert widths[0] == max(widths)
    # An empty column is as wide as its header, the status as its whole text: no more.
    assert widths[1] < 15 and widths[3] < 10
    short = column_widths(
        headers,
        [["Kort", "Kommunikasjonsenheten", "Egen ramme", "2026", "Fullført"]],
        unbroken=frozenset({4}),
    )
    assert short[1] > short[0]  # the longest text gets the room when all fit on one line
