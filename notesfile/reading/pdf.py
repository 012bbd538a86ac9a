"""A PDF into blocks: its text in reading order, headings, list items and tables.

A PDF holds characters placed on pages, not paragraphs. The lines of each
page are read (pdfplumber), tables apart (its table finder, from the ruled
lines around the cells); then the page furniture is dropped (furniture.py),
the lines a paragraph was broken into are joined back, headings are known by
their larger or bold type, and a table that goes on over a page break is made
one again.
"""

import io
import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from notesfile.deadlines import MONTHS
from notesfile.format import NotesFormatError
from notesfile.reading.furniture import PageLine, find_furniture
from notesfile.reading.loose import Block, Grid, Item, Line, Source
from notesfile.reading.tables import COLUMN_WORDS, STATUS_WORDS
from notesfile.reading.text import SENTENCE_END

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
# Word's bullets come out of a PDF as symbol-font characters of its private area.
_BULLETS = "[·•▪◦●○■□➢➤✓*–-]|[\uf0a7\uf0b7\uf076\uf0d8\uf0fc]"
_BULLET = re.compile(rf"^(?P<mark>{_BULLETS})\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?P<number>\d{1,2})[.)]\s+(?P<text>\S.*)$")
_MARKER = re.compile(rf"^(?:{_BULLETS}|\d{{1,2}}[.)]|[a-z][.)])$")
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}|[A-Za-z])[.)]\s")
# A line broken after a hyphen inside a word ("Hutchinson-" / "Pascal"): the
# layout broke it there, and no space was lost. After a slash ("Sarah/" /
# "Graham") there may have been a space or not; the file's other slashes tell.
_CONTINUED_WORD = re.compile(r"\w[-\u2010\u00ad]$")
_SLASH_END = re.compile(r"\w/$")
_SLASH_BREAK = "\x00"
# A word broken at a hyphen may be hyphenated ("Co-" / "production") or have
# been broken by the layout ("organi-" / "sations"): the file's other words tell.
_HYPHEN_BREAK = "\x01"
_BROKEN_WORD = re.compile(r"(\w+)([-\u2010\u00ad])\x01(\w+)")
# A word too long for a narrow column is broken inside it, with no hyphen
# ("Septembe" / "r 2020", "14/05/20" / "18"): a line of one word that goes on
# in the same kind of character may be one. The spaces the file writes and
# its other words tell (see _breaks).
_INSIDE_BREAK = "\x02"
_BROKEN_INSIDE = re.compile(r"[^\s\x00-\x02]+(?:\x02[^\s\x00-\x02]+)+")
# Words that notes use in narrow columns, known even where the file writes them nowhere else.
_VOCABULARY = {
    word
    for phrase in (*MONTHS, *STATUS_WORDS, *(w for ws in COLUMN_WORDS.values() for w in ws),
                   "next meeting", "end of", "and", "or", "tbc", "asap")
    for word in re.findall(r"[\w-]+", phrase)
}  # fmt: skip
_SPLIT_LINK = re.compile(r"\[([^\]]*)\]\((\S+?)\) \[([^\]]*)\]\(\2\)")


@dataclass
class _PdfLine:
    text: str
    page: int
    # How wide the page is: its text ends as far from its right edge as it starts from its left.
    width: float
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    bold: bool
    # How wide the first word is, to tell whether it would have fitted on the line
    # before; and where the second starts, where a list item's text starts.
    first_word: float
    second: float
    # The line's text in pieces set apart by a wide gap, with where each starts
    # and ends: the cells of a row of a table drawn without rules.
    pieces: tuple[tuple[float, float, str], ...] = ()
    # Whether a space closes the line (LibreOffice writes it): the next goes on after a space.
    spaced: bool = False
    line: int = 0


@dataclass
class _PdfTable:
    rows: list[list[str]]
    page: int
    top: float
    line: int = 0
    row_lines: list[int] = field(default_factory=list)
    # Where the columns of a table drawn without rules start.
    columns: list[float] = field(default_factory=list)
    # Whether a space closes some line of a cell (LibreOffice writes it).
    spaced: bool = False
    # The last line of each cell of the last row, as drawn: where a page break
    # cut the row, the first line of the rest goes on from it.
    ends: list[str] = field(default_factory=list)


@dataclass
class _Paragraph:
    lines: list[_PdfLine] = field(default_factory=list)

    @property
    def text(self) -> str:
        text = _joined([line.text + (" " if line.spaced else "") for line in self.lines]).strip()
        # A link that the layout broke over two lines is one link again.
        return _SPLIT_LINK.sub(r"[\1 \3](\2)", text)


def pdf_source(content: bytes, filename: str = "") -> Source:
    """The blocks of a PDF: lines in reading order, headings, list items and tables."""
    guesses: list[tuple[int, str]] = []
    pages, sizes = _read_pages(content, guesses)
    number = 0
    for page in pages:
        for part in page:
            part.line = number + 1
            if isinstance(part, _PdfTable):
                part.row_lines = list(range(number + 1, number + len(part.rows) + 1))
                number += len(part.rows)
            else:
                number += 1
    furniture = find_furniture(
        [
            [
                PageLine(p.text, p.line, round(p.top), p.bottom)
                for p in page
                if isinstance(p, _PdfLine)
            ]
            for page in pages
        ]
    )
    guesses.extend(furniture.guesses)
    # The furniture's lines are placed too, so that every word of the file is accounted for.
    dropped = tuple(
        (part.line, part.text)
        for page in pages
        for part in page
        if isinstance(part, _PdfLine) and part.line in furniture.lines and part.text.strip()
    )
    parts = [
        part for page in pages for part in page
        if isinstance(part, _PdfTable) or part.line not in furniture.lines
    ]  # fmt: skip
    # The size of most of the text, tables and all, is the size of the body.
    blocks, marked = _blocks(parts, sizes.most_common(1)[0][0], guesses)
    # A file that writes the space a line ends with says, where none is written, that none was.
    written = any(
        part.spaced or (isinstance(part, _PdfLine) and any(p[2].endswith(" ") for p in part.pieces))
        for page in pages
        for part in page
    )
    blocks = _breaks(blocks, written)
    return Source(
        tuple(blocks), filename=filename, unit="line", marked_headings=marked,
        guesses=tuple(guesses), dropped=dropped,
    )  # fmt: skip


def _breaks(blocks: list[Block], written: bool) -> list[Block]:
    """Words broken at a line's end after a slash or a hyphen, joined as the file writes them.

    After a slash: "a/ b" or "a/b" as the file's other slashes are written;
    where the file writes the spaces that end its lines, a break with no space
    after it had none. After a hyphen: the word without it where the file
    writes it so elsewhere ("organisations"), else with it ("Co-production").
    """
    texts = [
        cell for block in blocks
        for cell in (block.rows[0] + tuple(c for row in block.rows[1:] for c in row)
                     if isinstance(block, Grid) else (block.text,))
    ]  # fmt: skip
    spaced = sum(len(re.findall(r"\w/ \w", text)) for text in texts)
    unspaced = sum(len(re.findall(r"\w/\w", text)) for text in texts)
    join = " " if spaced > unspaced and not written else ""
    words = _VOCABULARY | {
        word.casefold()
        for text in texts
        for word in re.findall(r"[\w-]+", _BROKEN_INSIDE.sub(" ", _BROKEN_WORD.sub(" ", text)))
    }

    def mended(text: str) -> str:
        def word(match: re.Match[str]) -> str:
            whole, hyphened = match[1] + match[3], f"{match[1]}-{match[3]}"
            if hyphened.casefold() in words:
                return hyphened
            # The hyphen a layout adds (U+2010, or a soft hyphen) is no part of the word.
            if whole.casefold() in words or match[2] != "-":
                return whole
            return hyphened

        def inside(match: re.Match[str]) -> str:
            # Where the file writes the space a line ends with, a full line has none
            # (there was no room for it): a line of one word broke inside the word,
            # or at a space left out. Digits go on as one number; letters as one
            # word unless the file writes its first part as a word and never the whole.
            parts = match[0].split(_INSIDE_BREAK)
            if written and _known("".join(parts), words):
                return "".join(parts)  # "Sept" / "emb" / "er": the whole is a word
            text = parts[0]
            for part in parts[1:]:
                head = text.split()[-1]
                whole = written and (
                    head[-1].isdigit() or _known(head + part, words) or not _known(head, words)
                )
                text += ("" if whole else " ") + part
            return text

        text = _BROKEN_INSIDE.sub(inside, _BROKEN_WORD.sub(word, text))
        return text.replace(_HYPHEN_BREAK, "").replace(_SLASH_BREAK, join)

    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Grid):
            rows = tuple(tuple(mended(cell) for cell in row) for row in block.rows)
            out.append(replace(block, rows=rows))
        else:
            out.append(replace(block, text=mended(block.text)))
    return out


def _known(text: str, words: set[str]) -> bool:
    """Whether the file (or the words notes use) write each word of the text."""
    found = re.findall(r"[\w-]+", text.casefold())
    return bool(found) and all(word in words for word in found)


def _read_pages(
    content: bytes, guesses: list[tuple[int, str]]
) -> tuple[list[list[_PdfLine | _PdfTable]], Counter[float]]:
    """Each page's lines and tables, top to bottom, and the sizes of its type; or refused."""
    sizes: Counter[float] = Counter()
    try:
        # Some writers put a few bytes before the "%PDF" that starts the file;
        # its offsets count from there.
        start = content.find(b"%PDF-", 0, 1024)
        with pdfplumber.open(io.BytesIO(content[max(start, 0) :])) as document:
            pages = []
            pictures: list[int] = []
            for index, page in enumerate(document.pages):
                parts = _page_parts(page, index)
                if not parts and page.images:
                    pictures.append(index + 1)
                pages.append(parts)
                sizes.update(_size(char) for char in page.chars if char["text"].strip())
    except Exception as error:
        # pdfminer raises many kinds of error on a damaged file; pdfplumber wraps them.
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise NotesFormatError(
                "this PDF is protected by a password: open it, save a copy without the "
                "password (or print it to a new PDF) and import that"
            ) from None
        raise NotesFormatError(
            "this PDF cannot be read: it may be damaged or cut short. Open it, save it "
            "again as a PDF and try once more, or import the Word document"
        ) from None
    if not any(pages):
        if pictures:
            raise NotesFormatError(
                "this PDF holds images of pages, not text: it was scanned or printed as "
                "pictures, so there is no text to import. Import the Word document, or run "
                "the PDF through text recognition (OCR) first"
            )
        raise NotesFormatError("this PDF has no text in it")
    for picture in pictures:
        said = f"page {picture} is an image of a page, not text: nothing was read from it"
        guesses.append((0, said))
    return pages, sizes


def _size(char: dict[str, Any]) -> float:
    return round(char["size"] * 2) / 2


def _page_parts(page: Any, index: int) -> list[_PdfLine | _PdfTable]:
    # A row broken by the page break has no rule below it (or above it, on the
    # next page): the ends of the columns' rules close it, so it is found too.
    upright = [edge for edge in page.edges if edge["orientation"] == "v"]
    ends = [min(e["top"] for e in upright), max(e["bottom"] for e in upright)] if upright else []
    found = page.find_tables({"explicit_horizontal_lines": ends})
    tables = [table for table in found if _cells(table)[0]]
    boxes = [table.bbox for table in tables]

    def outside(thing: dict[str, Any]) -> bool:
        x = (thing["x0"] + thing["x1"]) / 2
        y = (thing["top"] + thing["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    parts: list[_PdfLine | _PdfTable] = []
    for table in tables:
        rows, ends = _cells(table)
        parts.append(_PdfTable(rows, index, table.bbox[1], spaced=_spaced(table), ends=ends))
    links = [link for link in page.hyperlinks if link.get("uri")]
    # The spaces the file writes, where they stand (a line's text is given without them).
    spaces = [(char["x0"], char["top"]) for char in page.chars if char["text"] == " "]
    lines = []
    for found in page.filter(outside).extract_text_lines(return_chars=True, strip=True):
        line = _pdf_line(found, index, page.width, links, spaces)
        if line is not None:
            lines.append(line)
    lines.sort(key=lambda line: line.top)
    parts.extend(_unruled_tables(lines, index))
    parts.sort(key=lambda part: part.top)
    return parts


def _unruled_tables(lines: list[_PdfLine], page: int) -> list[_PdfLine | _PdfTable]:
    """The lines of a page, with those of a table drawn without rules made a table.

    Such a table shows only in how its text is set: lines in pieces with wide
    gaps between them, the pieces of line after line starting at the same
    places (the columns), and the lines of a cell that wraps starting where
    its column does.
    """
    parts: list[_PdfLine | _PdfTable] = []
    i = 0
    while i < len(lines):
        starts = [start for start, _, _ in lines[i].pieces]
        end, rows = i + 1, 1 if len(starts) > 1 else 0
        while rows and end < len(lines) and _in_columns(lines[end], lines[end - 1], starts):
            rows += len(lines[end].pieces) > 1
            end += 1
        # Labels set at a tab stop ("Date:      1 March 2023") are lines, not a table.
        labelled = all(line.pieces[0][2].rstrip().endswith(":") for line in lines[i:end])
        if rows < 2 or labelled:
            parts.append(lines[i])
            i += 1
            continue
        table = lines[i:end]
        header = parts[-1] if parts else None
        if (
            isinstance(header, _PdfLine)
            and len(header.pieces) == len(starts)
            and lines[i].top - header.bottom <= 2 * header.size
        ):
            # A header row set otherwise (centred, say) than the rows below it.
            parts.pop()
            rows_read = [
                [text.strip() for _, _, text in header.pieces],
                *_unruled_rows(table, starts),
            ]
            parts.append(_PdfTable(rows_read, page, header.top, columns=starts))
        else:
            rows_read = _unruled_rows(table, starts)
            parts.append(_PdfTable(rows_read, page, lines[i].top, columns=starts))
        i = end
    return parts


def _in_columns(line: _PdfLine, before: _PdfLine, starts: list[float]) -> bool:
    """Whether a line goes on with a table: each piece in a column, and no wider than it.

    A row with more pieces, some in the columns known, shows a column more
    (the first rows may leave a column empty): it is added to `starts`.
    """
    if line.top - before.bottom > 2 * line.size or abs(line.size - before.size) > 0.6:
        return False
    known = [_column(start, starts) is not None for start, _, _ in line.pieces]
    if len(line.pieces) > 1 and any(known) and not all(known):
        new = [start for (start, _, _), seen in zip(line.pieces, known, strict=True) if not seen]
        starts[:] = sorted([*starts, *new])
    for start, end, _ in line.pieces:
        column = _column(start, starts)
        if column is None or (column + 1 < len(starts) and end > starts[column + 1] - 2):
            return False
    return True


def _column(start: float, starts: list[float]) -> int | None:
    return next((n for n, column in enumerate(starts) if abs(start - column) <= 3), None)


def _unruled_rows(lines: list[_PdfLine], starts: list[float]) -> list[list[str]]:
    gaps = [line.top - before.bottom for before, line in itertools.pairwise(lines)]
    # Rows stand further apart than the lines of a cell; where they do not,
    # a line with text in the first column starts a row.
    apart = bool(gaps) and max(gaps) - min(gaps) > 0.25 * lines[0].size
    rows: list[list[list[str]]] = []
    for n, line in enumerate(lines):
        columns = {_column(start, starts): text for start, _, text in line.pieces}
        new = n == 0 or (gaps[n - 1] > min(gaps) + 0.25 * line.size if apart else 0 in columns)
        if new:
            rows.append([[] for _ in starts])
        for column, text in columns.items():
            if column is not None:
                rows[-1][column].append(text)
    return [[_joined(cell).strip() for cell in row] for row in rows]


def _joined(pieces: list[str]) -> str:
    """Lines of a paragraph or a cell joined into one; a line may end in the space that ended it."""
    text, before = "", ""
    for piece in pieces:
        if not text or text.endswith(" "):
            text += piece
        elif _CONTINUED_WORD.search(text):
            text += _HYPHEN_BREAK + piece
            piece = ""  # the end of a word broken at a hyphen is no word of its own
        elif _SLASH_END.search(text):
            text += _SLASH_BREAK + piece
        elif _inside_word(before, piece):
            text += _INSIDE_BREAK + piece
        else:
            text += " " + piece
        before = piece
    return text


def _inside_word(line: str, after: str) -> bool:
    """Whether a line may end inside a word the next line finishes: "Septembe" / "r 2020".

    Only a line of one word can: a layout moves a word too long for the line
    to a line of its own before it breaks it. The word goes on in letters in
    lower case after a letter, or in digits after a digit.
    """
    if not line or not after or len(line.split()) != 1:
        return False
    end, start = line[-1], after[0]
    return (end.isalpha() and start.isalpha() and start.islower()) or (
        end.isdigit() and start.isdigit()
    )


def _cells(table: Any) -> tuple[list[list[str]], list[str]]:
    """The text of a table's cells, row by row; and the last line of each cell of its last row."""
    rows, ends = [], []
    # Blank characters are kept for the space a line may end with.
    for row in table.extract(keep_blank_chars=True):
        # A cell merged with the one before it comes as None; it is given once.
        lines = [_cell_lines(cell) for cell in row if cell is not None]
        cells = [" ".join(_joined(cell).split()) for cell in lines]
        if any(cells):
            rows.append(cells)
            ends = [cell[-1] for cell in lines]
    return rows, ends


def _spaced(table: Any) -> bool:
    return any(
        line[-1:].isspace()
        for row in table.extract(keep_blank_chars=True)
        for cell in row
        if cell
        for line in cell.split("\n")[:-1]
    )


def _cell_lines(cell: str) -> list[str]:
    """A cell's lines, each ending in the space the file writes after it; they join as a
    paragraph's do."""
    return [
        " ".join(line.split()) + (" " if line[-1:].isspace() else "") for line in cell.split("\n")
    ]


def _pdf_line(
    found: dict[str, Any],
    page: int,
    width: float,
    links: Sequence[dict[str, Any]] = (),
    spaces: Sequence[tuple[float, float]] = (),
) -> _PdfLine | None:
    chars = [char for char in found["chars"] if char["text"].strip()]
    text = " ".join(found["text"].split())
    if not chars or not text:
        return None
    middle = (found["top"] + found["bottom"]) / 2
    if any(link["top"] <= middle <= link["bottom"] for link in links):
        text = _linked(chars, [link for link in links if link["top"] <= middle <= link["bottom"]])
    sizes = Counter(_size(char) for char in chars)
    first_word, second = chars[0]["x1"], found["x1"]
    for before, char in itertools.pairwise(chars):
        if char["x0"] - before["x1"] > 0.15 * char["size"]:
            second = char["x0"]
            break
        first_word = char["x1"]
    pieces = _pieces(chars, spaces)
    if len(pieces) > 1 and _MARKER.match(pieces[0][2].strip()):
        # A list's bullet or number set apart from its text is no column.
        pieces[:2] = [(pieces[0][0], pieces[1][1], f"{pieces[0][2].strip()} {pieces[1][2]}")]
    return _PdfLine(
        text=text, page=page, width=width, top=found["top"], bottom=found["bottom"],
        x0=found["x0"], x1=found["x1"], size=sizes.most_common(1)[0][0],
        bold=all(_BOLD.search(char.get("fontname", "")) for char in chars),
        first_word=first_word - chars[0]["x0"], second=second, pieces=tuple(pieces),
        spaced=_written_space(found["x1"], chars[0]["top"], spaces),
    )  # fmt: skip


def _pieces(
    chars: list[dict[str, Any]], spaces: Sequence[tuple[float, float]]
) -> list[tuple[float, float, str]]:
    """A line's text in pieces set apart by wide gaps; each ends in a space if one was written."""
    pieces: list[tuple[float, float, str]] = []
    for before, char in zip([None, *chars], chars, strict=False):
        gap = char["x0"] - before["x1"] if before is not None else 0.0
        if before is None or gap > 0.8 * char["size"]:
            pieces.append((char["x0"], char["x1"], char["text"]))
        else:
            start, _, piece = pieces[-1]
            space = " " if gap > 0.15 * char["size"] else ""
            pieces[-1] = (start, char["x1"], piece + space + char["text"])
    top = chars[0]["top"] if chars else 0.0
    return [
        (start, end, piece + (" " if _written_space(end, top, spaces) else ""))
        for start, end, piece in pieces
    ]


def _written_space(x: float, top: float, spaces: Sequence[tuple[float, float]]) -> bool:
    """Whether the file writes a space right after `x` on the line at `top`."""
    return any(abs(space_x - x) < 1.5 and abs(space_top - top) < 2 for space_x, space_top in spaces)


def _linked(chars: list[dict[str, Any]], links: Sequence[dict[str, Any]]) -> str:
    """A line's text with the words a link covers as a Markdown link, as Word's are read."""

    def link_of(char: dict[str, Any]) -> str | None:
        x = (char["x0"] + char["x1"]) / 2
        return next((str(link["uri"]) for link in links if link["x0"] <= x <= link["x1"]), None)

    pieces: list[tuple[str | None, str]] = []
    for before, char in zip([None, *chars], chars, strict=False):
        space = before is not None and char["x0"] - before["x1"] > 0.15 * char["size"]
        address = link_of(char)
        if pieces and pieces[-1][0] == address:
            pieces[-1] = (address, pieces[-1][1] + (" " if space else "") + char["text"])
        else:
            pieces.append((address, (" " if space else "") + char["text"]))
    text = ""
    for address, piece in pieces:
        if address is None:
            text += piece
        else:
            lead = piece[: len(piece) - len(piece.lstrip())]
            text += f"{lead}[{piece.strip()}]({address})"
    return " ".join(text.split())


def _blocks(
    parts: list[_PdfLine | _PdfTable], body_size: float, guesses: list[tuple[int, str]]
) -> tuple[list[Block], bool]:
    """The blocks of the parts left once the furniture is gone; and if headings were marked."""
    lines = [part for part in parts if isinstance(part, _PdfLine)]
    right = 0.0
    if lines:
        # Where a full line ends: the longest line, or as far in from the right
        # edge as the text starts from the left, where no line is full.
        body = [line for line in lines if line.size == body_size] or lines
        right = max(
            max(line.x1 for line in body),
            max(line.width for line in body) - min(line.x0 for line in body),
        )
    paragraphs: list[_Paragraph | _PdfTable] = []

    def add(part: _PdfLine | _PdfTable) -> None:
        before = paragraphs[-1] if paragraphs else None
        if isinstance(part, _PdfTable):
            # Nothing but furniture (already gone) stood between two tables in a row.
            if isinstance(before, _PdfTable) and _goes_on(before, part):
                paragraphs[-1] = _joined_table(before, part, guesses)
            else:
                paragraphs.append(part)
        elif isinstance(before, _Paragraph) and _carries_on(before, part, right, body_size):
            before.lines.append(part)
        else:
            paragraphs.append(_Paragraph([part]))

    # The top of a cell cut off by a page break, from a table drawn without
    # rules: lines in its first column only, held until the table goes on.
    held: list[_PdfLine] = []
    for part in parts:
        before = paragraphs[-1] if paragraphs else None
        if isinstance(before, _PdfTable) and before.columns:
            if isinstance(part, _PdfLine) and _cut_off(part, before, held):
                held.append(part)
                continue
            if isinstance(part, _PdfTable) and held and part.page == held[0].page:
                cut = [_Paragraph(held).text, *[""] * (len(part.rows[0]) - 1)]
                part = replace(
                    part, rows=[cut, *part.rows], row_lines=[held[0].line, *part.row_lines],
                    line=held[0].line,
                )  # fmt: skip
                held = []
        for line in held:
            add(line)
        held = []
        add(part)
    for line in held:
        add(line)
    larger = sorted(
        {p.lines[0].size for p in paragraphs if isinstance(p, _Paragraph)} - {body_size},
        reverse=True,
    )
    larger = [size for size in larger if size > body_size + 0.5]
    first = next((p for p in paragraphs if isinstance(p, _Paragraph)), None)
    title_size = None
    if first is not None and larger and first.lines[0].size == larger[0]:
        same = [p for p in paragraphs if isinstance(p, _Paragraph) and p.lines[0].size == larger[0]]
        if len(same) == 1:
            title_size = larger.pop(0)
    # How deep an item is nested, from where its text starts (a bullet and a
    # number of the same list are set at different places).
    markers: list[float] = []
    for start in sorted(
        p.lines[0].second for p in paragraphs if isinstance(p, _Paragraph) and _item(p.text)
    ):
        if not markers or start - markers[-1] > 4:
            markers.append(start)
    blocks: list[Block] = []
    for paragraph in paragraphs:
        if isinstance(paragraph, _PdfTable):
            blocks.extend(_table_blocks(paragraph))
            continue
        blocks.append(_paragraph_block(paragraph, body_size, title_size, larger, markers))
    return blocks, bool(larger)


def _cut_off(line: _PdfLine, table: _PdfTable, held: list[_PdfLine]) -> bool:
    """Whether a line at the top of a page may be the rest of a cell the page break cut off."""
    columns = table.columns
    return (
        line.page == table.page + 1
        and len(line.pieces) == 1
        and abs(line.x0 - columns[0]) <= 3
        and (len(columns) < 2 or line.x1 < columns[1] - 2)
        and (not held or line.top - held[-1].bottom <= line.size)
    )


def _carries_on(paragraph: _Paragraph, line: _PdfLine, right: float, body_size: float) -> bool:
    """Whether a line goes on with the paragraph above: it was moved down only for want of room."""
    last = paragraph.lines[-1]
    if abs(line.size - last.size) > 0.6 or line.bold != last.bold or _item(line.text):
        return False
    if line.page == last.page:
        if line.top < last.bottom - 1 or line.top - last.bottom > 0.6 * last.size:
            return False
    elif line.page != last.page + 1:
        return False
    if line.page == last.page and line.size > body_size + 0.5:
        # A title or heading set large, centred or not, broken over lines.
        return True
    start = paragraph.lines[0]
    indent = start.second if _item(start.text) else start.x0
    if len(paragraph.lines) > 1:
        indent = paragraph.lines[1].x0
    if line.x0 > indent + 3:
        return False
    # The line before was full: the first word of this one would not have fitted on it.
    space = 0.3 * last.size
    if last.x1 + space + line.first_word > right - 2:
        return True
    # Or, where the text is narrower than the page, a sentence goes on in lower case.
    return line.text.lstrip("[(‘“'\"")[:1].islower() and not last.text.endswith(SENTENCE_END)


def _item(text: str) -> re.Match[str] | None:
    return _BULLET.match(text) or _NUMBERED.match(text)


def _paragraph_block(
    paragraph: _Paragraph,
    body_size: float,
    title_size: float | None,
    larger: list[float],
    markers: list[float],
) -> Block:
    start = paragraph.lines[0]
    text = paragraph.text
    if start.size == title_size:
        return Line(text, start.line, title=True)
    if start.size in larger:
        rank = larger.index(start.size)
        # The top two sizes start sections; smaller ones are sub-headings in them.
        return Line(text, start.line, heading=1 if rank <= 1 else min(3 + rank - 2, 6))
    item = _item(text)
    if item:
        depth = sum(1 for level in markers[1:] if level <= start.second + 0.5)
        numbered = item.re is _NUMBERED
        return Item(
            item["text"].strip(), start.line, depth=depth, ordered=numbered,
            number=int(item["number"]) if numbered else None,
        )  # fmt: skip
    if (
        all(line.bold for line in paragraph.lines)
        and len(text.split()) <= 12
        and not text.endswith(SENTENCE_END)
    ):
        # A short paragraph all in bold is how many people write a heading.
        return Line(text, start.line, heading=1)
    return Line(text, start.line)


def _goes_on(before: _PdfTable, table: _PdfTable) -> bool:
    """Whether a table at the top of a page is the one that ended the page before, continued."""
    if table.page != before.page + 1 or not before.rows or not table.rows:
        return False
    return len(table.rows[0]) == len(before.rows[0])


def _joined_table(before: _PdfTable, table: _PdfTable, guesses: list[tuple[int, str]]) -> _PdfTable:
    rows, row_lines = list(table.rows), list(table.row_lines)
    said = f"line {table.line}: the table goes on from the page before"
    if _fold(rows[0]) == _fold(before.rows[0]):
        rows, row_lines = rows[1:], row_lines[1:]
        said += "; its header row, repeated there, was read once"
    earlier = list(before.rows)
    if rows and _broken(earlier, rows[0]):
        first = rows.pop(0)
        row_lines.pop(0)
        ends = before.ends or earlier[-1]
        earlier[-1] = [
            _rejoined(top, end, rest)
            for top, end, rest in zip(earlier[-1], ends, first, strict=False)
        ]
        said += "; its first row finishes the last row of the page before"
    guesses.append((table.line, said))
    return replace(
        before, rows=earlier + rows, page=table.page, row_lines=before.row_lines + row_lines,
        ends=table.ends,
    )  # fmt: skip


def _rejoined(top: str, end: str, rest: str) -> str:
    """A cell cut by a page break, whole again: its halves join as its lines do.

    `end` is the last line of the top half, as drawn: "Oyelaran-" / "Smith" is
    one name, "Oyelar" / "an-Smith" one word.
    """
    if not top or not rest:
        return top or rest
    drawn = " ".join(end.split())
    if not drawn or not top.endswith(drawn):
        return " ".join(_joined([top, rest]).split())
    return " ".join((top[: len(top) - len(drawn)] + _joined([end, rest])).split())


def _broken(rows: list[list[str]], first: list[str]) -> bool:
    """Whether the first row after a page break finishes the last row before it."""
    last = rows[-1]
    # Its first cell goes on in lower case, or is empty.
    if not first[0] or first[0][:1].islower():
        return True
    # The two halves fill different cells: a cell's text moved whole to the next page.
    if len(last) == len(first) and not any(a and b for a, b in zip(last, first, strict=True)):
        return True
    # Every row starts with its number ("4.", "B)") but this one does not.
    body = rows[1:] if len(rows) > 2 else rows
    if len(body) >= 2 and all(_ROW_NUMBER.match(row[0]) for row in body):
        return not _ROW_NUMBER.match(first[0])
    return False


def _fold(row: list[str]) -> list[str]:
    return [" ".join(cell.casefold().split()) for cell in row]


def _table_blocks(table: _PdfTable) -> Iterator[Block]:
    lines = tuple(table.row_lines)
    if all(len(row) == 1 for row in table.rows):
        # A box drawn around text is not a table.
        for row, line in zip(table.rows, lines, strict=False):
            yield Line(row[0], line)
        return
    yield Grid(tuple(tuple(row) for row in table.rows), table.line, lines)
