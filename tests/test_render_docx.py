"""The Word file: the same content in real Word structure, and nothing else inside it."""

import dataclasses
import datetime
import io
import itertools
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from docx import Document
from docx.oxml.ns import qn

from meetings.notes_format import parse_notes
from notesfile.notes import AgreedAction, Attendee, Notes, Section
from publishing.frozen import Edition
from publishing.redaction import redact
from publishing.render_docx import notes_docx
from tests.leaks import docx_problems, docx_text

DEMO = Path(settings.BASE_DIR) / "demo" / "notes"
DAY = datetime.date(2022, 1, 25)
EDITION = Edition(1, datetime.date(2022, 1, 27))
TITLE = "Meeting notes: Tuesday 25 January 2022 – The Allies Group"


@pytest.fixture(scope="module")
def demo_docx() -> bytes:
    notes = parse_notes((DEMO / "2022-01-25.md").read_text(encoding="utf-8"))
    return notes_docx(redact(dataclasses.replace(notes, group_name="The Allies Group")), EDITION)


def make(notes: Notes, edition: Edition = EDITION) -> bytes:
    return notes_docx(redact(dataclasses.replace(notes, group_name="The Allies Group")), edition)


def test_the_file_carries_its_content_and_three_properties_only(demo_docx):
    problems = docx_problems(
        demo_docx, author="The Allies Group", title=TITLE, created="2022-01-27T12:00:00Z"
    )
    assert problems == []
    document = Document(io.BytesIO(demo_docx))
    core = document.core_properties
    assert (core.author, core.title, core.last_modified_by, core.comments) == (
        "The Allies Group",
        TITLE,
        "",
        "",
    )
    assert core.revision == 0  # python-docx's default when the property is absent


def test_the_default_template_would_not_pass_the_check():
    # The check is worth something only if python-docx's own template fails it.
    buffer = io.BytesIO()
    Document().save(buffer)
    problems = docx_problems(buffer.getvalue(), author="x", title="y", created="z")
    assert "unexpected part docProps/thumbnail.jpeg" in problems
    assert "unexpected part customXml/item1.xml" in problems
    assert any("rsid" in problem for problem in problems)
    assert any(problem.startswith("core properties") for problem in problems)


def test_headings_use_real_heading_styles_in_order(demo_docx):
    document = Document(io.BytesIO(demo_docx))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", "Meeting notes: Tuesday 25 January 2022")
    assert ("Heading 2", "Members") in headings
    assert ("Heading 2", "Funding") in headings
    levels = [int(style.split()[-1]) for style, _ in headings]
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))


def test_the_actions_table_has_a_repeating_header_row(demo_docx):
    document = Document(io.BytesIO(demo_docx))
    table = document.tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header == ["No.", "Agreed approach", "Person taking this on", "Deadline"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [cell.text for cell in table.rows[1].cells] == [
        "1",
        "Team to share strategy response blog when published.",
        "Lizzie",
        "25 Jan – complete",
    ]


def test_sensitive_parts_become_plain_placeholders():
    notes = Notes(
        "g",
        DAY,
        attendees=(Attendee("Graham Hart", role="chair"),),
        sections=(
            Section("Money", "£40k", sensitivity="financial"),
            Section("News", "Lizzie [is leaving]{.personal} in July."),
        ),
        actions=(AgreedAction(1, "Pay the invoice", "Nicc", "Friday", sensitivity="financial"),),
    )
    data = make(notes)
    text = docx_text(data)
    assert "Left out: financial information" in text
    assert "Lizzie Left out: personal information in July." in text
    assert "£40k" not in text
    assert "Pay the invoice" not in text
    document = Document(io.BytesIO(data))
    placeholder = next(
        run
        for p in document.paragraphs
        for run in p.runs
        if run.text.startswith("Left out: personal")
    )
    # A chip: bold, in a border, on grey, as on the web page and in the PDF.
    assert placeholder.bold
    assert placeholder._r.rPr.find(qn("w:bdr")) is not None
    assert placeholder._r.rPr.find(qn("w:shd")).get(qn("w:fill")) == "ECEBE6"
    assert not placeholder.font.hidden


def test_bold_italic_links_lists_and_tables_come_through():
    body = (
        "Some **bold** and *italic* with [a link](https://example.org/a).\n\n"
        "3. third\n4. fourth\n\n"
        "- one\n  - nested\n\n"
        "| Name | Role |\n|---|---|\n| Jo | Chair |\n\n"
        "### A sub-heading"
    )
    data = make(Notes("g", DAY, sections=(Section("Mixed", body),)))
    document = Document(io.BytesIO(data))
    runs = [run for p in document.paragraphs for run in p.runs]
    assert any(run.text == "bold" and run.bold for run in runs)
    assert any(run.text == "italic" and run.italic for run in runs)
    assert [p.style.name for p in document.paragraphs if p.text in ("third", "nested")] == [
        "List Number",
        "List Bullet 2",
    ]
    assert ("Heading 3", "A sub-heading") in [(p.style.name, p.text) for p in document.paragraphs]
    rels = zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels").decode()
    assert 'Target="https://example.org/a" TargetMode="External"' in rels
    assert "a link" in docx_text(data)
    numbering = document.part.numbering_part.element
    third = next(p for p in document.paragraphs if p.text == "third")
    num_id = third._p.pPr.numPr.numId.val
    start = numbering.num_having_numId(num_id).find(qn("w:lvlOverride")).find(qn("w:startOverride"))
    assert start.get(qn("w:val")) == "3"
    assert document.tables[-1].rows[1].cells[0].text == "Jo"


def test_a_correction_is_stated_at_the_top():
    data = make(Notes("g", DAY), Edition(2, DAY, "Fixed the date of the next meeting."))
    text = docx_text(data)
    assert "Version 2, published 25 January 2022. Correction: Fixed the date" in text
