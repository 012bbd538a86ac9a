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

from notesfile.format import parse_notes
from notesfile.notes import ActionReference, AgreedAction, Attendee, CarriedAction, Notes, Section
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


def test_every_tables_header_row_is_shaded_like_the_pdfs():
    actions = (AgreedAction(1, "Write up", "Lizzie", "March"),)
    sections = (Section("Figures", "| Year | Events |\n|---|---|\n| 2021 | 13 |"),)
    data = make(Notes("g", DAY, sections=sections, actions=actions))
    document = Document(io.BytesIO(data))
    assert len(document.tables) == 2
    for table in document.tables:
        for number, row in enumerate(table.rows):
            fills = [cell._tc.tcPr.find(qn("w:shd")) for cell in row.cells]
            if number == 0:
                assert [shade.get(qn("w:fill")) for shade in fills] == ["EBE9E3"] * len(fills)
            else:
                assert fills == [None] * len(fills)


def test_headings_and_presenters_keep_with_the_text_that_follows():
    sections = (Section("Funding", "Body text.", presenter="Nicc"), Section("News", "- a list"))
    document = Document(io.BytesIO(make(Notes("g", DAY, sections=sections))))
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert {p.text for p in headings} >= {"Funding", "News", "Members"}
    for paragraph in headings:
        assert paragraph.style.paragraph_format.keep_with_next, paragraph.text
    presenter = next(p for p in document.paragraphs if p.text == "Presented by Nicc")
    assert presenter.paragraph_format.keep_with_next
    body = next(p for p in document.paragraphs if p.text == "Body text.")
    assert not body.paragraph_format.keep_with_next


def test_the_group_is_named_once_on_the_first_page_and_heads_the_later_ones(demo_docx):
    document = Document(io.BytesIO(demo_docx))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.is_linked_to_previous is False
    assert "".join(p.text for p in section.first_page_header.paragraphs) == ""
    assert section.header.paragraphs[0].text == "The Allies Group"
    body = [p.text for p in document.paragraphs]
    assert body.count("The Allies Group") == 1
    assert body.index("The Allies Group") < body.index("Meeting notes: Tuesday 25 January 2022")
    for footer in (section.first_page_footer, section.footer):
        instructions = [f.get(qn("w:instr")) for f in footer._element.iter(qn("w:fldSimple"))]
        assert instructions == [" PAGE ", " NUMPAGES "]


def test_an_earlier_action_prints_where_it_came_from_under_its_letter():
    agreed = ActionReference(DAY, 2)
    earlier = redact(Notes("g", DAY, actions=(AgreedAction(2, "Share quotes"),)))
    notes = Notes("g", datetime.date(2022, 4, 27), carried=(CarriedAction(agreed, status="open"),))
    text = docx_text(notes_docx(redact(notes, {agreed: earlier.actions[0]}), EDITION))
    assert "A\n25 Jan 2022, action 2\nShare quotes" in text
