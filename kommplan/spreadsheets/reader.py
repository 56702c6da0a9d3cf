"""Reading an uploaded XLSX safely into plain rows, or saying exactly what is wrong with it.

Untrusted workbooks are checked before openpyxl sees them: the size, the file's first bytes (not
its name), the ZIP's central directory (entry count, declared unpacked size, encryption) and every
XML part for a DTD (billion laughs, external entities), with the same checks the document importer
uses. openpyxl then reads in read-only mode, so a sheet is streamed, never held whole.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from openpyxl.utils import get_column_letter

from kommplan.documents.errors import ImportProblem
from kommplan.documents.extract.archive import check_xml_parts, open_archive
from kommplan.documents.extract.limits import Limits

from .columns import BY_KEY, column_for_header

SHEET_NAME = "Tiltak"
GUIDE_SHEET = "Veiledning"
LISTS_SHEET = "Lister"
# An action plan has tens or hundreds of rows; more than this is a mistake or an attack.
MAX_ROWS = getattr(settings, "SPREADSHEET_MAX_ROWS", 5000)
# Rows read in all (empty ones too), so that a sheet of a million blank rows is refused quickly.
MAX_RAW_ROWS = 20 * MAX_ROWS
MAX_COLUMNS = 60
HEADER_SEARCH_ROWS = 10  # a municipality's sheet may have a title above the header row

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and other old Office files


class SpreadsheetError(Exception):
    """A spreadsheet that cannot be imported, with every problem found, each located."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class SheetRows:
    """The action rows of a sheet: values by column key, with where each came from."""

    sheet: str
    header_row: int
    # column key -> (1-based column index, the header as the file writes it)
    columns: dict[str, tuple[int, str]]
    ignored_headers: list[str] = field(default_factory=list)
    # (row number in the sheet, {column key: cell value}) for every row with anything in it
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def header(self, key: str) -> str:
        return self.columns[key][1] if key in self.columns else BY_KEY[key].header

    def cell_name(self, key: str, row: int) -> str:
        return f"{get_column_letter(self.columns[key][0])}{row}"


def read_rows(data: bytes, *, filename: str) -> SheetRows:
    """The action rows of the workbook `data`; SpreadsheetError when it cannot be read."""
    check_container(data, filename)
    try:
        import openpyxl

        with_formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        with_values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises anything from KeyError to TypeError on bad parts
        raise SpreadsheetError(
            [f"{filename}: filen kan ikke leses som et Excel-regneark ({type(exc).__name__})"]
        ) from None
    try:
        return _read(with_formulas, with_values, filename)
    except SpreadsheetError:
        raise
    except Exception as exc:  # a damaged sheet part shows only when it is streamed
        raise SpreadsheetError(
            [f"{filename}: regnearket er skadet og kan ikke leses ({type(exc).__name__})"]
        ) from None
    finally:
        with_formulas.close()
        with_values.close()


def looks_like_spreadsheet(content: bytes) -> bool:
    """A ZIP container (XLSX) or an old binary Office file (.xls), judged by its first bytes."""
    return content.startswith((_ZIP_MAGIC, _OLE_MAGIC))


def _number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def check_container(data: bytes, filename: str) -> None:
    max_bytes = settings.PLAN_FILE_MAX_BYTES
    if len(data) > max_bytes:
        raise SpreadsheetError(
            [f"{filename}: filen er {len(data):,} byte; største tillatte er {max_bytes:,} byte"]
        )
    if data.startswith(_OLE_MAGIC):
        raise SpreadsheetError(
            [
                f"{filename}: filen er i et eldre Excel-format (.xls); lagre den som "
                "Excel-arbeidsbok (.xlsx) og prøv igjen"
            ]
        )
    if not data.startswith(_ZIP_MAGIC):
        raise SpreadsheetError(
            [f"{filename}: filen er ikke et Excel-regneark (XLSX); lagre den som .xlsx"]
        )
    what = "Regnearket"
    try:
        archive = open_archive(data, limits=Limits.from_settings(), what=what)
        with archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
                raise SpreadsheetError(
                    [
                        f"{filename}: filen er et ZIP-arkiv, men ikke et Excel-regneark (XLSX); "
                        "lagre den som .xlsx"
                    ]
                )
            check_xml_parts(archive, what=what)
    except ImportProblem as problem:
        raise SpreadsheetError([f"{filename}: {problem}"]) from None


def _find_header(worksheet, filename: str) -> tuple[int, list[tuple[int, str]]] | None:
    """(row number, [(column index, header text)]) of the first row naming a «Tiltak» column."""
    for number, row in enumerate(
        worksheet.iter_rows(max_row=HEADER_SEARCH_ROWS, max_col=MAX_COLUMNS, values_only=True),
        start=1,
    ):
        headers = [
            (index, str(value).strip())
            for index, value in enumerate(row, start=1)
            if value is not None and str(value).strip()
        ]
        if any(column_for_header(text) == "title" for _, text in headers):
            return number, headers
    return None


def _read(with_formulas, with_values, filename: str) -> SheetRows:
    # Our guide and pick-list sheets name the columns too, but hold no actions.
    sheets = [
        ws
        for ws in with_values.worksheets
        if hasattr(ws, "iter_rows") and ws.title not in (GUIDE_SHEET, LISTS_SHEET)
    ]
    # Our own sheet first; then the first sheet that has a «Tiltak» column.
    sheets.sort(key=lambda ws: ws.title != SHEET_NAME)
    found = None
    for worksheet in sheets:
        header = _find_header(worksheet, filename)
        if header is not None:
            found = worksheet, header
            break
    if found is None:
        names = ", ".join(f"«{ws.title}»" for ws in with_values.worksheets)
        raise SpreadsheetError(
            [
                f"{filename}: fant ingen tabell med kolonnen «Tiltak» i de første "
                f"{HEADER_SEARCH_ROWS} radene av arkene ({names})"
            ]
        )
    worksheet, (header_row, headers) = found
    where = f"{filename}, ark «{worksheet.title}»"
    problems: list[str] = []
    columns: dict[str, tuple[int, str]] = {}
    ignored: list[str] = []
    for index, text in headers:
        key = column_for_header(text)
        if key is None:
            ignored.append(text)
        elif key in columns:
            problems.append(
                f"{where}, rad {header_row}, kolonne «{text}»: står også i kolonne "
                f"{get_column_letter(columns[key][0])} («{columns[key][1]}»); "
                "hver kolonne kan bare stå én gang"
            )
        else:
            columns[key] = (index, text)
    if problems:
        raise SpreadsheetError(problems)

    # The size a sheet declares can be wrong (or a lie): read what is there, within our limits.
    worksheet.reset_dimensions()
    formulas = _formula_cells(with_formulas[worksheet.title], header_row, where)
    by_index = {index: key for key, (index, _) in columns.items()}
    max_col = max(by_index)
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(
        worksheet.iter_rows(min_row=header_row + 1, max_col=max_col, values_only=True),
        start=header_row + 1,
    ):
        if number - header_row > MAX_RAW_ROWS:
            raise SpreadsheetError(
                [f"{where}: arket har over {_number(MAX_RAW_ROWS)} rader; del det opp"]
            )
        row: dict[str, Any] = {}
        for index, value in enumerate(values, start=1):
            key = by_index.get(index)
            if key is None:
                continue
            if value is None and (number, index) in formulas:
                problems.append(
                    f"{where}, rad {number}, kolonne «{columns[key][1]}»: cellen "
                    f"{get_column_letter(index)}{number} har en formel uten lagret verdi; "
                    "åpne og lagre filen i Excel, eller lim inn verdiene i stedet for formelen"
                )
                continue
            if isinstance(value, str) and not value.strip():
                value = None
            if value is not None:
                row[key] = value
        if row:
            rows.append((number, row))
            if len(rows) > MAX_ROWS:
                raise SpreadsheetError(
                    [f"{where}: arket har over {_number(MAX_ROWS)} rader med tiltak; del det opp"]
                )
    if problems:
        raise SpreadsheetError(problems)
    return SheetRows(
        sheet=worksheet.title,
        header_row=header_row,
        columns=columns,
        ignored_headers=ignored,
        rows=rows,
    )


def _formula_cells(worksheet, header_row: int, where: str) -> set[tuple[int, int]]:
    """The (row, column) of every formula cell below the header."""
    found: set[tuple[int, int]] = set()
    worksheet.reset_dimensions()
    for number, cells in enumerate(
        worksheet.iter_rows(min_row=header_row + 1, max_col=MAX_COLUMNS), start=header_row + 1
    ):
        if number - header_row > MAX_RAW_ROWS:
            raise SpreadsheetError(
                [f"{where}: arket har over {_number(MAX_RAW_ROWS)} rader; del det opp"]
            )
        for index, cell in enumerate(cells, start=1):
            if getattr(cell, "data_type", None) == "f":
                found.add((number, index))
    return found
