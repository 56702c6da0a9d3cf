"""Fixtures for plan file tests: the demo plans, row counts, and a 'refused' checker.

`refuse` feeds a bad plan file through both ways in (the `load_plan_file` service and the `load`
command) and checks that each refuses it and that the database is left exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from kommplan.planfiles.errors import PlanFileError, Problem
from kommplan.planfiles.services import load_plan_file

DEMO_DIR = Path(settings.DEMO_PLANS_DIR)
DEMO_FILES = sorted(DEMO_DIR.glob("*.yaml"))
APP_LABELS = {"organisations", "strategies", "actions", "indicators"}


def row_counts() -> dict[str, int]:
    """Rows per table of the plan apps, many-to-many tables included."""
    return {
        model._meta.db_table: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in APP_LABELS
    }


def problem_at(error: PlanFileError, path: str) -> Problem:
    """The one problem reported at `path`."""
    found = [problem for problem in error.problems if problem.path == path]
    paths = [problem.path for problem in error.problems]
    assert len(found) == 1, f"expected one problem at {path!r}, got {paths}"
    return found[0]


@pytest.fixture
def existing_plan(db):
    """A stored plan, so that 'nothing changed' is checked against a non-empty database."""
    path = DEMO_DIR / "osen-kommunikasjonsstrategi.yaml"
    return load_plan_file(path.read_bytes(), source=path.name).strategy


@pytest.fixture
def refuse(existing_plan, tmp_path) -> Callable[..., PlanFileError]:
    def refuse(content: str | bytes, name: str = "plan.yaml") -> PlanFileError:
        if isinstance(content, str):
            content = content.encode("utf-8")
        before = row_counts()
        assert before["organisations_organisation"] > 0

        with pytest.raises(PlanFileError) as service:
            load_plan_file(content, source=name)
        assert service.value.problems, "a refusal must name at least one problem"
        assert row_counts() == before

        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(CommandError) as command:
            call_command("load", str(path))
        message = str(command.value)
        assert "Ingenting ble lagret." in message
        for problem in service.value.problems:
            assert f"{path}: {problem}" in message
        assert row_counts() == before
        return service.value

    return refuse
