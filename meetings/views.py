"""The secretary's pages: a new meeting, the one-page editor and the public preview."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.editing import carried_context, editor_context
from allies.roles import Role, groups_of
from meetings.editing import (
    EDITOR,
    Entry,
    HtmxHttpRequest,
    added,
    answer,
    attendance_context,
    attendance_entry,
    details_context,
    posted_version,
    redraw,
    require_editor,
    require_reader,
    save,
    section_entry,
    sections_context,
)
from meetings.forms import (
    AttendanceAddForm,
    AttendanceForm,
    MeetingDetailsForm,
    MeetingNewForm,
    SectionAddForm,
    SectionForm,
)
from meetings.models import AgendaItem, Attendance, Meeting
from meetings.selectors import notes_of
from meetings.services import (
    EditConflict,
    attendance_add,
    attendance_remove,
    attendance_update,
    meeting_create,
    meeting_update,
    section_add,
    section_delete,
    section_move,
    section_restore,
    update_if_unchanged,
)
from notesfile.markup import MarkupError
from publishing.redaction import carried_left_out, redact
from publishing.render_html import notes_html
from publishing.services import published_actions

NOT_A_SECRETARY = (
    "Only a group's secretary can start or import the notes of a meeting, and your login "
    "is not a secretary's. Members read the notes once the secretary sends them for review."
)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HtmxHttpRequest) -> HttpResponse:
    """Start the notes of a meeting: the group, the day, the times and the place."""
    groups = groups_of(request.user, Role.SECRETARY)
    if not groups.exists():
        raise PermissionDenied(NOT_A_SECRETARY)
    form = MeetingNewForm(
        request.POST or None, groups=groups, initial={"date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_create(**form.cleaned_data)
        except ValidationError as error:
            form.add_error("date", error)
        else:
            return redirect("meetings:edit", pk=meeting.pk)
    return render(
        request, "meetings/meeting_new.html", {"form": form}, status=422 if form.errors else 200
    )


@login_required
@require_GET
def meeting_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The one page on which the secretary writes up a meeting; read-only once it leaves draft."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    role = require_reader(request, meeting)
    # ?record=<pk>: an open earlier action drawn with its form (its row's link, without JavaScript).
    opened = request.GET.get("record", "")
    context = editor_context(meeting, key=f"record-{opened}" if opened.isdigit() else "")
    context["editable"] &= role >= Role.SECRETARY
    return render(request, EDITOR, context)


@login_required
@require_GET
def meeting_preview(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Exactly what the public will see once the notes are published, redactions in place."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    require_reader(request, meeting)
    context: dict[str, Any] = {"meeting": meeting}
    notes = notes_of(meeting)
    published = published_actions(notes)
    try:
        public = redact(notes, published)
    except (MarkupError, ValueError) as error:
        context["problem"] = str(error)
    else:
        context["document"] = notes_html(public)
        context["left_out"] = public.left_out
        context["left_out_carried"] = carried_left_out(notes, published)
    return render(request, "meetings/meeting_preview.html", context)


# Each save below answers an htmx request with the region that changed, and a
# plain post with a redirect back to the page (or the page with the problem).


@login_required
@require_http_methods(["GET", "POST"])
def meeting_details(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save when and where the meeting was, conflicts of interest and the next meetings."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    require_editor(request, meeting)
    if request.method == "GET":
        return answer(request, meeting, "details", {"entry": details_context(meeting)["details"]})
    form = MeetingDetailsForm(request.POST, instance=meeting, prefix="details")
    date_before = meeting.date
    response = save(
        request, meeting, Entry(meeting, form, meeting.version),
        lambda v: meeting_update(meeting=meeting, version=v, **form.changes()),
        region="details-saved", anchor="details",
        page=lambda entry: editor_context(meeting, entry, "details"),
    )  # fmt: skip
    if request.htmx and response.status_code == 200 and meeting.date != date_before:
        # Another date carries over other actions: send that list too, out of band.
        context = {"meeting": meeting, **carried_context(meeting), "oob": True}
        response.content += render(request, f"{EDITOR}#carried", context).content
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attendance_save(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save one person's attendance; a change of who was there redraws the list."""
    row = get_object_or_404(Attendance.objects.select_related("meeting__group", "member"), pk=pk)
    meeting = row.meeting
    require_editor(request, meeting)
    key = f"attendance-{pk}"
    if request.method == "GET":
        entry = attendance_entry(row)
        return answer(request, meeting, "attendance-row", {"entry": entry}, anchor=key)
    before = (row.status, row.role, row.takes_notes)
    form = AttendanceForm(request.POST, instance=row, prefix=key)
    response = save(
        request, meeting, Entry(row, form, row.version),
        lambda v: attendance_update(attendance=row, version=v, **form.changes()),
        region="attendance-saved", anchor=key,
        page=lambda entry: editor_context(meeting, entry, key),
    )  # fmt: skip
    if (
        request.htmx
        and response.status_code == 200
        and before != (row.status, row.role, row.takes_notes)
    ):
        # Who was there changes the counts, and a new chair unseats the old one;
        # htmx puts focus back on the control used, which keeps its id.
        context = {"meeting": meeting, **attendance_context(meeting)}
        return redraw(request, "attendance", "attendance", context)
    return response


@login_required
@require_POST
def attendance_add_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Add a guest, or a member who was not listed, to the attendance."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    require_editor(request, meeting)
    form = AttendanceAddForm(request.POST, prefix="new-person")
    if form.is_valid():
        try:
            row = attendance_add(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("name", error)
        else:
            said, focus = f"{row.member.full_name} added.", "id_new-person-name"
            return added(
                request, meeting, "attendance", said, focus, lambda: attendance_context(meeting)
            )
    context = {**attendance_context(meeting), "add_person": form}
    return answer(
        request, meeting, "attendance", context, status=422,
        page=lambda: {**editor_context(meeting), "add_person": form},
    )  # fmt: skip


@login_required
@require_POST
def attendance_remove_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Take someone off the list (a guest added by mistake)."""
    row = get_object_or_404(Attendance.objects.select_related("meeting__group", "member"), pk=pk)
    meeting = row.meeting
    require_editor(request, meeting)
    try:
        attendance_remove(attendance=row, version=posted_version(request, f"attendance-{pk}"))
    except EditConflict:
        said = f"Not removed: {row.member.full_name}'s attendance was changed by someone else."
    else:
        said = f"{row.member.full_name} removed from the list."
    return added(
        request, meeting, "attendance", said, "attendance-heading",
        lambda: attendance_context(meeting),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def section_save(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save a section; a new kind or sensitivity redraws it, so it looks the part at once."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__group"), pk=pk)
    meeting = item.meeting
    require_editor(request, meeting)
    key = f"section-{pk}"
    if request.method == "GET":
        return answer(request, meeting, "section", {"entry": section_entry(item)}, anchor=key)
    before = (item.kind, item.sensitivity)
    form = SectionForm(request.POST, instance=item, prefix=key)
    response = save(
        request, meeting, Entry(item, form, item.version),
        lambda v: update_if_unchanged(item, version=v, **form.changes()),
        region="section-saved", anchor=key,
        page=lambda entry: editor_context(meeting, entry, key),
    )  # fmt: skip
    if request.htmx and response.status_code == 200 and before != (item.kind, item.sensitivity):
        entry = section_entry(item)
        entry.saved_at = timezone.now()
        return redraw(request, "section", key, {"meeting": meeting, "entry": entry})
    return response


@login_required
@require_POST
def section_add_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Add a section at the end of the notes."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    require_editor(request, meeting)
    form = SectionAddForm(request.POST, prefix="new-section")
    if form.is_valid():
        item = section_add(meeting=meeting, **form.cleaned_data)
        said, focus = f"Section {item.heading} added.", f"id_section-{item.pk}-body"
        return added(request, meeting, "sections", said, focus, lambda: sections_context(meeting))
    context = {**sections_context(meeting), "add_section": form}
    return answer(
        request, meeting, "sections", context, status=422,
        page=lambda: {**editor_context(meeting), "add_section": form},
    )  # fmt: skip


@login_required
@require_POST
def section_change(request: HtmxHttpRequest, pk: int, change: str) -> HttpResponse:
    """Move a section up or down, delete it, or undo its deletion."""
    item = get_object_or_404(AgendaItem.with_deleted.select_related("meeting__group"), pk=pk)
    meeting = item.meeting
    require_editor(request, meeting)
    version = posted_version(request, f"section-{pk}")
    # The first of these ids that can take focus gets it (a button at the end is disabled).
    focus, said = f"section-{pk}-{change} section-{pk}-title", ""
    try:
        if change in ("up", "down"):
            section_move(item=item, version=version, by=-1 if change == "up" else 1)
            said = f"Moved {change}."
        elif change == "delete":
            section_delete(item=item, version=version)
            focus, said = (
                f"section-{pk}-restore",
                f"Section {item.heading} deleted. You can undo this.",
            )
        else:
            section_restore(item=item)
            focus, said = f"id_section-{pk}-heading", f"Section {item.heading} restored."
    except EditConflict:
        said = "Not done: this section was changed by someone else. The page now shows it as saved."
    return added(request, meeting, "sections", said, focus, lambda: sections_context(meeting))
