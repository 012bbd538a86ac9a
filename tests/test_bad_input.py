"""Bad input gets a clear, plain-English answer and never a server error: one test for each
kind that once reached one, or could have."""

import datetime
import io
import re
import struct
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from actions.models import ACTION_TEXT_LIMIT, Action
from meetings.importing import read_notes_file
from meetings.models import SECTION_TEXT_LIMIT, Meeting
from meetings.services import meeting_create_from_import
from notesfile.format import NotesFormatError
from notesfile.markup import sub_heading_problem
from notesfile.reading import archive
from publishing.models import Publication
from publishing.services import publication_render
from tests.factories import UserFactory
from tests.test_editor_views import HX, action_post, details_post, section_post

NOTES = (Path(django_settings.BASE_DIR) / "demo" / "notes" / "2022-01-25.md").read_text()
OUT_OF_RANGE = "cannot be the date of a meeting. Meetings are dated from 1900 to 2100."


@pytest.fixture
def meeting(demo_drafts):
    return Meeting.objects.get(group=demo_drafts, date="2022-01-25")


@pytest.fixture
def secretary(client, demo_drafts, settings):
    settings.DEBUG = False  # a server error would show as one, not as a debug page
    assert client.login(username="lizzie", password="notes-secretary-demo")
    return client


def notes_dated(day: str) -> str:
    """The demo's notes of 25 January 2022, moved to another day; action 3 is due "March"."""
    return NOTES.replace("date: 2022-01-25", f"date: {day}")


# A meeting dated 9999-12-31, with an action due "March" (year 10000 is out of range).


def test_the_editor_refuses_a_meeting_dated_9999_whose_action_is_due_in_march(secretary, meeting):
    assert meeting.actions.filter(deadline_text="March").exists()
    response = secretary.post(
        reverse("meetings:details", args=[meeting.pk]),
        details_post(meeting, date="9999-12-31"),
        **HX,
    )
    assert response.status_code == 422
    assert f"Check the year: 31 December 9999 {OUT_OF_RANGE}" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2022, 1, 25)


def test_import_notes_refuses_a_meeting_dated_9999(demo, tmp_path):
    path = tmp_path / "9999-12-31.md"
    path.write_text(notes_dated("9999-12-31"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 files could not be imported"):
        call_command("import_notes", str(path), stdout=io.StringIO(), stderr=err)
    assert f"31 December 9999 {OUT_OF_RANGE}" in err.getvalue()
    assert not Meeting.objects.filter(date__year__gt=2100).exists()


def test_the_import_page_refuses_a_meeting_dated_9999(secretary, demo_drafts):
    upload = SimpleUploadedFile("late.md", notes_dated("9999-12-31").encode())
    response = secretary.post("/meetings/import/", {"group": demo_drafts.pk, "file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(f"late.md: Check the year: 31 December 9999 {OUT_OF_RANGE}") == 1
    assert not Meeting.objects.filter(date__year__gt=2100).exists()


# A meeting dated before 1900 or after 2100.


@pytest.mark.parametrize(
    ("day", "refused"),
    [("1899-12-31", True), ("1900-01-01", False), ("2100-12-31", False), ("2101-01-01", True)],
)
def test_a_new_meeting_is_dated_from_1900_to_2100(secretary, demo_drafts, day, refused):
    data = {"group": demo_drafts.pk, "date": day, "start_time": "", "end_time": "", "place": ""}
    response = secretary.post(reverse("meetings:new"), data)
    assert Meeting.objects.filter(date=day).exists() is not refused
    if refused:
        assert OUT_OF_RANGE in response.content.decode()


def test_the_editor_refuses_a_date_before_1900(secretary, meeting):
    response = secretary.post(
        reverse("meetings:details", args=[meeting.pk]),
        details_post(meeting, date="1066-10-14"),
        **HX,
    )
    assert response.status_code == 422
    assert f"14 October 1066 {OUT_OF_RANGE}" in response.content.decode()


def test_an_import_refuses_a_date_after_2100(demo):
    imported = read_notes_file("far.md", notes_dated("2101-01-01").encode())
    with pytest.raises(NotesFormatError, match=OUT_OF_RANGE):
        meeting_create_from_import(imported=imported, group=demo)


# An action numbered 0 in the editor's add form (IntegrityError).


@pytest.mark.parametrize("number", ["0", "-1"])
def test_an_action_numbered_0_is_a_form_error(secretary, meeting, number):
    data = {
        "new-action-number": number, "new-action-text": "Write to the funders",
        "new-action-status": "open", "new-action-sensitivity": "public",
    }  # fmt: skip
    response = secretary.post(reverse("actions:add", args=[meeting.pk]), data, **HX)
    assert response.status_code == 422
    assert "Number the actions from 1: 1, 2, 3…" in response.content.decode()
    assert not meeting.actions.filter(text="Write to the funders").exists()


def test_an_action_renumbered_0_is_a_form_error(secretary, meeting):
    action = meeting.actions.get(number=2)
    response = secretary.post(
        reverse("actions:action", args=[action.pk]), action_post(action, number="0"), **HX
    )
    assert response.status_code == 422
    assert "Number the actions from 1" in response.content.decode()
    action.refresh_from_db()
    assert action.number == 2


# Section and action text have a length limit, with a clear message.


def test_a_sections_notes_have_a_length_limit(secretary, meeting):
    item = meeting.agenda_items.first()
    url = reverse("meetings:section", args=[item.pk])
    too_long = "word " * (SECTION_TEXT_LIMIT // 5) + "more"
    response = secretary.post(url, section_post(item, body=too_long), **HX)
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        f"Too long to save: a section&#x27;s notes can be up to {SECTION_TEXT_LIMIT:,} "
        f"characters, and these have {len(too_long)}. Split them into two sections." in page
    )
    item.refresh_from_db()
    assert item.body != too_long
    just_fits = "x" * SECTION_TEXT_LIMIT
    response = secretary.post(url, section_post(item, body=just_fits), **HX)
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.body == just_fits
    # The browser is not told the limit, so a pasted text is never cut short unsaid.
    editor = secretary.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    box = re.search(rf'<textarea[^>]*id="id_section-{item.pk}-body"[^>]*>', editor)
    assert box is not None
    assert "maxlength" not in box.group()


def test_an_actions_text_has_a_length_limit(secretary, meeting):
    action = meeting.actions.get(number=2)
    too_long = "y" * (ACTION_TEXT_LIMIT + 1)
    response = secretary.post(
        reverse("actions:action", args=[action.pk]), action_post(action, text=too_long), **HX
    )
    assert response.status_code == 422
    assert (
        f"Too long to save: an action can be up to {ACTION_TEXT_LIMIT:,} characters, and this "
        f"one has {ACTION_TEXT_LIMIT + 1}." in response.content.decode()
    )
    action.refresh_from_db()
    assert action.text != too_long


def test_an_import_refuses_text_over_the_limits(demo):
    long_action = NOTES.replace(
        "| 1 | Team to share strategy response blog when published.",
        "| 1 | " + "z" * (ACTION_TEXT_LIMIT + 1),
    ).replace("date: 2022-01-25", "date: 2022-02-01")
    imported = read_notes_file("long.md", long_action.encode())
    with pytest.raises(NotesFormatError, match="action 1 is longer than 1,000 characters"):
        meeting_create_from_import(imported=imported, group=demo)
    assert not Action.objects.filter(text__startswith="zzz").exists()


# Password reset requests are limited per address and per account, as logins are.


@pytest.fixture
def reset_limits(settings):
    cache.clear()
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS, "password_reset": (4, 3600), "password_reset_account": (2, 3600),
    }  # fmt: skip
    settings.TRUSTED_PROXY_COUNT = 1
    yield
    cache.clear()


def ask_reset(client, email: str, address: str):
    return client.post("/accounts/password_reset/", {"email": email}, HTTP_X_FORWARDED_FOR=address)


@pytest.mark.django_db
def test_password_resets_for_one_account_are_limited_from_any_address(client, reset_limits):
    UserFactory(username="mandy", email="mandy@example.org")
    assert ask_reset(client, "mandy@example.org", "198.51.100.1").status_code == 302
    assert ask_reset(client, "Mandy@Example.org ", "198.51.100.2").status_code == 302
    limited = ask_reset(client, "mandy@example.org", "198.51.100.3")
    assert limited.status_code == 429
    assert "wait an hour" in limited.content.decode()
    assert len(mail.outbox) == 2
    # Another account is not held up.
    assert ask_reset(client, "someone@example.org", "198.51.100.3").status_code == 302


@pytest.mark.django_db
def test_password_resets_from_one_address_are_limited_whatever_the_account(client, reset_limits):
    for number in range(4):
        assert ask_reset(client, f"person{number}@example.org", "203.0.113.5").status_code == 302
    assert ask_reset(client, "person9@example.org", "203.0.113.5").status_code == 429
    assert ask_reset(client, "person9@example.org", "203.0.113.6").status_code == 302


# A numbered version can be withdrawn, so shared caches keep it no longer than the latest.


def test_a_numbered_version_is_cached_no_longer_than_the_latest_notes(demo, client):
    from publishing.views import PAGE_MAX_AGE, VERSION_MAX_AGE

    assert VERSION_MAX_AGE <= PAGE_MAX_AGE
    for publication in Publication.objects.all():
        publication_render(publication=publication)
    for path in ("/notes/allies-group/2022-01-25/v1/", "/notes/allies-group/2022-01-25/v1.docx"):
        assert client.get(path)["Cache-Control"] == f"public, max-age={PAGE_MAX_AGE}", path


# Import messages in plain English, once; file sizes as people say them.


def test_an_import_of_notes_the_group_has_says_so_once_with_a_link(secretary, demo_drafts):
    upload = SimpleUploadedFile("2022-01-25.md", NOTES.encode())
    response = secretary.post("/meetings/import/", {"group": demo_drafts.pk, "file": upload})
    page = response.content.decode()
    meeting = Meeting.objects.get(group=demo_drafts, date="2022-01-25")
    said = "Allies Group already has notes for 25 January 2022: "
    assert page.count("already has") == 1
    assert f'{said}<a href="/meetings/{meeting.pk}/edit/">open them</a>.' in page
    assert "field &#x27;date&#x27;" not in page


@pytest.mark.parametrize(
    ("size", "said"),
    [(2_359_296, "the file is 2.25 MB"), (2_097_153, "the file is 2.01 MB"),
     (3 * 1024 * 1024, "the file is 3 MB")],
)  # fmt: skip
def test_a_file_too_big_is_called_by_its_size(settings, size, said):
    settings.NOTES_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    with pytest.raises(NotesFormatError) as refused:
        read_notes_file("big.txt", b"x" * size)
    assert str(refused.value) == f"{said}; files of up to 2 MB can be imported"


def test_the_import_page_and_command_call_a_big_file_by_its_whole_size(
    secretary, demo_drafts, tmp_path
):
    # Only a byte past the limit is read, but the size told is the file's.
    said = "the file is 2.25 MB; files of up to 2 MB can be imported"
    big = b"x" * 2_359_296
    upload = SimpleUploadedFile("big.txt", big)
    page = secretary.post("/meetings/import/", {"group": demo_drafts.pk, "file": upload})
    assert page.content.decode().count(f"big.txt: {said}") == 1
    path = tmp_path / "big.txt"
    path.write_bytes(big)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_notes", str(path), stdout=io.StringIO(), stderr=err)
    assert f"big.txt: {said}" in err.getvalue()


def nested(levels: int) -> str:
    return "".join("  " * depth + f"- level {depth + 1}\n" for depth in range(levels))


def test_a_deeply_nested_list_is_refused_for_its_nesting_not_a_fence():
    problem = sub_heading_problem(nested(12))
    assert problem is not None
    assert "a list is nested too deeply: lists can go 9 levels deep" in problem
    assert "fence" not in problem
    assert sub_heading_problem(nested(9)) is None
    assert sub_heading_problem("```\nnever closed\n") == "a fenced block (```) is not closed"


def test_the_editor_says_a_deeply_nested_list_is_nested_too_deeply(secretary, meeting):
    item = meeting.agenda_items.first()
    response = secretary.post(
        reverse("meetings:section", args=[item.pk]), section_post(item, body=nested(12)), **HX
    )
    assert response.status_code == 422
    assert "a list is nested too deeply" in response.content.decode()


# Archives and files that are not what they say, on the import page and by import_notes.


def _zip(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = method
            archive.writestr(info, content)
    return buffer.getvalue()


def _unpacked(content: bytes, max_bytes: int = 10_000) -> dict[str, str | bytes]:
    found = archive.unpack("a.zip", content, max_bytes=max_bytes)
    return {f.name: f.message if isinstance(f, archive.Refused) else f.content for f in found}


GOOD = b"---\ngroup: allies-group\ndate: 2023-03-01\n---\n## Updates\n\nAll well.\n"


@pytest.mark.parametrize(
    "name", ["../x.md", "notes/../../x.md", "/etc/x.md", "C:\\x.md", "C:/x.md"]
)
def test_a_zip_member_outside_its_folder_is_refused_by_name(name):
    found = _unpacked(_zip({name: GOOD, "notes/ok.md": GOOD}))
    assert "outside its folder" in found[f"a.zip/{name}"]
    assert found["a.zip/notes/ok.md"] == GOOD


def test_a_zip_inside_the_zip_is_not_opened():
    found = _unpacked(_zip({"inner.zip": _zip({"x.md": GOOD}), "ok.md": GOOD}))
    assert found["a.zip/inner.zip"].startswith("a zip inside the zip is not opened")
    assert list(found) == ["a.zip/inner.zip", "a.zip/ok.md"]


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    # 5 MB of zeros packs into a few KB, and would unpack to far more than an
    # upload may hold (ten times the limit of one file): refused whole.
    bomb = _zip({"bomb.txt": b"\0" * 5_000_000, "ok.md": GOOD})
    assert len(bomb) < 20_000
    with pytest.raises(NotesFormatError, match=r"would unpack to 4\.8 MB, far more than notes"):
        archive.unpack("a.zip", bomb, max_bytes=10_000)
    # One member over the limit of one file is refused by name; the rest are read.
    found = _unpacked(_zip({"big.txt": b"\0" * 50_000, "ok.md": GOOD}))
    assert found["a.zip/big.txt"] == (
        "this file unpacks to 48.8 KB; files of up to 9.8 KB can be imported"
    )
    assert found["a.zip/ok.md"] == GOOD
    # Many members each under the limit, together far more: refused whole.
    many = _zip({f"{n}.txt": b"\0" * 9_999 for n in range(11)})
    with pytest.raises(NotesFormatError, match=r"would unpack to 107\.4 KB, far more than"):
        archive.unpack("a.zip", many, max_bytes=10_000)


def test_a_zip_whose_header_lies_about_a_size_is_read_no_further_than_the_limit():
    content = _zip({"big.txt": b"\0" * 50_000})
    # Make both headers claim 10 bytes: the member is read only as far as
    # the limit, and its check fails, whatever the header says.
    header = struct.pack("<I", 50_000)
    assert content.count(header) == 2
    found = _unpacked(content.replace(header, struct.pack("<I", 10)))
    assert found["a.zip/big.txt"] == "this file in the archive is damaged and cannot be read"


def test_a_zip_with_too_many_files_is_refused_whole():
    with pytest.raises(NotesFormatError, match="holds 101 files; up to 100 can be imported"):
        archive.unpack("a.zip", _zip({f"{n}.md": GOOD for n in range(101)}), max_bytes=10_000)
    folders = _zip({f"d{n}/": b"" for n in range(1001)})
    with pytest.raises(NotesFormatError, match="holds 1001 files and folders; an archive of up"):
        archive.unpack("a.zip", folders, max_bytes=10_000)


def test_a_zip_member_with_a_password_is_refused():
    content = bytearray(_zip({"secret.md": GOOD}, method=zipfile.ZIP_STORED))
    # Mark it encrypted, in the local header and the central directory.
    for start in (0, content.index(b"PK\x01\x02")):
        flag_at = start + (6 if start == 0 else 8)
        content[flag_at] |= 1
    found = _unpacked(bytes(content))
    assert "protected by a password" in found["a.zip/secret.md"]


@pytest.mark.parametrize(
    ("content", "said"),
    [(b"just words", "the file is not a zip archive, though its name ends in .zip"),
     (b"PK\x03\x04" + b"\x00" * 40, "the zip archive is damaged and cannot be opened")],
)  # fmt: skip
def test_a_zip_that_is_not_one_is_named(content, said):
    with pytest.raises(NotesFormatError, match=said):
        archive.unpack("a.zip", content, max_bytes=10_000)


def test_the_import_page_names_each_bad_file_and_previews_the_good_ones(secretary, demo_drafts):
    bundle = _zip({
        "notes/ok.md": GOOD, "../escape.md": GOOD, "notes/inner.zip": _zip({"x.md": GOOD}),
        "notes/bomb.txt": b"\0" * 3_000_000, "notes/looks.docx": b"plain words",
    })  # fmt: skip
    uploads = [
        SimpleUploadedFile("folder.zip", bundle),
        SimpleUploadedFile("really-a-pdf.txt", b"%PDF-1.4\n%binary"),
        SimpleUploadedFile("really-a-zip.md", _zip({"x": b"y"})),
        SimpleUploadedFile("not-a-zip.zip", b"hello"),
    ]
    before = Meeting.objects.count()
    page = secretary.post("/meetings/import/", {"group": demo_drafts.pk, "file": uploads})
    html = page.content.decode()
    assert "7 files could not be read" in html
    for said in (
        "folder.zip/../escape.md: the archive would put this file outside its folder",
        "folder.zip/notes/inner.zip: a zip inside the zip is not opened",
        "folder.zip/notes/bomb.txt: this file unpacks to 2.9 MB; files of up to 2 MB",
        "folder.zip/notes/looks.docx: the file is not a Word document",
        "really-a-pdf.txt: this PDF cannot be read: it may be damaged or cut short",
        "really-a-zip.md: this is a zip archive, not text",
        "not-a-zip.zip: the file is not a zip archive, though its name ends in .zip",
    ):
        assert html.count(said) == 1, said
    assert "Create the draft meeting of 1 March 2023" in html
    assert Meeting.objects.count() == before


def test_import_notes_names_each_bad_file_of_a_zip_and_imports_the_rest(demo, tmp_path):
    path = tmp_path / "folder.zip"
    path.write_bytes(_zip({"ok.md": GOOD, "../escape.md": GOOD, "inner.zip": _zip({"x": b""})}))
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 of 3 files could not be imported") as failed:
        call_command("import_notes", str(path), stdout=io.StringIO(), stderr=err)
    assert failed.value.returncode == 1
    assert f"{path}/../escape.md: the archive would put this file outside" in err.getvalue()
    assert f"{path}/inner.zip: a zip inside the zip is not opened" in err.getvalue()
    assert Meeting.objects.filter(group=demo, date="2023-03-01").exists()


# Files that are not what their names say, and PDFs and Word files that cannot be read whole.


def _word(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


def _locked(pdf: bytes) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


NOTES_WORD = ("Meeting notes: 3 March 2023", "Updates", "All well.")
NOTES_PDF = "<p>Meeting notes: 3 March 2023</p><h2>Updates</h2><p>All well.</p>"
BAD_FILES = [
    ("locked.pdf", lambda: _locked(_pdf(NOTES_PDF)), "this PDF is protected by a password"),
    ("cut.pdf", lambda: _pdf(NOTES_PDF)[:300], "this PDF cannot be read: it may be damaged"),
    ("scan.pdf", lambda: _pdf("<svg width='300' height='300'></svg>"), "this PDF has no text"),
    ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old Word .doc file"),
    ("old.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old Word .doc file"),
    ("notes.rtf", lambda: b"{\\rtf1\\ansi Meeting notes}", r"Rich Text \(\.rtf\) file"),
    ("text.pdf", lambda: b"Meeting notes: 3 March 2023\n", "this PDF cannot be read"),
    ("text.docx", lambda: b"Meeting notes: 3 March 2023\n", "a .docx file is a zip archive"),
]


@pytest.mark.parametrize(("name", "content", "said"), BAD_FILES)
def test_a_file_that_cannot_be_read_is_refused_by_what_it_is(name, content, said):
    with pytest.raises(NotesFormatError, match=said):
        read_notes_file(name, content(), "allies-group")


@pytest.mark.parametrize(
    ("name", "content", "reader"),
    [
        ("notes.docx", lambda: _pdf(NOTES_PDF), "a PDF"),
        ("notes.txt", lambda: _pdf(NOTES_PDF), "a PDF"),
        ("notes.pdf", lambda: _word(*NOTES_WORD), "a Word document"),
        ("notes.txt", lambda: _word(*NOTES_WORD), "a Word document"),
    ],
)  # fmt: skip
def test_a_file_named_as_another_shape_is_read_by_what_it_holds_and_says_so(name, content, reader):
    imported = read_notes_file(name, content(), "allies-group")
    assert imported.reader == reader
    assert str(imported.notes.date) == "2023-03-03"
    suffix = name.rsplit(".", 1)[1]
    assert (
        imported.guesses[0] == f"the file is named .{suffix} but it is {reader}: it was read as one"
    )


def test_import_notes_refuses_each_bad_file_by_name_creates_nothing_from_it_and_imports_the_rest(
    demo, tmp_path
):
    paths = []
    for name, content, _ in BAD_FILES:
        paths.append(tmp_path / name)
        paths[-1].write_bytes(content())
    good = tmp_path / "good.pdf"
    good.write_bytes(_pdf(NOTES_PDF))
    before = Meeting.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match=f"{len(BAD_FILES)} of {len(BAD_FILES) + 1} files"):
        call_command(
            "import_notes", "--group", "allies-group", *map(str, [*paths, good]),
            stdout=io.StringIO(), stderr=err,
        )  # fmt: skip
    for path, (_, _, said) in zip(paths, BAD_FILES, strict=True):
        assert re.search(f"{re.escape(str(path))}: .*{said}", err.getvalue())
    assert Meeting.objects.count() == before + 1
    assert Meeting.objects.filter(date="2023-03-03").exists()


def test_text_that_speaks_of_a_pdf_is_read_as_text_and_a_pdf_after_some_rubbish_as_a_pdf():
    text = b"Meeting notes: 3 March 2023\n\nUpdates\nThe file starts %PDF-1.7, we learnt.\n"
    assert read_notes_file("notes.txt", text, "allies-group").reader == "plain text"
    late = b"\x00" * 100 + _pdf(NOTES_PDF)
    assert read_notes_file("notes.pdf", late, "allies-group").reader == "a PDF"
