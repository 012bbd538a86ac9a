"""What a meeting's notes record about earlier actions, and each action's status as agreed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from actions.models import Action, ActionUpdate, Status
from actions.services import (
    action_add,
    action_delete,
    action_update,
    carried_record,
    carried_remove,
    carried_update,
)
from meetings.models import Meeting
from meetings.selectors import notes_of
from meetings.services import EditConflict, meeting_update
from publishing.services import WorkflowError, meeting_status_change
from tests.factories import ActionFactory, GroupFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db
Draft, InReview, Approved, Published = (
    Meeting.Status.DRAFT,
    Meeting.Status.IN_REVIEW,
    Meeting.Status.APPROVED,
    Meeting.Status.PUBLISHED,
)


@pytest.fixture
def four_meetings():
    group = GroupFactory()
    return [
        MeetingFactory(group=group, date=datetime.date(2022, month, 1)) for month in (1, 4, 7, 10)
    ]


def open_before(meeting):
    return [(a.text, a.status_before) for a in Action.objects.open_before(meeting)]


def status_now(action):
    action.refresh_from_db()
    return action.status_now


def test_the_editor_offers_every_action_still_open_until_notes_close_it(four_meetings):
    first, second, third, fourth = four_meetings
    action = ActionFactory(meeting=first, number=1, text="Draft the framework")
    carried_record(meeting=second, action=action, status=Status.IN_PROGRESS, note="Begun")
    carried_record(meeting=third, action=action, status=Status.COMPLETE, note="Shared")

    assert open_before(first) == []
    assert open_before(second) == [("Draft the framework", "open")]
    assert open_before(third) == [("Draft the framework", "in_progress")]
    assert open_before(fourth) == []


def test_closed_or_other_groups_actions_are_not_offered_and_come_in_order(four_meetings):
    first, second, third, _ = four_meetings
    ActionFactory(meeting=first, number=3, status=Status.COMPLETE)
    ActionFactory(meeting=first, number=4, status=Status.DROPPED)
    ActionFactory(meeting=MeetingFactory(date=datetime.date(2021, 1, 1)), number=1)
    ActionFactory(meeting=second, number=1, text="Second meeting, first action")
    ActionFactory(meeting=first, number=2, text="First meeting, second action")
    ActionFactory(meeting=first, number=1, text="First meeting, first action")
    assert [text for text, _ in open_before(third)] == [
        "First meeting, first action",
        "First meeting, second action",
        "Second meeting, first action",
    ]


def test_only_what_a_meeting_recorded_is_in_its_notes_and_discussed_with_no_change_stays(
    four_meetings,
):
    first, second, *_ = four_meetings
    kept = ActionFactory(meeting=first, number=1, text="Kept as it was")
    ActionFactory(meeting=first, number=2, text="Not discussed")
    row = carried_record(meeting=second, action=kept)  # discussed, no change
    assert (row.status, row.note) == ("open", "")
    carried = notes_of(second).carried
    assert [(c.reference.number, c.status, c.text) for c in carried] == [(1, "open", "")]

    carried_remove(row=row, version=row.version)  # not discussed after all
    assert notes_of(second).carried == ()


def test_rows_keep_the_order_the_actions_were_agreed_in(four_meetings):
    first, second, third, _ = four_meetings
    later = ActionFactory(meeting=second, number=1)
    earlier_two = ActionFactory(meeting=first, number=2)
    earlier_one = ActionFactory(meeting=first, number=1)
    for action in (later, earlier_two, earlier_one):
        carried_record(meeting=third, action=action)
    rows = third.action_updates.order_by("position")
    assert [row.action for row in rows] == [earlier_one, earlier_two, later]
    assert [row.position for row in rows] == [1, 2, 3]


def test_bad_records_are_refused_and_nothing_is_saved(four_meetings):
    first, second, third, _ = four_meetings
    action = ActionFactory(meeting=second, number=1)
    with pytest.raises(ValidationError, match="not before this meeting"):
        carried_record(meeting=first, action=action)  # an action of a later meeting
    with pytest.raises(ValidationError, match="not before this meeting"):
        carried_record(meeting=second, action=action)  # of the same meeting
    elsewhere = MeetingFactory(date=datetime.date(2023, 1, 1))
    with pytest.raises(ValidationError, match="another group"):
        carried_record(meeting=elsewhere, action=action)
    with pytest.raises(ValidationError, match="why it was dropped"):
        carried_record(meeting=third, action=action, status=Status.DROPPED)
    carried_record(meeting=third, action=action, status=Status.IN_PROGRESS)
    with pytest.raises(ValidationError, match="already recorded"):
        carried_record(meeting=third, action=action, status=Status.COMPLETE)
    assert list(ActionUpdate.objects.values_list("meeting", "status")) == [
        (third.pk, "in_progress")
    ]


def test_a_change_to_a_record_is_checked_against_its_version_and_the_rules(four_meetings):
    first, second, *_ = four_meetings
    row = carried_record(meeting=second, action=ActionFactory(meeting=first, number=1))
    carried_update(row=row, version=1, status="dropped", note="No longer needed", text="Own")
    with pytest.raises(EditConflict):
        carried_update(row=row, version=1, status="complete", note="")
    with pytest.raises(ValidationError, match="why it was dropped"):
        carried_update(row=row, version=2, status="dropped", note=" ")
    with pytest.raises(EditConflict):
        carried_remove(row=row, version=1)
    row.refresh_from_db()
    assert (row.status, row.note, row.text) == ("dropped", "No longer needed", "Own")
    assert row.version == 2


def test_an_unlinked_row_must_say_what_it_was(four_meetings):
    _, second, *_ = four_meetings
    row = ActionUpdate.objects.create(meeting=second, text="An action of old notes", status="open")
    with pytest.raises(ValidationError, match="words of its own"):
        carried_update(row=row, version=1, status="open", note="", text="")
    assert ActionUpdate.objects.get(pk=row.pk).text == "An action of old notes"


def test_an_action_recorded_in_later_notes_cannot_be_deleted(four_meetings):
    first, second, *_ = four_meetings
    action = ActionFactory(meeting=first, number=1)
    carried_record(meeting=second, action=action)
    with pytest.raises(ValidationError, match="notes of 1 April 2022 record"):
        action_delete(action=action, version=action.version)
    assert Action.objects.filter(pk=action.pk).exists()


def test_a_meeting_cannot_move_past_the_actions_it_records_or_the_notes_recording_its_own(
    four_meetings,
):
    first, second, third, _ = four_meetings
    carried_record(meeting=third, action=ActionFactory(meeting=second, number=1))
    fields = {"start_time": None, "end_time": None, "place": "", "online": False,
              "conflicts": "", "next_meetings": ""}  # fmt: skip
    with pytest.raises(ValidationError, match="must be after it"):
        meeting_update(meeting=third, version=third.version, date=datetime.date(2022, 3, 1),
                       **fields)  # fmt: skip
    with pytest.raises(ValidationError, match="must be before them"):
        meeting_update(meeting=second, version=second.version, date=third.date.replace(day=2),
                       **fields)  # fmt: skip
    meeting_update(meeting=second, version=second.version, date=first.date.replace(day=2), **fields)


# The stored status: as last recorded in agreed notes.


def test_status_now_counts_only_notes_approved_or_published(four_meetings):
    first, second, third, _ = four_meetings
    user = UserFactory()
    first.status = Published
    first.save()
    action = action_add(meeting=first, number=1, text="Write the blog")
    carried_record(meeting=second, action=action, status=Status.IN_PROGRESS)
    row = carried_record(meeting=third, action=action, status=Status.COMPLETE, note="Published")
    assert status_now(action) == "open"  # both later notes are drafts

    meeting_status_change(meeting=third, status=InReview, by=user)
    assert status_now(action) == "open"
    meeting_status_change(meeting=third, status=Approved, by=user)
    assert status_now(action) == "complete"
    meeting_status_change(meeting=second, status=Published, by=user)
    assert status_now(action) == "complete"  # the latest agreed record wins, whatever the order
    meeting_status_change(meeting=third, status=Draft, by=user)
    assert status_now(action) == "in_progress"
    carried_update(row=row, version=row.version, status="dropped", note="Not needed")
    assert status_now(action) == "in_progress"  # a change in notes not agreed does not count
    meeting_status_change(meeting=second, status=Draft, by=user)
    assert status_now(action) == "open"
    fields = {"number": 1, "text": "Write the blog", "owner_text": "", "deadline_text": "",
              "sensitivity": "public"}  # fmt: skip
    action_update(action=action, version=action.version, status="ongoing", **fields)
    assert status_now(action) == "ongoing"


def test_every_status_change_is_checked_and_written_in_the_audit_log(four_meetings):
    meeting = four_meetings[0]
    user = UserFactory()
    with pytest.raises(WorkflowError, match="draft cannot become approved"):
        meeting_status_change(meeting=meeting, status=Approved, by=user)
    meeting_status_change(meeting=meeting, status=InReview, by=user)
    meeting_status_change(meeting=meeting, status=InReview, by=user)  # no change, no entry
    meeting_status_change(meeting=meeting, status=Published, by=user)
    with pytest.raises(WorkflowError, match="published cannot become approved"):
        meeting_status_change(meeting=meeting, status=Approved, by=user)
    details = list(meeting.audit_entries.values_list("detail", flat=True))
    assert details == ["Draft → In review", "In review → Published"]
    assert Meeting.objects.get(pk=meeting.pk).status == Published
