"""The `kommplan import` and `kommplan eval-import` commands."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from kommplan.planfiles.reader import read_plan

FIXTURES = Path(__file__).parent / "fixtures" / "importer"
SEEDS = FIXTURES / "seeds"
CORPUS = FIXTURES / "corpus"


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_eval_import_prints_the_score_table_for_the_corpus():
    out, _err = _run("eval_import", str(CORPUS / "gold"), str(CORPUS / "docs"))
    assert "Set: docs (8 documents, micro-averaged)" in out
    for kind in ("goals", "target_groups", "channels", "actions"):
        assert f"\n{kind}" in out
    assert "responsible" in out and "financing" in out and "when" in out
    assert "16_kvinnherad-kommunikasjonsstrategi-2014" in out


def test_eval_import_json_parses_and_holds_the_set_and_every_document():
    out, _err = _run(
        "eval_import", str(settings.DEMO_PLANS_DIR), str(SEEDS), "--json", "--name", "seeds"
    )
    data = json.loads(out)
    assert data["set"] == "seeds"
    assert len(data["documents"]) == 5
    assert data["kinds"]["actions"]["f1"] >= 0.9
    assert data["fields"]["financing"]["total"] == 15


def test_eval_import_refuses_a_missing_directory(tmp_path):
    with pytest.raises(CommandError, match="Fant ingen mappe"):
        _run("eval_import", str(tmp_path / "nowhere"), str(SEEDS))


def test_import_writes_a_valid_plan_file_and_prints_a_summary(tmp_path):
    target = tmp_path / "osen.yaml"
    out, _err = _run("import", str(SEEDS / "osen-kommunikasjonsstrategi.txt"), "-o", str(target))
    plan = read_plan(target.read_bytes())
    assert plan.organisation.name == "Osen kommune"
    assert len(plan.actions) == 19
    assert f"Skrev {target}" in out
    assert "målgrupper 6" in out and "tiltak 19" in out
    assert "Tid: tekstuttrekk" in out


def test_import_lists_low_confidence_items_with_page_and_line(tmp_path):
    out, _err = _run(
        "import",
        str(SEEDS / "askim-strategisk-kommunikasjonsplan.txt"),
        "-o",
        str(tmp_path / "a.yaml"),
    )
    assert "Usikre forslag" in out
    assert "side 1, linje" in out


def test_import_without_output_writes_the_plan_to_stdout_and_the_summary_to_stderr():
    out, err = _run("import", str(SEEDS / "rana-2023-2026.txt"), "--org", "Rana kommune")
    assert read_plan(out.encode("utf-8")).organisation.name == "Rana kommune"
    assert "tiltak 6" in err


def test_import_of_many_files_writes_one_plan_each_into_a_directory(tmp_path):
    files = sorted((CORPUS / "docs").glob("*.txt"))[:3]
    out, _err = _run("import", *map(str, files), "-o", str(tmp_path / "plans"))
    written = sorted(p.name for p in (tmp_path / "plans").iterdir())
    assert written == sorted(f"{p.stem}.yaml" for p in files)
    for path in (tmp_path / "plans").iterdir():
        read_plan(path.read_bytes())
    assert out.count("Skrev ") == 3


def test_import_of_many_files_needs_a_directory():
    files = [str(p) for p in sorted((CORPUS / "docs").glob("*.txt"))[:2]]
    with pytest.raises(CommandError, match="mappe"):
        _run("import", *files)


def test_import_of_a_missing_or_empty_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="Fant ingen fil"):
        _run("import", str(tmp_path / "missing.txt"))
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(CommandError, match="empty.txt"):
        _run("import", str(empty))
