"""The audit log only grows: not through the model, not through raw SQL, not by cascades."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from kommplan.audit.models import AppendOnlyError, AuditEntry, AuditEvent
from kommplan.audit.services import record
from kommplan.organisations.models import Organisation


@pytest.fixture
def entry(db):
    return record(actor=None, event=AuditEvent.UPDATE, object_type="test", object_label="før")


def test_saving_a_stored_entry_again_is_refused(entry):
    entry.object_label = "etter"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).object_label == "før"


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_updating_entries_through_a_queryset_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(object_label="etter")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["object_label"])
    assert AuditEntry.objects.get(pk=entry.pk).object_label == "før"


def test_the_database_refuses_update_and_delete_in_raw_sql(entry):
    table = AuditEntry._meta.db_table
    for sql in (
        f"UPDATE {table} SET object_label = 'etter' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).object_label == "før"


def test_deleting_a_user_an_organisation_and_a_strategy_leaves_their_entries(demo):
    rana = Organisation.objects.get(slug="rana-kommune")
    strategy = rana.strategies.first()
    user = User.objects.get(username="rana-redaktor")
    kept = record(
        actor=user,
        event=AuditEvent.UPDATE,
        obj=strategy,
        organisation=rana,
        strategy=strategy,
        changes={"title": ["a", "b"]},
    )
    before = AuditEntry.objects.count()
    ids = (user.pk, rana.pk, strategy.pk)
    user.delete()
    strategy.delete()
    rana.delete()
    # Deleting wrote no entry and changed none: the ids and names stay as they were.
    assert AuditEntry.objects.count() == before
    row = AuditEntry.objects.values().get(pk=kept.pk)
    assert (row["actor_id"], row["organisation_id"], row["strategy_id"]) == ids
    assert row["actor_name"] == "Rune Redaktør"


def test_a_failed_log_in_leaves_one_entry_with_username_and_address_but_no_password(demo, client):
    before = AuditEntry.objects.count()
    client.post(
        reverse("login"),
        {"username": "rana-leser", "password": "hemmelig-feil-passord"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.first()
    assert entry.event == AuditEvent.LOGIN_FAILED
    assert (entry.object_label, entry.ip_address, entry.actor_id) == (
        "rana-leser",
        "203.0.113.9",
        None,
    )
    stored = str(AuditEntry.objects.filter(pk=entry.pk).values().get())
    assert "hemmelig" not in stored


def test_a_successful_log_in_leaves_no_failed_entry(demo, client):
    before = AuditEntry.objects.count()
    response = client.post(
        reverse("login"), {"username": "rana-leser", "password": "demo-kommplan"}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.count() == before
