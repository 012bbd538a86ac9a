"""Tables flattened into text, rebuilt into rows and cells.

Word's "save as text", copy and paste and PDF text extraction turn a table
into one cell per line, with or without blank lines between the cells, and
with a long cell broken over several lines. The header words ("Agreed
approach", "Who", "Deadline") tell how many columns there are and what each
holds; the row numbers (1, 2, 3 or A, B, C) at the start of each row tell
where a row begins; what the cells hold tells which lines belong together.
"""

import itertools
import re
from dataclasses import dataclass

from notesfile.reading.blocks import Grid
from notesfile.reading.placements import fold
from notesfile.reading.tables import (
    TABLE_HEADINGS,
    column_of,
    is_deadline,
    named_column,
    status_of,
)

_MARKER = re.compile(r"^\(?(?P<marker>\d{1,3}|[A-Z])(?:[.)]\s*|\s+|$)")
_SENTENCE_END = (".", "!", "?", ";")
_EVERYONE = {"all", "everyone", "team", "the team", "all members"}
# A row may run over this many lines more than it has columns.
_MOST_EXTRA = 5


@dataclass(frozen=True)
class _Cell:
    index: int  # where the line is in the file, from 0
    text: str
    gap: bool  # a blank line stands before it


def flat_table(lines: list[str], start: int, under_actions: bool) -> tuple[int, Grid] | None:
    """A table flattened one cell per line from `start`, and where it ends; None if none is."""
    header, at = _header(lines, start)
    if header:
        columns = [column_of(cell.text) for cell in header]
        rows, end = _rows(_cells(lines, at), columns)
        if not rows:
            return None
        grid_rows = [tuple(cell.text for cell in header), *(cells for cells, _ in rows)]
        row_lines = [header[0].index + 1, *(line for _, line in rows)]
        return end, Grid(tuple(grid_rows), row_lines[0], tuple(row_lines))
    if under_actions:
        return _numbered(lines, start)
    return None


def _header(lines: list[str], start: int) -> tuple[list[_Cell], int]:
    """The header cells from `start`, one a line: at least two, each naming another column."""
    cells: list[_Cell] = []
    seen: set[str] = set()
    i, gap = start, False
    while i < len(lines):
        text = lines[i].strip()
        if not text:
            gap, i = True, i + 1
            continue
        column = named_column(text) if "\t" not in text else None
        if column is None or column in seen:
            break
        seen.add(column)
        cells.append(_Cell(i, text, gap))
        gap, i = False, i + 1
    if len(cells) < 2 or not ({"action"} & seen or len(cells) >= 3):
        return [], start
    # A header is its own lines; an ordinary line of text is never two column names.
    return cells, i


def _cells(lines: list[str], at: int) -> list[_Cell]:
    cells, gap = [], False
    for index in range(at, len(lines)):
        text = lines[index].strip()
        if not text:
            gap = True
            continue
        cells.append(_Cell(index, text, gap))
        gap = False
    return cells


def _rows(
    body: list[_Cell], columns: list[str | None]
) -> tuple[list[tuple[tuple[str, ...], int]], int]:
    """Rows of cells read from the body lines while they fit the columns; and where they end."""
    rows: list[tuple[tuple[str, ...], int]] = []
    width = len(columns)
    first = _MARKER.match(body[0].text) if body else None
    expected = first["marker"] if first else ""
    # Blank lines between the cells, but none inside one.
    blank_cells = sum(cell.gap for cell in body[1 : 2 * width]) >= width - 1
    p, end = 0, 0
    while p < len(body):
        limit = len(body)
        if expected:
            if not _starts(body[p].text, expected):
                break
            following = _following(expected)
            later = range(p + 1, len(body))
            limit = next((q for q in later if _starts(body[q].text, following)), len(body))
        best = _best_row(body, p, limit, columns, blank_cells, numbered=bool(expected))
        if best is None or best[2] < (0 if expected else 1):
            break
        cells, used, _ = best
        rows.append((cells, body[p].index + 1))
        p += used
        end = body[p - 1].index + 1
        if expected:
            expected = _following(expected)
    return rows, end


def _starts(text: str, marker: str) -> bool:
    match = _MARKER.match(text)
    return match is not None and match["marker"] == marker


def _following(marker: str) -> str:
    return str(int(marker) + 1) if marker.isdigit() else chr(ord(marker) + 1)


def _best_row(
    body: list[_Cell],
    p: int,
    limit: int,
    columns: list[str | None],
    blank_cells: bool,
    numbered: bool,
) -> tuple[tuple[str, ...], int, float] | None:
    """The best way to read the lines from `p` as one row: its cells, lines used and score."""
    width = len(columns)
    best: tuple[tuple[str, ...], int, float] | None = None
    most = min(limit - p, width + _MOST_EXTRA)
    for used in range(width, most + 1):
        for sizes in _splits(used, width):
            groups, q = [], p
            for size in sizes:
                groups.append(body[q : q + size])
                q += size
            if blank_cells and not _blank_separated(groups):
                continue
            score = sum(_fit(group, column) for group, column in zip(groups, columns, strict=True))
            score -= 0.25 * (used - width)
            if numbered and limit < len(body) and used < limit - p:
                score -= 3  # lines before the next row number belong to this row
            cells = tuple(" ".join(c.text for c in group) for group in groups)
            if best is None or score > best[2]:
                best = (cells, used, score)
    return best


def _blank_separated(groups: list[list[_Cell]]) -> bool:
    """Each cell after the first starts after a blank line, and none has one inside."""
    return all(group[0].gap for group in groups[1:]) and not any(
        cell.gap for group in groups for cell in group[1:]
    )


def _splits(total: int, parts: int) -> list[tuple[int, ...]]:
    """Every way to cut `total` lines into `parts` groups of at least one line."""
    if parts == 1:
        return [(total,)]
    return [
        (first, *rest)
        for first in range(1, total - parts + 2)
        for rest in _splits(total - first, parts - 1)
    ]


def _fit(group: list[_Cell], column: str | None) -> float:
    """How well a few lines read as one cell of a column: more is better, below 0 is unlikely."""
    text = " ".join(c.text for c in group)
    if any(named_column(c.text) or fold(c.text) in TABLE_HEADINGS for c in group):
        return -4  # the header of the next table, or its heading
    joins = 0.0
    for before, after in itertools.pairwise(group):
        if column in ("action", "note", None):
            if after.text[:1].islower():
                joins += 0.6
            else:
                joins += 0.2 if not before.text.endswith(_SENTENCE_END) else -1
        else:
            joins -= 1.5
        if after.gap:
            joins -= 1
    words = text.split()
    if column == "number":
        return joins + (2 if re.fullmatch(r"\(?(?:\d{1,3}|[A-Za-z])[.)]?", text) else -5)
    if column == "owner":
        folded = " ".join(words).casefold()
        if folded in _EVERYONE or (len(words) <= 4 and all(w[:1].isupper() for w in words)):
            return joins + 2
        return joins + (1 if words and words[0][:1].isupper() and len(words) <= 6 else -2)
    if column in ("deadline", "status"):
        if status_of(text) is not None or is_deadline(text):
            return joins + 2
        return joins + (0 if len(words) <= 4 else -2)
    return joins


def _numbered(lines: list[str], start: int) -> tuple[int, Grid] | None:
    """A table with no header under an actions heading: rows start 1, 2, 3 or A, B, C."""
    body = _cells(lines, start)
    if not body or not (_starts(body[0].text, "1") or _starts(body[0].text, "A")):
        return None
    first = _MARKER.match(body[0].text)
    expected = first["marker"] if first else "1"
    starts = []
    for q, cell in enumerate(body):
        if _starts(cell.text, expected):
            starts.append(q)
            expected = _following(expected)
    if len(starts) < 2:
        return None
    counts = [b - a for a, b in itertools.pairwise(starts)]
    width = min(counts)
    if width < 3:
        return None
    rows: list[tuple[str, ...]] = []
    row_lines: list[int] = []
    end = start
    for n, a in enumerate(starts):
        b = starts[n + 1] if n + 1 < len(starts) else min(a + width, len(body))
        if n + 1 == len(starts):
            while b < len(body) and body[b].text[:1].islower() and not body[b].gap:
                b += 1
        group = body[a:b]
        if len(group) < width:
            return None
        extra = len(group) - width
        text = " ".join(c.text for c in group[: extra + 1])
        rows.append((text, *(c.text for c in group[extra + 1 :])))
        row_lines.append(group[0].index + 1)
        end = group[-1].index + 1
    return end, Grid(tuple(rows), row_lines[0], tuple(row_lines))
