"""The review pages: the draft beside its public version; comment threads answer htmx with
the thread alone and a plain post with a redirect; changes between rounds; the history."""

import re

import pytest
from django.contrib.auth.models import User

from actions.models import Action
from actions.services import carried_record
from meetings.models import Meeting
from meetings.services import update_if_unchanged
from publishing.models import Approval, AuditEntry, Comment, Correction, Suggestion
from publishing.review import (
    comment_add,
    correction_record,
    decision_record,
    fingerprint,
    meeting_return_to_draft,
    public_text_now,
    review_open,
    suggestion_add,
)
from tests.test_editor_views import section_post

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
    seen = fingerprint(public_text_now(meeting))
    for username in ("graham", "mandy"):
        log_in(client, username)
        response = client.post(
            f"/review/{meeting.pk}/decision/", {"decision": "approve", "seen": seen}
        )
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
    # The words that changed in a line are in bold.
    assert re.search(r'<strong class="diff__changed">\s*position\s*</strong>', page)
    words = re.sub(r"</?strong[^>]*>", "", page)
    assert re.search(r'diff__line--added">.*## Funding position \{\.update\}', words)
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


# Correcting notes in review, and suggested wordings.


def test_in_review_the_secretarys_saves_are_corrections_that_allies_confirm(meeting, client):
    decision_record(meeting=meeting, by=User.objects.get(username="mandy"), decision="approve")
    item = meeting.agenda_items.get(heading="Funding")
    log_in(client, "lizzie")
    editor = client.get(f"/meetings/{meeting.pk}/edit/").content.decode()
    assert "You can still correct them here" in editor
    url = f"/meetings/sections/{item.pk}/"
    typo = item.body.replace("funding", "fudning", 1)
    response = client.post(url, section_post(item, body=typo), **HX)
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    item.refresh_from_db()
    response = client.post(url, section_post(item, body=typo.replace("fudning", "funding")))
    assert response.status_code == 302
    assert Correction.objects.filter(round__meeting=meeting).count() == 2
    assert AuditEntry.objects.filter(meeting=meeting, event="corrected").count() == 2

    # Mandy approved before the typo was made and mended: her approval stands.
    log_in(client, "mandy")
    page = client.get(f"/review/{meeting.pk}/").content.decode()
    assert "your approval stands" in page
    assert "I approve the notes as corrected" not in page

    # A change the public reads asks her to confirm, showing the words that changed.
    log_in(client, "lizzie")
    item.refresh_from_db()
    client.post(url, section_post(item, heading="Funding position"), **HX)
    log_in(client, "mandy")
    page = client.get(f"/review/{meeting.pk}/").content.decode()
    assert "Corrected since you approved" in page
    assert re.search(r'<strong class="diff__changed">\s*position\s*</strong>', page)
    seen = re.search(r'name="seen" value="(\w+)"', page).group(1)
    assert seen == fingerprint(public_text_now(meeting))
    response = client.post(f"/review/{meeting.pk}/confirm/", {"seen": seen}, follow=True)
    assert "you approved the notes as corrected" in response.content.decode()
    assert Approval.objects.get().public_text == public_text_now(meeting)


def test_an_ally_reading_the_notes_in_the_editor_is_sent_to_suggest_a_change(meeting, client):
    log_in(client, "mandy")
    page = client.get(f"/meetings/{meeting.pk}/edit/").content.decode()
    assert "only the secretary changes them" in page
    assert "<textarea" not in page


def suggestion_post(item, text, version=None):
    return {
        "agenda_item": item.pk,
        "version": item.version if version is None else version,
        "text": text,
        "note": "A typo",
    }


def test_a_suggestion_by_htmx_gets_its_sections_suggestions_alone(meeting, client):
    item = meeting.agenda_items.get(heading="Funding")
    log_in(client, "mandy")
    page = client.get(f"/review/{meeting.pk}/").content.decode()
    assert f'id="wording-{item.pk}"' in page
    response = client.post(
        f"/review/{meeting.pk}/suggestions/", suggestion_post(item, "Funding is secure."), **HX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert re.match(rf'\s*<div class="suggestions" id="suggestions-{item.pk}"', html)
    assert "suggests a wording" in html
    assert "Funding is secure." in html
    assert Suggestion.objects.get().text == "Funding is secure."


def test_a_suggestion_by_a_plain_post_goes_back_to_its_section(meeting, client):
    item = meeting.agenda_items.get(heading="Funding")
    log_in(client, "mandy")
    response = client.post(
        f"/review/{meeting.pk}/suggestions/", suggestion_post(item, "Funding is secure.")
    )
    assert response.status_code == 302
    assert response["Location"] == f"/review/{meeting.pk}/#suggestions-{item.pk}"


def test_a_refused_suggestion_keeps_what_was_typed(meeting, client):
    item = meeting.agenda_items.get(heading="Capacity")
    log_in(client, "mandy")
    unmarked = item.body.replace("[she may go part-time]{.personal}", "she may go part-time")
    response = client.post(
        f"/review/{meeting.pk}/suggestions/", suggestion_post(item, unmarked), **HX
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Keep every passage that is marked" in html
    assert "Nicc said she may go part-time." in html  # the wording typed, in its box
    stale = suggestion_post(item, "New words.", version=item.version - 1)
    response = client.post(f"/review/{meeting.pk}/suggestions/", stale, **HX)
    assert response.status_code == 409
    assert "changed while you were writing" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_the_secretary_accepts_or_declines_by_htmx_and_plainly(meeting, client):
    mandy, lizzie = User.objects.get(username="mandy"), User.objects.get(username="lizzie")
    item = meeting.agenda_items.get(heading="Funding")
    first = suggestion_add(
        meeting=meeting, by=mandy, agenda_item=item, text="Funding: all well.",
        section_version=item.version,
    )  # fmt: skip
    second = suggestion_add(
        meeting=meeting, by=mandy, agenda_item=item, text="Funding: all fine.",
        section_version=item.version,
    )  # fmt: skip
    log_in(client, "mandy")
    assert client.post(f"/review/suggestions/{first.pk}/accept/", **HX).status_code == 403
    log_in(client, "lizzie")
    response = client.post(f"/review/suggestions/{first.pk}/accept/", **HX)
    assert (response.status_code, response["HX-Refresh"]) == (200, "true")
    item.refresh_from_db()
    assert item.body == "Funding: all well."

    # The second was written against the section before the first changed it.
    response = client.post(f"/review/suggestions/{second.pk}/accept/", **HX)
    html = response.content.decode()
    assert response.status_code == 409
    assert re.match(rf'\s*<div class="suggestions" id="suggestions-{item.pk}"', html)
    assert "so it was not applied" in html
    response = client.post(
        f"/review/suggestions/{second.pk}/decline/", {"reason": "Taken up already"}, **HX
    )
    assert "Declined by Lizzie" in response.content.decode()
    assert "Taken up already" in response.content.decode()
    response = client.post(f"/review/suggestions/{second.pk}/decline/")
    assert response.status_code == 302
    assert response["Location"] == f"/review/{meeting.pk}/#suggestions-{item.pk}"
    assert Suggestion.objects.get(pk=second.pk).decided_by == lizzie


def test_an_approval_of_notes_corrected_since_they_were_read_is_refused(meeting, client):
    log_in(client, "mandy")
    page = client.get(f"/review/{meeting.pk}/").content.decode()
    seen = re.search(r'name="seen" value="(\w+)"', page).group(1)
    item = meeting.agenda_items.get(heading="Funding")
    update_if_unchanged(item, version=item.version, body="Corrected meanwhile.")
    response = client.post(
        f"/review/{meeting.pk}/decision/", {"decision": "approve", "seen": seen}, follow=True
    )
    assert "corrected while you were reading them" in response.content.decode()
    assert not Approval.objects.exists()


def test_the_primary_action_is_the_one_that_fits_the_state(meeting, client):
    log_in(client, "lizzie")
    page = client.get(f"/review/{meeting.pk}/").content.decode()
    # Not ready: returning to draft is in plain view; publishing anyway is folded away.
    assert "Publish the notes</button>" not in page
    assert page.index("Return to draft</button>") < page.index('<details class="stack override">')
    assert '<button type="submit" class="button--danger">Publish anyway' in page
    for username in ("graham", "mandy"):
        decision_record(meeting=meeting, by=User.objects.get(username=username), decision="approve")
    page = client.get(f"/review/{meeting.pk}/").content.decode()
    assert '<button type="submit">Publish the notes</button>' in page
    assert "Publish anyway" not in page
    assert page.index("Publish the notes</button>") < page.index("Return to draft</button>")


def test_after_publishing_the_message_links_to_the_public_page(meeting, client):
    for username in ("graham", "mandy"):
        decision_record(meeting=meeting, by=User.objects.get(username=username), decision="approve")
    log_in(client, "lizzie")
    response = client.post(f"/review/{meeting.pk}/publish/", {}, follow=True)
    assert (
        'Published: version 1 is now public. <a href="/notes/allies-group/2022-01-25/">'
        "Read the public page</a>." in response.content.decode()
    )


def test_comments_of_an_earlier_round_stay_visible_in_the_next(meeting, client):
    lizzie = User.objects.get(username="lizzie")
    item = meeting.agenda_items.get(heading="Capacity")
    comment_add(
        meeting=meeting, by=User.objects.get(username="mandy"), text="Name Laura?",
        agenda_item=item,
    )  # fmt: skip
    meeting_return_to_draft(meeting=meeting, by=lizzie)
    review_open(meeting=meeting, by=lizzie)
    log_in(client, "lizzie")
    page = client.get(f"/review/{meeting.pk}/").content.decode()
    thread = page[page.index(f'id="comments-section-{item.pk}"') :]
    thread = thread[: thread.index("</article>")]
    assert "Name Laura?" in thread
    assert "Round 1" in thread
    assert "Mark resolved" not in thread  # only this round's comments are answered here


def test_the_secretary_emails_those_whose_approval_waits(
    meeting, client, mailoutbox, django_capture_on_commit_callbacks
):
    mandy = User.objects.get(username="mandy")
    decision_record(meeting=meeting, by=mandy, decision="approve")
    item = meeting.agenda_items.get(heading="Funding")
    update_if_unchanged(item, version=item.version, heading="Funding position")
    correction_record(meeting=meeting, by=User.objects.get(username="lizzie"))
    log_in(client, "lizzie")
    page = client.get(f"/review/{meeting.pk}/").content.decode()
    assert "Approved before a correction, to confirm: Mandy." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/review/{meeting.pk}/ask-to-confirm/", follow=True)
    assert "Emailed Mandy, asking them to confirm." in response.content.decode()
    assert [email.to for email in mailoutbox[-1:]] == [[mandy.email]]


def test_the_review_page_tells_which_earlier_actions_will_be_left_out(meeting, client):
    june = Action.objects.filter(meeting__date="2021-06-23")  # a draft: not published
    for action in june.filter(number__in=(1, 2)):
        carried_record(meeting=meeting, action=action, status="complete", note="zqxdone")
    log_in(client, "mandy")
    page = " ".join(client.get(f"/review/{meeting.pk}/").content.decode().split())
    draft, public = page.split("What the public will see")
    told = "2 carried actions come from the notes of 23 June 2021, not yet published: they will"
    assert f"{told} be left out." in public
    assert "zqxdone" in draft  # the draft shows what it records
    assert "zqxdone" not in public


def test_allies_do_not_read_a_drafts_action_through_the_notes_they_review(meeting, client):
    draft = Meeting.objects.get(group=meeting.group, date="2021-06-23")  # still a draft
    action = draft.actions.get(number=1)
    carried_record(meeting=meeting, action=action, status="complete", note="Done")
    log_in(client, "mandy")
    for page in (f"/review/{meeting.pk}/", f"/meetings/{meeting.pk}/edit/"):
        html = client.get(page).content.decode()
        assert "Done" in html
        assert action.text not in html
    log_in(client, "lizzie")
    assert action.text in client.get(f"/review/{meeting.pk}/").content.decode()
