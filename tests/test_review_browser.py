"""A whole review round in the browser: the secretary sends the draft, an ally comments, the
secretary answers and resolves, two allies approve, the secretary publishes, and anybody
reads the public page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from meetings.models import Meeting
from publishing.models import AuditEntry, Publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORDS = {"lizzie": "notes-secretary-demo", "graham": "notes-chair-demo",
             "mandy": "notes-ally-demo"}  # fmt: skip
SECRET = "Nicc may reduce her hours next year"


def as_user(browser: Browser, live_server, username: str | None) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
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
