"""The database itself refuses to change an audit entry (and, on PostgreSQL, to delete one).

SQLite gets no DELETE trigger: Django empties its tables with DELETE between
tests, where PostgreSQL uses TRUNCATE (which row triggers do not see). On
both, a meeting with audit entries cannot be deleted (the foreign key
protects them).
"""

from django.db import migrations

POSTGRES = """
CREATE OR REPLACE FUNCTION publishing_auditentry_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are never changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER publishing_auditentry_no_update BEFORE UPDATE OR DELETE
    ON publishing_auditentry FOR EACH ROW EXECUTE FUNCTION publishing_auditentry_refuse();
"""
POSTGRES_UNDO = """
DROP TRIGGER IF EXISTS publishing_auditentry_no_update ON publishing_auditentry;
DROP FUNCTION IF EXISTS publishing_auditentry_refuse();
"""
SQLITE = """
CREATE TRIGGER publishing_auditentry_no_update BEFORE UPDATE ON publishing_auditentry
BEGIN SELECT RAISE(ABORT, 'audit entries are never changed'); END;
"""
SQLITE_UNDO = "DROP TRIGGER IF EXISTS publishing_auditentry_no_update;"


def forwards(apps, schema_editor):
    sql = {"postgresql": POSTGRES, "sqlite": SQLITE}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    sql = {"postgresql": POSTGRES_UNDO, "sqlite": SQLITE_UNDO}.get(
        schema_editor.connection.vendor
    )
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0003_review_rounds_comments_approvals_audit")]
    operations = [migrations.RunPython(forwards, backwards)]
