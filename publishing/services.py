"""Publishing a meeting's notes: freezing the public document, then rendering its files once."""

import hashlib
import logging
from functools import partial

from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery, Value

from meetings.models import Meeting
from meetings.selectors import notes_of
from publishing import site, tasks
from publishing.feeds import notes_summary
from publishing.frozen import freeze
from publishing.models import Listing, Publication
from publishing.redaction import redact
from publishing.render_docx import notes_docx
from publishing.render_pdf import notes_pdf

logger = logging.getLogger(__name__)


@transaction.atomic
def publication_create(*, meeting: Meeting, by: User, correction_note: str = "") -> Publication:
    """Publish the meeting's notes as they stand: the next version, frozen, its files to follow.

    The public document is made by `redact` from a snapshot of the meeting and
    stored as it is; the PDF and Word file are rendered from that stored copy
    by a task once this transaction has committed (see publication_render).
    """
    # Lock the meeting so two people publishing at once make versions 1 and 2, not a clash.
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    latest = meeting.publications.order_by("-version").first()
    version = latest.version + 1 if latest else 1
    correction_note = correction_note.strip()
    if version > 1 and not correction_note:
        raise ValidationError(
            "Say what has changed since version %(previous)s: readers see this correction note.",
            code="correction_note_required",
            params={"previous": version - 1},
        )
    public = redact(notes_of(meeting))
    publication = Publication.objects.create(
        meeting=meeting,
        version=version,
        published_by=by,
        correction_note=correction_note,
        title=public.title,
        document=freeze(public),
        text=public.text(),
    )
    meeting.status = Meeting.Status.PUBLISHED
    meeting.save(update_fields=["status", "updated_at"])
    listing_update(meeting=meeting)
    site.changed(meeting.group.slug)
    transaction.on_commit(partial(tasks.render_publication.enqueue, publication.pk), robust=True)
    return publication


def listing_update(*, meeting: Meeting) -> Listing | None:
    """List the meeting's notes as they stand: its latest version not withdrawn, or nothing.

    Called in the transaction that publishes or withdraws a version, so the
    listing never names a version that does not stand.
    """
    standing = meeting.publications.filter(withdrawal__isnull=True).order_by("-version").first()
    if standing is None:
        Listing.objects.filter(meeting=meeting).delete()
        return None
    fields: dict[str, object] = {
        "publication": standing,
        "summary": notes_summary(standing.public_notes(), standing.edition),
    }
    if connection.vendor == "postgresql":
        fields["search"] = SearchVector(Value(standing.text), config="english")
    listing, _ = Listing.objects.update_or_create(meeting=meeting, defaults=fields)
    return listing


def listings_fill() -> int:
    """List the meetings whose standing notes are not listed, such as ones inserted in bulk.

    What `listing_update` does for one meeting, for many at once; returns how many.
    """
    standing = (
        Publication.objects.filter(withdrawal__isnull=True, meeting__listing__isnull=True)
        .order_by("meeting_id", "-version")
        .defer("text")
    )
    latest: dict[int, Publication] = {}
    for publication in standing.iterator(chunk_size=500):
        latest.setdefault(publication.meeting_id, publication)
    listings = Listing.objects.bulk_create(
        [
            Listing(
                meeting_id=meeting_id,
                publication=publication,
                summary=notes_summary(publication.public_notes(), publication.edition),
            )
            for meeting_id, publication in latest.items()
        ],
        batch_size=500,
    )
    if connection.vendor == "postgresql":
        text = Publication.objects.filter(pk=OuterRef("publication_id")).values("text")
        Listing.objects.filter(search__isnull=True).update(
            search=SearchVector(Subquery(text), config="english")
        )
    return len(listings)


def publication_render(*, publication: Publication) -> bool:
    """Render the PDF and Word file of a publication that has none yet; False if it had them.

    Both files are made from the frozen public document, written under names of
    their own, and recorded together in one UPDATE that only succeeds while the
    publication has no files; if anything fails, or another worker got there
    first, the files written here are removed. So a publication has both files
    or neither, and they never change once set.
    """
    if publication.pdf or publication.docx:
        return False
    public, edition = publication.public_notes(), publication.edition
    rendered = {"pdf": notes_pdf(public, edition), "docx": notes_docx(public, edition)}
    written: list[str] = []
    try:
        changes: dict[str, str] = {}
        for kind, content in rendered.items():
            checksum = hashlib.sha256(content).hexdigest()
            name = default_storage.save(
                _storage_name(publication, kind, checksum), ContentFile(content)
            )
            written.append(name)
            changes |= {kind: name, f"{kind}_sha256": checksum}
        updated = Publication.objects.filter(pk=publication.pk, pdf="", docx="").update(**changes)
    except BaseException:
        files_remove(written)
        raise
    if not updated:
        files_remove(written)
        return False
    publication.refresh_from_db(fields=list(changes))
    # The notes page said its files were still being made.
    site.changed(publication.meeting.group.slug)
    return True


def _storage_name(publication: Publication, kind: str, checksum: str) -> str:
    meeting = publication.meeting
    return (
        f"publications/{meeting.group.slug}/{meeting.date}-v{publication.version}-"
        f"{checksum[:12]}.{kind}"
    )


def files_remove(names: list[str]) -> None:
    """Delete stored files, logging (not raising) a failure: a stray file is not a leak."""
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("Could not remove the unused file %s", name)
