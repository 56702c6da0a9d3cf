"""Text extraction: each format gives its text as lines with positions and kinds, in a worker.

Hostile files are in test_extract_hostile.py, property-based tests in
test_extract_properties.py.
"""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from fpdf import FPDF

from kommplan.documents.errors import ImportProblem
from kommplan.documents.extract import ExtractedDocument, Limits, extract
from kommplan.documents.extract.language import detect
from kommplan.documents.extract.parse import parse
from kommplan.documents.extract.samples import (
    _font_dir,
    docx_bytes,
    odt_bytes,
    odt_paragraphs,
    scanned_pdf,
    strategy_pdf,
)

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


def assert_consistent(document: ExtractedDocument) -> None:
    """The invariants every result keeps: text is the lines joined, offsets point at them."""
    assert document.text == "\n".join(line.text for line in document.lines)
    for line in document.lines:
        assert document.text[line.start : line.end] == line.text
        assert "\n" not in line.text
        assert 1 <= line.page <= document.pages
    numbers = {}
    for line in document.lines:
        numbers.setdefault(line.page, 0)
        numbers[line.page] += 1
        assert line.line == numbers[line.page]


def kinds(document: ExtractedDocument) -> list[tuple[str, str, int]]:
    return [(line.kind, line.text, line.level) for line in document.lines if line.text]


# PDF -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def five_page_pdf() -> ExtractedDocument:
    return extract(strategy_pdf(pages=5), filename="strategi.pdf")


def test_a_text_pdf_gives_its_lines_with_page_and_line_numbers(five_page_pdf):
    document = five_page_pdf
    assert (document.format, document.pages, document.ocr) == ("pdf", 5, False)
    assert_consistent(document)
    assert {line.page for line in document.lines} == {1, 2, 3, 4, 5}
    first_on_page_3 = next(line for line in document.lines if line.page == 3)
    assert (first_on_page_3.line, first_on_page_3.text) == (1, "2. Visjon og verdier")
    assert document.language == "nb"
    assert document.warnings == []


def test_pdf_headings_are_ranked_by_font_size(five_page_pdf):
    lines = kinds(five_page_pdf)
    # Title 28 pt, chapters 18 pt, sections 13 pt, body 11 pt.
    assert ("heading1", "Kommunikasjonsstrategi", 1) in lines
    assert ("heading1", "2024–2027", 1) in lines
    assert ("heading2", "1. Innledning", 2) in lines
    assert ("heading3", "1.1 Innledning – del 1", 3) in lines
    assert (
        "text",
        "Ansatte er kommunens viktigste ambassadører og skal kjenne målene i planen.",
        0,
    ) in lines


def test_pdf_page_furniture_is_dropped(five_page_pdf):
    texts = [line.text for line in five_page_pdf.lines]
    assert not any(text.startswith("Side ") for text in texts)
    assert not any(text.startswith("Eksempel kommune –") for text in texts)


def test_pdf_bullets_are_list_items_with_their_wrapped_lines(five_page_pdf):
    items = [line for line in five_page_pdf.lines if line.kind == "list_item"]
    assert items[0].text.startswith("• ")
    wrapped = next(line for line in five_page_pdf.lines if line.text == "planen.")
    assert wrapped.kind == "list_item"


def test_pdf_paragraphs_are_separated_by_a_blank_line(five_page_pdf):
    texts = [line.text for line in five_page_pdf.lines if line.page == 2]
    heading = texts.index("1.1 Innledning – del 1")
    assert texts[heading + 1] == ""
    # The first paragraph runs over several lines without a blank between them.
    assert texts[heading + 2].startswith("Ansatte er") and texts[heading + 3].startswith(
        "Vi bruker"
    )


def test_pdf_columns_far_apart_on_one_line_are_separated_by_a_tab():
    pdf = FPDF(format="A4")
    pdf.add_font("Sans", "", str(_font_dir() / "DejaVuSans.ttf"))
    pdf.add_page()
    pdf.set_font("Sans", "", 11)
    for number, (action, responsible) in enumerate(
        [("Tiltak", "Ansvarlig"), ("Nytt nettsted", "Kommunikasjonsenheten")]
    ):
        pdf.text(25, 40 + number * 8, action)
        pdf.text(120, 40 + number * 8, responsible)
    pdf.text(25, 60, "Tiltakene skal følges opp hvert år av kommunedirektøren og rådet.")
    document = extract(bytes(pdf.output()), filename="tabell.pdf")
    texts = [line.text for line in document.lines if line.text]
    assert texts[:2] == ["Tiltak\tAnsvarlig", "Nytt nettsted\tKommunikasjonsenheten"]
    assert "\t" not in texts[2]


def test_an_owner_password_alone_does_not_stop_reading():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.text(20, 20, "Kommunikasjonsstrategi for kommunen")
    pdf.set_encryption(owner_password="eier")  # no password needed to open it
    document = extract(bytes(pdf.output()), filename="strategi.pdf")
    assert document.text == "Kommunikasjonsstrategi for kommunen"


# DOCX ----------------------------------------------------------------------------------------


def test_docx_headings_lists_and_paragraphs_keep_their_kinds():
    content = docx_bytes(
        [
            ("Title", "Kommunikasjonsstrategi"),
            ("Heading 1", "Mål"),
            ("Normal", "Innbyggerne skal få god informasjon."),
            ("List Bullet", "Facebook"),
            ("List Bullet 2", "Lokalavisen"),
            ("List Number", "Nettsiden"),
            ("Heading 2", "Delmål"),
            ("Normal", "Ansatte skal kjenne planen."),
        ]
    )
    document = extract(content, filename="strategi.docx")
    assert_consistent(document)
    assert (document.format, document.pages) == ("docx", 1)
    assert kinds(document) == [
        ("heading1", "Kommunikasjonsstrategi", 1),
        ("heading1", "Mål", 1),
        ("text", "Innbyggerne skal få god informasjon.", 0),
        ("list_item", "Facebook", 1),
        ("list_item", "Lokalavisen", 2),
        ("list_item", "Nettsiden", 1),
        ("heading2", "Delmål", 2),
        ("text", "Ansatte skal kjenne planen.", 0),
    ]


def test_docx_tables_come_cell_by_cell_in_row_order():
    content = docx_bytes(
        [("Heading 1", "Tiltaksplan")],
        table=[
            ["Tiltak", "Ansvarlig", "Tid"],
            ["Nytt nettsted", "Kommunikasjonsenheten", "2025"],
            ["Innbyggermøte", "", "Høst"],
        ],
    )
    document = extract(content, filename="plan.docx")
    cells = [(line.text, line.level) for line in document.lines if line.kind == "table_cell"]
    assert cells == [
        ("Tiltak", 1),
        ("Ansvarlig", 1),
        ("Tid", 1),
        ("Nytt nettsted", 2),
        ("Kommunikasjonsenheten", 2),
        ("2025", 2),
        ("Innbyggermøte", 3),
        ("Høst", 3),
    ]


def test_docx_norwegian_style_names_merged_cells_and_tracked_changes_are_understood():
    document = docx.Document()
    document.styles.add_style("Overskrift 1", WD_STYLE_TYPE.PARAGRAPH)
    custom = document.styles.add_style("Min overskrift", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 2"]
    document.add_paragraph("Visjon", style="Overskrift 1")
    document.add_paragraph("Verdier", style="Min overskrift")
    body = document.add_paragraph("Vi er ")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Målgruppe"
    table.cell(1, 0).text = "Innbyggere"
    table.cell(1, 1).paragraphs[0].text = "Høy"
    table.cell(1, 1).add_paragraph("prioritet")
    # A tracked insertion counts, a tracked deletion does not.
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    from lxml import etree

    body._p.append(
        etree.fromstring(
            f'<w:ins xmlns:w="{w}" w:id="1" w:author="a"><w:r><w:t>åpne</w:t></w:r></w:ins>'
        )
    )
    body._p.append(
        etree.fromstring(
            f'<w:del xmlns:w="{w}" w:id="2" w:author="a"><w:r><w:delText>lukkede</w:delText>'
            "</w:r></w:del>"
        )
    )
    out = io.BytesIO()
    document.save(out)
    result = extract(out.getvalue(), filename="strategi.docx")
    assert kinds(result) == [
        ("heading1", "Visjon", 1),
        ("heading2", "Verdier", 2),
        ("text", "Vi er åpne", 0),
        ("table_cell", "Målgruppe", 1),
        ("table_cell", "Innbyggere", 2),
        ("table_cell", "Høy; prioritet", 2),
    ]


def test_an_empty_docx_is_refused():
    with pytest.raises(ImportProblem, match="Word-dokumentet inneholder ingen tekst"):
        extract(docx_bytes([]), filename="tom.docx")


# ODT -----------------------------------------------------------------------------------------


def test_odt_headings_lists_tables_and_spaces():
    body = (
        '<text:h text:outline-level="1">Kommunikasjonsstrategi</text:h>'
        "<text:p>Vi skal<text:s text:c='2'/>være åpne.<text:note><text:note-body>"
        "<text:p>Fotnote</text:p></text:note-body></text:note></text:p>"
        '<text:h text:outline-level="2">Kanaler</text:h>'
        "<text:list><text:list-item><text:p>Nettsiden</text:p>"
        "<text:list><text:list-item><text:p>Nyheter</text:p></text:list-item></text:list>"
        "</text:list-item><text:list-item><text:p>Facebook</text:p></text:list-item></text:list>"
        "<table:table><table:table-row><table:table-cell table:number-columns-spanned='2'>"
        "<text:p>Tiltak</text:p></table:table-cell><table:covered-table-cell/></table:table-row>"
        "<table:table-row><table:table-cell><text:p>Nettside</text:p></table:table-cell>"
        "<table:table-cell><text:p>2025</text:p></table:table-cell></table:table-row>"
        "</table:table>"
        "<text:p>Linje én<text:line-break/>Linje to</text:p>"
    )
    document = extract(odt_bytes(body), filename="strategi.odt")
    assert_consistent(document)
    assert document.format == "odt"
    assert kinds(document) == [
        ("heading1", "Kommunikasjonsstrategi", 1),
        ("text", "Vi skal være åpne.", 0),
        ("heading2", "Kanaler", 2),
        ("list_item", "Nettsiden", 1),
        ("list_item", "Nyheter", 2),
        ("list_item", "Facebook", 1),
        ("table_cell", "Tiltak", 1),
        ("table_cell", "Nettside", 2),
        ("table_cell", "2025", 2),
        ("text", "Linje én", 0),
        ("text", "Linje to", 0),
    ]


def test_a_password_protected_odt_is_refused_with_its_reason():
    content = odt_bytes(odt_paragraphs("x"))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "META-INF/manifest.xml":
                data = data.replace(
                    b"</manifest:manifest>", b"<manifest:encryption-data/></manifest:manifest>"
                )
            target.writestr(info, data)
    with pytest.raises(ImportProblem, match="passordbeskyttet"):
        extract(out.getvalue(), filename="strategi.odt")


# HTML ----------------------------------------------------------------------------------------


def test_html_keeps_headings_paragraphs_lists_and_cells_and_drops_the_rest():
    page = """<!DOCTYPE html><html><head><title>Tittel</title><style>p{}</style></head>
    <body><nav><a href="/">Hjem</a></nav>
    <header><h1>Kommunikasjons&shy;strategi &amp; plan</h1></header>
    <script>alert("x")</script>
    <p>Vi skal være
       åpne.<br>Og tydelige.
    <p>Ny avsnitt uten slutt-tag
    <h2>Kanaler</h2>
    <ul><li>Nettsiden<ul><li>Nyheter</li></ul><li>Facebook</ul>
    <div hidden>Skjult</div><p style="display: none">Også skjult</p>
    <table><tr><th>Tiltak<th>Ansvarlig<tr><td>Nettside<td>Rådmannen</table>
    <footer>Kontakt oss</footer></body></html>"""
    document = extract(page.encode(), filename="strategi.html")
    assert_consistent(document)
    assert document.format == "html"
    assert kinds(document) == [
        ("heading1", "Kommunikasjonsstrategi & plan", 1),
        ("text", "Vi skal være åpne.", 0),
        ("text", "Og tydelige.", 0),
        ("text", "Ny avsnitt uten slutt-tag", 0),
        ("heading2", "Kanaler", 2),
        ("list_item", "Nettsiden", 1),
        ("list_item", "Nyheter", 2),
        ("list_item", "Facebook", 1),
        ("table_cell", "Tiltak", 1),
        ("table_cell", "Ansvarlig", 1),
        ("table_cell", "Nettside", 2),
        ("table_cell", "Rådmannen", 2),
    ]


def test_html_in_windows_1252_is_decoded_by_its_meta_charset():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Målgrupper – «alle»</p>'
    document = extract(page.encode("cp1252"), filename="side.htm")
    assert document.text == "Målgrupper – «alle»"


# Plain text ----------------------------------------------------------------------------------


def test_plain_text_keeps_every_line_as_it_stands_with_its_file_line_number():
    content = (FIXTURES / "004_e2cd55ce69cb1204.txt").read_bytes()
    document = extract(content, filename="askim.txt")
    assert_consistent(document)
    source = content.decode("utf-8").split("\n")
    assert (document.format, document.pages) == ("txt", 1)
    for line in document.lines:
        assert line.text == source[line.line - 1].rstrip()
        assert line.kind == "text"
    # Printed page numbers and run-together slide text stay as they are.
    assert "3 MÅL for Askim kommunes kommunikasjon 1. Askim kommune skal informere" in (
        document.text
    )


def test_plain_text_in_windows_1252_or_latin_1_is_decoded():
    cp1252 = "Målgrupper – «innbyggere»\r\nKanaler".encode("cp1252")
    assert extract(cp1252, filename="a.txt").text == "Målgrupper – «innbyggere»\nKanaler"
    # 0x81 is not a Windows-1252 character: the file is read as Latin-1.
    latin1 = "Mål for æøå".encode("latin-1") + b"\x81"
    assert extract(latin1, filename="b.txt").text == "Mål for æøå\x81".replace("\x81", " ").strip()


def test_form_feeds_in_plain_text_start_new_pages():
    document = extract(b"Side en\nmer\n\x0cSide to\n", filename="sider.txt")
    assert document.pages == 2
    assert [(line.page, line.line, line.text) for line in document.lines] == [
        (1, 1, "Side en"),
        (1, 2, "mer"),
        (2, 1, "Side to"),
    ]


def test_an_html_page_saved_as_txt_is_read_as_html():
    document = extract(b"<!doctype html><html><body><h1>Plan</h1></body></html>", filename="a.txt")
    assert (document.format, kinds(document)) == ("html", [("heading1", "Plan", 1)])


# Language ------------------------------------------------------------------------------------


def test_language_is_bokmal_nynorsk_or_said_to_be_something_else():
    assert detect((FIXTURES / "003_cdb51031a1b4c8ad.txt").read_text()) == "nb"
    assert detect((FIXTURES / "16_kvinnherad-kommunikasjonsstrategi-2014.txt").read_text()) == "nn"
    english = "The municipality will inform the public and it is open with the media. " * 3
    assert detect(english) == "en"
    swedish = "Kommunen ska informera och det är viktigt att alla får information från oss. " * 3
    assert detect(swedish) == "other"
    assert detect("Kommunikasjonsstrategi 2024") is None


def test_a_document_in_another_language_is_read_with_a_warning():
    text = (
        "Communication strategy. The municipality will inform the public, and it is open "
        "with the media. We should use plain language in all letters and on our web pages."
    )
    document = extract(text.encode(), filename="strategy.txt")
    assert document.language == "en"
    assert document.warnings == [
        "Dokumentet ser ut til å være på engelsk. Importen er laget for norske dokumenter, så "
        "forslaget kan bli mangelfullt."
    ]


# Wrong type behind a right extension ---------------------------------------------------------


def _ole(extra: bytes = b"") -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + extra


def _xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (lambda: strategy_pdf(pages=1), "plan.docx", "«plan.docx», men er egentlig en PDF-fil"),
        (lambda: docx_bytes([("Normal", "x")]), "plan.pdf", "egentlig et Word-dokument (.docx)"),
        (lambda: odt_bytes(odt_paragraphs("x")), "plan.docx", "egentlig et OpenDocument-tekst"),
        (lambda: _ole(), "plan.docx", "eldre Office-fil (for eksempel .doc"),
        (_xlsx, "plan.docx", "egentlig et Excel-regneark"),
        (lambda: b"\x89PNG\r\n\x1a\n" + bytes(100), "plan.pdf", "egentlig et bilde (PNG)"),
        (lambda: b"Bare tekst her", "plan.pdf", "egentlig en ren tekstfil"),
        (lambda: b"<html><body><p>Hei</p></body></html>", "plan.docx", "egentlig en nettside"),
        (lambda: bytes(range(256)) * 4, "plan.exe", "binærfil av ukjent type. Vi kan lese PDF"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_saying_what_it_is(
    content, filename, message
):
    with pytest.raises(ImportProblem) as problem:
        extract(content(), filename=filename)
    assert message in str(problem.value)


def test_a_password_protected_word_file_is_refused_as_such():
    encrypted = _ole("EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(ImportProblem, match="passordbeskyttet"):
        extract(encrypted, filename="strategi.docx")


def test_a_file_without_extension_is_read_by_its_content():
    document = extract(strategy_pdf(pages=1), filename="strategi")
    assert document.format == "pdf"


# OCR -----------------------------------------------------------------------------------------

SCANNED_LINES = [
    "Kommunikasjonsstrategi for Eksempel kommune",
    "Mål: Innbyggerne skal få god informasjon.",
]


def test_a_scanned_pdf_is_read_with_tesseract_when_it_is_installed():
    # make install puts tesseract-ocr and tesseract-ocr-nor in place (see the Makefile).
    assert shutil.which("tesseract"), "OCR tests need tesseract-ocr and tesseract-ocr-nor"
    document = extract(scanned_pdf(SCANNED_LINES), filename="skannet.pdf")
    assert document.ocr is True
    assert [line.text for line in document.lines] == SCANNED_LINES
    assert "tekstgjenkjenning (OCR)" in document.warnings[0]


def test_a_scanned_pdf_without_tesseract_is_refused_with_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on this PATH
    with pytest.raises(ImportProblem) as problem:
        extract(scanned_pdf(SCANNED_LINES), filename="skannet.pdf")
    assert str(problem.value).startswith(
        "Dokumentet har ikke tekstlag, og OCR (Tesseract) er ikke installert"
    )


def test_tesseract_without_norwegian_data_is_named_as_the_problem(monkeypatch, tmp_path):
    fake = tmp_path / "tesseract"
    fake.write_text('#!/bin/sh\necho "List of available languages (1):"\necho eng\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ImportProblem, match="mangler norsk språkdata"):
        extract(scanned_pdf(SCANNED_LINES), filename="skannet.pdf")


def test_scanned_pages_in_a_text_pdf_are_skipped_with_a_warning_without_tesseract(
    monkeypatch, tmp_path
):
    text_page = strategy_pdf(pages=1)
    scanned = scanned_pdf(SCANNED_LINES)
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument(text_page)
    merged.import_pages(pdfium.PdfDocument(scanned))
    out = io.BytesIO()
    merged.save(out)
    monkeypatch.setenv("PATH", str(tmp_path))
    document = extract(out.getvalue(), filename="blandet.pdf")
    assert document.pages == 2
    assert document.lines[0].text == "Kommunikasjonsstrategi"
    assert {line.page for line in document.lines} == {1}
    assert document.warnings == [
        "Side 2 har ikke tekstlag og er hoppet over, fordi OCR (Tesseract) ikke er installert."
    ]


def test_ocr_stops_at_the_deadline_and_says_which_pages_it_did_not_reach(tmp_path):
    # A stand-in for tesseract: it knows Norwegian, reads the first page at once and then
    # takes far too long.
    calls = tmp_path / "calls"
    fake = tmp_path / "tesseract"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--list-langs" ]; then echo nor; exit 0; fi\n'
        f'if [ -e "{calls}" ]; then exec sleep 30; fi\n'
        f'touch "{calls}"; cat >/dev/null; echo "Første side er lest"\n'
    )
    fake.chmod(0o755)
    content = scanned_pdf(SCANNED_LINES, pages=3)
    started = time.monotonic()
    document = parse(
        content,
        filename="skannet.pdf",
        limits=Limits(parse_seconds=4),
        tesseract=str(fake),
        deadline=started + 2.5,
    )
    assert time.monotonic() - started < 4
    assert [line.text for line in document.lines] == ["Første side er lest"]
    assert document.pages == 3
    assert document.warnings[-1] == (
        "Tekstgjenkjenningen (OCR) rakk ikke sidene 2, 3 innen tidsgrensen på 4 sekunder; "
        "teksten derfra mangler."
    )


def test_a_very_long_file_name_is_no_problem():
    document = extract(b"Visjon for kommunen", filename="x" * 300_000 + ".txt")
    assert document.text == "Visjon for kommunen"
