"""Notes become a draft meeting in one transaction, and read back as the same notes."""

import dataclasses
import datetime

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.models import Action, ActionUpdate
from allies.models import Member
from meetings.models import Meeting
from meetings.selectors import notes_of
from meetings.services import meeting_create_from_notes
from notesfile.format import NotesFormatError, parse_notes
from notesfile.notes import ActionReference, CarriedAction, Notes, Section
from tests import strategies
from tests.factories import ActionFactory, GroupFactory, MeetingFactory


@pytest.mark.django_db
@given(data=st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_notes_imported_then_read_back_are_the_same(data):
    group = GroupFactory()
    notes = data.draw(strategies.notes(group=group.slug, carried=False))
    with transaction.atomic():
        report = meeting_create_from_notes(notes=notes, group=group)
        assert report.meeting.status == Meeting.Status.DRAFT
        assert notes_of(report.meeting) == notes
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_updates_to_earlier_actions_are_recorded_against_them():
    group = GroupFactory()
    earlier = MeetingFactory(group=group, date=datetime.date(2021, 6, 23))
    action = ActionFactory(meeting=earlier, number=3, text="Ask about a blog")
    notes = Notes(
        group=group.slug,
        date=datetime.date(2022, 1, 25),
        carried=(
            CarriedAction(
                reference=ActionReference(earlier.date, 3),
                text="Ask about a blog",
                status="complete",
                note="Blog published",
            ),
        ),
    )
    meeting = meeting_create_from_notes(notes=notes, group=group).meeting
    update = ActionUpdate.objects.get(action=action)
    assert (update.meeting, update.status, update.note) == (meeting, "complete", "Blog published")
    assert notes_of(meeting).carried[0].status == "complete"


@pytest.mark.django_db
def test_a_row_naming_no_known_action_is_kept_as_written_or_refused_without_words():
    group = GroupFactory()
    unknown = ActionReference(datetime.date(2021, 6, 23), 9)
    notes = Notes(
        group=group.slug,
        date=datetime.date(2022, 1, 25),
        sections=(Section("Updates", "Some news"),),
        carried=(CarriedAction(unknown, "Write to the Provost", status="complete", label="A"),),
    )
    meeting = meeting_create_from_notes(notes=notes, group=group).meeting
    row = meeting.action_updates.get()
    assert (row.action, row.label, row.text, row.status) == (
        None, "A", "Write to the Provost", "complete",
    )  # fmt: skip
    assert notes_of(meeting).carried[0].reference is None
    unlabelled = dataclasses.replace(notes.carried[0], label="")
    notes = dataclasses.replace(notes, date=datetime.date(2022, 2, 1), carried=(unlabelled,))
    row = meeting_create_from_notes(notes=notes, group=group).meeting.action_updates.get()
    assert (row.action, row.label) == (None, "2021-06-23 #9")  # nothing the file said is lost

    without_words = dataclasses.replace(
        notes, date=datetime.date(2022, 3, 1), carried=(CarriedAction(unknown),)
    )
    with pytest.raises(NotesFormatError, match="2021-06-23 #9: it names no earlier action"):
        meeting_create_from_notes(notes=without_words, group=group)
    assert Meeting.objects.count() == 2


@pytest.mark.django_db
def test_a_row_continuing_an_action_of_a_later_meeting_is_refused():
    group = GroupFactory()
    later = ActionReference(datetime.date(2022, 2, 1), 1)
    notes = Notes(
        group=group.slug,
        date=datetime.date(2022, 1, 25),
        carried=(CarriedAction(later, "From the future"),),
    )
    with pytest.raises(NotesFormatError, match="not before this meeting"):
        meeting_create_from_notes(notes=notes, group=group)
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_second_meeting_on_the_same_day_is_refused():
    meeting = MeetingFactory()
    notes = Notes(group=meeting.group.slug, date=meeting.date)
    with pytest.raises(NotesFormatError, match="already has notes for"):
        meeting_create_from_notes(notes=notes, group=meeting.group)


@pytest.mark.django_db
def test_owners_are_matched_by_full_or_short_name(demo):
    text = (django_settings.BASE_DIR / "demo" / "notes" / "2022-01-25.md").read_text()
    notes = parse_notes(text.replace("date: 2022-01-25", "date: 2022-03-01"))
    meeting = meeting_create_from_notes(notes=notes, group=demo).meeting
    owners = {a.number: sorted(m.full_name for m in a.owners.all()) for a in meeting.actions.all()}
    assert owners[4] == ["Laura Cream"]
    assert owners[5] == ["Graham Hart", "Sarah Welsher"]
    assert owners[8] == []
    assert Action.objects.filter(meeting=meeting).count() == 9
    assert not Member.objects.filter(full_name__in=["All", "Co-ordinated by Nicc"]).exists()
