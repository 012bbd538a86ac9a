"""Publishing a meeting's notes: freezing the public document, then rendering its files once.

Every change of a meeting's status goes through `meeting_status_change`, which
checks the step, writes the audit entry and keeps the stored status of the
actions it touches right (see Action.status_now).
"""

import datetime
import hashlib
import logging
import re
from collections.abc import Collection, Sequence
from functools import partial

from django.apps import apps as django_apps
from django.apps.registry import Apps
from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery, Value

from actions.models import Action
from meetings.models import Meeting
from meetings.selectors import notes_of
from notesfile.notes import ActionReference, Notes
from publishing import site, tasks
from publishing.feeds import notes_summary
from publishing.frozen import freeze
from publishing.models import AuditEntry, Listing, Publication
from publishing.redaction import PublicAction, PublicNotes, redact
from publishing.render_docx import notes_docx
from publishing.render_pdf import notes_pdf

logger = logging.getLogger(__name__)

Status = Meeting.Status
# Where the notes of a meeting may go from each status. Straight from draft to
# published is for notes the group agreed before they came here (the demo,
# history imported from the command line); the review workflow is the rule.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.IN_REVIEW, Status.PUBLISHED},
    Status.IN_REVIEW: {Status.APPROVED, Status.PUBLISHED, Status.DRAFT},
    Status.APPROVED: {Status.IN_REVIEW, Status.PUBLISHED, Status.DRAFT},
    Status.PUBLISHED: {Status.DRAFT},
}


class WorkflowError(Exception):
    """A step that cannot be taken from where the meeting stands; the message says why."""


def audit(meeting: Meeting, actor: User | None, event: str, detail: str = "") -> AuditEntry:
    """Write one line of the meeting's audit log."""
    return AuditEntry.objects.create(
        group_id=meeting.group_id, meeting=meeting, actor=actor, event=event, detail=detail
    )


@transaction.atomic
def meeting_status_change(
    *, meeting: Meeting, status: str, by: User | None, why: str = ""
) -> Meeting:
    """Move the notes to another status: checked, written in the audit log, actions kept right.

    What the meeting agreed and recorded counts in the action log only while
    its notes are approved or published, so the stored status of those
    actions is worked out again in the same transaction. Staying where it is
    changes nothing and writes nothing.
    """
    if meeting.status == status:
        return meeting
    if status not in TRANSITIONS.get(meeting.status, set()):
        raise WorkflowError(
            f"Notes that are {meeting.get_status_display().lower()} cannot become "
            f"{Status(status).label.lower()}."
        )
    before = meeting.get_status_display()
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at"])
    change = f"{before} → {meeting.get_status_display()}" + (f" ({why})" if why else "")
    audit(meeting, by, AuditEntry.Event.STATUS_CHANGED, change)
    Action.objects.touched_by(meeting).refresh_status_now()
    return meeting


def published_actions(notes: Notes) -> dict[ActionReference, PublicAction]:
    """What the public saw of each earlier action the notes carry: its row in the notes agreeing it.

    Read from the current standing publication of those notes, as it was
    frozen, so an action redacted there stays redacted and a wording changed
    since (in a correction not yet published) is not shown.
    """
    dates = {row.reference.agreed_on for row in notes.carried if row.reference}
    publications = (
        Publication.objects.current()
        .filter(meeting__group__slug=notes.group, meeting__date__in=dates)
        .select_related("meeting")
    )
    seen = {}
    for publication in publications:
        for action in publication.public_notes().actions:
            if action.label.isdigit():
                seen[ActionReference(publication.meeting.date, int(action.label))] = action
    return seen


def public_notes_of(meeting: Meeting) -> PublicNotes:
    """The public document the meeting's notes make as they stand; earlier actions as published."""
    notes = notes_of(meeting)
    return redact(notes, published_actions(notes))


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
    public = public_notes_of(meeting)
    publication = Publication.objects.create(
        meeting=meeting,
        version=version,
        published_by=by,
        correction_note=correction_note,
        title=public.title,
        document=freeze(public),
        text=public.text(),
    )
    meeting_status_change(meeting=meeting, status=Status.PUBLISHED, by=by)
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
    fields["reconsider_from"] = reconsider_dates({meeting.pk}).get(meeting.pk)
    listing, _ = Listing.objects.update_or_create(meeting=meeting, defaults=fields)
    return listing


# A passage's reconsider date is written in its mark: […]{.personal until=2026-03-01}.
DATED_MARK = "until="
MARKED_DATE = re.compile(r"""until=\s*["']?([\d-]*)""")


def reconsider_dates(
    meetings: Collection[int] | None, registry: Apps = django_apps
) -> dict[int, datetime.date]:
    """For each of these meetings that withholds something dated, a day on or before its first
    reconsider date: the dashboard reads only the meetings whose day has come.

    Found by reading only the rows that carry a date (a withheld section or
    action, or a dated mark in a text), not by parsing every text; a mark
    whose date cannot be read counts as due already, so none is missed.
    `meetings` None is every meeting; `registry` is the app registry to take
    the models from (a migration's).
    """
    if meetings is not None and not meetings:
        return {}
    model = registry.get_model
    # Each kind of row: its texts that may hold marks, and its own date (sections and actions).
    kinds = [
        (model("meetings", "AgendaItem"), ["heading", "body"], ["withheld_until"], "meeting_id"),
        (model("actions", "Action"), ["text"], ["withheld_until"], "meeting_id"),
        (model("actions", "ActionUpdate"), ["text", "note"], [], "meeting_id"),
        (model("meetings", "Attendance"), ["introduction"], [], "meeting_id"),
        (model("meetings", "Meeting"), ["conflicts"], [], "pk"),
    ]
    days: dict[int, datetime.date] = {}
    for rows, texts, own, meeting in kinds:
        dated = Q(pk__in=[])
        for name in texts:
            dated |= Q(**{f"{name}__contains": DATED_MARK})
        for name in own:
            dated |= Q(**{f"{name}__isnull": False})
        found = rows._base_manager.filter(dated)
        if meetings is not None:
            found = found.filter(**{f"{meeting}__in": meetings})
        for pk, *values in found.values_list(meeting, *texts, *own):
            found_days = reconsider_dates_in(values[: len(texts)], values[len(texts) :])
            if found_days:
                days[pk] = min([*found_days, days.get(pk, datetime.date.max)])
    return days


def reconsider_dates_in(
    texts: Sequence[str], dates: Sequence[datetime.date | None] = ()
) -> list[datetime.date]:
    """The reconsider dates of a row: its own, and those its texts' marks carry."""
    days = [day for day in dates if day is not None]
    for text in texts:
        for found in MARKED_DATE.finditer(text):
            try:
                days.append(datetime.date.fromisoformat(found.group(1)))
            except ValueError:
                days.append(datetime.date.min)
    return days


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
    for meeting_id, day in reconsider_dates(latest).items():
        Listing.objects.filter(meeting_id=meeting_id).update(reconsider_from=day)
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
