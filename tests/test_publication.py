"""Publishing freezes the public document, renders its files once, and never changes after."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import ProtectedError

from meetings.models import AgendaItem, Meeting
from publishing import services
from publishing.models import Publication, PublicationIsFrozen
from publishing.services import publication_create, publication_render
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.publishing import publish, secretary_of


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, heading="Funding", body="We have [£40k]{.financial} left.")
    AgendaItemFactory(meeting=meeting, heading="Updates", body="The blog is out.")
    return meeting


@pytest.fixture
def secretary(meeting):
    return secretary_of(meeting.group)


def test_publishing_freezes_the_redacted_notes_and_renders_both_files(meeting, secretary):
    publication = publish(meeting, secretary)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert (publication.version, publication.published_by) == (1, secretary)
    public = publication.public_notes()
    assert [s.heading_text for s in public.sections] == ["Funding", "Updates"]
    assert "£40k" not in str(publication.document)
    assert "Left out: financial information" in publication.text
    for kind in ("pdf", "docx"):
        stored = getattr(publication, kind)
        content = stored.read()
        assert hashlib.sha256(content).hexdigest() == getattr(publication, f"{kind}_sha256")
    assert publication.pdf.name.endswith(".pdf")
    assert publication.docx.name.endswith(".docx")


def test_the_task_renders_the_files_once_the_publication_is_committed(
    meeting, secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publication = publication_create(meeting=meeting, by=secretary)
        publication.refresh_from_db()
        assert not publication.rendered  # nothing is rendered inside the transaction
    assert len(callbacks) == 1
    publication.refresh_from_db()
    assert publication.rendered


def test_editing_the_meeting_afterwards_changes_nothing_public(meeting, secretary, client):
    publication = publish(meeting, secretary)
    AgendaItem.objects.filter(meeting=meeting, heading="Updates").update(body="Changed later.")
    page = client.get(publication.get_absolute_url()).content.decode()
    assert "The blog is out." in page
    assert "Changed later." not in page
    publication.refresh_from_db()
    assert "Changed later." not in publication.text


def test_a_second_version_needs_a_correction_note(meeting, secretary):
    publish(meeting, secretary)
    with pytest.raises(ValidationError) as error:
        publication_create(meeting=meeting, by=secretary, correction_note="  ")
    assert error.value.code == "correction_note_required"
    second = publish(meeting, secretary, correction_note="Added the funding figure.")
    assert (second.version, second.correction_note) == (2, "Added the funding figure.")
    assert list(meeting.publications.values_list("version", flat=True)) == [1, 2]


def test_a_mistyped_mark_stops_publishing_and_leaves_nothing(meeting, secretary):
    AgendaItemFactory(meeting=meeting, heading="Oops", body="We [x] {.personal} agreed.")
    with pytest.raises(ValueError, match="not understood"):
        publication_create(meeting=meeting, by=secretary)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    assert not Publication.objects.exists()


def test_a_publication_cannot_be_changed_or_deleted_through_the_orm(meeting, secretary):
    publication = publish(meeting, secretary)
    publication.correction_note = "Sneaky"
    with pytest.raises(PublicationIsFrozen):
        publication.save()
    with pytest.raises(PublicationIsFrozen):
        publication.delete()
    with pytest.raises(PublicationIsFrozen):
        Publication.objects.all().delete()
    with pytest.raises(PublicationIsFrozen):
        Publication.objects.update(correction_note="Sneaky")
    with pytest.raises(ProtectedError):
        meeting.delete()


def test_the_database_itself_refuses_to_change_a_publication(meeting, secretary):
    publication = publish(meeting, secretary)
    for change in ("text = 'edited'", "version = 7", "pdf = 'elsewhere.pdf'"):
        statement = f"UPDATE publishing_publication SET {change} WHERE id = %s"  # noqa: S608
        with (
            pytest.raises((DatabaseError, IntegrityError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [publication.pk])
    publication.refresh_from_db()
    assert publication.version == 1
    assert publication.text != "edited"


def test_files_are_rendered_once(meeting, secretary):
    publication = publish(meeting, secretary)
    names = (publication.pdf.name, publication.docx.name)
    assert publication_render(publication=publication) is False
    stale = Publication.objects.get(pk=publication.pk)
    stale.pdf = stale.docx = ""  # as another worker holding an old copy would see it
    assert publication_render(publication=stale) is False
    publication.refresh_from_db()
    assert (publication.pdf.name, publication.docx.name) == names
    files = default_storage.listdir(f"publications/{meeting.group.slug}")[1]
    assert sorted(f"publications/{meeting.group.slug}/{f}" for f in files) == sorted(names)


def test_a_failed_render_leaves_no_file_and_can_be_run_again(
    meeting, secretary, client, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("Word is broken today")

    monkeypatch.setattr(services, "notes_docx", broken)
    publication = publication_create(meeting=meeting, by=secretary)
    with pytest.raises(RuntimeError):
        publication_render(publication=publication)
    publication.refresh_from_db()
    assert not publication.pdf
    assert not default_storage.exists(f"publications/{meeting.group.slug}")
    assert client.get(publication.get_absolute_url()).status_code == 200
    monkeypatch.undo()
    out = io.StringIO()
    call_command("render_publications", stdout=out)
    publication.refresh_from_db()
    assert publication.rendered
    assert "1 publication(s) rendered" in out.getvalue()


def test_a_failed_write_removes_the_file_already_written(meeting, secretary, monkeypatch):
    publication = publication_create(meeting=meeting, by=secretary)
    saved: list[str] = []
    real_save = default_storage.save

    def save_then_fail(name, content):
        if saved:
            raise OSError("disk full")
        saved.append(real_save(name, content))
        return saved[-1]

    monkeypatch.setattr(default_storage, "save", save_then_fail)
    with pytest.raises(OSError, match="disk full"):
        publication_render(publication=publication)
    assert saved
    assert not default_storage.exists(saved[0])
