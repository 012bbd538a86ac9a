"""Creating a meeting from an imported file: one transaction, drafts only, clear refusals."""

import dataclasses
import datetime

import pytest

from actions.models import ActionUpdate
from allies.models import Member
from meetings.importing import ImportedNotes, read_notes_file
from meetings.models import AgendaItem, Meeting
from meetings.services import meeting_create_from_import, meeting_preview_import
from notesfile.format import NotesFormatError
from notesfile.notes import ActionReference, CarriedAction, Section
from tests.factories import ActionFactory, GroupFactory, MeetingFactory

pytestmark = pytest.mark.django_db
TEXT = b"Meeting notes: 1 March 2023\nPresent: Ann Example (chair)\n\nUpdates\nAll well.\n"


def imported(group, content: bytes = TEXT) -> ImportedNotes:
    return read_notes_file("notes.txt", content, group.slug)


def test_an_import_is_a_draft_and_adds_the_people_it_names():
    group = GroupFactory()
    report = meeting_create_from_import(imported=imported(group), group=group)
    assert report.meeting.status == Meeting.Status.DRAFT
    assert [m.full_name for m in report.created_people] == ["Ann Example"]


def test_a_preview_names_the_people_it_would_add_and_keeps_nothing():
    group = GroupFactory()
    assert meeting_preview_import(imported=imported(group), group=group) == ["Ann Example"]
    assert not Meeting.objects.exists()
    assert not Member.objects.exists()


def test_notes_of_another_group_are_refused():
    group, other = GroupFactory(), GroupFactory()
    with pytest.raises(NotesFormatError, match="for the group") as caught:
        meeting_create_from_import(imported=imported(other), group=group)
    assert caught.value.field == "group"


def test_an_earlier_action_updated_twice_is_refused_and_nothing_is_kept():
    group = GroupFactory()
    earlier = MeetingFactory(group=group, date=datetime.date(2021, 6, 23))
    ActionFactory(meeting=earlier, number=3)
    update = CarriedAction(ActionReference(earlier.date, 3), "", status="complete")
    read = imported(group)
    twice = dataclasses.replace(read, notes=dataclasses.replace(read.notes, carried=(update,) * 2))
    with pytest.raises(NotesFormatError, match="2021-06-23 #3 is updated twice"):
        meeting_create_from_import(imported=twice, group=group)
    assert Meeting.objects.count() == 1
    assert not ActionUpdate.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sections": (Section("x" * 301),)}, "heading of section .* is longer than 300"),
        ({"sections": (Section(" "),)}, "a section has no heading"),
        ({"start": datetime.time(16), "end": datetime.time(14)}, "ends before it starts"),
        ({"place": "p" * 201}, "the place is longer than 200"),
    ],
)
def test_what_the_database_would_refuse_is_a_clear_error(change, message):
    group = GroupFactory()
    read = imported(group)
    changed = dataclasses.replace(read, notes=dataclasses.replace(read.notes, **change))
    with pytest.raises(NotesFormatError, match=message):
        meeting_create_from_import(imported=changed, group=group)
    assert not AgendaItem.objects.exists()
