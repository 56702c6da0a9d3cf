"""The crisis log is read-only once the crisis has ended, in the database too: a trigger refuses
new entries and changes to an entry's kind, text, time or crisis. Other columns (the author,
set to NULL when a user is deleted) may still change, and deleting the crisis deletes its log."""

from django.db import migrations

MESSAGE = "crisis log is read-only after the crisis ended"

SQLITE = [
    f"""CREATE TRIGGER crisis_log_closed_insert BEFORE INSERT ON crisis_crisislogentry
    WHEN (SELECT state FROM crisis_crisis WHERE id = NEW.crisis_id) = 'ended'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER crisis_log_closed_update
    BEFORE UPDATE OF kind, text, created_at, crisis_id ON crisis_crisislogentry
    WHEN (SELECT state FROM crisis_crisis WHERE id = OLD.crisis_id) = 'ended'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS crisis_log_closed_insert",
    "DROP TRIGGER IF EXISTS crisis_log_closed_update",
]

POSTGRES = [
    f"""CREATE FUNCTION crisis_log_closed() RETURNS trigger AS $$
    BEGIN
        IF (SELECT state FROM crisis_crisis
            WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.crisis_id ELSE OLD.crisis_id END)
            = 'ended' THEN
            RAISE EXCEPTION '{MESSAGE}';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER crisis_log_closed_insert BEFORE INSERT ON crisis_crisislogentry
    FOR EACH ROW EXECUTE FUNCTION crisis_log_closed()""",
    """CREATE TRIGGER crisis_log_closed_update
    BEFORE UPDATE OF kind, text, created_at, crisis_id ON crisis_crisislogentry
    FOR EACH ROW EXECUTE FUNCTION crisis_log_closed()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS crisis_log_closed_insert ON crisis_crisislogentry",
    "DROP TRIGGER IF EXISTS crisis_log_closed_update ON crisis_crisislogentry",
    "DROP FUNCTION IF EXISTS crisis_log_closed()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("crisis", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
