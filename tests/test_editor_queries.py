"""The editor costs the same late in a long history as at the first meeting: no query per row."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from allies.models import Membership
from meetings.models import Meeting
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    AgendaItemFactory,
    AttendanceFactory,
    GroupFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    UserFactory,
)

HX = {"HTTP_HX_REQUEST": "true"}


def history(client, meetings: int) -> Meeting:
    """A group of meetings, each agreed but the last (a draft), with sections, people and
    actions, each action recorded at the next meeting; the secretary logged in."""
    group = GroupFactory()
    user = UserFactory()
    people = [MemberFactory() for _ in range(4)]
    MembershipFactory(group=group, member=people[0], role=Membership.Role.STAFF)
    people[0].user = user
    people[0].save()
    for person in people[1:]:
        MembershipFactory(group=group, member=person)
    earlier: list = []
    day = datetime.date(2020, 1, 7)
    for index in range(meetings):
        last = index == meetings - 1
        status = Meeting.Status.DRAFT if last else Meeting.Status.APPROVED
        made = MeetingFactory(group=group, date=day + datetime.timedelta(weeks=4 * index))
        Meeting.objects.filter(pk=made.pk).update(status=status)
        meeting = Meeting.objects.get(pk=made.pk)
        for person in people:
            AttendanceFactory(meeting=meeting, member=person)
        for position in range(3):
            AgendaItemFactory(meeting=meeting, position=position)
        for action in earlier:
            ActionUpdateFactory(action=action, meeting=meeting, status="ongoing")
        earlier = [ActionFactory(meeting=meeting, number=n) for n in (1, 2, 3)]
    client.force_login(user)
    return meeting


def editor_queries(client, meeting: Meeting) -> int:
    client.get(reverse("meetings:edit", args=[meeting.pk]))  # sessions and caches settle
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("meetings:edit", args=[meeting.pk]))
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_the_editor_asks_as_many_queries_late_in_a_long_history_as_early(client):
    short = editor_queries(client, history(client, 2))
    long = editor_queries(client, history(client, 12))
    assert long == short


@pytest.mark.django_db
def test_a_section_autosave_late_in_a_long_history_asks_six_queries_at_most(
    client, django_assert_max_num_queries
):
    meeting = history(client, 12)
    item = meeting.agenda_items.first()
    prefix = f"section-{item.pk}"
    data = {f"{prefix}-{name}": value for name, value in {
        "version": item.version, "heading": item.heading, "presenter": item.presenter,
        "kind": item.kind, "sensitivity": item.sensitivity, "body": "Typed just now.",
    }.items()}  # fmt: skip
    client.get(reverse("meetings:edit", args=[meeting.pk]))
    with django_assert_max_num_queries(6):
        response = client.post(reverse("meetings:section", args=[item.pk]), data, **HX)
    assert response.status_code == 200
    assert 'id="section-saved-' in response.content.decode()
    item.refresh_from_db()
    assert item.body == "Typed just now."
