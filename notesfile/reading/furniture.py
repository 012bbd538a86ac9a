"""Page furniture: running headers and footers, page numbers and repeated links.

A printed page repeats things that are not part of the notes: a header or a
footer with the group's name or a link, and the page's number. Text copied
out of a PDF, and the PDF itself, carry them into the middle of the notes. A
line is furniture only where it stands at the edge of a page (nothing but
other furniture between it and the edge) and the same line stands at the
same edge of other pages too, or it is the page's own number; a line of the
notes that merely repeats is kept. Every line dropped is reported.
"""

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

# How far in from a page's edge furniture is looked for, in lines.
EDGE = 3

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.|pg\.?)\s*(?P<page>\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|[-–—]\s*(?P<dashed>\d{1,4})\s*[-–—]"
    r"|(?P<of>\d{1,4})\s*(?:of|/)\s*\d{1,4}"
    r"|(?P<bare>\d{1,4}))$",
    re.IGNORECASE,
)
_NUMBER_OF = re.compile(
    r"\b(?:page|p\.|pg\.?)\s*\d+(?:\s*(?:of|/)\s*\d+)?|\b\d+\s*(?:of|/)\s*\d+\b"
)
_PAGE_PHRASE = re.compile(
    r"\b(?:page|p\.|pg\.?)\s*(?P<number>\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?\b"
    r"|^(?P<bare>\d{1,4})\s*(?:of|/)\s*\d{1,4}$"
)
_LINK = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class PageLine:
    """A line of a page as the reader saw it; one with no text (a table) is never furniture."""

    text: str
    line: int
    # Where the line stands on its page (a PDF knows, to the point); a running
    # header stands in the same place on every page. None where it is unknown.
    place: int | None = None
    # Where it ends, below: how far it stands from the text next to it.
    bottom: float | None = None


@dataclass(frozen=True)
class Furniture:
    """The lines found to be page furniture, and what the reader says of them."""

    lines: frozenset[int]
    guesses: tuple[tuple[int, str], ...]


def find_furniture(pages: Sequence[Sequence[PageLine]], unit: str = "line") -> Furniture:
    """The running headers, footers and page numbers of a document's pages."""
    pages = [page for page in pages if page]
    running = _running(pages)
    numbered = _page_numbers(pages)
    # Each line dropped, with what it was: a page number, or the running line it repeats.
    dropped: dict[int, tuple[str, str]] = {}
    for index, page in enumerate(pages):
        for edge, lines in (("header", page), ("footer", page[::-1])):
            block: dict[int, tuple[str, str]] = {}
            inward = None
            for line in lines[:EDGE]:
                repeated = [key for key in _keys(line, index) if (edge, key) in running]
                if line.line in dropped:
                    continue  # a page with only its header: the header is no footer
                if line.text and line.line in numbered:
                    block[line.line] = ("page number", "")
                elif line.text and repeated:
                    block[line.line] = (f"running {edge}", min(repeated)[0])
                else:
                    inward = line
                    break
            peeled = [line for line in lines[:EDGE] if line.line in block]
            if peeled and _apart(peeled[-1], inward, edge):
                dropped.update(block)
    guesses: list[tuple[int, str]] = []
    kinds: dict[tuple[str, str], list[PageLine]] = defaultdict(list)
    for page in pages:
        for line in page:
            if line.line in dropped:
                kinds[dropped[line.line]].append(line)
    for (kind, _), lines in sorted(kinds.items(), key=lambda item: item[1][0].line):
        where = _where([line.line for line in lines], unit)
        example = _short(lines[0].text)
        if kind == "page number":
            said = (
                f"dropped the page numbers ({example}…)"
                if len(lines) > 1
                else (f"dropped the page number {example}")
            )
        elif _LINK.match(lines[0].text.strip()):
            said = f"dropped the link {example} repeated at the {kind[8:]} of each page"
        else:
            said = f"dropped the {kind} {example}"
        guesses.append((lines[0].line, f"{where}: {said}"))
    return Furniture(frozenset(dropped), tuple(guesses))


def text_pages(lines: Sequence[str]) -> list[list[PageLine]]:
    """The pages of a text, numbered from line 1: split at form feeds, else at page numbers.

    Text from a PDF (pdftotext) separates its pages with form feeds; text
    copied out of one has none, but its page numbers ("Page 2 of 5") still
    stand at the end (or the start) of each page.
    """
    numbered = [
        PageLine(text.replace("\f", "").strip(), index + 1) for index, text in enumerate(lines)
    ]
    if any("\f" in text for text in lines):
        pages: list[list[PageLine]] = [[]]
        for text, line in zip(lines, numbered, strict=True):
            for _ in range(text.count("\f")):
                pages.append([])
            if line.text:
                # A form feed ends the page before it: the line's own text, if any,
                # is at the start of the next page.
                pages[-1].append(line)
        return pages
    content = [line for line in numbered if line.text]
    marks = _page_marks(content)
    if len(marks) < 2:
        return [content]
    # Page numbers at the foot of each page end the text with the last one;
    # otherwise they stand at the head of each page.
    at_start = marks[-1] < len(content) - EDGE
    pages, start = [], 0
    for mark in marks:
        end = mark if at_start else mark + 1
        if end > start:
            pages.append(content[start:end])
        start = end
    if content[start:]:
        pages.append(content[start:])
    return pages


def text_furniture(text: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """A plain text with its page furniture blanked out (lines keep their numbers), and guesses."""
    lines = text.split("\n")
    furniture = find_furniture(text_pages(lines))
    if not furniture.lines:
        return text, ()
    kept = ["" if number + 1 in furniture.lines else line for number, line in enumerate(lines)]
    return "\n".join(kept), furniture.guesses


def _apart(last: PageLine, inward: PageLine | None, edge: str) -> bool:
    """Whether furniture stands apart from the text inside it, as a margin sets it.

    Known only where the lines' places are (a PDF); in a text, it is taken to.
    """
    if inward is None or last.place is None or inward.place is None:
        return True
    if last.bottom is None or inward.bottom is None or not inward.text:
        return True
    gap = inward.place - last.bottom if edge == "header" else last.place - inward.bottom
    # The lines of a paragraph stand closer than this; a margin, further.
    return gap > 0.6 * (last.bottom - last.place)


def _keys(line: PageLine, page: int) -> set[tuple[str, int | None]]:
    """The line as it would be on every page: as it is, and without the page's number."""
    # A running header may hold the page's number ("Notes, page 3", "3 | Allies").
    text = " ".join(line.text.casefold().split())
    numbered = re.sub(rf"\b{page + 1}\b", "#", _NUMBER_OF.sub("page #", text))
    return {(text, line.place), (numbered, line.place)}


def _running(pages: Sequence[Sequence[PageLine]]) -> set[tuple[str, tuple[str, int | None]]]:
    """The lines that stand at the same edge of most pages: of both of two, of three of more."""
    if len(pages) < 2:
        return set()
    counts: Counter[tuple[str, tuple[str, int | None]]] = Counter()
    for index, page in enumerate(pages):
        seen = {("header", key) for line in page[:EDGE] if line.text for key in _keys(line, index)}
        seen |= {
            ("footer", key) for line in page[-EDGE:] if line.text for key in _keys(line, index)
        }
        counts.update(seen)
    needed = max(min(len(pages), 3), math.ceil(len(pages) / 2))
    return {key for key, count in counts.items() if count >= needed and _could_be_running(key[1])}


def _could_be_running(key: tuple[str, int | None]) -> bool:
    # In a text, a single word ("Ongoing", "Lizzie") at the foot of two pages
    # is more likely a table cell than a footer; a PDF places it to the point.
    text, place = key
    return place is not None or len(text.split()) > 1 or bool(_LINK.match(text))


def _page_numbers(pages: Sequence[Sequence[PageLine]]) -> set[int]:
    """The lines at a page's edge that are its number, counting with the pages."""
    found: list[tuple[int, PageLine, int, bool]] = []
    for index, page in enumerate(pages):
        edges = {id(line): line for line in [*page[:EDGE], *page[-EDGE:]]}
        for line in edges.values():
            match = _PAGE_NUMBER.match(line.text.strip())
            if match:
                number = int(next(group for group in match.groups() if group is not None))
                found.append((index, line, number - index, match["bare"] is None))
    if not found:
        return set()
    # The numbers run with the pages, from wherever they start.
    offset, count = Counter(offset for _, _, offset, _ in found).most_common(1)[0]
    return {
        line.line
        for _, line, line_offset, explicit in found
        if line_offset == offset and (count >= 2 or (explicit and len(pages) == 1))
    }


def _page_marks(lines: Sequence[PageLine]) -> list[int]:
    """Where the lines naming the page's number stand: "Page 2 of 5", or "Notes – page 2".

    They are the same line but for the number, which counts up one a page.
    """
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, line in enumerate(lines):
        text = " ".join(line.text.casefold().split())
        match = _PAGE_PHRASE.search(text)
        if match:
            number = int(match["number"] or match["bare"])
            found[_PAGE_PHRASE.sub("page #", text)].append((index, number))
    for marks in sorted(found.values(), key=len, reverse=True):
        numbers = [number for _, number in marks]
        if len(marks) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            return [index for index, _ in marks]
    return []


def _where(numbers: list[int], unit: str) -> str:
    shown = ", ".join(str(n) for n in numbers[:8]) + ("…" if len(numbers) > 8 else "")
    return f"{unit} {shown}" if len(numbers) == 1 else f"{unit}s {shown}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 60 else text[:57] + "…")
