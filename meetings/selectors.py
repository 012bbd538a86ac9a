"""Reading meetings out of the database as plain values."""

from meetings.models import Meeting
from notesfile.notes import (
    ATTENDANCE_ORDER,
    ActionReference,
    AgreedAction,
    Attendee,
    CarriedAction,
    Notes,
    Section,
)


def notes_of(meeting: Meeting) -> Notes:
    """A frozen snapshot of everything a meeting's notes say."""
    attendances = sorted(
        meeting.attendances.select_related("member"),
        key=lambda a: (ATTENDANCE_ORDER.index(a.status), a.position, a.pk),
    )
    agreed = meeting.actions.order_by("number")
    # Only what this meeting recorded about earlier actions, in its own words
    # where it gives them ("" is as agreed: redaction decides what that shows).
    carried = meeting.action_updates.select_related("action__meeting").order_by("position", "pk")
    return Notes(
        group=meeting.group.slug,
        group_name=meeting.group.full_name,
        date=meeting.date,
        start=meeting.start_time,
        end=meeting.end_time,
        place=meeting.place,
        online=meeting.online,
        attendees=tuple(
            Attendee(
                name=a.member.full_name,
                status=a.status,
                role=a.role,
                takes_notes=a.takes_notes,
                introduction=a.introduction,
            )
            for a in attendances
        ),
        conflicts=meeting.conflicts,
        previous_notes_agreed=meeting.previous_notes_agreed,
        sections=tuple(
            Section(
                heading=item.heading,
                body=item.body,
                kind=item.kind,
                sensitivity=item.sensitivity,
                presenter=item.presenter,
                to_check=item.to_check,
                withheld_why=item.withheld_why,
                withheld_until=item.withheld_until,
            )
            for item in meeting.agenda_items.all()
        ),
        actions=tuple(
            AgreedAction(
                number=action.number,
                text=action.text,
                owner=action.owner_text,
                deadline=action.deadline_text,
                status=action.status,
                sensitivity=action.sensitivity,
                withheld_why=action.withheld_why,
                withheld_until=action.withheld_until,
            )
            for action in agreed
        ),
        carried=tuple(
            CarriedAction(
                reference=(
                    ActionReference(row.action.meeting.date, row.action.number)
                    if row.action
                    else None
                ),
                text=row.text,
                owner=row.owner_text,
                deadline=row.deadline_text,
                status=row.status,
                note=row.note,
                sensitivity=row.sensitivity,
                label=row.label,
            )
            for row in carried
        ),
        next_meetings=tuple(meeting.next_meeting_lines),
    )
