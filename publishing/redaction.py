"""The one redaction point: a meeting's notes in, the public document out.

`redact` is pure: it takes a frozen `Notes` snapshot and returns `PublicNotes`,
in which every section, passage and action marked financial, personal or
confidential has been replaced by a fixed placeholder ("Left out: personal
information", whatever the length of what it replaces), with the short public
explanation the group gave, where it gave one. Every public output —
the web page, PDF, Word file, feed, search and sitemap — is made from
`PublicNotes` alone, so none of them can show what it was never given.
`PublicNotes` checks on creation that no marked passage is left inside it.

Earlier actions the notes carry are shown only through published notes: each
row in the words this meeting recorded, or else as the notes that agreed the
action were published (`published`, given by the caller); a row with neither
is left out, so nothing of unpublished notes reaches the public.
"""

import datetime
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from notesfile.markup import (
    KIND_WORDS,
    PLACEHOLDERS,
    Block,
    Emphasis,
    Heading,
    Inline,
    Link,
    ListBlock,
    Marked,
    Node,
    Paragraph,
    Quote,
    Redacted,
    Strong,
    Table,
    Text,
    parse_blocks,
    parse_inline,
    placeholder,
    to_text,
    walk,
)
from notesfile.notes import (
    ActionReference,
    AgreedAction,
    Attendee,
    CarriedAction,
    Notes,
    letter,
)
from notesfile.vocabulary import CLOSED_STATUSES, KINDS, STATUSES

PUBLIC = "public"
# The words of the notes, defined once in notesfile.
STATUS_LABELS = STATUSES
KIND_LABELS = KINDS

Inlines = tuple[Inline, ...]
Blocks = tuple[Block, ...]


@dataclass(frozen=True)
class PublicAttendee:
    """Someone at the meeting, as the public sees them."""

    name: str
    role: str = ""
    takes_notes: bool = False
    introduction: Blocks = ()

    @property
    def label(self) -> str:
        """The name with its roles, as the notes write it: "Graham Hart (chair)"."""
        roles = [{"chair": "chair", "co_chair": "co-chair"}.get(self.role, "")]
        roles.append("notes" if self.takes_notes else "")
        shown = ", ".join(role for role in roles if role)
        return f"{self.name} ({shown})" if shown else self.name


@dataclass(frozen=True)
class PublicSection:
    """A section, or the placeholder that stands where a sensitive one was."""

    heading: Inlines
    blocks: Blocks
    kind: str = "discussion"
    presenter: Inlines = ()
    redacted: str = ""
    explanation: str = ""

    @property
    def placeholder(self) -> str:
        """The placeholder with its explanation, as one line of text."""
        return placeholder(self.redacted, self.explanation) if self.redacted else ""

    @property
    def placeholder_label(self) -> str:
        """The placeholder alone: "Left out: financial information"."""
        return PLACEHOLDERS[self.redacted] if self.redacted else ""

    @property
    def heading_text(self) -> str:
        return to_text(self.heading) if not self.redacted else self.placeholder


@dataclass(frozen=True)
class PublicAction:
    """A row of an actions table, or its placeholder.

    A row of earlier actions names the published notes that agreed it
    (`origin_date`, `origin_number`); rows published before rows said so, and
    rows whose notes are not published, name none.
    """

    label: str
    text: Inlines
    owner: Inlines
    deadline: Inlines
    status: str
    note: Inlines = ()
    redacted: str = ""
    origin_date: datetime.date | None = None
    origin_number: int = 0
    explanation: str = ""

    @property
    def placeholder(self) -> str:
        """The placeholder with its explanation, as one line of text."""
        return placeholder(self.redacted, self.explanation) if self.redacted else ""

    @property
    def placeholder_label(self) -> str:
        """The placeholder alone: "Left out: financial information"."""
        return PLACEHOLDERS[self.redacted] if self.redacted else ""

    @property
    def origin(self) -> str:
        """Where it was agreed: "25 Jan 2022, action 2"; "" where that is not public."""
        if self.origin_date is None:
            return ""
        return f"{self.origin_date:%-d %b %Y}, action {self.origin_number}"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "")

    @property
    def deadline_shown(self) -> Inlines:
        """The deadline as the group writes it: "25 Jan – complete", or "Complete" alone."""
        if self.redacted or self.status not in CLOSED_STATUSES:
            return self.deadline
        label = STATUS_LABELS[self.status]
        if label.casefold() in to_text(self.deadline).casefold():
            return self.deadline
        if not self.deadline:
            return (Text(label),)
        return (*self.deadline, Text(f" – {label.lower()}"))


@dataclass(frozen=True)
class LeftOut:
    """How much of the notes the public does not see, and of what kinds."""

    sections: int = 0
    actions: int = 0
    passages: int = 0
    kinds: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.sections or self.actions or self.passages)

    @property
    def summary(self) -> str:
        """In words: "1 section and 2 passages were left out: financial and personal
        information"."""
        counts = [
            f"{number} {noun if number == 1 else noun + 's'}"
            for number, noun in (
                (self.sections, "section"),
                (self.actions, "action"),
                (self.passages, "passage"),
            )
            if number
        ]
        if not counts:
            return ""
        verb = "was" if self.sections + self.actions + self.passages == 1 else "were"
        kinds = [KIND_WORDS[kind].removesuffix(" information") for kind in self.kinds]
        return f"{and_list(counts)} {verb} left out: {and_list(kinds)} information"


def and_list(words: Sequence[str]) -> str:
    """Words joined as a sentence joins them: "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


@dataclass(frozen=True)
class PublicNotes:
    """Everything the public may read of one meeting's notes."""

    group: str
    group_name: str
    date: datetime.date
    start: datetime.time | None
    end: datetime.time | None
    place: Inlines
    online: bool
    present: tuple[PublicAttendee, ...]
    guests: tuple[PublicAttendee, ...]
    apologies: tuple[str, ...]
    absent: tuple[str, ...]
    conflicts: Blocks
    actions: tuple[PublicAction, ...]
    carried: tuple[PublicAction, ...]
    sections: tuple[PublicSection, ...]
    next_meetings: tuple[Inlines, ...]
    previous_notes_agreed: bool = False

    def __post_init__(self) -> None:
        for node in self.nodes():
            if isinstance(node, Marked):
                raise ValueError("a marked passage reached the public notes")

    @property
    def title(self) -> str:
        return f"Meeting notes: {self.date:%A %-d %B %Y}"

    @property
    def time_range(self) -> str:
        if self.start and self.end:
            return f"{self.start:%H:%M}–{self.end:%H:%M}"
        return f"{self.start:%H:%M}" if self.start else ""

    @property
    def chair(self) -> PublicAttendee | None:
        return next((p for p in self.present + self.guests if p.role == "chair"), None)

    @property
    def carried_origins(self) -> bool:
        """Some earlier action says which published notes agreed it."""
        return any(row.origin for row in self.carried)

    def markup(self) -> Iterator[Sequence[Node]]:
        """Every stretch of markup in the document, in reading order."""
        yield self.place
        yield self.conflicts
        for person in self.present + self.guests:
            yield person.introduction
        for row in self.actions + self.carried:
            yield from (row.text, row.owner, row.deadline, row.note)
        for section in self.sections:
            yield from (section.heading, section.presenter, section.blocks)
        yield from self.next_meetings

    @property
    def left_out(self) -> LeftOut:
        """What the public does not see: sections, actions and passages, and their kinds."""
        sections = [section.redacted for section in self.sections if section.redacted]
        actions = [row.redacted for row in self.actions + self.carried if row.redacted]
        passages = [node.sensitivity for node in self.nodes() if isinstance(node, Redacted)]
        present = set(sections + actions + passages)
        return LeftOut(
            sections=len(sections),
            actions=len(actions),
            passages=len(passages),
            kinds=tuple(kind for kind in KIND_WORDS if kind in present),
        )

    def nodes(self) -> Iterator[Node]:
        """Every markup node in the document."""
        for stretch in self.markup():
            yield from walk(stretch)

    def text(self) -> str:
        """All the words of the document, for search and for checking."""
        parts = [self.group_name, self.title, self.time_range]
        parts += [p.label for p in self.present + self.guests] + list(self.apologies + self.absent)
        # Each stretch on its own: to_text walks into children itself, and
        # separate stretches must not run their words together.
        parts += [to_text(stretch) for stretch in self.markup()]
        parts += [section.placeholder for section in self.sections if section.redacted]
        parts += [row.placeholder for row in self.actions + self.carried if row.redacted]
        parts += [row.origin for row in self.carried]
        return " ".join(part for part in parts if part)


# What the public has seen of earlier actions: each one's row in the current
# publication of the notes that agreed it.
Published = Mapping[ActionReference, PublicAction]


def redact(notes: Notes, published: Published | None = None) -> PublicNotes:
    """The public document of a meeting: everything but what is marked sensitive.

    `published` holds what the public already saw of the earlier actions the
    notes carry (see the module's docstring); without it, only rows in this
    meeting's own words are shown.
    """
    seen: Published = published or {}
    shown = [row for row in notes.carried if _shown(row, seen)]
    attendees = {
        status: tuple(notes.attending(status))
        for status in ("present", "guest", "apologies", "absent")
    }
    return PublicNotes(
        group=notes.group,
        group_name=notes.group_name,
        date=notes.date,
        start=notes.start,
        end=notes.end,
        place=_inline(notes.place),
        online=notes.online,
        present=tuple(_attendee(a) for a in attendees["present"]),
        guests=tuple(_attendee(a) for a in attendees["guest"]),
        apologies=tuple(a.name for a in attendees["apologies"]),
        absent=tuple(a.name for a in attendees["absent"]),
        conflicts=_blocks(notes.conflicts),
        actions=tuple(_agreed(action) for action in notes.actions),
        carried=tuple(
            _carried(row.label or letter(index), row, seen) for index, row in enumerate(shown)
        ),
        sections=tuple(
            PublicSection(
                heading=(),
                blocks=(),
                kind=section.kind,
                redacted=section.sensitivity,
                explanation=section.withheld_why,
            )
            if section.sensitivity != PUBLIC
            else PublicSection(
                heading=_inline(section.heading),
                blocks=_blocks(section.body),
                kind=section.kind,
                presenter=_inline(section.presenter),
            )
            for section in notes.sections
        ),
        next_meetings=tuple(_inline(line) for line in notes.next_meetings),
        previous_notes_agreed=notes.previous_notes_agreed,
    )


def _attendee(attendee: Attendee) -> PublicAttendee:
    return PublicAttendee(
        name=attendee.name,
        role=attendee.role,
        takes_notes=attendee.takes_notes,
        introduction=_blocks(attendee.introduction),
    )


def _agreed(action: AgreedAction) -> PublicAction:
    label = str(action.number)
    if action.sensitivity != PUBLIC:
        return PublicAction(
            label, (), (), (), "", redacted=action.sensitivity, explanation=action.withheld_why
        )
    return PublicAction(
        label, _inline(action.text), _inline(action.owner), _inline(action.deadline), action.status
    )


def _shown(row: CarriedAction, published: Published) -> bool:
    """A row is public in this meeting's own words, or as its published notes agreed it."""
    return bool(row.text) or (row.reference is not None and row.reference in published)


def _carried(label: str, row: CarriedAction, published: Published) -> PublicAction:
    seen = published.get(row.reference) if row.reference else None
    # Where it came from is said only when those notes are published.
    origin_date = row.reference.agreed_on if seen and row.reference else None
    origin_number = row.reference.number if seen and row.reference else 0
    redacted = row.sensitivity if row.sensitivity != PUBLIC else ""
    explanation = row.withheld_why if redacted else ""
    if not row.text and seen is not None and not redacted:
        # Left out where its own notes left it out, for the reason they gave.
        redacted, explanation = seen.redacted, seen.explanation
    if redacted:
        return PublicAction(
            label, (), (), (), "", redacted=redacted, explanation=explanation,
            origin_date=origin_date, origin_number=origin_number,
        )  # fmt: skip
    agreed = seen if seen is not None and not seen.redacted else None
    return PublicAction(
        label,
        _inline(row.text) if row.text else agreed.text if agreed else (),
        _inline(row.owner) if row.owner else agreed.owner if agreed else (),
        _inline(row.deadline) if row.deadline else agreed.deadline if agreed else (),
        row.status,
        note=_inline(row.note),
        origin_date=origin_date,
        origin_number=origin_number,
    )


def carried_left_out(notes: Notes, published: Published) -> list[str]:
    """What the public notes leave out of the earlier actions, in words, by the notes they
    come from: "2 carried actions come from the notes of 6 June 2023, not yet published: they
    will be left out."

    A row that gives no wording of its own, of an action whose notes are not
    published (or not with that action), cannot be shown without them.
    """
    counts = Counter(
        row.reference.agreed_on
        for row in notes.carried
        if row.reference is not None and not _shown(row, published)
    )
    return [
        f"{count} carried action{'s' if count > 1 else ''} "
        f"come{'' if count > 1 else 's'} from the notes of {day:%-d %B %Y}, not yet published: "
        f"{'they' if count > 1 else 'it'} will be left out."
        for day, count in sorted(counts.items())
    ]


def _inline(source: str) -> Inlines:
    return _clean_all(parse_inline(source))


def _blocks(source: str) -> Blocks:
    return tuple(_clean_block(block) for block in parse_blocks(source))


def _clean(node: Inline) -> Inline:
    """The node with every marked passage inside it replaced by its placeholder."""
    match node:
        case Marked(sensitivity, _, _, why):
            return Redacted(sensitivity, why)
        case Emphasis(children):
            return Emphasis(_clean_all(children))
        case Strong(children):
            return Strong(_clean_all(children))
        case Link(href, children):
            return Link(href, _clean_all(children))
    return node


def _clean_all(nodes: Sequence[Inline]) -> Inlines:
    """Inlines cleaned, with a space between two placeholders that would otherwise touch.

    Two marked passages side by side stay two placeholders, read as two.
    """
    cleaned: list[Inline] = []
    for node in (_clean(node) for node in nodes):
        if cleaned and _edge(cleaned[-1], last=True) and _edge(node, last=False):
            cleaned.append(Text(" "))
        cleaned.append(node)
    return tuple(cleaned)


def _edge(node: Inline, *, last: bool) -> bool:
    """Whether a placeholder is the node's last (or first) visible piece."""
    match node:
        case Redacted():
            return True
        case Emphasis(children) | Strong(children) | Link(_, children):
            return bool(children) and _edge(children[-1 if last else 0], last=last)
    return False


def _clean_block(block: Block) -> Block:
    match block:
        case Paragraph(children):
            return Paragraph(_clean_all(children))
        case Heading(level, children):
            return Heading(level, _clean_all(children))
        case ListBlock(ordered, start, items):
            return ListBlock(
                ordered, start, tuple(tuple(_clean_block(b) for b in item) for item in items)
            )
        case Quote(children):
            return Quote(tuple(_clean_block(child) for child in children))
        case Table(head, rows):
            return Table(
                tuple(_clean_all(cell) for cell in head),
                tuple(tuple(_clean_all(cell) for cell in row) for row in rows),
            )
    return block


def redact_markdown(source: str) -> Blocks:
    """Markdown written for the public, such as a group's About text, with any marked passage
    replaced by its placeholder like everywhere else."""
    return _blocks(source)
