"""Any text survives a trip through a cell, as far as a cell can hold it."""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from zeal import zeal_ignore

from kommplan.actions.models import Action
from kommplan.spreadsheets.reader import read_rows
from kommplan.spreadsheets.services import excel_text, export_action_plan, plan_import

from .conftest import build_workbook

# Any Unicode text (Hypothesis leaves out lone surrogates, which no Python text from the
# database holds) with the awkward characters made likely.
awkward = st.sampled_from(["\n", "\r\n", "\r", "\t", "\x0b", "\x00", "\x1f", "=", " ", "\ufffe"])
texts = st.lists(st.one_of(st.text(max_size=40), awkward), max_size=8).map("".join)


@settings(max_examples=150, deadline=None)
@given(value=texts)
def test_a_cell_gives_back_the_text_written_into_it_but_what_excel_cannot_hold(value):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Tiltak", "Beskrivelse"])
    sheet.cell(row=2, column=1, value="Tiltak")
    cell = sheet.cell(row=2, column=2)
    cell.value = excel_text(value) or None
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    [(_, row)] = read_rows(out.getvalue(), filename="t.xlsx").rows
    expected = excel_text(value)
    # Only the characters a cell cannot hold change: each becomes U+FFFD; CR LF becomes LF.
    assert row.get("description") == (expected if expected.strip() else None)
    assert len(expected) == len(value.replace("\r\n", "\n"))


@pytest.mark.django_db
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(title=texts.filter(lambda text: text.strip() and "\x00" not in text), description=texts)
def test_an_exported_action_with_any_text_imports_back_unchanged(rana, title, description):
    # PostgreSQL text cannot hold U+0000, so no stored action can; the title must have content.
    description = description.replace("\x00", "")
    # Hypothesis runs the body once per example, which django-zeal would count as an N+1.
    with zeal_ignore():
        action = rana.actions.order_by("position", "pk").first()
        Action.objects.filter(pk=action.pk).update(title=title, description=description)
        plan = plan_import(strategy=rana, data=export_action_plan(rana), filename="t.xlsx")
    assert plan.problems == []
    assert [row.kind for row in plan.rows] == ["unchanged"] * rana.actions.count()


def test_text_starting_with_an_equals_sign_comes_back_as_text_not_a_formula():
    data = build_workbook([["Tiltak"], ["Nettside"]])
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    cell = workbook.active["A2"]
    cell.value = "=1+1"
    cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    [(_, row)] = read_rows(out.getvalue(), filename="t.xlsx").rows
    assert row == {"title": "=1+1"}
