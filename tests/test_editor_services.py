"""The editor's services: a new meeting starts from the group, and no save overwrites another."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Action, ActionUpdate
from actions.services import action_update, carried_record, carried_update
from allies.models import Membership
from meetings.models import AgendaItem, Attendance, Meeting, RecurringItem
from meetings.selectors import notes_of
from meetings.services import (
    EditConflict,
    attendance_update,
    meeting_create,
    section_delete,
    section_move,
    section_restore,
    update_if_unchanged,
)
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    GroupFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def test_a_new_meeting_lists_the_members_of_the_day_and_the_usual_agenda():
    group = GroupFactory()
    chair = MembershipFactory(group=group, role=Membership.Role.CHAIR).member
    MembershipFactory(group=group, role=Membership.Role.STAFF)
    MembershipFactory(group=group, role=Membership.Role.CO_CHAIR)
    MembershipFactory(group=group, ended_on=datetime.date(2021, 12, 31))  # gone by then
    MembershipFactory(group=group, started_on=datetime.date(2023, 1, 1))  # not yet joined
    RecurringItem.objects.create(group=group, heading="Spotlight on…", kind="spotlight", position=1)
    RecurringItem.objects.create(group=group, heading="EDI", kind="edi", position=2)

    meeting = meeting_create(group=group, date=datetime.date(2022, 5, 4))

    rows = list(meeting.attendances.select_related("member"))
    assert len(rows) == 3
    assert all(row.status == "present" for row in rows)
    assert meeting.attendances.get(role="chair").member == chair
    assert meeting.attendances.filter(role="co_chair").count() == 1
    assert [(i.heading, i.kind) for i in meeting.agenda_items.all()] == [
        ("Spotlight on…", "spotlight"),
        ("EDI", "edi"),
    ]
    assert meeting.status == Meeting.Status.DRAFT


def test_a_new_meeting_lists_every_open_action_without_copying_it(demo):
    meeting = meeting_create(group=demo, date=datetime.date(2022, 4, 27))
    assert Action.objects.open_before(meeting).count() == 14
    assert not meeting.actions.exists()
    assert notes_of(meeting).carried == ()  # nothing recorded about them yet
    assert [s.heading for s in notes_of(meeting).sections] == [
        "Spotlight on…",
        "Equality, diversity and inclusion",
    ]


def test_a_second_meeting_on_the_same_day_is_refused():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError, match="already has a meeting"):
        meeting_create(group=meeting.group, date=meeting.date)
    assert Meeting.objects.count() == 1


def test_the_new_meeting_page_refuses_a_day_taken(client, demo):
    assert client.login(username="lizzie", password="notes-secretary-demo")
    data = {"group": demo.pk, "date": "2022-01-25", "start_time": "14:00", "end_time": "16:00"}
    response = client.post(reverse("meetings:new"), data)
    assert response.status_code == 422
    assert "Allies Group already has a meeting on 25 January 2022" in response.content.decode()

    data["date"] = "2022-04-27"
    response = client.post(reverse("meetings:new"), data)
    meeting = Meeting.objects.get(group=demo, date="2022-04-27")
    assert response.url == reverse("meetings:edit", args=[meeting.pk])
    assert meeting.attendances.count() == 11
    assert meeting.start_time == datetime.time(14)


# Two editors of one item: the second save is not applied, and is told.


def test_two_editors_of_one_section_the_second_is_told():
    item = AgendaItemFactory(body="Before")
    loaded = item.version
    update_if_unchanged(item, version=loaded, body="First editor")
    with pytest.raises(EditConflict) as conflict:
        update_if_unchanged(AgendaItem.objects.get(pk=item.pk), version=loaded, body="Second")
    assert conflict.value.current.body == "First editor"


def test_two_editors_in_the_browser_see_both_versions_and_choose(client, demo_drafts):
    demo = demo_drafts
    assert client.login(username="lizzie", password="notes-secretary-demo")
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    item = meeting.agenda_items.get(heading="Funding")
    url = reverse("meetings:section", args=[item.pk])
    loaded = item.version

    def post(body, **extra):
        data = {
            "version": loaded, "heading": item.heading, "kind": item.kind,
            "sensitivity": item.sensitivity, "body": body, **extra,
        }  # fmt: skip
        return client.post(url, {f"section-{item.pk}-{k}": v for k, v in data.items()}, **HX)

    assert post("Theirs: funding is secured.").status_code == 200
    second = post("Mine: funding is uncertain.")
    html = second.content.decode()
    assert second.status_code == 409
    assert "Someone else saved a change" in html
    assert "Mine: funding is uncertain." in html
    assert "Theirs: funding is secured." in html
    assert AgendaItem.objects.get(pk=item.pk).body == "Theirs: funding is secured."
    # The form keeps the old version, so typing on does not overwrite either.
    assert f'name="section-{item.pk}-version" value="{loaded}"' in html
    assert post("Mine, typed on.").status_code == 409

    # "Use the saved version" reloads the section as it is saved now.
    theirs = client.get(url, **HX).content.decode()
    assert "Theirs: funding is secured." in theirs

    # "Keep my version" saves against the version now saved.
    current = AgendaItem.objects.get(pk=item.pk).version
    kept = post("Mine: funding is uncertain.", keep_mine=current)
    assert kept.status_code == 200
    assert AgendaItem.objects.get(pk=item.pk).body == "Mine: funding is uncertain."


def test_two_editors_of_one_action(demo):
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    action = meeting.actions.get(number=2)
    fields = {
        "number": 2, "text": action.text, "owner_text": "Nicc", "deadline_text": "13 Feb",
        "status": "open", "sensitivity": "public",
    }  # fmt: skip
    action_update(action=action, version=1, **fields)
    with pytest.raises(EditConflict):
        action_update(
            action=Action.objects.get(pk=action.pk), version=1, **{**fields, "owner_text": "All"}
        )
    action.refresh_from_db()
    assert action.owner_text == "Nicc"
    assert [m.short_name for m in action.owners.all()] == ["Nicc"]


def test_two_editors_of_what_the_notes_record_about_a_carried_action(demo):
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    action = Action.objects.get(meeting__date="2021-06-23", number=6)
    row = carried_record(meeting=meeting, action=action)
    carried_update(row=row, version=1, status="ongoing", note="A")
    with pytest.raises(EditConflict) as conflict:
        carried_update(row=ActionUpdate.objects.get(pk=row.pk), version=1, status="complete",
                       note="B")  # fmt: skip
    assert conflict.value.current.note == "A"
    assert ActionUpdate.objects.get(action=action, meeting=meeting).status == "ongoing"
    with pytest.raises(ValidationError, match="already recorded"):
        carried_record(meeting=meeting, action=action, status="complete")


def test_an_attendance_changed_meanwhile_is_a_conflict():
    row = Attendance.objects.create(meeting=MeetingFactory(), member=MemberFactory())
    attendance_update(attendance=row, version=1, status="apologies", role="", takes_notes=False,
                      introduction="")  # fmt: skip
    with pytest.raises(EditConflict):
        attendance_update(
            attendance=Attendance.objects.get(pk=row.pk), version=1, status="present",
            role="chair", takes_notes=True, introduction="",
        )  # fmt: skip
    row.refresh_from_db()
    assert (row.status, row.role) == ("apologies", "")


def test_a_chair_who_sends_apologies_loses_the_role_and_the_notes():
    row = Attendance.objects.create(
        meeting=MeetingFactory(), member=MemberFactory(), role="chair", takes_notes=True
    )
    attendance_update(attendance=row, version=1, status="apologies", role="chair",
                      takes_notes=True, introduction="")  # fmt: skip
    row.refresh_from_db()
    assert (row.status, row.role, row.takes_notes) == ("apologies", "", False)


# Sections: order, deletion and undo.


def test_moving_sections_keeps_a_clean_order_and_checks_the_version():
    meeting = MeetingFactory()
    a, b, c = (AgendaItemFactory(meeting=meeting, position=1) for _ in range(3))
    section_move(item=c, version=c.version, by=-1)
    assert list(meeting.agenda_items.values_list("pk", "position")) == [
        (a.pk, 1), (c.pk, 2), (b.pk, 3),
    ]  # fmt: skip
    with pytest.raises(EditConflict):
        section_move(item=c, version=1, by=-1)  # c moved since version 1 was loaded


def test_a_deleted_section_leaves_the_notes_and_comes_back_in_its_place():
    meeting = MeetingFactory()
    first, second = AgendaItemFactory(meeting=meeting), AgendaItemFactory(meeting=meeting)
    section_delete(item=first, version=first.version)
    assert [s.heading for s in notes_of(meeting).sections] == [second.heading]
    assert AgendaItem.with_deleted.filter(meeting=meeting).count() == 2
    with pytest.raises(EditConflict) as conflict:
        update_if_unchanged(first, version=first.version, body="Editing a deleted one")
    assert conflict.value.current is None
    section_restore(item=first)
    assert [s.heading for s in notes_of(meeting).sections] == [first.heading, second.heading]


def test_a_sensitive_section_deleted_then_previewed_does_not_show(client, demo):
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    item = meeting.agenda_items.get(heading="Capacity")
    section_delete(item=item, version=item.version)
    assert client.login(username="lizzie", password="notes-secretary-demo")
    html = client.get(reverse("meetings:preview", args=[meeting.pk])).content.decode()
    assert "Capacity" not in html
    assert "Funding" in html


def test_other_meetings_actions_are_never_changed_by_a_move():
    meeting = MeetingFactory()
    ActionFactory(meeting=meeting)
    item = AgendaItemFactory(meeting=meeting)
    section_move(item=item, version=item.version, by=1)
    assert AgendaItem.objects.get(pk=item.pk).version == item.version
