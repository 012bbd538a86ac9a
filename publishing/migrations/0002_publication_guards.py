"""Guards in the database itself: a publication's frozen columns never change, and its
files are set once. On PostgreSQL, an index for full-text search too.

SQLite drops a table's triggers when Django rebuilds the table to alter it: a
later migration that alters Publication must create the SQLite trigger again
(tests/test_publication.py fails if it is missing).
"""

from django.db import migrations

FROZEN = ["meeting_id", "version", "published_at", "published_by_id", "correction_note", "title",
          "document", "text"]  # fmt: skip
FILES = ["pdf", "pdf_sha256", "docx", "docx_sha256"]
MESSAGE = "a publication cannot be changed; publish a new version"

POSTGRESQL = [
    f"""CREATE FUNCTION publishing_publication_frozen() RETURNS trigger AS $$
    BEGIN
        IF {" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FROZEN)}
           OR {" OR ".join(f"(OLD.{c} <> '' AND NEW.{c} IS DISTINCT FROM OLD.{c})" for c in FILES)}
        THEN
            RAISE EXCEPTION '{MESSAGE}';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER publishing_publication_frozen BEFORE UPDATE ON publishing_publication
    FOR EACH ROW EXECUTE FUNCTION publishing_publication_frozen()""",
    # The same expression as SearchVector("text", config="english") compiles to.
    """CREATE INDEX publishing_publication_search ON publishing_publication
    USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))""",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX publishing_publication_search",
    "DROP TRIGGER publishing_publication_frozen ON publishing_publication",
    "DROP FUNCTION publishing_publication_frozen()",
]
SQLITE = [
    f"""CREATE TRIGGER publishing_publication_frozen BEFORE UPDATE ON publishing_publication
    WHEN {" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN)}
        OR {" OR ".join(f"(OLD.{c} <> '' AND NEW.{c} IS NOT OLD.{c})" for c in FILES)}
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END"""
]
SQLITE_REVERSE = ["DROP TRIGGER publishing_publication_frozen"]


def add_guards(apps, schema_editor):
    run(schema_editor, {"postgresql": POSTGRESQL, "sqlite": SQLITE})


def remove_guards(apps, schema_editor):
    run(schema_editor, {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE})


def run(schema_editor, statements_by_vendor):
    # Another database keeps the model's own refusals in save(), delete() and update().
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]
    operations = [migrations.RunPython(add_guards, remove_guards)]
