"""Every demo plan survives load -> dump -> read unchanged, in YAML and in JSON."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from kommplan.organisations.models import Organisation
from kommplan.planfiles.dump import dump_strategy, render_plan, strategy_to_plan
from kommplan.planfiles.reader import read_plan
from kommplan.planfiles.services import load_plan, load_plan_file

from .conftest import DEMO_FILES, row_counts

pytestmark = pytest.mark.parametrize("path", DEMO_FILES, ids=[path.stem for path in DEMO_FILES])


def dump(organisation: str, *options: str) -> str:
    out = io.StringIO()
    call_command("dump", "--org", organisation, *options, stdout=out)
    return out.getvalue()


def test_a_demo_plan_reads_back_equal_after_load_and_dump(db, path):
    original = read_plan(path.read_bytes(), source=path.name)
    load_plan_file(path.read_bytes(), source=path.name)

    text = dump(original.organisation.name)

    assert read_plan(text.encode(), source="dump.yaml") == original


def test_a_demo_plan_reads_back_equal_from_a_json_dump(db, path):
    original = read_plan(path.read_bytes(), source=path.name)
    load_plan_file(path.read_bytes(), source=path.name)

    text = dump(original.organisation.name, "--format", "json")

    assert json.loads(text)["strategy"]["title"] == original.strategy.title
    assert read_plan(text.encode(), source="dump.json") == original


def test_a_demo_plan_renders_to_yaml_and_json_that_read_back_equal(path):
    original = read_plan(path.read_bytes(), source=path.name)
    for fmt, name in (("yaml", "plan.yaml"), ("json", "plan.json")):
        assert read_plan(render_plan(original, fmt).encode(), source=name) == original


def test_a_dump_loaded_into_a_fresh_database_dumps_to_the_same_text(db, path):
    original = read_plan(path.read_bytes(), source=path.name)
    strategy = load_plan(original).strategy
    first = dump_strategy(strategy)

    Organisation.objects.all().delete()
    assert all(count == 0 for count in row_counts().values())
    load_plan_file(first.encode(), source="dump.yaml")

    assert dump(original.organisation.name) == first


def test_a_dump_loaded_with_replace_dumps_to_the_same_text(db, path, tmp_path):
    original = read_plan(path.read_bytes(), source=path.name)
    load_plan(original)
    first = dump(original.organisation.name)
    target = tmp_path / "dump.yaml"
    target.write_text(first, encoding="utf-8")
    before = row_counts()

    call_command("load", "--replace", str(target), stdout=io.StringIO())

    assert row_counts() == before
    assert dump(original.organisation.name) == first
    json_first = dump(original.organisation.name, "--format", "json")
    target = tmp_path / "dump.json"
    target.write_text(json_first, encoding="utf-8")
    call_command("load", "--replace", str(target), stdout=io.StringIO())
    assert dump(original.organisation.name, "--format", "json") == json_first


def test_a_stored_demo_plan_converts_back_to_the_same_model(db, path):
    original = read_plan(path.read_bytes(), source=path.name)
    strategy = load_plan(original).strategy
    assert strategy_to_plan(strategy) == original
