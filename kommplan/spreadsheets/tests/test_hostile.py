"""Files that are not what they claim, too big, or built to hurt: each refused, nothing written."""

from __future__ import annotations

import io
import zipfile

import defusedxml
import openpyxl
import pytest

from kommplan.spreadsheets import reader
from kommplan.spreadsheets.reader import SpreadsheetError, read_rows

from .conftest import build_workbook, rewrite_part

# Nine levels of ten: 10^9 "lol"s (3 GB) if anything expanded it.
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        f' <!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 2 else "&lol;" * 10}">\n'.encode()
        for n in range(2, 10)
    )
    + b"]>\n"
)


def _problems(data: bytes) -> list[str]:
    with pytest.raises(SpreadsheetError) as raised:
        read_rows(data, filename="plan.xlsx")
    return raised.value.problems


def _with_bomb(data: bytes, part: str) -> bytes:
    def change(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        return BILLION_LAUGHS + body.replace(b"Nettside", b"&lol9;")

    return rewrite_part(data, part, change)


def test_text_that_is_no_spreadsheet_is_refused_by_its_content_whatever_its_name():
    assert _problems(b"Tiltak;Ansvarlig\nNettside;Kommunikasjon\n") == [
        "plan.xlsx: filen er ikke et Excel-regneark (XLSX); lagre den som .xlsx"
    ]


def test_an_old_binary_excel_file_is_refused_with_what_to_do():
    assert _problems(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600) == [
        "plan.xlsx: filen er i et eldre Excel-format (.xls); lagre den som Excel-arbeidsbok "
        "(.xlsx) og prøv igjen"
    ]


def test_a_zip_that_is_no_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")
    assert _problems(out.getvalue()) == [
        "plan.xlsx: filen er et ZIP-arkiv, men ikke et Excel-regneark (XLSX); lagre den som .xlsx"
    ]


def test_a_truncated_workbook_is_refused():
    data = build_workbook([["Tiltak"], ["Nettside"]])
    assert _problems(data[: len(data) // 2]) == [
        "plan.xlsx: Regnearket er skadet eller avkortet og kan ikke leses (ZIP-strukturen er "
        "ødelagt)."
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(settings):
    settings.PLAN_FILE_MAX_BYTES = 1000
    data = build_workbook([["Tiltak"], ["Nettside"]])
    assert _problems(data) == [
        f"plan.xlsx: filen er {len(data):,} byte; største tillatte er 1,000 byte"
    ]


def test_a_zip_bomb_is_refused_from_its_declared_sizes(settings):
    settings.DOCUMENT_MAX_UNCOMPRESSED_BYTES = 100_000
    data = build_workbook([["Tiltak"], ["Nettside"]])
    data = rewrite_part(data, "xl/worksheets/sheet1.xml", lambda xml: xml + b" " * 200_000)
    assert len(data) < 20_000
    assert _problems(data) == [
        "plan.xlsx: Regnearket blir over 0,1 MiB når det pakkes ut (en såkalt ZIP-bombe?), og "
        "blir ikke pakket ut."
    ]


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "docProps/core.xml", "xl/styles.xml"]
)
def test_a_billion_laughs_workbook_is_refused_not_expanded(part):
    data = _with_bomb(build_workbook([["Tiltak"], ["Nettside"]]), part)
    assert _problems(data) == [
        f"plan.xlsx: Regnearket inneholder XML-definisjoner (DTD eller entiteter) i {part}, som "
        "vanlige dokumenter ikke har. Slikt brukes i angrep («billion laughs», eksterne "
        "entiteter), så filen blir ikke lest."
    ]


@pytest.mark.timeout(30)
def test_openpyxl_itself_reads_sheets_through_defusedxml():
    # Our own check comes first; this is the second wall behind it.
    assert openpyxl.DEFUSEDXML is True
    data = _with_bomb(build_workbook([["Tiltak"], ["Nettside"]]), "xl/worksheets/sheet1.xml")
    with pytest.raises(Exception) as raised:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        list(workbook.worksheets[0].iter_rows(values_only=True))
    chain = []
    error = raised.value
    while error is not None:
        chain.append(type(error))
        error = error.__cause__ or error.__context__
    assert any(issubclass(kind, defusedxml.DefusedXmlException) for kind in chain), chain


def test_a_sheet_with_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 5)
    data = build_workbook([["Tiltak"], *[[f"Tiltak {n}"] for n in range(6)]])
    assert _problems(data) == [
        "plan.xlsx, ark «Tiltak»: arket har over 5 rader med tiltak; del det opp"
    ]


def test_a_sheet_of_a_million_blank_rows_is_refused_quickly(monkeypatch):
    data = build_workbook([["Tiltak"], ["Nettside"]])
    data = rewrite_part(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            b"</sheetData>",
        ),
    )
    assert _problems(data) == ["plan.xlsx, ark «Tiltak»: arket har over 100 000 rader; del det opp"]


def test_a_workbook_of_too_many_parts_is_refused(settings):
    settings.DOCUMENT_MAX_ZIP_ENTRIES = 5
    data = build_workbook([["Tiltak"], ["Nettside"]])
    assert _problems(data) == [
        "plan.xlsx: Regnearket inneholder 9 deler; grensen er 5. Filen kan være laget for å "
        "overbelaste systemet, og blir ikke pakket ut."
    ]
