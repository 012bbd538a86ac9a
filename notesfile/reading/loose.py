"""What the loose notes of earlier years mean: date, attendance, actions and sections.

The group's earlier notes were written in Word and shared as .docx or plain
text, in layouts that changed from year to year. The readers in
notesfile/reading/files.py turn each shape into the same plain blocks (lines, list
items, tables); `read_loose` reads the meeting out of those blocks, so a Word
document and a text file mean the same thing in the same way. It guesses where
it must and says so, and it never drops text: what it cannot place goes into a
section marked for the secretary to check.
"""

import datetime
import re
from dataclasses import dataclass, field

from notesfile.deadlines import MONTHS
from notesfile.format import (
    ACTION_COLUMNS,
    ACTIONS_HEADING,
    CARRIED_COLUMNS,
    CARRIED_HEADING,
    STATUSES,
    NotesFormatError,
    markdown_table,
)
from notesfile.format import _reference as parse_reference
from notesfile.format import _sensitivity as parse_sensitivity
from notesfile.markup import MarkupError, parse_inline
from notesfile.notes import ATTENDANCE_ORDER, AgreedAction, Attendee, CarriedAction, Notes, Section

TO_CHECK_HEADING = "To check: text the import could not place"


# The blocks both readers produce.


@dataclass(frozen=True)
class Line:
    """A paragraph of the source, on one line."""

    text: str
    line: int
    # The heading level the document itself states (a Word heading style):
    # 1 starts a section, 3 and more are sub-headings inside one.
    heading: int = 0
    title: bool = False


@dataclass(frozen=True)
class Item:
    """An item of a bulleted or numbered list."""

    text: str
    line: int
    depth: int = 0
    ordered: bool = False
    number: int | None = None


@dataclass(frozen=True)
class Grid:
    """A table of plain cells; the first row may name the columns."""

    rows: tuple[tuple[str, ...], ...]
    line: int
    # Where each row starts, where the source can tell (a text file can).
    row_lines: tuple[int, ...] = ()


Block = Line | Item | Grid


@dataclass(frozen=True)
class Source:
    """A file as a reader saw it: its blocks, and what the reader itself guessed."""

    blocks: tuple[Block, ...]
    filename: str = ""
    unit: str = "line"
    # True when the document marks its headings (Word heading styles), so
    # plain paragraphs are never taken for headings.
    marked_headings: bool = False
    guesses: tuple[tuple[int, str], ...] = ()


# What the words of the notes mean.

ATTENDANCE_LABELS = {
    "present": "present", "members present": "present", "in attendance": "present",
    "attendees": "present", "attending": "present", "attended": "present",
    "apologies": "apologies", "apologies received": "apologies",
    "apologies for absence": "apologies",
    "absent": "absent", "not present": "absent",
    "guest": "guest", "guests": "guest", "visitors": "guest",
}  # fmt: skip
ROLE_LABELS = {
    "chair": "chair", "chaired by": "chair", "co-chair": "co_chair", "co-chairs": "co_chair",
    "co chair": "co_chair", "co chairs": "co_chair", "notes by": "notes", "notes taken by": "notes",
    "note taker": "notes", "note-taker": "notes", "notetaker": "notes", "minutes by": "notes",
    "minutes taken by": "notes",
}  # fmt: skip
NEXT_MEETING_LABELS = {
    "date of next meeting", "date of the next meeting", "next meeting", "next meetings",
    "dates of next meetings", "date of next meetings", "next meeting date",
}  # fmt: skip
DATE_LABELS = {
    "meeting notes", "notes", "minutes", "date", "meeting date", "meeting", "notes of meeting",
    "notes of the meeting",
}  # fmt: skip
NEXT_MEETING_HEADINGS = {
    "next meeting", "next meetings", "date of next meeting", "future meetings", "dates",
}  # fmt: skip
ATTENDANCE_HEADINGS = {
    "members", "attendance", "attendees", "present", "in attendance", "who was there",
    "participants", "members present",
}  # fmt: skip
BRACKET_ROLES = {
    "chair": "chair", "chairing": "chair", "chairperson": "chair", "co-chair": "co_chair",
    "co chair": "co_chair", "cochair": "co_chair", "notes": "notes", "note taker": "notes",
    "note-taker": "notes", "notetaker": "notes", "taking notes": "notes", "minutes": "notes",
}  # fmt: skip
ACTIONS_HEADINGS = {
    "actions", "action points", "actions agreed", "agreed actions", "action log", "action list",
}  # fmt: skip
CARRIED_HEADINGS = {
    "actions from previous meetings", "actions from the previous meeting",
    "actions from last meeting", "previous actions", "matters arising",
}  # fmt: skip
RESERVED_HEADINGS = {ACTIONS_HEADING.casefold(), CARRIED_HEADING.casefold()}
# A deadline cell may end with a status: "25 Jan – complete"; a cell that is
# only a status ("Complete") has no deadline. "Ongoing" alone is a deadline.
_CELL_STATUSES = {"complete", "completed", "done", "dropped", "in progress"}
_STATUS_SUFFIX = re.compile(
    r"^(?P<deadline>.*?)\s*(?:[–—-]\s*|\(\s*)"
    r"(?P<status>complete|completed|done|dropped|in progress|ongoing)\s*\)?\s*$",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z /-]{0,40}?)\s*:\s*(?P<value>.*)$")
_LEADING_NUMBER = re.compile(r"^(?P<number>\d{1,4})[.)]\s+(?P<text>.*)$")
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
_DATE = re.compile(
    rf"(?:(?P<weekday>{_WEEKDAY})\.?,?\s+)?(?:"
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\.?,?\s+(?P<year>\d{{4}})"
    rf"|(?P<month2>{_MONTH})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year2>\d{{4}})"
    r"|(?P<iso>\d{4}-\d{1,2}-\d{1,2})"
    r"|(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}|\d{2}))\b",
    re.IGNORECASE,
)
_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_FILENAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
_GUEST_SEPARATOR = re.compile(r"\s+[–—-]\s+|:\s+")


def guess_kind(heading: str) -> str:
    """The kind of agenda item a heading names, or discussion."""
    folded = heading.casefold()
    if "spotlight" in folded:
        return "spotlight"
    if "next step" in folded:
        return "next_steps"
    if re.search(r"\baob\b|any other business", folded):
        return "aob"
    if re.search(r"\bedi\b|equality|diversity|inclusion", folded):
        return "edi"
    if re.search(r"\bupdates?\b", folded):
        return "update"
    return "discussion"


_KIND_WORDS = {
    "update": "an update",
    "spotlight": "a spotlight",
    "next_steps": "next steps",
    "aob": "any other business",
    "edi": "equality, diversity and inclusion",
}


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _quote(text: str, limit: int | None = 60) -> str:
    """Text quoted in a guess; shortened only where the text is kept elsewhere too."""
    text = " ".join(text.split())
    return repr(text if limit is None or len(text) <= limit else text[: limit - 1] + "…")


# Reading.


@dataclass
class _Person:
    name: str
    status: str
    line: int
    roles: set[str] = field(default_factory=set)
    introduction: str = ""


@dataclass
class _Draft:
    """A section being read: its heading and the blocks under it."""

    heading: str
    line: int
    blocks: list[Block] = field(default_factory=list)
    # Set when the table of actions under it was read: the heading was only its title.
    held_actions: bool = False


def read_loose(source: Source, default_group: str | None) -> tuple[Notes, list[str]]:
    """The notes a file's blocks hold, and what had to be guessed to read them."""
    reading = _Reading(source)
    for block in source.blocks:
        reading.read(block)
    return reading.finish(default_group)


class _Reading:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.unit = source.unit
        self.guesses: list[tuple[int, str]] = list(source.guesses)
        self.date: datetime.date | None = None
        self.people: list[_Person] = []
        self.role_labels: list[tuple[str, str, int]] = []
        self.next_meetings: list[str] = []
        self.pending: list[Line] = []
        self.sections: list[_Draft] = []
        self.unplaced: list[Block] = []
        self.notes_to_check: list[str] = []
        self.actions: list[AgreedAction] = []
        self.carried: list[CarriedAction] = []
        # After a label with nothing after its colon ("Guests:"), what the
        # lines below it are, and the label as written.
        self.collecting: tuple[str, str] | None = None

    # Where things are, in the source's own terms.

    def at(self, line: int) -> str:
        return f"{self.unit} {line}"

    def guess(self, line: int, text: str) -> None:
        self.guesses.append((line, f"{self.at(line)}: {text}"))

    def error(self, message: str, line: int, field: str | None = None) -> NotesFormatError:
        return NotesFormatError(message, line=line, field=field, unit=self.unit)

    def checked(self, text: str, line: int) -> str:
        """Text as Markdown, refused (with its line) if a sensitivity mark in it is mistyped."""
        try:
            parse_inline(text, line)
        except MarkupError as error:
            raise self.error(error.message, line) from None
        return text

    # Blocks, one by one.

    def read(self, block: Block) -> None:
        if isinstance(block, Line) and not (block.heading >= 3):
            if self.collecting and not self.pending and self._collect_line(block):
                return
            self.collecting = None
            if block.title:
                self._title(block)
                return
            if self._meta(block):
                return
            if self._is_heading(block):
                self.pending.append(block)
                return
        elif isinstance(block, Item) and self.collecting and not self.pending:
            self._collected(block.text, block.line)
            return
        self.collecting = None
        self._content(block)

    def _is_heading(self, block: Line) -> bool:
        if block.heading:
            return True
        if self.source.marked_headings:
            return False
        text = block.text
        letters = text.lstrip("‘'\"“(")
        return (
            len(text) <= 100
            and len(text.split()) <= 12
            and not text.endswith((".", ",", ";", ":", "!", "?", "…"))
            and bool(letters)
            and (letters[0].isupper() or letters[0].isdigit())
            and any(char.isalpha() for char in text)
        )

    def _title(self, block: Line) -> None:
        if self.date is None and not self._started() and self._date_in(block):
            return
        self.guess(block.line, f"took {_quote(block.text, None)} as the title")

    def _started(self) -> bool:
        return bool(self.sections or self.unplaced or self.actions)

    # Date, attendance and next meetings.

    def _meta(self, block: Line) -> bool:
        match = _LABEL.match(block.text)
        written = match["label"] if match else ""
        label, value = _fold(written), match["value"].strip() if match else ""
        if label in ATTENDANCE_LABELS or label in ROLE_LABELS:
            self._meta_heading("the attendance", ATTENDANCE_HEADINGS)
            if label in ATTENDANCE_LABELS:
                self._attendance(ATTENDANCE_LABELS[label], value, block.line, written)
            else:
                self._role_label(ROLE_LABELS[label], value, block.line)
            return True
        if label in NEXT_MEETING_LABELS:
            self._meta_heading("the next meeting", NEXT_MEETING_HEADINGS)
            if value:
                self.next_meetings.extend(v.strip() for v in value.split(";") if v.strip())
            else:
                self.collecting = ("next", written)
            self.guess(block.line, f"read {_quote(block.text)} as the next meeting")
            return True
        dated = (label in DATE_LABELS and value) or self._is_heading(block)
        if self.date is None and not self._started() and dated:
            return self._date_in(block)
        return False

    def _meta_heading(self, what: str, headings: set[str]) -> None:
        """Settle the headings just before an attendance or next-meeting line."""
        if not self.pending:
            return
        *earlier, last = self.pending
        self.pending = []
        for line in earlier:
            self._settle_heading(line)
        if _fold(last.text) in headings:
            self.guess(last.line, f"took {_quote(last.text)} as the heading of {what}")
        else:
            self._settle_heading(last)

    def _settle_heading(self, line: Line) -> None:
        """A short line with no text under it: the title at the top, else text after all."""
        if not self._started():
            self.guess(line.line, f"took {_quote(line.text, None)} as the title")
        elif line.heading:
            self._open_section(line)
        elif self.sections:
            self.sections[-1].blocks.append(line)
        else:
            self.unplaced.append(line)

    def _date_in(self, block: Line) -> bool:
        match = _DATE.search(block.text)
        if match is None:
            return False
        date = self._date(match, block.line)
        for line in self.pending:
            self.guess(line.line, f"took {_quote(line.text, None)} as the title")
        self.pending = []
        self.date = date
        self.guess(
            block.line,
            f"read the meeting's date, {date:%-d %B %Y}, from {_quote(block.text, None)}",
        )
        return True

    def _date(self, match: re.Match[str], line: int) -> datetime.date:
        written = match.group(0)
        try:
            if match["iso"]:
                date = datetime.date.fromisoformat(
                    "-".join(part.zfill(2) for part in match["iso"].split("-"))
                )
            elif match["d"]:
                year = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)
                date = datetime.date(year, int(match["m"]), int(match["d"]))
            else:
                month = MONTHS[(match["month"] or match["month2"]).casefold()]
                day = int(match["day"] or match["day2"])
                date = datetime.date(int(match["year"] or match["year2"]), month, day)
        except ValueError:
            raise self.error(f"{written!r} is not a real date", line, field="date") from None
        weekday = match["weekday"]
        if weekday and _WEEKDAYS.index(weekday[:3].casefold()) != date.weekday():
            self.guess(
                line,
                f"the notes say {weekday} but {date:%-d %B %Y} was a {date:%A}; "
                "kept the date as written",
            )
        return date

    def _attendance(self, status: str, value: str, line: int, label: str) -> None:
        if not value:
            self.collecting = (status, label)
            return
        if status == "guest":
            entries = _guest_entries(value)
        else:
            entries = _split_outside_brackets(value, _NAME_SEPARATORS)
        for entry in entries:
            self._person(entry, status, line, label)

    def _collect_line(self, block: Line) -> bool:
        """A line holding a date under "Date of next meeting:" with nothing after the colon.

        Under "Guests:" and the like only list items are taken: a plain short
        line there could as well be the next heading.
        """
        if self.collecting is None or self.collecting[0] != "next":
            return False
        if _LABEL.match(block.text) or not any(char.isdigit() for char in block.text):
            return False
        self._collected(block.text, block.line)
        return True

    def _collected(self, text: str, line: int) -> None:
        what, label = self.collecting or ("next", "")
        if what == "next":
            self.next_meetings.append(text.strip())
        else:
            self._person(text, what, line, label)

    def _person(self, entry: str, status: str, line: int, label: str) -> None:
        entry = " ".join(entry.split()).strip(" .")
        if not entry:
            return
        name, bracket = _name_and_bracket(entry)
        roles: set[str] = set()
        introduction = ""
        if bracket:
            words = [_fold(w) for w in re.split(r"\s*(?:,|/|&|\band\b)\s*", bracket) if w.strip()]
            if words and all(w in BRACKET_ROLES for w in words):
                roles = {BRACKET_ROLES[w] for w in words}
            elif status == "guest":
                introduction = bracket
            else:
                self._to_check(f"{self.at(line)}, {label}: {entry}", line)
                self.guess(line, f"did not understand the brackets in {_quote(entry)}")
        if status == "guest" and not introduction:
            name, _, introduction = (part.strip() for part in _partition_guest(name))
        if len(name.split()) > 5 or len(name) > 80 or not any(c.isalpha() for c in name):
            self._to_check(f"{self.at(line)}, {label}: {entry}", line)
            self.guess(line, f"{_quote(entry)} does not look like a name; left it to check")
            return
        if introduction:
            introduction = self.checked(introduction, line)
        known = next((p for p in self.people if _fold(p.name) == _fold(name)), None)
        if known:
            self._to_check(
                f"{self.at(line)}, {label}: {entry} (listed twice; kept as {known.status})", line
            )
            self.guess(line, f"{name} is listed twice; kept them as {known.status}")
            return
        self.people.append(_Person(name, status, line, roles, introduction))
        if roles:
            described = " and ".join(sorted(_ROLE_WORDS[role] for role in roles))
            self.guess(line, f"read {_quote(entry)} as {name}, {described}")

    def _role_label(self, role: str, value: str, line: int) -> None:
        for name in _split_outside_brackets(value, _NAME_SEPARATORS):
            name = " ".join(name.split()).strip(" .")
            if name:
                self.role_labels.append((name, role, line))

    # Sections and their text.

    def _content(self, block: Block) -> None:
        if self.pending:
            pending, self.pending = self.pending, []
            for line in pending:
                self._open_section(line)
        if isinstance(block, Grid) and self._table(block):
            return
        if self.sections:
            self.sections[-1].blocks.append(block)
        else:
            if not self.unplaced:
                self.guess(
                    block.line,
                    f"text before the first heading went to {_quote(TO_CHECK_HEADING)}",
                )
            self.unplaced.append(block)

    def _open_section(self, line: Line) -> None:
        heading = " ".join(line.text.split())
        self.checked(heading, line.line)
        kind = guess_kind(heading)
        described = f" ({_KIND_WORDS[kind]})" if kind in _KIND_WORDS else ""
        if _fold(heading) in ACTIONS_HEADINGS | CARRIED_HEADINGS:
            pass  # what it heads is told once its table is read, or not
        elif line.heading:
            if described:
                self.guess(line.line, f"took {_quote(heading)} as {_KIND_WORDS[kind]}")
        else:
            self.guess(line.line, f"took {_quote(heading)} as a section heading{described}")
        self.sections.append(_Draft(heading, line.line))

    def _current_heading(self) -> str:
        return _fold(self.sections[-1].heading) if self.sections else ""

    # Tables.

    def _table(self, grid: Grid) -> bool:
        """Read a table of actions or of updates to earlier ones; False for any other table."""
        heading = self._current_heading()
        header = [_fold(cell).rstrip(":") for cell in grid.rows[0]]
        columns = _columns(header, ACTION_COLUMNS)
        carried_columns = _columns(header, CARRIED_COLUMNS)
        if "reference" in carried_columns and "status" in carried_columns:
            self._carried(grid, carried_columns)
        elif "action" in columns and {"owner", "deadline"} & set(columns):
            self._actions(grid, columns)
        elif heading in ACTIONS_HEADINGS or heading in CARRIED_HEADINGS:
            raise self.error(
                f"the table under {self.sections[-1].heading!r} has no Action column, or no "
                "Owner or Deadline column; its first row should name the columns, like "
                "Agreed approach | Person taking this on | Deadline",
                grid.line,
            )
        else:
            self.guess(grid.line, "kept a table as it is, inside the section")
            return False
        if self.sections and heading in ACTIONS_HEADINGS | CARRIED_HEADINGS:
            self.sections[-1].held_actions = True
        return True

    def _row_line(self, grid: Grid, index: int) -> int:
        return grid.row_lines[index] if index < len(grid.row_lines) else grid.line

    def _actions(self, grid: Grid, columns: list[str | None]) -> None:
        titles = ", ".join(
            f"{title} as {name.title()}"
            for title, name in zip(grid.rows[0], columns, strict=True)
            if name
        )
        under = f"the table under {self.sections[-1].heading!r}" if self.sections else "a table"
        self.guess(grid.line, f"read {under} as the actions, with columns {titles}")
        rows: list[tuple[int, dict[str, str], list[str]]] = []
        for index, cells in enumerate(grid.rows[1:], start=1):
            line = self._row_line(grid, index)
            named = {name: cell.strip() for name, cell in zip(columns, cells, strict=False) if name}
            extra = [
                f"{grid.rows[0][i] if i < len(grid.rows[0]) else 'an extra cell'}: {cell}"
                for i, cell in enumerate(cells)
                if (i >= len(columns) or columns[i] is None) and cell.strip()
            ]
            if not named.get("action"):
                if any(cell.strip() for cell in cells):
                    self._to_check(f"{self.at(line)}, a row of the actions table with no "
                                   "action: " + " | ".join(cells), line)  # fmt: skip
                continue
            rows.append((line, named, extra))
        numbers = [_action_number(named) for _, named, _ in rows]
        taken = {action.number for action in self.actions}
        renumber = (
            None in numbers or len(set(numbers)) != len(numbers) or bool(taken & set(numbers))
        )
        if renumber and rows:
            self.guess(grid.line, "numbered the actions 1, 2, 3… in the order of the table")
        first = max((a.number for a in self.actions), default=0)
        for position, ((line, named, extra), number) in enumerate(
            zip(rows, numbers, strict=True), start=1
        ):
            number = first + position if renumber or number is None else number
            self.actions.append(self._action(number, named, line))
            for cell in extra:
                self._to_check(f"Action {number}, {cell}", line)

    def _action(self, number: int, named: dict[str, str], line: int) -> AgreedAction:
        text = named["action"]
        leading = _LEADING_NUMBER.match(text)
        if leading and ("number" not in named or leading["number"] == named["number"].rstrip(".")):
            text = leading["text"]
        deadline, status = named.get("deadline", ""), "open"
        written = named.get("status", "")
        if written:
            status = STATUSES.get(_fold(written), "")
            if not status:
                status = "open"
                self._to_check(f"Action {number}: its status was written {written!r}", line)
                self.guess(line, f"did not understand the status {written!r}; set it to open")
        else:
            deadline, status = self._deadline_and_status(deadline, line)
        return AgreedAction(
            number=number,
            text=self.checked(" ".join(text.split()), line),
            owner=self.checked(" ".join(named.get("owner", "").split()), line),
            deadline=self.checked(" ".join(deadline.split()), line),
            status=status,
            sensitivity=self._sensitivity(named.get("sensitivity", ""), line),
        )

    def _deadline_and_status(self, cell: str, line: int) -> tuple[str, str]:
        folded = _fold(cell)
        if folded in _CELL_STATUSES:
            status = STATUSES[folded]
            self.guess(line, f"read {_quote(cell)} in the Deadline column as status {status}, "
                             "with no deadline")  # fmt: skip
            return "", status
        match = _STATUS_SUFFIX.match(cell)
        if match and match["deadline"].strip():
            deadline, status = match["deadline"].strip(), STATUSES[_fold(match["status"])]
            self.guess(line, f"read {_quote(cell)} as deadline {deadline}, status {status}")
            return deadline, status
        return cell, "open"

    def _sensitivity(self, value: str, line: int) -> str:
        try:
            return parse_sensitivity(value, line)
        except NotesFormatError as error:
            raise self.error(error.message, line) from None

    def _carried(self, grid: Grid, columns: list[str | None]) -> None:
        self.guess(grid.line, "read a table as the updates to actions from previous meetings")
        for index, cells in enumerate(grid.rows[1:], start=1):
            line = self._row_line(grid, index)
            named = {name: cell.strip() for name, cell in zip(columns, cells, strict=False) if name}
            if not any(cell.strip() for cell in cells):
                continue
            try:
                reference = parse_reference(named.get("reference", ""), line)
            except NotesFormatError as error:
                raise self.error(error.message, line) from None
            written = named.get("status", "")
            status = STATUSES.get(_fold(written)) or "open"
            if written and _fold(written) not in STATUSES:
                self._to_check(f"{reference}: its status was written {written!r}", line)
                self.guess(line, f"did not understand the status {written!r}; set it to open")
            self.carried.append(
                CarriedAction(
                    reference=reference,
                    text=self.checked(named.get("action", ""), line),
                    owner=self.checked(named.get("owner", ""), line),
                    deadline=self.checked(named.get("deadline", ""), line),
                    status=status,
                    note=self.checked(named.get("note", ""), line),
                    sensitivity=self._sensitivity(named.get("sensitivity", ""), line),
                )
            )

    # The end.

    def _to_check(self, text: str, line: int) -> None:
        self.notes_to_check.append(self.checked(_escape_start(" ".join(text.split())), line))

    def finish(self, default_group: str | None) -> tuple[Notes, list[str]]:
        for line in self.pending:
            # A heading with nothing after it is not a heading: keep it as text.
            if line.heading:
                self._open_section(line)
            elif self.sections:
                self.sections[-1].blocks.append(line)
            else:
                self.unplaced.append(line)
        self.pending = []
        date = self.date or self._date_from_filename()
        group = default_group or ""
        if not group:
            raise NotesFormatError(
                "no group: choose the group these notes belong to", field="group"
            )
        sections = [self._section(draft) for draft in self.sections]
        kept = [section for section in sections if section is not None]
        if self.unplaced or self.notes_to_check:
            body = "\n\n".join(filter(None, [self._body(self.unplaced), *self.notes_to_check]))
            kept.insert(0, Section(TO_CHECK_HEADING, body, to_check=True))
        notes = Notes(
            group=group,
            date=date,
            attendees=self._attendees(),
            sections=tuple(kept),
            actions=tuple(sorted(self.actions, key=lambda action: action.number)),
            carried=tuple(self.carried),
            next_meetings=tuple(self.next_meetings),
        )
        return notes, [text for _, text in sorted(self.guesses, key=lambda pair: pair[0])]

    def _date_from_filename(self) -> datetime.date:
        match = _FILENAME_DATE.search(self.source.filename)
        if match is None:
            raise NotesFormatError(
                "could not find the meeting's date: put a line like "
                "'Meeting notes: 25 January 2022' at the top, or the date in the file's name "
                "like 2022-01-25-notes.txt",
                field="date",
            )
        try:
            date = datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise NotesFormatError(
                f"{match.group(0)!r} in the file's name is not a real date", field="date"
            ) from None
        self.guesses.append((0, f"took the meeting's date, {date:%-d %B %Y}, from the file name"))
        return date

    def _section(self, draft: _Draft) -> Section | None:
        body = self._body(draft.blocks)
        heading, to_check = draft.heading, False
        if _fold(heading) in RESERVED_HEADINGS or (draft.held_actions and body):
            if draft.held_actions and not body:
                return None
            heading, to_check = f"{heading} (to check)", True
            self.guess(
                draft.line,
                f"the text under {_quote(draft.heading)} is not a table of actions; "
                "kept it as a section to check",
            )
        elif draft.held_actions:
            return None
        return Section(heading, body, kind=guess_kind(heading), to_check=to_check)

    def _body(self, blocks: list[Block]) -> str:
        """Markdown for a section's blocks: paragraphs, nested lists and tables."""
        chunks: list[str] = []
        items: list[str] = []
        widths: list[int] = []
        counters: list[int] = []
        for block in blocks:
            if isinstance(block, Item):
                depth = min(block.depth, len(widths))
                before = counters[depth] if len(counters) > depth else 0
                del widths[depth:]
                del counters[depth:]
                number = block.number if block.number is not None else before + 1
                marker = f"{number}." if block.ordered else "-"
                text = self.checked(_escape_start(" ".join(block.text.split())), block.line)
                items.append(" " * sum(widths) + f"{marker} {text}")
                widths.append(len(marker) + 1)
                counters.append(number if block.ordered else 0)
                continue
            if items:
                chunks.append("\n".join(items))
                items, widths, counters = [], [], []
            if isinstance(block, Line):
                text = " ".join(block.text.split())
                if block.heading >= 3:
                    chunks.append(
                        "#" * min(block.heading, 6) + " " + self.checked(text, block.line)
                    )
                elif text:
                    chunks.append(self.checked(_escape_start(text), block.line))
            else:
                chunks.append(self._markdown_table(block))
        if items:
            chunks.append("\n".join(items))
        return "\n\n".join(chunks)

    def _markdown_table(self, grid: Grid) -> str:
        width = max(len(row) for row in grid.rows)
        rows = [[" ".join(cell.split()) for cell in row] + [""] * (width - len(row))
                for row in grid.rows]  # fmt: skip
        for index, row in enumerate(rows):
            for cell in row:
                self.checked(cell, self._row_line(grid, index))
        return markdown_table(rows[0], rows[1:]).rstrip("\n")

    def _attendees(self) -> tuple[Attendee, ...]:
        for name, role, line in self.role_labels:
            person = next((p for p in self.people if _fold(p.name) == _fold(name)), None)
            if person is None:
                person = _Person(name, "present", line)
                self.people.append(person)
                self.guess(line, f"{name} was not listed as present; added them as present")
            person.roles.add(role)
        chair_taken = False
        attendees = []
        for person in sorted(self.people, key=lambda p: ATTENDANCE_ORDER.index(p.status)):
            there = person.status in ("present", "guest")
            if person.roles and not there:
                self.guess(person.line, f"{person.name} was not there, so their role in "
                                        "brackets was not recorded")  # fmt: skip
            role = ""
            if there and "chair" in person.roles and not chair_taken:
                role, chair_taken = "chair", True
            elif there and person.roles & {"chair", "co_chair"}:
                role = "co_chair"
                if "chair" in person.roles:
                    self.guess(person.line, f"a second chair, {person.name}, became a co-chair")
            attendees.append(
                Attendee(
                    name=person.name,
                    status=person.status,
                    role=role,
                    takes_notes=there and "notes" in person.roles,
                    introduction=person.introduction if person.status == "guest" else "",
                )
            )
        return tuple(attendees)


_ROLE_WORDS = {"chair": "chairing", "co_chair": "co-chairing", "notes": "taking the notes"}


def _columns(header: list[str], columns: dict[str, tuple[str, ...]]) -> list[str | None]:
    """What each column of a table holds; a column named twice counts once."""
    names: list[str | None] = []
    for title in header:
        name = next((key for key, aliases in columns.items() if title in aliases), None)
        names.append(None if name in names else name)
    return names


def _action_number(named: dict[str, str]) -> int | None:
    written = named.get("number", "").rstrip(".")
    if not written:
        leading = _LEADING_NUMBER.match(named.get("action", ""))
        written = leading["number"] if leading else ""
    return int(written) if written.isdigit() and 0 < int(written) <= 9999 else None


def _escape_start(text: str) -> str:
    """Keep a line of plain text from starting a Markdown heading or code block."""
    if text.startswith(("#", "```", "~~~")):
        return "\\" + text
    return text


def _split_outside_brackets(text: str, separators: re.Pattern[str]) -> list[str]:
    """Split a list of names, but not inside brackets: "Jo (chair, notes), Sam"."""
    # Mask bracketed text so the separators only match outside it.
    pieces, start, depth = [], 0, 0
    masked = []
    for char in text:
        if char == "(":
            depth += 1
        masked.append("\0" if depth and char not in "()" else char)
        if char == ")":
            depth = max(depth - 1, 0)
    for match in separators.finditer("".join(masked)):
        pieces.append(text[start : match.start()])
        start = match.end()
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _guest_entries(value: str) -> list[str]:
    """Guests with introductions: "Jo (a researcher), Sam", or one "Jo – a researcher, …"."""
    if ";" in value:
        return [part for part in (p.strip() for p in value.split(";")) if part]
    _, bracket = _name_and_bracket(value)
    if not bracket and _GUEST_SEPARATOR.search(value):
        return [value]
    return _split_outside_brackets(value, re.compile(r"\s*,\s*"))


def _partition_guest(entry: str) -> tuple[str, str, str]:
    match = _GUEST_SEPARATOR.search(entry)
    if match is None:
        return entry, "", ""
    return entry[: match.start()], match.group(0), entry[match.end() :]


def _name_and_bracket(entry: str) -> tuple[str, str]:
    """ "Graham Hart (chair)" → ("Graham Hart", "chair")."""
    match = re.fullmatch(r"(?P<name>[^()]*?)\s*\((?P<bracket>.*)\)\s*", entry)
    if match is None:
        return entry, ""
    return match["name"].strip(), match["bracket"].strip()
