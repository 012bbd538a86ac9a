"""The secretary writes up a whole meeting in the browser; every page passes axe at two widths."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from actions.models import Action, ActionUpdate
from meetings.models import Meeting
from meetings.selectors import notes_of
from notesfile.format import parse_notes
from tests.browser import box, in_view, serious_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(demo_drafts):
    """Here the demo's meetings are drafts: the secretary is still writing them up."""
    return demo_drafts


NOTES = Path(settings.BASE_DIR) / "demo" / "notes" / "2022-01-25.md"
PERSONAL = (
    "Graham and Laura Cream have been meeting senior leaders internally "
    "and will continue this approach."
)


def logged_in(browser, live_server, username, password, width=1280) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Your groups' notes")
    return page


def all_saved(page: Page) -> None:
    expect(page.locator("#save-status")).to_have_text("All changes saved.")


def test_the_secretary_writes_up_the_25_january_2022_meeting(demo, browser, live_server):
    reference = parse_notes(NOTES.read_text(encoding="utf-8"))
    Meeting.objects.filter(group=demo, date=reference.date).delete()
    page = logged_in(browser, live_server, "lizzie", "notes-secretary-demo")

    # A new meeting: the members of the day, the chair, the usual agenda.
    page.click("text=New meeting")
    page.fill("#id_date", "2022-01-25")
    page.click("text=Create the meeting and start the notes")
    expect(page.locator("h1")).to_have_text("Notes of Tuesday 25 January 2022")
    meeting = Meeting.objects.get(group=demo, date=reference.date)
    counts = page.locator("#attendance .counts")
    expect(counts).to_contain_text("11 present")

    # Attendance: one click each for the three who sent apologies.
    for name in reference.attending("apologies"):
        row = page.locator(".attendance-row", has_text=name.name)
        row.locator("label", has_text="Apologies").click()
        expect(page.locator(".attendance-row", has_text=name.name)).to_have_class(
            re.compile("attendance-row--apologies")
        )
    expect(counts).to_contain_text("8 present, 3 apologies, 0 absent")
    graham = page.locator(".attendance-row", has_text="Graham Hart")
    expect(graham.locator("select")).to_have_value("chair")

    # The next meeting, in the details.
    page.fill("#id_details-next_meetings", "\n".join(reference.next_meetings))

    # The usual agenda items did not happen at this meeting: delete them, once with undo.
    sections = page.locator("#sections")
    spotlight = sections.locator(".section-card", has_text="Spotlight on…").first
    spotlight.get_by_role("button", name=re.compile("^Delete")).click()
    undo = page.get_by_role("button", name=re.compile("Undo delete"))
    expect(undo).to_be_focused()
    undo.click()
    expect(page.locator("#sections textarea")).to_have_count(2)
    for heading in ("Spotlight on…", "Equality, diversity and inclusion"):
        card = sections.locator(".section-card:not(.section-card--deleted)", has_text=heading)
        card.get_by_role("button", name=re.compile("^Delete")).click()
        expect(page.get_by_role("button", name=f"Undo delete of {heading}")).to_be_visible()

    # The sections, in order, each typed into the new section's box.
    kinds = {"update": "Update", "next_steps": "Next steps", "discussion": "Discussion"}
    for number, section in enumerate(reference.sections, start=1):
        page.fill("#id_new-section-heading", section.heading)
        page.select_option("#id_new-section-kind", label=kinds[section.kind])
        page.click("text=Add section")
        body = page.locator("#sections textarea").nth(number - 1)
        expect(body).to_be_focused()
        body.fill(section.body)
    all_saved(page)

    # A personal passage, marked by selecting it and pressing the button.
    card = sections.locator(".section-card", has_text="Co-Production Collective's sustainability")
    body = card.locator("textarea")
    body.evaluate(
        "(area, passage) => { const at = area.value.indexOf(passage);"
        " area.focus(); area.setSelectionRange(at, at + passage.length); }",
        PERSONAL,
    )
    card.get_by_role("button", name="Mark as personal").click()
    expect(body).to_have_value(re.compile(re.escape(f"[{PERSONAL}]{{.personal}}")))
    expect(card.locator("mark.sensitive.personal")).to_contain_text("Graham and Laura Cream")

    # The nine actions, with their owners and deadlines; one deadline picked as a date.
    statuses = {"open": "Open", "complete": "Complete"}
    for action in reference.actions:
        expect(page.locator("#id_new-action-number")).to_have_value(str(action.number))
        page.fill("#id_new-action-text", action.text)
        page.fill("#id_new-action-owner_text", action.owner)
        if action.number == 2:
            page.fill("#id_new-action-deadline_pick", "2022-02-13")
            page.locator("#id_new-action-deadline_pick").dispatch_event("change")
            expect(page.locator("#id_new-action-deadline_text")).to_have_value("13 Feb 2022")
        else:
            page.fill("#id_new-action-deadline_text", action.deadline)
        page.select_option("#id_new-action-status", label=statuses[action.status])
        page.click("text=Add action")
        expect(page.locator("#actions .row-card")).to_have_count(action.number)
    expect(page.locator("#actions")).to_contain_text("Owners: Lizzie, Nicc.")

    # Earlier actions, one line each: one discussed with no change, given a status, taken out.
    still_open = page.locator("#carried .carried--open")
    recorded = page.locator("#carried .carried--recorded")
    expect(still_open).to_have_count(7)
    expect(recorded).to_have_count(0)
    still_open.first.get_by_role("button", name=re.compile("Discussed, no change")).click()
    expect(recorded).to_have_count(1)
    expect(still_open).to_have_count(6)
    expect(recorded.first.locator(".status-tag")).to_have_text("Open")
    recorded.first.locator("summary").first.click()
    recorded.first.get_by_label(re.compile("Status now")).select_option(label="Complete")
    expect(recorded.first.locator(".status-tag")).to_have_text("Complete")
    all_saved(page)
    assert [(c.reference.number, c.status) for c in notes_of(meeting).carried] == [(1, "complete")]
    recorded.first.get_by_role("button", name=re.compile("Not discussed")).click()
    expect(recorded).to_have_count(0)
    expect(still_open).to_have_count(7)
    all_saved(page)
    # An open row's form is fetched as it is opened, and records what it says.
    expect(still_open.first.get_by_label(re.compile("Status now"))).to_have_count(0)
    still_open.first.locator("summary").click()
    still_open.first.get_by_label(re.compile("Status now")).select_option(label="In progress")
    still_open.first.get_by_label(re.compile("Update")).fill("Asked the Trust")
    still_open.first.get_by_role("button", name="Record in these notes").click()
    expect(recorded).to_have_count(1)
    expect(recorded.first.locator(".status-tag")).to_have_text("In progress")
    recorded.first.locator("summary").first.click()
    recorded.first.get_by_role("button", name=re.compile("Not discussed")).click()
    expect(recorded).to_have_count(0)
    all_saved(page)

    # Typing is kept through a reload, even before it was saved.
    last = page.locator("#sections textarea").last
    last.fill(reference.sections[-1].body + "\n\nTyped just before the reload.")
    page.reload()
    expect(page.locator("#sections textarea").last).to_have_value(re.compile("before the reload"))
    all_saved(page)
    last = page.locator("#sections textarea").last
    last.fill(reference.sections[-1].body)
    all_saved(page)

    # What was written is the meeting as published, with the passage marked.
    meeting.refresh_from_db()
    written = notes_of(meeting)
    assert {(a.name, a.status, a.role) for a in written.attendees} == {
        (a.name, a.status, a.role) for a in reference.attendees
    }
    assert written.sections == tuple(
        s if PERSONAL not in s.body else type(s)(
            heading=s.heading, kind=s.kind,
            body=s.body.replace(PERSONAL, f"[{PERSONAL}]{{.personal}}"),
        )
        for s in reference.sections
    )  # fmt: skip
    assert [(a.number, a.text, a.owner, a.status) for a in written.actions] == [
        (a.number, a.text, a.owner, a.status) for a in reference.actions
    ]
    assert [a.deadline for a in written.actions] == [
        "13 Feb 2022" if a.number == 2 else a.deadline for a in reference.actions
    ]
    assert written.next_meetings == reference.next_meetings
    assert Action.objects.get(meeting=meeting, number=9).deadline == datetime.date(2022, 3, 31)
    assert not ActionUpdate.objects.filter(meeting=meeting).exists()

    # The public preview: the placeholder stands where the passage was.
    page.click("text=Public preview")
    expect(page.locator("h1").first).to_have_text("Public preview")
    document = page.locator(".preview-frame")
    expect(document).to_contain_text("Left out: personal information")
    expect(document).not_to_contain_text("Graham and Laura Cream have been meeting")
    expect(document).to_contain_text("Team to share strategy response blog when published.")
    expect(page.locator(".preview-banner")).to_contain_text("1 passage")


PAGES = [
    ("dashboard", "/dashboard/"),
    ("new meeting", "/meetings/new/"),
    ("editor", "/meetings/{pk}/edit/"),
    ("public preview", "/meetings/{pk}/preview/"),
    ("tracker", "/actions/group/allies-group/"),
    ("my actions", "/actions/mine/"),
]


def test_typing_after_the_login_ended_is_saved_after_logging_in_again(demo, browser, live_server):
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    page = logged_in(browser, live_server, "lizzie", "notes-secretary-demo")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/edit/")
    all_saved(page)

    # The session ends (it timed out, or the secretary logged out in another
    # tab) while the page is still open; then she goes on typing.
    page.context.clear_cookies(name="sessionid")
    body = page.get_by_role("textbox", name="Notes of Funding")
    body.fill("Typed after the login ended.")
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    page.fill("#id_username", "lizzie")
    page.fill("#id_password", "notes-secretary-demo")
    page.click("main button[type=submit]")

    # Back on the editor, what she typed is put back and saved.
    page.wait_for_url(f"**/meetings/{meeting.pk}/edit/")
    body = page.get_by_role("textbox", name="Notes of Funding")
    expect(body).to_have_value("Typed after the login ended.")
    all_saved(page)
    funding = meeting.agenda_items.get(heading="Funding")
    assert funding.body == "Typed after the login ended."
    assert funding.version == 2


@pytest.mark.parametrize("width", [1280, 375])
def test_every_page_passes_axe_and_fits_the_screen(demo, browser, live_server, width):
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    item = meeting.agenda_items.get(heading="Capacity")
    item.sensitivity = "personal"
    item.body = "A passage [that is personal]{.personal}."
    item.save()
    page = logged_in(browser, live_server, "lizzie", "notes-secretary-demo", width=width)
    problems = []
    for name, path in PAGES:
        page.goto(live_server.url + path.format(pk=meeting.pk))
        problems += serious_problems(page, name)
    assert problems == []


@pytest.mark.parametrize("width", [1280, 375])
def test_the_jump_menu_stays_in_view_and_the_sections_follow_their_headings(
    demo, browser, live_server, width
):
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    funding = meeting.agenda_items.get(heading="Funding")
    page = logged_in(browser, live_server, "lizzie", "notes-secretary-demo", width=width)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/edit/")
    all_saved(page)

    # Far down the notes, the menu is still at the top of the screen.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    menu = page.locator(".jump")
    expect(menu.locator("summary")).to_be_in_viewport()
    assert box(menu)["y"] <= 1
    bar = box(menu)

    # It lists every part and every section; a jump lands below the menu, which closes.
    menu.locator("summary").click()
    links = menu.get_by_role("link")
    expect(links).to_have_count(6 + meeting.agenda_items.count())  # six parts, then sections
    menu.get_by_role("link", name="Funding", exact=True).click()
    expect(menu.locator("details")).not_to_have_attribute("open", "")
    title = page.locator(f"#section-{funding.pk}-title")
    expect(title).to_be_in_viewport()
    assert in_view(page, title, below=bar["y"] + bar["height"])

    # The card's title, the menu and the names of its boxes follow the heading as it is typed.
    long = "Funding: where the Wellcome Trust grant stands, and what comes after September"
    card = page.locator(f"#section-{funding.pk}")
    heading = card.get_by_label("Heading")
    heading.fill(long)
    expect(title).to_have_text(long)
    expect(page.get_by_role("textbox", name=f"Notes of {long}")).to_be_visible()
    menu.locator("summary").click()
    expect(menu.get_by_role("link", name=long)).to_be_visible()
    menu.locator("summary").click()
    all_saved(page)
    funding.refresh_from_db()
    assert funding.heading == long

    if width == 1280:
        # The heading box has the card's width, so a long heading can be read whole.
        assert box(heading)["width"] > 0.9 * box(card)["width"]
    else:
        # On a phone the text of an action is not squeezed beside its number, and
        # both mark buttons fit on one line inside their card.
        row = page.locator("#actions .row-card").first
        text = row.get_by_label("Agreed approach")
        assert box(text)["width"] > 0.8 * box(row)["width"]
        assert box(text)["height"] >= 90
        buttons = [card.get_by_role("button", name=f"Mark as {kind}") for kind in KINDS]
        boxes = [box(button) for button in buttons]
        inside = box(card)
        assert boxes[0]["y"] == boxes[1]["y"]
        for drawn in boxes:
            assert inside["x"] < drawn["x"]
            assert drawn["x"] + drawn["width"] < inside["x"] + inside["width"]


KINDS = ("personal", "financial")


def test_the_jump_menu_works_without_javascript(demo, browser, live_server):
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    capacity = meeting.agenda_items.get(heading="Capacity")
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "lizzie")
    page.fill("#id_password", "notes-secretary-demo")
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/edit/")
    # Nothing closes the menu after a jump: what was jumped to lands below the open list.
    page.locator(".jump summary").click()
    for name, target in [("Capacity", f"section-{capacity.pk}-title"),
                         ("Actions from previous meetings", "carried-heading")]:  # fmt: skip
        page.locator(".jump").get_by_role("link", name=name).click()
        assert page.url.endswith(f"#{target}")
        panel = box(page.locator(".jump__panel"))
        assert in_view(page, page.locator(f"#{target}"), below=panel["y"] + panel["height"])
    context.close()


def test_typing_says_saving_calmly_and_only_a_failed_save_is_a_warning(demo, browser, live_server):
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    page = logged_in(browser, live_server, "lizzie", "notes-secretary-demo")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/edit/")
    status = page.locator("#save-status")
    all_saved(page)
    calm = status.evaluate("bar => getComputedStyle(bar).color")

    body = page.get_by_role("textbox", name="Notes of Funding")
    body.press_sequentially(" More.")
    expect(status).to_have_text("Saving…")
    expect(status).to_have_attribute("data-state", "saving")
    assert status.evaluate("bar => getComputedStyle(bar).color") != WARNING
    all_saved(page)
    assert status.evaluate("bar => getComputedStyle(bar).color") != WARNING
    assert calm != WARNING

    # No connection: that is worth the warning, and it stays until a save succeeds.
    page.context.set_offline(True)
    body.press_sequentially(" Offline.")
    expect(status).to_contain_text("Not saved: no connection")
    expect(status).to_have_attribute("data-state", "problem")
    assert status.evaluate("bar => getComputedStyle(bar).color") == WARNING
    page.get_by_label("Place").press_sequentially("Zoom")
    expect(status).to_contain_text("Not saved: no connection")
    page.context.set_offline(False)
    all_saved(page)
    assert "More. Offline." in meeting.agenda_items.get(heading="Funding").body


# The colour of a save that failed (--danger in app.css).
WARNING = "rgb(164, 22, 26)"
