"""Hypothesis strategies for meetings' notes: attendance, sections with sensitive
passages, fuzzy deadlines and several owners."""

import datetime

from hypothesis import strategies as st

from notesfile.notes import ActionReference, AgreedAction, Attendee, CarriedAction, Notes, Section

NAMES = [
    "Niccola Hutchinson-Pascal", "Lizzie Cain", "Graham Hart", "Mandy Rudczenko",
    "Cristina Serrao", "Rob Horne", "Sarah Welsher", "Laura Crane", "Laura Cream",
    "Ian Needleman", "Simon Denegri", "Aisha O'Connor", "Zoë Brontë", "Marc",
]  # fmt: skip
KINDS = ["update", "spotlight", "discussion", "edi", "aob", "next_steps"]
SENSITIVITIES = ["public", "financial", "personal", "confidential"]
MARKS = ["financial", "personal", "confidential"]
STATUSES = ["open", "in_progress", "ongoing", "complete", "dropped"]
DEADLINES = [
    "", "Next meeting", "By next meeting", "Ongoing", "March", "TBC", "13 Feb",
    "July/Aug 2021", "25 Jan – complete", "2022-02-04", "Update at next meeting",
]  # fmt: skip
OWNERS = [
    "All", "Team", "Lizzie", "Nicc/Lizzie", "Co-ordinated by Nicc/Lizzie", "Sarah/ Graham",
    "Laura Cream and Marc", "Lizzie to organise", "",
]  # fmt: skip

word = st.text(
    alphabet=st.characters(
        codec="utf-8",
        categories=["L", "N"],
        include_characters="'’–-&%£$?!.,:;()/\"",
    ),
    min_size=1,
    max_size=10,
)


def words(min_size: int = 1, max_size: int = 8) -> st.SearchStrategy[str]:
    return st.lists(word, min_size=min_size, max_size=max_size).map(" ".join)


@st.composite
def inline(draw: st.DrawFn, marks: bool = True) -> str:
    """A line of Markdown: words, some emphasised or linked, some marked sensitive."""
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        text = draw(words(1, 5))
        style = draw(st.sampled_from(["plain", "plain", "em", "strong", "link", "mark"]))
        if style == "em":
            text = f"*{text}*"
        elif style == "strong":
            text = f"**{text}**"
        elif style == "link":
            text = f"[{text}](https://example.org/{draw(st.integers(0, 99))})"
        elif style == "mark" and marks:
            text = f"[{text}]{{.{draw(st.sampled_from(MARKS))}}}"
        pieces.append(text)
    return " ".join(pieces)


@st.composite
def body(draw: st.DrawFn) -> str:
    """A section body: paragraphs, lists and sub-headings."""
    blocks = []
    for _ in range(draw(st.integers(0, 4))):
        shape = draw(st.sampled_from(["paragraph", "paragraph", "list", "subheading"]))
        if shape == "list":
            items = draw(st.lists(inline(), min_size=1, max_size=4))
            blocks.append("\n".join(f"- {item}" for item in items))
        elif shape == "subheading":
            blocks.append(f"### {draw(words(1, 4))}")
        else:
            blocks.append(draw(inline()))
    return "\n\n".join(blocks)


heading = words(1, 6).filter(lambda text: not text.rstrip().endswith("#"))


@st.composite
def sections(draw: st.DrawFn) -> tuple[Section, ...]:
    made = []
    for _ in range(draw(st.integers(0, 5))):
        sensitivity = draw(st.sampled_from(SENSITIVITIES))
        made.append(
            Section(
                heading=draw(heading.filter(lambda h: h.casefold() not in _RESERVED)),
                body=draw(body()),
                kind=draw(st.sampled_from(KINDS)),
                sensitivity=sensitivity,
                presenter=draw(st.one_of(st.just(""), words(1, 3))),
                to_check=draw(st.booleans()),
                **draw(withheld(sensitivity)),
            )
        )
    return tuple(made)


@st.composite
def withheld(draw: st.DrawFn, sensitivity: str) -> dict[str, object]:
    """Why a part is withheld and when to reconsider it, for a part that is not public."""
    if sensitivity == "public":
        return {}
    return {
        "withheld_why": draw(st.one_of(st.just(""), words(1, 6))),
        "withheld_until": draw(
            st.one_of(st.none(), st.dates(datetime.date(2031, 1, 1), datetime.date(2035, 12, 31)))
        ),
    }


_RESERVED = {"actions", "actions from previous meetings"}


@st.composite
def attendees(draw: st.DrawFn) -> tuple[Attendee, ...]:
    names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=len(NAMES)))
    statuses = [draw(st.sampled_from(["present", "guest", "apologies", "absent"])) for _ in names]
    people = sorted(
        zip(names, statuses, strict=True),
        key=lambda pair: ["present", "guest", "apologies", "absent"].index(pair[1]),
    )
    there = [i for i, (_, status) in enumerate(people) if status in ("present", "guest")]
    chair = draw(st.sampled_from([None, *there]))
    co_chairs = draw(st.lists(st.sampled_from(there), unique=True, max_size=2)) if there else []
    notes_by = draw(st.lists(st.sampled_from(there), unique=True, max_size=2)) if there else []
    made = []
    for i, (name, status) in enumerate(people):
        role = "chair" if i == chair else "co_chair" if i in co_chairs else ""
        introduction = draw(inline()) if status == "guest" and draw(st.booleans()) else ""
        made.append(Attendee(name, status, role, i in notes_by, introduction))
    return tuple(made)


@st.composite
def agreed_actions(draw: st.DrawFn) -> tuple[AgreedAction, ...]:
    numbers = draw(st.lists(st.integers(1, 40), unique=True, max_size=9))
    sensitivities = [draw(st.sampled_from(SENSITIVITIES)) for _ in numbers]
    return tuple(
        AgreedAction(
            number=number,
            text=draw(inline()),
            owner=draw(st.sampled_from(OWNERS)),
            deadline=draw(st.sampled_from(DEADLINES)),
            status=draw(st.sampled_from(STATUSES)),
            sensitivity=sensitivity,
            **draw(withheld(sensitivity)),
        )
        for number, sensitivity in zip(sorted(numbers), sensitivities, strict=True)
    )


@st.composite
def carried_actions(draw: st.DrawFn, before: datetime.date) -> tuple[CarriedAction, ...]:
    """Rows of earlier actions: most continue an action by reference (in their own words or
    as agreed), some continue none and say what they were; some carry their own label."""
    references = draw(
        st.lists(
            st.builds(
                ActionReference,
                st.dates(datetime.date(2018, 1, 1), before - datetime.timedelta(days=1)),
                st.integers(1, 20),
            ),
            unique=True,
            max_size=5,
        )
    )
    continuing: list[ActionReference | None] = list(sorted(references))
    continuing += [None] * draw(st.integers(0, 2))
    return tuple(
        CarriedAction(
            reference=reference,
            text=draw(inline()) if reference is None else draw(st.one_of(st.just(""), inline())),
            owner=draw(st.sampled_from(OWNERS)),
            deadline=draw(st.sampled_from(DEADLINES)),
            status=draw(st.sampled_from(STATUSES)),
            note=draw(st.one_of(st.just(""), inline())),
            sensitivity=draw(st.sampled_from(SENSITIVITIES)),
            label=draw(st.sampled_from(["", "", "A", "B", "3", "iv"])),
        )
        for reference in continuing
    )


times = st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0)))


@st.composite
def notes(draw: st.DrawFn, group: str = "allies-group", carried: bool = True) -> Notes:
    """Notes of one meeting, with everything the format can hold."""
    date = draw(st.dates(datetime.date(2019, 1, 1), datetime.date(2030, 12, 31)))
    start, end = draw(times), draw(times)
    if start and end and end <= start:
        start, end = end, start
    if start and end and start == end:
        end = None
    return Notes(
        group=group,
        date=date,
        start=start,
        end=end,
        place=draw(st.one_of(st.just(""), words(1, 4))),
        online=draw(st.booleans()),
        attendees=draw(attendees()),
        conflicts=draw(st.one_of(st.just(""), st.just("None declared."), body())),
        previous_notes_agreed=draw(st.booleans()),
        sections=draw(sections()),
        actions=draw(agreed_actions()),
        carried=draw(carried_actions(before=date)) if carried else (),
        next_meetings=tuple(draw(st.lists(words(1, 6), max_size=3))),
    )


class Markers:
    """Unique words planted in generated notes: public ones must show, secret ones never."""

    def __init__(self) -> None:
        self.public: list[str] = []
        self.secret: list[str] = []

    def word(self, secret: bool) -> str:
        # Letters only, so no renderer or text extractor can split or restyle them.
        n = len(self.public) + len(self.secret)
        marker = ("zsec" if secret else "zpub") + "".join("abcdefghij"[int(d)] for d in f"{n:04d}")
        (self.secret if secret else self.public).append(marker)
        return marker


@st.composite
def marked_text(draw: st.DrawFn, markers: Markers, secret: bool, spans: bool = True) -> str:
    """A line holding a marker, and perhaps a sensitive passage holding a secret one."""
    text = f"{draw(words(0, 3))} {markers.word(secret)}".strip()
    if spans and not secret and draw(st.booleans()):
        mark = draw(st.sampled_from(MARKS))
        text += f" [{draw(words(0, 2))} {markers.word(True)}]{{.{mark}}}"
        if draw(st.booleans()):
            text += f" {markers.word(False)}"
    return text


@st.composite
def marked_body(draw: st.DrawFn, markers: Markers, secret: bool) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 3))):
        shape = draw(st.sampled_from(["paragraph", "list", "subheading", "emphasis"]))
        if shape == "list":
            items = [draw(marked_text(markers, secret)) for _ in range(draw(st.integers(1, 3)))]
            blocks.append("\n".join(f"- {item}" for item in items))
        elif shape == "subheading":
            blocks.append(f"### {draw(marked_text(markers, secret, spans=False))}")
        elif shape == "emphasis":
            blocks.append(f"**{draw(marked_text(markers, secret))}**")
        else:
            blocks.append(draw(marked_text(markers, secret)))
    return "\n\n".join(blocks)


@st.composite
def marked_notes(draw: st.DrawFn, group: str = "allies-group") -> tuple[Notes, Markers]:
    """Notes whose every sensitive section, passage and action carries a secret marker."""
    markers = Markers()
    date = draw(st.dates(datetime.date(2019, 1, 1), datetime.date(2030, 12, 31)))
    section_list = []
    for _ in range(draw(st.integers(1, 4))):
        sensitivity = draw(st.sampled_from(SENSITIVITIES))
        secret = sensitivity != "public"
        section_list.append(
            Section(
                heading=draw(marked_text(markers, secret, spans=False)),
                body=draw(marked_body(markers, secret)),
                kind=draw(st.sampled_from(KINDS)),
                sensitivity=sensitivity,
                presenter=markers.word(secret) if draw(st.booleans()) else "",
            )
        )
    actions = []
    for number in range(1, draw(st.integers(1, 4)) + 1):
        sensitivity = draw(st.sampled_from(SENSITIVITIES))
        secret = sensitivity != "public"
        actions.append(
            AgreedAction(
                number=number,
                text=draw(marked_text(markers, secret)),
                owner=markers.word(secret),
                deadline=draw(st.sampled_from(["", "March", "Ongoing"]))
                + " "
                + markers.word(secret),
                status=draw(st.sampled_from(STATUSES)),
                sensitivity=sensitivity,
            )
        )
    carried = []
    for number in range(1, draw(st.integers(0, 3)) + 1):
        sensitivity = draw(st.sampled_from(SENSITIVITIES))
        secret = sensitivity != "public"
        carried.append(
            CarriedAction(
                reference=ActionReference(date - datetime.timedelta(days=90), number),
                text=draw(marked_text(markers, secret)),
                owner=markers.word(secret),
                deadline=markers.word(secret),
                status=draw(st.sampled_from(STATUSES)),
                note=draw(marked_text(markers, secret)),
                sensitivity=sensitivity,
            )
        )
    people = draw(st.lists(st.sampled_from(NAMES), unique=True, min_size=2, max_size=6))
    attendees = [Attendee(people[0], "present", role="chair")]
    attendees += [
        Attendee(name, "guest", introduction=draw(marked_text(markers, False)))
        for name in people[1:2]
    ]
    attendees += [Attendee(name, "apologies") for name in people[2:]]
    notes = Notes(
        group=group,
        date=date,
        place=markers.word(False),
        attendees=tuple(attendees),
        conflicts=draw(marked_text(markers, False)),
        sections=tuple(section_list),
        actions=tuple(actions),
        carried=tuple(carried),
        next_meetings=(markers.word(False), draw(next_meeting_line(markers, date))),
    )
    return notes, markers


@st.composite
def next_meeting_line(draw: st.DrawFn, markers: Markers, agreed_on: datetime.date) -> str:
    """A "next meeting" on a day still to come, so the calendar names it, perhaps with a secret."""
    coming = max(agreed_on, datetime.date.today()) + datetime.timedelta(
        days=draw(st.integers(1, 60))
    )
    return f"{coming:%-d %B %Y}, 14:00–16:00 {draw(marked_text(markers, False))}"
