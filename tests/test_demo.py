"""The demo data is the group's real notes, as published, and loading it twice changes nothing."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from actions.models import Action
from allies.models import Group, Member, Membership
from meetings.models import AgendaItem, Attendance, Meeting
from publishing.models import Publication
from publishing.render_html import notes_html

SOURCES = Path(settings.BASE_DIR) / "demo" / "sources"


def source_counts(name: str) -> dict[str, int]:
    """Count present, apologies and actions straight from a published text file."""
    text = (SOURCES / name).read_text(encoding="utf-8")
    present = re.search(r"^Present:(.*)$", text, re.MULTILINE)
    apologies = re.search(r"^Apologies:(.*)$", text, re.MULTILINE)
    assert present
    assert apologies
    actions = re.findall(r"^\t?\d+\.\s", text, re.MULTILINE)
    return {
        "present": len(present.group(1).split(",")),
        "apologies": len(apologies.group(1).split(",")),
        "actions": len(actions),
    }


@pytest.mark.parametrize(
    ("day", "source"),
    [("2021-06-23", "2021-06-23-allies-notes.txt"), ("2022-01-25", "2022-01-25-allies-notes.txt")],
)
def test_demo_meetings_match_their_published_notes(demo, day, source):
    meeting = Meeting.objects.get(group=demo, date=day)
    expected = source_counts(source)
    assert expected["present"] == 8
    assert meeting.attendances.filter(status="present").count() == expected["present"]
    assert meeting.attendances.filter(status="apologies").count() == expected["apologies"]
    assert meeting.actions.count() == expected["actions"]
    assert meeting.attendances.get(role="chair").member.full_name == "Graham Hart"


def test_demo_2021_records_roles_owners_and_deadlines(demo):
    meeting = Meeting.objects.get(group=demo, date="2021-06-23")
    assert meeting.attendances.get(takes_notes=True).member.short_name == "Lizzie"
    third = meeting.actions.get(number=3)
    assert third.owner_text == "Lizzie to organise"
    assert [m.short_name for m in third.owners.all()] == ["Lizzie"]
    assert (third.deadline_text, str(third.deadline)) == ("July 2021", "2021-07-31")
    headings = list(meeting.agenda_items.values_list("heading", flat=True))
    assert headings[:3] == ["Updates", "Our Direction 2020-2022", "Funding Update"]
    assert headings[-1] == "The role of the Allies Group members"


def test_demo_2022_records_statuses_and_the_next_meeting(demo):
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    first, fifth = meeting.actions.get(number=1), meeting.actions.get(number=5)
    assert (first.deadline_text, first.status) == ("25 Jan", "complete")
    assert (fifth.deadline_text, fifth.status) == ("", "complete")
    second = meeting.actions.get(number=2)
    assert second.owner_text == "Co-ordinated by Nicc/Lizzie"
    assert sorted(m.short_name for m in second.owners.all()) == ["Lizzie", "Nicc"]
    assert meeting.next_meeting_lines == ["Wednesday 27 April 2022, 14:00–16:00"]
    assert meeting.agenda_items.count() == 8
    # The 2021 actions still open are offered to the 2022 notes, which record none of them.
    assert Action.objects.open_before(meeting).count() == 7
    assert not meeting.action_updates.exists()


def test_the_published_2022_notes_have_no_table_of_earlier_actions(demo):
    publication = Publication.objects.get(meeting__date="2022-01-25")
    public = publication.public_notes()
    assert public.carried == ()
    assert [action.label for action in public.actions] == [str(n) for n in range(1, 10)]
    assert "Actions from previous meetings" not in notes_html(public)
    assert set(Action.objects.values_list("status", "status_now").distinct()) <= {
        ("open", "open"), ("complete", "complete"),
    }  # fmt: skip


def test_demo_group_terms_and_about_text(demo):
    assert demo.full_name == "Co-Production Collective Allies Group"
    assert "the only content we won’t publish" in demo.about
    assert Membership.objects.filter(group=demo).count() == 11
    assert Membership.objects.get(group=demo, role="chair").member.full_name == "Graham Hart"
    assert Membership.objects.filter(group=demo, role="staff").count() == 2
    assert demo.recurring_items.count() == 2


def test_demo_accounts_can_log_in(demo, client):
    assert client.login(username="lizzie", password="notes-secretary-demo")
    assert Member.objects.get(user__username="mandy").full_name == "Mandy Rudczenko"


def test_both_demo_meetings_are_published_as_they_were_by_the_secretary(demo):
    publications = Publication.objects.filter(meeting__group=demo).order_by("meeting__date")
    assert [(p.meeting.date.isoformat(), p.version) for p in publications] == [
        ("2021-06-23", 1),
        ("2022-01-25", 1),
    ]
    assert {p.published_by.username for p in publications} == {"lizzie"}
    assert set(Meeting.objects.values_list("status", flat=True)) == {Meeting.Status.PUBLISHED}
    assert "Graham Hart (chair)" in publications[1].text


def test_loading_the_demo_twice_changes_nothing(demo):
    models = [Group, Member, Membership, Meeting, Attendance, AgendaItem, Action, Publication]
    before = {model: model.objects.count() for model in models}
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert {model: model.objects.count() for model in models} == before
    assert "notes-secretary-demo" in out.getvalue()


def test_the_demo_refuses_to_load_outside_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Group.objects.exists()
