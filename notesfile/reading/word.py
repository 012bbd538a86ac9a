"""A Word document into blocks: headings, paragraphs, list items and tables."""

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.table import Table as WordTable
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run

from notesfile.format import NotesFormatError
from notesfile.reading.furniture import PageLine, find_furniture
from notesfile.reading.loose import Block, Grid, Item, Line, Source
from notesfile.reading.text import SENTENCE_END

# A Word document is a zip archive; its text unpacks to a few times its size,
# so anything that unpacks to far more than that is refused unopened.
UNPACKED_RATIO = 25


_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_ORDERED_FORMATS = {"decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman",
                    "decimalZero", "ordinal"}  # fmt: skip


# The runs of a paragraph as it reads with its tracked changes accepted: text
# inserted (w:ins) or moved there (w:moveTo) is in, text deleted or moved away
# is out; python-docx gives only the runs directly in the paragraph.
_RUNS = " | ".join(
    f"./{inside}w:{kind}"
    for inside in ("", "w:ins/", "w:moveTo/", "w:smartTag/", "w:sdt/w:sdtContent/", "w:fldSimple/")
    for kind in ("r", "hyperlink")
)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


@dataclass(frozen=True)
class _WordParagraph:
    text: str
    style: str
    list_level: int | None
    ordered: bool
    bold: bool
    # Where Word broke the page: before the paragraph's text, or after it.
    page_break: str = ""


def word_source(content: bytes, filename: str = "") -> Source:
    """The blocks of a Word document: headings, paragraphs, list items and tables."""
    _check_archive(content)
    guesses: list[tuple[int, str]] = []
    try:
        document = docx.Document(io.BytesIO(content))
        parts = list(_word_parts(document))
        comments = _comments(document)
        margins = _margins(document)
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
    if comments:
        said = "1 comment" if comments == 1 else f"{comments} comments"
        guesses.append((0, f"the document holds {said} in the margin: not imported"))
    for kind, text in margins:
        # Word's own header and footer are page furniture, not notes; said, as the rest is.
        guesses.append((0, f"the page {kind} {_quoted(text)} was left out, as on every page"))
    furniture = find_furniture(_pages(parts), unit="paragraph")
    guesses.extend(furniture.guesses)
    blocks: list[Block] = []
    # What was left out is placed too, so that every word of the file is accounted for;
    # the page's own header and footer stand before the first paragraph.
    dropped = [(0, text) for _, text in margins]
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
        if number not in furniture.lines:
            blocks.extend(_word_blocks(part, number, top))
        elif part.text.strip():
            dropped.append((number, part.text.strip()))
    return Source(
        tuple(blocks), filename=filename, unit="paragraph", marked_headings=bool(levels),
        guesses=tuple(guesses), dropped=tuple(dropped),
    )  # fmt: skip


def _pages(parts: list["_WordParagraph | list[list[str]]"]) -> list[list[PageLine]]:
    """The paragraphs of each page, as far as Word marked its pages, for the furniture."""
    pages: list[list[PageLine]] = [[]]
    number = 0
    for part in parts:
        if isinstance(part, list):
            number += len(part)
            # A table stands between the edge of a page and what is beyond it.
            pages[-1].append(PageLine("", -number))
            continue
        number += 1
        if part.page_break == "before" and pages[-1]:
            pages.append([])
        if part.text.strip():
            pages[-1].append(PageLine(part.text, number))
        if part.page_break == "after":
            pages.append([])
    return pages


def _margins(document: Any) -> list[tuple[str, str]]:
    """The texts of the document's page headers and footers, each once."""
    found: dict[tuple[str, str], None] = {}
    for section in document.sections:
        for kind, parts in (
            ("header", (section.first_page_header, section.header, section.even_page_header)),
            ("footer", (section.first_page_footer, section.footer, section.even_page_footer)),
        ):
            for part in parts:
                if part.is_linked_to_previous:
                    continue
                text = " ".join(" ".join(p.text.split()) for p in part.paragraphs).strip()
                if text:
                    found[(kind, text)] = None
    return list(found)


def _quoted(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "…")


def _comments(document: Any) -> int:
    """How many comments the document's body is annotated with."""
    ids = document.element.body.xpath(".//w:commentReference/@w:id | .//w:commentRangeStart/@w:id")
    return len(set(ids))


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
    elif paragraph.bold and len(text.split()) <= 12 and not text.strip().endswith(SENTENCE_END):
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
            # A text box's paragraphs stand where it is anchored. Word writes each
            # box twice, as a drawing and as a fallback picture; the drawing is read.
            for box in element._p.iter(f"{_W}txbxContent"):
                if any(up.tag == f"{_MC}Fallback" for up in box.iterancestors()):
                    continue
                for inner in box.iterchildren(f"{_W}p"):
                    boxed = WordParagraph(inner, element._parent)
                    yield _word_paragraph(boxed, styles.get(inner.style, default_name), document)
        elif isinstance(element, WordTable):
            yield _word_table(element, document)


def _word_paragraph(paragraph: WordParagraph, style: str, document: Any) -> _WordParagraph:
    text, bold = _runs_text(paragraph)
    page_break = _page_break(paragraph._p)
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
    return _WordParagraph(text, style, level, ordered, bold, page_break)


def _page_break(element: Any) -> str:
    """Where Word broke the page in a paragraph: "before" its text, "after" it, or ""."""
    if element.xpath("./w:pPr/w:pageBreakBefore"):
        return "before"
    seen_text = False
    for node in element.iter(f"{_W}t", f"{_W}br", f"{_W}lastRenderedPageBreak"):
        if node.tag == f"{_W}t":
            seen_text = seen_text or bool((node.text or "").strip())
        elif node.tag == f"{_W}lastRenderedPageBreak" or node.get(f"{_W}type") == "page":
            return "after" if seen_text else "before"
    return ""


def _runs_text(paragraph: WordParagraph) -> tuple[str, bool]:
    """A paragraph's text with its bold, italics and links as Markdown; and if all is bold."""
    pieces: list[tuple[str, bool, bool]] = []
    for element in paragraph._p.xpath(_RUNS):
        piece = (
            Hyperlink(element, paragraph)
            if element.tag == f"{_W}hyperlink"
            else Run(element, paragraph)
        )
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
        if row._tr.xpath("./w:trPr/w:del"):
            continue  # a row deleted with its changes tracked
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
            text, bold = _runs_text(element)
            # A cell all in bold is a header cell, not emphasis.
            parts.append(text.replace("**", "") if bold else text)
        elif isinstance(element, WordTable):
            parts.extend(" ".join(row) for row in _word_table(element, document))
    return " ".join(parts)
