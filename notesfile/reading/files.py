"""Reading a notes file, whatever its shape: the one code path of the command and the page.

`read_notes_file` takes a file's name and bytes and gives back the notes it
holds. A .md file is the notes format (docs/notes-format.md), read strictly.
A .txt file is the notes format if it starts with front matter, and otherwise
the loose plain text of earlier notes; a .docx file is a Word document. The
two loose shapes are read here into the same blocks, and notesfile/reading/loose.py
works out what they mean. Anything that cannot be read raises NotesFormatError,
naming the line, paragraph or field where it can.
"""

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.table import Table as WordTable
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph as WordParagraph

from notesfile.format import NotesFormatError, parse_notes
from notesfile.notes import Notes
from notesfile.reading.loose import Block, Grid, Item, Line, Source, read_loose

NOTES_FORMAT = "the notes format"
PLAIN_TEXT = "plain text"
WORD = "a Word document"
SUFFIXES = (".md", ".txt", ".docx")
# A Word document is a zip archive; its text unpacks to a few times its size,
# so anything that unpacks to far more than that is refused unopened.
UNPACKED_RATIO = 25


@dataclass(frozen=True)
class ImportedNotes:
    """The notes read from a file, what had to be guessed, and how it was read."""

    notes: Notes
    guesses: tuple[str, ...]
    reader: str


def read_notes_file(
    filename: str, content: bytes, default_group: str | None = None, *, max_bytes: int
) -> ImportedNotes:
    """Read the notes in a .md, .txt or .docx file; `default_group` is for files naming none."""
    check_size(len(content), max_bytes)
    if not content.strip():
        raise NotesFormatError("the file is empty")
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".markdown":
        suffix = ".md"
    if suffix == ".docx":
        source = word_source(content, filename)
        notes, guesses = read_loose(source, default_group)
        return ImportedNotes(notes, tuple(guesses), WORD)
    if suffix not in SUFFIXES:
        raise NotesFormatError(
            f"cannot import a {suffix or 'file without an ending like .txt'}: "
            "import notes as .md (the notes format), .docx (Word) or .txt (plain text)"
        )
    text = decode(content)
    if suffix == ".md" or text.startswith("---\n"):
        return ImportedNotes(parse_notes(text, default_group), (), NOTES_FORMAT)
    notes, guesses = read_loose(text_source(text, filename), default_group)
    return ImportedNotes(notes, tuple(guesses), PLAIN_TEXT)


def check_size(size: int, limit: int) -> None:
    """Refuse a file over the import limit, saying how big it is."""
    if size > limit:
        raise NotesFormatError(
            f"the file is {_size(size, up=True)}; files of up to {_size(limit)} can be imported"
        )


def _size(count: int, up: bool = False) -> str:
    """A size as people say it: "2.25 MB", "2 MB", "300 KB"."""
    # Rounded up, a file over the limit never reads as the limit itself.
    unit, name = (1024 * 1024, "MB") if count >= 1024 * 1024 else (1024, "KB")
    if count < 1024:
        return f"{count} bytes"
    hundredths = -(-count * 100 // unit) if up else round(count * 100 / unit)
    return f"{hundredths / 100:.2f}".rstrip("0").rstrip(".") + f" {name}"


# Text.

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


_BULLET = re.compile(r"^(?P<indent>[ \t]*)[·•▪◦●○■□➢➤✓*–-][ \t]+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?P<indent>[ \t]*)(?P<number>\d{1,2})[.)][ \t]+(?P<text>\S.*)$")
_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_PAGE_BREAKS = {"-", "–", "—", "\f"}
_SENTENCE_END = (".", "!", "?", ":", ";")


def text_source(text: str, filename: str = "") -> Source:
    """The blocks of loose plain text: lines, bulleted and numbered items, and tables."""
    lines = text.split("\n")
    blocks: list[Block] = []
    bookmarks: list[int] = []
    page_breaks: list[int] = []
    guesses: list[tuple[int, str]] = []
    indents: list[int] = []
    i = 0
    while i < len(lines):
        number = i + 1
        raw = lines[i].rstrip()
        cleaned = _BOOKMARK.sub("", raw)
        if cleaned != raw:
            bookmarks.append(number)
        stripped = cleaned.strip()
        i += 1
        if not stripped:
            continue
        if stripped in _PAGE_BREAKS:
            page_breaks.append(number)
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
        blocks.append(Line(stripped, number))
    if bookmarks:
        removed = "removed Word bookmark marks like '[bookmark: _Hlk…]'"
        guesses.append((bookmarks[0], f"{_lines(bookmarks)}: {removed}"))
    if page_breaks:
        ignored = "ignored lines holding only '-' (page breaks in the Word original)"
        guesses.append((page_breaks[0], f"{_lines(page_breaks)}: {ignored}"))
    return Source(tuple(blocks), filename=filename, unit="line", guesses=tuple(guesses))


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
    if len(before.text.split()) > 12 and not before.text.endswith(_SENTENCE_END):
        guesses.append((number, f"line {number}: joined {text[:40]!r}… to the line before it"))
        return Line(before.text + " " + text, before.line)
    return None


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


# Word.

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_ORDERED_FORMATS = {"decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman",
                    "decimalZero", "ordinal"}  # fmt: skip


@dataclass(frozen=True)
class _WordParagraph:
    text: str
    style: str
    list_level: int | None
    ordered: bool
    bold: bool


def word_source(content: bytes, filename: str = "") -> Source:
    """The blocks of a Word document: headings, paragraphs, list items and tables."""
    _check_archive(content)
    try:
        document = docx.Document(io.BytesIO(content))
        parts = list(_word_parts(document))
    except NotesFormatError:
        raise
    except Exception:
        # python-docx and lxml raise many kinds of error on a damaged file
        # (KeyError, ValueError, XMLSyntaxError…); each means the same to the user.
        raise NotesFormatError(
            "the file is not a Word document that can be read: open it in Word, "
            "save it again as .docx and try once more"
        ) from None
    levels = sorted({_heading_level(p.style) for p in parts if isinstance(p, _WordParagraph)} - {0})
    top = levels[0] if levels else 1
    blocks: list[Block] = []
    number = 0
    for part in parts:
        if isinstance(part, list):
            rows = tuple(tuple(row) for row in part if any(cell.strip() for cell in row))
            if rows:
                lines = tuple(range(number + 1, number + len(rows) + 1))
                blocks.append(Grid(rows, lines[0], lines))
            number += len(part)
            continue
        number += 1
        blocks.extend(_word_blocks(part, number, top))
    return Source(tuple(blocks), filename=filename, unit="paragraph", marked_headings=bool(levels))


def _word_blocks(paragraph: _WordParagraph, number: int, top: int) -> Iterator[Block]:
    text = paragraph.text.replace("\t", " ")
    if not text.strip():
        return
    level = _heading_level(paragraph.style)
    if paragraph.style.casefold() in ("title", "subtitle"):
        yield Line(" ".join(text.split()), number, title=True)
    elif level:
        # The top two levels start sections; deeper ones are sub-headings in them.
        heading = 1 if level <= top + 1 else min(3 + level - top - 2, 6)
        yield Line(" ".join(text.split()), number, heading=heading)
    elif paragraph.list_level is not None:
        yield Item(" ".join(text.split()), number, paragraph.list_level, paragraph.ordered)
    elif paragraph.bold and len(text.split()) <= 12 and not text.strip().endswith(_SENTENCE_END):
        # A short paragraph all in bold is how many people write a heading.
        yield Line(" ".join(text.replace("**", "").split()), number, heading=1)
    else:
        for line in text.split("\n"):
            if line.strip():
                yield Line(line.strip(), number)


def _heading_level(style: str) -> int:
    match = _HEADING_STYLE.match(style.strip())
    return int(match.group(1)) if match else 0


def _check_archive(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except Exception:  # zipfile raises several kinds of error on a damaged archive
        raise NotesFormatError(
            "the file is not a Word document: a .docx file is a zip archive, and this is not one"
        ) from None
    if not any(member.filename == "word/document.xml" for member in members):
        raise NotesFormatError(
            "the file is not a Word document: it is a zip archive with no word/document.xml in it"
        )
    if sum(member.file_size for member in members) > UNPACKED_RATIO * len(content) + 10**7:
        raise NotesFormatError("the Word document unpacks to far more than its size; not opened")


def _word_parts(document: Any) -> Iterator[_WordParagraph | list[list[str]]]:
    """The body of a document as plain values: paragraphs, and tables as rows of cells."""
    # python-docx looks a paragraph's style up afresh each time, by searching
    # all the styles; their names are read once here instead.
    styles = {
        style.style_id: style.name or ""
        for style in document.styles
        if style.type == WD_STYLE_TYPE.PARAGRAPH
    }
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = default.name if default is not None else ""
    for element in document.iter_inner_content():
        if isinstance(element, WordParagraph):
            style = styles.get(element._p.style, default_name)
            yield _word_paragraph(element, style, document)
        elif isinstance(element, WordTable):
            yield _word_table(element, document)


def _word_paragraph(paragraph: WordParagraph, style: str, document: Any) -> _WordParagraph:
    text, bold = _runs_text(paragraph)
    level, ordered = None, False
    if style.startswith("List Bullet") or style.startswith("List Number"):
        suffix = style.rsplit(" ", 1)[-1]
        level = int(suffix) - 1 if suffix.isdigit() else 0
        ordered = style.startswith("List Number")
    else:
        numbering: Any = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        if numbering is not None and numbering.numId is not None and numbering.numId.val:
            level = numbering.ilvl.val if numbering.ilvl is not None else 0
            ordered = _numbering_format(document, numbering.numId.val, level) in _ORDERED_FORMATS
    return _WordParagraph(text, style, level, ordered, bold)


def _runs_text(paragraph: WordParagraph) -> tuple[str, bool]:
    """A paragraph's text with its bold, italics and links as Markdown; and if all is bold."""
    pieces: list[tuple[str, bool, bool]] = []
    for piece in paragraph.iter_inner_content():
        if isinstance(piece, Hyperlink):
            text, address = piece.text, piece.address
            link = f"[{text}]({address})" if address and text.strip() else text
            pieces.append((link, False, False))
        else:
            pieces.append((piece.text, bool(piece.bold), bool(piece.italic)))
    # Runs with the same look are joined first, so "*a**b*" cannot happen.
    merged: list[tuple[str, bool, bool]] = []
    for text, bold, italic in pieces:
        if merged and merged[-1][1:] == (bold, italic):
            merged[-1] = (merged[-1][0] + text, bold, italic)
        else:
            merged.append((text, bold, italic))
    visible = [(text, bold) for text, bold, _ in merged if text.strip()]
    all_bold = bool(visible) and all(bold for _, bold in visible)
    out = []
    for text, bold, italic in merged:
        mark = ("**" if bold else "") + ("*" if italic else "")
        core = text.strip()
        if mark and core:
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            text = f"{lead}{mark}{core}{mark}{trail}"
        out.append(text)
    return "".join(out), all_bold


def _numbering_format(document: Any, number_id: int, level: int) -> str:
    try:
        numbering = document.part.numbering_part.element
    except Exception:  # a document may have no numbering part
        return "bullet"
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    abstract = numbering.xpath(f'w:num[@w:numId="{int(number_id)}"]/w:abstractNumId/@w:val', ns)
    if not abstract:
        return "bullet"
    formats = numbering.xpath(
        f'w:abstractNum[@w:abstractNumId="{int(abstract[0])}"]'
        f'/w:lvl[@w:ilvl="{int(level)}"]/w:numFmt/@w:val',
        ns,
    )
    return str(formats[0]) if formats else "bullet"


def _word_table(table: WordTable, document: Any) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[object] = []
        for cell in row.cells:
            # A merged cell is given once for each column it spans.
            if any(cell._tc is other for other in seen):
                continue
            seen.append(cell._tc)
            cells.append(" ".join(_cell_text(cell, document).split()))
        rows.append(cells)
    return rows


def _cell_text(cell: Any, document: Any) -> str:
    parts = []
    for element in cell.iter_inner_content():
        if isinstance(element, WordParagraph):
            parts.append(_runs_text(element)[0])
        elif isinstance(element, WordTable):
            parts.extend(" ".join(row) for row in _word_table(element, document))
    return " ".join(parts)
