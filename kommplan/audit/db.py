"""The database half of the append-only audit log.

Triggers refuse UPDATE and DELETE on audit_auditentry (migration 0002). Emptying the whole
database (`kommplan flush`, which the test suite uses between tests) is the one exception: on
PostgreSQL it truncates, which row triggers do not see; on SQLite it deletes rows, so the
trigger asks kommplan_audit_locked(), a function registered on each of our connections, and
only `flush` unlocks it. Any other SQLite client lacks the function, so its DELETE fails too.
"""

from __future__ import annotations

import contextlib
import threading

_unlocked = threading.Event()

TABLE = "audit_auditentry"
MESSAGE = "the audit log is append-only"

SQLITE_CREATE = [
    f"CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON {TABLE} "
    f"WHEN kommplan_audit_locked() BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete;",
]
POSTGRESQL_CREATE = [
    "CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger "
    f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$;",
    f"CREATE TRIGGER audit_auditentry_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_auditentry_append_only();",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS audit_auditentry_append_only ON {TABLE};",
    "DROP FUNCTION IF EXISTS audit_auditentry_append_only();",
]


def _statements(vendor: str, *, create: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRESQL_CREATE if create else POSTGRESQL_DROP
    return []


def create_triggers(apps, schema_editor) -> None:
    for sql in _statements(schema_editor.connection.vendor, create=True):
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor) -> None:
    for sql in _statements(schema_editor.connection.vendor, create=False):
        schema_editor.execute(sql)


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """connection_created receiver: give each SQLite connection kommplan_audit_locked()."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "kommplan_audit_locked", 0, lambda: 0 if _unlocked.is_set() else 1
        )


@contextlib.contextmanager
def whole_database_flush():
    """Only for `flush`, which empties every table: lets SQLite delete the audit rows too."""
    _unlocked.set()
    try:
        yield
    finally:
        _unlocked.clear()
