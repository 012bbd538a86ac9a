"""The notes format: a meeting's notes as Markdown with YAML front matter.

docs/notes-format.md describes it for people. `parse_notes` reads it and
`format_notes` writes it; for any notes the format can hold,
`parse_notes(format_notes(notes)) == notes`.
"""

import datetime
import itertools
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attributes
from mdit_py_plugins.front_matter import front_matter_plugin

from notesfile.markup import MarkupError, parse_blocks, parse_inline
from notesfile.markup import unescape_attribute as _unescape
from notesfile.notes import (
    ActionReference,
    AgreedAction,
    Attendee,
    CarriedAction,
    Notes,
    Section,
)
from notesfile.vocabulary import KIND_MARKS, STATUS_WORDS, WITHHOLDING
from notesfile.vocabulary import STATUSES as STATUS_NAMES

# The format's names for the vocabulary's words: marks on headings, words in tables.
KINDS = KIND_MARKS
SENSITIVITIES = WITHHOLDING
STATUSES = STATUS_WORDS
STATUS_LABELS = STATUS_NAMES
ACTIONS_HEADING = "Actions"
CARRIED_HEADING = "Actions from previous meetings"
ACTION_COLUMNS = {
    "number": ("number", "no", "no.", "#"),
    "action": ("action", "agreed approach"),
    "owner": ("owner", "person taking this on", "who"),
    "deadline": ("deadline", "by when"),
    "status": ("status",),
    "sensitivity": ("sensitivity",),
    "withheld_why": ("why withheld", "why left out"),
    "withheld_until": ("withheld until", "reconsider after"),
}
CARRIED_COLUMNS = {
    "label": ("label",),
    "reference": ("reference", "ref", "action reference"),
    "action": ACTION_COLUMNS["action"],
    "owner": ACTION_COLUMNS["owner"],
    "deadline": ACTION_COLUMNS["deadline"],
    "status": ("status",),
    "note": ("note", "update"),
    "sensitivity": ("sensitivity",),
}
FRONT_MATTER_FIELDS = {
    "group", "date", "start", "end", "place", "online", "chair", "co_chairs", "notes_by",
    "present", "apologies", "absent", "guests", "conflicts", "previous_notes_agreed",
    "next_meetings",
}  # fmt: skip


class NotesFormatError(ValueError):
    """Notes that cannot be read, with the line or field at fault."""

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        unit: str = "line",
    ):
        self.message = message
        self.line = line
        self.field = field
        # A Word document has paragraphs and tables rather than lines.
        self.unit = unit
        where = [f"{unit} {line}"] if line else []
        where += [f"field {field!r}"] if field else []
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


# Reading.


@cache
def _reader() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.enable("table")
    md.use(front_matter_plugin)
    md.use(attrs_plugin, after=(), spans=True, allowed=("class",))
    md.core.ruler.after("block", "heading_attributes", _heading_attributes)
    return md


def _heading_attributes(state: StateCore) -> None:
    """Take Pandoc-style attributes off the end of a heading: `## Funding {.financial}`."""
    tokens = state.tokens
    for opening, inline in itertools.pairwise(tokens):
        if opening.type != "heading_open" or inline.type != "inline":
            continue
        text = inline.content.rstrip()
        if not text.endswith("}"):
            continue
        for start in (i for i, char in enumerate(text) if char == "{"):
            if start and not text[start - 1].isspace():
                continue
            try:
                end, attributes = parse_attributes(text[start:])
            except ParseError:
                continue
            if start + end == len(text) - 1:
                inline.content = text[:start].rstrip()
                opening.meta["attributes"] = attributes
                break


def parse_notes(text: str, default_group: str | None = None) -> Notes:
    """Read notes written in the notes format."""
    # markdown-it counts lines this way too, so its line numbers index `lines`.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    tokens = _reader().parse(text)
    lines = text.split("\n")
    if not tokens or tokens[0].type != "front_matter":
        raise NotesFormatError("the notes must start with YAML front matter between --- lines")
    header = _front_matter(tokens[0])
    group = header.get("group") or default_group
    if not group:
        raise NotesFormatError("no group: name one in the front matter", field="group")
    date = _date(header.get("date"), "date")

    sections: list[Section] = []
    actions: tuple[AgreedAction, ...] = ()
    carried: tuple[CarriedAction, ...] = ()
    headings = [
        i
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.level == 0 and t.tag in ("h1", "h2")
    ]
    _refuse_text_before(tokens, headings)
    for n, i in enumerate(headings):
        opening, inline = tokens[i], tokens[i + 1]
        line = _line(opening)
        end = headings[n + 1] if n + 1 < len(headings) else len(tokens)
        if opening.tag == "h1":
            if end > i + 3:
                raise NotesFormatError("put text under a ## section, not the # title", line=line)
            continue
        heading = inline.content.strip()
        attributes = opening.meta.get("attributes", {})
        if heading.casefold() == ACTIONS_HEADING.casefold():
            _no_attributes(attributes, heading, line)
            actions = _agreed_actions(tokens[i + 3 : end], line)
        elif heading.casefold() == CARRIED_HEADING.casefold():
            _no_attributes(attributes, heading, line)
            carried = _carried_actions(tokens[i + 3 : end], line)
        else:
            sections.append(_section(heading, attributes, tokens, i, end, lines, line))

    return Notes(
        group=str(group),
        date=date,
        start=_time(header.get("start"), "start"),
        end=_time(header.get("end"), "end"),
        place=_text(header.get("place"), "place"),
        online=_bool(header.get("online"), "online"),
        attendees=_attendees(header),
        conflicts=_text(header.get("conflicts"), "conflicts"),
        previous_notes_agreed=_bool(header.get("previous_notes_agreed"), "previous_notes_agreed"),
        sections=tuple(sections),
        actions=actions,
        carried=carried,
        next_meetings=tuple(_names(header.get("next_meetings"), "next_meetings")),
    )


def _line(token: Token) -> int | None:
    return token.map[0] + 1 if token.map else None


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad one is reported against its field.

    It refuses aliases (`*name`): notes never need them, and a few nested ones
    can make a short file expand into an enormous value.
    """

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed", self.peek_event().start_mark
            )
        return super().compose_node(parent, index)


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def _front_matter(token: Token) -> dict[str, Any]:
    try:
        header = yaml.load(token.content, Loader=_Loader)  # noqa: S506 (a safe loader)
    except RecursionError:
        raise NotesFormatError("the front matter is nested too deeply") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise NotesFormatError(f"front matter is not valid YAML: {problem}", line=line) from None
    if header is None:
        header = {}
    if not isinstance(header, dict):
        raise NotesFormatError("the front matter must be a list of fields, like date: 2022-01-25")
    unknown = sorted(str(key) for key in header if key not in FRONT_MATTER_FIELDS)
    if unknown:
        raise NotesFormatError(
            f"unknown field; the fields are {', '.join(sorted(FRONT_MATTER_FIELDS))}",
            field=unknown[0],
        )
    return header


def _refuse_text_before(tokens: Sequence[Token], headings: list[int]) -> None:
    first = headings[0] if headings else len(tokens)
    for token in tokens[1:first]:
        if token.level == 0 and token.nesting >= 0:
            raise NotesFormatError(
                "text before the first section; start each section with a ## heading",
                line=_line(token),
            )


def _no_attributes(attributes: dict[str, Any], heading: str, line: int | None) -> None:
    if attributes:
        raise NotesFormatError(
            f'the "{heading}" heading takes no marks; mark single actions in the table',
            line=line,
        )


def _section(
    heading: str,
    attributes: dict[str, Any],
    tokens: Sequence[Token],
    i: int,
    end: int,
    lines: list[str],
    line: int | None,
) -> Section:
    kind, sensitivity, to_check = "discussion", "public", False
    for name in str(attributes.get("class", "")).split():
        if name in KINDS:
            kind = KINDS[name]
        elif name in SENSITIVITIES:
            sensitivity = name
        elif name == "check":
            to_check = True
        else:
            raise NotesFormatError(
                f"unknown mark .{name} on a heading; use one of "
                + ", ".join(f".{mark}" for mark in (*KINDS, *SENSITIVITIES, "check")),
                line=line,
            )
    extra = set(attributes) - {"class", "presenter", "why", "until"}
    if extra:
        raise NotesFormatError(f"unknown attribute {sorted(extra)[0]} on a heading", line=line)
    _checked(parse_inline, heading, line)
    heading_map = tokens[i].map
    body_start = heading_map[1] if heading_map else 0
    following = next((t.map for t in tokens[end:] if t.map), None)
    body_end = following[0] if following else len(lines)
    body = "\n".join(lines[body_start:body_end]).strip("\n")
    body = "\n".join(row.rstrip() for row in body.splitlines())
    _checked(parse_blocks, body, body_start + 1 + _leading_blank_lines(lines, body_start))
    return Section(
        heading=heading,
        body=body,
        kind=kind,
        sensitivity=sensitivity,
        presenter=_unescape(str(attributes.get("presenter", ""))),
        to_check=to_check,
        withheld_why=_unescape(str(attributes.get("why", ""))).strip(),
        withheld_until=_until(str(attributes.get("until", "")), line),
    )


def _leading_blank_lines(lines: list[str], start: int) -> int:
    count = 0
    while start + count < len(lines) and not lines[start + count].strip():
        count += 1
    return count


def _checked(parse: Callable[[str, int], object], source: str, line: int | None) -> None:
    try:
        parse(source, line or 1)
    except MarkupError as error:
        raise NotesFormatError(error.message, line=error.line) from None


def _table(
    tokens: Sequence[Token],
    columns: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    heading_line: int | None,
) -> list[tuple[int | None, dict[str, str]]]:
    """The rows of the one table under a heading, as {column: raw Markdown}."""
    blocks = [t for t in tokens if t.level == 0 and t.nesting >= 0]
    if not blocks:
        return []
    if blocks[0].type != "table_open" or any(t.type != "table_open" for t in blocks[1:]):
        stray = next(t for t in blocks if t.type != "table_open")
        raise NotesFormatError("only a table can go here", line=_line(stray))
    if len(blocks) > 1:
        raise NotesFormatError("only one table can go here", line=_line(blocks[1]))

    rows: list[tuple[int | None, list[str]]] = []
    current: list[str] = []
    row_line: int | None = None
    for token in tokens:
        if token.type == "tr_open":
            current, row_line = [], _line(token)
        elif token.type == "inline":
            current.append(token.content.strip())
        elif token.type == "tr_close":
            rows.append((row_line, current))
    header_line, header = rows[0]
    names: list[str | None] = []
    for title in header:
        folded = " ".join(title.casefold().split())
        names.append(next((key for key, aliases in columns.items() if folded in aliases), None))
    missing = [name for name in required if name not in names]
    if missing:
        raise NotesFormatError(
            f"the table has no {', '.join(m.title() for m in missing)} column "
            f"(it needs {', '.join(r.title() for r in required)})",
            line=header_line or heading_line,
        )
    unknown = [title for title, name in zip(header, names, strict=True) if name is None]
    if unknown:
        raise NotesFormatError(f"unknown column {unknown[0]!r}", line=header_line)
    return [
        (line, {name: cell for name, cell in zip(names, cells, strict=True) if name})
        for line, cells in rows[1:]
    ]


def _agreed_actions(tokens: Sequence[Token], heading_line: int | None) -> tuple[AgreedAction, ...]:
    required = ("number", "action", "owner", "deadline")
    actions: list[AgreedAction] = []
    for line, row in _table(tokens, ACTION_COLUMNS, required, heading_line):
        for column in ("action", "owner", "deadline"):
            _checked(parse_inline, row[column], line)
        actions.append(
            AgreedAction(
                number=_number(row["number"], line),
                text=_required(row["action"], "Action", line),
                owner=row["owner"],
                deadline=row["deadline"],
                status=_status(row.get("status", ""), line),
                sensitivity=_sensitivity(row.get("sensitivity", ""), line),
                withheld_why=row.get("withheld_why", ""),
                withheld_until=_until(row.get("withheld_until", ""), line),
            )
        )
    numbers = [action.number for action in actions]
    if len(set(numbers)) != len(numbers):
        raise NotesFormatError("two actions have the same number", line=heading_line)
    return tuple(actions)


def _carried_actions(
    tokens: Sequence[Token], heading_line: int | None
) -> tuple[CarriedAction, ...]:
    carried: list[CarriedAction] = []
    for line, row in _table(tokens, CARRIED_COLUMNS, ("status",), heading_line):
        for column in ("action", "owner", "deadline", "note"):
            _checked(parse_inline, row.get(column, ""), line)
        written = row.get("reference", "")
        if not written and not row.get("action"):
            raise NotesFormatError(
                "a row of earlier actions needs its Reference or its Action", line=line
            )
        carried.append(
            CarriedAction(
                reference=_reference(written, line) if written else None,
                text=row.get("action", ""),
                owner=row.get("owner", ""),
                deadline=row.get("deadline", ""),
                status=_status(row["status"], line),
                note=row.get("note", ""),
                sensitivity=_sensitivity(row.get("sensitivity", ""), line),
                label=row.get("label", ""),
            )
        )
    return tuple(carried)


def _required(value: str, column: str, line: int | None) -> str:
    if not value:
        raise NotesFormatError(f"the {column} column is empty", line=line)
    return value


def _number(value: str, line: int | None) -> int:
    digits = value.rstrip(".")
    if not digits.isdigit() or int(digits) < 1:
        raise NotesFormatError(f"{value!r} is not an action number (1, 2, 3…)", line=line)
    return int(digits)


def _status(value: str, line: int | None) -> str:
    if not value:
        return "open"
    status = STATUSES.get(" ".join(value.casefold().split()))
    if status is None:
        raise NotesFormatError(
            f"unknown status {value!r}; use {', '.join(STATUS_LABELS.values())}", line=line
        )
    return status


def _sensitivity(value: str, line: int | None) -> str:
    folded = value.strip().casefold()
    if folded in ("", "public"):
        return "public"
    if folded not in SENSITIVITIES:
        raise NotesFormatError(
            f"unknown sensitivity {value!r}; use public, financial, personal or confidential",
            line=line,
        )
    return folded


def _until(value: str, line: int | None) -> datetime.date | None:
    """A reconsider date, written YYYY-MM-DD, or none."""
    if not value.strip():
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise NotesFormatError(
            f"{value!r} is not a reconsider date; write it as YYYY-MM-DD, like 2023-03-01",
            line=line,
        ) from None


def _reference(value: str, line: int | None) -> ActionReference:
    date_text, _, number = value.partition("#")
    try:
        agreed_on = datetime.date.fromisoformat(date_text.strip())
    except ValueError:
        raise NotesFormatError(
            f"{value!r} is not an action reference like 2021-06-23 #3", line=line
        ) from None
    return ActionReference(agreed_on, _number(number.strip(), line))


def _date(value: object, field: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if value is None or value == "":
        raise NotesFormatError("the meeting's date is missing", field=field)
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise NotesFormatError(
            f"{value!r} is not a date; write it as YYYY-MM-DD, like 2022-01-25", field=field
        ) from None


def _time(value: object, field: str) -> datetime.time | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        # YAML 1.1 reads an unquoted 14:00 as the number 840 (minutes).
        return datetime.time(value // 60, value % 60)
    try:
        return datetime.time.fromisoformat(str(value).strip())
    except ValueError:
        raise NotesFormatError(
            f"{value!r} is not a time; write it as HH:MM, like 14:00", field=field
        ) from None


def _text(value: object, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        raise NotesFormatError("this should be text", field=field)
    return str(value).strip()


def _bool(value: object, field: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise NotesFormatError("this should be yes or no", field=field)
    return value


def _names(value: object, field: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value.strip()]
    if not isinstance(value, list) or any(isinstance(v, dict | list) for v in value):
        raise NotesFormatError("this should be a list of names", field=field)
    return [str(item).strip() for item in value if str(item).strip()]


def _attendees(header: dict[str, Any]) -> tuple[Attendee, ...]:
    chair = _text(header.get("chair"), "chair")
    co_chairs = _names(header.get("co_chairs"), "co_chairs")
    notes_by = _names(header.get("notes_by"), "notes_by")
    attendees: list[Attendee] = []
    seen: dict[str, str] = {}

    def add(name: str, status: str, field: str, introduction: str = "") -> None:
        folded = name.casefold()
        if folded in seen:
            raise NotesFormatError(
                f"{name} is listed twice (under {seen[folded]} and {field})", field=field
            )
        seen[folded] = field
        role = "chair" if name == chair else "co_chair" if name in co_chairs else ""
        attendees.append(
            Attendee(name, status, role, takes_notes=name in notes_by, introduction=introduction)
        )

    for name in _names(header.get("present"), "present"):
        add(name, "present", "present")
    guests = header.get("guests") or []
    if not isinstance(guests, list):
        raise NotesFormatError("guests should be a list of names and introductions", field="guests")
    for guest in guests:
        if isinstance(guest, str):
            add(guest.strip(), "guest", "guests")
        elif isinstance(guest, dict) and guest.get("name"):
            extra = set(guest) - {"name", "introduction"}
            if extra:
                raise NotesFormatError(
                    f"a guest has an unknown field {sorted(extra)[0]!r}", field="guests"
                )
            add(
                str(guest["name"]).strip(),
                "guest",
                "guests",
                _text(guest.get("introduction"), "guests"),
            )
        else:
            raise NotesFormatError("each guest needs a name", field="guests")
    for name in _names(header.get("apologies"), "apologies"):
        add(name, "apologies", "apologies")
    for name in _names(header.get("absent"), "absent"):
        add(name, "absent", "absent")

    present = {a.name for a in attendees if a.status in ("present", "guest")}
    for field, names in (("chair", [chair] if chair else []), ("co_chairs", co_chairs),
                         ("notes_by", notes_by)):  # fmt: skip
        for name in names:
            if name not in present:
                raise NotesFormatError(
                    f"{name} is not listed as present or as a guest", field=field
                )
    return tuple(attendees)


# Writing.


def format_notes(notes: Notes) -> str:
    """Write notes in the notes format."""
    parts = ["---\n" + _yaml(_header(notes)) + "---\n"]
    if notes.actions:
        parts.append(f"## {ACTIONS_HEADING}\n\n" + _actions_table(notes.actions))
    if notes.carried:
        parts.append(f"## {CARRIED_HEADING}\n\n" + _carried_table(notes.carried))
    for section in notes.sections:
        parts.append(_section_text(section))
    return "\n".join(parts)


def _header(notes: Notes) -> dict[str, Any]:
    header: dict[str, Any] = {"group": notes.group, "date": notes.date}
    if notes.start:
        header["start"] = notes.start.strftime("%H:%M")
    if notes.end:
        header["end"] = notes.end.strftime("%H:%M")
    if notes.place:
        header["place"] = notes.place
    if notes.online:
        header["online"] = True
    chair = notes.chair
    if chair:
        header["chair"] = chair.name
    co_chairs = [a.name for a in notes.attendees if a.role == "co_chair"]
    if co_chairs:
        header["co_chairs"] = co_chairs
    notes_by = [a.name for a in notes.attendees if a.takes_notes]
    if notes_by:
        header["notes_by"] = notes_by[0] if len(notes_by) == 1 else notes_by
    for status in ("present", "apologies", "absent"):
        names = [a.name for a in notes.attending(status)]
        if names:
            header[status] = names
    guests = notes.attending("guest")
    if guests:
        header["guests"] = [
            {"name": g.name, "introduction": g.introduction} if g.introduction else g.name
            for g in guests
        ]
    if notes.conflicts:
        header["conflicts"] = notes.conflicts
    if notes.previous_notes_agreed:
        header["previous_notes_agreed"] = True
    if notes.next_meetings:
        header["next_meetings"] = list(notes.next_meetings)
    order = ["group", "date", "start", "end", "place", "online", "chair", "co_chairs", "notes_by",
             "present", "apologies", "absent", "guests", "conflicts", "previous_notes_agreed",
             "next_meetings"]  # fmt: skip
    return {key: header[key] for key in order if key in header}


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def _yaml(header: dict[str, Any]) -> str:
    return yaml.dump(
        header, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000,
        default_flow_style=False,
    )  # fmt: skip


def _cell(value: str) -> str:
    return " ".join(value.split()).replace("|", "\\|")


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, one line per row, with `|` in cells escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _actions_table(actions: Sequence[AgreedAction]) -> str:
    header = ["Number", "Action", "Owner", "Deadline", "Status"]
    marked = any(action.sensitivity != "public" for action in actions)
    why = any(action.withheld_why for action in actions)
    until = any(action.withheld_until for action in actions)
    rows = [
        [str(a.number), a.text, a.owner, a.deadline, STATUS_LABELS[a.status]]
        + ([_sensitivity_label(a.sensitivity)] if marked else [])
        + ([a.withheld_why] if why else [])
        + ([a.withheld_until.isoformat() if a.withheld_until else ""] if until else [])
        for a in actions
    ]
    header += ["Sensitivity"] if marked else []
    header += ["Why withheld"] if why else []
    header += ["Withheld until"] if until else []
    return markdown_table(header, rows)


def _carried_table(carried: Sequence[CarriedAction]) -> str:
    labelled = any(c.label for c in carried)
    marked = any(c.sensitivity != "public" for c in carried)
    header = ["Reference", "Action", "Owner", "Deadline", "Status", "Note"]
    rows = [
        ([c.label] if labelled else [])
        + [str(c.reference or ""), c.text, c.owner, c.deadline, STATUS_LABELS[c.status], c.note]
        + ([_sensitivity_label(c.sensitivity)] if marked else [])
        for c in carried
    ]
    header = (["Label"] if labelled else []) + header + (["Sensitivity"] if marked else [])
    return markdown_table(header, rows)


def _sensitivity_label(sensitivity: str) -> str:
    return "" if sensitivity == "public" else sensitivity


def _quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _section_text(section: Section) -> str:
    marks = []
    if section.kind != "discussion":
        marks.append("." + next(key for key, kind in KINDS.items() if kind == section.kind))
    if section.sensitivity != "public":
        marks.append("." + section.sensitivity)
    if section.to_check:
        marks.append(".check")
    if section.presenter:
        marks.append(f'presenter="{_quoted(section.presenter)}"')
    if section.withheld_why:
        marks.append(f'why="{_quoted(section.withheld_why)}"')
    if section.withheld_until:
        marks.append(f"until={section.withheld_until.isoformat()}")
    attributes = " {" + " ".join(marks) + "}" if marks else ""
    text = f"## {section.heading}{attributes}\n"
    if section.body:
        text += "\n" + section.body + "\n"
    return text
