"""The sections of loose notes: which lines are headings, and each section's Markdown."""

import re
from dataclasses import dataclass, field

from notesfile.format import ACTIONS_HEADING, CARRIED_HEADING, markdown_table
from notesfile.notes import Section
from notesfile.reading.blocks import Block, Grid, Item, Line
from notesfile.reading.placements import Log, checked, fold, quote
from notesfile.reading.tables import TABLE_HEADINGS

TO_CHECK_HEADING = "To check: text the import could not place"
RESERVED_HEADINGS = {ACTIONS_HEADING.casefold(), CARRIED_HEADING.casefold()}
KIND_WORDS = {
    "update": "an update",
    "spotlight": "a spotlight",
    "next_steps": "next steps",
    "aob": "any other business",
    "edi": "equality, diversity and inclusion",
}


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


def is_heading(block: Line, marked: bool) -> bool:
    """A line that reads as a heading: stated as one, or short, capitalised and unpunctuated."""
    if block.heading:
        return True
    if marked:
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


def is_table_heading(text: str) -> bool:
    return fold(text) in TABLE_HEADINGS


@dataclass
class Draft:
    """A section being read: its heading and the blocks under it."""

    heading: str
    line: int
    blocks: list[Block] = field(default_factory=list)
    # Set when the table of actions under it was read: the heading was only its title.
    held_actions: bool = False


def collect(blocks: list[Block], marked: bool, log: Log) -> tuple[list[Block], list[Draft]]:
    """Text before the first heading, and the sections: each heading with the blocks under it.

    Headings one after another each open a section; a heading-like line with
    nothing after it at the very end is text after all (unless the document
    marks it as a heading).
    """
    unplaced: list[Block] = []
    drafts: list[Draft] = []
    pending: list[Line] = []
    for block in blocks:
        if isinstance(block, Line) and block.heading < 3 and is_heading(block, marked):
            pending.append(block)
            continue
        for line in pending:
            drafts.append(_open(line, log))
        pending = []
        if drafts:
            drafts[-1].blocks.append(block)
        else:
            if not unplaced:
                log.guess(
                    block.line,
                    f"text before the first heading went to {quote(TO_CHECK_HEADING)}",
                )
            unplaced.append(block)
    for line in pending:
        if line.heading:
            drafts.append(_open(line, log))
        elif drafts:
            drafts[-1].blocks.append(line)
        else:
            unplaced.append(line)
    return unplaced, drafts


def _open(line: Line, log: Log) -> Draft:
    heading = " ".join(line.text.split())
    checked(heading, line.line, log)
    kind = guess_kind(heading)
    described = f" ({KIND_WORDS[kind]})" if kind in KIND_WORDS else ""
    if is_table_heading(heading):
        pass  # what it heads is told once its table is read, or not
    elif line.heading:
        if described:
            log.guess(line.line, f"took {quote(heading)} as {KIND_WORDS[kind]}")
    else:
        log.guess(line.line, f"took {quote(heading)} as a section heading{described}")
    return Draft(heading, line.line)


def section(draft: Draft, log: Log) -> Section | None:
    """The section a draft becomes; None for a heading that only titled a table of actions."""
    body = markdown(draft.blocks, log)
    heading, to_check = draft.heading, False
    if fold(heading) in RESERVED_HEADINGS or (draft.held_actions and body):
        if draft.held_actions and not body:
            log.place(draft.line, draft.heading, "heading of the actions")
            return None
        heading, to_check = f"{heading} (to check)", True
        log.guess(
            draft.line,
            f"the text under {quote(draft.heading)} is not a table of actions; "
            "kept it as a section to check",
        )
    elif draft.held_actions:
        log.place(draft.line, draft.heading, "heading of the actions")
        return None
    went = f"section {heading!r}"
    log.place(draft.line, draft.heading, went, guessed=to_check)
    place_blocks(draft.blocks, went, log, guessed=to_check)
    return Section(heading, body, kind=guess_kind(heading), to_check=to_check)


def place_blocks(blocks: list[Block], went: str, log: Log, guessed: bool = False) -> None:
    for block in blocks:
        if isinstance(block, Grid):
            for index, row in enumerate(block.rows):
                log.place(block.row_line(index), " ".join(row), went, guessed)
        else:
            log.place(block.line, block.text, went, guessed)


def markdown(blocks: list[Block], log: Log) -> str:
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
            text = checked(escape_start(" ".join(block.text.split())), block.line, log)
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
                chunks.append("#" * min(block.heading, 6) + " " + checked(text, block.line, log))
            elif text:
                chunks.append(checked(escape_start(text), block.line, log))
        else:
            chunks.append(_table(block, log))
    if items:
        chunks.append("\n".join(items))
    return "\n\n".join(chunks)


def _table(grid: Grid, log: Log) -> str:
    width = max(len(row) for row in grid.rows)
    rows = [[" ".join(cell.split()) for cell in row] + [""] * (width - len(row))
            for row in grid.rows]  # fmt: skip
    for index, row in enumerate(rows):
        for cell in row:
            checked(cell, grid.row_line(index), log)
    return markdown_table(rows[0], rows[1:]).rstrip("\n")


def escape_start(text: str) -> str:
    """Keep a line of plain text from starting a Markdown heading or code block."""
    if text.startswith(("#", "```", "~~~")):
        return "\\" + text
    return text
