"""`kommplan load FILE.xlsx --org SLUG [--strategy ID] [--replace]`."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from kommplan.actions.models import Action
from kommplan.spreadsheets.services import export_action_plan

from .conftest import build_workbook, row_counts


def _load(*args: str) -> str:
    out = io.StringIO()
    call_command("load", *args, stdout=out)
    return out.getvalue()


def _refused(*args: str) -> str:
    counts = row_counts()
    with pytest.raises(CommandError) as raised:
        call_command("load", *args, stdout=io.StringIO())
    assert raised.value.returncode == 1
    assert row_counts() == counts
    return str(raised.value)


@pytest.mark.django_db
def test_an_xlsx_action_plan_is_loaded_into_the_organisations_strategy(rana, tmp_path: Path):
    workbook = openpyxl.load_workbook(io.BytesIO(export_action_plan(rana)))
    workbook["Tiltak"]["B2"] = "Endret i Excel"
    path = tmp_path / "tiltaksplan.xlsx"
    workbook.save(path)
    extra = tmp_path / "nye.xlsx"
    extra.write_bytes(build_workbook([["Tiltak"], ["Nytt tiltak"]]))
    output = _load(str(path), str(extra), "--org", "rana-kommune")
    assert output.splitlines() == [
        f"Lastet {path} inn i Rana kommune – {rana.title}: 0 nye, 1 endret, "
        f"{rana.actions.count() - 2} uendret",
        f"Lastet {extra} inn i Rana kommune – {rana.title}: 1 nye, 0 endret, 0 uendret",
    ]
    assert rana.actions.filter(title="Endret i Excel").exists()
    assert rana.actions.filter(title="Nytt tiltak").exists()


@pytest.mark.django_db
def test_the_file_is_judged_by_its_content_not_its_name(rana, tmp_path: Path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(build_workbook([["Tiltak"], ["Ser ut som YAML"]]))
    _load(str(path), "--org", "rana-kommune", "--strategy", str(rana.pk))
    assert rana.actions.filter(title="Ser ut som YAML").exists()


@pytest.mark.django_db
def test_replace_deletes_what_the_sheet_does_not_list(rana, tmp_path: Path):
    keep = rana.actions.order_by("position", "pk").first()
    path = tmp_path / "plan.xlsx"
    path.write_bytes(build_workbook([["ID", "Tiltak"], [keep.ref, keep.title]]))
    count = rana.actions.count()
    output = _load(str(path), "--org", "rana-kommune", "--replace")
    assert output.strip().endswith(f"0 nye, 0 endret, 1 uendret, {count - 1} slettet")
    assert list(Action.objects.filter(strategy=rana)) == [keep]


@pytest.mark.django_db
def test_errors_are_printed_located_and_nothing_is_written(rana, tmp_path: Path):
    bad = tmp_path / "plan.xlsx"
    bad.write_bytes(build_workbook([["Tiltak", "Status"], ["A", "ferdig?"], [None, "pågår"]]))
    good = tmp_path / "god.xlsx"
    good.write_bytes(build_workbook([["Tiltak"], ["Dette lagres ikke"]]))
    message = _refused(str(good), str(bad), "--org", "rana-kommune")
    assert message.splitlines() == [
        f"{bad}, ark «Tiltak», rad 2, kolonne «Status»: ukjent status «ferdig?» "
        "(gyldige: Ikke startet, Pågår, Fullført, Forsinket, Avlyst)",
        f"{bad}, ark «Tiltak», rad 3, kolonne «Tiltak»: mangler tiltak (tittel); hver rad med "
        "innhold må ha det",
        "Ingenting ble lagret.",
    ]


@pytest.mark.django_db
def test_a_spreadsheet_needs_an_organisation_with_one_strategy_or_a_chosen_one(
    rana, tmp_path: Path
):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(build_workbook([["Tiltak"], ["Nettside"]]))
    assert _refused(str(path)).splitlines()[0] == (
        f"{path}: et regneark er en tiltaksplan; si hvilken organisasjon den hører til med "
        "--org KORTNAVN"
    )
    assert _refused(str(path), "--org", "atlantis").splitlines()[0] == (
        f"{path}: fant ingen organisasjon med kortnavnet «atlantis»"
    )
    assert _refused(str(path), "--org", "rana-kommune", "--strategy", "999999").splitlines()[0] == (
        f"{path}: Rana kommune har ingen strategi med id 999999"
    )


@pytest.mark.django_db
def test_an_old_excel_file_is_refused_with_what_to_do(rana, tmp_path: Path):
    path = tmp_path / "plan.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert _refused(str(path), "--org", "rana-kommune").splitlines()[0] == (
        f"{path}: filen er i et eldre Excel-format (.xls); lagre den som Excel-arbeidsbok (.xlsx) "
        "og prøv igjen"
    )
