"""The review pages: the draft beside its public version; comment threads answer htmx with
the thread alone and a plain post with a redirect; changes between rounds; the history."""

import re

import pytest
from django.contrib.auth.models import User

from meetings.models import Meeting
from publishing.models import Comment
from publishing.review import comment_add, meeting_return_to_draft, review_open

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def meeting(demo_drafts):
    meeting = Meeting.objects.get(group=demo_drafts, date="2022-01-25")
    capacity = meeting.agenda_items.get(heading="Capacity")
    capacity.body = "Nicc said [she may go part-time]{.personal}. " + capacity.body
    capacity.save()
    review_open(meeting=meeting, by=User.objects.get(username="lizzie"), message="Please read")
    return meeting


def log_in(client, username):
    password = {"lizzie": "secretary", "graham": "chair", "mandy": "ally"}[username]
    assert client.login(username=username, password=f"notes-{password}-demo")


def test_the_review_page_shows_the_draft_marked_beside_the_public_version(meeting, client):
    log_in(client, "mandy")
    page = client.get(f"/review/{meeting.pk}/").content.decode()
    assert '<mark class="sensitive personal">' in page
    draft, public = page.split("What the public will see")
    assert "she may go part-time" in draft
    assert "she may go part-time" not in public
    assert "Left out: personal information" in public
    assert "Please read" in page
    assert "I approve these notes for publishing" in page


def test_a_comment_by_htmx_gets_its_thread_alone(meeting, client):
    log_in(client, "mandy")
    item = meeting.agenda_items.get(heading="Capacity")
    key = f"section-{item.pk}"
    response = client.post(
        f"/review/{meeting.pk}/comments/",
        {"text": "Please keep this private.", "thread": key, "agenda_item": item.pk,
         "suggested_sensitivity": "personal"},
        **HX,
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert re.match(rf'\s*<div class="thread" id="comments-{key}"', html)
    assert "Please keep this private." in html
    assert "Suggests personal" in html
    assert Comment.objects.get().agenda_item == item


def test_a_comment_by_a_plain_post_goes_back_to_the_page(meeting, client):
    log_in(client, "mandy")
    response = client.post(
        f"/review/{meeting.pk}/comments/", {"text": "Fine.", "thread": "general"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/review/{meeting.pk}/#comments-general"
    assert Comment.objects.get().text == "Fine."


def test_an_empty_comment_is_refused_with_a_message(meeting, client):
    log_in(client, "mandy")
    response = client.post(
        f"/review/{meeting.pk}/comments/", {"text": "", "thread": "general"}, **HX
    )
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not Comment.objects.exists()


def test_resolving_by_htmx_gets_the_thread_back(meeting, client):
    comment = comment_add(meeting=meeting, by=User.objects.get(username="mandy"), text="Typo")
    log_in(client, "lizzie")
    response = client.post(f"/review/comments/{comment.pk}/resolve/", {"thread": "general"}, **HX)
    html = response.content.decode()
    assert re.match(r'\s*<div class="thread" id="comments-general"', html)
    assert "Resolved by Lizzie" in html


def test_a_comment_on_another_meetings_section_is_not_found(meeting, client):
    log_in(client, "mandy")
    elsewhere = Meeting.objects.get(date="2021-06-23").agenda_items.first()
    response = client.post(
        f"/review/{meeting.pk}/comments/", {"text": "Hm", "agenda_item": elsewhere.pk}
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_allies_answer_and_the_secretary_publishes(meeting, client):
    for username in ("graham", "mandy"):
        log_in(client, username)
        response = client.post(f"/review/{meeting.pk}/decision/", {"decision": "approve"})
        assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.APPROVED
    log_in(client, "lizzie")
    page = client.get(f"/review/{meeting.pk}/").content.decode()
    assert "Ready to publish" in page
    response = client.post(f"/review/{meeting.pk}/publish/", {}, follow=True)
    assert "Published: version 1 is now public." in response.content.decode()
    assert client.get("/notes/allies-group/2022-01-25/").status_code == 200


def test_changes_between_rounds_and_the_history(meeting, client):
    lizzie = User.objects.get(username="lizzie")
    meeting_return_to_draft(meeting=meeting, by=lizzie, reason="Tidy")
    meeting.agenda_items.filter(heading="Funding").update(heading="Funding position")
    review_open(meeting=meeting, by=lizzie)
    log_in(client, "mandy")
    page = client.get(f"/review/{meeting.pk}/changes/").content.decode()
    assert re.search(r'diff__line--removed">.*## Funding \{\.update\}', page)
    assert re.search(r'diff__line--added">.*## Funding position \{\.update\}', page)
    history = client.get(f"/review/{meeting.pk}/history/").content.decode()
    for event in ("Sent for review", "Returned to draft", "Status changed"):
        assert event in history
    assert "Tidy" in history


def test_the_notes_can_record_that_the_last_meetings_notes_were_agreed(meeting, client):
    lizzie = User.objects.get(username="lizzie")
    meeting_return_to_draft(meeting=meeting, by=lizzie)
    log_in(client, "lizzie")
    Meeting.objects.filter(pk=meeting.pk).update(previous_notes_agreed=True)
    preview = client.get(f"/meetings/{meeting.pk}/preview/").content.decode()
    assert "The notes of the last meeting were agreed." in preview
