"""Random histories of a group, for proving that only what published notes say reaches the public.

`histories()` draws a plan: meetings in date order, each ending in one state
(a draft, in review, approved, published, published then corrected, published
with a correction still in draft, published then withdrawn), with sections and
actions (some sensitive, some holding a sensitive passage), and rows recording
what became of earlier actions (no change, a status and an update, words of
the meeting's own; some rows sensitive). `History.build` makes it through the
app's own services, meeting by meeting, and plants a unique marker word in
every piece of text; beside each marker it writes down the versions of the
published notes that must show it, by the rule of issue 11: nothing of
unpublished notes, nothing sensitive. A marker no version must show is secret.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from hypothesis import strategies as st

from actions.models import Action
from actions.services import action_update, carried_record, carried_update, status_before
from allies.models import Group
from meetings.models import Meeting
from meetings.services import meeting_create_from_notes
from notesfile.notes import AgreedAction, Attendee, Notes, Section
from publishing.models import Publication
from publishing.review import publication_withdraw
from publishing.services import meeting_status_change, publication_create, publication_render

STATES = ["draft", "in_review", "approved", "published", "corrected", "correcting", "withdrawn"]
# The states whose notes stand published, and so are public, by the end.
STANDING = {"published", "corrected", "correcting"}
SENSITIVE = ["financial", "personal", "confidential"]
STATUSES = ["in_progress", "ongoing", "complete", "dropped"]


@dataclass(frozen=True)
class PlannedAction:
    sensitivity: str
    passage: bool


@dataclass(frozen=True)
class PlannedRow:
    origin: tuple[int, int]  # (meeting, action) of the earlier action it records
    kind: str  # "no_change", "update" or "own" (words of its own)
    status: str
    sensitivity: str
    passage: bool
    own_owner: bool


@dataclass(frozen=True)
class PlannedMeeting:
    date: datetime.date
    state: str
    sections: tuple[tuple[str, bool], ...]  # (sensitivity, holds a marked passage)
    actions: tuple[PlannedAction, ...]
    rows: tuple[PlannedRow, ...]


sensitivity = st.sampled_from(["public"] * 5 + SENSITIVE)


@st.composite
def histories(draw: st.DrawFn) -> list[PlannedMeeting]:
    """The plan of a group's meetings, oldest first."""
    day = draw(st.dates(datetime.date(2019, 1, 1), datetime.date(2024, 1, 1)))
    planned: list[PlannedMeeting] = []
    for index in range(draw(st.integers(2, 4))):
        day += datetime.timedelta(days=draw(st.integers(7, 120)))
        earlier = [(m, a) for m in range(index) for a in range(len(planned[m].actions))]
        kinds = st.sampled_from(["none", "none", "no_change", "update", "update", "own"])
        rows = tuple(
            PlannedRow(
                origin=origin,
                kind=kind,
                status=draw(st.sampled_from(STATUSES)),
                sensitivity=draw(sensitivity),
                passage=draw(st.booleans()),
                own_owner=draw(st.booleans()),
            )
            for origin in earlier
            if (kind := draw(kinds)) != "none"
        )
        planned.append(
            PlannedMeeting(
                date=day,
                state=draw(st.sampled_from([*STATES, "published", "published"])),
                sections=tuple(
                    draw(st.lists(st.tuples(sensitivity, st.booleans()), min_size=1, max_size=2))
                ),
                actions=tuple(
                    PlannedAction(draw(sensitivity), draw(st.booleans()))
                    for _ in range(draw(st.integers(1, 3)))
                ),
                rows=rows,
            )
        )
    return planned


@dataclass
class History:
    """A plan made real: its meetings, its publications, and where each marker must show."""

    group: Group
    user: User
    plan: list[PlannedMeeting]
    render: int  # the index of the meeting whose current publication gets its files
    meetings: list[Meeting] = field(default_factory=list)
    actions: list[list[Action]] = field(default_factory=list)
    # marker → the (meeting index, version) whose public notes must show it; none: secret.
    shown_in: dict[str, set[tuple[int, int]]] = field(default_factory=dict)

    # Markers: unique letters-only words, so no renderer or extractor splits them.
    def marker(self, where: set[tuple[int, int]]) -> str:
        n = len(self.shown_in)
        word = "zmk" + "".join("abcdefghij"[int(d)] for d in f"{n:05d}")
        self.shown_in[word] = set(where)
        return word

    def text(self, where: set[tuple[int, int]], passage: bool) -> str:
        """Words holding a marker, and perhaps a sensitive passage holding a secret one."""
        words = f"Words {self.marker(where)}"
        if passage:
            words += f" [more {self.marker(set())}]{{.personal}} after"
        return words

    @property
    def secret(self) -> list[str]:
        return [marker for marker, where in self.shown_in.items() if not where]

    def versions(self, index: int) -> set[tuple[int, int]]:
        """The versions of a meeting's notes that stand published at the end."""
        state = self.plan[index].state
        if state == "corrected":
            return {(index, 1), (index, 2)}
        return {(index, 1)} if state in STANDING else set()

    def build(self) -> None:
        for index, planned in enumerate(self.plan):
            self._meeting(index, planned)

    def _meeting(self, index: int, planned: PlannedMeeting) -> None:
        versions = self.versions(index)
        sections = tuple(
            Section(
                heading=f"Heading {self.marker(versions if kind == 'public' else set())}",
                body=self.text(versions if kind == "public" else set(), passage),
                sensitivity=kind,
            )
            for kind, passage in planned.sections
        )
        agreed = []
        for number, action in enumerate(planned.actions, start=1):
            shown = versions if action.sensitivity == "public" else set()
            # A correction rewords action 1: its first words stay in version 1 alone.
            worded = {(index, 1)} & shown if number == 1 and self._rewords(index) else shown
            agreed.append(
                AgreedAction(
                    number=number,
                    text=self.text(worded, action.passage),
                    owner=self.marker(shown),
                    deadline=f"March {self.marker(shown)}",
                    sensitivity=action.sensitivity,
                )
            )
        notes = Notes(
            group=self.group.slug,
            date=planned.date,
            attendees=(Attendee("Graham Hart", role="chair"),),
            sections=sections,
            actions=tuple(agreed),
        )
        meeting = meeting_create_from_notes(notes=notes, group=self.group).meeting
        self.meetings.append(meeting)
        self.actions.append(list(meeting.actions.order_by("number")))
        for row in planned.rows:
            self._row(meeting, row, versions)
        self._state(index, meeting, planned)

    def _rewords(self, index: int) -> bool:
        return self.plan[index].state in ("corrected", "correcting")

    def _row(self, meeting: Meeting, row: PlannedRow, versions: set[tuple[int, int]]) -> None:
        origin_index, action_index = row.origin
        action = self.actions[origin_index][action_index]
        origin_public = (
            self.plan[origin_index].state in STANDING
            and self.plan[origin_index].actions[action_index].sensitivity == "public"
        )
        own = row.kind == "own"
        # The row is public in its own words, or as its published notes agreed it.
        shown = versions if row.sensitivity == "public" and (own or origin_public) else set()
        if row.kind == "no_change" and status_before(action, meeting) != "dropped":
            record = carried_record(meeting=meeting, action=action)  # discussed, no change
            changes = {"status": record.status, "note": ""}
        else:
            note = self.text(shown, row.passage)
            record = carried_record(meeting=meeting, action=action, status=row.status, note=note)
            changes = {"status": row.status, "note": note}
        if own:
            changes["text"] = self.text(shown, row.passage)
            changes["owner_text"] = self.marker(shown) if row.own_owner else ""
        carried_update(row=record, version=record.version, sensitivity=row.sensitivity, **changes)

    def _state(self, index: int, meeting: Meeting, planned: PlannedMeeting) -> None:
        state, by = planned.state, self.user
        if state in ("in_review", "approved"):
            meeting_status_change(meeting=meeting, status=Meeting.Status.IN_REVIEW, by=by)
        if state == "approved":
            meeting_status_change(meeting=meeting, status=Meeting.Status.APPROVED, by=by)
        if state in ("draft", "in_review", "approved"):
            return
        first = self._publish(index, meeting)
        if state == "withdrawn":
            publication_withdraw(publication=first, by=by, reason="Showed too much")
        if state in ("corrected", "correcting"):
            meeting_status_change(meeting=meeting, status=Meeting.Status.DRAFT, by=by)
            action = self.actions[index][0]
            public = planned.actions[0].sensitivity == "public"
            shown = {(index, 2)} if state == "corrected" and public else set()
            fields = {
                "number": 1,
                "owner_text": action.owner_text,
                "deadline_text": action.deadline_text,
                "status": action.status,
                "sensitivity": action.sensitivity,
            }
            action_update(
                action=action, version=action.version, text=self.text(shown, False), **fields
            )
        if state == "corrected":
            self._publish(index, meeting, "Reworded action 1.")

    def _publish(self, index: int, meeting: Meeting, correction: str = "") -> Publication:
        publication = publication_create(meeting=meeting, by=self.user, correction_note=correction)
        if index == self.render:
            publication_render(publication=publication)
        return publication
