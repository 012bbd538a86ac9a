"""The action tracker, "my actions", the export, the public preview and the dashboard."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from actions.models import Action
from actions.services import carried_record
from actions.views import TRACKER_PAGE
from meetings.models import Meeting
from publishing.services import meeting_status_change
from tests.factories import MeetingFactory, UserFactory

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def ally(client, demo):
    """An ally of the demo group, whose two meetings are published."""
    assert client.login(username="mandy", password="notes-ally-demo")
    return client


def listed(response):
    html = " ".join(response.content.decode().split())
    return html, [a.text for a in response.context["actions"]]


def test_the_tracker_lists_agreed_actions_not_yet_done_from_every_meeting(ally, demo):
    response = ally.get(reverse("actions:tracker", args=[demo.slug]))
    html, texts = listed(response)
    assert response.status_code == 200
    open_now = Action.objects.of_group(demo).exclude(status__in=["complete", "dropped"])
    assert len(texts) == open_now.count() == 14
    assert "14 actions." in html
    assert "Team to share strategy response blog" not in texts  # complete when agreed


@pytest.mark.parametrize("htmx", [False, True])
def test_filtering_by_status_swaps_only_the_results(ally, demo, htmx):
    url = reverse("actions:tracker", args=[demo.slug]) + "?status=complete"
    response = ally.get(url, **(HX if htmx else {}))
    html, texts = listed(response)
    if htmx:
        assert "<html" not in html
        assert html.lstrip().startswith('<div id="tracker-results"')
    else:
        assert "<html" in html
        assert 'id="tracker-results"' in html
    assert sorted(texts) == sorted(
        Action.objects.of_group(demo).filter(status="complete").values_list("text", flat=True)
    )


def record_later(demo, status, note):
    """Notes of a later meeting recording what became of 2021-06-23 action 3."""
    action = Action.objects.get(meeting__date="2021-06-23", number=3)
    later = MeetingFactory(group=demo, date=datetime.date(2022, 4, 27))
    carried_record(meeting=later, action=action, status=status, note=note)
    return action, later


def test_a_change_in_a_draft_waits_there_and_counts_once_the_notes_are_agreed(client, ally, demo):
    action, later = record_later(demo, "complete", "Blog published")
    url = reverse("actions:tracker", args=[demo.slug])
    html, open_texts = listed(ally.get(url))
    assert action.text in open_texts  # still open, as agreed
    assert "in the draft of" not in html  # a draft is the secretary's own
    assert "Blog published" not in html

    client.force_login(User.objects.get(username="lizzie"))
    html, open_texts = listed(client.get(url))
    assert action.text in open_texts
    assert "Complete, in the draft of 27 Apr 2022" in html
    export = client.get(reverse("actions:export", args=[demo.slug])).content
    rows = list(csv.reader(io.StringIO(export.decode("utf-8-sig"))))
    row = next(r for r in rows if r[1] == "2021-06-23" and r[2] == "3")
    assert (row[8], row[-1]) == ("Open", "Complete, in the draft of 27 Apr 2022")

    meeting_status_change(meeting=later, status="in_review", by=None)
    html, _ = listed(ally.get(url))
    assert "Complete, in the notes of 27 Apr 2022, in review" in html
    meeting_status_change(meeting=later, status="approved", by=None)
    _, open_texts = listed(ally.get(url))
    html, done = listed(ally.get(url + "?status=complete"))
    assert action.text not in open_texts
    assert action.text in done
    assert "Blog published" in html  # its history


def test_actions_of_notes_not_agreed_are_listed_apart_and_not_counted(client, demo_drafts):
    url = reverse("actions:tracker", args=[demo_drafts.slug])
    client.force_login(User.objects.get(username="lizzie"))
    response = client.get(url)
    html, texts = listed(response)
    assert texts == []
    assert "0 actions." in html
    assert len(response.context["not_agreed"]) == Action.objects.count() == 16
    assert "Open, agreed in the draft of 25 Jan 2022" in html
    client.force_login(User.objects.get(username="mandy"))
    response = client.get(url)
    assert response.context["not_agreed"] == []  # drafts are the secretary's own
    Meeting.objects.filter(date="2022-01-25").update(status="in_review")
    html, _ = listed(client.get(url))
    assert "Open, agreed in the notes in review of 25 Jan 2022" in html


def test_filtering_by_owner_and_overdue(ally, demo):
    graham = demo.memberships.get(member__short_name="Graham").member
    url = reverse("actions:tracker", args=[demo.slug])
    _, texts = listed(ally.get(url, {"owner": graham.pk, "status": "all"}))
    assert sorted(texts) == sorted(
        Action.objects.filter(owners=graham).values_list("text", flat=True)
    )
    _, overdue = listed(ally.get(url, {"status": "overdue"}))
    today = datetime.date.today()
    assert overdue
    assert all(a.deadline and a.deadline < today for a in Action.objects.filter(text__in=overdue))
    assert "Team should use the Allies for questions in between meetings" not in overdue


def test_sensitive_actions_are_shown_to_members_marked(ally, demo):
    Action.objects.filter(meeting__date="2022-01-25", number=3).update(sensitivity="financial")
    html, _ = listed(ally.get(reverse("actions:tracker", args=[demo.slug])))
    assert 'class="flag flag--financial"' in html


def test_the_export_is_the_filtered_list_without_emails(ally, demo):
    url = reverse("actions:export", args=[demo.slug]) + "?status=all"
    response = ally.get(url)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Group", "Meeting", "No.", "Agreed approach"]
    assert len(rows) - 1 == Action.objects.of_group(demo).count()
    assert "@" not in response.content.decode()
    second = next(r for r in rows if r[1] == "2022-01-25" and r[2] == "2")
    assert second[4:8] == ["Co-ordinated by Nicc/Lizzie", "Lizzie, Nicc", "13 Feb", "2022-02-13"]


def test_a_formula_in_the_export_stays_text(ally, demo):
    Action.objects.filter(meeting__date="2022-01-25", number=8).update(text="=HYPERLINK(1)")
    response = ally.get(reverse("actions:export", args=[demo.slug]) + "?status=all")
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_my_actions_are_mine_and_not_done(client, demo):
    assert client.login(username="graham", password="notes-chair-demo")
    response = client.get(reverse("actions:mine"))
    texts = [a.text for a in response.context["actions"]]
    graham = demo.memberships.get(member__short_name="Graham").member
    expected = Action.objects.filter(owners=graham).exclude(status="complete")
    assert sorted(texts) == sorted(expected.values_list("text", flat=True))
    assert "Sarah and Graham to advocate" in " ".join(texts)


def test_the_tracker_is_for_members_of_the_group(client, demo):
    response = client.get(reverse("actions:tracker", args=[demo.slug]))
    assert response.status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("actions:tracker", args=[demo.slug])).status_code == 403
    assert client.get(reverse("actions:export", args=[demo.slug])).status_code == 403


def test_the_preview_is_what_the_public_sees(client, demo_drafts):
    demo = demo_drafts
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    item = meeting.agenda_items.get(heading="Capacity")
    item.body = "Nicc said [she is unwell this month]{.personal} but on track."
    item.save()
    Action.objects.filter(meeting=meeting, number=4).update(sensitivity="financial")
    assert client.login(username="lizzie", password="notes-secretary-demo")
    html = client.get(reverse("meetings:preview", args=[meeting.pk])).content.decode()
    assert "Public preview" in html
    assert "exactly what the public will see" in html
    assert "she is unwell" not in html
    assert "Left out: personal information" in html
    assert "Left out: financial information" in html
    assert "1 action and 1 passage were left out: financial and personal information" in html


def test_the_preview_says_when_it_cannot_be_made(client, demo_drafts):
    demo = demo_drafts
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    meeting.agenda_items.filter(heading="Capacity").update(body="A [passage]{.secret}")
    assert client.login(username="lizzie", password="notes-secretary-demo")
    html = client.get(reverse("meetings:preview", args=[meeting.pk])).content.decode()
    assert "The preview cannot be made yet" in html
    assert "unknown mark .secret" in html


def test_the_dashboard_shows_meetings_by_status_and_actions(client, demo_drafts):
    demo = demo_drafts
    Meeting.objects.filter(group=demo, date="2021-06-23").update(status="in_review")
    assert client.login(username="lizzie", password="notes-secretary-demo")
    response = client.get(reverse("home"), follow=True)
    html = " ".join(response.content.decode().split())
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Drafts you are writing" in html
    assert "Tuesday 25 January 2022" in html
    assert "Waiting for review" in html
    assert "Wednesday 23 June 2021" in html
    assert "0 not yet done" in html  # nothing is agreed yet
    assert "And 14 agreed in notes not approved yet" in html
    assert "New meeting" in html


def test_an_ally_sees_no_drafts_on_the_dashboard(client, demo_drafts):
    assert client.login(username="mandy", password="notes-ally-demo")
    html = client.get(reverse("dashboard")).content.decode()
    assert "Drafts you are writing" not in html
    assert "25 January 2022" not in html
    assert "New meeting" not in html


def many_actions(demo, count, **fields):
    """`count` more open actions agreed at the demo's published meeting of 2022."""
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    first = meeting.actions.order_by("-number").values_list("number", flat=True)[0] + 1
    Action.objects.bulk_create(
        Action(meeting=meeting, number=first + n, text=f"Extra action {n}", **fields)
        for n in range(count)
    )


def test_the_tracker_lists_a_page_at_a_time_and_its_page_links_keep_the_filters(ally, demo):
    many_actions(demo, TRACKER_PAGE + 10, status="open", status_now="open")
    url = reverse("actions:tracker", args=[demo.slug])
    first = ally.get(url + "?status=open")
    html, texts = listed(first)
    total = Action.objects.of_group(demo).filter(status_now="open").count()
    assert TRACKER_PAGE < total <= 2 * TRACKER_PAGE
    assert len(texts) == TRACKER_PAGE
    assert f"{total} actions, 1 to {TRACKER_PAGE} shown." in html
    assert 'href="?status=open&amp;page=2"' in html  # a plain link: works without JavaScript
    html, rest = listed(ally.get(url + "?status=open&page=2"))
    assert len(rest) == total - TRACKER_PAGE
    assert not set(texts) & set(rest)
    assert ally.get(url + "?status=open&page=99").context["page"].number == 2  # the last page


def test_the_dashboard_shows_five_overdue_actions_and_counts_them_all(client, demo):
    many_actions(demo, 8, status="open", status_now="open", deadline=datetime.date(2022, 2, 1))
    assert client.login(username="mandy", password="notes-ally-demo")
    response = client.get(reverse("dashboard"))
    summary = next(s for s in response.context["groups"] if s["group"] == demo)
    overdue = Action.objects.of_group(demo).filter(
        status_now__in=["open", "in_progress", "ongoing"], deadline__lt=datetime.date.today()
    )
    assert len(summary["overdue"]) == 5
    assert summary["overdue_count"] == overdue.count() >= 8
    assert f"All {overdue.count()} overdue actions" in response.content.decode()
