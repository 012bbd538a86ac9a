"""Reading actions for the tracker, "my actions" and the dashboard."""

import datetime

from django.db.models import Prefetch, Q, QuerySet

from actions.models import CLOSED, Action, ActionUpdate
from allies.models import Group, Member
from meetings.models import Meeting

NOT_DONE = ~Q(current_status__in=CLOSED)
# Notes the group has agreed: what reminders and the members page go by.
AGREED_NOTES = (Meeting.Status.APPROVED, Meeting.Status.PUBLISHED)


def tracked(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Actions with their current status, owners and history, newest meeting first."""
    history = ActionUpdate.objects.select_related("meeting").order_by("meeting__date")
    return (
        actions.with_current_status()  # type: ignore[attr-defined]
        .select_related("meeting__group")
        .prefetch_related("owners", Prefetch("updates", queryset=history))
        .order_by("-meeting__date", "number")
    )


def not_done(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Of actions annotated with their current status, those neither complete nor dropped."""
    return actions.filter(NOT_DONE)


def overdue(actions: QuerySet[Action], today: datetime.date) -> QuerySet[Action]:
    """Of actions annotated with their current status, those not done whose deadline has passed."""
    return actions.filter(NOT_DONE, deadline__lt=today)


def by_status(
    actions: QuerySet[Action], status: str, owner: Member | None, today: datetime.date
) -> QuerySet[Action]:
    """The tracker's filters: "" not done, "overdue", "all", or one current status; an owner."""
    if status == "":
        actions = not_done(actions)
    elif status == "overdue":
        actions = overdue(actions, today)
    elif status != "all":
        actions = actions.filter(Q(current_status=status))
    if owner is not None:
        actions = actions.filter(owners=owner)
    return actions


def owners_of(group: Group) -> QuerySet[Member]:
    """Everyone an action of the group names as an owner."""
    return Member.objects.filter(actions__meeting__group=group).distinct().order_by("full_name")


def agreed(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Actions of notes the group has agreed, each with `current_status` as the notes record it.

    The one place reminders and the members page read an action's state. While
    an action's status is worked out from the latest update of any meeting, a
    draft's update counts too; once Action keeps the status its last agreed
    notes recorded, this reads that instead.
    """
    return actions.filter(meeting__status__in=AGREED_NOTES).with_current_status()  # type: ignore[attr-defined]
