"""Writing actions: each function is one transaction, and every change is checked against a version.

An action's owners are worked out from its owner text, which stays the source
of truth; its deadline date is worked out from its deadline text. What a
meeting records about an earlier action is a row of its notes (ActionUpdate):
recorded, changed and removed here, with the stored status of the action
(Action.status_now) kept right in the same transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from actions.models import Action, ActionUpdate
from allies.models import Membership
from allies.people import People
from meetings.models import Meeting
from meetings.services import EditConflict, update_if_unchanged


def next_number(meeting: Meeting) -> int:
    """The number the next action agreed at a meeting takes."""
    return (meeting.actions.aggregate(last=Max("number"))["last"] or 0) + 1


@transaction.atomic
def action_add(
    *,
    meeting: Meeting,
    number: int,
    text: str,
    owner_text: str = "",
    deadline_text: str = "",
    status: str = "open",
    sensitivity: str = "public",
    withheld_why: str = "",
    withheld_until: datetime.date | None = None,
) -> Action:
    """A new action agreed at the meeting, with its owners and deadline date worked out."""
    if meeting.actions.filter(number=number).exists():
        raise ValidationError(
            {"number": f"There is already an action {number}."}, code="number_taken"
        )
    action = Action(
        meeting=meeting,
        number=number,
        text=text,
        owner_text=owner_text,
        status=status,
        sensitivity=sensitivity,
        status_now=status,
        withheld_why=withheld_why,
        withheld_until=withheld_until,
    )
    action.set_deadline(deadline_text)
    action.save()
    action.owners.set(People(meeting.group).owners_in(owner_text))
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    version: int,
    number: int,
    text: str,
    owner_text: str,
    deadline_text: str,
    status: str,
    sensitivity: str,
    withheld_why: str = "",
    withheld_until: datetime.date | None = None,
) -> Action:
    """Save an agreed action; its owners and deadline date follow the text."""
    if action.meeting.actions.filter(number=number).exclude(pk=action.pk).exists():
        raise ValidationError(
            {"number": f"There is already an action {number}."}, code="number_taken"
        )
    action.set_deadline(deadline_text)
    update_if_unchanged(
        action,
        version=version,
        number=number,
        text=text,
        owner_text=owner_text,
        deadline_text=action.deadline_text,
        deadline=action.deadline,
        status=status,
        sensitivity=sensitivity,
        withheld_why=withheld_why,
        withheld_until=withheld_until,
    )
    action.owners.set(People(action.meeting.group).owners_in(action.owner_text))
    Action.objects.filter(pk=action.pk).refresh_status_now()
    action.refresh_from_db(fields=["status_now"])
    return action


def action_delete(*, action: Action, version: int) -> None:
    """Delete an agreed action, unless it changed since it was loaded or later notes record it."""
    later = sorted({row.meeting.date for row in action.updates.select_related("meeting")})
    if later:
        dates = ", ".join(f"{day:%-d %B %Y}" for day in later)
        raise ValidationError(
            f"Action {action.number} cannot be deleted: the notes of {dates} record what became "
            "of it. Take it out of those notes first.",
            code="recorded_later",
        )
    removed, _ = Action.objects.filter(pk=action.pk, version=version).delete()
    if not removed:
        raise EditConflict(Action.objects.filter(pk=action.pk).first())


@transaction.atomic
def carried_record(
    *, meeting: Meeting, action: Action, status: str = "", note: str = ""
) -> ActionUpdate:
    """Record in the meeting's notes what became of an earlier action.

    With no status, the action was discussed with no change: the row keeps its
    status before this meeting. The row takes the action's sensitivity, and
    its place among the rows follows the order the actions were agreed in.
    """
    row = ActionUpdate(
        action=action,
        meeting=meeting,
        status=status or status_before(action, meeting),
        note=note.strip(),
        sensitivity=action.sensitivity,
    )
    _check(row)
    rows = list(
        meeting.action_updates.select_for_update(of=("self",))
        .select_related("action__meeting")
        .order_by("position", "pk")
    )
    if any(other.action_id == action.pk for other in rows):
        raise ValidationError(
            f"Action {action.reference} is already recorded in these notes.", code="recorded"
        )
    key = (action.meeting.date, action.number)
    at = next(
        (
            i
            for i, other in enumerate(rows)
            if other.action and (other.action.meeting.date, other.action.number) > key
        ),
        len(rows),
    )
    rows.insert(at, row)
    # Positions are not anybody's typing: renumbering does not count as a change of version.
    for position, other in enumerate(rows, start=1):
        if other is not row and other.position != position:
            ActionUpdate.objects.filter(pk=other.pk).update(position=position)
    row.position = at + 1
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ValidationError(
            f"Action {action.reference} is already recorded in these notes.", code="recorded"
        ) from None
    Action.objects.filter(pk=action.pk).refresh_status_now()
    return row


@transaction.atomic
def carried_update(
    *,
    row: ActionUpdate,
    version: int,
    status: str,
    note: str,
    text: str = "",
    owner_text: str = "",
    deadline_text: str = "",
    sensitivity: str = "public",
) -> ActionUpdate:
    """Save what the notes record about an earlier action, and their own wording of it, if any."""
    changes = {
        "status": status,
        "note": note,
        "text": text.strip(),
        "owner_text": owner_text.strip(),
        "deadline_text": deadline_text.strip(),
        "sensitivity": sensitivity,
    }
    _check(ActionUpdate(pk=row.pk, action=row.action, meeting=row.meeting, **changes))
    update_if_unchanged(row, version=version, **changes)
    if row.action_id:
        Action.objects.filter(pk=row.action_id).refresh_status_now()
    return row


@transaction.atomic
def carried_remove(*, row: ActionUpdate, version: int) -> None:
    """Take an earlier action out of the meeting's notes ("not discussed"), unless it changed."""
    removed, _ = ActionUpdate.objects.filter(pk=row.pk, version=version).delete()
    if not removed:
        raise EditConflict(ActionUpdate.objects.filter(pk=row.pk).first())
    if row.action_id:
        Action.objects.filter(pk=row.action_id).refresh_status_now()


def _check(row: ActionUpdate) -> None:
    refusal = row.refusal()
    if refusal:
        raise ValidationError(refusal[:1].upper() + refusal[1:] + ".", code="refused")


def status_before(action: Action, meeting: Meeting) -> str:
    """An action's status before `meeting`: at the last earlier meeting that spoke of it."""
    earlier = action.updates.filter(meeting__date__lt=meeting.date).order_by("-meeting__date")
    return earlier.values_list("status", flat=True).first() or action.status


def term_update(
    *,
    term: Membership,
    version: int,
    role: str,
    started_on: datetime.date,
    ended_on: datetime.date | None,
) -> Membership:
    """Change a member's term on a group if nobody has since it was loaded; EditConflict if so."""
    try:
        with transaction.atomic():
            return update_if_unchanged(
                term, version=version, role=role, started_on=started_on, ended_on=ended_on
            )
    except IntegrityError as error:
        raise ValidationError(
            f"{term.member} already has a term on this group starting on {started_on:%-d %B %Y}.",
            code="term_exists",
        ) from error
