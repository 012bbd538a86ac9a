"""The members page: terms, the balance of members, attendance and actions, and editing terms."""

import datetime
import re

import pytest
from django.utils import timezone

from actions.members import attendance_at, ending_soon
from allies.models import Member, Membership
from meetings.models import Attendance, Meeting
from tests.factories import (
    ActionFactory,
    AttendanceFactory,
    GroupFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    UserFactory,
)

TODAY = timezone.localdate()


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def world(db):
    group = GroupFactory(name="Allies Group", slug="allies")
    secretary = UserFactory()
    MembershipFactory(
        group=group,
        member=MemberFactory(full_name="Liz Staff", user=secretary),
        role=Membership.Role.STAFF,
        started_on=ago(2000),
    )
    ally = UserFactory()
    ann = MemberFactory(
        full_name="Ann Ally", user=ally, affiliation=Member.Affiliation.UNIVERSITY,
        email="ann@example.org",
    )  # fmt: skip
    ann_term = MembershipFactory(
        group=group, member=ann, started_on=ago(400), ended_on=TODAY + datetime.timedelta(days=60)
    )
    bob = MemberFactory(full_name="Bob Newer", affiliation=Member.Affiliation.EXTERNAL)
    MembershipFactory(group=group, member=bob, started_on=ago(45))
    old = MeetingFactory(group=group, date=ago(90), status=Meeting.Status.PUBLISHED)
    recent = MeetingFactory(group=group, date=ago(30), status=Meeting.Status.IN_REVIEW)
    MeetingFactory(group=group, date=ago(10), status=Meeting.Status.DRAFT)  # not counted
    AttendanceFactory(meeting=old, member=ann, status=Attendance.Status.PRESENT)
    AttendanceFactory(meeting=recent, member=ann, status=Attendance.Status.APOLOGIES)
    AttendanceFactory(meeting=recent, member=bob, status=Attendance.Status.PRESENT)
    action = ActionFactory(meeting=old, text="Write the welcome pack", deadline_text="March")
    action.owners.set([ann])
    return {"group": group, "secretary": secretary, "ally": ally, "ann_term": ann_term}


def test_members_see_terms_balance_attendance_and_actions(world, client):
    client.force_login(world["ally"])
    response = client.get("/actions/group/allies/members/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ann Ally</strong>: term ends on" in page
    assert "Inside the university: <strong>1</strong>" in page
    assert "Another organisation: <strong>1</strong>" in page
    assert "Community: <strong>1</strong>" in page
    row = re.search(r"<th scope=\"row\">Ann Ally</th>(.*?)</tr>", page.split("attendance-grid")[1])
    assert re.findall(r">(Present|Apologies|Absent|<span[^>]*>–</span>)<", row.group(1)) == [
        "Present",
        "Apologies",
    ]
    bob = re.search(r"<th scope=\"row\">Bob Newer</th>(.*?)</tr>", page.split("attendance-grid")[1])
    assert "Not on the group" in bob.group(1)  # joined after the first meeting
    assert "Write the welcome pack" in page
    assert "Edit terms" not in page  # allies read; the secretary edits
    assert 'role="img"' in page
    assert " style=" not in page


def test_a_member_with_no_attendance_recorded_was_absent_while_on_the_group(world):
    meeting = Meeting.objects.get(date=ago(90))
    terms = list(Membership.objects.all())
    liz = Member.objects.get(full_name="Liz Staff")
    bob = Member.objects.get(full_name="Bob Newer")
    assert attendance_at(meeting, liz, terms) == "absent"
    assert attendance_at(meeting, bob, terms) == ""


def test_terms_ending_within_six_months_or_reaching_three_years(world):
    group = world["group"]
    near_three = MembershipFactory(group=group, started_on=ago(3 * 365 - 100))
    MembershipFactory(group=group, started_on=ago(365))  # two years off three
    MembershipFactory(group=group, started_on=ago(30), ended_on=TODAY + datetime.timedelta(400))
    terms = list(Membership.objects.current().filter(group=group))
    liz = Membership.objects.get(member__full_name="Liz Staff")
    ending = [(e.term.pk, e.reason) for e in ending_soon(terms, TODAY)]
    assert ending == [
        (liz.pk, "3 years on the group"),  # long past, and still on with no end set
        (world["ann_term"].pk, "term ends"),
        (near_three.pk, "3 years on the group"),
    ]


def test_only_the_group_sees_the_members_page(world, client):
    assert client.get("/actions/group/allies/members/").status_code == 302
    outsider = UserFactory()
    MembershipFactory(member=MemberFactory(user=outsider))
    client.force_login(outsider)
    assert client.get("/actions/group/allies/members/").status_code == 403


def term_post(term, version=None, **changes):
    data = {
        "role": term.role,
        "started_on": term.started_on.isoformat(),
        "ended_on": term.ended_on.isoformat() if term.ended_on else "",
        "version": term.version if version is None else version,
    } | changes
    return {f"term-{term.pk}-{key}": value for key, value in data.items()}


def test_the_secretary_edits_a_term(world, client):
    client.force_login(world["secretary"])
    term = world["ann_term"]
    url = f"/actions/group/allies/members/{term.pk}/"
    response = client.post(url, term_post(term, role="co_chair", ended_on="2030-01-31"))
    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.role, term.ended_on, term.version) == ("co_chair", datetime.date(2030, 1, 31), 2)


def test_a_stale_edit_of_a_term_is_refused_and_shows_the_saved_one(world, client):
    client.force_login(world["secretary"])
    term = world["ann_term"]
    url = f"/actions/group/allies/members/{term.pk}/"
    client.post(url, term_post(term, ended_on="2030-01-31"))
    response = client.post(url, term_post(term, version=1, ended_on="2031-06-30"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "someone else changed this term" in page
    assert "31 January 2030" in page
    assert 'value="2030-01-31"' in page
    term.refresh_from_db()
    assert (term.ended_on, term.version) == (datetime.date(2030, 1, 31), 2)


def test_a_term_cannot_end_before_it_starts_or_clash_with_another(world, client):
    client.force_login(world["secretary"])
    term = world["ann_term"]
    url = f"/actions/group/allies/members/{term.pk}/"
    response = client.post(url, term_post(term, ended_on="2000-01-01"))
    assert response.status_code == 422
    assert "A term cannot end before it starts." in response.content.decode()
    MembershipFactory(
        group=term.group, member=term.member, started_on=ago(5000), ended_on=ago(4000)
    )
    response = client.post(url, term_post(term, started_on=ago(5000).isoformat()))
    assert response.status_code == 422
    assert "already has a term on this group starting on" in response.content.decode()


def test_allies_cannot_edit_terms(world, client):
    client.force_login(world["ally"])
    term = world["ann_term"]
    response = client.post(f"/actions/group/allies/members/{term.pk}/", term_post(term))
    assert response.status_code == 403


def test_the_public_group_page_shows_names_and_roles_only(world, client):
    page = client.get("/notes/allies/").content.decode()
    assert "Ann Ally" in page
    assert "Staff" in page
    term = world["ann_term"]
    for private in (
        "ann@example.org", "Inside the university", "Another organisation", "university",
        term.ended_on.isoformat(), f"{term.ended_on:%-d %B %Y}", f"{term.ended_on:%-d %b %Y}",
        f"{term.started_on:%-d %B %Y}", "Term ends", "Apologies", "Write the welcome pack",
    ):  # fmt: skip
        assert private not in page, private
