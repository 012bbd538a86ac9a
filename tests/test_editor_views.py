"""The editor's endpoints answer htmx with their partial alone, and a plain post with a redirect."""

import datetime
import re

import pytest
from django.urls import reverse

from actions.models import Action, ActionUpdate
from allies.models import Member, Membership
from meetings.models import AgendaItem, Attendance, Meeting
from meetings.selectors import notes_of
from tests.factories import (
    GroupFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    UserFactory,
)

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def demo(demo_drafts):
    """Here the demo's meetings are drafts: the secretary is still writing them up."""
    return demo_drafts


@pytest.fixture
def meeting(demo):
    return Meeting.objects.get(group=demo, date="2022-01-25")


@pytest.fixture
def secretary(client, demo):
    assert client.login(username="lizzie", password="notes-secretary-demo")
    return client


def assert_partial(response, element_id, status=200):
    """The partial alone came back: no page around it, and its root has the given id."""
    html = response.content.decode()
    assert response.status_code == status, html[:500]
    assert "<html" not in html
    assert "<body" not in html
    first_tag = re.search(r"<(\w+)[^>]*\bid=\"([^\"]+)\"", html)
    assert first_tag is not None, html[:300]
    assert first_tag.group(2) == element_id, html[:300]
    return html


def assert_redirected_to_editor(response, meeting):
    assert response.status_code == 302
    assert response.url.startswith(reverse("meetings:edit", args=[meeting.pk]))


def section_post(item, **changes):
    prefix = f"section-{item.pk}"
    data = {
        "version": item.version,
        "heading": item.heading,
        "presenter": item.presenter,
        "kind": item.kind,
        "sensitivity": item.sensitivity,
        "body": item.body,
        **changes,
    }
    return {f"{prefix}-{name}": value for name, value in data.items() if value is not None}


def action_post(action, **changes):
    data = {
        "version": action.version,
        "number": action.number,
        "text": action.text,
        "owner_text": action.owner_text,
        "deadline_text": action.deadline_text,
        "status": action.status,
        "sensitivity": action.sensitivity,
        **changes,
    }
    return {f"action-{action.pk}-{name}": value for name, value in data.items()}


def attendance_post(row, **changes):
    data = {
        "version": row.version,
        "status": row.status,
        "role": row.role,
        "introduction": row.introduction,
        **changes,
    }
    if row.takes_notes and "takes_notes" not in changes:
        data["takes_notes"] = "on"
    return {f"attendance-{row.pk}-{name}": value for name, value in data.items()}


def details_post(meeting, **changes):
    data = {
        "version": meeting.version,
        "date": meeting.date.isoformat(),
        "start_time": "14:00",
        "end_time": "16:00",
        "place": "Online",
        "conflicts": "",
        "next_meetings": "\n".join(meeting.next_meeting_lines),
        **changes,
    }
    return {f"details-{name}": value for name, value in data.items()}


# The page and its parts, for each partial: plainly and with htmx.


def test_the_editor_page_shows_every_part(secretary, meeting):
    response = secretary.get(reverse("meetings:edit", args=[meeting.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for part in ("details", "attendance", "actions", "carried", "sections"):
        assert f'id="{part}"' in html
    assert html.count('class="attendance-row ') == 11
    assert "Laura Cream" in html
    assert "Allies to share quotes" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_saving_a_section_body(secretary, meeting, htmx):
    item = meeting.agenda_items.get(heading="Funding")
    url = reverse("meetings:section", args=[item.pk])
    data = section_post(item, body="Funding is **fine**.")
    response = secretary.post(url, data, **(HX if htmx else {}))
    if htmx:
        html = assert_partial(response, f"section-saved-{item.pk}")
        assert "<strong>fine</strong>" in html
        assert f'value="{item.version + 1}"' in html
    else:
        assert_redirected_to_editor(response, meeting)
    item.refresh_from_db()
    assert (item.body, item.version) == ("Funding is **fine**.", 2)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_new_sensitivity_redraws_the_whole_section(secretary, meeting, htmx):
    item = meeting.agenda_items.get(heading="Capacity")
    response = secretary.post(
        reverse("meetings:section", args=[item.pk]),
        section_post(item, sensitivity="personal"),
        **(HX if htmx else {}),
    )
    if htmx:
        html = assert_partial(response, f"section-{item.pk}")
        assert "sensitivity--personal" in html
        assert "left out of the public notes" in html
    else:
        assert_redirected_to_editor(response, meeting)
    assert AgendaItem.objects.get(pk=item.pk).sensitivity == "personal"


@pytest.mark.parametrize("htmx", [False, True])
def test_getting_a_section_reloads_it_as_saved(secretary, meeting, htmx):
    item = meeting.agenda_items.first()
    response = secretary.get(reverse("meetings:section", args=[item.pk]), **(HX if htmx else {}))
    if htmx:
        assert_partial(response, f"section-{item.pk}")
    else:
        assert_redirected_to_editor(response, meeting)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_body_that_would_break_the_notes_is_refused_with_a_reason(secretary, meeting, htmx):
    item = meeting.agenda_items.first()
    data = section_post(item, body="Intro\n\n## A second heading\n\nMore")
    response = secretary.post(
        reverse("meetings:section", args=[item.pk]), data, **(HX if htmx else {})
    )
    if htmx:
        html = assert_partial(response, f"section-saved-{item.pk}", status=422)
    else:
        html = response.content.decode()
        assert response.status_code == 422
        assert "<html" in html
        assert "A second heading" in html  # what was typed is still in the form
    assert "sub-headings in a section start with ###" in html
    assert AgendaItem.objects.get(pk=item.pk).body == item.body


def test_a_mistyped_mark_is_refused(secretary, meeting):
    item = meeting.agenda_items.first()
    data = section_post(item, body="A [secret] {.personal} passage")
    response = secretary.post(reverse("meetings:section", args=[item.pk]), data, **HX)
    html = assert_partial(response, f"section-saved-{item.pk}", status=422)
    assert "mark was not understood" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_adding_a_section(secretary, meeting, htmx):
    response = secretary.post(
        reverse("meetings:section_add", args=[meeting.pk]),
        {"new-section-heading": "Any other business", "new-section-kind": "aob"},
        **(HX if htmx else {}),
    )
    item = meeting.agenda_items.get(heading="Any other business")
    if htmx:
        html = assert_partial(response, "sections")
        assert f'id="section-{item.pk}"' in html
        assert f"id_section-{item.pk}-body" in response["HX-Trigger-After-Settle"]
    else:
        assert_redirected_to_editor(response, meeting)
    assert item.position == 9
    assert item.kind == "aob"


@pytest.mark.parametrize("htmx", [False, True])
def test_moving_a_section_up(secretary, meeting, htmx):
    first, second = list(meeting.agenda_items.all())[:2]
    response = secretary.post(
        reverse("meetings:section_change", args=[second.pk, "up"]),
        {"version": second.version},
        **(HX if htmx else {}),
    )
    if htmx:
        assert_partial(response, "sections")
    else:
        assert_redirected_to_editor(response, meeting)
    assert list(meeting.agenda_items.all())[:2] == [second, first]


def test_a_section_saved_since_the_page_loaded_can_still_be_moved(secretary, meeting):
    first, second = list(meeting.agenda_items.all())[:2]
    secretary.post(
        reverse("meetings:section", args=[second.pk]), section_post(second, body="New"), **HX
    )
    # The button's own version is the one the page loaded; the row's form has the new one.
    data = {"version": second.version, f"section-{second.pk}-version": second.version + 1}
    response = secretary.post(
        reverse("meetings:section_change", args=[second.pk, "up"]), data, **HX
    )
    assert_partial(response, "sections")
    assert list(meeting.agenda_items.all())[:2] == [second, first]


@pytest.mark.parametrize("htmx", [False, True])
def test_deleting_a_section_can_be_undone(secretary, meeting, htmx):
    item = meeting.agenda_items.get(heading="Funding")
    extra = HX if htmx else {}
    response = secretary.post(
        reverse("meetings:section_change", args=[item.pk, "delete"]),
        {"version": item.version},
        **extra,
    )
    if htmx:
        html = assert_partial(response, "sections")
        assert f'id="section-{item.pk}-restore"' in html
        assert "Undo delete" in html
    assert not meeting.agenda_items.filter(pk=item.pk).exists()
    assert "Funding" not in [s.heading for s in notes_of(meeting).sections]

    response = secretary.post(
        reverse("meetings:section_change", args=[item.pk, "restore"]), **extra
    )
    if htmx:
        assert_partial(response, "sections")
    else:
        assert_redirected_to_editor(response, meeting)
    assert meeting.agenda_items.get(pk=item.pk).body == item.body


@pytest.mark.parametrize("htmx", [False, True])
def test_one_click_marks_apologies_and_redraws_the_attendance(secretary, meeting, htmx):
    row = meeting.attendances.get(member__short_name="Graham")
    assert row.role == "chair"
    response = secretary.post(
        reverse("meetings:attendance", args=[row.pk]),
        attendance_post(row, status="apologies"),
        **(HX if htmx else {}),
    )
    if htmx:
        html = assert_partial(response, "attendance")
        assert response["HX-Retarget"] == "#attendance"
        assert "7 present, 4 apologies" in html
    else:
        assert_redirected_to_editor(response, meeting)
    row.refresh_from_db()
    assert (row.status, row.role) == ("apologies", "")


def test_naming_a_new_chair_unseats_the_old_one(secretary, meeting):
    row = meeting.attendances.get(member__short_name="Mandy")
    response = secretary.post(
        reverse("meetings:attendance", args=[row.pk]), attendance_post(row, role="chair"), **HX
    )
    assert_partial(response, "attendance")
    assert meeting.attendances.get(role="chair").member.short_name == "Mandy"


@pytest.mark.parametrize("htmx", [False, True])
def test_adding_a_guest_with_an_introduction(secretary, meeting, htmx):
    data = {
        "new-person-name": "Ada Guest",
        "new-person-status": "guest",
        "new-person-introduction": "Ada works on *open data*.",
    }
    response = secretary.post(
        reverse("meetings:attendance_add", args=[meeting.pk]), data, **(HX if htmx else {})
    )
    if htmx:
        html = assert_partial(response, "attendance")
        assert "Ada Guest" in html
        assert "1 guest" in html
    else:
        assert_redirected_to_editor(response, meeting)
    row = meeting.attendances.get(member__full_name="Ada Guest")
    assert (row.status, row.introduction) == ("guest", "Ada works on *open data*.")


def test_adding_someone_already_listed_says_so(secretary, meeting):
    data = {"new-person-name": "Mandy", "new-person-status": "guest"}
    response = secretary.post(reverse("meetings:attendance_add", args=[meeting.pk]), data, **HX)
    html = assert_partial(response, "attendance", status=422)
    assert "Mandy Rudczenko is already on the list (Present)" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_a_guests_introduction_saves_without_redrawing_the_list(secretary, meeting, htmx):
    guest = Attendance.objects.create(
        meeting=meeting, member=MemberFactory(full_name="Bo Guest"), status="guest", position=20
    )
    response = secretary.post(
        reverse("meetings:attendance", args=[guest.pk]),
        attendance_post(guest, introduction="Bo runs a café."),
        **(HX if htmx else {}),
    )
    if htmx:
        assert_partial(response, f"attendance-saved-{guest.pk}")
    else:
        assert_redirected_to_editor(response, meeting)
    guest.refresh_from_db()
    assert guest.introduction == "Bo runs a café."


@pytest.mark.parametrize("htmx", [False, True])
def test_getting_an_attendance_row(secretary, meeting, htmx):
    row = meeting.attendances.first()
    response = secretary.get(reverse("meetings:attendance", args=[row.pk]), **(HX if htmx else {}))
    if htmx:
        assert_partial(response, f"attendance-row-{row.pk}")
    else:
        assert_redirected_to_editor(response, meeting)


@pytest.mark.parametrize("htmx", [False, True])
def test_saving_the_details(secretary, meeting, htmx):
    response = secretary.post(
        reverse("meetings:details", args=[meeting.pk]),
        details_post(meeting, place="Room 101"),
        **(HX if htmx else {}),
    )
    if htmx:
        assert_partial(response, "details-saved")
    else:
        assert_redirected_to_editor(response, meeting)
    meeting.refresh_from_db()
    assert (meeting.place, meeting.start_time) == ("Room 101", datetime.time(14))


@pytest.mark.parametrize("htmx", [False, True])
def test_getting_the_details(secretary, meeting, htmx):
    response = secretary.get(reverse("meetings:details", args=[meeting.pk]), **(HX if htmx else {}))
    if htmx:
        assert_partial(response, "details")
    else:
        assert_redirected_to_editor(response, meeting)


def test_a_new_date_sends_the_carried_over_actions_too(secretary, meeting):
    response = secretary.post(
        reverse("meetings:details", args=[meeting.pk]),
        details_post(meeting, date="2021-06-01"),
        **HX,
    )
    html = assert_partial(response, "details-saved")
    assert 'id="carried" hx-swap-oob="true"' in html
    assert "No open actions from earlier meetings" in html


def test_a_date_taken_by_another_meeting_is_refused(secretary, meeting):
    response = secretary.post(
        reverse("meetings:details", args=[meeting.pk]),
        details_post(meeting, date="2021-06-23"),
        **HX,
    )
    html = assert_partial(response, "details-saved", status=422)
    assert "There is already a meeting on 23 June 2021" in html


def test_end_before_start_is_refused(secretary, meeting):
    data = details_post(meeting, start_time="16:00", end_time="14:00")
    response = secretary.post(reverse("meetings:details", args=[meeting.pk]), data, **HX)
    html = assert_partial(response, "details-saved", status=422)
    assert "must end after it starts" in html


# Actions agreed, and carried over.


@pytest.mark.parametrize("htmx", [False, True])
def test_adding_an_action_works_out_owners_and_deadline(secretary, meeting, htmx):
    data = {
        "new-action-number": "10",
        "new-action-text": "Write to the funders",
        "new-action-owner_text": "Nicc/ Graham",
        "new-action-deadline_text": "",
        "new-action-deadline_pick": "2022-03-04",
        "new-action-status": "open",
        "new-action-sensitivity": "public",
    }
    response = secretary.post(
        reverse("actions:add", args=[meeting.pk]), data, **(HX if htmx else {})
    )
    if htmx:
        html = assert_partial(response, "actions")
        assert "Write to the funders" in html
    else:
        assert_redirected_to_editor(response, meeting)
    action = meeting.actions.get(number=10)
    assert (action.deadline_text, action.deadline) == ("4 Mar 2022", datetime.date(2022, 3, 4))
    assert sorted(m.short_name for m in action.owners.all()) == ["Graham", "Nicc"]


def test_an_action_number_in_use_is_refused(secretary, meeting):
    data = {
        "new-action-number": "3", "new-action-text": "Again", "new-action-status": "open",
        "new-action-sensitivity": "public",
    }  # fmt: skip
    response = secretary.post(reverse("actions:add", args=[meeting.pk]), data, **HX)
    html = assert_partial(response, "actions", status=422)
    assert "There is already an action 3" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_saving_an_action_follows_the_owner_text(secretary, meeting, htmx):
    action = meeting.actions.get(number=9)
    response = secretary.post(
        reverse("actions:action", args=[action.pk]),
        action_post(action, owner_text="Mandy and Cristina", deadline_text="By next meeting"),
        **(HX if htmx else {}),
    )
    if htmx:
        html = assert_partial(response, f"action-saved-{action.pk}")
        assert "Owners: Cristina, Mandy." in html or "Owners: Mandy, Cristina." in html
        assert "27 April 2022" in html
    else:
        assert_redirected_to_editor(response, meeting)
    action.refresh_from_db()
    assert {m.short_name for m in action.owners.all()} == {"Mandy", "Cristina"}
    assert action.deadline == datetime.date(2022, 4, 27)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_sensitive_action_redraws_its_row(secretary, meeting, htmx):
    action = meeting.actions.get(number=4)
    response = secretary.post(
        reverse("actions:action", args=[action.pk]),
        action_post(action, sensitivity="financial"),
        **(HX if htmx else {}),
    )
    if htmx:
        html = assert_partial(response, f"action-row-{action.pk}")
        assert response["HX-Retarget"] == f"#action-row-{action.pk}"
        assert "sensitivity--financial" in html
    else:
        assert_redirected_to_editor(response, meeting)


@pytest.mark.parametrize("htmx", [False, True])
def test_getting_an_action_row(secretary, meeting, htmx):
    action = meeting.actions.first()
    response = secretary.get(reverse("actions:action", args=[action.pk]), **(HX if htmx else {}))
    if htmx:
        assert_partial(response, f"action-row-{action.pk}")
    else:
        assert_redirected_to_editor(response, meeting)


@pytest.mark.parametrize("htmx", [False, True])
def test_deleting_an_action(secretary, meeting, htmx):
    action = meeting.actions.get(number=9)
    response = secretary.post(
        reverse("actions:delete", args=[action.pk]),
        {"version": action.version},
        **(HX if htmx else {}),
    )
    if htmx:
        assert_partial(response, "actions")
    else:
        assert_redirected_to_editor(response, meeting)
    assert not Action.objects.filter(pk=action.pk).exists()


# Earlier actions: recorded in these notes, changed, taken out.


def carried_post(row, **changes):
    data = {
        "version": row.version,
        "status": row.status,
        "note": row.note,
        "text": row.text,
        "owner_text": row.owner_text,
        "deadline_text": row.deadline_text,
        "sensitivity": row.sensitivity,
        **changes,
    }
    return {f"carried-{row.pk}-{name}": value for name, value in data.items()}


@pytest.mark.parametrize("htmx", [False, True])
def test_discussed_with_no_change_is_one_click_and_records_a_row(secretary, meeting, htmx):
    action = Action.objects.get(meeting__date="2021-06-23", number=3)
    url = reverse("actions:carried", args=[action.pk, meeting.pk])
    response = secretary.post(url, {"no_change": "1"}, **(HX if htmx else {}))
    row = ActionUpdate.objects.get(action=action, meeting=meeting)
    assert (row.status, row.note) == ("open", "")
    if htmx:
        html = assert_partial(response, "carried")
        recorded, still_open = html.split('id="carried-open"')
        assert f'id="carried-row-{row.pk}"' in recorded
        assert f'id="record-{action.pk}"' not in still_open
        assert "23 Jun 2021, action 3 recorded: no change." in response["HX-Trigger-After-Settle"]
    else:
        assert_redirected_to_editor(response, meeting)
        assert response.url.endswith(f"#carried-row-{row.pk}")
    assert [c.reference.number for c in notes_of(meeting).carried] == [3]


def test_the_page_leaves_out_the_form_of_an_open_earlier_action_until_it_is_opened(
    secretary, meeting
):
    action = Action.objects.get(meeting__date="2021-06-23", number=3)
    page = secretary.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    row = page.split(f'<li id="record-{action.pk}"')[1].split("</li>")[0]
    assert f'name="record-{action.pk}-status"' not in row
    edit = reverse("meetings:edit", args=[meeting.pk])
    assert f'href="{edit}?record={action.pk}#record-{action.pk}"' in row
    assert f'hx-get="{reverse("actions:carried", args=[action.pk, meeting.pk])}"' in row
    assert '<details class="carried__details">' in row  # shut until the secretary opens it


@pytest.mark.parametrize("htmx", [False, True])
def test_opening_an_open_earlier_action_draws_its_form(secretary, meeting, htmx):
    action = Action.objects.get(meeting__date="2021-06-23", number=3)
    url = reverse("actions:carried", args=[action.pk, meeting.pk])
    response = secretary.get(url, **(HX if htmx else {}))
    if htmx:
        html = assert_partial(response, f"record-form-{action.pk}")
    else:
        edit = reverse("meetings:edit", args=[meeting.pk])
        assert response.url == f"{edit}?record={action.pk}#record-{action.pk}"
        page = secretary.get(response.url).content.decode()
        html = page.split(f'<li id="record-{action.pk}"')[1].split("</li>")[0]
        assert '<details class="carried__details" open>' in html
    assert f'name="record-{action.pk}-status"' in html
    assert f'name="record-{action.pk}-note"' in html
    assert '<option value="open" selected>' in html  # its status as last recorded
    assert not ActionUpdate.objects.filter(action=action, meeting=meeting).exists()


def test_opening_an_action_recorded_meanwhile_redraws_the_earlier_actions(secretary, meeting):
    action = Action.objects.get(meeting__date="2021-06-23", number=3)
    url = reverse("actions:carried", args=[action.pk, meeting.pk])
    secretary.post(url, {"no_change": "1"})  # in another tab
    response = secretary.get(url, **HX)
    assert response["HX-Retarget"] == "#carried"
    html = assert_partial(response, "carried")
    row = ActionUpdate.objects.get(action=action, meeting=meeting)
    assert f'id="carried-row-{row.pk}"' in html


@pytest.mark.parametrize("htmx", [False, True])
def test_a_status_and_update_are_recorded_then_changed_then_taken_out(secretary, meeting, htmx):
    extra = HX if htmx else {}
    action = Action.objects.get(meeting__date="2021-06-23", number=3)
    url = reverse("actions:carried", args=[action.pk, meeting.pk])
    prefix = f"record-{action.pk}"
    data = {f"{prefix}-status": "in_progress", f"{prefix}-note": "Blog drafted"}
    secretary.post(url, data, **extra)
    row = ActionUpdate.objects.get(action=action, meeting=meeting)
    assert (row.status, row.note) == ("in_progress", "Blog drafted")

    data = carried_post(row, status="complete", note="Blog out", text="Blog, in our words")
    response = secretary.post(reverse("actions:recorded", args=[row.pk]), data, **extra)
    row.refresh_from_db()
    assert (row.status, row.note, row.text, row.version) == (
        "complete", "Blog out", "Blog, in our words", 2,
    )  # fmt: skip
    if htmx:  # a new status redraws the row, so its one line says so
        assert "Complete" in assert_partial(response, f"carried-row-{row.pk}")
    else:
        assert_redirected_to_editor(response, meeting)

    remove = reverse("actions:recorded_remove", args=[row.pk])
    response = secretary.post(remove, {"version": row.version}, **extra)
    assert not ActionUpdate.objects.filter(pk=row.pk).exists()
    if htmx:
        assert f'id="record-{action.pk}"' in assert_partial(response, "carried")
    else:
        assert_redirected_to_editor(response, meeting)


@pytest.mark.parametrize("htmx", [False, True])
def test_dropping_an_action_needs_a_reason(secretary, meeting, htmx):
    action = Action.objects.get(meeting__date="2021-06-23", number=3)
    url = reverse("actions:carried", args=[action.pk, meeting.pk])
    prefix = f"record-{action.pk}"
    data = {f"{prefix}-status": "dropped", f"{prefix}-note": ""}
    response = secretary.post(url, data, **(HX if htmx else {}))
    assert response.status_code == 422
    html = assert_partial(response, "carried", 422) if htmx else response.content.decode()
    assert "Say why it was dropped." in html
    assert not ActionUpdate.objects.exists()


def test_a_change_made_meanwhile_to_a_record_is_a_conflict(secretary, meeting):
    action = Action.objects.get(meeting__date="2021-06-23", number=3)
    secretary.post(reverse("actions:carried", args=[action.pk, meeting.pk]), {"no_change": "1"})
    row = ActionUpdate.objects.get(action=action, meeting=meeting)
    url = reverse("actions:recorded", args=[row.pk])
    secretary.post(url, carried_post(row, note="Mine first"), **HX)
    response = secretary.post(url, carried_post(row, note="Theirs"), **HX)
    html = assert_partial(response, f"carried-saved-{row.pk}", 409)
    assert "Someone else saved a change" in html
    response = secretary.post(
        reverse("actions:recorded_remove", args=[row.pk]), {"version": row.version}, **HX
    )
    assert "changed by someone else" in response["HX-Trigger-After-Settle"]
    assert ActionUpdate.objects.get(pk=row.pk).note == "Mine first"


@pytest.mark.parametrize("htmx", [False, True])
def test_getting_a_recorded_row(secretary, meeting, htmx):
    action = Action.objects.get(meeting__date="2021-06-23", number=3)
    secretary.post(reverse("actions:carried", args=[action.pk, meeting.pk]), {"no_change": "1"})
    row = ActionUpdate.objects.get(action=action, meeting=meeting)
    response = secretary.get(reverse("actions:recorded", args=[row.pk]), **(HX if htmx else {}))
    if htmx:
        assert_partial(response, f"carried-row-{row.pk}")
    else:
        assert_redirected_to_editor(response, meeting)


def test_an_action_of_a_later_meeting_is_refused_and_another_groups_is_not_found(
    secretary, meeting
):
    earlier = Meeting.objects.get(group=meeting.group, date="2021-06-23")
    later_action = meeting.actions.first()
    url = reverse("actions:carried", args=[later_action.pk, earlier.pk])
    response = secretary.post(url, {"no_change": "1"}, **HX)
    assert "not before this meeting" in assert_partial(response, "carried", 422)
    other = Action.objects.create(meeting=MeetingFactory(), number=1, text="Elsewhere")
    response = secretary.post(
        reverse("actions:carried", args=[other.pk, meeting.pk]), {"no_change": "1"}, **HX
    )
    assert response.status_code == 404
    assert not ActionUpdate.objects.exists()


# Who may do what.


def editor_urls(meeting):
    item = meeting.agenda_items.first()
    action = meeting.actions.first()
    row = meeting.attendances.first()
    return [
        reverse("meetings:edit", args=[meeting.pk]),
        reverse("meetings:preview", args=[meeting.pk]),
        reverse("meetings:details", args=[meeting.pk]),
        reverse("meetings:section", args=[item.pk]),
        reverse("meetings:attendance", args=[row.pk]),
        reverse("actions:action", args=[action.pk]),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, meeting):
    for url in [*editor_urls(meeting), reverse("meetings:new"), reverse("dashboard")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url


def test_a_save_after_the_login_ended_sends_the_page_to_log_in(client, meeting):
    item = meeting.agenda_items.get(heading="Funding")
    editor = reverse("meetings:edit", args=[meeting.pk])
    response = client.post(
        reverse("meetings:section", args=[item.pk]),
        section_post(item, body="Typed after the session ended."),
        HTTP_HX_CURRENT_URL=f"http://testserver{editor}#section-{item.pk}",
        **HX,
    )
    # Not a redirect the browser would follow inside the request, swapping the
    # login page into the section: htmx takes the whole page there, and back.
    assert response.status_code == 401
    assert response["HX-Redirect"] == f"/accounts/login/?next={editor}%23section-{item.pk}"
    assert response["Cache-Control"] == "private, no-store"
    item.refresh_from_db()
    assert item.body != "Typed after the session ended."


def test_an_ally_may_not_open_or_change_a_draft(client, meeting):
    assert client.login(username="mandy", password="notes-ally-demo")
    for url in editor_urls(meeting):
        assert client.get(url).status_code == 403, url
    item = meeting.agenda_items.first()
    response = client.post(
        reverse("meetings:section", args=[item.pk]), section_post(item, body="x")
    )
    assert response.status_code == 403
    assert client.get(reverse("meetings:new")).status_code == 403


def test_an_ally_reads_notes_sent_for_review(client, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.IN_REVIEW)
    assert client.login(username="mandy", password="notes-ally-demo")
    html = client.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    assert "only the secretary changes them" in html
    assert "<textarea" not in html
    assert client.get(reverse("meetings:preview", args=[meeting.pk])).status_code == 200


def test_another_groups_secretary_is_refused(client, meeting):
    other = GroupFactory()
    user = UserFactory()
    MembershipFactory(group=other, member=MemberFactory(user=user), role=Membership.Role.STAFF)
    client.force_login(user)
    for url in editor_urls(meeting):
        assert client.get(url).status_code == 403, url
    action = meeting.actions.first()
    response = client.post(
        reverse("actions:action", args=[action.pk]), action_post(action, text="x")
    )
    assert response.status_code == 403
    assert Action.objects.get(pk=action.pk).text == action.text


def test_published_notes_cannot_be_changed(secretary, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    item = meeting.agenda_items.first()
    response = secretary.post(
        reverse("meetings:section", args=[item.pk]), section_post(item, body="Late"), **HX
    )
    assert response.status_code == 403
    assert AgendaItem.objects.get(pk=item.pk).body == item.body
    html = secretary.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    assert "can no longer be changed here" in html


def test_members_of_the_demo_have_logins_as_expected(meeting):
    assert Member.objects.get(user__username="lizzie").short_name == "Lizzie"
