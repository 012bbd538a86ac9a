"""Writing meetings: each function is one transaction, so nothing is left half-made."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import F

from actions.models import Action, ActionUpdate
from allies.models import Group, Member
from allies.people import People
from meetings.importing import ImportedNotes
from meetings.markup import MarkupError, parse_blocks, parse_inline, sub_heading_problem
from meetings.models import AgendaItem, Attendance, Meeting
from meetings.notes import Notes
from meetings.notes_format import NotesFormatError


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


@dataclass
class ImportReport:
    """What an import made, and whom it had to add."""

    meeting: Meeting
    created_people: list[Member] = field(default_factory=list)


def check_notes(notes: Notes) -> None:
    """Refuse notes whose Markdown could not be published safely or exported faithfully."""
    _check_fits(notes)
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
    for carried in notes.carried:
        _check_markup(f"action {carried.reference}", parse_inline, carried.note)
    for attendee in notes.attendees:
        _check_markup(f"the introduction of {attendee.name}", parse_blocks, attendee.introduction)
    _check_markup("the conflicts of interest", parse_blocks, notes.conflicts)


def _check_fits(notes: Notes) -> None:
    """Refuse what the database would refuse, as a clear error rather than a crash."""
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
    references = [carried.reference for carried in notes.carried]
    for reference in references:
        if references.count(reference) > 1:
            raise NotesFormatError(
                f"action {reference} is updated twice", field="actions from previous meetings"
            )
    for action in notes.actions:
        if action.number > _LARGEST_ACTION_NUMBER:
            raise NotesFormatError(f"action {action.number} has too large a number")
        _check_length(f"the owner of action {action.number}", action.owner, Action, "owner_text")
        _check_length(
            f"the deadline of action {action.number}", action.deadline, Action, "deadline_text"
        )


# Action numbers are a small integer column.
_LARGEST_ACTION_NUMBER = 32767


def _check_length(what: str, value: str, model: type[models.Model], name: str) -> None:
    limit = getattr(model._meta.get_field(name), "max_length", None)
    if limit is not None and len(value) > limit:
        raise NotesFormatError(f"{what} is longer than {limit} characters")


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
    if Meeting.objects.filter(group=group, date=notes.date).exists():
        raise NotesFormatError(
            f"{group.name} already has a meeting on {notes.date:%-d %B %Y}", field="date"
        )
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
        )
        action.set_deadline(agreed.deadline)
        action.save()
        action.owners.set(people.owners_in(agreed.owner, create=create_owners))
    _record_updates(meeting, notes)
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


def _record_updates(meeting: Meeting, notes: Notes) -> None:
    open_before = {
        (action.meeting.date, action.number): action
        for action in Action.objects.carried_over_to(meeting).select_related("meeting")
    }
    for carried in notes.carried:
        key = (carried.reference.agreed_on, carried.reference.number)
        action = open_before.get(key)
        if action is None:
            raise NotesFormatError(
                f"action {carried.reference} is not an open action of an earlier meeting "
                f"of {meeting.group.name}",
                field="actions from previous meetings",
            )
        if carried.status != action.status_then or carried.note:
            ActionUpdate.objects.create(
                action=action, meeting=meeting, status=carried.status, note=carried.note
            )
