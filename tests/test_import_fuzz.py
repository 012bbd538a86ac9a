"""Fuzzing the import: only NotesFormatError escapes it, and a failed one leaves nothing."""

import datetime
import io
from pathlib import Path

import docx
import pytest
from django.conf import settings as django_settings
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.models import Action, ActionUpdate
from allies.models import Member
from meetings.importing import read_notes_file
from meetings.models import AgendaItem, Attendance, Meeting
from meetings.services import meeting_create_from_import
from notesfile.format import NotesFormatError
from tests.factories import ActionFactory, GroupFactory, MeetingFactory
from tests.test_notes_format_doc import complete_example

BASE = Path(django_settings.BASE_DIR)
EARLIER = datetime.date(2020, 1, 1)
SOURCES = [
    # The format's complete example, updating actions of a meeting the fuzzed group has.
    ("example.md", complete_example().replace("2021-06-23 #", f"{EARLIER} #").encode()),
    ("2021-06-23.md", (BASE / "demo" / "notes" / "2021-06-23.md").read_bytes()),
    ("2022-01-25.md", (BASE / "demo" / "notes" / "2022-01-25.md").read_bytes()),
    ("2021-06-23.txt", (BASE / "demo" / "sources" / "2021-06-23-allies-notes.txt").read_bytes()),
    ("2022-01-25.txt", (BASE / "demo" / "sources" / "2022-01-25-allies-notes.txt").read_bytes()),
]
# Lines that touch the corners of both readers: marks, tables, labels, fences.
TRICKY = [
    b"## Funding {.secret}", b"## Actions {.financial}", b"## {.update}", b"# Title", b"### Sub",
    b"| Number | Action |", b"|---|---|", b"| 1 | Do it | extra |", b"| 99999 | Big | All | Now |",
    b"Some [text]{.personl}.", b"[passage]{.personal}", b"[a] {.financial}", b"```", b"~~~",
    b"---", b"-", b"\t1. Team\tAll\tMarch", b"\tAgreed approach", b"\tDeadline", b"Actions",
    b"Present: Ann (chair), Bob (chair), Ann", b"Apologies: Ann (notes)", b"Guests:",
    b"Guests: Jo \xe2\x80\x93 a researcher", b"Chair: Zed", b"Meeting notes: 31 February 2022",
    b"Meeting notes: 29/02/2023", b"Date of next meeting:", b"start: 16:00", b"end: 09:00",
    b"date: 2022-13-01", b"group: [a", b"present: *alias", b"guests: [{name: ''}]",
    b"chair: Nobody", b"\xc2\xb7 bullet", b" - nested", b"lower case carrying on",
    b"[bookmark: _Hlk1]", b"Sensitivity", b"| 2020-01-01 #3 | Done | Yes |", b"x" * 400,
    b"\x00", b"\xff\xfe", b"\x0b", b"\r", b"\\", b"<script>alert(1)</script>",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A demo file with lines deleted, repeated, swapped or inserted, and bytes changed."""
    name, content = draw(st.sampled_from(SOURCES))
    lines = content.split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        change = draw(st.sampled_from(["delete", "repeat", "swap", "insert", "bytes", "cut"]))
        if change == "delete" and lines:
            del lines[at]
        elif change == "repeat" and lines:
            lines.insert(at, lines[at])
        elif change == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif change == "insert":
            lines.insert(at, draw(st.sampled_from(TRICKY)))
        elif change == "bytes" and lines:
            junk = st.one_of(st.binary(max_size=12), st.text(max_size=12).map(str.encode))
            lines[at] = draw(junk) + lines[at][draw(st.integers(0, 20)) :]
        elif change == "cut":
            lines = lines[:at]
    # Mostly under its own name, so that most files get far into the import.
    renamed = draw(st.sampled_from([None, None, None, None, "notes.md", "notes.txt", "notes.docx"]))
    return renamed or name, b"\n".join(lines)


@st.composite
def word_documents(draw: st.DrawFn) -> tuple[str, bytes]:
    """A Word document of random headings, paragraphs, list items and tables."""
    document = docx.Document()
    if draw(st.booleans()):
        document.add_paragraph("Meeting notes: 1 March 2023")
    text = st.one_of(
        # Word documents cannot hold control characters.
        st.sampled_from(TRICKY).map(
            lambda line: "".join(c for c in line.decode("utf-8", "replace") if c.isprintable())
        ),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30),
    )
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["Normal", "Heading 1", "Heading 3", "List Bullet",
                                     "List Number 2", "Title", "table"]))  # fmt: skip
        if kind == "table":
            rows, cols = draw(st.integers(1, 3)), draw(st.integers(1, 4))
            table = document.add_table(rows=rows, cols=cols)
            for cell in table._cells:
                cell.text = draw(text)
        else:
            document.add_paragraph(draw(text), style=kind)
    out = io.BytesIO()
    document.save(out)
    return "notes.docx", out.getvalue()


random_files = st.tuples(
    st.sampled_from(["notes.md", "notes.txt", "notes.docx", "notes"]), st.binary(max_size=300)
)
any_file = st.one_of(mutated(), mutated(), word_documents(), random_files)


def rows() -> dict[str, int]:
    models = (Meeting, Attendance, AgendaItem, Action, ActionUpdate, Member)
    return {model.__name__: model.objects.count() for model in models}


@given(upload=any_file)
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_reading_any_file_raises_nothing_but_notes_format_errors(upload):
    name, content = upload
    try:
        read_notes_file(name, content, default_group="allies-group")
    except NotesFormatError as error:
        # Every error has words for the person who uploaded the file.
        message = error.message
    else:
        message = "read"
    assert message.strip()


@pytest.mark.django_db
@given(upload=any_file)
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
def test_importing_any_file_creates_a_draft_or_nothing_at_all(upload):
    name, content = upload
    with transaction.atomic():
        group = GroupFactory(slug="allies-group")
        earlier = MeetingFactory(group=group, date=EARLIER)
        for number in range(1, 8):
            ActionFactory(meeting=earlier, number=number)
        before = rows()
        try:
            imported = read_notes_file(name, content, default_group=group.slug)
            report = meeting_create_from_import(imported=imported, group=group)
        except NotesFormatError:
            assert rows() == before
        else:
            assert report.meeting.status == Meeting.Status.DRAFT
        transaction.set_rollback(True)
