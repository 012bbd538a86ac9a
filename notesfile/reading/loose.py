"""What the loose notes of earlier years mean: date, attendance, actions and sections.

The group's earlier notes were written in Word and shared as .docx, PDF or
plain text, in layouts that changed from year to year. The readers in
notesfile/reading/ turn each shape into the same plain blocks (blocks.py);
`read_loose` reads the meeting out of them in small steps, each its own
function over plain values:

1. pull out the labelled lists of people and the next meetings (people.py);
2. find the title and the meeting's date at the top (dates.py);
3. read the people, their attendance and roles (people.py);
4. rebuild the tables of actions that lost their grid in text, knowing the
   people's names (cells.py; tables flattened one cell a line are rebuilt
   earlier, by text.py with flat.py);
5. collect the sections under their headings (sections.py);
6. recognise the tables of actions and of earlier actions, by their header
   words or by what their cells hold (tables.py, actions.py);
7. put the notes together, with what could not be placed in a section to check.

The steps share only a `Log` of guesses, placements and text to check.
It guesses where it must and says so, and it never drops text: every line is
placed somewhere (`Placement`), and what it cannot place goes into a section
marked for the secretary to check.
"""

import datetime
import re
from dataclasses import dataclass

from notesfile.format import NotesFormatError
from notesfile.notes import AgreedAction, Attendee, CarriedAction, Notes, Section
from notesfile.reading import people
from notesfile.reading.actions import agreed_actions, carried_actions, rows_of, title_rows
from notesfile.reading.blocks import Block, Grid, Item, Line, Source, block_text
from notesfile.reading.cells import rebuild_tables
from notesfile.reading.dates import DATE, DATE_LABELS, date_from_filename, date_in
from notesfile.reading.people import ATTENDANCE_HEADINGS, Listing, gather, label_of
from notesfile.reading.placements import Log, Placement, checked, fold, quote
from notesfile.reading.sections import (
    TO_CHECK_HEADING,
    Draft,
    collect,
    escape_start,
    guess_kind,
    is_heading,
    is_table_heading,
    markdown,
    place_blocks,
    section,
)
from notesfile.reading.tables import CARRIED_HEADINGS, content_columns, header_columns
from notesfile.reading.written import WrittenAction, action_lines, agenda_headings

__all__ = [
    "TO_CHECK_HEADING", "Block", "Grid", "Item", "Line", "Reading", "Source", "guess_kind",
    "read_loose",
]  # fmt: skip

NEXT_MEETING_LABELS = {
    "date of next meeting", "date of the next meeting", "next meeting", "next meetings",
    "dates of next meetings", "date of next meetings", "next meeting date", "future meetings",
    "dates of future meetings",
}  # fmt: skip
NEXT_MEETING_HEADINGS = {
    "next meeting", "next meetings", "date of next meeting", "future meetings", "dates",
}  # fmt: skip


@dataclass(frozen=True)
class Reading:
    """What loose notes hold, what was guessed to read them, and where each line went."""

    notes: Notes
    guesses: tuple[str, ...]
    placements: tuple[Placement, ...]


def read_loose(source: Source, default_group: str | None) -> Reading:
    """The notes a file's blocks hold, what had to be guessed, and where each line went."""
    log = Log(source.unit, list(source.guesses))
    for line, text in source.dropped:
        log.place(line, text, "left out: page furniture", guessed=True)
    blocks, listings, next_meetings = pull_labels(list(source.blocks), source.marked_headings, log)
    date, blocks = find_date(blocks, source.marked_headings, log)
    if date is None and listings:
        blocks = title_above(
            blocks,
            min(line for lst in listings for line, _ in lst.lines or lst.entries),
            source.marked_headings,
            log,
        )
    attendees = people.read_listings(listings, log)
    blocks = rebuild(blocks, attendees, log)
    blocks, written = written_actions(blocks, log)
    blocks = numbered_headings(blocks, log)
    unplaced, drafts = collect(blocks, source.marked_headings, log)
    actions, carried = read_tables(unplaced, drafts, attendees, log)
    actions += number_written(written, actions, log)
    sections = assemble_sections(unplaced, drafts, log)
    if not default_group:
        raise NotesFormatError("no group: choose the group these notes belong to", field="group")
    notes = Notes(
        group=default_group,
        date=date or date_from_filename(source.filename, log),
        attendees=attendees,
        sections=sections,
        actions=tuple(sorted(actions, key=lambda action: action.number)),
        carried=tuple(carried),
        next_meetings=tuple(next_meetings),
    )
    return Reading(notes, tuple(log.sorted_guesses()), log.sorted_placements())


# Step 1: the labelled lists of people, and the next meetings.


def pull_labels(
    blocks: list[Block], marked: bool, log: Log
) -> tuple[list[Block], list[Listing], list[str]]:
    """The blocks left once the lists of people and the next meetings are taken out."""
    kept: list[Block] = []
    listings: list[Listing] = []
    next_meetings: list[str] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        i += 1
        if not isinstance(block, Line) or block.heading >= 3 or block.title:
            kept.append(block)
            continue
        parts = people.label_parts(block.text)
        if len(parts) > 1:
            split = [Line(part, block.line) for part in parts]
            blocks[i - 1 : i] = split
            block = split[0]
        following = blocks[i] if i < len(blocks) else None
        label = label_of(block.text) or people.heading_label(block, following, marked)
        if label is not None:
            _take_heading(kept, ATTENDANCE_HEADINGS, "the attendance", marked, log)
            listing, taken = gather(label, block, blocks[i:])
            listings.append(listing)
            i += taken
            continue
        told, used = people.told_roles(blocks, i - 1)
        if told:
            listings.extend(told)
            i += used - 1
            continue
        written, value = _label(block.text)
        if not written and is_heading(block, marked) and _dated(following):
            # "Date of next meeting", "5. Next meeting" as a heading, the date under it.
            written = re.sub(r"^(?:item\s+)?\d{1,2}\s*[.):–-]?\s*", "", block.text, flags=re.I)
        if fold(written) in NEXT_MEETING_LABELS:
            _take_heading(kept, NEXT_MEETING_HEADINGS, "the next meeting", marked, log)
            log.guess(block.line, f"read {quote(block.text)} as the next meeting")
            log.place(block.line, block.text, "next meeting")
            if value:
                next_meetings.extend(v.strip() for v in value.split(";") if v.strip())
                continue
            while i < len(blocks) and _next_meeting_line(blocks[i]):
                following = blocks[i]
                if isinstance(following, Grid):
                    break
                next_meetings.append(following.text.strip())
                log.place(following.line, following.text, "next meeting")
                i += 1
            continue
        kept.append(block)
    return kept, listings, next_meetings


def _label(text: str) -> tuple[str, str]:
    written, colon, value = text.partition(":")
    if not colon or len(written) > 40:
        return "", ""
    return written.strip(), value.strip()


def _dated(block: Block | None) -> bool:
    """A short line holding a date, as under a heading "Date of next meeting"."""
    return (
        isinstance(block, Line | Item)
        and not (isinstance(block, Line) and block.heading)
        and len(block.text.split()) <= 12
        and DATE.search(block.text) is not None
    )


def _next_meeting_line(block: Block | None) -> bool:
    """Under "Date of next meeting:" with nothing after it: list items, or lines with dates."""
    if block is None:
        return False
    if isinstance(block, Item):
        return True
    return (
        isinstance(block, Line)
        and not block.heading
        and not _label(block.text)[0]
        and any(char.isdigit() for char in block.text)
    )


def _take_heading(kept: list[Block], headings: set[str], what: str, marked: bool, log: Log) -> None:
    """Take the heading just before an attendance or next-meeting line, if it names it."""
    if not kept:
        return
    last = kept[-1]
    if isinstance(last, Line) and fold(last.text) in headings and is_heading(last, marked):
        kept.pop()
        log.guess(last.line, f"took {quote(last.text)} as the heading of {what}")
        log.place(last.line, last.text, f"heading of {what}", guessed=True)


# Step 2: the title and the date.


def find_date(
    blocks: list[Block], marked: bool, log: Log
) -> tuple[datetime.date | None, list[Block]]:
    """The meeting's date from the lines at the top; the lines above it are the title."""
    titles = [block for block in blocks if isinstance(block, Line) and block.title]
    rest = [block for block in blocks if not (isinstance(block, Line) and block.title)]
    date = None
    for index, block in enumerate(rest):
        # A line in small type at the very top is a header of the page or part of the title.
        if not isinstance(block, Line) or (block.heading >= 3 and index > 0):
            break
        written, value = _label(block.text)
        labelled = fold(written) in DATE_LABELS and bool(value)
        # A document that styles its headings may give the date as a plain line under the title.
        first = index <= 2 and is_heading(block, False)
        if not (labelled or first or is_heading(block, marked)):
            break
        date = date_in(block.text, block.line, log)
        if date is not None:
            titles = [*titles, *(b for b in rest[:index] if isinstance(b, Line))]
            log.guess(
                block.line,
                f"read the meeting's date, {date:%-d %B %Y}, from {quote(block.text, None)}",
            )
            log.place(block.line, block.text, "date")
            rest = rest[index + 1 :]
            break
    for title in titles:
        # A title-styled line holding the date was read as the date already.
        if title.title and date is None and (found := date_in(title.text, title.line, log)):
            date = found
            log.guess(title.line, f"read the meeting's date, {found:%-d %B %Y}, from "
                                  f"{quote(title.text, None)}")  # fmt: skip
            log.place(title.line, title.text, "date")
            continue
        log.guess(title.line, f"took {quote(title.text, None)} as the title")
        log.place(title.line, title.text, "title", guessed=True)
    return date, rest


def title_above(blocks: list[Block], attendance: int, marked: bool, log: Log) -> list[Block]:
    """With no date at the top, the heading-like lines above the attendance are the title."""
    taken = 0
    for block in blocks:
        if not (isinstance(block, Line) and block.line < attendance and is_heading(block, marked)):
            break
        taken += 1
    for title in blocks[:taken]:
        log.guess(title.line, f"took {quote(block_text(title), None)} as the title")
        log.place(title.line, block_text(title), "title", guessed=True)
    return blocks[taken:]


# Step 4: tables that lost their grid, rebuilt (steps 3 and 5 live in people.py and sections.py).


def rebuild(blocks: list[Block], attendees: tuple[Attendee, ...], log: Log) -> list[Block]:
    """The blocks with the tables of actions that lost their grid on the way to text rebuilt."""
    blocks, rebuilt, footers = rebuild_tables(blocks, people.known_names(attendees))
    for line, text in footers:
        log.place(line, text, "left out: page furniture", guessed=True)
        log.guess(line, f"left out {quote(text)}, a running footer between two rows of a table")
    for line in rebuilt:
        log.guess(line, "rebuilt a table of actions from its lines, by its header words, row "
                        "numbers and what its cells hold")  # fmt: skip
    return blocks


# Step 4b: actions written as lines, and numbered agenda headings.


def written_actions(blocks: list[Block], log: Log) -> tuple[list[Block], list[WrittenAction]]:
    """The blocks with the actions written as lines ("ACTION: Jo to …") taken out."""
    return action_lines(blocks)


def numbered_headings(blocks: list[Block], log: Log) -> list[Block]:
    """The blocks with numbered agenda items ("1. Welcome", "Item 3 – Finance") as headings."""
    blocks, changed = agenda_headings(blocks)
    for (line, text), heading in zip(changed, _headings_at(blocks, changed), strict=True):
        number = text[: len(text) - len(heading)].strip()
        if not number:  # a list item Word numbers itself
            log.guess(line, f"took the numbered item {quote(heading)} as a heading")
            continue
        log.guess(line, f"took {quote(text)} as the heading {quote(heading)}, agenda item "
                        f"{number.rstrip('.):–- ')}")  # fmt: skip
        log.place(line, number, "left out: the agenda item's number", guessed=True)
    return blocks


def _headings_at(blocks: list[Block], changed: list[tuple[int, str]]) -> list[str]:
    lines = {line for line, _ in changed}
    return [b.text for b in blocks if isinstance(b, Line) and b.heading and b.line in lines]


def number_written(
    written: list[WrittenAction], actions: list[AgreedAction], log: Log
) -> list[AgreedAction]:
    """The actions written as lines, numbered after those of the tables."""
    first = max((action.number for action in actions), default=0)
    made = []
    for number, action in enumerate(written, first + 1):
        made.append(AgreedAction(number, action.text, action.owner, action.deadline))
        said = ", ".join(
            filter(None, [action.owner and f"owner {action.owner}",
                          action.deadline and f"deadline {action.deadline}"])
        )  # fmt: skip
        log.guess(
            action.line,
            f"read {quote(action.text)} as action {number}" + (f", {said}" if said else ""),
        )
        label = action.written.partition(action.text)[0]
        log.place(action.line, label, f"the label of action {number}", guessed=True)
        log.place(action.line, action.text, f"action {number}", guessed=True)
    return made


# Step 6: the tables of actions and of earlier actions.


def read_tables(
    unplaced: list[Block], drafts: list[Draft], attendees: tuple[Attendee, ...], log: Log
) -> tuple[list[AgreedAction], list[CarriedAction]]:
    """The actions and earlier actions the tables hold; those tables leave their sections."""
    names = people.known_names(attendees)
    actions: list[AgreedAction] = []
    carried: list[CarriedAction] = []
    places: list[tuple[str, list[Block], Draft | None]] = [("", unplaced, None)]
    places += [(draft.heading, draft.blocks, draft) for draft in drafts]
    for heading, blocks, draft in places:
        titled = heading
        for block in list(blocks):
            if isinstance(block, Line) and is_table_heading(block.text):
                titled = block.text  # a sub-heading naming the table under it
            if not isinstance(block, Grid):
                continue
            first = max((action.number for action in actions), default=0)
            read = read_table(block, titled, names, first, log)
            if read is None:
                log.guess(block.line, "kept a table as it is, inside the section")
                continue
            actions.extend(read[0])
            carried.extend(read[1])
            blocks.remove(block)
            if draft is not None and is_table_heading(heading):
                draft.held_actions = True
    return actions, carried


def read_table(
    grid: Grid, heading: str, names: set[str], first: int, log: Log
) -> tuple[list[AgreedAction], list[CarriedAction]] | None:
    """The actions or earlier actions in a table, or None for a table of something else."""
    under = f"the table under {heading!r}" if heading else "a table"
    grid, merged = title_rows(grid)
    columns = header_columns(grid.rows[0])
    header = columns is not None
    if columns is None:
        columns = content_columns(grid.rows, names) if len(grid.rows) else []
    found = set(columns) - {None}
    readable = "action" in found and bool({"owner", "deadline", "status"} & found)
    if not header and not (is_table_heading(heading) or {"owner", "deadline"} <= found):
        readable = False
    if not readable:
        if is_table_heading(heading):
            raise log.error(
                f"the table under {heading!r} has no Action column, or no "
                "Owner or Deadline column; its first row should name the columns, like "
                "Agreed approach | Person taking this on | Deadline",
                grid.line,
            )
        return None
    if header:
        log.place(grid.line, " ".join(grid.rows[0]), "the actions table's header row")
    for line, title in merged:
        log.to_check.append(checked(f"{log.at(line)}, a title across {under}: {title}", line, log))
        log.place(line, title, "to check", guessed=True)
        log.guess(line, f"kept {quote(title)}, a row across {under}, to check")
    if _earlier(grid, columns, header, heading):
        log.guess(grid.line, f"read {under} as the updates to actions from previous meetings")
        return [], carried_actions(rows_of(grid, columns, header), log)
    if header:
        titles = ", ".join(
            f"{title} as {name.title()}"
            for title, name in zip(grid.rows[0], columns, strict=False)
            if name and name != "note"
        )
        log.guess(grid.line, f"read {under} as the actions, with columns {titles}")
    else:
        described = ", ".join(f"column {i + 1} as {name}" for i, name in enumerate(columns) if name)
        log.guess(grid.line, f"read {under}, which has no header row, as the actions by what "
                             f"its cells hold: {described}")  # fmt: skip
    # An action agreed now has no note; a note column is kept to check.
    agreed_columns = [None if name == "note" else name for name in columns]
    return agreed_actions(rows_of(grid, agreed_columns, header), first, log, grid.line), []


def _earlier(grid: Grid, columns: list[str | None], header: bool, heading: str) -> bool:
    """A table of earlier actions: under such a heading, lettered, or referenced by date."""
    if fold(heading) in CARRIED_HEADINGS:
        return True
    if "number" not in columns:
        at = columns.index("action") if "action" in columns else 0
        texts = [row[at] for row in grid.rows[int(header) :] if at < len(row) and row[at].strip()]
        # "A. Send the letter": rows lettered at the start of the action.
        return bool(texts) and all(re.match(r"^[A-Z][.)]\s", text) for text in texts)
    at = columns.index("number")
    cells = [row[at].strip() for row in grid.rows[int(header) :] if at < len(row) and row[at]]
    lettered = bool(cells) and all(cell.rstrip(".)").isalpha() for cell in cells)
    dated = bool(cells) and all(cell[:4].isdigit() and "#" in cell for cell in cells)
    referenced = header and fold(grid.rows[0][at]).strip(" :") in (
        "reference", "ref", "ref.", "action reference",
    ) and "status" in columns  # fmt: skip
    return lettered or dated or referenced


# Step 7: the sections, with a section to check for what could not be placed.


def assemble_sections(unplaced: list[Block], drafts: list[Draft], log: Log) -> tuple[Section, ...]:
    kept = [made for draft in drafts if (made := section(draft, log)) is not None]
    place_blocks(unplaced, "to check", log, guessed=True)
    if unplaced or log.to_check:
        notes_to_check = [checked(escape_start(text), 0, log) for text in log.to_check]
        body = "\n\n".join(filter(None, [markdown(unplaced, log), *notes_to_check]))
        kept.insert(0, Section(TO_CHECK_HEADING, body, to_check=True))
    return tuple(kept)
