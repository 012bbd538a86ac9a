"""The rows of an actions table as actions: agreed at this meeting, or earlier and updated."""

import re

from notesfile.format import NotesFormatError
from notesfile.format import _reference as parse_reference
from notesfile.format import _sensitivity as parse_sensitivity
from notesfile.notes import AgreedAction, CarriedAction
from notesfile.reading.blocks import Grid
from notesfile.reading.placements import Log, checked, fold, quote
from notesfile.reading.tables import status_of

_LEADING_NUMBER = re.compile(r"^(?P<number>\d{1,4})[.)]\s+(?P<text>.*)$")
_LEADING_LETTER = re.compile(r"^(?P<number>[A-Z])[.)]\s+(?P<text>.*)$")
# A deadline cell may end with a status: "25 Jan – complete".
_STATUS_SUFFIX = re.compile(
    r"^(?P<deadline>.*?)\s*(?:[–—-]\s*|\(\s*)"
    r"(?P<status>complete|completed|done|dropped|in progress|ongoing|closed)\s*\)?\s*$",
    re.IGNORECASE,
)
_WORDS = {"open": "open", "in_progress": "in progress", "ongoing": "ongoing",
          "complete": "complete", "dropped": "dropped"}  # fmt: skip


Row = tuple[int, dict[str, str], list[str]]


def title_rows(grid: Grid) -> tuple[Grid, list[tuple[int, str]]]:
    """A table without its rows of one cell merged across it, and those rows' lines and text.

    Secretaries group the actions of a table under a title row merged across
    it ("Actions from the finance item"); Word gives such a row one cell. It
    names no action, so it is kept as text to check.
    """
    width = max(len(row) for row in grid.rows)
    if width < 3:
        return grid, []
    kept, lines, titles = [], [], []
    for index, row in enumerate(grid.rows):
        if index and len(row) == 1 and row[0].strip():
            titles.append((grid.row_line(index), row[0].strip()))
            continue
        kept.append(row)
        lines.append(grid.row_line(index))
    if not titles:
        return grid, []
    return Grid(tuple(kept), grid.line, tuple(lines)), titles


def rows_of(grid: Grid, columns: list[str | None], header: bool) -> list[Row]:
    """Each row with a cell in it: its line, its cells by column, and cells of no column."""
    titles = grid.rows[0] if header else ()
    rows = []
    for index, cells in enumerate(grid.rows[1:] if header else grid.rows, start=int(header)):
        if not any(cell.strip() for cell in cells):
            continue
        named = {name: cell.strip() for name, cell in zip(columns, cells, strict=False) if name}
        extra = [
            f"{titles[i] if i < len(titles) and titles[i] else 'an extra cell'}: {cell}"
            for i, cell in enumerate(cells)
            if (i >= len(columns) or columns[i] is None) and cell.strip()
        ]
        rows.append((grid.row_line(index), named, extra))
    return rows


def agreed_actions(rows: list[Row], first: int, log: Log, line: int) -> list[AgreedAction]:
    """The actions agreed, numbered as the table numbers them, or 1, 2, 3… after `first`."""
    kept = []
    for row_line, named, extra in rows:
        if not named.get("action"):
            cells = " | ".join([*named.values(), *extra])
            written = f"{log.at(row_line)}, a row of the actions table with no action: {cells}"
            log.to_check.append(checked(written, row_line, log))
            log.place(row_line, " ".join([*named.values(), *extra]), "to check", True)
            continue
        kept.append((row_line, named, extra))
    numbers = [_number(named) for _, named, _ in kept]
    renumber = (
        None in numbers
        or len(set(numbers)) != len(numbers)
        or any(n is not None and n <= first for n in numbers)
    )
    if renumber and kept:
        log.guess(line, "numbered the actions 1, 2, 3… in the order of the table")
    actions = []
    for position, ((row_line, named, extra), number) in enumerate(
        zip(kept, numbers, strict=True), start=1
    ):
        number = first + position if renumber or number is None else number
        actions.append(_action(number, named, row_line, log))
        log.place(row_line, " ".join(named.values()), f"action {number}")
        for cell in extra:
            written = " ".join(f"Action {number}, {cell}".split())
            log.to_check.append(checked(written, row_line, log))
            log.place(row_line, cell.split(": ", 1)[-1], f"action {number}, to check", True)
    return actions


def _action(number: int, named: dict[str, str], line: int, log: Log) -> AgreedAction:
    text = named["action"]
    leading = _LEADING_NUMBER.match(text)
    if leading and ("number" not in named or leading["number"] == named["number"].rstrip(".")):
        text = leading["text"]
    deadline, status = named.get("deadline", ""), "open"
    written = named.get("status", "")
    if written:
        status = status_of(written) or ""
        if not status:
            status = "open"
            log.to_check.append(
                checked(f"Action {number}: its status was written {written!r}", line, log)
            )
            log.guess(line, f"did not understand the status {written!r}; set it to open")
    else:
        deadline, status = deadline_and_status(deadline, line, log, alone_is_status=False)
    return AgreedAction(
        number=number,
        text=checked(" ".join(text.split()), line, log),
        owner=checked(" ".join(named.get("owner", "").split()), line, log),
        deadline=checked(" ".join(deadline.split()), line, log),
        status=status,
        sensitivity=sensitivity(named.get("sensitivity", ""), line, log),
    )


def deadline_and_status(cell: str, line: int, log: Log, alone_is_status: bool) -> tuple[str, str]:
    """A deadline cell that may hold a status: "Complete", "25 Jan – complete".

    "Ongoing" alone is a deadline of an action agreed now, but the status of an
    earlier one (`alone_is_status`).
    """
    status = status_of(cell)
    if status and (alone_is_status or status not in ("ongoing", "open")):
        log.guess(line, f"read {quote(cell)} in the Deadline column as status "
                        f"{_WORDS[status]}, with no deadline")  # fmt: skip
        return "", status
    match = _STATUS_SUFFIX.match(cell)
    if match and match["deadline"].strip():
        deadline, status = match["deadline"].strip(), status_of(match["status"]) or "open"
        log.guess(line, f"read {quote(cell)} as deadline {deadline}, status {_WORDS[status]}")
        return deadline, status
    return cell, "open"


def carried_actions(rows: list[Row], log: Log) -> list[CarriedAction]:
    """The earlier actions a table updates: lettered, numbered or referenced by date."""
    carried = []
    for line, named, extra in rows:
        written = named.get("reference", "") or named.get("number", "")
        reference = None
        label = written.strip().rstrip(".)").lstrip("(")
        if re.match(r"^\d{4}-\d{2}-\d{2}\s*#", written):
            try:
                reference = parse_reference(written, line)
            except NotesFormatError as error:
                raise log.error(error.message, line) from None
            label = ""
        text = named.get("action", "")
        leading = _LEADING_NUMBER.match(text) or _LEADING_LETTER.match(text)
        if leading and not label:
            label, text = leading["number"], leading["text"]
        status_cell, deadline = named.get("status", ""), named.get("deadline", "")
        status = status_of(status_cell) if status_cell else None
        note = named.get("note", "")
        if status_cell and status is None:
            # "Done – report sent": the status first, then a note.
            first = re.split(r"\s*[–—:;,-]\s*", status_cell, maxsplit=1)
            status = status_of(first[0])
            if status and len(first) > 1:
                note = "; ".join(filter(None, [note, first[1]]))
            elif status is None:
                note = "; ".join(filter(None, [note, status_cell]))
                log.guess(line, f"did not understand the status {status_cell!r}; "
                                "kept it as a note and set it to open")  # fmt: skip
                status = "open"
        if status is None:
            deadline, status = deadline_and_status(deadline, line, log, alone_is_status=True)
        note = "; ".join(filter(None, [note, *extra]))
        carried.append(
            CarriedAction(
                reference=reference,
                text=checked(" ".join(text.split()), line, log),
                owner=checked(" ".join(named.get("owner", "").split()), line, log),
                deadline=checked(" ".join(deadline.split()), line, log),
                status=status,
                note=checked(" ".join(note.split()), line, log),
                sensitivity=sensitivity(named.get("sensitivity", ""), line, log),
                label=label,
            )
        )
        went = f"earlier action {label}" if label else f"earlier action {reference or len(carried)}"
        log.place(line, " ".join([*named.values(), *extra]), went)
    return carried


def _number(named: dict[str, str]) -> int | None:
    written = named.get("number", "").strip().rstrip(".)")
    if not written:
        leading = _LEADING_NUMBER.match(named.get("action", ""))
        written = leading["number"] if leading else ""
    return int(written) if written.isdigit() and 0 < int(written) <= 9999 else None


def sensitivity(value: str, line: int, log: Log) -> str:
    try:
        return parse_sensitivity(value, line)
    except NotesFormatError as error:
        raise log.error(error.message, line) from None


def is_status_word(text: str) -> bool:
    return fold(text) in _WORDS.values()
