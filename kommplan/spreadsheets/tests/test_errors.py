"""Every problem a sheet can have, with its exact located message, and nothing written."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from kommplan.spreadsheets.columns import COLUMNS
from kommplan.spreadsheets.reader import SpreadsheetError
from kommplan.spreadsheets.services import export_action_plan, import_action_plan, plan_import
from kommplan.strategies.models import Strategy

from .conftest import build_workbook, row_counts

HEADERS = [column.header for column in COLUMNS]
WHERE = "tiltaksplan.xlsx, ark «Tiltak», rad 14"


@pytest.fixture
def askim(demo) -> Strategy:
    # 52 actions: row 14 is a real action.
    return Strategy.objects.get(organisation__slug="askim-kommune")


def _exported_with(strategy: Strategy, edits: dict[str, object], row: int = 14) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(export_action_plan(strategy)))
    sheet = workbook["Tiltak"]
    for header, value in edits.items():
        sheet.cell(row=row, column=HEADERS.index(header) + 1).value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def assert_refused(strategy: Strategy, data: bytes, expected: list[str], editor) -> None:
    """Both the plan and the import give exactly `expected`, and nothing is written."""
    assert plan_import(strategy=strategy, data=data, filename="tiltaksplan.xlsx").problems == (
        expected
    )
    counts = row_counts()
    with pytest.raises(SpreadsheetError) as raised:
        import_action_plan(strategy=strategy, data=data, filename="tiltaksplan.xlsx", actor=editor)
    assert raised.value.problems == expected
    assert row_counts() == counts


CASES = {
    "an unknown status": (
        {"Status": "ferdig?"},
        "kolonne «Status»: ukjent status «ferdig?» "
        "(gyldige: Ikke startet, Pågår, Fullført, Forsinket, Avlyst)",
    ),
    "a date that is no date": (
        {"Start": "snart"},
        "kolonne «Start»: forventet en dato (som 31.12.2025 eller 2025-12-31), ikke «snart»",
    ),
    "a date that does not exist": (
        {"Slutt": "30.02.2025"},
        "kolonne «Slutt»: forventet en dato (som 31.12.2025 eller 2025-12-31), ikke «30.02.2025»",
    ),
    "a number in a date column": (
        {"Frist": 45000},
        "kolonne «Frist»: forventet en dato, ikke tallet 45000 (formater cellen som dato)",
    ),
    "a yes/no that is neither": (
        {"Offentlig": "kanskje"},
        "kolonne «Offentlig»: forventet ja eller nei, ikke «kanskje»",
    ),
    "a row without its title": (
        {"Tiltak": None},
        "kolonne «Tiltak»: mangler tiltak (tittel); hver rad med innhold må ha det",
    ),
    "an id used twice": ({"ID": "a1"}, "kolonne «ID»: id «a1» står også på rad 2"),
    "an id that is no id": (
        {"ID": "a b"},
        "kolonne «ID»: ugyldig id «a b» (bare bokstavene A–Z og a–z, tall, punktum, bindestrek "
        "og understrek, høyst 64 tegn)",
    ),
    "an unknown goal": (
        {"Mål": "Verdensfred"},
        "kolonne «Mål»: ukjent mål «Verdensfred» "
        "(ingen mål i strategien har den id-en eller teksten)",
    ),
    "an unknown strategy": (
        {"Strategi": "s99 – Noe annet"},
        "kolonne «Strategi»: ukjent strategi «s99 – Noe annet» "
        "(ingen strategi i strategien har den id-en eller teksten)",
    ),
    "a user of another organisation": (
        {"Ansvarlig bruker": "isk-admin"},
        "kolonne «Ansvarlig bruker»: ukjent bruker «isk-admin» "
        "(må være brukernavnet til et medlem av Askim kommune)",
    ),
    "an organisation that is no member": (
        {"Tildelt organisasjon": "Verdal kommune"},
        "kolonne «Tildelt organisasjon»: «Verdal kommune» er ikke en medlemsorganisasjon av "
        "Askim kommune (medlemmer: ingen)",
    ),
    "a deadline beside a period": (
        {"Frist": date(2025, 1, 1), "Start": date(2025, 1, 1), "Slutt": None},
        "kolonne «Frist»: en frist kan ikke stå sammen med Start, Slutt eller Gjentakelse; "
        "bruk enten en frist eller en periode",
    ),
    "a period that ends before it starts": (
        {"Frist": None, "Start": date(2025, 5, 1), "Slutt": date(2025, 3, 1)},
        "kolonne «Slutt»: slutt (1.3.2025) er før start (1.5.2025)",
    ),
    "a recurrence rule that is none": (
        {"Frist": None, "Gjentakelse (RRULE)": "HVER FREDAG"},
        "kolonne «Gjentakelse (RRULE)»: ugyldig gjentakelse «HVER FREDAG»: mangler FREQ",
    ),
    "a text longer than plan files allow": (
        {"Ansvarlig": "x" * 501},
        "kolonne «Ansvarlig»: teksten er for lang (501 tegn; høyst 500)",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_bad_cell_is_refused_with_its_row_and_column(askim, editor, case):
    edits, message = CASES[case]
    assert_refused(askim, _exported_with(askim, edits), [f"{WHERE}, {message}"], editor)


@pytest.mark.django_db
def test_every_problem_of_a_sheet_is_reported_at_once_and_nothing_is_written(askim, editor):
    workbook = openpyxl.load_workbook(io.BytesIO(export_action_plan(askim)))
    sheet = workbook["Tiltak"]
    sheet.cell(row=3, column=HEADERS.index("Status") + 1).value = "ferdig?"
    sheet.cell(row=9, column=HEADERS.index("Kanaler") + 1).value = "Faks\nBrevdue"
    sheet.cell(row=20, column=HEADERS.index("Tiltak") + 1).value = "Endret, men raden over er feil"
    out = io.BytesIO()
    workbook.save(out)
    where = "tiltaksplan.xlsx, ark «Tiltak»"
    assert_refused(
        askim,
        out.getvalue(),
        [
            f"{where}, rad 3, kolonne «Status»: ukjent status «ferdig?» "
            "(gyldige: Ikke startet, Pågår, Fullført, Forsinket, Avlyst)",
            f"{where}, rad 9, kolonne «Kanaler»: ukjent kanal «Faks» "
            "(ingen kanal i strategien heter det)",
            f"{where}, rad 9, kolonne «Kanaler»: ukjent kanal «Brevdue» "
            "(ingen kanal i strategien heter det)",
        ],
        editor,
    )


@pytest.mark.django_db
def test_a_column_named_twice_is_refused(askim, editor):
    data = build_workbook([["Tiltak", "Ansvar", "Ansvarlig"], ["Nettside", "A", "B"]])
    assert_refused(
        askim,
        data,
        [
            "tiltaksplan.xlsx, ark «Tiltak», rad 1, kolonne «Ansvarlig»: står også i kolonne B "
            "(«Ansvar»); hver kolonne kan bare stå én gang"
        ],
        editor,
    )


@pytest.mark.django_db
def test_a_workbook_without_a_tiltak_column_is_refused(askim, editor):
    data = build_workbook([["Aktør", "Budsjett"], ["Ordfører", 100]], title="Ark1")
    assert_refused(
        askim,
        data,
        [
            "tiltaksplan.xlsx: fant ingen tabell med kolonnen «Tiltak» i de første 10 radene av "
            "arkene («Ark1»)"
        ],
        editor,
    )


@pytest.mark.django_db
def test_a_formula_without_a_stored_value_is_refused_naming_its_cell(askim, editor):
    data = build_workbook([["Tiltak", "Finansiering"], ["Nettside", "=100*12"]])
    assert_refused(
        askim,
        data,
        [
            "tiltaksplan.xlsx, ark «Tiltak», rad 2, kolonne «Finansiering»: cellen B2 har en "
            "formel uten lagret verdi; åpne og lagre filen i Excel, eller lim inn verdiene i "
            "stedet for formelen"
        ],
        editor,
    )


@pytest.mark.django_db
def test_a_formula_with_the_value_excel_stored_is_read_as_that_value(askim, editor):
    from .conftest import rewrite_part

    data = build_workbook([["Tiltak", "Finansiering"], ["Nettside", "=100*12"]])
    # What Excel writes: the formula and its last computed value.
    data = rewrite_part(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<f>100*12</f><v></v>", b"<f>100*12</f><v>1200</v>"),
    )
    plan = plan_import(strategy=askim, data=data, filename="t.xlsx")
    assert plan.problems == []
    [row] = plan.rows
    assert row.data.financing == "1200"
