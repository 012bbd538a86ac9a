"""The upload page: a secretary previews the meeting a file holds, then confirms it."""

import io
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.models import Action
from allies.models import Member, Membership
from meetings.forms import ImportFixesForm
from meetings.import_views import PENDING_IMPORT, file_lines
from meetings.importing import read_notes_file
from meetings.models import AgendaItem, Attendance, Meeting
from tests import strategies
from tests.factories import GroupFactory, MemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
BASE = Path(django_settings.BASE_DIR)
SEED = (BASE / "demo" / "sources" / "2022-01-25-allies-notes.txt").read_bytes()
IMPORT = "/meetings/import/"
CONFIRM = "/meetings/import/confirm/"


def login_with_role(client, group, role):
    user = UserFactory()
    MembershipFactory(group=group, member=MemberFactory(user=user), role=role)
    client.force_login(user)
    return user


@pytest.fixture
def group():
    return GroupFactory(slug="allies", name="Allies Group")


@pytest.fixture
def secretary(client, group):
    return login_with_role(client, group, Membership.Role.STAFF)


def upload(client, group, name: str, content: bytes):
    return client.post(IMPORT, {"group": group.pk, "file": SimpleUploadedFile(name, content)})


def rows() -> dict[str, int]:
    return {
        m.__name__: m.objects.count() for m in (Meeting, Attendance, AgendaItem, Action, Member)
    }


def test_the_urls_are_the_ones_the_page_uses():
    assert reverse("meetings:import") == IMPORT
    assert reverse("meetings:import_confirm") == CONFIRM


def test_someone_not_logged_in_is_sent_to_log_in(client):
    response = client.get(IMPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.post(CONFIRM, {"token": "x"}).status_code == 302


def test_an_ally_may_not_import(client, group):
    login_with_role(client, group, Membership.Role.MEMBER)
    assert client.get(IMPORT).status_code == 403
    assert upload(client, group, "notes.txt", SEED).status_code == 403
    assert not Meeting.objects.exists()


def test_a_secretary_previews_then_confirms_and_gets_a_draft(client, group, secretary):
    page = client.get(IMPORT)
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content
    assert b"multiple" in page.content

    before = rows()
    preview = upload(client, group, "2022-01-25-allies-notes.txt", SEED)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Check the meeting before it is created" in html
    assert "Meeting of Tuesday 25 January 2022" in html
    assert "Graham Hart (chair)" in html
    assert "read &#x27;25 Jan – complete&#x27; as deadline 25 Jan, status complete" in html
    assert "<li>Niccola Hutchinson-Pascal</li>" in html  # a person it will add
    assert html.index("1. Updates") < html.index("2. Funding") < html.index("8. Discussion")
    assert rows() == before, "a preview creates nothing"

    token = client.session[PENDING_IMPORT]["token"]
    done = client.post(CONFIRM, {"token": token})
    assert done.status_code == 302
    meeting = Meeting.objects.get(group=group)
    assert (str(meeting.date), meeting.status) == ("2022-01-25", Meeting.Status.DRAFT)
    assert meeting.agenda_items.count() == 8
    assert meeting.actions.count() == 9
    assert PENDING_IMPORT not in client.session
    shown = client.get(done["Location"]).content.decode()
    link = f'<a href="/meetings/{meeting.pk}/edit/">25 January 2022</a>'
    assert f"Created the draft meeting of {link} for Allies Group." in shown

    # Confirming twice creates nothing more.
    again = client.post(CONFIRM, {"token": token}, follow=True)
    assert "That preview has expired" in again.content.decode()
    assert Meeting.objects.count() == 1


def test_the_preview_shows_what_will_not_be_published(client, group, secretary):
    notes = (
        "---\ngroup: allies\ndate: 2023-03-01\npresent: [Ann]\n---\n"
        "## Funding {.financial}\n\nWe have £40k.\n\n"
        "## Updates\n\nLizzie said [she is leaving]{.personal}.\n"
    )
    html = upload(client, group, "notes.md", notes.encode()).content.decode()
    assert "Financial: the whole section is not published" in html
    assert '<mark class="sensitive personal">' in html
    assert not Meeting.objects.exists()


def test_a_wrong_token_creates_nothing(client, group, secretary):
    upload(client, group, "notes.txt", SEED)
    response = client.post(CONFIRM, {"token": "guessed"}, follow=True)
    assert "That preview has expired" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "shown"),
    [
        (
            "notes.md",
            b"---\ngroup: allies\ndate: 2022-02-30\n---\n",
            "notes.md: field &#x27;date&#x27;: &#x27;2022-02-30&#x27; is not a date",
        ),
        (
            "notes.txt",
            b"Meeting notes: 1 March 2023\n\xff",
            "notes.txt: line 2: the file is not UTF-8",
        ),
        ("notes.docx", b"not a zip", "notes.docx: the file is not a Word document"),
        ("notes.txt", b"", "notes.txt: the file is empty"),
    ],
)
def test_a_bad_file_shows_its_error_on_the_page(client, group, secretary, name, content, shown):
    response = upload(client, group, name, content)
    assert response.status_code == 200
    assert shown in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not Meeting.objects.exists()
    assert PENDING_IMPORT not in client.session


def test_a_file_over_the_limit_is_refused(client, group, secretary, settings):
    settings.NOTES_IMPORT_MAX_BYTES = 1000
    response = upload(client, group, "notes.txt", SEED)
    assert "files of up to 1000 bytes can be imported" in response.content.decode()


def test_a_meeting_the_group_already_has_is_refused_at_the_preview(client, group, secretary):
    Meeting.objects.create(group=group, date="2022-01-25")
    response = upload(client, group, "notes.txt", SEED)
    page = response.content.decode()
    said = "Allies Group already has notes for 25 January 2022: "
    assert page.count(said) == 1
    assert f'{said}<a href="/meetings/{Meeting.objects.get().pk}/edit/">open them</a>' in page
    assert Meeting.objects.count() == 1
    assert not Member.objects.filter(full_name="Graham Hart").exists()


def test_only_a_group_the_user_is_secretary_of_can_be_chosen(client, group, secretary):
    other = GroupFactory()
    login_with_role(client, other, Membership.Role.MEMBER)
    client.force_login(secretary)
    response = upload(client, other, "notes.txt", SEED)
    assert "Select a valid choice" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_secretary_of_the_previewed_group_is_checked_again_on_confirming(
    client, group, secretary
):
    upload(client, group, "notes.txt", SEED)
    Membership.objects.filter(member__user=secretary).update(role=Membership.Role.MEMBER)
    assert (
        client.post(CONFIRM, {"token": client.session[PENDING_IMPORT]["token"]}).status_code == 403
    )
    assert not Meeting.objects.exists()


def test_confirming_goes_to_the_meeting_editor(client, group, secretary):
    upload(client, group, "notes.txt", SEED)
    response = client.post(CONFIRM, {"token": client.session[PENDING_IMPORT]["token"]})
    assert response["Location"] == f"/meetings/{Meeting.objects.get().pk}/edit/"


# Several files at once, and a .zip of a folder.

SEED_2021 = (BASE / "demo" / "sources" / "2021-06-23-allies-notes.txt").read_bytes()
HX = {"HTTP_HX_REQUEST": "true"}


def notes_md(day: str, *, present: str = "Ann Example", carried: str = "", body: str = "") -> bytes:
    """Notes in the notes format: one action, and perhaps a row about an earlier one."""
    text = (
        f"---\ngroup: allies\ndate: {day}\npresent: [{present}]\n---\n"
        "## Actions\n\n| Number | Action | Owner | Deadline | Status |\n|---|---|---|---|---|\n"
        f"| 1 | Write the report of {day} | Ann | | Open |\n\n"
        f"## Updates\n\n{body or 'All well.'}\n"
    )
    if carried:
        text += (
            "\n## Actions from previous meetings\n\n| Reference | Action | Status | Note |\n"
            f"|---|---|---|---|\n| {carried} | | Complete | Done |\n"
        )
    return text.encode()


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def upload_many(client, group, files: dict[str, bytes], **extra):
    uploads = [SimpleUploadedFile(name, content) for name, content in files.items()]
    return client.post(IMPORT, {"group": group.pk, "file": uploads}, **extra)


def confirm_post(client, **fields) -> dict[str, str]:
    """What the preview's form sends back untouched, with `fields` changed."""
    return {"token": client.session[PENDING_IMPORT]["token"], **fields}


def shown_fields(html: str) -> dict[str, str]:
    """The confirm form's fields as the page shows them: selects at their chosen option."""
    found = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        found[name] = chosen[1] if chosen else ""
    for name in re.findall(r'<input type="checkbox" name="([^"]+)"[^>]*checked', html):
        found[name] = "on"
    found.pop("csrfmiddlewaretoken", None)
    return found


def test_several_files_are_previewed_one_each_earliest_first(client, group, secretary):
    files = {
        "c.md": notes_md("2023-05-01", carried="2023-03-01 #1"),
        "a.md": notes_md("2023-03-01"),
        "b.md": notes_md("2023-04-01", carried="2023-03-01 #1"),
    }
    before = rows()
    html = upload_many(client, group, files).content.decode()
    assert "Check the 3 meetings before they are created" in html
    days = ["Wednesday 1 March 2023", "Saturday 1 April 2023", "Monday 1 May 2023"]
    places = [html.index(f"Meeting of {day}") for day in days]
    assert places == sorted(places)
    assert html.count('class="import-file"') == 3
    assert "Create the 3 draft meetings" in html
    # The earliest file adds Ann; the later ones find her among the people it made.
    assert html.count("<li>Ann Example</li>") == 1
    assert rows() == before
    assert [f["name"] for f in client.session[PENDING_IMPORT]["files"]] == ["a.md", "b.md", "c.md"]


def test_confirming_creates_them_in_date_order_linking_earlier_actions(client, group, secretary):
    files = {"later.md": notes_md("2023-04-01", carried="2023-03-01 #1"),
             "first.md": notes_md("2023-03-01")}  # fmt: skip
    upload_many(client, group, files)
    done = client.post(CONFIRM, confirm_post(client), follow=True)
    meetings = list(Meeting.objects.filter(group=group).order_by("pk"))
    assert [str(m.date) for m in meetings] == ["2023-03-01", "2023-04-01"]  # created in order
    row = meetings[1].action_updates.get()
    assert row.action == meetings[0].actions.get(number=1)
    assert row.status == "complete"
    page = done.content.decode()
    assert "Created 2 draft meetings:" in page
    assert f'<a href="/meetings/{meetings[0].pk}/edit/">1 March 2023</a>' in page
    assert done.redirect_chain[-1][0] == IMPORT
    assert PENDING_IMPORT not in client.session


def test_a_zip_of_a_folder_is_unpacked_leaving_out_what_computers_add(client, group, secretary):
    archive = zipped({
        "notes/": b"",
        "notes/2023/march.md": notes_md("2023-03-01"),
        "notes/april.txt": b"Meeting notes: 1 April 2023\n\nPresent: Ann Example\n\nUpdates\nOK.\n",
        "notes/.DS_Store": b"\x00\x01binary",
        "__MACOSX/notes/._march.md": b"\x00\x05\x16\x07",
        "notes/.hidden/old.md": notes_md("2020-01-01"),
    })  # fmt: skip
    html = upload_many(client, group, {"folder.zip": archive}).content.decode()
    assert "Check the 2 meetings before they are created" in html
    assert "folder.zip/notes/2023/march.md" in html
    assert "folder.zip/notes/april.txt" in html
    for left_out in ("DS_Store", "__MACOSX", "old.md", "could not be read"):
        assert left_out not in html


def test_a_file_that_cannot_be_read_is_named_and_the_others_still_previewed(
    client, group, secretary
):
    files = {"good.md": notes_md("2023-03-01"), "2019-03-04 notes.docx": b"plain words",
             "scan.pdf": b"%PDF-1.4 not really"}  # fmt: skip
    response = upload_many(client, group, files)
    html = response.content.decode()
    assert '<div class="error-summary" role="alert">' in html
    assert "2 files could not be read" in html
    assert "2019-03-04 notes.docx: the file is not a Word document" in html
    assert "scan.pdf: " in html
    assert "Create the draft meeting of 1 March 2023" in html
    assert [f["name"] for f in client.session[PENDING_IMPORT]["files"]] == ["good.md"]
    # Showing corrections says it again: the secretary has not chosen other files.
    again = client.post(CONFIRM, {**shown_fields(html), "check": "1"}).content.decode()
    assert "2019-03-04 notes.docx: the file is not a Word document" in again
    client.post(CONFIRM, confirm_post(client))
    assert [str(m.date) for m in Meeting.objects.all()] == ["2023-03-01"]


def test_a_file_the_group_already_has_is_named_and_the_others_are_created(client, group, secretary):
    Meeting.objects.create(group=group, date="2023-03-01")
    files = {"old.md": notes_md("2023-03-01"), "new.md": notes_md("2023-04-01")}
    html = upload_many(client, group, files).content.decode()
    assert html.count("Allies Group already has notes for 1 March 2023") == 1
    assert "Create the draft meeting of 1 April 2023" in html
    client.post(CONFIRM, confirm_post(client))
    assert sorted(str(m.date) for m in Meeting.objects.all()) == ["2023-03-01", "2023-04-01"]
    assert Meeting.objects.get(date="2023-03-01").agenda_items.count() == 0


def test_a_meeting_made_between_preview_and_confirm_is_named_and_the_rest_created(
    client, group, secretary
):
    upload_many(client, group, {"a.md": notes_md("2023-03-01"), "b.md": notes_md("2023-04-01")})
    Meeting.objects.create(group=group, date="2023-04-01")
    page = client.post(CONFIRM, confirm_post(client), follow=True).content.decode()
    assert "b.md: Allies Group already has notes for 1 April 2023. Nothing was created" in page
    assert "Created the draft meeting of" in page
    assert Meeting.objects.get(date="2023-03-01").actions.count() == 1


def test_the_upload_answers_htmx_with_the_previews_alone(client, group, secretary):
    response = upload_many(client, group, {"a.md": notes_md("2023-03-01")}, **HX)
    html = response.content.decode()
    assert html.startswith('<div id="previews">')
    assert "<html" not in html
    assert "Check the meeting before it is created" in html


# Correcting what was guessed.


def test_the_preview_puts_the_meeting_beside_the_files_text_with_guesses_marked(
    client, group, secretary
):
    html = upload(client, group, "2021-06-23-allies-notes.txt", SEED_2021).content.decode()
    assert "As it will be created" in html
    assert "The file's text" in html
    source = html[html.index('class="import-source"') :]
    assert '<li value="5" class="import-line import-line--guessed">' in source
    assert "Present: Niccola Hutchinson-Pascal, Lizzie Cain (notes), Graham Hart (chair)" in source
    # The guess about line 5 sits beside it.
    line5 = source[source.index('<li value="5"') : source.index('<li value="6"')]
    assert "read &#x27;Graham Hart (chair)&#x27; as Graham Hart, chairing" in line5
    assert "guessed" in line5


def test_corrections_are_shown_then_applied_on_creating(client, group, secretary):
    notes = (
        "---\ngroup: allies\ndate: 2023-03-01\npresent: [Ann Example, Bob Example]\n---\n"
        "## Updates\n\nAll well.\nBob is moving house.\n\n## Funding\n\nWe have £40k.\n\n"
        "## Actions\n\n| Number | Action | Owner | Deadline | Status |\n|---|---|---|---|---|\n"
        "| 1 | Pay the invoice | Ann | | Open |\n"
    )
    html = upload(client, group, "notes.md", notes.encode()).content.decode()
    fields = shown_fields(html)
    assert fields["file-0-person-1-status"] == "present"
    assert fields["file-0-section-0-line-1"] == "0"  # "Bob is moving house." in Updates
    changes = {
        "file-0-person-1-status": "apologies",
        "file-0-person-0-role": "chair",
        "file-0-person-0-notes": "on",
        "file-0-section-0-line-1": "1",  # into Funding
        "file-0-section-1-sensitivity": "financial",
        "file-0-action-0-sensitivity": "confidential",
    }
    checked = client.post(CONFIRM, {**fields, **changes, "check": "1"}, **HX)
    assert checked.status_code == 200
    shown = checked.content.decode()
    assert shown.startswith('<div id="previews">')
    assert "Financial: the whole section is not published" in shown
    assert not Meeting.objects.exists(), "showing corrections creates nothing"
    # The page as shown carries the corrections into the confirm.
    done = client.post(CONFIRM, shown_fields(shown))
    meeting = Meeting.objects.get()
    assert done["Location"] == f"/meetings/{meeting.pk}/edit/"
    people = {a.member.full_name: a for a in meeting.attendances.all()}
    assert people["Bob Example"].status == "apologies"
    assert (people["Ann Example"].role, people["Ann Example"].takes_notes) == ("chair", True)
    updates, funding = meeting.agenda_items.order_by("position")
    assert updates.body == "All well."
    assert funding.body == "We have £40k.\n\nBob is moving house."
    assert funding.sensitivity == "financial"
    assert meeting.actions.get().sensitivity == "confidential"


def test_a_line_moved_out_of_the_text_to_check_leaves_no_empty_section(client, group, secretary):
    text = (
        b"Meeting notes: 1 March 2023\nPresent: Ann Example\n\n"
        b"A stray remark about the room.\n\nUpdates\nAll well.\n"
    )
    html = upload(client, group, "notes.txt", text).content.decode()
    assert "1. To check: text the import could not place" in html
    fields = {**shown_fields(html), "file-0-section-0-line-0": "1", "check": "1"}
    shown = client.post(CONFIRM, fields).content.decode()
    assert "Every line of this section now belongs to another" in shown
    assert "Create the draft meeting of 1 March 2023" in shown
    client.post(CONFIRM, shown_fields(shown))
    (item,) = Meeting.objects.get().agenda_items.all()
    assert (item.heading, item.body) == ("Updates", "All well.\n\nA stray remark about the room.")


def test_a_correction_outside_what_the_file_holds_creates_nothing(client, group, secretary):
    html = upload(client, group, "notes.md", notes_md("2023-03-01")).content.decode()
    for name, value in (("file-0-person-0-status", "emperor"), ("file-0-section-0-line-0", "9")):
        response = client.post(CONFIRM, {**shown_fields(html), name: value})
        assert response.status_code == 200
        assert "These corrections could not be applied" in response.content.decode()
        assert "Select a valid choice" in response.content.decode()
    assert not Meeting.objects.exists()
    assert PENDING_IMPORT in client.session, "the preview stands, to be corrected"


def test_creating_with_htmx_sends_the_browser_on(client, group, secretary):
    upload(client, group, "notes.md", notes_md("2023-03-01"))
    response = client.post(CONFIRM, confirm_post(client), **HX)
    assert response["HX-Redirect"] == f"/meetings/{Meeting.objects.get().pk}/edit/"


# What is kept between preview and confirm is bounded.


def test_what_is_kept_between_preview_and_confirm_is_bounded(client, group, secretary, settings):
    settings.NOTES_IMPORT_MAX_BYTES = 3000
    files = {f"{day:02}.md": notes_md(f"2023-03-{day:02}", body="x" * 2750) for day in range(1, 12)}
    html = upload_many(client, group, files).content.decode()
    assert "Nothing was read: these files come to" in html
    assert "Import them in smaller batches" in html
    assert PENDING_IMPORT not in client.session


def test_too_many_files_at_once_are_refused(client, group, secretary):
    archive = zipped({f"notes/{n}.md": notes_md("2023-03-01") for n in range(60)})
    html = upload_many(client, group, {"a.zip": archive, "b.zip": archive}).content.decode()
    assert "Nothing was read: that is 120 files; up to 100 can be imported at once." in html
    assert not Meeting.objects.exists()


def test_the_kept_files_are_compressed_and_replaced_by_the_next_upload(client, group, secretary):
    upload(client, group, "a.md", notes_md("2023-03-01", body="same words " * 500))
    first = client.session[PENDING_IMPORT]
    assert len(first["files"][0]["content"]) < 2000  # 5 KB of text, kept compressed
    upload(client, group, "b.md", notes_md("2023-04-01"))
    assert client.post(CONFIRM, {"token": first["token"]}, follow=True).status_code == 200
    assert not Meeting.objects.exists()


# The corrections and the file's text, without the database.


def _as_posted(form) -> dict[str, str]:
    """What a browser sends back for a form shown and left alone."""
    data = {f"{form.prefix}-shown": "1"}
    for name, field in form.fields.items():
        value = field.initial
        if isinstance(value, bool):
            if value:
                data[form.add_prefix(name)] = "on"
        else:
            data[form.add_prefix(name)] = str(value)
    return data


@given(notes=strategies.notes(group="allies"))
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_corrections_left_alone_change_nothing(notes):
    form = ImportFixesForm(notes, prefix="file-0")
    assert form.fixed() == notes
    sent = ImportFixesForm(notes, _as_posted(form), prefix="file-0")
    assert sent.is_valid(), sent.errors
    assert sent.fixed() == notes


@given(notes=strategies.notes(group="allies"), data=st.data())
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_moving_lines_keeps_every_word(notes, data):
    form = ImportFixesForm(notes, prefix="file-0")
    posted = _as_posted(form)
    for name in form.fields:
        if "-line-" in name:
            posted[form.add_prefix(name)] = str(data.draw(st.integers(0, len(notes.sections) - 1)))
    fixed = ImportFixesForm(notes, posted, prefix="file-0").fixed()
    words = sorted(word for section in notes.sections for word in section.body.split())
    assert sorted(word for section in fixed.sections for word in section.body.split()) == words


def test_the_files_text_says_where_each_line_went_and_what_was_guessed():
    text = b"Meeting notes: 1 March 2023\nPresent: Ann Example (chair)\n\nUpdates\nAll well.\n"
    imported = read_notes_file("n.txt", text, "allies")
    lines = file_lines(SimpleNamespace(imported=imported, content=text, name="n.txt"))
    assert [(line.number, line.text, line.went) for line in lines] == [
        (1, "Meeting notes: 1 March 2023", "date"),
        (2, "Present: Ann Example (chair)", "present"),
        (4, "Updates", "section 'Updates'"),
        (5, "All well.", "section 'Updates'"),
    ]
    assert lines[1].guessed
    assert lines[1].guesses == ("read 'Ann Example (chair)' as Ann Example, chairing",)
    assert not lines[3].guessed


def test_a_notes_format_file_shows_its_own_lines_where_nothing_was_guessed():
    text = b"---\ngroup: allies\ndate: 2023-03-01\n---\n## Updates\n\nAll well.\n"
    imported = read_notes_file("n.md", text, "allies")
    lines = file_lines(SimpleNamespace(imported=imported, content=text, name="n.md"))
    assert [line.text for line in lines] == text.decode().split("\n")
    assert not any(line.guessed for line in lines)
