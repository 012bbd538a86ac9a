"""The scale data set: 21 groups, 10,003 meetings, 100,000 sections and actions, 9,962 published.

`build()` fills an empty database; `is_built()` says whether one holds it
already, so the benchmark builds it once and reuses it. Meetings, their
attendance, sections, actions and updates go in with bulk inserts; each
publication is made as the app makes one, by `redact` on a `Notes` snapshot
and `freeze`, from the same values that were inserted (its files are not
rendered: downloads are measured by `make bench`). The text is cut from the
real notes in demo/, so words are as common or as rare as they are there, and
one rare word (RARE_WORD) is planted in three meetings.

Each action agreed at a meeting is, in most cases, reported on at the next
meeting and closed within a few meetings; a few stay "ongoing" for months. So
a meeting late in a group's history carries the few dozen actions a real one
would, and its notes record their updates.
"""

import datetime
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from actions.models import Action, ActionUpdate
from allies.models import Group, Member, Membership
from meetings.models import AgendaItem, Attendance, Meeting
from notesfile.notes import (
    ATTENDANCE_ORDER,
    ActionReference,
    AgreedAction,
    Attendee,
    CarriedAction,
    Notes,
    Section,
)
from publishing.frozen import freeze
from publishing.models import Publication, ReviewRound
from publishing.redaction import redact
from publishing.services import listings_fill

ROOT = Path(__file__).resolve().parent.parent
GROUPS = 20
MEETINGS_PER_GROUP = 500
UNPUBLISHED_PER_GROUP = 2  # the latest two: one in review, one draft
SECTIONS_PER_MEETING = 10
ACTIONS_PER_MEETING = 10
MEMBERS_PER_GROUP = 12
FIRST_MEETING = datetime.date(2016, 1, 5)
RARE_WORD = "kaleidoscope"
COMMON_WORD = "community"
SECRETARY = "scale-secretary"
ADMIN = "scale-admin"
HEADINGS = ["Updates", "Funding", "Spotlight", "Strategy", "Capacity", "Partnerships",
            "Equality, diversity and inclusion", "Communications", "Events",
            "Any other business"]  # fmt: skip
KINDS = ["update", "discussion", "spotlight", "discussion", "discussion", "discussion", "edi",
         "discussion", "discussion", "aob"]  # fmt: skip
DEADLINES = ["Next meeting", "Ongoing", "March", "End of term", "ASAP", ""]
NOTES_ON_ACTIONS = ["Under way.", "Waiting to hear back.", "Shared with the group.", "", ""]


def slug(number: int) -> str:
    return f"scale-{number:02d}"


def is_built() -> bool:
    """Whether the database holds the whole data set already."""
    return (
        Group.objects.filter(slug=slug(GROUPS)).exists()
        and Meeting.objects.filter(group__slug=slug(GROUPS)).count() == MEETINGS_PER_GROUP
    )


def sentences() -> list[str]:
    """Sentences of the demo's real notes, to write the generated ones from."""
    text = " ".join(path.read_text(encoding="utf-8") for path in (ROOT / "demo").rglob("*.md"))
    text = re.sub(r"[#*_\[\]{}|>`]|\(#\)|^\s*[-\d.]+\s", " ", text, flags=re.MULTILINE)
    found = [" ".join(s.split()) for s in re.split(r"(?<=[.!?])\s+", text)]
    return [s for s in found if 40 <= len(s) <= 300 and ":" not in s[:12]]


@dataclass
class Lifecycle:
    """What later meetings record of one action: meeting index → (status, note)."""

    agreed_at: int
    updates: dict[int, tuple[str, str]] = field(default_factory=dict)


def lifecycle(agreed_at: int, chooser: random.Random) -> Lifecycle:
    life = Lifecycle(agreed_at)
    if chooser.random() < 0.03:
        closes, first = agreed_at + chooser.randint(20, 60), "ongoing"
    else:
        closes, first = agreed_at + chooser.randint(1, 6), "in_progress"
    if closes > agreed_at + 1:
        life.updates[agreed_at + 1] = (first, chooser.choice(NOTES_ON_ACTIONS))
    life.updates[closes] = (chooser.choice(["complete"] * 4 + ["dropped"]), "")
    return life


def build(stdout) -> None:
    """Fill an empty database with the data set."""
    call_command("load_demo", "--force", stdout=stdout)
    demo = Group.objects.get(slug="allies-group")
    Meeting.objects.create(group=demo, date=datetime.date(2022, 3, 22))  # a draft
    admin = User.objects.create_superuser(ADMIN, f"{ADMIN}@example.org", "scale-admin-password")
    secretary = User.objects.create_user(SECRETARY, f"{SECRETARY}@example.org", "scale-password")
    texts = sentences()
    for number in range(1, GROUPS + 1):
        with transaction.atomic():
            build_group(number, texts, admin, secretary if number == 1 else None)
        stdout.write(f"  group {number} of {GROUPS}\n")


def build_group(number: int, texts: list[str], admin: User, secretary: User | None) -> None:
    chooser = random.Random(number)
    group = Group.objects.create(
        name=f"Scale Group {number}", slug=slug(number), organisation="Scale Collective",
        about=f"Group {number} of the scale data set. " + " ".join(chooser.sample(texts, 3)),
    )  # fmt: skip
    members = Member.objects.bulk_create(
        Member(full_name=f"Person {number}-{n} Example", short_name=f"P{number}-{n}")
        for n in range(MEMBERS_PER_GROUP)
    )
    roles = ["chair", "co_chair"] + ["member"] * (MEMBERS_PER_GROUP - 3) + ["staff"]
    Membership.objects.bulk_create(
        Membership(group=group, member=member, role=role, started_on=FIRST_MEETING)
        for member, role in zip(members, roles, strict=True)
    )
    if secretary is not None:
        members[-1].user = secretary
        members[-1].save(update_fields=["user"])
    dates = [FIRST_MEETING + datetime.timedelta(weeks=i) for i in range(MEETINGS_PER_GROUP)]
    published_until = MEETINGS_PER_GROUP - UNPUBLISHED_PER_GROUP
    rare = set(chooser.sample(range(published_until), 3)) if number == 1 else set()
    meetings = Meeting.objects.bulk_create(
        Meeting(
            group=group, date=day, place="Online", online=True,
            start_time=datetime.time(14), end_time=datetime.time(15, 30),
            next_meetings=f"{day + datetime.timedelta(weeks=1):%-d %B %Y}",
            previous_notes_agreed=i > 0,
            status=status_of(i),
        )
        for i, day in enumerate(dates)
    )  # fmt: skip
    attendances = [
        Attendance(meeting=meeting, member=member, status=status, role=role, takes_notes=notes,
                   position=position)
        for meeting in meetings
        for position, (member, status, role, notes) in enumerate(attendance(members, chooser))
    ]  # fmt: skip
    Attendance.objects.bulk_create(attendances, batch_size=5000)
    sections = [
        AgendaItem(meeting=meeting, position=position, heading=HEADINGS[position],
                   kind=KINDS[position], body=body(chooser, texts, i in rare and position == 3),
                   sensitivity="personal" if chooser.random() < 0.03 else "public")
        for i, meeting in enumerate(meetings)
        for position in range(SECTIONS_PER_MEETING)
    ]  # fmt: skip
    AgendaItem.objects.bulk_create(sections, batch_size=5000)
    actions = [
        Action(meeting=meeting, number=n, text=chooser.choice(texts)[:200],
               owner_text=members[chooser.randrange(MEMBERS_PER_GROUP)].short_name,
               deadline_text=chooser.choice(DEADLINES),
               deadline=meeting.date + datetime.timedelta(weeks=chooser.randint(1, 8)),
               sensitivity="financial" if chooser.random() < 0.02 else "public")
        for meeting in meetings
        for n in range(1, ACTIONS_PER_MEETING + 1)
    ]  # fmt: skip
    Action.objects.bulk_create(actions, batch_size=5000)
    by_name = {member.short_name: member for member in members}
    owner = Action.owners.through
    owner.objects.bulk_create(
        [owner(action_id=a.pk, member_id=by_name[a.owner_text].pk) for a in actions],
        batch_size=5000,
    )
    lives = {a.pk: lifecycle(i // ACTIONS_PER_MEETING, chooser) for i, a in enumerate(actions)}
    ActionUpdate.objects.bulk_create(
        (
            ActionUpdate(action_id=pk, meeting=meetings[at], status=status, note=note)
            for pk, life in lives.items()
            for at, (status, note) in life.updates.items()
            if at < MEETINGS_PER_GROUP
        ),
        batch_size=5000,
    )
    # As the services keep it: each action's status as its agreed notes last recorded it.
    Action.objects.filter(meeting__group=group).refresh_status_now()
    notes = list(snapshots(group, meetings, attendances, sections, actions, lives))
    publications = [
        Publication(
            meeting=meeting, version=1, published_by=admin, title=public.title,
            published_at=timezone.make_aware(datetime.datetime.combine(
                meeting.date + datetime.timedelta(days=10), datetime.time(10))),
            document=freeze(public), text=public.text(),
        )
        for meeting, public in ((m, redact(n)) for m, n in zip(meetings, notes, strict=True))
        if meeting.status == Meeting.Status.PUBLISHED
    ]  # fmt: skip
    Publication.objects.bulk_create(publications, batch_size=500)
    listings_fill()
    in_review = next(m for m in meetings if m.status == Meeting.Status.IN_REVIEW)
    ReviewRound.objects.create(meeting=in_review, number=1, opened_by=admin, notes_text="")


def status_of(index: int) -> str:
    if index < MEETINGS_PER_GROUP - UNPUBLISHED_PER_GROUP:
        return Meeting.Status.PUBLISHED
    if index < MEETINGS_PER_GROUP - 1:
        return Meeting.Status.IN_REVIEW
    return Meeting.Status.DRAFT


def attendance(
    members: list[Member], chooser: random.Random
) -> Iterator[tuple[Member, str, str, bool]]:
    """Who was there: most of the group, one chair, one taking notes."""
    shuffled = chooser.sample(members, len(members))
    for n, member in enumerate(shuffled[:-3]):
        yield member, "present", "chair" if n == 0 else "", n == 1
    yield shuffled[-3], "apologies", "", False
    yield shuffled[-2], "apologies", "", False
    yield shuffled[-1], "absent", "", False


def body(chooser: random.Random, texts: list[str], rare: bool) -> str:
    """A section's Markdown: a paragraph or two, sometimes a list, now and then a marked passage."""
    paragraphs = [" ".join(chooser.sample(texts, chooser.randint(1, 3))) for _ in range(2)]
    if chooser.random() < 0.3:
        paragraphs.append("\n".join(f"- {item}" for item in chooser.sample(texts, 3)))
    if chooser.random() < 0.05:
        paragraphs.append("[Jo has been unwell and is taking some time off.]{.personal}")
    if rare:
        paragraphs.append(f"We looked at the {RARE_WORD} of ideas the community brought.")
    return "\n\n".join(paragraphs)


def snapshots(
    group: Group,
    meetings: list[Meeting],
    attendances: list[Attendance],
    sections: list[AgendaItem],
    actions: list[Action],
    lives: dict[int, Lifecycle],
) -> Iterator[Notes]:
    """Each meeting's notes as `meetings.selectors.notes_of` reads them, from the inserted rows."""
    people = {(a.meeting_id, a.position): a for a in attendances}
    index = {meeting.pk: i for i, meeting in enumerate(meetings)}
    recorded: dict[int, dict[int, tuple[str, str]]] = defaultdict(dict)
    for pk, life in lives.items():
        for at, update in life.updates.items():
            recorded[at][pk] = update
    open_actions: list[Action] = []
    status: dict[int, str] = {}
    for i, meeting in enumerate(meetings):
        here = recorded[i]
        carried = [a for a in open_actions if status[a.pk] not in ("complete", "dropped")]
        agreed = actions[i * ACTIONS_PER_MEETING : (i + 1) * ACTIONS_PER_MEETING]
        rows = [people[(meeting.pk, n)] for n in range(MEMBERS_PER_GROUP)]
        yield Notes(
            group=group.slug, group_name=group.full_name, date=meeting.date,
            start=meeting.start_time, end=meeting.end_time, place=meeting.place,
            online=meeting.online,
            attendees=tuple(
                Attendee(name=row.member.full_name, status=row.status, role=row.role,
                         takes_notes=row.takes_notes)
                for row in sorted(rows, key=lambda r: (ATTENDANCE_ORDER.index(r.status),
                                                       r.position))
            ),
            previous_notes_agreed=meeting.previous_notes_agreed,
            sections=tuple(
                Section(heading=s.heading, body=s.body, kind=s.kind, sensitivity=s.sensitivity)
                for s in sections[i * SECTIONS_PER_MEETING : (i + 1) * SECTIONS_PER_MEETING]
            ),
            actions=tuple(
                AgreedAction(number=a.number, text=a.text, owner=a.owner_text,
                             deadline=a.deadline_text, sensitivity=a.sensitivity)
                for a in agreed
            ),
            carried=tuple(
                CarriedAction(
                    reference=ActionReference(meetings[index[a.meeting_id]].date, a.number),
                    text=a.text, owner=a.owner_text, deadline=a.deadline_text,
                    status=here.get(a.pk, (status[a.pk], ""))[0],
                    note=here.get(a.pk, ("", ""))[1], sensitivity=a.sensitivity,
                )
                for a in carried
            ),
            next_meetings=tuple(meeting.next_meeting_lines),
        )  # fmt: skip
        for pk, (new_status, _) in here.items():
            status[pk] = new_status
        open_actions = [a for a in carried if status[a.pk] not in ("complete", "dropped")]
        for a in agreed:
            status[a.pk] = a.status
            open_actions.append(a)
