"""Earlier actions stay on the log, and on each later meeting's notes, until one closes them."""

import datetime

import pytest

from actions.models import Action, Status
from tests.factories import ActionFactory, ActionUpdateFactory, GroupFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_meetings():
    group = GroupFactory()
    return [
        MeetingFactory(group=group, date=datetime.date(2022, month, 1)) for month in (1, 4, 7, 10)
    ]


def carried(meeting):
    return [(a.text, a.status_then, a.note_then) for a in Action.objects.carried_over_to(meeting)]


def test_an_action_is_carried_over_with_its_status_at_each_meeting_until_closed(four_meetings):
    first, second, third, fourth = four_meetings
    action = ActionFactory(meeting=first, number=1, text="Draft the framework")
    ActionUpdateFactory(action=action, meeting=second, status=Status.IN_PROGRESS, note="Begun")
    ActionUpdateFactory(action=action, meeting=third, status=Status.COMPLETE, note="Shared")

    assert carried(first) == []
    assert carried(second) == [("Draft the framework", "in_progress", "Begun")]
    assert carried(third) == [("Draft the framework", "complete", "Shared")]
    assert carried(fourth) == []


def test_an_action_nobody_spoke_of_keeps_its_last_status(four_meetings):
    first, second, third, _ = four_meetings
    action = ActionFactory(meeting=first, number=1)
    ActionUpdateFactory(action=action, meeting=second, status=Status.IN_PROGRESS)
    assert carried(third) == [(action.text, "in_progress", "")]


def test_actions_closed_when_agreed_or_of_other_groups_are_not_carried(four_meetings):
    first, second, *_ = four_meetings
    ActionFactory(meeting=first, number=1, status=Status.COMPLETE)
    ActionFactory(meeting=first, number=2, status=Status.DROPPED)
    ActionFactory(meeting=MeetingFactory(date=datetime.date(2021, 1, 1)), number=1)
    assert carried(second) == []


def test_carried_actions_come_in_order_of_meeting_then_number(four_meetings):
    first, second, third, _ = four_meetings
    ActionFactory(meeting=second, number=1, text="Second meeting, first action")
    ActionFactory(meeting=first, number=2, text="First meeting, second action")
    ActionFactory(meeting=first, number=1, text="First meeting, first action")
    assert [text for text, _, _ in carried(third)] == [
        "First meeting, first action",
        "First meeting, second action",
        "Second meeting, first action",
    ]


def test_current_status_is_the_latest_update(four_meetings):
    first, second, third, _ = four_meetings
    action = ActionFactory(meeting=first, number=1)
    ActionUpdateFactory(action=action, meeting=third, status=Status.COMPLETE)
    ActionUpdateFactory(action=action, meeting=second, status=Status.IN_PROGRESS)
    fresh = ActionFactory(meeting=third, number=1)
    statuses = {a.pk: a.current_status for a in Action.objects.with_current_status()}
    assert statuses == {action.pk: "complete", fresh.pk: "open"}
