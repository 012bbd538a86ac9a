"""Writing actions: each function is one transaction, and every change is checked against a version.

An action's owners are worked out from its owner text, which stays the source
of truth; its deadline date is worked out from its deadline text.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from actions.models import Action, ActionUpdate
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
    return action


def action_delete(*, action: Action, version: int) -> None:
    """Delete an agreed action, unless it changed since it was loaded."""
    removed, _ = Action.objects.filter(pk=action.pk, version=version).delete()
    if not removed:
        raise EditConflict(Action.objects.filter(pk=action.pk).first())


@transaction.atomic
def action_record_update(
    *, action: Action, meeting: Meeting, version: int, status: str, note: str
) -> ActionUpdate | None:
    """Record what `meeting` said of an earlier action; version 0 means none was recorded yet.

    Setting the status back to what it was before, with no note, removes the
    update: the meeting then says nothing new about the action.
    """
    if not Action.objects.carried_over_to(meeting).filter(pk=action.pk).exists():
        raise ValidationError(
            "That action is not carried over to this meeting.", code="not_carried"
        )
    before = status_before(action, meeting)
    current = ActionUpdate.objects.filter(action=action, meeting=meeting).first()
    if (current.version if current else 0) != version:
        raise EditConflict(current)
    if status == before and not note.strip():
        if current is not None:
            ActionUpdate.objects.filter(pk=current.pk, version=version).delete()
        return None
    if current is not None:
        return update_if_unchanged(current, version=version, status=status, note=note)
    try:
        with transaction.atomic():
            return ActionUpdate.objects.create(
                action=action, meeting=meeting, status=status, note=note
            )
    except IntegrityError:
        # Someone else recorded an update in the same moment.
        raise EditConflict(
            ActionUpdate.objects.filter(action=action, meeting=meeting).first()
        ) from None


def status_before(action: Action, meeting: Meeting) -> str:
    """An action's status before `meeting`: at the last earlier meeting that spoke of it."""
    earlier = action.updates.filter(meeting__date__lt=meeting.date).order_by("-meeting__date")
    return earlier.values_list("status", flat=True).first() or action.status
