from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document


def test_export_writes_the_strategy_document(demo, tmp_path):
    out = tmp_path / "rana.docx"
    call_command("export", org="Rana kommune", format="docx", output=out)
    doc = Document(io.BytesIO(out.read_bytes()))
    assert doc.core_properties.title == "Kommunikasjonsstrategi 2023 - 2026"


def test_report_writes_a_status_report_pdf(demo, tmp_path):
    out = tmp_path / "rapport.pdf"
    call_command(
        "report",
        org="rana-kommune",
        start="2026-01-01",
        end="2026-06-30",
        format="pdf",
        output=out,
    )
    assert out.read_bytes().startswith(b"%PDF")


def test_an_unknown_organisation_names_close_matches(demo, tmp_path):
    with pytest.raises(CommandError, match="Mente du «Rana kommune»"):
        call_command("export", org="Rana komune", format="pdf", output=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"start": "30.06.2026", "end": "2026-12-31"}, "--from '30.06.2026' er ikke en dato"),
        ({"start": "2026-07-01", "end": "2026-01-01"}, "er etter --to"),
        ({"start": "2026-01-01", "end": "2026-12-31", "format": "odt"}, "Ukjent format «odt»"),
        ({"start": "2026-01-01", "end": "2026-12-31", "strategy": 999999}, "ingen strategi med id"),
    ],
)
def test_bad_report_arguments_get_a_clear_message(demo, tmp_path, options, message):
    arguments = {"org": "Rana kommune", "format": "pdf", "output": tmp_path / "r.pdf", **options}
    with pytest.raises(CommandError, match=message):
        call_command("report", **arguments)
    assert not (tmp_path / "r.pdf").exists()


def test_export_writes_the_action_plan_spreadsheet(demo, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "plan.xlsx"
    call_command("export", org="Rana kommune", format="xlsx", output=out)
    assert load_workbook(out).active.max_row >= 2
