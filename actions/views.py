"""Actions in the editor (agreed and carried over), the tracker, "my actions" and the export."""

import csv
import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.forms import ActionAddForm, ActionForm, CarriedForm, TrackerFilterForm
from actions.models import CLOSED, Action, ActionUpdate, Status
from actions.selectors import by_status, not_done, owners_of, tracked
from actions.services import (
    action_add,
    action_delete,
    action_record_update,
    action_update,
    status_before,
)
from allies.models import Group, Member
from allies.roles import Role, groups_of, require_role
from allies.spreadsheets import safe_cell
from meetings.editing import (
    Entry,
    HtmxHttpRequest,
    answer,
    find_entry,
    posted_version,
    redraw,
    require_editor,
)
from meetings.models import Meeting
from meetings.services import EditConflict
from meetings.views import added, editor_context, save


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
            said = f"Action {action.number} added."
            return added(request, meeting, "actions", said, "id_new-action-text")
    context = {**editor_context(meeting), "add_action": form}
    return answer(request, meeting, "actions", context, status=422, page=context)


@login_required
@require_http_methods(["GET", "POST"])
def action_save(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save an agreed action; a new sensitivity redraws the row so it looks the part."""
    action = get_object_or_404(Action.objects.select_related("meeting__group"), pk=pk)
    meeting = action.meeting
    require_editor(request, meeting)
    if request.method == "GET":
        entry = find_entry(editor_context(meeting)["actions"], action)
        return answer(request, meeting, "action-row", {"entry": entry}, anchor=f"action-{pk}")
    sensitivity = action.sensitivity
    form = ActionForm(request.POST, instance=action, prefix=f"action-{pk}")
    response = save(
        request, meeting, Entry(action, form, action.version), f"action-{pk}",
        lambda v: action_update(action=action, version=v, **form.changes()),
    )  # fmt: skip
    if request.htmx and response.status_code == 200 and sensitivity != action.sensitivity:
        entry = find_entry(editor_context(meeting)["actions"], action)
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
    else:
        said = f"Action {action.number} deleted."
    return added(request, action.meeting, "actions", said, "actions-heading")


@login_required
@require_http_methods(["GET", "POST"])
def carried_save(request: HtmxHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """Record what this meeting says of an earlier action: its status now, and a note."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=meeting_pk)
    require_editor(request, meeting)
    action = get_object_or_404(Action.objects.carried_over_to(meeting), pk=pk)
    if request.method == "GET":
        entry = find_entry(editor_context(meeting)["carried"], action)
        return answer(request, meeting, "carried-row", {"entry": entry}, anchor=f"carried-{pk}")
    form = CarriedForm(request.POST, prefix=f"carried-{pk}")
    version = ActionUpdate.objects.filter(action=action, meeting=meeting).values("version")
    entry = Entry(action, form, version[0]["version"] if version else 0)
    return save(
        request, meeting, entry, f"carried-{pk}",
        lambda v: action_record_update(action=action, meeting=meeting, version=v, **_said(form)),
        unsaved={"status": status_before(action, meeting), "note": ""},
    )  # fmt: skip


def _said(form: CarriedForm) -> dict[str, str]:
    return {"status": form.cleaned_data["status"], "note": form.cleaned_data["note"]}


# The tracker: every action of a group, wherever it was agreed.


def tracker_list(group: Group, form: TrackerFilterForm, today: datetime.date) -> QuerySet[Action]:
    """The actions the tracker's filters ask for."""
    data = form.cleaned_data if form.is_valid() else {}
    actions = tracked(Action.objects.of_group(group))
    return by_status(actions, data.get("status", ""), data.get("owner"), today)


@login_required
@require_GET
def tracker(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """All of a group's actions across its meetings, filtered by status, owner and overdue."""
    group = get_object_or_404(Group, slug=slug)
    role = require_role(request.user, group, Role.ALLY)
    today = timezone.localdate()
    form = TrackerFilterForm(request.GET or None, people=owners_of(group))
    actions = tracker_list(group, form, today)
    context = {"group": group, "form": form, "actions": actions, "today": today, "role": role}
    template = "actions/tracker.html#tracker-results" if request.htmx else "actions/tracker.html"
    return render(request, template, context)


@login_required
@require_GET
def my_actions(request: HtmxHttpRequest) -> HttpResponse:
    """The logged-in member's own actions that are not yet done, in every group of theirs."""
    member = Member.objects.filter(user__pk=request.user.pk or 0).first()
    today = timezone.localdate()
    actions = Action.objects.filter(meeting__group__in=groups_of(request.user), owners=member)
    mine = not_done(tracked(actions)) if member else []
    return render(
        request, "actions/my_actions.html", {"member": member, "actions": mine, "today": today}
    )


CSV_COLUMNS = [
    "Group", "Meeting", "No.", "Agreed approach", "Person taking this on", "Owners",
    "Deadline", "Deadline date", "Status now", "Overdue", "Sensitivity", "Latest update",
]  # fmt: skip


@login_required
@require_GET
def tracker_csv(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The tracker's list as it is filtered, as a spreadsheet (no email addresses)."""
    group = get_object_or_404(Group, slug=slug)
    require_role(request.user, group, Role.ALLY)
    today = timezone.localdate()
    form = TrackerFilterForm(request.GET or None, people=owners_of(group))
    name = f"{group.slug}-actions-{today.isoformat()}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so that spreadsheets read the curly quotes as UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for action in tracker_list(group, form, today):
        writer.writerow([safe_cell(value) for value in csvfind_entry(action, today)])
    return response


def csvfind_entry(action: Action, today: datetime.date) -> list[str]:
    """One action as a row of the export."""
    updates = list(action.updates.all())
    overdue = action.current_status not in CLOSED and action.deadline and action.deadline < today
    return [
        action.meeting.group.name,
        action.meeting.date.isoformat(),
        str(action.number),
        action.text,
        action.owner_text,
        ", ".join(owner.name_in_notes for owner in action.owners.all()),
        action.deadline_text,
        action.deadline.isoformat() if action.deadline else "",
        Status(action.current_status).label,
        "Yes" if overdue else "No",
        action.get_sensitivity_display(),
        updates[-1].note if updates else "",
    ]
