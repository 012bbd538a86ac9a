"""Writing meetings: each function is one transaction, so nothing is left half-made."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone

from actions.models import Action, ActionUpdate
from allies.models import Group, Member, Membership
from allies.people import People
from meetings.importing import ImportedNotes, read_notes_file
from meetings.models import AgendaItem, Attendance, Kind, Meeting, check_meeting_date
from notesfile.format import NotesFormatError
from notesfile.markup import MarkupError, parse_blocks, parse_inline, sub_heading_problem
from notesfile.matching import Candidate, continued_action
from notesfile.notes import ActionReference, CarriedAction, Notes
from notesfile.reading.archive import NamedFile, Refused
from notesfile.withheld import withheld_dates


class EditConflict(Exception):
    """Someone else saved the item since it was loaded, or deleted it."""

    def __init__(self, current: models.Model | None) -> None:
        self.current = current
        super().__init__("changed by someone else" if current else "deleted by someone else")


def update_if_unchanged[M: models.Model](instance: M, *, version: int, **changes: object) -> M:
    """Save `changes` only if the item is still at `version`; raise EditConflict if not.

    The check and the write are one UPDATE … WHERE version = %s, so of two
    writers who loaded the same version exactly one wins and the other is told.
    """
    model = type(instance)
    written = model._default_manager.filter(pk=instance.pk, version=version).update(
        version=F("version") + 1, **changes
    )
    if not written:
        raise EditConflict(model._default_manager.filter(pk=instance.pk).first())
    instance.refresh_from_db()
    return instance


class MeetingExists(NotesFormatError):
    """The group already has notes for the day a file records."""

    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting
        super().__init__(f"{meeting.group.name} already has notes for {meeting.date:%-d %B %Y}")


@dataclass
class ImportReport:
    """What an import made, and whom it had to add."""

    meeting: Meeting
    created_people: list[Member] = field(default_factory=list)


def check_notes(notes: Notes) -> None:
    """Refuse notes whose Markdown could not be published safely or exported faithfully."""
    _check_fits(notes)
    _check_markup_all(notes)
    _check_reconsider_dates(notes)


def _check_markup_all(notes: Notes) -> None:
    for section in notes.sections:
        where = f'section "{section.heading}"'
        problem = sub_heading_problem(section.body)
        if problem:
            raise NotesFormatError(f"{where}: {problem}")
        _check_markup(where, parse_inline, section.heading)
        _check_markup(where, parse_blocks, section.body)
    for action in notes.actions:
        for text in (action.text, action.owner, action.deadline):
            _check_markup(f"action {action.number}", parse_inline, text)
    for index, carried in enumerate(notes.carried):
        for text in (carried.text, carried.owner, carried.deadline, carried.note):
            _check_markup(_row_name(carried, index), parse_inline, text)
    for attendee in notes.attendees:
        _check_markup(f"the introduction of {attendee.name}", parse_blocks, attendee.introduction)
    _check_markup("the conflicts of interest", parse_blocks, notes.conflicts)


def _check_reconsider_dates(notes: Notes) -> None:
    """Refuse a withheld part whose reconsider date is before the meeting it belongs to."""
    for where, until in withheld_dates(notes):
        if until < notes.date:
            raise NotesFormatError(
                f"{where}: the reconsider date {until:%-d %B %Y} is before the meeting "
                f"({notes.date:%-d %B %Y})"
            )


def _check_fits(notes: Notes) -> None:
    """Refuse what the database would refuse, as a clear error rather than a crash."""
    try:
        check_meeting_date(notes.date)
    except ValidationError as error:
        raise NotesFormatError(error.messages[0]) from None
    if notes.start and notes.end and notes.end <= notes.start:
        raise NotesFormatError("the meeting ends before it starts", field="end")
    _check_length("the place", notes.place, Meeting, "place")
    for attendee in notes.attendees:
        if not attendee.name.strip():
            raise NotesFormatError("someone in the attendance has no name", field=attendee.status)
        _check_length(f"the name {attendee.name[:40]!r}", attendee.name, Member, "full_name")
    for section in notes.sections:
        if not section.heading.strip():
            raise NotesFormatError("a section has no heading")
        where = f'section "{section.heading[:40]}"'
        _check_length(f"the heading of {where}", section.heading, AgendaItem, "heading")
        _check_length(f"the presenter of {where}", section.presenter, AgendaItem, "presenter")
        _check_length(f"the notes of {where}", section.body, AgendaItem, "body")
    references = [carried.reference for carried in notes.carried if carried.reference]
    for reference in references:
        if references.count(reference) > 1:
            raise NotesFormatError(f"action {reference} is updated twice", field=CARRIED_FIELD)
    for index, carried in enumerate(notes.carried):
        where = _row_name(carried, index)
        for value, name in ((carried.label, "label"), (carried.owner, "owner_text"),
                            (carried.deadline, "deadline_text")):  # fmt: skip
            _check_length(f"the {name.removesuffix('_text')} of {where}", value, ActionUpdate, name)
    for action in notes.actions:
        if action.number > _LARGEST_ACTION_NUMBER:
            raise NotesFormatError(f"action {action.number} has too large a number")
        _check_length(f"the text of action {action.number}", action.text, Action, "text")
        _check_length(f"the owner of action {action.number}", action.owner, Action, "owner_text")
        _check_length(
            f"the deadline of action {action.number}", action.deadline, Action, "deadline_text"
        )


CARRIED_FIELD = "actions from previous meetings"


def _row_name(row: CarriedAction, index: int) -> str:
    """How an error names a row of the table of previous actions."""
    if row.reference:
        return f"the row for action {row.reference}"
    return f"row {row.label}" if row.label else f"row {index + 1} of the previous actions"


# Action numbers are a small integer column.
_LARGEST_ACTION_NUMBER = 32767


def _check_length(what: str, value: str, model: type[models.Model], name: str) -> None:
    limit = getattr(model._meta.get_field(name), "max_length", None)
    if limit is not None and len(value) > limit:
        raise NotesFormatError(f"{what} is longer than {limit:,} characters")


def _check_markup(where: str, parse: Callable[[str], object], source: str) -> None:
    try:
        parse(source)
    except MarkupError as error:
        raise NotesFormatError(f"{where}: {error}") from None


@transaction.atomic
def meeting_create_from_notes(
    *, notes: Notes, group: Group, create_owners: bool = False
) -> ImportReport:
    """Create a draft meeting, with its attendance, sections, actions and updates, from notes."""
    check_notes(notes)
    existing = Meeting.objects.filter(group=group, date=notes.date).first()
    if existing:
        raise MeetingExists(existing)
    people = People(group)
    meeting = Meeting.objects.create(
        group=group,
        date=notes.date,
        start_time=notes.start,
        end_time=notes.end,
        place=notes.place,
        online=notes.online,
        conflicts=notes.conflicts,
        next_meetings="\n".join(notes.next_meetings),
        previous_notes_agreed=notes.previous_notes_agreed,
        status=Meeting.Status.DRAFT,
    )
    _create_attendance(meeting, notes, people)
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=position,
            heading=section.heading,
            body=section.body,
            presenter=section.presenter,
            kind=section.kind,
            sensitivity=section.sensitivity,
            to_check=section.to_check,
            withheld_why=section.withheld_why,
            withheld_until=section.withheld_until,
        )
        for position, section in enumerate(notes.sections, start=1)
    )
    for agreed in notes.actions:
        action = Action(
            meeting=meeting,
            number=agreed.number,
            text=agreed.text,
            owner_text=agreed.owner,
            status=agreed.status,
            sensitivity=agreed.sensitivity,
            status_now=agreed.status,
            withheld_why=agreed.withheld_why,
            withheld_until=agreed.withheld_until,
        )
        action.set_deadline(agreed.deadline)
        action.save()
        action.owners.set(people.owners_in(agreed.owner, create=create_owners))
    carried_rows_create(meeting=meeting, carried=notes.carried)
    return ImportReport(meeting=meeting, created_people=people.created)


@transaction.atomic
def meeting_create_from_import(*, imported: ImportedNotes, group: Group) -> ImportReport:
    """Create the draft meeting an imported file holds, adding the people it names."""
    if imported.notes.group != group.slug:
        raise NotesFormatError(
            f"these notes are for the group {imported.notes.group!r}, not {group.slug!r}",
            field="group",
        )
    # Old notes name owners the group has no record of; they are added, and
    # listed in the report, so the secretary can see who was.
    return meeting_create_from_notes(notes=imported.notes, group=group, create_owners=True)


def meeting_preview_import(*, imported: ImportedNotes, group: Group) -> list[str]:
    """The names of the people importing would add; nothing is kept.

    The import is made in full and then rolled back, so the preview meets every
    error the real import would (a meeting already on that date, an unknown
    earlier action) and names exactly the people it would add.
    """
    with transaction.atomic():
        report = meeting_create_from_import(imported=imported, group=group)
        names = [member.full_name for member in report.created_people]
        transaction.set_rollback(True)
    return names


@dataclass(frozen=True)
class ReadFile:
    """A notes file that could be read: its name, its bytes, and the notes it holds."""

    name: str
    content: bytes
    imported: ImportedNotes


def notes_files_read(
    found: Sequence[NamedFile | Refused], *, group: Group | None = None
) -> tuple[list[ReadFile], list[Refused]]:
    """Each file read, earliest meeting first; and each that could not be, saying why.

    `group` is for the files that name none. Date order lets a later meeting's
    notes link to the actions of the earlier ones, which are created first.
    """
    read, refused = [], []
    for file in found:
        if isinstance(file, Refused):
            refused.append(file)
            continue
        try:
            imported = read_notes_file(file.name, file.content, group.slug if group else None)
        except NotesFormatError as error:
            refused.append(Refused(file.name, str(error)))
        else:
            read.append(ReadFile(file.name, file.content, imported))
    return sorted(read, key=lambda file: (file.imported.notes.date, file.name)), refused


@dataclass
class ImportPreview:
    """What creating one file's meeting would do: whom it would add, or why it cannot be made."""

    people: list[str] = field(default_factory=list)
    problem: str = ""
    existing: Meeting | None = None


def meetings_preview_import(
    *, imports: Sequence[ImportedNotes], group: Group
) -> list[ImportPreview]:
    """What importing these files, in the order given, would do; nothing is kept.

    All are made in one transaction that is then rolled back, each in a
    savepoint of its own, so a later file's earlier actions link to the
    meetings of the earlier files exactly as they will on confirming, a
    person is "added" once, by the first file that names them, and a file
    that fails leaves the others to be previewed.
    """
    previews = []
    with transaction.atomic():
        for imported in imports:
            try:
                report = meeting_create_from_import(imported=imported, group=group)
            except MeetingExists as error:
                previews.append(ImportPreview(problem=str(error), existing=error.meeting))
            except NotesFormatError as error:
                previews.append(ImportPreview(problem=str(error)))
            else:
                previews.append(ImportPreview([m.full_name for m in report.created_people]))
        transaction.set_rollback(True)
    return previews


def _create_attendance(meeting: Meeting, notes: Notes, people: People) -> None:
    seen: dict[int, str] = {}
    rows = []
    for position, attendee in enumerate(notes.attendees, start=1):
        member = people.find_or_create(attendee.name)
        if member.pk in seen:
            raise NotesFormatError(
                f"{seen[member.pk]} and {attendee.name} are the same person, {member.full_name}",
                field=attendee.status,
            )
        seen[member.pk] = attendee.name
        rows.append(
            Attendance(
                meeting=meeting,
                member=member,
                status=attendee.status,
                role=attendee.role,
                takes_notes=attendee.takes_notes,
                introduction=attendee.introduction,
                position=position,
            )
        )
    Attendance.objects.bulk_create(rows)


def carried_rows_create(
    *, meeting: Meeting, carried: Sequence[CarriedAction]
) -> list[ActionUpdate]:
    """Make each row of a file's table of previous actions the meeting's record, as written.

    A row is linked to the earlier action of the group it continues: the one
    its reference names, or else the one its words match (see
    notesfile.matching); a row that matches none is kept as written, with no
    link. Nothing is added that the file did not say. Import a group's files
    in date order, so that a row can continue an action of an earlier file.
    """
    earlier = {
        ActionReference(action.meeting.date, action.number): action
        for action in Action.objects.filter(
            meeting__group=meeting.group_id, meeting__date__lt=meeting.date
        ).select_related("meeting")
    }
    linked: dict[int, Action] = {}
    for index, row in enumerate(carried):
        if row.reference and row.reference.agreed_on >= meeting.date:
            raise NotesFormatError(
                f"{_row_name(row, index)} continues an action agreed on "
                f"{row.reference.agreed_on:%-d %B %Y}, not before this meeting: notes can only "
                "record what became of actions agreed earlier",
                field=CARRIED_FIELD,
            )
        # Rows that name their action are linked first, so no other row's words take it.
        if row.reference is not None and row.reference in earlier:
            linked[index] = earlier[row.reference]
    taken = {action.pk for action in linked.values()}
    free = [Candidate(ref, a.text) for ref, a in earlier.items() if a.pk not in taken]
    for index, row in enumerate(carried):
        found = None if index in linked else continued_action(row, free)
        if found is not None:
            linked[index] = earlier[found]
            free = [candidate for candidate in free if candidate.reference != found]
    rows = []
    for index, row in enumerate(carried):
        record = ActionUpdate(
            action=linked.get(index),
            meeting=meeting,
            position=index + 1,
            # A reference that names no action of the group is kept as the row's label.
            label=row.label
            or (str(row.reference) if row.reference and not linked.get(index) else ""),
            text=row.text,
            owner_text=row.owner,
            deadline_text=row.deadline,
            status=row.status,
            note=row.note,
            sensitivity=row.sensitivity,
        )
        refusal = record.refusal()
        if refusal:
            raise NotesFormatError(f"{_row_name(row, index)}: {refusal}", field=CARRIED_FIELD)
        rows.append(record)
    ActionUpdate.objects.bulk_create(rows)
    Action.objects.filter(pk__in=[action.pk for action in linked.values()]).refresh_status_now()
    return rows


# The editor. Every change to an existing row goes through update_if_unchanged
# with the version the editor loaded, so a second writer is told, not overwritten.


@transaction.atomic
def meeting_create(
    *,
    group: Group,
    date: datetime.date,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    place: str = "",
    online: bool = False,
) -> Meeting:
    """A new draft meeting, with the members of the day listed and the group's usual agenda.

    Everyone whose term covers the meeting's date is listed as present (the
    usual case; the secretary marks apologies), with the chair and co-chairs
    in their roles; the group's recurring items open the agenda. Open actions
    of earlier meetings are not copied: the editor offers them, and the notes
    hold only what the secretary records about them.
    """
    if Meeting.objects.filter(group=group, date=date).exists():
        raise ValidationError(
            f"{group.name} already has a meeting on {date:%-d %B %Y}.", code="meeting_exists"
        )
    meeting = Meeting.objects.create(
        group=group,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place,
        online=online,
    )
    roles = {
        Membership.Role.CHAIR: Attendance.Role.CHAIR,
        Membership.Role.CO_CHAIR: Attendance.Role.CO_CHAIR,
    }
    terms = Membership.objects.current(on=date).filter(group=group).select_related("member")
    order = [Membership.Role.STAFF, Membership.Role.CHAIR, Membership.Role.CO_CHAIR]
    rows: dict[int, Attendance] = {}
    for term in sorted(terms, key=lambda t: (_rank(order, t.role), t.member.full_name)):
        role = roles.get(Membership.Role(term.role), Attendance.Role.NONE)
        if role == Attendance.Role.CHAIR and any(r.role == role for r in rows.values()):
            role = Attendance.Role.NONE
        rows.setdefault(
            term.member_id,
            Attendance(meeting=meeting, member=term.member, role=role, position=len(rows) + 1),
        )
    Attendance.objects.bulk_create(rows.values())
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=position, heading=item.heading, kind=item.kind)
        for position, item in enumerate(group.recurring_items.all(), start=1)
    )
    return meeting


def _rank(order: list[Membership.Role], role: str) -> int:
    return order.index(Membership.Role(role)) if role in order else len(order)


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    version: int,
    date: datetime.date,
    start_time: datetime.time | None,
    end_time: datetime.time | None,
    place: str,
    online: bool,
    conflicts: str,
    next_meetings: str,
    previous_notes_agreed: bool = False,
) -> Meeting:
    """Save the meeting's details; deadlines written as "next meeting" follow its dates."""
    if Meeting.objects.filter(group=meeting.group_id, date=date).exclude(pk=meeting.pk).exists():
        raise ValidationError(
            {"date": f"There is already a meeting on {date:%-d %B %Y}."}, code="meeting_exists"
        )
    _check_date_keeps_order(meeting, date)
    changes = {
        "date": date,
        "start_time": start_time,
        "end_time": end_time,
        "place": place,
        "online": online,
        "conflicts": conflicts,
        "next_meetings": next_meetings,
        "previous_notes_agreed": previous_notes_agreed,
    }
    update_if_unchanged(meeting, version=version, updated_at=timezone.now(), **changes)
    # The deadline dates are worked out from the text and the meeting's dates;
    # they are not anybody's typing, so they are refreshed without a version.
    for action in meeting.actions.all():
        before = action.deadline
        action.set_deadline(action.deadline_text)
        if action.deadline != before:
            Action.objects.filter(pk=action.pk).update(deadline=action.deadline)
    return meeting


def _check_date_keeps_order(meeting: Meeting, date: datetime.date) -> None:
    """A meeting stays after the actions its notes record, and before notes recording its own."""
    carried = meeting.action_updates.filter(action__meeting__date__gte=date)
    first = carried.select_related("action__meeting").order_by("action__meeting__date").first()
    if first is not None and first.action is not None:
        raise ValidationError(
            {
                "date": f"These notes record what became of action {first.action.reference}, "
                f"agreed on {first.action.meeting.date:%-d %B %Y}: the meeting must be after it."
            },
            code="after_its_actions",
        )
    later = ActionUpdate.objects.filter(action__meeting=meeting, meeting__date__lte=date)
    recording = later.select_related("meeting").order_by("meeting__date").first()
    if recording is not None:
        raise ValidationError(
            {
                "date": f"The notes of {recording.meeting.date:%-d %B %Y} record what became of "
                "an action agreed at this meeting: the meeting must be before them."
            },
            code="before_its_records",
        )


@transaction.atomic
def attendance_update(
    *,
    attendance: Attendance,
    version: int,
    status: str,
    role: str,
    takes_notes: bool,
    introduction: str,
) -> Attendance:
    """Save one person's attendance; naming a new chair takes the role from the old one."""
    there = status in (Attendance.Status.PRESENT, Attendance.Status.GUEST)
    role = role if there else Attendance.Role.NONE
    if role == Attendance.Role.CHAIR:
        others = Attendance.objects.select_for_update().filter(
            meeting=attendance.meeting_id, role=Attendance.Role.CHAIR
        )
        for other in others.exclude(pk=attendance.pk):
            update_if_unchanged(other, version=other.version, role=Attendance.Role.NONE)
    return update_if_unchanged(
        attendance,
        version=version,
        status=status,
        role=role,
        takes_notes=takes_notes and there,
        introduction=introduction if status == Attendance.Status.GUEST else "",
    )


@transaction.atomic
def attendance_add(
    *, meeting: Meeting, name: str, status: str, introduction: str = ""
) -> Attendance:
    """Add someone to the attendance: a member found by name, or a new person."""
    people = People(meeting.group)
    member = people.find_or_create(name)
    existing = meeting.attendances.filter(member=member).first()
    if existing is not None:
        raise ValidationError(
            f"{member.full_name} is already on the list ({existing.get_status_display()}).",
            code="already_listed",
        )
    last = meeting.attendances.aggregate(last=Max("position"))["last"] or 0
    return Attendance.objects.create(
        meeting=meeting,
        member=member,
        status=status,
        introduction=introduction if status == Attendance.Status.GUEST else "",
        position=last + 1,
    )


def attendance_remove(*, attendance: Attendance, version: int) -> None:
    """Take someone off the list, unless their row changed since it was loaded."""
    removed, _ = Attendance.objects.filter(pk=attendance.pk, version=version).delete()
    if not removed:
        raise EditConflict(Attendance.objects.filter(pk=attendance.pk).first())


def section_add(*, meeting: Meeting, heading: str, kind: str = Kind.DISCUSSION) -> AgendaItem:
    """A new section at the end of the notes."""
    last = AgendaItem.with_deleted.filter(meeting=meeting).aggregate(last=Max("position"))
    return AgendaItem.objects.create(
        meeting=meeting, heading=heading, kind=kind, position=(last["last"] or 0) + 1
    )


@transaction.atomic
def section_move(*, item: AgendaItem, version: int, by: int) -> AgendaItem:
    """Move a section up (by=-1) or down (by=1) past its neighbour."""
    items = list(AgendaItem.objects.select_for_update().filter(meeting=item.meeting_id))
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise EditConflict(None)
    target = index + by
    if not 0 <= target < len(items):
        return item
    items[index], items[target] = items[target], items[index]
    # Renumbering from 1 also mends positions an import left equal.
    for position, section in enumerate(items, start=1):
        if section.position != position:
            loaded = version if section.pk == item.pk else section.version
            update_if_unchanged(section, version=loaded, position=position)
    item.refresh_from_db()
    return item


def section_delete(*, item: AgendaItem, version: int) -> AgendaItem:
    """Delete a section so that it can still be restored."""
    return update_if_unchanged(item, version=version, deleted_at=timezone.now())


def section_restore(*, item: AgendaItem) -> AgendaItem:
    """Bring a deleted section back in its place."""
    AgendaItem.with_deleted.filter(pk=item.pk).update(deleted_at=None, version=F("version") + 1)
    item.refresh_from_db()
    return item
