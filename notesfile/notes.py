"""A meeting's notes as plain frozen values, with no database objects inside.

`Notes` is what the notes format reads and writes, what an import creates a
meeting from, and the snapshot that redaction turns into the public document.
"""

import datetime
import string
from dataclasses import dataclass, field

ATTENDANCE_ORDER = ("present", "guest", "apologies", "absent")


@dataclass(frozen=True)
class Attendee:
    """One person's part in the meeting."""

    name: str
    status: str = "present"
    role: str = ""
    takes_notes: bool = False
    introduction: str = ""


@dataclass(frozen=True)
class Section:
    """A section of the notes, with its Markdown body.

    A section, like an action, that is not public may say why in a few public
    words (`withheld_why`) and when the group means to reconsider it
    (`withheld_until`, never public).
    """

    heading: str
    body: str = ""
    kind: str = "discussion"
    sensitivity: str = "public"
    presenter: str = ""
    to_check: bool = False
    withheld_why: str = ""
    withheld_until: datetime.date | None = None


@dataclass(frozen=True)
class AgreedAction:
    """An action agreed at this meeting."""

    number: int
    text: str
    owner: str = ""
    deadline: str = ""
    status: str = "open"
    sensitivity: str = "public"
    withheld_why: str = ""
    withheld_until: datetime.date | None = None


@dataclass(frozen=True, order=True)
class ActionReference:
    """How later notes point at an action: the date it was agreed and its number."""

    agreed_on: datetime.date
    number: int

    def __str__(self) -> str:
        return f"{self.agreed_on.isoformat()} #{self.number}"


@dataclass(frozen=True)
class CarriedAction:
    """An earlier action as this meeting's notes record it: the row as written, and its status.

    `reference` is the action it continues, where that is known (an imported
    row that matches no earlier action has none); `text`, `owner` and
    `deadline` are the wording these notes give the row, "" where they give
    none; `label` is the row's own reference as written ("A", "3").
    """

    reference: ActionReference | None
    text: str = ""
    owner: str = ""
    deadline: str = ""
    status: str = "open"
    note: str = ""
    sensitivity: str = "public"
    label: str = ""
    withheld_why: str = ""
    withheld_until: datetime.date | None = None


@dataclass(frozen=True)
class Notes:
    """Everything the notes of one meeting say."""

    group: str
    date: datetime.date
    start: datetime.time | None = None
    end: datetime.time | None = None
    place: str = ""
    online: bool = False
    attendees: tuple[Attendee, ...] = ()
    conflicts: str = ""
    previous_notes_agreed: bool = False
    sections: tuple[Section, ...] = ()
    actions: tuple[AgreedAction, ...] = ()
    carried: tuple[CarriedAction, ...] = ()
    next_meetings: tuple[str, ...] = ()
    group_name: str = field(default="", compare=False)

    def attending(self, status: str) -> tuple[Attendee, ...]:
        return tuple(person for person in self.attendees if person.status == status)

    @property
    def chair(self) -> Attendee | None:
        return next((person for person in self.attendees if person.role == "chair"), None)


def letter(index: int) -> str:
    """A, B, … Z, AA, AB …: how the notes label actions from previous meetings."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return letters
