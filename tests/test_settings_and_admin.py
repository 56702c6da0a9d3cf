"""Project-wide wiring: database connection settings and the admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection


@pytest.mark.django_db
def test_the_database_is_set_up_for_concurrent_writers():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
            assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        else:
            assert connection.vendor == "postgresql"
            cursor.execute("SHOW server_version_num")
            assert int(cursor.fetchone()[0]) >= 150000


def test_every_kommplan_model_is_in_the_admin():
    ours = [m for m in apps.get_models() if m.__module__.startswith("kommplan.")]
    missing = [m.__name__ for m in ours if m not in admin.site._registry]
    assert ours and missing == []


@pytest.mark.django_db
def test_the_admin_lists_open_for_a_superuser(admin_client):
    for model in admin.site._registry:
        if not model.__module__.startswith("kommplan."):
            continue
        opts = model._meta
        response = admin_client.get(f"/admin/{opts.app_label}/{opts.model_name}/")
        assert response.status_code == 200, opts.label


def test_the_committed_plan_file_schema_is_up_to_date():
    import json
    from pathlib import Path

    from kommplan.planfiles.schema import json_schema

    committed = Path(__file__).resolve().parent.parent / "docs" / "plan-file.schema.json"
    assert json.loads(committed.read_text()) == json_schema(), (
        "run: uv run kommplan schema > docs/plan-file.schema.json"
    )
