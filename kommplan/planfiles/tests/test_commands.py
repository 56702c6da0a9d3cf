"""The management commands: load, dump, schema and demo."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from kommplan.actions.models import Action, StatusUpdate
from kommplan.organisations.models import Organisation
from kommplan.planfiles.dump import render_plan
from kommplan.planfiles.reader import read_plan
from kommplan.planfiles.services import load_plan
from kommplan.strategies.models import Goal, Strategy

from .conftest import DEMO_DIR, DEMO_FILES, row_counts

RANA = DEMO_DIR / "rana-2023-2026.yaml"


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_load_stores_a_good_file_and_prints_a_summary(db):
    output = run("load", str(RANA))

    plan = read_plan(RANA.read_bytes())
    strategy = Strategy.objects.get()
    assert strategy.organisation.name == "Rana kommune"
    assert strategy.title == plan.strategy.title
    assert strategy.actions.count() == len(plan.actions) > 0
    assert strategy.goals.count() == len(plan.strategy.goals) > 0
    assert output == (
        f"Lastet {RANA}: Rana kommune – {plan.strategy.title} ({len(plan.actions)} tiltak)\n"
    )


def test_load_refuses_the_same_file_twice_pointing_at_replace(db):
    run("load", str(RANA))
    before = row_counts()

    with pytest.raises(CommandError) as info:
        run("load", str(RANA))

    message = str(info.value)
    assert f"{RANA}: strategy.title" in message
    assert "har allerede strategien" in message
    assert "--replace" in message
    assert row_counts() == before


def test_load_with_replace_replaces_without_duplicates(db):
    run("load", str(RANA))
    first = Strategy.objects.get()
    action_count = Action.objects.count()
    goal_count = Goal.objects.count()
    before = row_counts()

    output = run("load", "--replace", str(RANA))

    assert output.startswith(f"Erstattet {RANA}: Rana kommune")
    assert Strategy.objects.count() == 1
    assert Strategy.objects.get().pk != first.pk
    assert Action.objects.count() == action_count
    assert Goal.objects.count() == goal_count
    assert row_counts() == before
    refs = list(Action.objects.values_list("ref", flat=True))
    assert len(refs) == len(set(refs))


def test_load_with_replace_drops_actions_the_new_file_no_longer_has(db, tmp_path):
    run("load", str(RANA))
    plan = read_plan(RANA.read_bytes())
    shorter = plan.model_copy(update={"actions": plan.actions[:2]})
    path = tmp_path / "rana.yaml"
    path.write_text(render_plan(shorter), encoding="utf-8")

    run("load", "--replace", str(path))

    assert list(Action.objects.values_list("ref", flat=True)) == [
        action.id for action in plan.actions[:2]
    ]


def test_load_keeps_what_the_database_knows_when_the_file_is_silent(db, tmp_path):
    Organisation.objects.create(name="Rana kommune", slug="rana", orgnr="123456785")
    run("load", str(RANA))
    organisation = Organisation.objects.get(name="Rana kommune")
    assert organisation.orgnr == "123456785"
    assert organisation.number == "1833"
    assert organisation.kind == "kommune"
    assert organisation.slug == "rana"


def test_load_creates_member_organisations_once(db):
    path = DEMO_DIR / "innherred-samkommune-2004.yaml"
    run("load", str(path))
    run("load", "--replace", str(path))
    samkommune = Organisation.objects.get(name="Innherred Samkommune")
    assert sorted(samkommune.members.values_list("name", flat=True)) == [
        "Levanger kommune",
        "Verdal kommune",
    ]
    assert Organisation.objects.count() == 3
    assert Organisation.objects.get(name="Verdal kommune").kind == "kommune"


def test_load_gives_organisations_distinct_slugs(db, tmp_path):
    Organisation.objects.create(name="Rana", slug="rana-kommune")
    run("load", str(RANA))
    assert Organisation.objects.get(name="Rana kommune").slug == "rana-kommune-2"


def test_dump_prints_yaml_that_reads_back(db):
    run("load", str(RANA))
    text = run("dump", "--org", "Rana kommune")
    assert text.startswith("kommplan: 1\n")
    assert read_plan(text.encode()) == read_plan(RANA.read_bytes())


def test_dump_finds_an_organisation_by_its_slug(db):
    run("load", str(RANA))
    assert run("dump", "--org", "rana-kommune") == run("dump", "--org", "Rana kommune")


def test_dump_as_json_gives_valid_json(db):
    run("load", str(RANA))
    text = run("dump", "--org", "Rana kommune", "--format", "json")
    data = json.loads(text)
    assert data["kommplan"] == 1
    assert data["organisation"]["name"] == "Rana kommune"
    assert read_plan(text.encode(), source="rana.json") == read_plan(RANA.read_bytes())


def test_dump_writes_to_a_file_when_asked(db, tmp_path):
    run("load", str(RANA))
    target = tmp_path / "ut.yaml"
    assert run("dump", "--org", "Rana kommune", "-o", str(target)) == ""
    assert read_plan(target.read_bytes()) == read_plan(RANA.read_bytes())


def test_dump_of_an_unknown_organisation_fails(db):
    with pytest.raises(CommandError, match="Fant ingen organisasjon som heter «Ukjent»"):
        run("dump", "--org", "Ukjent")


def test_dump_of_an_organisation_without_strategy_fails(db):
    Organisation.objects.create(name="Tom kommune", slug="tom")
    with pytest.raises(CommandError, match="Tom kommune har ingen slik strategi"):
        run("dump", "--org", "Tom kommune")


def test_dump_asks_which_strategy_when_there_are_several(db, tmp_path):
    run("load", str(RANA))
    plan = read_plan(RANA.read_bytes())
    other = plan.model_copy(deep=True)
    other.strategy.title = "Kriseplan"
    second = load_plan(other).strategy

    with pytest.raises(CommandError) as info:
        run("dump", "--org", "Rana kommune")
    assert "har 2 strategier" in str(info.value)
    assert f"--strategy {second.pk}: Kriseplan" in str(info.value)

    text = run("dump", "--org", "Rana kommune", "--strategy", str(second.pk))
    assert read_plan(text.encode()).strategy.title == "Kriseplan"


def test_schema_prints_the_json_schema_of_plan_files():
    out = io.StringIO()
    call_command("schema", stdout=out)
    schema = json.loads(out.getvalue())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"kommplan", "organisation", "strategy", "actions"} <= set(schema["properties"])
    assert set(schema["required"]) == {"kommplan", "organisation", "strategy"}
    assert schema["properties"]["kommplan"]["const"] == 1
    assert schema["additionalProperties"] is False
    definitions = schema["$defs"]
    assert "name" in definitions["OrganisationIn"]["required"]
    assert "title" in definitions["StrategyIn"]["required"]
    assert definitions["GoalIn"]["additionalProperties"] is False


def test_demo_loads_all_five_demo_plans(db):
    plans = [read_plan(path.read_bytes()) for path in DEMO_FILES]
    assert len(plans) == 5

    output = run("demo", "--no-serve")

    assert Strategy.objects.count() == 5
    assert Action.objects.count() == sum(len(plan.actions) for plan in plans)
    assert StatusUpdate.objects.count() == sum(
        len(action.updates) for plan in plans for action in plan.actions
    )
    assert sorted(Strategy.objects.values_list("title", flat=True)) == sorted(
        plan.strategy.title for plan in plans
    )
    for path in DEMO_FILES:
        assert f"Lastet {path.name}:" in output


def test_demo_run_twice_adds_nothing(db):
    run("demo", "--no-serve")
    before = row_counts()

    output = run("demo", "--no-serve")

    assert row_counts() == before
    for path in DEMO_FILES:
        assert f"Finnes fra før: {path.name}" in output.splitlines()
    assert "Lastet" not in output


def test_demo_loads_only_the_plans_that_are_missing(db, settings, tmp_path):
    for path in DEMO_FILES[:2]:
        shutil.copy(path, tmp_path / path.name)
    settings.DEMO_PLANS_DIR = tmp_path
    run("demo", "--no-serve")
    assert Strategy.objects.count() == 2

    settings.DEMO_PLANS_DIR = DEMO_DIR
    output = run("demo", "--no-serve")

    assert Strategy.objects.count() == 5
    lines = output.splitlines()
    assert [path.name for path in DEMO_FILES if f"Finnes fra før: {path.name}" in lines] == [
        path.name for path in DEMO_FILES[:2]
    ]
    assert [path.name for path in DEMO_FILES if f"Lastet {path.name}:" in output] == [
        path.name for path in DEMO_FILES[2:]
    ]
