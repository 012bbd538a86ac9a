"""Reading actions for the tracker, "my actions" and the dashboard.

They count what the group agreed: actions of notes approved or published, at
their stored status as last recorded in such notes (Action.status_now). What
notes not yet agreed say is shown beside it, as waiting ("Complete, in the
draft of 8 Dec"), and actions agreed in them are listed apart, not counted.
A draft is the secretary's own until it is sent for review, so only the
secretary sees what a draft says.
"""

import datetime
from collections.abc import Collection, Iterable

from django.db.models import Prefetch, Q, QuerySet

from actions.models import CLOSED, Action, ActionUpdate, Status
from allies.models import Group, Member
from meetings.models import AGREED, Meeting

NOT_DONE = ~Q(status_now__in=CLOSED)


def tracked(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Agreed actions with their owners and the records of them, newest meeting first."""
    return _with_records(actions.filter(meeting__status__in=AGREED))


def not_agreed_yet(actions: QuerySet[Action], drafts_of: Collection[int]) -> QuerySet[Action]:
    """Actions agreed in notes not agreed themselves yet: in review, or the drafts of the
    groups whose ids are `drafts_of` (those the reader is secretary of)."""
    seen = Q(meeting__status=Meeting.Status.IN_REVIEW)
    seen |= Q(meeting__status=Meeting.Status.DRAFT, meeting__group__in=drafts_of)
    return _with_records(actions.filter(seen))


def _with_records(actions: QuerySet[Action]) -> QuerySet[Action]:
    history = ActionUpdate.objects.select_related("meeting").order_by("meeting__date")
    return (
        actions.select_related("meeting__group")
        .prefetch_related("owners", Prefetch("updates", queryset=history))
        .order_by("-meeting__date", "number")
    )


def with_history(actions: Iterable[Action], drafts_of: Collection[int]) -> list[Action]:
    """Each action with the records of it the reader may see (`history`) and the change waiting
    in notes not yet agreed (`waiting`), such as "Complete, in the draft of 8 Dec".

    The reader sees notes in review, and the drafts of the groups whose ids are
    `drafts_of` (those they are secretary of).
    """
    listed = []
    for action in actions:
        action.history = [
            row
            for row in action.updates.all()
            if row.meeting.is_agreed
            or row.meeting.status == Meeting.Status.IN_REVIEW
            or row.meeting.group_id in drafts_of
        ]
        agreed = [row.meeting.date for row in action.history if row.meeting.is_agreed]
        waiting = [
            row
            for row in action.history
            if not row.meeting.is_agreed and (not agreed or row.meeting.date > max(agreed))
        ]
        latest = waiting[-1] if waiting else None
        action.waiting = (
            waiting_phrase(latest.status, latest.meeting)
            if latest and latest.status != action.status_now
            else ""
        )
        listed.append(action)
    return listed


def waiting_phrase(status: str, meeting: Meeting) -> str:
    """A status recorded in notes not yet agreed: "Complete, in the draft of 8 Dec"."""
    return f"{Status(status).label}, in {meeting.unpublished_name}"


def not_done(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Of actions, those neither complete nor dropped as last agreed."""
    return actions.filter(NOT_DONE)


def overdue(actions: QuerySet[Action], today: datetime.date) -> QuerySet[Action]:
    """Of actions, those not done whose deadline has passed."""
    return actions.filter(NOT_DONE, deadline__lt=today)


def by_status(
    actions: QuerySet[Action], status: str, owner: Member | None, today: datetime.date
) -> QuerySet[Action]:
    """The tracker's filters: "" not done, "overdue", "all", or one status now; an owner."""
    if status == "":
        actions = not_done(actions)
    elif status == "overdue":
        actions = overdue(actions, today)
    elif status != "all":
        actions = actions.filter(status_now=status)
    if owner is not None:
        actions = actions.filter(owners=owner)
    return actions


def owners_of(group: Group) -> QuerySet[Member]:
    """Everyone an action of the group names as an owner."""
    # A semi-join: each person once, without gathering a row per action and sorting them out.
    owners = Action.owners.through.objects.filter(action__meeting__group=group)
    return Member.objects.filter(pk__in=owners.values("member_id")).order_by("full_name")


def agreed(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Actions of notes the group has agreed, at their status as last agreed (`status_now`).

    The one place reminders and the members page read an action's state.
    """
    return actions.filter(meeting__status__in=AGREED)
