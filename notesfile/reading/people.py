"""Who was at the meeting: attendance lists, roles written in words, and guests.

Lists are read as people write them: names separated by commas, semicolons,
"and" or new lines, a long list wrapped over several lines (even in the
middle of a name), roles beside a name in brackets or not ("Graham Hart
(chair)", "Lizzie Cain – took the notes", "Rob, co-chairing") or on a line of
their own ("Chair: Graham Hart", "Notes taken by Lizzie Cain"), and guests
introduced at length over several lines.
"""

import re
from dataclasses import dataclass, replace

from notesfile.notes import ATTENDANCE_ORDER, Attendee
from notesfile.reading.blocks import Block, Item, Line
from notesfile.reading.placements import Log, checked, fold, quote

ATTENDANCE_LABELS = {
    "present": "present", "members present": "present", "in attendance": "present",
    "attendees": "present", "attending": "present", "attended": "present",
    "those present": "present", "members": "present", "attendance": "present",
    "apologies": "apologies", "apologies received": "apologies",
    "apologies for absence": "apologies", "sent apologies": "apologies",
    "apologies received from": "apologies", "apologies from": "apologies",
    "apologies were received from": "apologies", "with apologies": "apologies",
    "absent": "absent", "not present": "absent", "unable to attend": "absent",
    "guest": "guest", "guests": "guest", "visitors": "guest", "also present": "guest",
    "also attending": "guest", "guest speaker": "guest", "guest speakers": "guest",
}  # fmt: skip
ROLE_LABELS = {
    "chair": "chair", "chaired by": "chair", "chairing": "chair", "chairperson": "chair",
    "chair person": "chair", "co-chair": "co_chair", "co-chairs": "co_chair",
    "co chair": "co_chair", "co chairs": "co_chair", "co-chaired by": "co_chair",
    "notes by": "notes", "notes taken by": "notes", "note taker": "notes",
    "note-taker": "notes", "notetaker": "notes", "minutes by": "notes",
    "minutes taken by": "notes", "minute taker": "notes", "minute-taker": "notes",
    "secretary": "notes", "taking notes": "notes", "notes": "notes", "minutes": "notes",
}  # fmt: skip
ATTENDANCE_HEADINGS = {
    "members", "attendance", "attendees", "present", "in attendance", "who was there",
    "participants", "members present", "attending",
}  # fmt: skip
ROLE_WORDS = {"chair": "chairing", "co_chair": "co-chairing", "notes": "taking the notes"}
WENT = {
    "present": "present", "apologies": "apologies", "absent": "absent", "guest": "guest",
    "chair": "chair", "co_chair": "co-chair", "notes": "took the notes",
}  # fmt: skip

# "Present (online): …": how they attended, in brackets, is kept in the line, not the label.
_LABEL = re.compile(
    r"^(?P<label>[A-Za-z][A-Za-z /-]{0,40}?)\s*(?:\([^()]{1,30}\))?\s*:\s*(?P<value>.*)$"
)
# "Chaired by Graham Hart", "Notes taken by Lizzie": a role with no colon.
_BY = re.compile(
    r"^(?P<label>(?:co-?\s?)?chaired by|(?:notes|minutes)(?: taken| written)? by"
    r"|apologies(?: were)? received from|apologies from)\s+"
    r"(?P<value>\S.*)$",
    re.IGNORECASE,
)
_ROLES = (
    ("co_chair", r"co[- ]?chair(?:s|ing|ed|person)?(?: the meeting)?"),
    (
        "chair",
        r"(?:the |meeting )?chair(?:ing|ed|person|woman|man)?(?: the meeting)?"
        r"|in the chair|chaired(?: the meeting)?",
    ),
    (
        "notes",
        r"(?:who )?(?:took|taking|takes|take|taken)(?: the)? (?:notes|minutes)"
        r"|(?:notes?|minutes?)[- ]?tak(?:er|ing)|notetaker|notes|minutes|secretary"
        r"|(?:notes|minutes) taken|writing(?: up)?(?: the)? notes",
    ),
)
_ROLE = re.compile("|".join(f"(?P<{role}>{pattern})" for role, pattern in _ROLES))
_ROLE_SPLIT = re.compile(r"\s*(?:,|/|&|;|\band\b)\s*")
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
_ENDS_SEPARATED = re.compile(r"(?:,|;|&|\band|-)\s*$", re.IGNORECASE)
_GUEST_SEPARATOR = re.compile(r"\s+[–—-]\s+|:\s+")
_NAME_WORD = re.compile(r"^(?:[A-Z\u00C0-\u024F][\w'’.-]*|de|da|van|von|der|la|le|al|bin|ben)$")


# A role told in a sentence: "Jo chaired the meeting and Sam took the notes."
_ROLE_VERB = re.compile(
    r"\b(?:(?P<co_chair>co-?chaired(?: the meeting)?|(?:was|were) (?:the )?co-?chairs?)"
    r"|(?P<chair>chaired(?: the meeting)?|(?:was|were) (?:the )?chair|(?:was|were) in the chair)"
    r"|(?P<notes>took (?:the )?(?:notes|minutes)|wrote (?:up )?the (?:notes|minutes)"
    r"|(?:was|were) (?:the )?(?:note|minute)[- ]?takers?))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Listing:
    """A labelled list of people as written: its label, and the lines it took."""

    kind: str  # an attendance status, or a role: chair, co_chair, notes
    label: str
    lines: tuple[tuple[int, str], ...]
    # The list itself, each entry with the line it starts on.
    entries: tuple[tuple[int, str], ...]


def label_of(text: str) -> tuple[str, str, str] | None:
    """The kind, label and list of a line like "Present: Jo, Sam" or "Chaired by Jo"."""
    match = _LABEL.match(text) or _BY.match(text)
    if match is None:
        return None
    label, value = fold(match["label"]), match["value"].strip()
    kind = ATTENDANCE_LABELS.get(label) or ROLE_LABELS.get(label)
    if kind is None:
        return None
    if label in ("notes", "minutes") and (not value or any(c.isdigit() for c in value)):
        return None  # "Notes: 1 March 2023" is the date
    return kind, match["label"].strip(), value


# "Chair: Jo. Minutes: Sam", "Chair: Jo<tab>Minutes: Sam": two labels on one line.
_NEXT_LABEL = re.compile(
    r"(?:(?<=[.;,])\s+|\t+|\s{3,})(?=[A-Z][A-Za-z -]{0,40}?\s*(?:\([^()]{1,30}\))?\s*:)"
)


def label_parts(text: str) -> list[str]:
    """The labelled lists one line holds, each on its own; the line alone if it holds one."""
    parts = [part.strip() for part in _NEXT_LABEL.split(text) if part.strip()]
    if len(parts) > 1 and all(label_of(part) is not None for part in parts):
        # A full stop that ended a list before the next label is no part of a name.
        return [part.rstrip(".;,") if part != parts[-1] else part for part in parts]
    return [text]


def heading_label(line: Line, following: Block | None, marked: bool) -> tuple[str, str, str] | None:
    """The label of a heading like "Attendees" or "Apologies" with the people listed under it.

    Without a colon, the heading is a label only where what follows it is a list of names.
    """
    if line.heading >= 3 or line.title or line.text.rstrip().endswith(":"):
        return None
    written = " ".join(line.text.split())
    kind = ATTENDANCE_LABELS.get(fold(written))
    if kind is None or not isinstance(following, Line | Item):
        return None
    if isinstance(following, Line) and (following.heading or label_of(following.text)):
        return None
    if not _looks_like_entries(following.text, kind) and not (
        isinstance(following, Item) and _is_name(_partition(following.text)[0].strip())
    ):
        return None
    return kind, written, ""


def role_sentence(line: Line) -> list[Listing]:
    """The roles a sentence gives ("Jo chaired the meeting and Sam took the notes"), or none."""
    listings: list[Listing] = []
    start = 0
    for match in _ROLE_VERB.finditer(line.text):
        names = re.sub(r"^\s*(?:,|\.|;|\band\b)\s*", "", line.text[start : match.start()])
        names = names.strip()
        if not names or not all(_is_name(name) for name in _split(names)):
            return []
        kind = next(role for role in ("co_chair", "chair", "notes") if match[role])
        lines = () if listings else ((line.line, line.text),)
        listings.append(Listing(kind, match.group(0), lines, ((line.line, names),)))
        start = match.end()
    if line.text[start:].strip(" .") or not listings:
        return []
    return listings


def told_roles(blocks: list[Block], at: int) -> tuple[list[Listing], int]:
    """The roles a sentence at `at` gives, and how many lines it takes: one, or two if wrapped."""
    block = blocks[at]
    if not isinstance(block, Line) or block.heading or block.title:
        return [], 0
    found = role_sentence(block)
    if found:
        return found, 1
    after = blocks[at + 1] if at + 1 < len(blocks) else None
    if isinstance(after, Line) and after.text[:1].islower() and not after.heading:
        found = role_sentence(Line(f"{block.text} {after.text}", block.line))
        if found:
            both = ((block.line, block.text), (after.line, after.text))
            return [replace(found[0], lines=both), *found[1:]], 2
    return [], 0


def roles_in(text: str) -> frozenset[str] | None:
    """The roles a phrase names ("chair", "took the notes"); None if it says more than roles."""
    words = [w for w in _ROLE_SPLIT.split(fold(text).strip(" .()")) if w]
    roles = set()
    for word in words:
        match = _ROLE.fullmatch(word)
        if match is None:
            return None
        roles.add(next(role for role, _ in _ROLES if match[role]))
    return frozenset(roles) if roles else None


def gather(label: tuple[str, str, str], line: Line, after: list[Block]) -> tuple[Listing, int]:
    """The listing a labelled line starts, and how many of the blocks after it carry it on."""
    kind, written, value = label
    lines = [(line.line, line.text)]
    entries: list[tuple[int, str]] = [(line.line, value)] if value else []
    listed = bool(value) and bool(_SEPARATORS.search(value))
    taken = 0
    for index, block in enumerate(after):
        if told_roles(after, index)[0]:
            break
        if isinstance(block, Item):
            if value:
                break  # list items carry a label on only where its line had no list
            entries.append((block.line, block.text))
        elif isinstance(block, Line):
            if block.heading or block.title or label_of(block.text) or _BY.match(block.text):
                break
            if block.gap and entries:
                break
            text = block.text
            if entries and _continues(entries[-1][1], text, kind, listed):
                glue = "" if entries[-1][1].endswith("-") else " "
                entries[-1] = (entries[-1][0], entries[-1][1] + glue + text)
                listed = listed or bool(_SEPARATORS.search(text))
            elif _looks_like_entries(text, kind):
                entries.append((block.line, text))
                listed = listed or bool(_SEPARATORS.search(text))
            else:
                break
        else:
            break
        lines.append((block.line, block.text))
        taken += 1
    return Listing(kind, written, tuple(lines), tuple(entries)), taken


def _continues(before: str, text: str, kind: str, listed: bool) -> bool:
    """Whether a line carries on the list entry before it, wrapped where the line was full."""
    if _ENDS_SEPARATED.search(before) or text[:1].islower() or text[:1] in ",;&(":
        return True
    if kind == "guest":
        # An introduction runs on over lines; a new guest starts with a name, and after a
        # finished sentence a short line with no full stop is the next heading.
        last = before.rsplit(";", 1)[-1].strip()
        if ";" in before and last and _is_name(last) and len(last.split()) <= 3:
            return True  # "…trust.; Kemi" / "Hutchinson-Pascal – She has…": one name
        if _looks_like_entries(text, "guest"):
            return False
        if before.rstrip().endswith((".", ")")):
            return len(text.split()) > 6 or text.rstrip().endswith((".", ",", ";"))
        return True
    if not listed:
        # "Present: Graham" / "Martin": one name wrapped where the line was full.
        first = (_split(text) or [""])[0]
        return len(before.split()) == 1 and _is_name(first) and len(first.split()) <= 3
    # A comma-separated list wrapped over lines: the line goes on with the list, or
    # finishes a name broken in two ("…, Graham" / "Martin (chair), …").
    last = _split(before)[-1] if _split(before) else ""
    first = _split(text)[0] if _split(text) else ""
    if _SEPARATORS.search(text) and _is_name(_name_and_bracket(first)[0]):
        return True
    return len(last.split()) == 1 and _is_name(_name_and_bracket(first)[0])


def _looks_like_entries(text: str, kind: str) -> bool:
    """A line that is itself a list of people, or one person with a role or introduction."""
    pieces = _split(text)
    if not pieces:
        return False
    if kind == "guest":
        name, introduction = _partition(_name_and_bracket(text)[0])[0], _name_and_bracket(text)[1]
        separated = bool(_partition(text)[1] or introduction)
        return _is_name(name) and (separated or len(name.split()) >= 2)
    names = [_name_and_bracket(_trailing_role(piece)[0])[0] for piece in pieces]
    # "Jane Doe – Co-Production Collective": one person a line, with their organisation.
    names = [_partition(name)[0].strip() if _partition(name)[1] else name for name in names]
    # One word alone could as well be the next heading ("Updates").
    if len(pieces) == 1 and len(names[0].split()) < 2 and not _name_and_bracket(text)[1]:
        return False
    return all(_is_name(name) or roles_in(name) for name in names)


def _is_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 5 and all(_NAME_WORD.match(word) for word in words)


def _split(text: str) -> list[str]:
    return split_outside_brackets(text, _SEPARATORS)


def read_listings(listings: list[Listing], log: Log) -> tuple[Attendee, ...]:
    """The attendees the listings name, with their roles; each line placed where it went."""
    people: list[_Person] = []
    roles: list[tuple[str, str, int]] = []
    for listing in listings:
        for line, text in listing.lines:
            log.place(line, text, WENT[listing.kind])
        for line, value in listing.entries:
            if listing.kind in ROLE_WORDS:
                for name in _split(value):
                    name = " ".join(name.split()).strip(" .")
                    if name:
                        roles.append((name, listing.kind, line))
                continue
            entries = guest_entries(value) if listing.kind == "guest" else _split(value)
            pieces: list[str] = []
            for entry in entries:
                # "Graham Hart, Chair, Lizzie": a role alone belongs to the name before it.
                if pieces and roles_in(entry):
                    pieces[-1] = f"{pieces[-1]} ({entry.strip()})"
                else:
                    pieces.append(entry)
            for entry in pieces:
                person = _person(entry, listing, line, people, log)
                if person is not None:
                    people.append(person)
    return _attendees(people, roles, log)


@dataclass
class _Person:
    name: str
    status: str
    line: int
    roles: frozenset[str] = frozenset()
    introduction: str = ""


def _person(
    entry: str, listing: Listing, line: int, people: list["_Person"], log: Log
) -> "_Person | None":
    status, label = listing.kind, listing.label
    entry = " ".join(entry.split()).strip()
    if not entry.strip(" ."):
        return None
    name, bracket = _name_and_bracket(entry)
    roles: frozenset[str] = frozenset()
    introduction = ""
    guest = re.match(r"^(?:a\s+)?guest(?:\s+speaker)?\b\s*[,:;–—-]?\s*(?P<rest>.*)$", bracket, re.I)
    if guest and status in ("present", "guest"):
        # "Kemi Adeyemi (guest, Wellcome Trust)" among those present: a guest, so introduced.
        status, bracket = "guest", guest["rest"]
        log.guess(line, f"read {quote(entry)} as a guest")
        introduction = bracket
        bracket = ""
    if bracket:
        found = roles_in(bracket)
        if found:
            roles = found
        elif status == "guest":
            introduction = bracket
        else:
            _to_check(log, f"{log.at(line)}, {label}: {entry}", line)
            log.guess(line, f"did not understand the brackets in {quote(entry)}")
    if not roles:
        name, found = _trailing_role(name)
        roles = found or roles
    if status == "guest" and not introduction:
        name, _, introduction = (part.strip() for part in _partition(name))
    elif not roles:
        before, separator, after = _partition(name)
        found = roles_in(after) if separator else None
        if found:
            name, roles = before.strip(), found
        elif separator and _is_name(before.strip()) and not _is_name(name):
            # "Jane Doe – UCL": a member's organisation; only a guest has an introduction.
            name = before.strip()
            _to_check(log, f"{log.at(line)}, {label}: {entry}", line)
            log.guess(line, f"read {quote(entry)} as {name}; kept what follows the name to check")
    name = name.strip(" .")
    if len(name.split()) > 5 or len(name) > 80 or not any(c.isalpha() for c in name):
        _to_check(log, f"{log.at(line)}, {label}: {entry}", line)
        log.guess(line, f"{quote(entry)} does not look like a name; left it to check")
        return None
    if introduction:
        introduction = checked(introduction, line, log)
    known = next((p for p in people if fold(p.name) == fold(name)), None)
    if known:
        _to_check(
            log, f"{log.at(line)}, {label}: {entry} (listed twice; kept as {known.status})", line
        )
        log.guess(line, f"{name} is listed twice; kept them as {known.status}")
        return None
    if roles:
        described = " and ".join(sorted(ROLE_WORDS[role] for role in roles))
        log.guess(line, f"read {quote(entry)} as {name}, {described}")
    return _Person(name, status, line, roles, introduction)


def _attendees(
    people: list[_Person], role_lines: list[tuple[str, str, int]], log: Log
) -> tuple[Attendee, ...]:
    for name, role, line in role_lines:
        person = _find(people, name)
        if person is None:
            person = _Person(name, "present", line)
            people.append(person)
            log.guess(line, f"{name} was not listed as present; added them as present")
        person.roles = person.roles | {role}
    chair_taken = False
    attendees = []
    for person in sorted(people, key=lambda p: ATTENDANCE_ORDER.index(p.status)):
        there = person.status in ("present", "guest")
        if person.roles and not there:
            log.guess(person.line, f"{person.name} was not there, so their role in "
                                   "brackets was not recorded")  # fmt: skip
        role = ""
        if there and "chair" in person.roles and not chair_taken:
            role, chair_taken = "chair", True
        elif there and person.roles & {"chair", "co_chair"}:
            role = "co_chair"
            if "chair" in person.roles:
                log.guess(person.line, f"a second chair, {person.name}, became a co-chair")
        attendees.append(
            Attendee(
                name=person.name,
                status=person.status,
                role=role,
                takes_notes=there and "notes" in person.roles,
                introduction=person.introduction if person.status == "guest" else "",
            )
        )
    return tuple(attendees)


def _find(people: list[_Person], name: str) -> _Person | None:
    """The person a role line names: by full name, or by a first name only one person has.

    A title is no part of the name to find them by: "Minutes: Sarah Welsher"
    names "Ms Sarah Welsher", and "Chair: Dr Jo Bloggs" names "Jo Bloggs".
    """
    exact = [p for p in people if untitled(p.name) == untitled(name)]
    if exact:
        return exact[0]
    first = [p for p in people if untitled(p.name).split()[:1] == untitled(name).split()]
    return first[0] if len(first) == 1 else None


_TITLE = re.compile(
    r"^(?:dr|prof|professor|mr|mrs|ms|miss|mx|cllr|councillor|rev|revd|sir|dame|lord|lady)\.?\s+"
)


def untitled(name: str) -> str:
    """A name folded, without a title before it: "Prof. Mark Smith" → "mark smith"."""
    return _TITLE.sub("", fold(name))


def known_names(attendees: tuple[Attendee, ...]) -> set[str]:
    """The names of the people listed and their words, folded, to know an owner by."""
    words = {word for person in attendees for word in re.split(r"[\s/]+", fold(person.name))}
    # A double-barrelled name may be broken at its hyphen; whole names are known too.
    parts = {part for word in words for part in (word, *word.split("-")) if part}
    return parts | {fold(person.name) for person in attendees}


# Small pieces of text.


def _to_check(log: Log, text: str, line: int) -> None:
    log.to_check.append(checked(" ".join(text.split()), line, log))


def _trailing_role(text: str) -> tuple[str, frozenset[str] | None]:
    """ "Graham Hart, chair" or "Graham Hart chairing" → ("Graham Hart", {"chair"})."""
    words = text.split()
    for cut in range(min(len(words) - 1, 4), 0, -1):
        head, tail = " ".join(words[:-cut]), " ".join(words[-cut:])
        found = roles_in(tail)
        if found and head:
            return head.rstrip(" ,–—-"), found
    return text, None


def split_outside_brackets(text: str, separators: re.Pattern[str]) -> list[str]:
    """Split a list of names, but not inside brackets: "Jo (chair, notes), Sam"."""
    pieces, start, depth = [], 0, 0
    masked = []
    for char in text:
        if char == "(":
            depth += 1
        masked.append("\0" if depth and char not in "()" else char)
        if char == ")":
            depth = max(depth - 1, 0)
    for match in separators.finditer("".join(masked)):
        pieces.append(text[start : match.start()])
        start = match.end()
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def guest_entries(value: str) -> list[str]:
    """Guests with introductions: "Jo (a researcher), Sam", or one "Jo – a researcher, …"."""
    if ";" in value:
        return [part for part in (p.strip() for p in value.split(";")) if part]
    _, bracket = _name_and_bracket(value)
    if not bracket and _GUEST_SEPARATOR.search(value):
        return [value]
    return split_outside_brackets(value, re.compile(r"\s*,\s*"))


def _partition(entry: str) -> tuple[str, str, str]:
    match = _GUEST_SEPARATOR.search(entry)
    if match is None:
        return entry, "", ""
    return entry[: match.start()], match.group(0), entry[match.end() :]


def _name_and_bracket(entry: str) -> tuple[str, str]:
    """ "Graham Hart (chair)" → ("Graham Hart", "chair")."""
    match = re.fullmatch(r"(?P<name>[^()]*?)\s*\((?P<bracket>.*)\)\s*", entry)
    if match is None:
        return entry, ""
    return match["name"].strip(), match["bracket"].strip()
