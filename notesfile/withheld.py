"""What the notes keep from the public, found where it is written.

A section or an action is withheld by its sensitivity; a passage by a mark in
the Markdown of a field: `[the passage]{.financial until=2023-03-01 why="…"}`.
`fields` lists every stretch of Markdown in the notes with where it is;
`find_marks` finds each mark in a field's source, with its place in the text,
so that it can be listed, released (`unmark`) or added (`add_mark`) without
retyping anything around it. Django-free: the register, the release and the
sensitivity check build on it.
"""

import datetime
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attributes

from notesfile.markup import (
    SENSITIVE_MARKS,
    Marked,
    MarkupError,
    Node,
    mark_source,
    parse_blocks,
    parse_inline,
    to_text,
    walk,
)
from notesfile.notes import Notes


@dataclass(frozen=True)
class Field:
    """One stretch of Markdown in the notes, and where it is.

    `part` names the section, action or person it belongs to ("section", 2),
    ("action", 4), ("carried", 0), ("guest", "Jo Bloggs") or ("conflicts", "");
    `name` is the field of that part ("body", "heading", "text", "note",
    "introduction").
    """

    where: str
    part: tuple[str, int | str]
    name: str
    source: str
    blocks: bool

    def parse(self) -> Sequence[Node]:
        return parse_blocks(self.source) if self.blocks else parse_inline(self.source)


def fields(notes: Notes) -> Iterator[Field]:
    """Every field of the notes that may hold a marked passage, in reading order.

    Parts that are withheld whole (a section or an action that is not public)
    are left out: nothing inside them is public.
    """
    for person in notes.attendees:
        if person.introduction:
            yield Field(
                f"the introduction of {person.name}",
                ("guest", person.name),
                "introduction",
                person.introduction,
                blocks=True,
            )
    if notes.conflicts:
        yield Field(
            "the conflicts of interest", ("conflicts", ""), "conflicts", notes.conflicts, True
        )
    for action in notes.actions:
        if action.sensitivity == "public":
            yield Field(
                f"action {action.number}", ("action", action.number), "text", action.text, False
            )
    for index, carried in enumerate(notes.carried):
        if carried.sensitivity != "public":
            continue
        label = carried.label or str(carried.reference or index + 1)
        if carried.text:
            yield Field(f"earlier action {label}", ("carried", index), "text", carried.text, False)
        if carried.note:
            yield Field(
                f"the update on action {label}", ("carried", index), "note", carried.note, False
            )
    for index, section in enumerate(notes.sections):
        if section.sensitivity != "public":
            continue
        where = f"the section “{section.heading}”"
        yield Field(where, ("section", index), "heading", section.heading, blocks=False)
        if section.body:
            yield Field(where, ("section", index), "body", section.body, blocks=True)


@dataclass(frozen=True)
class Mark:
    """A marked passage as it is written in a field's source."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    sensitivity: str
    until: datetime.date | None
    why: str
    text: str

    def passage(self, source: str) -> str:
        """The passage as written, without its brackets and mark."""
        return source[self.inner_start : self.inner_end]

    def key(self, source: str) -> str:
        """Names this mark for as long as its passage and kind stay as they are."""
        return passage_key(self.sensitivity, self.passage(source))


def passage_key(kind: str, passage: str) -> str:
    """A short fingerprint of a passage of a kind: the same words give the same key."""
    normal = " ".join(passage.casefold().split())
    return hashlib.sha256(f"{kind}\n{normal}".encode()).hexdigest()[:20]


def find_marks(source: str, parse: Callable[[str], Sequence[Node]] = parse_blocks) -> list[Mark]:
    """Every mark in the source, in order, with where its brackets and passage are.

    The marks the parser reads are matched one to one with the bracketed spans
    found in the text; if the two disagree (a mark inside a code span, say),
    that is an error rather than a guess.
    """
    nodes = [node for node in walk(parse(source)) if isinstance(node, Marked)]
    spans = sorted(_mark_spans(source))
    if len(spans) != len(nodes) or any(
        span[4] != node.sensitivity for span, node in zip(spans, nodes, strict=True)
    ):
        raise MarkupError("the marks in this text could not be told apart; change it by hand")
    return [
        Mark(start, end, start + 1, inner_end, node.sensitivity, node.until, node.why,
             to_text(node.children))
        for (start, end, inner_end, _, _), node in zip(spans, nodes, strict=True)
    ]  # fmt: skip


def _mark_spans(source: str) -> Iterator[tuple[int, int, int, int, str]]:
    """(start, end, inner end, 0, sensitivity) of each `[…]{.kind …}` in the text."""
    i = 0
    while True:
        close = source.find("]{", i)
        if close < 0:
            return
        i = close + 1
        if _escaped(source, close):
            continue
        try:
            length, attributes = parse_attributes(source[close + 1 :])
        except ParseError:
            continue
        classes = str(attributes.get("class", "")).split()
        kind = next((name for name in SENSITIVE_MARKS if name in classes), None)
        opening = _opening(source, close)
        if kind is not None and opening is not None:
            yield opening, close + 1 + length + 1, close, 0, kind


def _escaped(source: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and source[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _opening(source: str, close: int) -> int | None:
    """The `[` that the `]` at `close` closes, counting nested brackets."""
    depth = 0
    for index in range(close - 1, -1, -1):
        char = source[index]
        if char not in "[]" or _escaped(source, index):
            continue
        if char == "]":
            depth += 1
        elif depth:
            depth -= 1
        else:
            return index
    return None


def unmark(source: str, mark: Mark) -> str:
    """The source with one mark taken off: its passage stays, as written."""
    return source[: mark.start] + mark.passage(source) + source[mark.end :]


def add_mark(
    source: str,
    start: int,
    end: int,
    sensitivity: str,
    parse: Callable[[str], Sequence[Node]] = parse_blocks,
) -> str:
    """The source with the text from `start` to `end` marked, checked to read as one mark more.

    Raises MarkupError where the mark would not hold (across lines, or cutting
    a link or emphasis in two), so that nothing is written that would publish
    the passage after all.
    """
    passage = source[start:end]
    if not passage.strip() or "\n" in passage:
        raise MarkupError("a mark must hold some text, inside one paragraph or list item")
    marked = source[:start] + mark_source(passage, sensitivity, None, "") + source[end:]
    before = find_marks(source, parse)
    after = find_marks(marked, parse)
    added = [mark for mark in after if mark.inner_start == start + 1]
    same_words = to_text(parse(marked)) == to_text(parse(source))
    if len(after) != len(before) + 1 or not added or added[0].passage(marked) != passage:
        raise MarkupError("this passage cannot be marked as it is written; mark it by hand")
    if not same_words:
        raise MarkupError("this passage cannot be marked as it is written; mark it by hand")
    return marked


def withheld_dates(notes: Notes) -> Iterator[tuple[str, datetime.date]]:
    """Every reconsider date in the notes, with what it belongs to."""
    for section in notes.sections:
        if section.sensitivity != "public" and section.withheld_until:
            yield f"the section “{section.heading}”", section.withheld_until
    for action in notes.actions:
        if action.sensitivity != "public" and action.withheld_until:
            yield f"action {action.number}", action.withheld_until
    for field in fields(notes):
        for node in walk(field.parse()):
            if isinstance(node, Marked) and node.until:
                yield f"a passage in {field.where}", node.until
