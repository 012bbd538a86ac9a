"""A secretary imports earlier notes in a real browser: one file, then ten at once, corrected."""

import datetime
import io
import zipfile
from pathlib import Path

import docx
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings

from allies.models import Membership
from meetings.models import Meeting
from tests.browser import box, serious_problems
from tests.factories import GroupFactory, MemberFactory, MembershipFactory, UserFactory

SEED = Path(django_settings.BASE_DIR) / "demo" / "sources" / "2021-06-23-allies-notes.txt"
ARTIFACTS = Path(django_settings.BASE_DIR) / "test-artifacts"
PEOPLE = ["Ann Example", "Bob Example", "Cat Example", "Dan Example", "Eve Example", "Fay Example"]


@pytest.fixture
def browser_page(browser):
    return browser.new_page(viewport={"width": 390, "height": 844})


def log_in(page, url: str) -> list[str]:
    """Log in as the secretary at `url`; the list fills with any failed request or console error."""
    errors: list[str] = []
    # Any failed request, and any console error such as a CSP refusal (the
    # browser's own request for /favicon.ico is neither: it is no response of the page's).
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.goto(url)
    page.fill("#id_username", "lizzie")
    page.fill("#id_password", "a-long-test-password")
    page.keyboard.press("Enter")
    page.wait_for_url("**/meetings/import/")
    return errors


def secretary_of_allies():
    group = GroupFactory(slug="allies", name="Allies Group")
    user = UserFactory(username="lizzie")
    MembershipFactory(group=group, member=MemberFactory(user=user), role=Membership.Role.STAFF)
    return group


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_secretary_imports_a_text_file_and_confirms_it(live_server, browser_page):
    group = secretary_of_allies()
    page = browser_page
    errors = log_in(page, f"{live_server.url}/meetings/import/")
    page.set_input_files("#id_file", str(SEED))
    page.get_by_role("button", name="Preview").press("Enter")

    page.get_by_role("heading", name="Check the meeting before it is created").wait_for()
    assert page.get_by_label("Role of Graham Hart").input_value() == "chair"
    assert (
        page.get_by_role(
            "heading", name="5. Our governance, development and making decisions"
        ).count()
        == 1
    )
    assert not Meeting.objects.exists()
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations] == []

    page.get_by_role("button", name="Create the draft meeting of 23 June 2021").first.press("Enter")
    page.get_by_text("Created the draft meeting of 23 June 2021 for Allies Group.").wait_for()
    assert Meeting.objects.get(group=group).status == Meeting.Status.DRAFT
    assert errors == []


# Ten files at once: notes of a year, as the group kept them.


def _day(n: int) -> datetime.date:
    return datetime.date(2022, 1, 12) + datetime.timedelta(weeks=5 * n)


def _people(n: int) -> tuple[list[str], list[str]]:
    present = [PEOPLE[(n + k) % len(PEOPLE)] for k in range(4)]
    return present, [name for name in PEOPLE if name not in present][:1]


def _markdown(n: int) -> bytes:
    present, apologies = _people(n)
    day = _day(n)
    text = (
        f"---\ngroup: allies\ndate: {day}\nchair: {present[0]}\npresent: [{', '.join(present)}]\n"
        f"apologies: [{', '.join(apologies)}]\n---\n## Actions\n\n"
        "| Number | Action | Owner | Deadline | Status |\n|---|---|---|---|---|\n"
        f"| 1 | Send the summary of {day:%B} to the community | {present[1]} | | Open |\n\n"
        f"## Updates\n\nThe projects of {day:%B} are going well.\n\n"
        "## Funding\n\nThe grant covers salaries until September.\n"
    )
    if n:
        text += (
            "\n## Actions from previous meetings\n\n| Reference | Status | Note |\n"
            f"|---|---|---|\n| {_day(n - 1)} #1 | Complete | Sent |\n"
        )
    return text.encode()


def _text(n: int) -> bytes:
    present, apologies = _people(n)
    named = [f"{name} (chair)" if k == 1 else name for k, name in enumerate(present)]
    return (
        f"Allies Group\nMeeting notes: {_day(n):%-d %B %Y}\n\nPresent: {', '.join(named)}\n"
        f"Apologies: {', '.join(apologies)}\n\nA word about the room booking.\n\n"
        "Updates\nAll is well with the projects.\n\nFunding\nWe have £40k left.\n"
    ).encode()


def _word(n: int) -> bytes:
    present, apologies = _people(n)
    document = docx.Document()
    document.add_heading(f"Allies Group meeting notes: {_day(n):%-d %B %Y}", 0)
    document.add_paragraph(f"Present: {present[0]} (chair), {', '.join(present[1:])}")
    document.add_paragraph(f"Apologies: {', '.join(apologies)}")
    document.add_heading("Updates", 1)
    document.add_paragraph("The funding is secure until March.")
    document.add_paragraph(f"{present[2]} is moving house next month.")
    document.add_heading("Actions", 1)
    table = document.add_table(rows=1, cols=4)
    for cell, word in zip(table.rows[0].cells, ("No.", "Action", "Owner", "Deadline"), strict=True):
        cell.text = word
    for cell, word in zip(
        table.add_row().cells, ("1", "Book the room", present[1], "end of next month"), strict=True
    ):
        cell.text = word
    saved = io.BytesIO()
    document.save(saved)
    return saved.getvalue()


def ten_files(folder: Path) -> list[Path]:
    """Ten readable notes files in three shapes, six of them in a .zip of a folder, and a scan."""
    shapes = [_markdown, _text, _word]
    made = {
        f"{_day(n):%Y-%m-%d} notes{'.md' if n % 3 == 0 else '.txt' if n % 3 == 1 else '.docx'}": (
            shapes[n % 3](n)
        )
        for n in range(10)
    }
    names = sorted(made, reverse=True)  # the upload's order is not the meetings'
    archive = folder / "allies-notes.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name in names[:6]:
            zipped.writestr(f"Allies notes/{name}", made[name])
        zipped.writestr("__MACOSX/Allies notes/._x.md", b"\0\5\26\7")
        zipped.writestr("Allies notes/.DS_Store", b"\0\1")
    paths = [archive]
    for name in names[6:]:
        (folder / name).write_bytes(made[name])
        paths.append(folder / name)
    scan = folder / "2019-03-04 notes.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF\n")
    return [*paths, scan]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_ten_files_at_once_are_previewed_in_date_order_corrected_and_created(
    live_server, browser, tmp_path
):
    group = secretary_of_allies()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = log_in(page, f"{live_server.url}/meetings/import/")
    page.set_input_files("#id_file", [str(path) for path in ten_files(tmp_path)])
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="Check the 10 meetings before they are created").wait_for()

    alert = page.get_by_role("alert")
    assert "A file could not be read" in alert.inner_text()
    assert "2019-03-04 notes.pdf: " in alert.inner_text()
    headings = page.locator("article.import-file h2").all_inner_texts()
    days = [datetime.datetime.strptime(h, "Meeting of %A %d %B %Y").date() for h in headings]
    assert days == [_day(n) for n in range(10)]
    assert page.locator(".import-files li").count() == 10
    assert not Meeting.objects.exists()

    # A guess put right: the second file's chair is someone else, and its
    # first absentee was there after all; the correction shows, then is kept.
    second = page.locator("article.import-file").nth(1)
    present, apologies = _people(1)
    second.get_by_label(f"Role of {present[1]}").select_option("")
    second.get_by_label(f"Role of {present[0]}").select_option("chair")
    second.get_by_label(f"Attendance of {apologies[0]}").select_option("present")
    second.get_by_label("Published? (section 3)").select_option("financial")
    with page.expect_response("**/meetings/import/confirm/"):
        page.get_by_role("button", name="Show my corrections").first.click()
    page.wait_for_timeout(1500)
    # The page that came back shows the corrections, as the server applied them.
    second = page.locator("article.import-file").nth(1)
    assert second.get_by_text("Financial: the whole section is not published").is_visible()
    assert "2019-03-04 notes.pdf: " in page.get_by_role("alert").inner_text()
    assert second.get_by_label(f"Role of {present[0]}").input_value() == "chair"
    assert not Meeting.objects.exists()
    assert errors == []

    # Side by side at 1280 px, one above the other at 375 px.
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        meeting = box(page.locator(".import-columns__meeting").first)
        source = box(page.locator(".import-columns__source").first)
        if width == 1280:
            assert source["x"] > meeting["x"] + meeting["width"] - 1
        else:
            assert source["y"] > meeting["y"] + meeting["height"] - 1
        assert serious_problems(page, f"import of ten files at {width} px") == []
        page.screenshot(path=ARTIFACTS / f"import-ten-files-{width}.png")
        page.screenshot(path=ARTIFACTS / f"import-ten-files-{width}-full.png", full_page=True)

    page.get_by_role("button", name="Create the 10 draft meetings").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_text("Created 10 draft meetings:").wait_for()
    meetings = list(Meeting.objects.filter(group=group).order_by("date"))
    assert [m.date for m in meetings] == [_day(n) for n in range(10)]
    chair = meetings[1].attendances.get(role="chair").member.full_name
    assert chair == present[0]
    assert meetings[1].attendances.get(member__full_name=apologies[0]).status == "present"
    # Each later file in the notes format recorded the action of the meeting before it.
    for n in (3, 6, 9):
        row = meetings[n].action_updates.get()
        assert row.action is not None
        assert row.action.meeting == meetings[n - 1]
    assert errors == []
