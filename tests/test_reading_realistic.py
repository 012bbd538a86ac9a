"""Minutes written as secretaries write them, not as the corpus does, read as they would expect.

The corpus (tests/corpus.py) writes every meeting in the shapes its authors
thought of. These minutes are written by hand, the way other secretaries
lay them out: "Attendees:" and "Apologies received from", titles and
organisations beside names, numbered agenda items, dates in any form or
only in the file's name, actions written as lines rather than in a table,
tables with other columns and statuses, merged cells, and running headers
and footers typed into the text or set in Word. Each is read from text, a
Word file or a PDF (WeasyPrint, and LibreOffice where it is installed), and
checked for every person with attendance and role, every action with text,
owner and deadline, every earlier action with its status, every heading,
and every word of the source accounted for.
"""

import datetime
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK

from notesfile.reading.files import ImportedNotes, read_notes_file
from notesfile.reading.tables import STATUS_WORDS

LIMIT = 20 * 1024 * 1024
_WORD = re.compile(r"[^\W_]+")
# The placements whose words must be found in the notes themselves; the others
# (title, date, attendance, headers of tables, page furniture) are what the
# reader reads the meeting's shape from, and are only to be placed.
_CONTENT = ("section", "action", "earlier action", "to check")


def read(name: str, content: bytes) -> ImportedNotes:
    return read_notes_file(name, content, "allies", max_bytes=LIMIT)


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def notes_words(imported: ImportedNotes) -> set[str]:
    notes = imported.notes
    texts = [a.name for a in notes.attendees] + [a.introduction for a in notes.attendees]
    texts += [t for a in notes.actions for t in (str(a.number), a.text, a.owner, a.deadline)]
    texts += [t for a in notes.carried for t in (a.text, a.owner, a.deadline, a.note, a.label)]
    texts += [t for s in notes.sections for t in (s.heading, s.body)]
    texts += list(notes.next_meetings)
    return set().union(*(words(text) for text in texts))


@dataclass
class Expected:
    """What a secretary expects the notes to hold."""

    date: datetime.date
    # name: "present" / "apologies" / …, with ", chair", ", co-chair", ", notes" after it
    people: dict[str, str]
    # (text, owner, deadline) of each action agreed, in order
    actions: list[tuple[str, str, str]] = field(default_factory=list)
    # (start of its text, status) of each earlier action, in order
    carried: list[tuple[str, str]] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)


def check(imported: ImportedNotes, source_text: str, expected: Expected) -> None:
    notes = imported.notes
    assert notes.date == expected.date
    people = {}
    for person in notes.attendees:
        said = [person.status]
        if person.role:
            said.append(person.role.replace("_", "-"))
        if person.takes_notes:
            said.append("notes")
        people[person.name] = ", ".join(said)
    assert people == expected.people
    actions = [(a.text, a.owner, a.deadline) for a in notes.actions]
    assert actions == expected.actions
    carried = [(a.text, a.status) for a in notes.carried]
    assert len(carried) == len(expected.carried), carried
    for (text, status), (start, want) in zip(carried, expected.carried, strict=True):
        assert text.startswith(start), (text, start)
        assert status == want, (text, status, want)
    headings = [s.heading for s in notes.sections if not s.to_check]
    assert headings == expected.headings
    # Every word of the source is in the notes, or on a line placed as the shape of the meeting.
    placed = set().union(
        *(words(p.text) for p in imported.placements if not p.went.startswith(_CONTENT))
    )
    # A status is read into the action's status, not kept as words.
    statuses = set().union(*(words(word) for word in STATUS_WORDS))
    lost = words(source_text) - notes_words(imported) - placed - statuses
    assert not lost, f"words lost: {sorted(lost)}"


# Text minutes, typed or copied out of an email.

CAIN_HART = """Allies Group – Minutes
Wednesday 3rd March 2021, 2pm–4pm, via Zoom

Attendees: Dr Jane Doe, Prof. Mark Smith, Lizzie Cain, Graham Hart

Apologies received from: Sarah Welsher and Rob Horne

Chair: Graham Hart
Minutes: Lizzie Cain

1. Welcome and introductions
Graham welcomed everyone to the meeting, especially Mark who joins us from the trust.

2. Minutes of the last meeting
The minutes were agreed as an accurate record.

3. Finance
Jane reported on the budget. The grant is 80% spent.
ACTION: Lizzie to circulate the paper by Friday 12 March
Action – Graham to contact the trust

4. AOB
None.
"""


def test_attendees_apologies_received_from_numbered_items_and_action_lines():
    imported = read("minutes.txt", CAIN_HART.encode())
    check(
        imported,
        CAIN_HART,
        Expected(
            datetime.date(2021, 3, 3),
            {
                "Dr Jane Doe": "present",
                "Prof. Mark Smith": "present",
                "Lizzie Cain": "present, notes",
                "Graham Hart": "present, chair",
                "Sarah Welsher": "apologies",
                "Rob Horne": "apologies",
            },
            actions=[
                ("Lizzie to circulate the paper by Friday 12 March", "Lizzie", "Friday 12 March"),
                ("Graham to contact the trust", "Graham", ""),
            ],
            headings=["Welcome and introductions", "Minutes of the last meeting", "Finance", "AOB"],
        ),
    )


ONE_A_LINE = """CO-PRODUCTION COLLECTIVE ALLIES GROUP
Minutes of the meeting held on 03/03/21

In attendance:
Jane Doe – Co-Production Collective
Mark Smith – UCL
Amira Khan

Chaired by Mark Smith
Note taker: Amira Khan

Item 1 – Welcome
Mark opened the meeting.

Item 2 – Finance
Jane presented the accounts, which were approved.

Action points
No.\tAction\tLead\tDue\tRAG
1\tWrite to the funders about the extension\tJane\t31 March\tAmber
2\tBook the room for the away day\tAmira\tApril\tGreen
"""


def test_in_attendance_one_a_line_with_organisations_item_headings_and_a_rag_table():
    imported = read("minutes.txt", ONE_A_LINE.encode())
    check(
        imported,
        ONE_A_LINE,
        Expected(
            datetime.date(2021, 3, 3),
            {"Jane Doe": "present", "Mark Smith": "present, chair", "Amira Khan": "present, notes"},
            actions=[
                ("Write to the funders about the extension", "Jane", "31 March"),
                ("Book the room for the away day", "Amira", "April"),
            ],
            headings=["Welcome", "Finance"],
        ),
    )


MATTERS_ARISING = """Allies meeting 3.3.2021

Those present: Graham Hart, Lizzie Cain and Laura Crane
Note taker: Lizzie Cain

Matters arising
Ref\tAction\tOwner\tStatus
A\tShare the strategy blog\tLizzie\tDone
B\tDraft the funding bid\tGraham\tCarried forward
C\tSet up a working group\tLaura\tSuperseded
D\tSend the survey\tLizzie\t✓

Discussion
Laura asked about the next steps for the survey.
Action – GH to contact the trust by end of April.
"""


def test_matters_arising_with_done_carried_forward_superseded_and_a_tick():
    imported = read("allies.txt", MATTERS_ARISING.encode())
    check(
        imported,
        MATTERS_ARISING,
        Expected(
            datetime.date(2021, 3, 3),
            {"Graham Hart": "present", "Lizzie Cain": "present, notes", "Laura Crane": "present"},
            actions=[("GH to contact the trust by end of April.", "GH", "end of April")],
            carried=[
                ("Share the strategy blog", "complete"),
                ("Draft the funding bid", "ongoing"),
                ("Set up a working group", "dropped"),
                ("Send the survey", "complete"),
            ],
            headings=["Discussion"],
        ),
    )


FURNITURE_IN_TEXT = """CONFIDENTIAL – DRAFT
Allies Group meeting

Present (in person): Graham Hart, Sarah Welsher
Present (online): Laura Cream, Mandy Rudczenko
Minute-taker: Mandy Rudczenko

Updates
Graham gave an update on the partnership with the trust.
Sarah reported that the website is live.

Page 1 of 2
CONFIDENTIAL – DRAFT

Funding
The group discussed the funding position at length.

Page 2 of 2
"""


def test_date_only_in_the_file_name_present_in_person_and_online_and_typed_furniture():
    imported = read("2021-03-03 Allies minutes.txt", FURNITURE_IN_TEXT.encode())
    check(
        imported,
        FURNITURE_IN_TEXT,
        Expected(
            datetime.date(2021, 3, 3),
            {
                "Graham Hart": "present",
                "Sarah Welsher": "present",
                "Laura Cream": "present",
                "Mandy Rudczenko": "present, notes",
            },
            headings=["Updates", "Funding"],
        ),
    )
    assert "CONFIDENTIAL" not in " ".join(s.body for s in imported.notes.sections)


ACTION_AT_PARAGRAPH_END = """Allies Group
March 3, 2021

Present: Graham Hart (chair), Lizzie Cain (notes), Niccola Hutchinson-Pascal
Apologies: Simon Denegri

Spotlight on the NHS project
Nicc presented the work with NHS England. The group agreed it should be shared widely. \
Action: Lizzie to draft a blog post by the next meeting.

Any other business
Graham thanked everyone. ACTION: All to send ideas for the away day
"""


def test_an_action_at_the_end_of_a_paragraph_and_an_action_for_all():
    imported = read("notes.txt", ACTION_AT_PARAGRAPH_END.encode())
    check(
        imported,
        ACTION_AT_PARAGRAPH_END,
        Expected(
            datetime.date(2021, 3, 3),
            {
                "Graham Hart": "present, chair",
                "Lizzie Cain": "present, notes",
                "Niccola Hutchinson-Pascal": "present",
                "Simon Denegri": "apologies",
            },
            actions=[
                ("Lizzie to draft a blog post by the next meeting.", "Lizzie", "the next meeting"),
                ("All to send ideas for the away day", "All", ""),
            ],
            headings=["Spotlight on the NHS project", "Any other business"],
        ),
    )
    spotlight = imported.notes.sections[0]
    assert spotlight.kind == "spotlight"
    assert spotlight.body.endswith("The group agreed it should be shared widely.")


TITLES_AND_DATE_OF_NEXT = """Minutes – Allies Group
Date: 14/09/2022

Attendees: Dr Laura Crane, Prof Graham Hart, Ms Sarah Welsher
Apologies: Rob Horne, Ian Needleman
Chair: Prof Graham Hart
Minutes taken by Sarah Welsher

1) Minutes of the last meeting
Agreed.

2) Matters arising
None that are not on the agenda.

3) Strategy
Laura set out the three options. The group preferred the second.

Date of next meeting: Wednesday 7 December 2022
"""


def test_titles_before_names_slash_dates_brackets_after_numbers_and_the_next_meeting():
    imported = read("minutes.txt", TITLES_AND_DATE_OF_NEXT.encode())
    check(
        imported,
        TITLES_AND_DATE_OF_NEXT,
        Expected(
            datetime.date(2022, 9, 14),
            {
                "Dr Laura Crane": "present",
                "Prof Graham Hart": "present, chair",
                "Ms Sarah Welsher": "present, notes",
                "Rob Horne": "apologies",
                "Ian Needleman": "apologies",
            },
            headings=["Minutes of the last meeting", "Matters arising", "Strategy"],
        ),
    )
    assert imported.notes.next_meetings == ("Wednesday 7 December 2022",)


HEADINGS_OVER_LISTS = """Allies Group
Notes of meeting – Tuesday 9 November 2021

Attendees
- Graham Hart – Chair
- Lizzie Cain – minutes
- Laura Crane
- Kemi Adeyemi (guest, Wellcome Trust)

Apologies
- Rob Horne
- Ian Needleman

Welcome
Graham welcomed Kemi, who introduced the trust's new public engagement fund.

Strategy
The group discussed the draft strategy.
Action: circulate the draft terms of reference (LC) by 19 March.
Action: Laura to book the venue w/c 8 November.

Date of next meeting
Tuesday 8 February 2022, 2pm, online
"""


def test_attendees_and_apologies_as_headings_over_bullets_and_owners_in_brackets():
    imported = read("notes.txt", HEADINGS_OVER_LISTS.encode())
    check(
        imported,
        HEADINGS_OVER_LISTS,
        Expected(
            datetime.date(2021, 11, 9),
            {
                "Graham Hart": "present, chair",
                "Lizzie Cain": "present, notes",
                "Laura Crane": "present",
                "Kemi Adeyemi": "guest",
                "Rob Horne": "apologies",
                "Ian Needleman": "apologies",
            },
            actions=[
                ("circulate the draft terms of reference (LC) by 19 March.", "LC", "19 March"),
                ("Laura to book the venue w/c 8 November.", "Laura", "w/c 8 November"),
            ],
            headings=["Welcome", "Strategy"],
        ),
    )
    guest = next(a for a in imported.notes.attendees if a.status == "guest")
    assert guest.introduction == "Wellcome Trust"
    assert imported.notes.next_meetings == ("Tuesday 8 February 2022, 2pm, online",)


INITIALS_AND_ALIGNED = """Allies Group Meeting
Weds 3rd of March 2021

Present: Graham Hart (Chair), Lizzie Cain (Secretary), Laura Crane, Jane Doe

FINANCE
Graham will write to the trust about the underspend. Action: GH
The group asked for a summary of the budget.
Action: LC

Actions
Action                                   Owner      Due
Circulate the paper                      LC         12 March
Book the away day venue                  Jane       April
"""


def test_actions_given_by_initials_after_a_sentence_and_a_table_lined_up_with_spaces():
    imported = read("m.txt", INITIALS_AND_ALIGNED.encode())
    check(
        imported,
        INITIALS_AND_ALIGNED,
        Expected(
            datetime.date(2021, 3, 3),
            {
                "Graham Hart": "present, chair",
                "Lizzie Cain": "present, notes",
                "Laura Crane": "present",
                "Jane Doe": "present",
            },
            # The table's actions keep their numbers; those written as lines come after.
            actions=[
                ("Circulate the paper", "LC", "12 March"),
                ("Book the away day venue", "Jane", "April"),
                ("Graham will write to the trust about the underspend.", "GH", ""),
                ("The group asked for a summary of the budget.", "LC", ""),
            ],
            headings=["FINANCE"],
        ),
    )
    # The sentences an action was taken from stay in the section they were said in.
    assert "underspend" in imported.notes.sections[0].body


# Word files, as secretaries make them.


def saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def word_text(document) -> str:
    """Every word of a Word file: its paragraphs, tables, headers and footers."""
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        texts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(texts)


def table(document, rows: list[list[str]]):
    made = document.add_table(rows=len(rows), cols=len(rows[0]))
    made.style = "Table Grid"
    for row, cells in zip(made.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    return made


def styled_minutes():
    document = docx.Document()
    document.add_heading("Allies Group Minutes", level=0)
    document.add_paragraph("Wednesday 3rd March 2021")
    document.add_paragraph("Attendees: Graham Hart (Chair), Lizzie Cain, Jane Doe")
    document.add_paragraph("Apologies received from Rob Horne")
    document.add_paragraph("Note taker: Lizzie Cain")
    document.add_heading("Welcome and introductions", level=1)
    document.add_paragraph("Graham welcomed Jane, who is new to the group.")
    document.add_heading("Actions", level=1)
    table(
        document,
        [
            ["Item", "Action", "Owner", "Target date", "Status"],
            ["1", "Circulate the terms of reference", "Lizzie", "17 March 2021", "Open"],
            ["2", "Invite the director to the next meeting", "Graham", "April", "In progress"],
        ],
    )
    document.add_heading("AOB", level=1)
    document.add_paragraph("There was no other business.")
    return document


STYLED_EXPECTED = Expected(
    datetime.date(2021, 3, 3),
    {
        "Graham Hart": "present, chair",
        "Lizzie Cain": "present, notes",
        "Jane Doe": "present",
        "Rob Horne": "apologies",
    },
    actions=[
        ("Circulate the terms of reference", "Lizzie", "17 March 2021"),
        ("Invite the director to the next meeting", "Graham", "April"),
    ],
    headings=["Welcome and introductions", "AOB"],
)


def test_word_with_heading_styles_and_an_item_action_owner_target_date_status_table():
    document = styled_minutes()
    imported = read("minutes.docx", saved(document))
    check(
        imported,
        word_text(document),
        STYLED_EXPECTED,
    )
    assert [a.status for a in imported.notes.actions] == ["open", "in_progress"]


def test_word_table_with_merged_cells_and_empty_rows():
    document = docx.Document()
    document.add_paragraph("Allies Group – 3 March 2021")
    document.add_paragraph("Present: Graham Hart, Lizzie Cain, Laura Crane")
    document.add_paragraph("Actions").runs[0].bold = True
    made = table(
        document,
        [
            ["Action", "Who", "When"],
            ["Actions from the finance item", "", ""],
            ["Send the budget to the trustees", "Graham", "10 March"],
            ["", "", ""],
            ["Update the website", "Lizzie", "End of March"],
            ["", "", ""],
        ],
    )
    # A title row merged across the table, as secretaries group their actions.
    made.rows[1].cells[0].merge(made.rows[1].cells[2])
    document.add_paragraph("Updates").runs[0].bold = True
    document.add_paragraph("Laura reported on the conference.")
    imported = read("minutes.docx", saved(document))
    check(
        imported,
        word_text(document),
        Expected(
            datetime.date(2021, 3, 3),
            {"Graham Hart": "present", "Lizzie Cain": "present", "Laura Crane": "present"},
            actions=[
                ("Send the budget to the trustees", "Graham", "10 March"),
                ("Update the website", "Lizzie", "End of March"),
            ],
            headings=["Updates"],
        ),
    )


def header_and_footer_minutes():
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "CONFIDENTIAL – DRAFT"
    section.footer.paragraphs[0].text = "Allies Group minutes – not for circulation"
    document.add_paragraph("Allies Group meeting, 3.3.2021")
    document.add_paragraph("In attendance: Graham Hart, Lizzie Cain, Mandy Rudczenko")
    document.add_paragraph("Chair: Graham Hart")
    document.add_paragraph("Action log").runs[0].bold = True
    table(
        document,
        [
            ["No.", "Action", "Lead", "Due", "Status"],
            ["A", "Write the annual report", "Lizzie", "February", "Done"],
            ["B", "Review the terms of reference", "Mandy", "March", "Carried forward"],
        ],
    )
    document.add_paragraph("1. Funding").runs[0].bold = True
    document.add_paragraph(
        "Graham set out the funding position for next year. "
        "Action: Mandy to draft the bid by 30 April 2021."
    )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("2. Any other business").runs[0].bold = True
    document.add_paragraph("None.")
    return document


HEADER_AND_FOOTER_EXPECTED = Expected(
    datetime.date(2021, 3, 3),
    {
        "Graham Hart": "present, chair",
        "Lizzie Cain": "present",
        "Mandy Rudczenko": "present",
    },
    actions=[("Mandy to draft the bid by 30 April 2021.", "Mandy", "30 April 2021")],
    carried=[
        ("Write the annual report", "complete"),
        ("Review the terms of reference", "ongoing"),
    ],
    headings=["Funding", "Any other business"],
)


def test_word_header_and_footer_an_action_log_and_an_action_in_a_paragraph():
    document = header_and_footer_minutes()
    imported = read("minutes.docx", saved(document))
    check(
        imported,
        word_text(document),
        HEADER_AND_FOOTER_EXPECTED,
    )


def numbered_list_minutes():
    document = docx.Document()
    document.add_paragraph("ALLIES GROUP MINUTES").runs[0].bold = True
    document.add_paragraph("Date: 3 March 2021")
    document.add_paragraph("Present: Graham Hart (Chair), Lizzie Cain (minutes), Laura Crane")
    document.add_paragraph("Welcome", style="List Number")
    document.add_paragraph("Graham opened the meeting and thanked everyone for coming.")
    document.add_paragraph("Finance", style="List Number")
    paragraph = document.add_paragraph("Laura reported that the budget is on track. ")
    paragraph.add_run("Action: Laura to share the figures by 17 March.").bold = True
    document.add_paragraph("AOB", style="List Number")
    document.add_paragraph("None.")
    return document


NUMBERED_LIST_EXPECTED = Expected(
    datetime.date(2021, 3, 3),
    {"Graham Hart": "present, chair", "Lizzie Cain": "present, notes", "Laura Crane": "present"},
    actions=[("Laura to share the figures by 17 March.", "Laura", "17 March")],
    headings=["Welcome", "Finance", "AOB"],
)


def test_word_agenda_numbered_by_word_and_a_bold_action_at_a_paragraphs_end():
    document = numbered_list_minutes()
    imported = read("minutes.docx", saved(document))
    check(imported, word_text(document), NUMBERED_LIST_EXPECTED)
    assert imported.notes.sections[1].body == "Laura reported that the budget is on track."


def test_the_same_saved_as_text_by_word():
    from tests.corpus import word_saved_as_text

    text = word_saved_as_text(saved(numbered_list_minutes()))
    imported = read("minutes.txt", text)
    check(imported, text.decode(), NUMBERED_LIST_EXPECTED)


# PDFs: printed from a web page, and saved by LibreOffice from Word.


def weasyprint(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 2cm; @top-center {{ content: "Allies Group – CONFIDENTIAL"; }}
        @bottom-right {{ content: "Page " counter(page) " of " counter(pages); }} }}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ border: 1px solid #444; }}
</style></head><body>{body}</body></html>"""

PDF_BODY = """<h1>Allies Group – Minutes</h1>
<p>Wednesday 3rd March 2021</p>
<p>Attendees: Graham Hart (chair), Lizzie Cain, Laura Crane, Sarah Welsher</p>
<p>Apologies: Rob Horne</p>
<h2>1. Welcome</h2>
<p>Graham welcomed everyone.</p>
<h2>2. Actions</h2>
<table>
<tr><th>No.</th><th>Action</th><th>Lead</th><th>Due</th><th>RAG</th></tr>
<tr><td>1</td><td>Share the minutes with the wider group</td><td>Lizzie</td><td>10 March</td>
<td>Green</td></tr>
<tr><td>2</td><td>Arrange a meeting with the trust</td><td>Sarah</td><td>April</td>
<td>Amber</td></tr>
</table>
<h2>3. Date of next meeting</h2>
<p>Wednesday 7th April 2021</p>"""


def pdf_words(pdf: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def test_pdf_printed_from_a_page_with_numbered_headings_and_a_rag_table():
    pdf = weasyprint(PAGE.format(body=PDF_BODY))
    imported = read("minutes.pdf", pdf)
    check(
        imported,
        pdf_words(pdf),
        Expected(
            datetime.date(2021, 3, 3),
            {
                "Graham Hart": "present, chair",
                "Lizzie Cain": "present",
                "Laura Crane": "present",
                "Sarah Welsher": "present",
                "Rob Horne": "apologies",
            },
            actions=[
                ("Share the minutes with the wider group", "Lizzie", "10 March"),
                ("Arrange a meeting with the trust", "Sarah", "April"),
            ],
            headings=["Welcome"],
        ),
    )
    assert imported.notes.next_meetings == ("Wednesday 7th April 2021",)


PDF_ACTION_LINES = """<p><b>ALLIES GROUP</b></p>
<p>Minutes of the meeting of 3 March 2021</p>
<p>Those present: Graham Hart, Lizzie Cain, Mandy Rudczenko</p>
<p>Chair: Graham Hart. Minutes: Lizzie Cain</p>
<p><b>Finance</b></p>
<p>The group went through the accounts for the year.</p>
<p>ACTION: Mandy to send the accounts to the trustees by 31 March</p>
<p><b>Recruitment</b></p>
<p>Two new members will join in the spring.</p>
<p>ACTION: Lizzie to write to the new members</p>"""


def test_pdf_with_action_lines_and_running_header():
    pdf = weasyprint(PAGE.format(body=PDF_ACTION_LINES))
    imported = read("minutes.pdf", pdf)
    check(
        imported,
        pdf_words(pdf),
        Expected(
            datetime.date(2021, 3, 3),
            {
                "Graham Hart": "present, chair",
                "Lizzie Cain": "present, notes",
                "Mandy Rudczenko": "present",
            },
            actions=[
                ("Mandy to send the accounts to the trustees by 31 March", "Mandy", "31 March"),
                ("Lizzie to write to the new members", "Lizzie", ""),
            ],
            headings=["Finance", "Recruitment"],
        ),
    )


def libreoffice_pdf(content: bytes) -> bytes:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="realistic-") as work:
        folder = Path(work)
        (folder / "minutes.docx").write_bytes(content)
        profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
        subprocess.run(  # noqa: S603
            [office, profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder),
             str(folder / "minutes.docx")],
            capture_output=True, timeout=300, check=True,
        )  # fmt: skip
        return (folder / "minutes.pdf").read_bytes()


def test_pdf_saved_by_libreoffice_from_word_with_a_header_and_footer():
    pdf = libreoffice_pdf(saved(header_and_footer_minutes()))
    imported = read("minutes.pdf", pdf)
    check(
        imported,
        pdf_words(pdf),
        HEADER_AND_FOOTER_EXPECTED,
    )


def test_pdf_saved_by_libreoffice_from_word_with_heading_styles():
    pdf = libreoffice_pdf(saved(styled_minutes()))
    imported = read("minutes.pdf", pdf)
    check(
        imported,
        pdf_words(pdf),
        STYLED_EXPECTED,
    )
