"""The editor's regions of actions: those agreed at the meeting and the earlier ones it records.

Each region has its own context function; `editor_context` puts them together
with the regions of meetings.editing for the whole page, which is drawn only
when the page is opened or a plain post could not be saved.
"""

from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from actions.forms import ActionAddForm, ActionForm, CarriedForm, RecordForm
from actions.models import Action, ActionUpdate
from actions.services import next_number
from meetings.editing import (
    EDITABLE,
    EDITOR,
    Entry,
    HtmxHttpRequest,
    attendance_context,
    details_context,
    focus_after,
    people_names,
    redraw,
    row_entry,
    sections_context,
)
from meetings.models import Meeting

# The letters are the notes format's (A, B, … AA); they belong in notesfile, with the format.
from notesfile.notes import letter


def editor_context(
    meeting: Meeting, override: Entry | None = None, key: str = ""
) -> dict[str, Any]:
    """The whole editor page, with the row named `key` replaced by a form that was sent."""
    return {
        "meeting": meeting,
        "editable": meeting.status in EDITABLE,
        **details_context(meeting, override, key),
        **attendance_context(meeting, override, key),
        **actions_context(meeting, override, key),
        **carried_context(meeting, override, key),
        **sections_context(meeting, override, key),
        "people_names": people_names(meeting),
    }


def action_entry(action: Action) -> Entry:
    return row_entry(action, ActionForm, f"action-{action.pk}")


def actions_context(
    meeting: Meeting, override: Entry | None = None, key: str = ""
) -> dict[str, Any]:
    """The actions agreed at the meeting, and the form to add one."""
    actions = meeting.actions.order_by("number").prefetch_related("owners")
    return {
        "actions": [row_entry(a, ActionForm, f"action-{a.pk}", override, key) for a in actions],
        "add_action": ActionAddForm(prefix="new-action", initial={"number": next_number(meeting)}),
    }


@dataclass
class CarriedEntry(Entry):
    """A row of earlier actions in the editor, with its letter and whether its notes are public."""

    letter: str = ""
    unpublished: str = ""
    opened: bool = False
    """An open action's row drawn with its form; the others fetch theirs once opened."""


def carried_entry(row: ActionUpdate, index: int, published: set[int]) -> CarriedEntry:
    """A row the notes record about an earlier action."""
    form = CarriedForm(instance=row, prefix=f"carried-{row.pk}", initial={"version": row.version})
    entry = CarriedEntry(row, form, row.version, letter=row.label or letter(index))
    entry.unpublished = unpublished_origin(row.action.meeting, published) if row.action else ""
    return entry


def carried_row(row: ActionUpdate) -> CarriedEntry:
    """One recorded row alone, lettered by its place among the meeting's rows."""
    order = row.meeting.action_updates.order_by("position", "pk").values_list("pk", flat=True)
    origin = {row.action.meeting_id} if row.action else set()
    return carried_entry(row, list(order).index(row.pk), published_among(origin))


def carried_context(
    meeting: Meeting, override: Entry | None = None, key: str = ""
) -> dict[str, Any]:
    """The earlier actions: those the notes record, and the open ones they do not (yet)."""
    rows = list(meeting.action_updates.select_related("action__meeting").order_by("position", "pk"))
    taken = {row.action_id for row in rows}
    still_open = [
        action
        for action in Action.objects.open_before(meeting).select_related("meeting")
        if action.pk not in taken
    ]
    published = published_among(
        {row.action.meeting_id for row in rows if row.action} | {a.meeting_id for a in still_open}
    )
    recorded = [
        _sent(carried_entry(row, index, published), override, key == f"carried-{row.pk}")
        for index, row in enumerate(rows)
    ]
    open_actions = [
        _sent(
            open_entry(action, published, opened=key == f"record-{action.pk}"),
            override,
            key == f"record-{action.pk}",
        )
        for action in still_open
    ]
    shown = [entry for entry in recorded + open_actions if entry.notes]
    # A refusal about an action the lists do not show is said above them.
    problems = override.notes if override is not None and not shown else []
    return {"carried": recorded, "open_actions": open_actions, "carried_problems": problems}


# The form of a row whose form the page leaves out: never bound, never drawn.
NOT_DRAWN = forms.Form()


def open_entry(action: Action, published: set[int], *, opened: bool = False) -> CarriedEntry:
    """An open earlier action the notes do not record yet; its form is drawn only when `opened`.

    A late meeting lists dozens of them, each shown as one line until the
    secretary opens it, so the page leaves their forms out and each row asks
    for its own (see the view `carried_record_view`).
    """
    form = (
        RecordForm(prefix=f"record-{action.pk}", initial={"status": action.status_before})
        if opened
        else NOT_DRAWN
    )
    unpublished = unpublished_origin(action.meeting, published)
    return CarriedEntry(action, form, 0, unpublished=unpublished, opened=opened)


def published_among(meetings: set[int]) -> set[int]:
    """Which of these meetings have notes the public can read."""
    if not meetings:
        return set()
    return set(
        Meeting.objects.filter(
            pk__in=meetings, publications__isnull=False, publications__withdrawal=None
        ).values_list("pk", flat=True)
    )


def _sent(entry: CarriedEntry, override: Entry | None, matches: bool) -> CarriedEntry:
    """The row as the form sent it, where that form could not be saved."""
    if override is None or not matches:
        return entry
    return replace(
        entry,
        form=override.form,
        version=override.version,
        conflict=override.conflict,
        saved_at=override.saved_at,
        notes=override.notes,
    )


def unpublished_origin(origin: Meeting, published: set[int]) -> str:
    """For the secretary, notes an action came from that are not public: "the draft of 6 Jun"."""
    return "" if origin.pk in published else origin.unpublished_name


def open_action_answer(request: HtmxHttpRequest, meeting: Meeting, action: Action) -> HttpResponse:
    """An open earlier action's form: for htmx into its row, else the editor opened at it."""
    anchor = f"record-{action.pk}"
    if not request.htmx:
        url = reverse("meetings:edit", args=[meeting.pk])
        return redirect(f"{url}?record={action.pk}#{anchor}")
    still_open = Action.objects.open_before(meeting).select_related("meeting")
    row = still_open.filter(pk=action.pk).exclude(updates__meeting=meeting).first()
    if row is None:
        # Recorded or closed since the page was drawn: the region as it stands now.
        context = {"meeting": meeting, **carried_context(meeting)}
        return redraw(request, "carried", "carried", context)
    entry = open_entry(row, published_among({row.meeting_id}), opened=True)
    return render(request, f"{EDITOR}#record-form", {"meeting": meeting, "entry": entry})


def carried_answer(
    request: HtmxHttpRequest,
    meeting: Meeting,
    *,
    said: str = "",
    focus: str = "",
    anchor: str = "carried-heading",
    status: int = 200,
    override: Entry | None = None,
    key: str = "",
) -> HttpResponse:
    """The earlier actions again, once a row was recorded or taken out (or could not be)."""
    if not request.htmx:
        if status >= 400:
            return render(request, EDITOR, editor_context(meeting, override, key), status=status)
        if said:
            messages.success(request, said)
        return redirect(reverse("meetings:edit", args=[meeting.pk]) + f"#{anchor}")
    context = {"meeting": meeting, **carried_context(meeting, override, key)}
    response = render(request, f"{EDITOR}#carried", context, status=status)
    return focus_after(response, focus, said) if focus else response
