"""Reading a notes file of any shape: the notes format, plain text and Word; and bad files."""

import io
import zipfile

import docx
import pytest
from django.conf import settings as django_settings
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from meetings.importing import read_notes_file
from notesfile.format import NotesFormatError, parse_notes
from notesfile.notes import Notes
from tests.seeds import BASE, SEEDS, demo_notes, source_bytes

DEMO_MD = (BASE / "demo" / "notes" / "2022-01-25.md").read_bytes()


def word_from_notes(notes: Notes) -> bytes:
    """A Word document laid out as the group wrote its notes: styled headings, lists, a table."""
    document = docx.Document()
    document.add_paragraph("Co-Production Collective Allies Group", style="Title")
    document.add_paragraph(f"Meeting notes: {notes.date:%A %-d %B %Y}")
    document.add_heading("Members", level=2)

    def label(person):
        roles = (["chair"] if person.role == "chair" else []) + (
            ["notes"] if person.takes_notes else []
        )
        return person.name + "".join(f" ({role})" for role in roles)

    document.add_paragraph("Present: " + ", ".join(label(p) for p in notes.attending("present")))
    document.add_paragraph("Apologies: " + ", ".join(p.name for p in notes.attending("apologies")))
    document.add_heading("Actions", level=2)
    table = document.add_table(rows=1, cols=3)
    for cell, title in zip(
        table.rows[0].cells, ["Agreed approach", "Person taking this on", "Deadline"], strict=True
    ):
        cell.text = title
    for action in notes.actions:
        deadline = action.deadline
        if action.status == "complete":
            deadline = f"{deadline} – complete" if deadline else "Complete"
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = (
            f"{action.number}. {action.text}",
            action.owner,
            deadline,
        )
    for section in notes.sections:
        document.add_heading(section.heading, level=2)
        for block in section.body.split("\n\n"):
            for line in block.splitlines():
                if line.startswith("  - "):
                    document.add_paragraph(line[4:], style="List Bullet 2")
                elif line.startswith("- "):
                    document.add_paragraph(line[2:], style="List Bullet")
                elif line.strip():
                    document.add_paragraph(line)
    for line in notes.next_meetings:
        document.add_paragraph(f"Date of next meeting: {line}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("source", "demo"), SEEDS)
def test_a_word_document_of_a_seed_imports_as_its_text_file_does(source, demo):
    word = read_notes_file("notes.docx", word_from_notes(demo_notes(demo)), "allies-group")
    text = read_notes_file(source, source_bytes(source), "allies-group")
    assert word.reader == "a Word document"
    assert word.notes == text.notes
    assert "paragraph 1: took 'Co-Production Collective Allies Group' as the title" in word.guesses


def test_word_emphasis_links_numbering_and_sub_headings_are_kept():
    document = docx.Document()
    document.add_paragraph("Meeting notes: 1 March 2023")
    document.add_heading("Evaluation", level=1)
    paragraph = document.add_paragraph("We read ")
    paragraph.add_run("the report").italic = True
    paragraph.add_run(" and ")
    paragraph.add_run("agreed").bold = True
    paragraph.add_run(" at ")
    _add_link(paragraph, "https://example.org/report", "its page")
    document.add_heading("What we heard", level=3)
    document.add_paragraph("First", style="List Number")
    document.add_paragraph("Second", style="List Number")
    bold = document.add_paragraph()
    bold.add_run("Capacity").bold = True
    document.add_paragraph("Stretched.")
    out = io.BytesIO()
    document.save(out)
    notes = read_notes_file("notes.docx", out.getvalue(), "allies-group").notes
    assert [(s.heading, s.body) for s in notes.sections] == [
        (
            "Evaluation",
            "We read *the report* and **agreed** at [its page](https://example.org/report)\n\n"
            "### What we heard\n\n1. First\n2. Second",
        ),
        ("Capacity", "Stretched."),
    ]


def _add_link(paragraph, url: str, text: str) -> None:
    relation = paragraph.part.relate_to(
        url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )  # fmt: skip
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _zip(name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, content)
    return out.getvalue()


def _oversized() -> bytes:
    return b"x" * (django_settings.NOTES_IMPORT_MAX_BYTES + 1)


@pytest.mark.parametrize(
    ("filename", "content", "message", "line", "field"),
    [
        ("notes.md", b"---\ndate: [2022\n---\n", "not valid YAML", 2, None),
        (
            "notes.md",
            b"---\ngroup: allies-group\ndate: 2022-02-30\n---\n",
            "'2022-02-30' is not a date",
            None,
            "date",
        ),
        ("notes.txt", b"Meeting notes: 30 February 2022\n", "is not a real date", 1, "date"),
        (
            "notes.md",
            b"---\ngroup: g\ndate: 2022-01-25\n---\n## Actions\n\n| Number | Action |\n"
            b"|---|---|\n| 1 | Do it |\n",
            "no Owner, Deadline column",
            7,
            None,
        ),
        (
            "notes.txt",
            b"Meeting notes: 1 March 2023\n\nActions\nColour\tSize\nRed\tLarge\n",
            "no Action column",
            4,
            None,
        ),
        ("notes.txt", b"Meeting notes\n\xff\xfe broken", "not UTF-8 text", 2, None),
        ("notes.md", b"---\ngroup: g\x00\n---\n", "not text", 2, None),
        ("notes.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text", 1, None),
        ("notes.txt", b"%PDF-1.7 binary", "this PDF cannot be read", None, None),
        ("notes.txt", _zip("word/document.xml", b"<x/>"), "not a Word document", None, None),
        ("notes.txt", _zip("readme.txt", b"hello"), "zip archive, not text", None, None),
        (
            "notes.docx",
            b"Meeting notes: 1 March 2023\n",
            "a .docx file is a zip archive",
            None,
            None,
        ),
        ("notes.docx", _zip("readme.txt", b"hello"), "no word/document.xml", None, None),
        (
            "notes.docx",
            _zip("word/document.xml", b"<not-word"),
            "not a Word document that can",
            None,
            None,
        ),
        ("notes.docx", b"\xd0\xcf\x11\xe0 old word", r"old Word \.doc file", None, None),
        ("notes.txt", b"", "the file is empty", None, None),
        ("notes.md", b"  \n\n ", "the file is empty", None, None),
        ("notes.txt", b"\xef\xbb\xbf\n", "the file is empty", None, None),
        ("notes.txt", _oversized(), "files of up to 2 MB", None, None),
        ("notes.pdf", b"%PDF-1.7", "this PDF cannot be read", None, None),
        ("notes.odt", b"PK\x03\x04", "cannot import a .odt", None, None),
        ("notes.txt", b"Updates\nAll well.\n", "could not find the meeting's date", None, "date"),
    ],
)
def test_a_bad_file_is_refused_with_the_line_or_field(filename, content, message, line, field):
    with pytest.raises(NotesFormatError, match=message) as caught:
        read_notes_file(filename, content, "allies-group")
    assert (caught.value.line, caught.value.field) == (line, field)


def test_an_old_word_file_named_as_text_is_told_to_be_saved_as_docx():
    with pytest.raises(NotesFormatError, match=r"old Word \.doc file"):
        read_notes_file("notes.txt", b"\xd0\xcf\x11\xe0 old word", "allies-group")


def test_a_text_file_with_front_matter_is_read_as_the_notes_format():
    imported = read_notes_file("notes.txt", DEMO_MD, None)
    assert imported.reader == "the notes format"
    assert imported.notes == parse_notes(DEMO_MD.decode())


def test_a_file_that_names_no_group_takes_the_default_and_one_without_is_refused():
    assert read_notes_file("notes.txt", b"Meeting notes: 1 March 2023\n", "g").notes.group == "g"
    with pytest.raises(NotesFormatError, match="no group") as caught:
        read_notes_file("notes.txt", b"Meeting notes: 1 March 2023\n", None)
    assert caught.value.field == "group"


def test_utf16_text_from_word_is_read():
    text = "Meeting notes: 1 March 2023\r\nUpdates\r\nAll well – thanks.\r\n"
    notes = read_notes_file("notes.txt", text.encode("utf-16"), "g").notes
    assert [(s.heading, s.body) for s in notes.sections] == [("Updates", "All well – thanks.")]


def test_the_size_limit_is_a_setting(settings):
    settings.NOTES_IMPORT_MAX_BYTES = 1000
    with pytest.raises(NotesFormatError, match=r"the file is [\d.]+ KB; files of up to 1000 bytes"):
        read_notes_file("notes.md", DEMO_MD, None)
