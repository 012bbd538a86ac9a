"""Agenda headings and actions written as lines, as secretaries type them outside any table.

Minutes number their agenda items ("1. Welcome and introductions",
"2) Minutes of the last meeting", "Item 3 – Finance"), and many record an
action where it was agreed, on a line of its own or at the end of a
paragraph: "ACTION: Lizzie to circulate the paper by Friday", "Action – GM
to contact the trust". `agenda_headings` makes the numbered items headings;
`action_lines` takes the actions out of the text, each with the owner the
line names before "to" and the deadline after a last "by", where it names one.
"""

import re
from dataclasses import dataclass

from notesfile.reading.blocks import Block, Item, Line
from notesfile.reading.sections import is_heading

# "Item 3 – Finance", "3. Finance", "3) Finance", "3 – Finance".
_AGENDA = re.compile(
    r"^(?:item\s+)?(?P<number>\d{1,2})(?:[.)]|\s+[–—-]|(?<=\d)(?=\s+[A-Z]))\s*(?P<text>\S.*)$",
    re.IGNORECASE,
)
_ITEM = re.compile(r"^item\s+\d{1,2}\s*[–—:.-]\s*(?P<text>\S.*)$", re.IGNORECASE)
# "ACTION: …", "Action – …", "Actions: …", "*Action:* …" at the start of a line,
# or "… agreed. Action: …" after a sentence of a paragraph.
_ACTION_START = re.compile(
    r"^[*_]*(?:(?:ACTIONS?|Actions?)[*_]*\s*[:–—-]|ACTIONS?[*_]*\s)[*_]*\s*(?P<text>\S.*)$"
)
_ACTION_AFTER = re.compile(r"(?<=[.!?])\s+[*_]*(?:ACTION|Action)[*_]*\s*:[*_]*\s*(?P<text>\S.*)$")
_OWNER = re.compile(r"^(?P<owner>.{1,80}?)\s+(?:to|will|agreed to|offered to)\s+\S", re.DOTALL)
_OWNER_SPLIT = re.compile(r"\s*(?:,|/|&|\band\b)\s*")
_OWNER_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|de|van|von|der|la|le)$")
_GROUPS = {"all", "everyone", "all allies", "all members", "team", "the team", "chair", "members"}
_DEADLINE = re.compile(
    r"\s(?:(?:by|before|no later than)\s+|(?=w/c\s|week commencing\s))"
    r"(?P<deadline>(?:the\s+)?(?:end of\s+)?(?:w/c\s+|week commencing\s+)?"
    r"(?:next meeting|the next meeting|next week|[A-Z\d][\w ,/.'’-]{0,40}?))\.?\s*$"
)
# "Circulate the paper (LC) by Friday", "Circulate the paper – Lizzie": the owner after.
_OWNER_AFTER = re.compile(
    r"\((?P<bracket>[^()]{1,40})\)|\s[–—-]\s*(?P<dashed>[^–—-]{1,40}?)\.?\s*$"
)
_WHEN_WORD = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b"
    r"|\bnext (?:meeting|week|month)\b|\bend of\b|\bspring|summer|autumn|winter\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WrittenAction:
    """An action written as a line: its words, who it names and by when, and the line it is on."""

    text: str
    owner: str
    deadline: str
    line: int
    # The line's words that went to the action, with its "ACTION:" label.
    written: str = ""


def agenda_heading(block: Block, before: Block | None, after: Block | None) -> Line | None:
    """A numbered agenda heading as a heading line, its number left out; None for anything else.

    A numbered line is a heading when it reads as one and stands alone, not
    in a list: neither the block before it nor the one after is a list item.
    """
    if isinstance(block, Item):
        if not block.ordered or block.depth or isinstance(before, Item) or isinstance(after, Item):
            return None
        text = block.text
    elif isinstance(block, Line) and not block.title:
        match = _ITEM.match(block.text) or _AGENDA.match(block.text)
        if match is None or (isinstance(after, Item) and not block.heading):
            return None
        text = match["text"]
    else:
        return None
    text = text.strip()
    if not text or _ACTION_START.match(text) or not is_heading(Line(text, block.line), False):
        return None
    level = block.heading if isinstance(block, Line) and block.heading else 1
    return Line(text, block.line, heading=level)


def action_in(text: str) -> tuple[str, str] | None:
    """The text before an action and the action's words, for a line holding one; else None."""
    match = _ACTION_START.match(text)
    if match is not None and (match["text"][:1].isalpha() or match["text"][:1] in "*_"):
        return "", match["text"].strip(" *_")
    match = _ACTION_AFTER.search(text)
    if match is not None:
        return text[: match.start()].strip(), match["text"].strip(" *_")
    return None


def owner_and_deadline(text: str) -> tuple[str, str]:
    """Who an action's words name before "to", and the deadline after a last "by"; "" for none."""
    owner = ""
    match = _OWNER.match(text)
    if match is not None and _names_people(match["owner"].strip(" ,")):
        owner = match["owner"].strip(" ,")
    if not owner:
        for after in _OWNER_AFTER.finditer(text):
            written = (after["bracket"] or after["dashed"] or "").strip(" ,")
            if _names_people(written) and not _WHEN_WORD.search(written):
                owner = written
                break
    deadline = ""
    found = _DEADLINE.search(text)
    if found is not None and _WHEN_WORD.search(found["deadline"]):
        deadline = found["deadline"].strip(" .,")
    return owner, deadline


def _names_people(written: str) -> bool:
    """Whether words name people: "Lizzie", "GM", "Sarah and Graham", "All"."""
    pieces = [piece for piece in _OWNER_SPLIT.split(written) if piece]
    return bool(pieces) and all(
        piece.casefold() in _GROUPS
        or (0 < len(piece.split()) <= 4 and all(_OWNER_WORD.match(w) for w in piece.split()))
        for piece in pieces
    )


def action_lines(blocks: list[Block]) -> tuple[list[Block], list[WrittenAction]]:
    """The blocks with the actions written as lines taken out, and the actions.

    What a paragraph says before its "Action:" stays where it was; the lines
    that were only an action are gone from the text, and held by the action.
    """
    kept: list[Block] = []
    actions: list[WrittenAction] = []
    for block in blocks:
        if isinstance(block, Line | Item) and not (isinstance(block, Line) and block.title):
            found = action_in(block.text)
            if found is not None and found[1]:
                before, words = found
                owner, deadline = owner_and_deadline(words)
                if not owner and _names_people(words.rstrip(".")):
                    # "… write to the trust. Action: GH": the sentence before is the action.
                    said = before or _last_text(kept)
                    owner, words = words.rstrip("."), _last_sentence(said) or words
                    deadline = owner_and_deadline(words)[1]
                written = block.text[len(before) :].strip() if before else block.text
                actions.append(WrittenAction(words, owner, deadline, block.line, written))
                if before:
                    kept.append(
                        Line(before, block.line, gap=getattr(block, "gap", False))
                        if isinstance(block, Line)
                        else Item(before, block.line, block.depth, block.ordered, block.number)
                    )
                continue
        kept.append(block)
    return kept, actions


def _last_text(blocks: list[Block]) -> str:
    last = blocks[-1] if blocks else None
    if isinstance(last, Line | Item) and not (isinstance(last, Line) and last.heading):
        return last.text
    return ""


def _last_sentence(text: str) -> str:
    """The last sentence of a paragraph: the action an "Action: GH" after it gives to GH."""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip())
    return sentences[-1] if sentences else ""


def agenda_headings(blocks: list[Block]) -> tuple[list[Block], list[tuple[int, str]]]:
    """The blocks with numbered agenda items made headings, and each one's line as written."""
    made: list[Block] = []
    changed: list[tuple[int, str]] = []
    for index, block in enumerate(blocks):
        before = blocks[index - 1] if index else None
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        heading = agenda_heading(block, before, after)
        if heading is None:
            made.append(block)
            continue
        made.append(heading)
        changed.append((block.line, block_text_of(block)))
    return made, changed


def block_text_of(block: Block) -> str:
    if isinstance(block, Item):
        return f"{block.number}. {block.text}" if block.number is not None else block.text
    return getattr(block, "text", "")
