"""Fixtures for spreadsheet tests: the demo strategies, workbooks built by hand, and counters."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth.models import User

from kommplan.strategies.models import Strategy

APP_LABELS = {"actions", "audit", "strategies", "spreadsheets"}


def row_counts() -> dict[str, int]:
    """Rows per table of the apps an import could touch, many-to-many tables included."""
    return {
        model._meta.db_table: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in APP_LABELS
    }


def action_rows(strategy: Strategy) -> list[dict[str, Any]]:
    """Every action of the strategy as plain values, for comparing before and after."""
    from kommplan.spreadsheets.services import latest_comment

    rows = []
    for action in strategy.actions.prefetch_related("target_groups", "channels", "updates"):
        rows.append(
            {
                "pk": action.pk,
                "ref": action.ref,
                "version": action.version,
                "title": action.title,
                "description": action.description,
                "goal": action.goal.ref if action.goal else None,
                "approach": action.approach.ref if action.approach else None,
                "target_groups": sorted(item.ref for item in action.target_groups.all()),
                "channels": sorted(item.ref for item in action.channels.all()),
                "responsible": action.responsible,
                "responsible_user": action.responsible_user_id,
                "assigned_organisation": action.assigned_organisation_id,
                "financing": action.financing,
                "purpose": action.purpose,
                "desired_result": action.desired_result,
                "timing": action.timing,
                "due_date": action.due_date,
                "start_date": action.start_date,
                "end_date": action.end_date,
                "rrule": action.rrule,
                "status": action.status,
                "public": action.public,
                "comment": latest_comment(action),
            }
        )
    return rows


def build_workbook(
    rows: Iterable[Sequence[Any]], *, title: str = "Tiltak", above: Sequence[Any] = ()
) -> bytes:
    """An XLSX with one sheet: optional lines above, then `rows` (the first is the header)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for line in above:
        sheet.append([line])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rewrite_part(data: bytes, name: str, change) -> bytes:
    """The workbook `data` with its part `name` replaced by change(old bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == name:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def each_strategy() -> Iterator[Strategy]:
    """Every strategy, each fetched on its own, as a request or a command would have it."""
    for pk in Strategy.objects.order_by("pk").values_list("pk", flat=True):
        yield Strategy.objects.select_related("organisation").get(pk=pk)


@pytest.fixture
def rana(demo) -> Strategy:
    return Strategy.objects.get(organisation__slug="rana-kommune")


@pytest.fixture
def isk(demo) -> Strategy:
    return Strategy.objects.get(organisation__slug="innherred-samkommune")


@pytest.fixture
def editor(demo) -> User:
    return User.objects.get(username="rana-redaktor")
