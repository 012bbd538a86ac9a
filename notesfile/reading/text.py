"""Loose plain text into blocks: lines, bulleted and numbered items, and tab-separated tables."""

import re

from notesfile.format import NotesFormatError
from notesfile.reading.blocks import Block, Grid, Item, Line, Source
from notesfile.reading.flat import flat_table
from notesfile.reading.sections import is_table_heading
from notesfile.reading.tables import named_column

# Word's manual line break (vertical tab) and page break (form feed) are line
# ends; any other control character means the file is not text.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(content: bytes) -> str:
    """The text of a file: UTF-8 (or UTF-16 with its byte order mark), with lines ending in \\n."""
    if content.startswith(b"%PDF"):
        raise NotesFormatError(
            "this is a PDF: copy its text into a .txt file, or import the Word document"
        )
    if content.startswith(b"PK\x03\x04"):
        raise NotesFormatError("this is a zip archive, not text; a Word document ends in .docx")
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotesFormatError("this is an old Word .doc file: save it as .docx and try again")
    try:
        if content.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = content.decode("utf-16")
        else:
            text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise NotesFormatError(
            "the file is not UTF-8 text: save it as plain text with the UTF-8 encoding",
            line=line,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n")
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise NotesFormatError(
            f"the file is not text: it holds the control character U+{ord(control.group()):04X}",
            line=line,
        )
    if not text.strip():
        raise NotesFormatError("the file is empty")
    return text


_BULLET = re.compile(r"^(?P<indent>[ \t]*)[·•▪◦●○■□➢➤✓*–\uf000-\uf0ff-][ \t]+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?P<indent>[ \t]*)(?P<number>\d{1,2})[.)][ \t]+(?P<text>\S.*)$")
_LONE_BULLET = re.compile(r"^[·•▪◦●○■□➢➤✓\uf000-\uf0ff]+$")
_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_PAGE_BREAKS = {"-", "–", "—", "\f"}
SENTENCE_END = (".", "!", "?", ":", ";")


def text_source(text: str, filename: str = "") -> Source:
    """The blocks of loose plain text: lines, bulleted and numbered items, and tables."""
    lines, aligned = aligned_as_tabs(text.split("\n"))
    blocks: list[Block] = []
    bookmarks: list[int] = []
    page_breaks: list[int] = []
    guesses: list[tuple[int, str]] = [
        (line, f"line {line}: read a table whose columns are lined up with spaces")
        for line in aligned
    ]
    dropped: list[tuple[int, str]] = []
    indents: list[int] = []
    gap = False
    i = 0
    while i < len(lines):
        number = i + 1
        raw = lines[i].rstrip()
        cleaned = _BOOKMARK.sub("", raw)
        if cleaned != raw:
            bookmarks.append(number)
            dropped.extend((number, mark) for mark in _BOOKMARK.findall(raw))
        stripped = cleaned.strip()
        i += 1
        if not stripped:
            gap = True
            continue
        if _LONE_BULLET.match(stripped):
            continue  # a bullet whose text a PDF's text gave elsewhere, or none
        if stripped in _PAGE_BREAKS:
            page_breaks.append(number)
            dropped.append((number, stripped))
            continue
        had_gap, gap = gap, False
        if "\t" not in cleaned and _may_start_table(stripped, blocks):
            found = flat_table(lines, number - 1, _under_actions(blocks))
            if found is not None:
                i, flat = found
                blocks.append(flat)
                guesses.append((number, f"line {number}: rebuilt a table written one cell a line"))
                indents = []
                continue
        bullet = _BULLET.match(cleaned)
        if "\t" in cleaned.strip(" ") and not bullet:
            end, grid = _grid(lines, number - 1)
            if grid is not None:
                blocks.append(grid)
                indents = []
                i = end
                continue
            cleaned = cleaned.replace("\t", " ")
        item = bullet or _NUMBERED.match(cleaned)
        if item:
            ordered = item is not bullet
            blocks.append(
                Item(
                    item["text"].strip(),
                    number,
                    depth=_depth(indents, item["indent"]),
                    ordered=ordered,
                    number=int(item["number"]) if ordered else None,
                )
            )
            continue
        joined = _continued(blocks, stripped, number, guesses)
        if joined is not None:
            blocks[-1] = joined
            continue
        indents = []
        if re.search(r"/[ \t]+$", lines[number - 1]):
            # Text from a PDF keeps the space after a slash at a line's end ("Sarah/ "),
            # so the line after it is joined as the notes wrote it, "Sarah/ Graham".
            stripped += " "
        blocks.append(Line(stripped, number, gap=had_gap))
    if bookmarks:
        removed = "removed Word bookmark marks like '[bookmark: _Hlk…]'"
        guesses.append((bookmarks[0], f"{_lines(bookmarks)}: {removed}"))
    if page_breaks:
        ignored = "ignored lines holding only '-' (page breaks in the Word original)"
        guesses.append((page_breaks[0], f"{_lines(page_breaks)}: {ignored}"))
    return Source(
        tuple(blocks),
        filename=filename,
        unit="line",
        guesses=tuple(guesses),
        dropped=tuple(dropped),
    )


def _may_start_table(text: str, blocks: list[Block]) -> bool:
    """A line that may start a table flattened one cell a line: a column's name, or row 1."""
    if named_column(text):
        return True
    return _under_actions(blocks) and bool(re.match(r"^\(?(?:1|A)(?:[.)]|\s|$)", text))


def _under_actions(blocks: list[Block]) -> bool:
    before = blocks[-1] if blocks else None
    return isinstance(before, Line) and is_table_heading(before.text)


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8]) + ("…" if len(numbers) > 8 else "")
    return f"line {shown}" if len(numbers) == 1 else f"lines {shown}"


def _depth(indents: list[int], indent: str) -> int:
    """How deep a list item is nested, from how far it is indented."""
    width = len(indent.replace("\t", "    "))
    while indents and indents[-1] > width:
        indents.pop()
    if not indents or indents[-1] < width:
        indents.append(width)
    return len(indents) - 1


def _continued(
    blocks: list[Block], text: str, number: int, guesses: list[tuple[int, str]]
) -> Item | Line | None:
    """A line starting in lower case that carries on the list item (or long line) before it."""
    if not blocks or not text[0].islower():
        return None
    before = blocks[-1]
    if isinstance(before, Item):
        guesses.append((number, f"line {number}: joined {text[:40]!r}… to the list item before it"))
        return Item(before.text + " " + text, before.line, before.depth, before.ordered,
                    before.number)  # fmt: skip
    if not isinstance(before, Line) or before.heading or before.title:
        return None
    if len(before.text.split()) > 12 and not before.text.endswith(SENTENCE_END):
        guesses.append((number, f"line {number}: joined {text[:40]!r}… to the line before it"))
        return Line(before.text + " " + text, before.line, gap=before.gap)
    return None


_ALIGNED = re.compile(r"(?<=\S) {3,}(?=\S)")


def aligned_as_tabs(lines: list[str]) -> tuple[list[str], list[int]]:
    """The lines with a table lined up with spaces written with tabs, and where each table starts.

    Text copied from an email or a fixed-width page lines its columns up with
    spaces ("Action      Owner   Due"). A run of lines each with wide gaps,
    the first of which names the columns, is such a table; its gaps become
    tabs, as Word writes a table saved as text.
    """
    lines = list(lines)
    starts: list[int] = []
    i = 0
    while i < len(lines):
        end = i
        while end < len(lines) and "\t" not in lines[end] and _ALIGNED.search(lines[end].strip()):
            end += 1
        header = _ALIGNED.split(lines[i].strip()) if end > i else []
        names = [named_column(cell) for cell in header]
        if end - i >= 2 and sum(1 for name in names if name) >= 2:
            for index in range(i, end):
                lines[index] = _ALIGNED.sub("\t", lines[index].strip())
            starts.append(i + 1)
        i = max(end, i + 1)
    return lines, starts


def _grid(lines: list[str], start: int) -> tuple[int, Grid | None]:
    """A table from `start`: tab-separated rows, or one cell per tab-indented line.

    Word saves a table as text in one of two ways: each row on a line with tabs
    between the cells, or each cell on its own line starting with a tab, with a
    blank line after each row. Returns where the table ends, and the table (None
    if fewer than two rows were found there).
    """
    end = start
    while end < len(lines):
        line = _BOOKMARK.sub("", lines[end].rstrip())
        if line.strip() and ("\t" not in line.strip(" ") or _BULLET.match(line)):
            break
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    rows: list[tuple[str, ...]] = []
    row_lines: list[int] = []
    cells: list[str] = []
    for index in range(start, end):
        # Trailing tabs are kept: they hold the empty cells at the end of a row.
        line = _BOOKMARK.sub("", lines[index]).strip(" ")
        if line == "\t" and cells:
            cells.append("")  # an empty cell, written as a tab alone
            continue
        one_cell = line.startswith("\t") and "\t" not in line.lstrip("\t")
        if cells and (not line.strip() or not one_cell):
            rows.append(tuple(cells))
            cells = []
        if not line.strip():
            continue
        if one_cell:
            if not cells:
                row_lines.append(index + 1)
            cells.append(line.strip())
        else:
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
            row_lines.append(index + 1)
    if cells:
        rows.append(tuple(cells))
    if len(rows) < 2:
        return start + 1, None
    return end, Grid(tuple(rows), row_lines[0], tuple(row_lines))
