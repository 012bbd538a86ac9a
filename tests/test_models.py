"""The database refuses states the group's notes could never be in."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from actions.models import Action
from allies.models import Membership
from meetings.models import Attendance, Meeting
from tests.factories import (
    ActionFactory,
    AttendanceFactory,
    GroupFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


def refused(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_a_person_cannot_be_both_present_and_sending_apologies():
    attendance = AttendanceFactory(status=Attendance.Status.PRESENT)
    assert refused(
        lambda: AttendanceFactory(
            meeting=attendance.meeting,
            member=attendance.member,
            status=Attendance.Status.APOLOGIES,
        )
    )


def test_a_meeting_cannot_end_before_it_starts():
    assert refused(lambda: MeetingFactory(start_time=datetime.time(16), end_time=datetime.time(14)))
    assert not refused(
        lambda: MeetingFactory(start_time=datetime.time(14), end_time=datetime.time(16))
    )


def test_a_group_has_one_meeting_a_day():
    meeting = MeetingFactory()
    assert refused(lambda: MeetingFactory(group=meeting.group, date=meeting.date))
    assert not refused(lambda: MeetingFactory(date=meeting.date))


def test_a_meeting_has_at_most_one_chair_and_the_chair_was_there():
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, role=Attendance.Role.CHAIR)
    assert refused(lambda: AttendanceFactory(meeting=meeting, role=Attendance.Role.CHAIR))
    assert refused(
        lambda: AttendanceFactory(status=Attendance.Status.APOLOGIES, role=Attendance.Role.CHAIR)
    )
    assert refused(lambda: AttendanceFactory(status=Attendance.Status.ABSENT, takes_notes=True))


def test_only_guests_have_an_introduction():
    assert refused(lambda: AttendanceFactory(introduction="I research co-production."))
    guest = AttendanceFactory(
        status=Attendance.Status.GUEST, introduction="I research co-production."
    )
    assert guest.pk


def test_a_term_of_office_cannot_end_before_it_starts():
    assert refused(
        lambda: MembershipFactory(
            started_on=datetime.date(2021, 1, 1), ended_on=datetime.date(2020, 1, 1)
        )
    )


def test_years_served_counts_whole_years():
    term = MembershipFactory(started_on=datetime.date(2019, 6, 1))
    assert term.years_served(on=datetime.date(2022, 5, 31)) == 2
    assert term.years_served(on=datetime.date(2022, 6, 1)) == 3


def test_current_terms_are_those_running_on_the_day():
    group = GroupFactory()
    running = MembershipFactory(group=group, started_on=datetime.date(2020, 1, 1))
    ended = MembershipFactory(
        group=group, started_on=datetime.date(2018, 1, 1), ended_on=datetime.date(2019, 12, 31)
    )
    current = Membership.objects.filter(group=group).current(on=datetime.date(2021, 1, 1))
    assert list(current) == [running]
    assert ended not in current


def test_actions_are_numbered_once_per_meeting_from_one():
    action = ActionFactory(number=1)
    assert refused(lambda: ActionFactory(meeting=action.meeting, number=1))
    assert refused(lambda: ActionFactory(number=0))
    assert refused(lambda: ActionFactory(text=""))


def test_a_fuzzy_deadline_is_kept_as_written_with_no_date():
    meeting = MeetingFactory(date=datetime.date(2022, 1, 25))
    action = Action(meeting=meeting, number=1, text="Keep talking")
    action.set_deadline("Ongoing")
    action.save()
    action.refresh_from_db()
    assert action.deadline_text == "Ongoing"
    assert action.deadline is None


def test_a_deadline_that_means_a_date_keeps_both():
    meeting = MeetingFactory(
        date=datetime.date(2022, 1, 25), next_meetings="Wednesday 27 April 2022, 14:00–16:00"
    )
    action = Action(meeting=meeting, number=1, text="Share quotes")
    action.set_deadline("13 Feb")
    assert (action.deadline_text, action.deadline) == ("13 Feb", datetime.date(2022, 2, 13))
    action.set_deadline("By next meeting")
    assert (action.deadline_text, action.deadline) == (
        "By next meeting",
        datetime.date(2022, 4, 27),
    )


def test_meeting_status_starts_as_draft():
    meeting = MeetingFactory()
    assert meeting.status == Meeting.Status.DRAFT


def test_a_member_can_have_no_login_and_a_login_belongs_to_one_member():
    member = MemberFactory()
    assert member.user is None
    other = MemberFactory()
    member.user = other.user = None
    from tests.factories import UserFactory

    user = UserFactory()
    member.user = user
    member.save()
    other.user = user
    assert refused(other.save)


def test_no_group_takes_the_search_pages_address():
    assert refused(lambda: GroupFactory(slug="search"))
