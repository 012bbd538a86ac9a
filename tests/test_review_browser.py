"""A whole review round in the browser: the secretary sends the draft, an ally comments, the
secretary answers and resolves, two allies approve, the secretary publishes, and anybody
reads the public page. Then review without starting again: a typo corrected in review and
confirmed in one click, a wording suggested and accepted; the page passes axe at two widths."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from meetings.models import Meeting
from publishing.models import AuditEntry, Publication
from publishing.review import (
    comment_add,
    correction_record,
    decision_record,
    review_open,
    suggestion_add,
)
from tests.browser import box, serious_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORDS = {"lizzie": "notes-secretary-demo", "graham": "notes-chair-demo",
             "mandy": "notes-ally-demo"}  # fmt: skip
SECRET = "Nicc may reduce her hours next year"


def as_user(browser: Browser, live_server, username: str | None, width: int = 1280) -> Page:
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    if username:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORDS[username])
        page.click("main button[type=submit]")
        expect(page.locator("h1")).to_have_text("Your groups' notes")
    return page


def test_a_whole_review_round(demo_drafts, browser, live_server):
    meeting = Meeting.objects.get(group=demo_drafts, date="2022-01-25")
    capacity = meeting.agenda_items.get(heading="Capacity")
    capacity.body = f"[{SECRET}]{{.personal}}. {capacity.body}"
    capacity.save()
    review = f"{live_server.url}/review/{meeting.pk}/"

    # The secretary sends the draft to the allies.
    lizzie = as_user(browser, live_server, "lizzie")
    lizzie.goto(f"{live_server.url}/meetings/{meeting.pk}/edit/")
    lizzie.get_by_role("link", name="Send for review").click()
    lizzie.get_by_label("Message to the allies").fill("Please read before Friday.")
    lizzie.get_by_role("button", name="Send for review").click()
    expect(lizzie.locator(".messages")).to_contain_text("Round 1 is open")
    assert len(mail.outbox) == 1
    assert review in mail.outbox[0].body

    # An ally reads it beside the public version and comments on a section.
    mandy = as_user(browser, live_server, "mandy")
    mandy.goto(review)
    expect(mandy.locator(".review-columns__draft mark.sensitive")).to_contain_text(SECRET)
    expect(mandy.locator(".review-columns__public")).not_to_contain_text(SECRET)
    expect(mandy.locator(".review-columns__public")).to_contain_text(
        "Left out: personal information"
    )
    thread = mandy.locator(f"#comments-section-{capacity.pk}")
    thread.locator("summary").click()
    thread.get_by_label("Your comment").fill("Should the last paragraph name Laura?")
    thread.get_by_role("button", name="Add comment").click()
    expect(mandy.locator(f"#comments-section-{capacity.pk} .comment")).to_contain_text(
        "Should the last paragraph name Laura?"
    )

    # The secretary answers it and resolves it, in place.
    lizzie.goto(review)
    comment = lizzie.locator(f"#comments-section-{capacity.pk} .comment").first
    comment.get_by_label("Answer").fill("Yes: she agreed to it.")
    comment.get_by_role("button", name="Send answer").click()
    expect(lizzie.locator(f"#comments-section-{capacity.pk} .comment__answer")).to_contain_text(
        "she agreed to it"
    )
    lizzie.locator(f"#comments-section-{capacity.pk}").get_by_role(
        "button", name="Mark resolved"
    ).click()
    expect(lizzie.locator(f"#comments-section-{capacity.pk} .comment")).to_contain_text(
        "Resolved by Lizzie"
    )

    # Two allies approve: the chair and one more, as the group's rule asks.
    for username in ("graham", "mandy"):
        ally = as_user(browser, live_server, username)
        ally.goto(review)
        ally.get_by_label("I approve these notes for publishing").check()
        ally.get_by_role("button", name="Send my answer").click()
        expect(ally.locator(".messages")).to_contain_text("your answer is recorded")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.APPROVED

    # The secretary publishes.
    lizzie.goto(review)
    expect(lizzie.locator(".review-status")).to_contain_text("Ready to publish")
    lizzie.get_by_role("button", name="Publish the notes").click()
    expect(lizzie.locator(".messages")).to_contain_text("Published: version 1 is now public.")
    assert Publication.objects.filter(meeting=meeting, version=1).exists()
    events = set(AuditEntry.objects.filter(meeting=meeting).values_list("event", flat=True))
    assert {"round_opened", "commented", "answered", "resolved", "approved", "published"} <= events

    # Anybody reads the public page, with the personal passage left out.
    visitor = as_user(browser, live_server, None)
    visitor.goto(f"{live_server.url}/notes/allies-group/2022-01-25/")
    expect(visitor.locator("h1")).to_have_text("Meeting notes: Tuesday 25 January 2022")
    expect(visitor.locator("main")).to_contain_text("Left out: personal information")
    expect(visitor.locator("main")).not_to_contain_text(SECRET)
    expect(visitor.get_by_role("link", name=re.compile("^PDF"))).to_be_visible()


TYPO = "Niccola shared an update on our current fudning position"


@pytest.fixture
def approved(demo_drafts):
    """The 25 January notes out for review with a typo in them, approved by the chair and Mandy."""
    meeting = Meeting.objects.get(group=demo_drafts, date="2022-01-25")
    funding = meeting.agenda_items.get(heading="Funding")
    funding.body = funding.body.replace("Niccola shared an update on our current funding", TYPO)
    funding.save()
    review_open(meeting=meeting, by=User.objects.get(username="lizzie"))
    for username in ("graham", "mandy"):
        decision_record(meeting=meeting, by=User.objects.get(username=username), decision="approve")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.APPROVED
    return meeting


def test_a_typo_is_corrected_in_review_confirmed_in_one_click_and_published(
    approved, browser, live_server
):
    meeting = approved
    review = f"{live_server.url}/review/{meeting.pk}/"

    # The secretary corrects the typo in the editor, without starting the review again.
    lizzie = as_user(browser, live_server, "lizzie")
    lizzie.goto(review)
    lizzie.get_by_role("link", name="Correct the notes").click()
    expect(lizzie.locator(".notice--in-review")).to_contain_text("You can still correct them")
    body = lizzie.get_by_role("textbox", name="Notes of Funding")
    body.fill(body.input_value().replace("fudning", "funding"))
    expect(lizzie.locator("#save-status")).to_have_text("All changes saved.")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.IN_REVIEW
    assert meeting.review_rounds.count() == 1

    # Each ally sees exactly what changed, and confirms in one click.
    for username in ("mandy", "graham"):
        ally = as_user(browser, live_server, username)
        ally.goto(review)
        changed = ally.locator("#changed-since")
        expect(changed).to_contain_text("Corrected since you approved")
        expect(changed.locator(".diff__line--removed .diff__changed")).to_have_text("fudning")
        expect(changed.locator(".diff__line--added .diff__changed")).to_have_text("funding")
        ally.get_by_role("button", name="I approve the notes as corrected").click()
        expect(ally.locator(".messages")).to_contain_text("you approved the notes as corrected")
        expect(ally.locator("#changed-since")).to_have_count(0)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.APPROVED

    # The secretary publishes; the message links to the public page.
    lizzie.goto(review)
    lizzie.get_by_role("button", name="Publish the notes").click()
    message = lizzie.locator(".messages")
    expect(message).to_contain_text("Published: version 1 is now public.")
    message.get_by_role("link", name="Read the public page").click()
    expect(lizzie.locator("h1")).to_have_text("Meeting notes: Tuesday 25 January 2022")
    expect(lizzie.locator("main")).to_contain_text("our current funding position")
    events = list(AuditEntry.objects.filter(meeting=meeting).values_list("event", flat=True))
    assert events.count("corrected") == 1
    assert events.count("confirmed") == 2
    assert events[-1] == "published"


def test_an_ally_suggests_a_wording_and_the_secretary_accepts_it(approved, browser, live_server):
    meeting = approved
    funding = meeting.agenda_items.get(heading="Funding")
    review = f"{live_server.url}/review/{meeting.pk}/"
    mandy = as_user(browser, live_server, "mandy")
    mandy.goto(review)
    suggestions = mandy.locator(f"#suggestions-{funding.pk}")
    suggestions.get_by_text("Suggest a change to “Funding”").click()
    box = suggestions.get_by_label("Your wording of “Funding”")
    box.fill(box.input_value().replace("fudning", "funding"))
    suggestions.get_by_label("Why (optional)").fill("A typo")
    suggestions.get_by_role("button", name="Send my suggestion").click()
    expect(mandy.locator(f"#suggestions-{funding.pk} .suggestion")).to_contain_text("A typo")

    lizzie = as_user(browser, live_server, "lizzie")
    lizzie.goto(review)
    expect(lizzie.locator(".review-facts")).to_contain_text("Suggested wordings to accept")
    suggestion = lizzie.locator(f"#suggestions-{funding.pk} .suggestion")
    expect(suggestion.locator(".diff__changed").first).to_have_text("fudning")
    suggestion.get_by_role("button", name="Accept this wording").click()
    expect(lizzie.locator(".messages")).to_contain_text("“Funding” now reads as suggested")
    expect(lizzie.locator(f"#suggestions-{funding.pk} .suggestion")).to_contain_text(
        "Accepted by Lizzie"
    )
    funding.refresh_from_db()
    assert "our current funding position" in funding.body


URLS = {"review": "/review/{pk}/", "editor": "/meetings/{pk}/edit/"}


@pytest.mark.parametrize("width", [1280, 375])
def test_the_review_page_and_the_editor_in_review_pass_axe_and_fit(
    approved, browser, live_server, width
):
    meeting = approved
    lizzie, mandy = User.objects.get(username="lizzie"), User.objects.get(username="mandy")
    funding = meeting.agenda_items.get(heading="Funding")
    suggestion_add(
        meeting=meeting, by=mandy, agenda_item=funding, section_version=funding.version,
        text=funding.body.replace("fudning", "funding"), note="A typo",
    )  # fmt: skip
    comment_add(meeting=meeting, by=mandy, text="Should this name Laura?")
    capacity = meeting.agenda_items.get(heading="Capacity")
    capacity.body = capacity.body.replace("Capacity", "Capacity, corrected", 1) + "\n\nMore."
    capacity.save()
    correction_record(meeting=meeting, by=lizzie)
    problems = []
    pages = [("mandy", "review"), ("lizzie", "review"), ("lizzie", "editor")]
    for username, path in pages:
        page = as_user(browser, live_server, username, width=width)
        page.goto(live_server.url + URLS[path].format(pk=meeting.pk))
        problems += serious_problems(page, f"{username} {path}")
        if path == "editor":
            # The secretary corrects the notes in review: the editor says so, and edits.
            expect(page.locator(".notice--in-review")).to_be_visible()
        elif username == "mandy":
            # Each choice sits beside its label, the radio button unsqueezed.
            for choice in page.locator(".decision-form .choice").all():
                radio, label = box(choice.locator("input")), box(choice.locator("label"))
                assert radio["width"] >= 18
                assert radio["x"] + radio["width"] <= label["x"]
                assert (
                    label["y"] <= radio["y"] + radio["height"] / 2 <= label["y"] + label["height"]
                )
            expect(
                page.get_by_role("button", name="I approve the notes as corrected")
            ).to_be_visible()
        else:
            # Not ready: returning to draft is in plain view, publishing anyway folded away.
            expect(page.get_by_role("button", name="Return to draft")).to_be_visible()
            anyway = page.get_by_role("button", name="Publish anyway, with this reason")
            expect(anyway).to_be_hidden()
            page.get_by_text("Publish before the rule is met…").click()
            expect(anyway).to_be_visible()
    assert problems == []
