"""A publication's public document as JSON, and back, exactly.

A publication keeps the `PublicNotes` it was made from, so its page is
rendered from what was published and never from the meeting as it is now.
`freeze` turns the tree of frozen dataclasses into plain JSON values, each
dataclass tagged with its name; `thaw` rebuilds it, accepting only the classes
a public document may hold. `Marked` is not one of them, and `PublicNotes`
checks itself again on the way back in, so a stored document that somehow held
a sensitive passage would fail to load rather than be shown.
"""

import dataclasses
import datetime
from typing import Any, get_args

from notesfile.markup import Block, Inline, Marked
from publishing.redaction import PublicAction, PublicAttendee, PublicNotes, PublicSection

# Format 2 added where each earlier action came from (PublicAction.origin_*);
# a format 1 document is the same without them, and reads with their defaults.
FORMAT = 2
READABLE = (1, 2)
TYPE = "_"
ALLOWED: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        PublicNotes,
        PublicAttendee,
        PublicSection,
        PublicAction,
        *(node for node in get_args(Inline) + get_args(Block) if node is not Marked),
    )
}


@dataclasses.dataclass(frozen=True)
class Edition:
    """Which publication of a meeting's notes a document is: its version, date and correction."""

    version: int
    published_on: datetime.date
    correction_note: str = ""

    @property
    def line(self) -> str:
        """How the documents state it: "Version 2, published 3 March 2022"."""
        return f"Version {self.version}, published {self.published_on:%-d %B %Y}"


def freeze(notes: PublicNotes) -> dict[str, Any]:
    """The document as JSON-ready values."""
    return {"format": FORMAT, "notes": _freeze(notes)}


def thaw(data: dict[str, Any]) -> PublicNotes:
    """The document `freeze` was given."""
    if data.get("format") not in READABLE:
        raise ValueError(f"unknown publication format {data.get('format')!r}")
    notes = _thaw(data["notes"])
    if not isinstance(notes, PublicNotes):
        raise ValueError("a publication must hold public notes")
    return notes


def _freeze(value: object) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if ALLOWED.get(name) is not type(value):
            raise TypeError(f"{name} cannot be part of a public document")
        fields = {f.name: _freeze(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {TYPE: name, **fields}
    if isinstance(value, tuple):
        return [_freeze(item) for item in value]
    # datetime is a date too, and has no place here: refuse it rather than lose its time.
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return {TYPE: "date", "iso": value.isoformat()}
    if isinstance(value, datetime.time):
        return {TYPE: "time", "iso": value.isoformat()}
    if value is None or isinstance(value, str | bool | int):
        return value
    raise TypeError(f"{type(value).__name__} cannot be part of a public document")


def _thaw(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_thaw(item) for item in value)
    if not isinstance(value, dict):
        return value
    fields = dict(value)
    name = fields.pop(TYPE, None)
    if name == "date":
        return datetime.date.fromisoformat(fields["iso"])
    if name == "time":
        return datetime.time.fromisoformat(fields["iso"])
    cls = ALLOWED.get(str(name))
    if cls is None:
        raise ValueError(f"{name!r} cannot be part of a public document")
    return cls(**{key: _thaw(item) for key, item in fields.items()})
