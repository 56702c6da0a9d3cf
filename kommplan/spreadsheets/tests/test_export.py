"""The exported workbook, opened back with openpyxl and looked at."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest

from kommplan.actions.models import Action, ActionStatus
from kommplan.spreadsheets.columns import COLUMNS
from kommplan.spreadsheets.services import export_action_plan

from .conftest import each_strategy

HEADERS = [column.header for column in COLUMNS]


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _letter(header: str) -> str:
    return openpyxl.utils.get_column_letter(HEADERS.index(header) + 1)


@pytest.mark.django_db
def test_every_demo_plan_exports_one_row_per_action_with_headers_filter_and_frozen_header(demo):
    strategies = list(each_strategy())
    assert len(strategies) == 5
    for strategy in strategies:
        workbook = _open(export_action_plan(strategy))
        assert workbook.sheetnames == ["Tiltak", "Veiledning", "Lister"]
        sheet = workbook["Tiltak"]
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == HEADERS
        actions = list(strategy.actions.order_by("position", "pk"))
        assert len(rows) - 1 == len(actions) > 0, strategy
        assert [row[0] for row in rows[1:]] == [action.ref for action in actions]
        assert [row[1] for row in rows[1:]] == [action.title for action in actions]
        assert sheet.auto_filter.ref == f"A1:{_letter(HEADERS[-1])}{len(actions) + 1}"
        assert sheet.freeze_panes == "B2"
        assert sheet.column_dimensions["B"].width == 40
        assert all(cell.font.bold for cell in sheet[1])


@pytest.mark.django_db
def test_status_public_goal_and_strategy_columns_have_pick_lists(rana):
    workbook = _open(export_action_plan(rana))
    sheet = workbook["Tiltak"]
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    count = rana.actions.count()
    last = count + 1 + 1000
    status = validations[f"{_letter('Status')}2:{_letter('Status')}{last}"]
    assert status.type == "list"
    assert status.formula1 == '"Ikke startet,Pågår,Fullført,Forsinket,Avlyst"'
    assert status.showErrorMessage
    public = validations[f"{_letter('Offentlig')}2:{_letter('Offentlig')}{last}"]
    assert public.formula1 == '"ja,nei"'
    goals = validations[f"{_letter('Mål')}2:{_letter('Mål')}{last}"]
    assert goals.formula1 == f"'Lister'!$A$2:$A${rana.goals.count() + 1}"
    lists = workbook["Lister"]
    first_goal = rana.goals.order_by("position", "pk").first()
    assert lists["A2"].value.startswith(f"{first_goal.ref} – ")


@pytest.mark.django_db
def test_dates_are_real_excel_dates_and_status_and_public_are_words(rana):
    action = rana.actions.order_by("position", "pk").first()
    Action.objects.filter(pk=action.pk).update(
        start_date=date(2025, 3, 1),
        end_date=date(2025, 6, 30),
        status=ActionStatus.PAGAR,
        public=True,
    )
    sheet = _open(export_action_plan(rana))["Tiltak"]
    row = {header: cell for header, cell in zip(HEADERS, sheet[2], strict=True)}
    assert row["Start"].value == datetime(2025, 3, 1)
    assert row["Start"].is_date and row["Start"].number_format == "DD.MM.YYYY"
    assert row["Slutt"].value == datetime(2025, 6, 30)
    assert row["Frist"].value is None
    assert row["Status"].value == "Pågår"
    assert row["Offentlig"].value == "ja"


@pytest.mark.django_db
def test_the_workbook_has_title_creator_language_and_a_norwegian_guide(rana):
    workbook = _open(export_action_plan(rana))
    assert workbook.properties.title == f"Tiltaksplan – {rana.title}"
    assert workbook.properties.creator == "kommplan"
    assert workbook.properties.language == "nb-NO"
    guide = [row for row in workbook["Veiledning"].iter_rows(values_only=True)]
    explained = {row[0]: row[1] for row in guide}
    assert set(HEADERS) <= set(explained)
    assert "ja eller nei" in explained["Offentlig"]
    assert "Ikke startet, Pågår, Fullført, Forsinket eller Avlyst" in explained["Status"]


@pytest.mark.django_db
def test_text_that_looks_like_a_formula_is_exported_as_text(rana):
    action = rana.actions.order_by("position", "pk").first()
    Action.objects.filter(pk=action.pk).update(
        title='=HYPERLINK("http://example.invalid","klikk")', description="line\r\nbreak\x0b!"
    )
    data = export_action_plan(rana)
    cell = _open(data)["Tiltak"]["B2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://example.invalid","klikk")'
    # Excel cannot hold U+000B: it shows as U+FFFD; CRLF becomes LF.
    assert _open(data)["Tiltak"]["C2"].value == "line\nbreak\ufffd!"


@pytest.mark.django_db
def test_only_the_given_actions_are_exported(isk):
    chosen = list(isk.actions.order_by("position", "pk")[:3])
    sheet = _open(export_action_plan(isk, actions=chosen))["Tiltak"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        action.ref for action in chosen
    ]
