"""What a table's columns hold: from the words of its header row, or else from its cells.

A header row may name the columns in any words and any order ("What was
agreed", "Who", "By when"; "Task", "Lead", "Due"). A table with no header
row is read by what its cells hold: numbers or letters are the reference,
the names of people listed in the same notes are the owner, dates and fuzzy
deadlines are the deadline, status words are the status, and the longest
prose is what was agreed.
"""

import re
from collections.abc import Callable, Sequence

from notesfile.deadlines import MONTHS, SEASONS
from notesfile.reading.placements import fold

ACTIONS_HEADINGS = {
    "actions", "action points", "actions agreed", "agreed actions", "action log", "action list",
    "new actions", "actions arising", "action plan", "summary of actions", "action summary",
}  # fmt: skip
CARRIED_HEADINGS = {
    "actions from previous meetings", "actions from the previous meeting",
    "actions from last meeting", "actions from the last meeting", "previous actions",
    "matters arising", "earlier actions", "outstanding actions", "review of actions",
    "update on actions", "updates on actions", "progress on actions", "action log update",
    "actions from previous meeting", "open actions", "carried over actions",
    "actions carried over", "review of previous actions",
}  # fmt: skip
TABLE_HEADINGS = ACTIONS_HEADINGS | CARRIED_HEADINGS

# The words of a header cell for each column, most particular first.
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "number": ("number", "no", "no.", "#", "num", "item", "ref", "ref.", "reference",
               "action no", "action number", "action ref", "action reference", "id", "label"),
    "owner": ("owner", "who", "lead", "responsible", "by whom", "person taking this on",
              "person responsible", "action owner", "assigned to", "led by", "whose action",
              "people", "person", "owners", "leads", "action by"),
    "deadline": ("deadline", "by when", "due", "due date", "due by", "timescale", "timescales",
                 "timeline", "date", "when", "target date", "target", "deadline date", "by"),
    "status": ("status", "progress", "current status", "rag", "rag status", "done?",
               "progress update", "update", "status update", "state"),
    "note": ("notes", "note", "comments", "comment", "remarks", "notes/comments"),
    "action": ("action", "actions", "agreed approach", "what was agreed", "agreed action",
               "agreed actions", "task", "tasks", "what", "description", "action agreed",
               "actions agreed", "agreed", "decision", "action point", "action points",
               "details", "action description", "what we agreed"),
    "sensitivity": ("sensitivity",),
    "withheld_why": ("why withheld", "why left out"),
    "withheld_until": ("withheld until", "reconsider after"),
}  # fmt: skip
# Header words that hint at a column without naming it outright ("Action owner").
_HINTS = (
    ("owner", ("owner", "who", "responsible", "lead", "person")),
    ("deadline", ("deadline", "when", "due", "timescale", "date")),
    ("status", ("status", "progress")),
    ("note", ("note", "comment")),
    ("number", ("no.", "number", "ref")),
    ("action", ("action", "agreed", "task")),
)  # fmt: skip
_WORD_TO_COLUMN = {word: column for column, words in COLUMN_WORDS.items() for word in words}

STATUS_WORDS = {
    "open": "open", "not started": "open", "to do": "open", "outstanding": "open",
    "pending": "open", "new": "open",
    "in progress": "in_progress", "in hand": "in_progress", "started": "in_progress",
    "underway": "in_progress", "under way": "in_progress", "in_progress": "in_progress",
    "ongoing": "ongoing", "on-going": "ongoing", "continuing": "ongoing",
    "complete": "complete", "completed": "complete", "done": "complete", "closed": "complete",
    "finished": "complete", "achieved": "complete",
    "dropped": "dropped", "cancelled": "dropped", "canceled": "dropped", "withdrawn": "dropped",
    "no longer needed": "dropped", "not needed": "dropped",
    "carried forward": "ongoing", "carried over": "ongoing", "carry forward": "ongoing",
    "superseded": "dropped", "✓": "complete", "✔": "complete", "☑": "complete",
    # A RAG rating: red is not under way, amber and green are, blue is done.
    "red": "open", "amber": "in_progress", "green": "in_progress", "blue": "complete",
}  # fmt: skip
_REFERENCE = re.compile(r"^\(?(?:\d{1,3}|[A-Za-z]|[ivx]{1,4})[.)]?$")
_SEASON = "|".join(SEASONS)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DEADLINE = re.compile(
    rf"\b(?:{_MONTH})\b|\b(?:{_SEASON})\b|\d{{1,2}}[/.]\d{{1,2}}|\b(?:19|20)\d\d\b"
    r"|next meeting|ongoing|asap|tbc|tbd|end of|\b(?:weeks?|months?|years?)\b|today|tomorrow"
    r"|immediately"
    r"|\bq[1-4]\b|as soon as",
    re.IGNORECASE,
)
_NOT_NAMES = {"to", "by", "and", "the", "with", "all", "of", "for", "organise", "lead"}
EVERYONE = {"all", "everyone", "team", "the team", "all members", "allies", "chair"}


def header_columns(row: Sequence[str]) -> list[str | None] | None:
    """The columns a header row names, or None if the row is not a header."""
    names: list[str | None] = []
    for cell in row:
        name = column_of(cell)
        names.append(None if name in names else name)
    found = [name for name in names if name]
    filled = [cell for cell in row if cell.strip()]
    if len(found) < 2 or len(found) * 2 < len(filled):
        return None
    return names


def named_column(cell: str) -> str | None:
    """The column a header cell names outright, in one of the usual words."""
    return _WORD_TO_COLUMN.get(fold(cell).strip(" :?*"))


def column_of(cell: str) -> str | None:
    """The column a header cell names: "Who" → owner, "Action owner" → owner."""
    title = fold(cell).strip(" :?*")
    if title in _WORD_TO_COLUMN:
        return _WORD_TO_COLUMN[title]
    if not title or len(title.split()) > 5:
        return None
    words = re.findall(r"[\w.]+", title)
    for column, hints in _HINTS:
        if any(hint in words or (" " not in hint and title.startswith(hint)) for hint in hints):
            return column
    return None


def status_of(text: str) -> str | None:
    """The status a cell's words name, if that is all it says."""
    return STATUS_WORDS.get(fold(text).strip(" .!"))


def is_deadline(text: str) -> bool:
    return bool(text.strip()) and len(text.split()) <= 8 and bool(_DEADLINE.search(text))


def is_owner(text: str, names: set[str]) -> bool:
    """A short cell naming people listed in the notes: "Lizzie", "Nicc/Graham", "All".

    A name may be shortened ("Nicc" for Niccola) or come with a few words
    ("Lizzie to organise", "Co-ordinated by Nicc").
    """
    folded = fold(text).strip(" .")
    words = re.findall(r"[^\W\d_][\w'’-]*", folded)
    if folded in EVERYONE or (words and words[0] in EVERYONE and len(words) <= 3):
        return True
    if not words or len(words) > 6:
        return False
    # A shortened name is written with its capital: "will" is no "Williams".
    written = re.findall(r"[^\W\d_][\w'’-]*", text)
    return any(
        word.casefold() in names
        or (
            word[:1].isupper()
            and len(word) >= 3
            and any(name.startswith(word.casefold()) for name in names)
        )
        for word in written
        if word.casefold() not in _NOT_NAMES
    )


def content_columns(rows: Sequence[Sequence[str]], names: set[str]) -> list[str | None]:
    """The columns of a table with no header row, from what the cells hold."""
    width = max(len(row) for row in rows)
    columns: list[list[str]] = [
        [row[i].strip() for row in rows if i < len(row) and row[i].strip()] for i in range(width)
    ]
    scores: dict[str, list[float]] = {
        "number": [_share(cells, lambda c: bool(_REFERENCE.match(c))) for cells in columns],
        "owner": [_share(cells, lambda c: _owner_cell(c, names)) for cells in columns],
        "status": [_share(cells, lambda c: status_of(c) is not None) for cells in columns],
        # A deadline column may hold a status ("Complete"); one of dates comes first.
        "deadline": [
            _share(cells, lambda c: _deadline_cell(c) or status_of(c) is not None)
            + _share(cells, lambda c: _deadline_cell(c) and status_of(c) is None) / 2
            for cells in columns
        ],
    }
    chosen: list[str | None] = [None] * width
    # Dates before statuses: a deadline column may hold "Complete" or "Ongoing".
    for name in ("number", "owner", "deadline", "status"):
        # Of two columns that fit as well, the one of shorter cells.
        best = max(
            (i for i in range(width) if chosen[i] is None and columns[i]),
            key=lambda i: (scores[name][i], -sum(len(c) for c in columns[i])),
            default=None,
        )
        if best is not None and scores[name][best] >= 0.6:
            chosen[best] = name
    rest = [i for i in range(width) if chosen[i] is None and columns[i]]
    if rest:
        longest = max(rest, key=lambda i: sum(len(c) for c in columns[i]) / len(columns[i]))
        chosen[longest] = "action"
        for i in rest:
            if i != longest:
                chosen[i] = "note"
    return chosen


def _owner_cell(text: str, names: set[str]) -> bool:
    """An owner's cell: names, never a numbered sentence like the action beside it."""
    return is_owner(text, names) and not re.match(r"^\d+[.)]", text) and not text.endswith(".")


def _deadline_cell(text: str) -> bool:
    """A deadline's cell, never a numbered sentence that happens to name a month ("…in Sep.")."""
    return is_deadline(text) and not re.match(r"^\d+[.)]", text) and not text.endswith(".")


def _share(cells: list[str], test: Callable[[str], bool]) -> float:
    if not cells:
        return 0.0
    return sum(1 for cell in cells if test(cell)) / len(cells)
