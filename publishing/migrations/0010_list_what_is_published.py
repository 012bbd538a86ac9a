"""List every meeting's standing notes, with their feed summary and (on PostgreSQL) their
search vector, under a GIN index; publications themselves are only read.

The search vector is made by the database from the publication's text in one
statement, as `to_tsvector('english', text)`, the same as the app's
SearchVector(Value(text), config="english") on each new publication.
"""

from django.db import migrations
from django.utils import timezone

BATCH = 500


def list_published(apps, schema_editor):
    from publishing.feeds import notes_summary
    from publishing.frozen import Edition, thaw

    if schema_editor.connection.vendor == "postgresql":
        # Made before the rows: PostgreSQL will not index a table with
        # foreign-key checks still pending in this transaction.
        schema_editor.execute(
            # No pending list: entries go straight into the index, which
            # keeps the planner's estimates true (a listing is written once
            # a publication; it is searched far more often).
            """CREATE INDEX IF NOT EXISTS publishing_listing_search
            ON publishing_listing USING gin (search) WITH (fastupdate = off)""",
            params=None,
        )
    Publication = apps.get_model("publishing", "Publication")
    Listing = apps.get_model("publishing", "Listing")
    standing = (
        Publication.objects.filter(withdrawal__isnull=True)
        .order_by("meeting_id", "-version")
        .only("id", "meeting_id", "version", "published_at", "correction_note", "document")
    )
    latest = {}
    for publication in standing.iterator(chunk_size=BATCH):
        latest.setdefault(publication.meeting_id, publication)
    rows = []
    for meeting_id, publication in latest.items():
        published_on = timezone.localdate(publication.published_at)
        edition = Edition(publication.version, published_on, publication.correction_note)
        summary = notes_summary(thaw(publication.document), edition)
        rows.append(Listing(meeting_id=meeting_id, publication_id=publication.pk, summary=summary))
    Listing.objects.bulk_create(rows, batch_size=BATCH)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            """UPDATE publishing_listing l SET search = to_tsvector('english'::regconfig, p.text)
            FROM publishing_publication p WHERE p.id = l.publication_id""",
            params=None,
        )
        # Search reads the listing now, not the publications' text.
        schema_editor.execute("DROP INDEX IF EXISTS publishing_publication_search", params=None)


def unlist(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS publishing_listing_search", params=None)
        schema_editor.execute(
            """CREATE INDEX publishing_publication_search ON publishing_publication
            USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))""",
            params=None,
        )
    apps.get_model("publishing", "Listing").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("publishing", "0009_listing_and_site_files")]
    operations = [migrations.RunPython(list_published, unlist)]
