"""The public notes as plain lines of text: what the review compares when notes are corrected.

One line per paragraph, list item, table row, attendance list and action, in
reading order, so that a changed word shows as one changed line. Made from
`PublicNotes` alone, like every other public output.
"""

from collections.abc import Iterator

from notesfile.markup import (
    Block,
    CodeBlock,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Table,
    to_text,
)
from publishing.redaction import PublicAction, PublicNotes


def notes_text(notes: PublicNotes) -> str:
    """The public notes, a line for each thing a reader would see as one."""
    return "\n".join(_lines(notes))


def _lines(notes: PublicNotes) -> Iterator[str]:
    yield notes.title
    when = [notes.time_range, to_text(notes.place), "Online" if notes.online else ""]
    if any(when):
        yield " · ".join(part for part in when if part)
    yield "Present: " + (", ".join(p.label for p in notes.present) or "none recorded")
    if notes.apologies:
        yield "Apologies: " + ", ".join(notes.apologies)
    if notes.absent:
        yield "Absent: " + ", ".join(notes.absent)
    if notes.previous_notes_agreed:
        yield "The notes of the last meeting were agreed."
    for guest in notes.guests:
        yield f"Guest: {guest.label}"
        yield from _blocks(guest.introduction)
    if notes.conflicts:
        yield "Conflicts of interest:"
        yield from _blocks(notes.conflicts)
    for action in notes.actions:
        yield f"Action {action.label}: {_action(action, carried=False)}"
    for action in notes.carried:
        yield f"Action {action.label} (from a previous meeting): {_action(action, carried=True)}"
    for section in notes.sections:
        if section.redacted:
            yield section.placeholder
            continue
        yield f"## {section.heading_text}"
        if section.presenter:
            yield f"Presented by {to_text(section.presenter)}"
        yield from _blocks(section.blocks)
    for line in notes.next_meetings:
        yield f"Next meeting: {to_text(line)}"


def _action(action: PublicAction, *, carried: bool) -> str:
    """A row of an actions table, its cells as the public page shows them."""
    if action.redacted:
        return action.placeholder
    if carried:
        cells = [action.text, action.owner, action.deadline]
        shown = [to_text(cell) for cell in cells] + [action.status_label, to_text(action.note)]
    else:
        shown = [to_text(cell) for cell in (action.text, action.owner, action.deadline_shown)]
    return " · ".join(part for part in shown if part)


def _blocks(blocks: tuple[Block, ...], prefix: str = "") -> Iterator[str]:
    for block in blocks:
        match block:
            case Paragraph(children):
                yield prefix + to_text(children)
            case Heading(level, children):
                yield prefix + "#" * level + " " + to_text(children)
            case ListBlock(ordered, start, items):
                for number, item in enumerate(items, start=start):
                    marker = f"{number}. " if ordered else "- "
                    lines = list(_blocks(item))
                    yield prefix + marker + (lines[0] if lines else "")
                    yield from (prefix + "  " + line for line in lines[1:])
            case Quote(children):
                yield from _blocks(children, prefix + "> ")
            case CodeBlock(text):
                yield from (prefix + line for line in text.splitlines())
            case Rule():
                yield prefix + "---"
            case Table(head, rows):
                for row in (head, *rows):
                    yield prefix + " | ".join(to_text(cell) for cell in row)
