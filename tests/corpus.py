"""A corpus of legacy notes: meetings written out in the shapes the group's old notes took.

Each meeting, one of the demo meetings or one Hypothesis makes up (people
with hyphens and apostrophes in their names, guests with long introductions,
actions with fuzzy deadlines, earlier actions lettered or numbered, sections),
is written as the secretaries of earlier years wrote it: a Word file in the
group's old style, the same with other header words or none, Word's "save as
text", PDFs made by WeasyPrint and by LibreOffice, and the text pdftotext and
pypdf take out of each PDF. `recovery` imports a document and compares what
was read with the meeting it was made from, field by field.

Everything here is free of Django, so bench/import_recovery.py can use it too.
"""

import datetime
import io
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from notesfile.format import STATUS_LABELS, NotesFormatError, parse_notes
from notesfile.notes import AgreedAction, Attendee, CarriedAction, Notes, Section
from notesfile.reading.files import read_notes_file

ROOT = Path(__file__).resolve().parent.parent
GROUP = "allies-group"
MAX_BYTES = 20 * 1024 * 1024

# The shapes, in the order they are reported. The PDF shapes and the text taken
# out of them exist in two makes: WeasyPrint, and LibreOffice where it is installed.
SHAPES = (
    "word",
    "word-other-headers",
    "word-no-header-row",
    "word-saved-as-text",
    "pdf-weasyprint",
    "pdf-libreoffice",
    "pdftotext-weasyprint",
    "pdftotext-libreoffice",
    "pypdf-weasyprint",
    "pypdf-libreoffice",
)
SUFFIXES = {
    "word": ".docx",
    "word-other-headers": ".docx",
    "word-no-header-row": ".docx",
    "pdf-weasyprint": ".pdf",
    "pdf-libreoffice": ".pdf",
}
NEEDS_LIBREOFFICE = {shape for shape in SHAPES if shape.endswith("-libreoffice")}
FIELDS = ("people", "actions", "earlier actions", "headings", "words")


# How a secretary laid the notes out: chosen once per meeting, the same in every shape.


@dataclass(frozen=True)
class Layout:
    """The choices a secretary makes in writing notes up, beyond what the meeting holds."""

    date_line: str = "Meeting notes: {weekday} {day} {month} {year}"
    # "lines": Present: a, b (chair), c; "list": a Members heading, then each name a list item.
    attendance: str = "lines"
    # "brackets": Graham Hart (chair); "labels": a Chair: line; "sentence": "… chaired the meeting".
    roles: str = "brackets"
    and_before_last: bool = False
    # Word heading styles, or short paragraphs in bold.
    headings: str = "styles"
    actions_first: bool = True
    # The earlier actions' status: in a column of its own, or in the deadline column.
    earlier_status: str = "column"
    actions_heading: str = "Actions"
    earlier_heading: str = "Actions from previous meetings"
    # For the shape with other header words: each column's title, in the table's order.
    other_actions: tuple[tuple[str, str], ...] = (
        ("number", "No."), ("action", "Action"), ("owner", "Who"), ("deadline", "By when"),
    )  # fmt: skip
    other_earlier: tuple[tuple[str, str], ...] = (
        ("label", "Ref"), ("action", "Action"), ("owner", "Who"), ("deadline", "By when"),
        ("status", "Progress"),
    )  # fmt: skip


@dataclass(frozen=True)
class Meeting:
    """A meeting to write out: what the notes hold, and how they are laid out."""

    notes: Notes
    layout: Layout = field(default_factory=Layout)
    name: str = ""
    # Each earlier action's status as the notes write it ("Closed", "In progress").
    earlier_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A file of one shape, and the meeting it was made from."""

    shape: str
    filename: str
    content: bytes
    meeting: Meeting


# The demo meetings.


def demo_meetings() -> list[Meeting]:
    """The group's two published meetings, as the demo notes hold them, in the old layout."""
    meetings = []
    for path in sorted((ROOT / "demo" / "notes").glob("*.md")):
        notes = parse_notes(path.read_text(encoding="utf-8"))
        meetings.append(
            Meeting(notes, Layout(actions_first=notes.date.year > 2021), f"demo {notes.date}")
        )
    return meetings


# Made-up meetings.

FIRST_NAMES = [
    "Aisha", "Anne-Marie", "Bethan", "Chidi", "Ciarán", "Dev", "Eleanor", "Fatima", "Gareth",
    "Hannah", "Imran", "Jean-Luc", "Joanne", "Kemi", "Lizzie", "Marc", "Mei", "Niamh",
    "Oluwaseun", "Priya", "Rhys", "Rosa", "Sarah", "Siobhan", "Tomasz", "Una", "Zoë", "Graham",
    "Mary-Kate", "Yusuf", "Declan", "Sinéad",
]  # fmt: skip
LAST_NAMES = [
    "O'Connor", "Hutchinson-Pascal", "McAllister", "D'Souza", "Okafor", "Nowak", "Smith-Jones",
    "Hart", "Welsher", "Rudczenko", "Serrao", "Ní Bhriain", "Evans", "Patel", "O'Neill",
    "Lloyd-Williams", "Chen", "Ahmed", "Brontë", "MacDonald", "Kowalczyk", "Adeyemi",
    "Fitzgerald", "Greenwood", "Oyelaran-Smith", "Da Costa", "Thompson", "Begum", "Dunn",
]  # fmt: skip
INTRODUCTIONS = [
    "Research fellow at the Institute of Education, working on young people's participation "
    "in health research.",
    "Joined to present the findings of the community survey.",
    "Co-director of a charity supporting carers across north London, and a member of our "
    "community since 2019.",
    "Public contributor and peer researcher, who has led two of the collective's workshops.",
    "Programme manager in the NHS England engagement team.",
    "Visiting from the university's research strategy office to hear how the group works.",
    "She has worked on patient and public involvement for over ten years and chairs the "
    "lived experience panel of a mental health trust.",
]  # fmt: skip
VERBS = [
    "share", "circulate", "draft", "update", "arrange", "review", "follow up on", "set up",
    "write up", "send round", "look into", "bring back", "publish", "cost",
]  # fmt: skip
OBJECTS = [
    "the evaluation framework", "a blog about the group's role", "the funding timeline",
    "the notes of this meeting", "an invitation to the community event",
    "the terms of reference", "the list of organisations to approach", "the spotlight session",
    "a case study of the advisory panel", "the updated budget", "the partnership agreement",
    "the survey questions", "options for paying public contributors", "the induction pack",
]  # fmt: skip
TAILS = [
    "", " with the community", " before the next meeting", " and report back to the group",
    ", including the costs discussed today", " with UCL senior leaders", " on the website",
    " for comments by email",
]  # fmt: skip
AFTERTHOUGHTS = [
    "", "", "", " This should draw on the examples raised in the discussion.",
    " Everyone is welcome to send suggestions beforehand.",
    " The team will check what can be done within the current budget first.",
]  # fmt: skip
DEADLINES = [
    "Next meeting", "By next meeting", "Ongoing", "March", "End of April {year}",
    "14/05/{year}", "ASAP", "June", "30 September {year}", "TBC", "",
]  # fmt: skip
EARLIER_STATUSES = {
    "Complete": "complete",
    "Ongoing": "ongoing",
    "Closed": "complete",
    "In progress": "in_progress",
}
HEADINGS = [
    "Updates", "Funding update", "Evaluation", "Spotlight: the young people's panel",
    "Our governance", "Communications plan", "Partnerships", "Any other business",
    "Equality, diversity and inclusion", "Training offer", "Community event",
    "Review of the year", "Next steps", "Research culture", "Membership of the group",
]  # fmt: skip
TOPICS = [
    "the community survey", "the new funding bid", "the advisory panel", "the training offer",
    "paying public contributors", "the website", "the spotlight sessions", "the annual report",
    "links with the NHS", "the partnership with the library", "the summer event",
]  # fmt: skip
SENTENCES = [
    "{name} gave an update on {topic}.",
    "The group discussed {topic} and agreed it should stay on the agenda.",
    "{name} asked whether {topic} could involve more people from the community?",
    "{name} noted that {topic} had taken longer than planned, but that the delay had helped "
    "the team build stronger relationships.",
    "There was broad support for the approach, with some concern about capacity.",
    "It was agreed that the team would bring a fuller proposal to a later meeting.",
    "{name} suggested looking at how other groups had handled {topic}.",
    "Feedback so far has been positive, and 42 people have signed up.",
    "The budget for {topic} is £12,500, of which about half has been spent.",
]  # fmt: skip
ITEMS = [
    "Making it clear that we are one team with co-producers, internally and externally.",
    "Keeping sentences short.", "Using plain English wherever possible.",
    "Sharing case studies on the website, regularly updated.",
    "A list of partner logos, somewhere prominent, would also be valuable.",
    "Inviting public contributors to review the draft before it is published.",
    "Checking the costs with the finance team first",
]  # fmt: skip


@st.composite
def people_names(draw: st.DrawFn, count: int) -> list[str]:
    """Different people's full names: first and last, some with hyphens or apostrophes."""
    names: list[str] = []
    firsts: set[str] = set()
    while len(names) < count:
        first = draw(st.sampled_from(FIRST_NAMES))
        if first in firsts:
            continue  # owners are written by first name, so first names differ in a meeting
        firsts.add(first)
        names.append(f"{first} {draw(st.sampled_from(LAST_NAMES))}")
    return names


def _paragraph(draw: st.DrawFn, people: list[str]) -> str:
    sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4))
    return " ".join(
        sentence.format(
            name=draw(st.sampled_from(people)).split()[0], topic=draw(st.sampled_from(TOPICS))
        )
        for sentence in sentences
    )


# Other words secretaries used for the same columns and headings.
TITLES = {
    "number": ["No.", "#", "Ref", "Item"],
    "label": ["Ref", "No.", "#", "Item"],
    "action": ["Action", "What was agreed", "Agreed action", "Task", "Description",
               "Action agreed"],
    "owner": ["Who", "Owner", "Lead", "Responsible", "Action by", "Person responsible"],
    "deadline": ["By when", "When", "Due", "Target date", "Timescale", "Due date"],
    "status": ["Progress", "Status", "Update", "Current status"],
}  # fmt: skip
DATE_LINES = [
    "Meeting notes: {weekday} {day} {month} {year}", "Date: {day} {month} {year}",
    "{weekday} {day} {month} {year}", "Date of meeting: {day:02}/{month_number:02}/{year}",
]  # fmt: skip
ACTIONS_HEADINGS = ["Actions", "Action points", "Agreed actions"]
EARLIER_HEADINGS = ["Actions from previous meetings", "Matters arising",
                    "Actions from last meeting", "Previous actions"]  # fmt: skip


@st.composite
def attendance(draw: st.DrawFn) -> tuple[Attendee, ...]:
    """Three to ten people present, one chairing and one taking notes; apologies; guests."""
    counts = (draw(st.integers(3, 10)), draw(st.integers(0, 4)), draw(st.integers(0, 2)))
    names = draw(people_names(sum(counts)))
    present, apologies = names[: counts[0]], names[counts[0] : counts[0] + counts[1]]
    guests = names[counts[0] + counts[1] :]
    chair, note_taker = present[0], present[1]
    attendees = [
        Attendee(name, "present", "chair" if name == chair else "", takes_notes=name == note_taker)
        for name in draw(st.permutations(present))
    ]
    attendees += [Attendee(name, "apologies") for name in apologies]
    for name in guests:
        # One introduction or two: one to three lines on the page.
        said = draw(st.lists(st.sampled_from(INTRODUCTIONS), min_size=1, max_size=2, unique=True))
        attendees.append(Attendee(name, "guest", introduction=" ".join(said)))
    return tuple(attendees)


@st.composite
def agreed_actions(draw: st.DrawFn, present: list[str], year: int) -> tuple[AgreedAction, ...]:
    """One to nine actions, each owned by one or two of the people present."""
    actions = []
    for number in range(1, draw(st.integers(1, 9)) + 1):
        owners = draw(st.lists(st.sampled_from(present), min_size=1, max_size=2, unique=True))
        firsts = [owner.split()[0] for owner in owners]
        owner = draw(st.sampled_from([owners[0], "/".join(firsts), " and ".join(firsts)]))
        subject = draw(st.sampled_from([" and ".join(firsts), "Team", "Allies"]))
        text = (
            f"{subject} to {draw(st.sampled_from(VERBS))} {draw(st.sampled_from(OBJECTS))}"
            f"{draw(st.sampled_from(TAILS))}.{draw(st.sampled_from(AFTERTHOUGHTS))}"
        )
        deadline = draw(st.sampled_from(DEADLINES)).format(year=year)
        actions.append(AgreedAction(number, text, owner, deadline))
    return tuple(actions)


@st.composite
def earlier_actions(
    draw: st.DrawFn, present: list[str], year: int, status_in_deadline: bool
) -> tuple[tuple[CarriedAction, ...], tuple[str, ...]]:
    """Up to six earlier actions, lettered or numbered, and each one's status as written."""
    lettered = draw(st.booleans())
    carried, written = [], []
    for index in range(draw(st.integers(0, 6))):
        status = draw(st.sampled_from(sorted(EARLIER_STATUSES)))
        owner = draw(st.sampled_from(present)).split()[0]
        text = (
            f"{owner} to {draw(st.sampled_from(VERBS))} {draw(st.sampled_from(OBJECTS))}"
            f"{draw(st.sampled_from(TAILS))}."
        )
        # Where the status sits in the deadline column, it takes the deadline's place.
        deadline = "" if status_in_deadline else draw(st.sampled_from(DEADLINES)).format(year=year)
        label = "ABCDEF"[index] if lettered else str(index + 1)
        carried.append(
            CarriedAction(None, text, owner, deadline, EARLIER_STATUSES[status], label=label)
        )
        written.append(status)
    return tuple(carried), tuple(written)


@st.composite
def sections(draw: st.DrawFn, present: list[str]) -> tuple[Section, ...]:
    """One to six sections of paragraphs, some with a bulleted list."""
    found = []
    for heading in draw(st.lists(st.sampled_from(HEADINGS), min_size=1, max_size=6, unique=True)):
        paragraphs = [_paragraph(draw, present) for _ in range(draw(st.integers(1, 3)))]
        if draw(st.booleans()):
            items = draw(st.lists(st.sampled_from(ITEMS), min_size=2, max_size=4, unique=True))
            paragraphs.append("\n".join(f"- {item}" for item in items))
        found.append(Section(heading, "\n\n".join(paragraphs)))
    return tuple(found)


@st.composite
def layouts(draw: st.DrawFn, status_in_deadline: bool) -> Layout:
    """How a secretary lays a meeting out, header words of the tables included."""
    other = {key: draw(st.sampled_from(titles)) for key, titles in TITLES.items()}
    action_keys = ["number", "action", "owner", "deadline"]
    earlier_keys = ["label", *action_keys[1:]] + ([] if status_in_deadline else ["status"])
    return Layout(
        date_line=draw(st.sampled_from(DATE_LINES)),
        attendance=draw(st.sampled_from(["lines", "list"])),
        roles=draw(st.sampled_from(["brackets", "labels", "sentence"])),
        and_before_last=draw(st.booleans()),
        headings=draw(st.sampled_from(["styles", "bold"])),
        actions_first=draw(st.booleans()),
        earlier_status="deadline" if status_in_deadline else "column",
        actions_heading=draw(st.sampled_from(ACTIONS_HEADINGS)),
        earlier_heading=draw(st.sampled_from(EARLIER_HEADINGS)),
        other_actions=tuple(draw(st.permutations([(key, other[key]) for key in action_keys]))),
        other_earlier=tuple(draw(st.permutations([(key, other[key]) for key in earlier_keys]))),
    )


@st.composite
def meetings(draw: st.DrawFn) -> Meeting:
    """A made-up meeting of the group, with a layout to write it out in."""
    date = draw(st.dates(datetime.date(2018, 1, 1), datetime.date(2025, 12, 31)))
    attendees = draw(attendance())
    present = [person.name for person in attendees if person.status == "present"]
    status_in_deadline = draw(st.booleans())
    carried, written = draw(earlier_actions(present, date.year, status_in_deadline))
    following = date + datetime.timedelta(days=draw(st.integers(28, 120)))
    notes = Notes(
        group=GROUP,
        date=date,
        attendees=attendees,
        sections=draw(sections(present)),
        actions=draw(agreed_actions(present, date.year)),
        carried=carried,
        next_meetings=(f"{following:%A} {following.day} {following:%B %Y}, 14:00–16:00",),
    )
    return Meeting(notes, draw(layouts(status_in_deadline)), earlier_words=written)


def generated_meetings(count: int, seed: int = 12) -> list[Meeting]:
    """`count` made-up meetings, the same ones for the same count and seed."""
    found: list[Meeting] = []

    @settings(
        max_examples=count + count // 5 + 3,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis_seed(seed)
    @given(meetings())
    def collect(meeting: Meeting) -> None:
        if len(found) < count:
            found.append(replace(meeting, name=f"made-up {len(found) + 1}"))

    collect()
    if len(found) < count:
        raise RuntimeError(f"Hypothesis made {len(found)} meetings, not {count}")
    return found


# The old layout, as a list of parts any writer can render.


@dataclass(frozen=True)
class Part:
    """A paragraph, heading, list item or table of a legacy document."""

    kind: str  # title, line, heading, subheading, item, table
    text: str = ""
    depth: int = 0
    rows: tuple[tuple[str, ...], ...] = ()
    header: bool = True


def _names(names: list[str], layout: Layout) -> str:
    if layout.and_before_last and len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return ", ".join(names)


def _attendance_parts(notes: Notes, layout: Layout) -> Iterator[Part]:
    chair = next((a.name for a in notes.attendees if a.role == "chair"), "")
    co_chairs = [a.name for a in notes.attendees if a.role == "co_chair"]
    note_takers = [a.name for a in notes.attendees if a.takes_notes]

    def written(person: Attendee) -> str:
        if layout.roles != "brackets":
            return person.name
        roles = ["chair"] if person.role == "chair" else ["co-chair"] if person.role else []
        roles += ["notes"] if person.takes_notes else []
        return f"{person.name} ({', '.join(roles)})" if roles else person.name

    groups = [
        ("Present", [written(a) for a in notes.attending("present")]),
        ("Apologies", [a.name for a in notes.attending("apologies")]),
        ("Absent", [a.name for a in notes.attending("absent")]),
        (
            "Guests",
            [
                f"{a.name} – {a.introduction}" if a.introduction else a.name
                for a in notes.attending("guest")
            ],
        ),
    ]
    if layout.attendance == "list":
        yield Part("heading", "Members")
        for label, names in groups:
            if names:
                yield Part("line", f"{label}:")
                yield from (Part("item", name) for name in names)
    else:
        for label, names in groups:
            if not names:
                continue
            joined = "; ".join(names) if label == "Guests" else _names(names, layout)
            yield Part("line", f"{label}: {joined}")
    if layout.roles == "labels":
        if chair:
            yield Part("line", f"Chair: {chair}")
        if co_chairs:
            yield Part("line", f"Co-chairs: {_names(co_chairs, layout)}")
        if note_takers:
            yield Part("line", f"Notes taken by: {_names(note_takers, layout)}")
    elif layout.roles == "sentence" and (chair or note_takers):
        said = [f"{chair} chaired the meeting"] if chair else []
        said += [f"{_names(note_takers, layout)} took the notes"] if note_takers else []
        yield Part("line", " and ".join(said) + ".")


def _cell_deadline(deadline: str, status: str) -> str:
    """The deadline cell as secretaries wrote it: a status beside or instead of the date."""
    if status in ("open", ""):
        return deadline
    word = STATUS_LABELS[status]
    return f"{deadline} – {word.lower()}" if deadline else word


# The old style's columns; its number or letter is written at the start of the action.
OLD_ACTIONS = (("action", "Agreed approach"), ("owner", "Person taking this on"),
               ("deadline", "Deadline"))  # fmt: skip
OLD_EARLIER = (("action", "Action"), ("owner", "Person taking this on"), ("deadline", "Deadline"),
               ("status", "Status"))  # fmt: skip


def _table(cells: list[dict[str, str]], columns: Iterable[tuple[str, str]], headers: str) -> Part:
    """A table of the cells in the columns given, with its header row unless `headers` is none."""
    columns = list(columns)
    rows = tuple(tuple(row[key] for key, _ in columns) for row in cells)
    if headers == "none":
        return Part("table", rows=rows, header=False)
    return Part("table", rows=(tuple(title for _, title in columns), *rows))


def _actions_table(notes: Notes, layout: Layout, headers: str) -> Part:
    cells = [
        {
            "number": str(a.number),
            "action": a.text if headers == "other" else f"{a.number}. {a.text}",
            "owner": a.owner,
            "deadline": _cell_deadline(a.deadline, a.status),
        }
        for a in notes.actions
    ]
    return _table(cells, layout.other_actions if headers == "other" else OLD_ACTIONS, headers)


def _earlier_table(meeting: Meeting, headers: str) -> Part:
    notes, layout = meeting.notes, meeting.layout
    written = meeting.earlier_words or tuple(STATUS_LABELS[a.status] for a in notes.carried)
    in_deadline = layout.earlier_status == "deadline"
    cells = [
        {
            "label": a.label,
            "action": a.text if headers == "other" else f"{a.label}. {a.text}",
            "owner": a.owner,
            "deadline": status if in_deadline else a.deadline,
            "status": status,
        }
        for a, status in zip(notes.carried, written, strict=True)
    ]
    columns = layout.other_earlier if headers == "other" else OLD_EARLIER
    return _table(cells, [c for c in columns if c[0] != "status" or not in_deadline], headers)


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARK = re.compile(r"\[([^\]]*)\]\{[^}]*\}")
_EMPHASIS = re.compile(r"(?<!\w)\*{1,2}(?=\S)|(?<=\S)\*{1,2}(?!\w)")


def plain(markdown: str) -> str:
    """Inline Markdown as the words a document shows: no link targets, marks or asterisks."""
    return _EMPHASIS.sub("", _MARK.sub(r"\1", _LINK.sub(r"\1", markdown)))


def _body_parts(body: str) -> Iterator[Part]:
    for line in body.split("\n"):
        item = re.match(r"^(\s*)[-*] (.*)$", line)
        if item:
            yield Part("item", plain(item.group(2)).strip(), depth=len(item.group(1)) // 2)
        elif line.startswith("#"):
            yield Part("subheading", plain(line.lstrip("#")).strip())
        elif line.strip():
            yield Part("line", plain(line).strip())


def legacy_parts(meeting: Meeting, headers: str = "old") -> list[Part]:
    """A meeting in the group's old layout; `headers` is old, other or none (no header row)."""
    notes, layout = meeting.notes, meeting.layout
    day = notes.date
    written = layout.date_line.format(
        weekday=f"{day:%A}", day=day.day, month=f"{day:%B}", year=day.year, month_number=day.month
    )
    parts = [Part("title", "Allies Group Meeting"), Part("line", written)]
    parts += _attendance_parts(notes, layout)
    tables = []
    if notes.actions:
        tables.append(Part("heading", layout.actions_heading))
        tables.append(_actions_table(notes, layout, headers))
    if notes.carried:
        tables.append(Part("heading", layout.earlier_heading))
        tables.append(_earlier_table(meeting, headers))
    sections = []
    for section in notes.sections:
        sections.append(Part("heading", plain(section.heading)))
        sections += _body_parts(section.body)
    parts += tables + sections if layout.actions_first else sections + tables
    parts += [Part("line", f"Date of next meeting: {when}") for when in notes.next_meetings]
    return parts


# Writers: Word, HTML (for WeasyPrint), and Word's text export.

FOOTER = "Allies Group – meeting notes"


def word_file(parts: list[Part], layout: Layout) -> bytes:
    """A Word document of the parts, with a footer numbering the pages, as python-docx writes it."""
    document = docx.Document()
    for part in parts:
        if part.kind == "title":
            document.add_heading(part.text, level=0)
        elif part.kind in ("heading", "subheading"):
            level = 1 if part.kind == "heading" else 3
            if layout.headings == "styles":
                document.add_heading(part.text, level=level)
            else:
                document.add_paragraph().add_run(part.text).bold = True
        elif part.kind == "item":
            document.add_paragraph(
                part.text, style="List Bullet 2" if part.depth else "List Bullet"
            )
        elif part.kind == "table":
            table = document.add_table(rows=len(part.rows), cols=len(part.rows[0]))
            table.style = "Table Grid"
            widths = _column_widths(part.rows)
            table.autofit = False
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width
            for row, cells in zip(table.rows, part.rows, strict=True):
                for cell, text, width in zip(row.cells, cells, widths, strict=True):
                    cell.text = text
                    cell.width = width
            if part.header:
                for cell in table.rows[0].cells:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        else:
            document.add_paragraph(part.text)
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run(f"{FOOTER} – page ")
    _page_field(footer.add_run())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _column_widths(rows: tuple[tuple[str, ...], ...]) -> list[Cm]:
    """Columns as wide as what they hold, as a secretary drags them: the action the widest."""
    columns = range(len(rows[0]))
    lengths = [min(60, max(16, sum(len(row[i]) for row in rows) / len(rows))) for i in columns]
    return [Cm(16 * length / sum(lengths)) for length in lengths]


def _page_field(run: Run) -> None:
    """The page number, as a field Word and LibreOffice fill in on each page."""
    element = run._r
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            element.append(char)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.text = text
            element.append(instruction)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_page(parts: list[Part]) -> str:
    """The parts as an HTML page with a running header and page numbers, for WeasyPrint."""
    body: list[str] = []
    in_list = False
    for part in parts:
        if part.kind != "item" and in_list:
            body.append("</ul>")
            in_list = False
        text = _escape(part.text)
        if part.kind == "title":
            body.append(f"<h1>{text}</h1>")
        elif part.kind == "heading":
            body.append(f"<h2>{text}</h2>")
        elif part.kind == "subheading":
            body.append(f"<h3>{text}</h3>")
        elif part.kind == "item":
            if not in_list:
                body.append("<ul>")
                in_list = True
            style = f' style="margin-left: {part.depth * 2}em"' if part.depth else ""
            body.append(f"<li{style}>{text}</li>")
        elif part.kind == "table":
            rows = []
            for index, cells in enumerate(part.rows):
                tag = "th" if part.header and index == 0 else "td"
                rows.append(
                    "<tr>" + "".join(f"<{tag}>{_escape(c)}</{tag}>" for c in cells) + "</tr>"
                )
            body.append("<table>" + "".join(rows) + "</table>")
        else:
            body.append(f"<p>{text}</p>")
    if in_list:
        body.append("</ul>")
    style = f"""
      @page {{ size: A4; margin: 2.2cm 2cm;
        @top-right {{ content: "{FOOTER}"; font-size: 8pt; }}
        @bottom-center {{ content: "Page " counter(page) " of " counter(pages);
                          font-size: 8pt; }} }}
      body {{ font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; }}
      table {{ border-collapse: collapse; width: 100%; }}
      td, th {{ border: 1px solid #444; padding: 3pt; vertical-align: top; text-align: left; }}
    """
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{style}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )


def weasyprint_pdf(parts: list[Part]) -> bytes:
    """The parts as a PDF made by WeasyPrint."""
    from weasyprint import HTML  # slow to import; only the PDF shapes need it

    return bytes(HTML(string=html_page(parts)).write_pdf())


def word_saved_as_text(content: bytes) -> bytes:
    """A Word file as Word's "save as plain text" writes it: each table cell on its own line.

    Word writes a paragraph per line, a bullet as "·", and a table one cell per
    line, each starting with a tab, with a blank line after each row.
    """
    document = docx.Document(io.BytesIO(content))
    lines: list[str] = []
    for element in document.iter_inner_content():
        if isinstance(element, WordParagraph):
            style = element.style.name if element.style is not None else ""
            bullet = "· " if style.startswith("List Bullet") else ""
            lines.append(bullet + element.text)
        elif isinstance(element, WordTable):
            for row in element.rows:
                lines += ["\t" + cell.text for cell in row.cells]
                lines.append("")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def pdftotext(pdf: bytes) -> bytes:
    """The text of a PDF as poppler's pdftotext takes it out, line by line as it was drawn.

    Not its default reading order: that joins a word broken at a hyphen at a
    line's end ("decision-" / "making" becomes "decisionmaking"), so a name
    like Hutchinson-Pascal could be lost for good, and no reader could get
    all the people and actions back.
    """
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"],  # noqa: S607 (poppler-utils, on the path)
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout


def pypdf_text(pdf: bytes) -> bytes:
    """The text of a PDF as pypdf takes it out, page after page."""
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    return "\n".join(page.extract_text() or "" for page in pages).encode("utf-8")


def libreoffice_pdfs(files: list[bytes]) -> list[bytes] | None:
    """Word files made PDFs by LibreOffice, all in one run; None where it is not installed."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return None
    with tempfile.TemporaryDirectory(prefix="corpus-") as work:
        folder = Path(work)
        names = []
        for index, content in enumerate(files):
            path = folder / f"{index:04}.docx"
            path.write_bytes(content)
            names.append(str(path))
        # A profile of its own, so a LibreOffice already running elsewhere is left alone.
        profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
        command = [office, profile, "--headless", "--convert-to", "pdf",
                   "--outdir", str(folder / "pdf"), *names]  # fmt: skip
        run = subprocess.run(command, capture_output=True, text=True, timeout=900)  # noqa: S603
        pdfs = [folder / "pdf" / f"{index:04}.pdf" for index in range(len(files))]
        failed = [pdf.name for pdf in pdfs if not pdf.exists()]
        if failed:
            raise RuntimeError(f"LibreOffice made no {', '.join(failed)}: {run.stderr[-500:]}")
        return [pdf.read_bytes() for pdf in pdfs]


# The shapes, each a named function of a meeting (or of the file another shape made).


def word(meeting: Meeting) -> bytes:
    """(a) A Word file in the group's old style."""
    return word_file(legacy_parts(meeting, "old"), meeting.layout)


def word_other_headers(meeting: Meeting) -> bytes:
    """(b) The same with other header words, and the columns in another order."""
    return word_file(legacy_parts(meeting, "other"), meeting.layout)


def word_no_header_row(meeting: Meeting) -> bytes:
    """(c) The same with tables that have no header row."""
    return word_file(legacy_parts(meeting, "none"), meeting.layout)


def pdf_by_weasyprint(meeting: Meeting) -> bytes:
    """(e) A PDF made by WeasyPrint from HTML equivalent to the Word file."""
    return weasyprint_pdf(legacy_parts(meeting, "old"))


def build(meetings: Iterable[Meeting], shapes: Iterable[str] = SHAPES) -> dict[str, list[Document]]:
    """Every meeting in every shape asked for; the LibreOffice shapes are left out without it."""
    meetings, wanted = list(meetings), set(shapes)
    made: dict[str, list[bytes]] = {}

    def need(*names: str) -> bool:
        return bool(wanted & set(names))

    if need("word", "word-saved-as-text", *NEEDS_LIBREOFFICE):
        made["word"] = [word(m) for m in meetings]
    if need("word-other-headers"):
        made["word-other-headers"] = [word_other_headers(m) for m in meetings]
    if need("word-no-header-row"):
        made["word-no-header-row"] = [word_no_header_row(m) for m in meetings]
    if need("word-saved-as-text"):
        made["word-saved-as-text"] = [word_saved_as_text(f) for f in made["word"]]
    for make in ("weasyprint", "libreoffice"):
        if not need(f"pdf-{make}", f"pdftotext-{make}", f"pypdf-{make}"):
            continue
        pdfs = (
            [pdf_by_weasyprint(m) for m in meetings]
            if make == "weasyprint"
            else libreoffice_pdfs(made["word"])
        )
        if pdfs is None:
            continue
        made[f"pdf-{make}"] = pdfs
        made[f"pdftotext-{make}"] = [pdftotext(pdf) for pdf in pdfs]
        made[f"pypdf-{make}"] = [pypdf_text(pdf) for pdf in pdfs]
    corpus = {}
    for shape in SHAPES:
        if shape in wanted and shape in made:
            suffix = SUFFIXES.get(shape, ".txt")
            corpus[shape] = [
                Document(shape, f"{m.notes.date}-allies-notes{suffix}", content, m)
                for m, content in zip(meetings, made[shape], strict=True)
            ]
    return corpus


def family(shape: str) -> str:
    """The shapes made together: the Word ones, and those of each PDF maker."""
    return shape.rsplit("-", 1)[1] if shape.endswith(("-weasyprint", "-libreoffice")) else "word"


class Archive:
    """The files of some meetings in every shape, made a family of shapes at a time when asked for.

    Running one shape's test makes only its family's files, and LibreOffice
    still converts all of its files in one run.
    """

    def __init__(self, meetings: Iterable[Meeting]) -> None:
        self.meetings = list(meetings)
        self.made: dict[str, dict[str, list[Document]]] = {}

    def documents(self, shape: str) -> list[Document] | None:
        """The files of one shape; None where its maker (LibreOffice) is not installed."""
        kind = family(shape)
        if kind not in self.made:
            self.made[kind] = build(self.meetings, [s for s in SHAPES if family(s) == kind])
        return self.made[kind].get(shape)


def file_text(document: Document) -> str:
    """All the text a file holds, whatever its shape, read with no knowledge of notes."""
    if document.filename.endswith(".pdf"):
        return pdftotext(document.content).decode("utf-8")
    if document.filename.endswith(".docx"):
        return word_saved_as_text(document.content).decode("utf-8")
    return document.content.decode("utf-8")


# Comparing what was read with the meeting.


@dataclass
class Recovery:
    """What an import got right of the meeting a document was made from, field by field."""

    right: Counter[str] = field(default_factory=Counter)
    out_of: Counter[str] = field(default_factory=Counter)
    misses: dict[str, list[str]] = field(default_factory=dict)

    def count(self, what: str, ok: bool, miss: str = "") -> None:
        self.out_of[what] += 1
        self.right[what] += ok
        if not ok:
            self.misses.setdefault(what, []).append(miss)

    def add(self, other: "Recovery") -> None:
        self.right.update(other.right)
        self.out_of.update(other.out_of)
        for what, misses in other.misses.items():
            self.misses.setdefault(what, []).extend(misses)

    def rate(self, what: str) -> float:
        return 100.0 * self.right[what] / self.out_of[what] if self.out_of[what] else 100.0


def _fold(text: str) -> str:
    # A space beside a slash ("Sarah/ Graham") says nothing, and pdftotext drops
    # the one a line break took: the two are the same owner.
    return re.sub(r"\s*/\s*", "/", " ".join(text.casefold().split()))


def _role(person: Attendee) -> str:
    said = [person.status] + ([person.role.replace("_", "-")] if person.role else [])
    return ", ".join(said + (["takes notes"] if person.takes_notes else []))


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of a text, in lower case, without its Markdown."""
    return _WORD.findall(plain(text).casefold())


def notes_words(notes: Notes) -> Counter[str]:
    """Every word a meeting's notes hold, as a multiset (the roles, statuses and labels aside)."""
    texts = [a.name for a in notes.attendees] + [a.introduction for a in notes.attendees]
    texts += [t for a in notes.actions for t in (a.text, a.owner, a.deadline)]
    texts += [t for a in notes.carried for t in (a.text, a.owner, a.deadline)]
    texts += [t for s in notes.sections for t in (s.heading, s.body)]
    texts += list(notes.next_meetings)
    return Counter(word for text in texts for word in words(text))


def compare(read: Notes, expected: Notes) -> Recovery:
    """How much of the expected notes the read ones hold, field by field, and what they miss."""
    recovery = Recovery()
    people = {_fold(a.name): a for a in read.attendees}
    for person in expected.attendees:
        found = people.pop(_fold(person.name), None)
        if found is None:
            recovery.count(
                "people",
                False,
                f"{person.name} ({_role(person)}) was not read; {_where(read, person.name)}",
            )
        else:
            right = (found.status, found.role, found.takes_notes) == (
                person.status,
                person.role,
                person.takes_notes,
            )
            recovery.count(
                "people", right, f"{person.name} ({_role(person)}) read as {_role(found)}"
            )
    for extra in people.values():
        recovery.count("people", False, f"read {extra.name!r} ({_role(extra)}), not in the meeting")
    _compare_actions(recovery, read, expected)
    _compare_earlier(recovery, read, expected)
    headings = Counter(_fold(s.heading) for s in read.sections)
    for section in expected.sections:
        heading = _fold(plain(section.heading))
        recovery.count(
            "headings",
            headings[heading] > 0,
            f"heading {section.heading!r} was not read; {_where(read, section.heading)}",
        )
        headings[heading] -= 1
    wanted, got = notes_words(expected), notes_words(read)
    missing = wanted - got
    recovery.out_of["words"] += sum(wanted.values())
    recovery.right["words"] += sum(wanted.values()) - sum(missing.values())
    if missing:
        shown = ", ".join(sorted(missing)[:12]) + ("…" if len(missing) > 12 else "")
        recovery.misses.setdefault("words", []).append(
            f"{sum(missing.values())} words lost: {shown}"
        )
    return recovery


def _where(read: Notes, text: str) -> str:
    """Where in the notes read the start of a text went, to say so beside a miss."""
    start = " ".join(words(text)[:5])
    if not start:
        return "it has no words"
    places = [(f"person {a.name!r}", a.name + " " + a.introduction) for a in read.attendees]
    places += [(f"action {a.number} {a.text[:60]!r}", f"{a.text} {a.owner}") for a in read.actions]
    places += [(f"earlier action {a.text[:60]!r}", a.text) for a in read.carried]
    places += [(f"section {s.heading!r}", f"{s.heading}\n{s.body}") for s in read.sections]
    places += [("the next meetings", " ".join(read.next_meetings))]
    found = [place for place, held in places if start in " ".join(words(held))]
    return f"its words are in {', '.join(found[:2])}" if found else "its words are nowhere"


def _action(action: AgreedAction | CarriedAction) -> str:
    return f"{action.text!r}, owner {action.owner!r}, deadline {action.deadline!r}"


def _compare_actions(recovery: Recovery, read: Notes, expected: Notes) -> None:
    left = list(read.actions)
    for action in expected.actions:
        same_text = [a for a in left if _fold(a.text) == _fold(action.text)]
        same_number = [a for a in left if a.number == action.number]
        found = next(iter(same_text or same_number), None)
        if found is None:
            recovery.count(
                "actions",
                False,
                f"action {action.number} {_action(action)} not read; {_where(read, action.text)}",
            )
            continue
        left.remove(found)
        right = (_fold(found.text), _fold(found.owner), _fold(found.deadline)) == (
            _fold(action.text),
            _fold(action.owner),
            _fold(action.deadline),
        )
        recovery.count(
            "actions", right, f"action {action.number} {_action(action)}: read {_action(found)}"
        )
    for extra in left:
        recovery.count("actions", False, f"read an action not in the meeting: {_action(extra)}")


def _compare_earlier(recovery: Recovery, read: Notes, expected: Notes) -> None:
    left = list(read.carried)
    for action in expected.carried:
        found = next((a for a in left if _fold(a.text) == _fold(action.text)), None)
        name = f"earlier action {action.label} {action.text!r} ({action.status})"
        if found is None:
            recovery.count(
                "earlier actions", False, f"{name} was not read; {_where(read, action.text)}"
            )
            continue
        left.remove(found)
        right = (found.status, _fold(found.owner), _fold(found.deadline)) == (
            action.status,
            _fold(action.owner),
            _fold(action.deadline),
        )
        recovery.count(
            "earlier actions", right, f"{name}: read status {found.status}, {_action(found)}"
        )
    for extra in left:
        recovery.count(
            "earlier actions", False, f"read an earlier action not in the meeting: {_action(extra)}"
        )


def recovery(document: Document) -> Recovery:
    """Import a document and compare it with its meeting; a refused file recovers nothing."""
    expected = document.meeting.notes
    try:
        read = read_notes_file(
            document.filename, document.content, GROUP, max_bytes=MAX_BYTES
        ).notes
    except NotesFormatError as error:
        refused = Recovery()
        empty = replace(
            expected, attendees=(), actions=(), carried=(), sections=(), next_meetings=()
        )
        refused.add(compare(empty, expected))
        refused.misses = {"refused": [f"the file was refused: {error}"]}
        return refused
    return compare(read, expected)
