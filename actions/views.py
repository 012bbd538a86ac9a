"""Actions in the editor (agreed and carried over), the tracker, "my actions" and the export."""

import csv
import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.editing import (
    action_entry,
    actions_context,
    carried_answer,
    carried_row,
    editor_context,
    open_action_answer,
)
from actions.forms import (
    ActionAddForm,
    ActionForm,
    CarriedForm,
    RecordForm,
    TermForm,
    TrackerFilterForm,
)
from actions.members import (
    attendance_chart,
    balance,
    balance_chart,
    counted_meetings,
    ending_soon,
    member_rows,
)
from actions.models import CLOSED, Action, ActionUpdate
from actions.selectors import (
    by_status,
    not_agreed_yet,
    not_done,
    owners_of,
    tracked,
    with_history,
)
from actions.services import (
    action_add,
    action_delete,
    action_update,
    carried_record,
    carried_remove,
    carried_update,
    term_update,
)
from allies.models import Group, Member, Membership
from allies.roles import Role, groups_of, require_role
from allies.spreadsheets import safe_cell
from meetings.editing import (
    Entry,
    HtmxHttpRequest,
    added,
    answer,
    posted_version,
    redraw,
    require_editor,
    save,
)
from meetings.models import Meeting
from meetings.services import EditConflict


@login_required
@require_POST
def action_add_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Add an action agreed at the meeting; focus goes back to the form for the next one."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    require_editor(request, meeting)
    form = ActionAddForm(request.POST, prefix="new-action", instance=Action(meeting=meeting))
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ActionAddForm.Meta.fields}
        try:
            action = action_add(meeting=meeting, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            said, focus = f"Action {action.number} added.", "id_new-action-text"
            return added(request, meeting, "actions", said, focus, lambda: actions_context(meeting))
    context = {**actions_context(meeting), "add_action": form}
    return answer(
        request, meeting, "actions", context, status=422,
        page=lambda: {**editor_context(meeting), "add_action": form},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def action_save(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save an agreed action; a new sensitivity redraws the row so it looks the part."""
    action = get_object_or_404(Action.objects.select_related("meeting__group"), pk=pk)
    meeting = action.meeting
    require_editor(request, meeting)
    key = f"action-{pk}"
    if request.method == "GET":
        return answer(request, meeting, "action-row", {"entry": action_entry(action)}, anchor=key)
    sensitivity = action.sensitivity
    form = ActionForm(request.POST, instance=action, prefix=key)
    response = save(
        request, meeting, Entry(action, form, action.version),
        lambda v: action_update(action=action, version=v, **form.changes()),
        region="action-saved", anchor=key,
        page=lambda entry: editor_context(meeting, entry, key),
    )  # fmt: skip
    if request.htmx and response.status_code == 200 and sensitivity != action.sensitivity:
        entry = action_entry(action)
        entry.saved_at = timezone.now()
        context = {"meeting": meeting, "entry": entry}
        return redraw(request, "action-row", f"action-row-{pk}", context)
    return response


@login_required
@require_POST
def action_delete_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Delete an action agreed at the meeting (one added by mistake)."""
    action = get_object_or_404(Action.objects.select_related("meeting__group"), pk=pk)
    require_editor(request, action.meeting)
    try:
        action_delete(action=action, version=posted_version(request, f"action-{pk}"))
    except EditConflict:
        said = f"Not deleted: action {action.number} was changed by someone else."
    except ValidationError as error:
        said = " ".join(error.messages)
    else:
        said = f"Action {action.number} deleted."
    meeting = action.meeting
    return added(
        request, meeting, "actions", said, "actions-heading", lambda: actions_context(meeting)
    )


# Earlier actions: the rows the notes record about them. Recording a row or
# taking it out moves it between the two lists of the region, so those answer
# with the whole region; a change to a recorded row answers with its save state.


@login_required
@require_http_methods(["GET", "POST"])
def carried_record_view(request: HtmxHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """Record in these notes what became of an earlier action: no change, or a status and update."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=meeting_pk)
    require_editor(request, meeting)
    action = get_object_or_404(
        Action.objects.select_related("meeting"), pk=pk, meeting__group=meeting.group_id
    )
    if request.method == "GET":
        return open_action_answer(request, meeting, action)
    form = RecordForm(request.POST, prefix=f"record-{pk}")
    no_change = "no_change" in request.POST
    problems: list[str] = []
    if no_change or form.is_valid():
        try:
            row = carried_record(
                meeting=meeting, action=action, **({} if no_change else form.cleaned_data)
            )
        except ValidationError as error:
            problems = error.messages
        else:
            what = "no change" if no_change else row.get_status_display().lower()
            return carried_answer(
                request, meeting, said=f"{action.origin} recorded: {what}.",
                focus=_next_to_record(meeting, action), anchor=f"carried-row-{row.pk}",
            )  # fmt: skip
    if no_change:
        form = RecordForm(prefix=f"record-{pk}", initial={"status": action.status})
    entry = Entry(action, form, 0, notes=problems)
    return carried_answer(request, meeting, status=422, override=entry, key=f"record-{pk}")


def _next_to_record(meeting: Meeting, action: Action) -> str:
    """Where focus goes once an action is recorded: the next open one, else the recorded row."""
    later = Action.objects.open_before(meeting).filter(
        Q(meeting__date__gt=action.meeting.date)
        | Q(meeting__date=action.meeting.date, number__gt=action.number)
    )
    unrecorded = later.exclude(updates__meeting=meeting).first()
    row = ActionUpdate.objects.filter(meeting=meeting, action=action).values_list("pk", flat=True)
    recorded = f"carried-{row[0]}-summary" if row else "carried-heading"
    return f"record-{unrecorded.pk}-no-change {recorded}" if unrecorded else recorded


@login_required
@require_http_methods(["GET", "POST"])
def carried_save(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save what the notes record of an earlier action; a new status or sensitivity redraws it."""
    row = get_object_or_404(
        ActionUpdate.objects.select_related("meeting__group", "action__meeting"), pk=pk
    )
    meeting = row.meeting
    require_editor(request, meeting)
    if request.method == "GET":
        entry = carried_row(row)
        return answer(request, meeting, "carried-row", {"entry": entry}, anchor=f"carried-{pk}")
    before = (row.status, row.sensitivity)
    key = f"carried-{pk}"
    form = CarriedForm(request.POST, instance=row, prefix=key)
    response = save(
        request, meeting, Entry(row, form, row.version),
        lambda v: carried_update(row=row, version=v, **form.changes()),
        region="carried-saved", anchor=key,
        page=lambda entry: editor_context(meeting, entry, key),
    )  # fmt: skip
    if request.htmx and response.status_code == 200 and before != (row.status, row.sensitivity):
        entry = carried_row(row)
        entry.saved_at = timezone.now()
        context = {"meeting": meeting, "entry": entry}
        return redraw(request, "carried-row", f"carried-row-{pk}", context)
    return response


@login_required
@require_POST
def carried_remove_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Take an earlier action out of these notes: it was not discussed after all."""
    row = get_object_or_404(
        ActionUpdate.objects.select_related("meeting__group", "action__meeting"), pk=pk
    )
    meeting = row.meeting
    require_editor(request, meeting)
    what = row.action.origin if row.action else f"Row {row.label or row.text[:40]}"
    try:
        carried_remove(row=row, version=posted_version(request, f"carried-{pk}"))
    except EditConflict:
        said = f"Not removed: {what} was changed by someone else. The list now shows it as saved."
        focus = f"carried-{pk}-summary"
    else:
        said = f"{what} taken out of these notes."
        focus = f"record-{row.action_id}-summary carried-heading"
    return carried_answer(request, meeting, said=said, focus=focus, anchor="carried-heading")


# The tracker: every action of a group, wherever it was agreed.


def tracker_list(group: Group, form: TrackerFilterForm, today: datetime.date) -> QuerySet[Action]:
    """The agreed actions the tracker's filters ask for."""
    data = form.cleaned_data if form.is_valid() else {}
    actions = tracked(Action.objects.of_group(group))
    return by_status(actions, data.get("status", ""), data.get("owner"), today)


def drafts_of(role: Role, group: Group) -> set[int]:
    """The groups whose drafts the reader may see: the secretary's own."""
    return {group.pk} if role >= Role.SECRETARY else set()


TRACKER_PAGE = 25  # actions a page of the tracker lists


@login_required
@require_GET
def tracker(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """All of a group's agreed actions across its meetings, filtered by status, owner and overdue;
    then those of notes not agreed yet, listed apart and not counted."""
    group = get_object_or_404(Group, slug=slug)
    role = require_role(request.user, group, Role.ALLY)
    today = timezone.localdate()
    form = TrackerFilterForm(request.GET or None, people=owners_of(group))
    seen = drafts_of(role, group)
    owner = form.cleaned_data.get("owner") if form.is_valid() else None
    pending = not_agreed_yet(Action.objects.of_group(group), seen)
    page = Paginator(tracker_list(group, form, today), TRACKER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "group": group,
        "form": form,
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number),
        "actions": with_history(page.object_list, seen),
        "not_agreed": with_history(pending.filter(owners=owner) if owner else pending, seen),
        "today": today,
        "role": role,
    }
    template = "actions/tracker.html#tracker-results" if request.htmx else "actions/tracker.html"
    return render(request, template, context)


@login_required
@require_GET
def my_actions(request: HtmxHttpRequest) -> HttpResponse:
    """The logged-in member's own agreed actions not yet done, in every group of theirs; then
    those of notes not agreed yet."""
    member = Member.objects.filter(user__pk=request.user.pk or 0).first()
    today = timezone.localdate()
    actions = Action.objects.filter(meeting__group__in=groups_of(request.user), owners=member)
    seen = set(groups_of(request.user, Role.SECRETARY).values_list("pk", flat=True))
    context = {
        "member": member,
        "actions": with_history(not_done(tracked(actions)), seen) if member else [],
        "not_agreed": with_history(not_done(not_agreed_yet(actions, seen)), seen) if member else [],
        "today": today,
    }
    return render(request, "actions/my_actions.html", context)


CSV_COLUMNS = [
    "Group", "Meeting", "No.", "Agreed approach", "Person taking this on", "Owners",
    "Deadline", "Deadline date", "Status now", "Overdue", "Sensitivity", "Latest update",
    "Waiting in notes not yet agreed",
]  # fmt: skip


@login_required
@require_GET
def tracker_csv(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The tracker's agreed actions as they are filtered, as a spreadsheet (no email addresses)."""
    group = get_object_or_404(Group, slug=slug)
    role = require_role(request.user, group, Role.ALLY)
    today = timezone.localdate()
    form = TrackerFilterForm(request.GET or None, people=owners_of(group))
    name = f"{group.slug}-actions-{today.isoformat()}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so that spreadsheets read the curly quotes as UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for action in with_history(tracker_list(group, form, today), drafts_of(role, group)):
        writer.writerow([safe_cell(value) for value in csv_row(action, today)])
    return response


def csv_row(action: Action, today: datetime.date) -> list[str]:
    """One action as a row of the export: as agreed, and what waits in notes not agreed yet."""
    agreed = [row for row in action.history if row.meeting.is_agreed]
    overdue = action.status_now not in CLOSED and action.deadline and action.deadline < today
    return [
        action.meeting.group.name,
        action.meeting.date.isoformat(),
        str(action.number),
        action.text,
        action.owner_text,
        ", ".join(owner.name_in_notes for owner in action.owners.all()),
        action.deadline_text,
        action.deadline.isoformat() if action.deadline else "",
        action.get_status_now_display(),
        "Yes" if overdue else "No",
        action.get_sensitivity_display(),
        agreed[-1].note if agreed else "",
        action.waiting,
    ]


@login_required
@require_GET
def members(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The group's members for its members and secretary: terms, balance, attendance, actions."""
    group = get_object_or_404(Group, slug=slug)
    role = require_role(request.user, group, Role.ALLY)
    return render(request, "actions/members.html", members_context(group, role))


@login_required
@require_POST
def term_save(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The secretary changes a member's term; a change made meanwhile by someone else wins."""
    group = get_object_or_404(Group, slug=slug)
    role = require_role(request.user, group, Role.SECRETARY)
    term = get_object_or_404(Membership.objects.select_related("member"), pk=pk, group=group)
    form = TermForm.of(term, request.POST)
    if not form.is_valid():
        context = members_context(group, role, editing={pk: form})
        return render(request, "actions/members.html", context, status=422)
    fields = {name: form.cleaned_data[name] for name in ("role", "started_on", "ended_on")}
    try:
        term_update(term=term, version=form.cleaned_data["version"], **fields)
    except EditConflict as conflict:
        # Show the term as it now stands, and say so: nothing typed is silently kept.
        context = members_context(group, role, notices={pk: _term_conflict(conflict)})
        return render(request, "actions/members.html", context, status=409)
    except ValidationError as error:
        form.add_error(None, error)
        context = members_context(group, role, editing={pk: form})
        return render(request, "actions/members.html", context, status=422)
    messages.success(request, f"The term of {term.member} is saved.")
    return redirect(reverse("actions:members", args=[slug]) + f"#term-{pk}")


def _term_conflict(conflict: EditConflict) -> str:
    current = conflict.current
    if not isinstance(current, Membership):
        return "Not saved: this term was removed while you were editing it."
    ends = f"{current.ended_on:%-d %B %Y}" if current.ended_on else "no end set"
    return (
        "Not saved: someone else changed this term while you were editing it. It now reads: "
        f"{current.get_role_display()}, since {current.started_on:%-d %B %Y}, {ends}. "
        "The form shows it as it now stands; make your change again if it is still needed."
    )


def members_context(
    group: Group,
    role: Role,
    editing: dict[int, TermForm] | None = None,
    notices: dict[int, str] | None = None,
) -> dict[str, Any]:
    """Everything the members page shows; `editing` keeps the forms a failed save came back with."""
    today = timezone.localdate()
    meetings = counted_meetings(group, today)
    rows = member_rows(group, today, meetings)
    terms = [row.term for row in rows]
    editing, notices = editing or {}, notices or {}
    secretary = role >= Role.SECRETARY
    return {
        "group": group,
        "today": today,
        "secretary": secretary,
        "rows": rows,
        "term_forms": [
            (row, editing.get(row.term.pk) or TermForm.of(row.term), notices.get(row.term.pk, ""))
            for row in rows
        ]
        if secretary
        else [],
        "ending": ending_soon(terms, today),
        "balance": balance(terms),
        "meetings": meetings,
        "charts": [attendance_chart(meetings, rows), balance_chart(group, today)],
    }
