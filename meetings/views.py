"""The secretary's pages: a new meeting, the one-page editor and the public preview."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.forms import ActionAddForm, ActionForm, CarriedForm, RecordForm
from actions.models import Action
from actions.services import next_number
from allies.models import Member
from allies.roles import Role, groups_of
from meetings.editing import (
    EDITABLE,
    EDITOR,
    Entry,
    HtmxHttpRequest,
    answer,
    conflict_between,
    find_entry,
    focus_after,
    posted_version,
    redraw,
    require_editor,
    require_reader,
    saved,
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
from publishing.redaction import carried_left_out, letter, redact
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
    context = editor_context(meeting)
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


def editor_context(
    meeting: Meeting, override: Entry | None = None, key: str = ""
) -> dict[str, Any]:
    """Everything the editor page shows, with one row replaced by a form that was sent."""

    def entry(prefix: str, obj: Any, form_class: Any, version: int, **initial: Any) -> Entry:
        if override is not None and key == prefix:
            return override
        form = form_class(instance=obj, prefix=prefix, initial={"version": version, **initial})
        return Entry(obj, form, version)

    attendances = meeting.attendances.select_related("member")
    people = Member.objects.filter(
        Q(memberships__group=meeting.group) | Q(attendances__meeting__group=meeting.group)
    ).distinct()
    return {
        "meeting": meeting,
        "editable": meeting.status in EDITABLE,
        "details": entry("details", meeting, MeetingDetailsForm, meeting.version),
        "attendance": [
            entry(f"attendance-{a.pk}", a, AttendanceForm, a.version) for a in attendances
        ],
        "counts": attendance_counts(list(attendances)),
        "add_person": AttendanceAddForm(prefix="new-person"),
        "actions": [
            entry(f"action-{a.pk}", a, ActionForm, a.version)
            for a in meeting.actions.order_by("number").prefetch_related("owners")
        ],
        "add_action": ActionAddForm(prefix="new-action", initial={"number": next_number(meeting)}),
        **carried_context(meeting, override, key),
        "sections": [
            entry(f"section-{s.pk}", s, SectionForm, s.version)
            for s in AgendaItem.with_deleted.filter(meeting=meeting)
        ],
        "add_section": SectionAddForm(prefix="new-section"),
        "people_names": sorted({p.name_in_notes for p in people} | {p.full_name for p in people}),
    }


@dataclass
class CarriedEntry(Entry):
    """A row of earlier actions in the editor, with its letter and whether its notes are public."""

    letter: str = ""
    unpublished: str = ""


def carried_context(
    meeting: Meeting, override: Entry | None = None, key: str = ""
) -> dict[str, Any]:
    """The earlier actions: those the notes record, and the open ones they do not (yet)."""
    rows = list(meeting.action_updates.select_related("action__meeting").order_by("position", "pk"))
    published = set(
        Meeting.objects.filter(
            group=meeting.group_id, publications__isnull=False, publications__withdrawal=None
        ).values_list("pk", flat=True)
    )
    recorded = []
    for index, row in enumerate(rows):
        prefix = f"carried-{row.pk}"
        form = CarriedForm(instance=row, prefix=prefix, initial={"version": row.version})
        entry = CarriedEntry(row, form, row.version, letter=row.label or letter(index))
        entry.unpublished = unpublished_origin(row.action.meeting, published) if row.action else ""
        recorded.append(_sent(entry, override, key == prefix))
    taken = {row.action_id for row in rows}
    open_actions = [
        _sent(
            CarriedEntry(
                action,
                RecordForm(prefix=f"record-{action.pk}", initial={"status": action.status_before}),
                0,
                unpublished=unpublished_origin(action.meeting, published),
            ),
            override,
            key == f"record-{action.pk}",
        )
        for action in Action.objects.open_before(meeting).select_related("meeting")
        if action.pk not in taken
    ]
    shown = [entry for entry in recorded + open_actions if entry.notes]
    # A refusal about an action the lists do not show is said above them.
    problems = override.notes if override is not None and not shown else []
    return {"carried": recorded, "open_actions": open_actions, "carried_problems": problems}


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


def unpublished_origin(origin: Meeting, published: set[int]) -> str:
    """For the secretary, notes an action came from that are not public: "the draft of 6 Jun"."""
    return "" if origin.pk in published else origin.unpublished_name


def attendance_counts(rows: list[Attendance]) -> dict[str, int]:
    return {status: sum(1 for r in rows if r.status == status) for status in Attendance.Status}


# Each save below answers an htmx request with the region that changed, and a
# plain post with a redirect back to the page (or the page with the problem).


@login_required
@require_http_methods(["GET", "POST"])
def meeting_details(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save when and where the meeting was, conflicts of interest and the next meetings."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    require_editor(request, meeting)
    if request.method == "GET":
        return answer(request, meeting, "details", {"entry": editor_context(meeting)["details"]})
    form = MeetingDetailsForm(request.POST, instance=meeting, prefix="details")
    date_before = meeting.date
    response = save(
        request, meeting, Entry(meeting, form, meeting.version), "details",
        lambda v: meeting_update(meeting=meeting, version=v, **form.changes()),
    )  # fmt: skip
    if request.htmx and response.status_code == 200 and meeting.date != date_before:
        # Another date carries over other actions: send that list too, out of band.
        context = {"meeting": meeting, **carried_context(meeting), "oob": True}
        response.content += render(request, f"{EDITOR}#carried", context).content
    return response


def save(
    request: HtmxHttpRequest,
    meeting: Meeting,
    entry: Entry,
    key: str,
    write: Callable[[int], models.Model | None],
    unsaved: dict[str, object] | None = None,
) -> HttpResponse:
    """Validate a row's form and write it against the version it was loaded at.

    Success answers with the row's "-saved" region (its new version, and what
    the save worked out); a conflict or a mistake answers with the same region
    showing it, while the form keeps what was typed. `unsaved` is how the row
    reads when the saved version has gone (an update someone cleared).
    """
    form = entry.form
    status = 422
    valid = form.is_valid()
    # Until a save succeeds, the form stays at the version it was loaded at.
    entry.version = form.cleaned_data.get("version", entry.version)
    if valid:
        try:
            saved = write(form.loaded_version())  # type: ignore[attr-defined]
        except EditConflict as conflict:
            theirs = unsaved if conflict.current is None else None
            entry.conflict = conflict_between(form, conflict.current, theirs)
            if unsaved is not None and conflict.current is None:
                entry.conflict.current_version = 0  # someone cleared the update: none now
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
        else:
            entry.version, entry.saved_at, status = (
                getattr(saved, "version", 0),
                timezone.now(),
                200,
            )
    region = f"{key.rsplit('-', 1)[0] if key[-1].isdigit() else key}-saved"
    return answer(
        request, meeting, region, {"entry": entry}, status=status, anchor=key,
        page=editor_context(meeting, entry, key),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def attendance_save(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save one person's attendance; a change of who was there redraws the list."""
    row = get_object_or_404(Attendance.objects.select_related("meeting__group", "member"), pk=pk)
    meeting = row.meeting
    require_editor(request, meeting)
    if request.method == "GET":
        entry = Entry(
            row,
            AttendanceForm(
                instance=row, prefix=f"attendance-{pk}", initial={"version": row.version}
            ),
            row.version,
        )
        return answer(
            request, meeting, "attendance-row", {"entry": entry}, anchor=f"attendance-{pk}"
        )
    before = (row.status, row.role, row.takes_notes)
    form = AttendanceForm(request.POST, instance=row, prefix=f"attendance-{pk}")
    response = save(
        request, meeting, Entry(row, form, row.version), f"attendance-{pk}",
        lambda v: attendance_update(attendance=row, version=v, **form.changes()),
    )  # fmt: skip
    if (
        request.htmx
        and response.status_code == 200
        and before != (row.status, row.role, row.takes_notes)
    ):
        # Who was there changes the counts, and a new chair unseats the old one;
        # htmx puts focus back on the control used, which keeps its id.
        return redraw(request, "attendance", "attendance", editor_context(meeting))
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
            return added(
                request,
                meeting,
                "attendance",
                f"{row.member.full_name} added.",
                "id_new-person-name",
            )
    context = {**editor_context(meeting), "add_person": form}
    return answer(request, meeting, "attendance", context, status=422, page=context)


def added(
    request: HtmxHttpRequest, meeting: Meeting, region: str, said: str, focus: str
) -> HttpResponse:
    """The region redrawn after something was added to it, with focus back on its form."""
    saved(request, meeting)
    if not request.htmx:
        # What happened, said on the page it goes back to (not done, as well as done).
        messages.info(request, said)
        return redirect(reverse("meetings:edit", args=[meeting.pk]) + f"#{region}")
    response = render(request, f"{EDITOR}#{region}", editor_context(meeting))
    return focus_after(response, focus, said)


@login_required
@require_POST
def attendance_remove_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Take someone off the list (a guest added by mistake)."""
    row = get_object_or_404(Attendance.objects.select_related("meeting__group", "member"), pk=pk)
    require_editor(request, row.meeting)
    try:
        attendance_remove(attendance=row, version=posted_version(request, f"attendance-{pk}"))
    except EditConflict:
        said = f"Not removed: {row.member.full_name}'s attendance was changed by someone else."
    else:
        said = f"{row.member.full_name} removed from the list."
    return added(request, row.meeting, "attendance", said, "attendance-heading")


@login_required
@require_http_methods(["GET", "POST"])
def section_save(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save a section; a new kind or sensitivity redraws it, so it looks the part at once."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__group"), pk=pk)
    meeting = item.meeting
    require_editor(request, meeting)
    if request.method == "GET":
        entry = editor_context(meeting)["sections"]
        return answer(
            request, meeting, "section", {"entry": find_entry(entry, item)}, anchor=f"section-{pk}"
        )
    before = (item.kind, item.sensitivity)
    form = SectionForm(request.POST, instance=item, prefix=f"section-{pk}")
    response = save(
        request, meeting, Entry(item, form, item.version), f"section-{pk}",
        lambda v: update_if_unchanged(item, version=v, **form.changes()),
    )  # fmt: skip
    if request.htmx and response.status_code == 200 and before != (item.kind, item.sensitivity):
        entry = find_entry(editor_context(meeting)["sections"], item)
        entry.saved_at = timezone.now()
        return redraw(request, "section", f"section-{pk}", {"meeting": meeting, "entry": entry})
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
        return added(
            request,
            meeting,
            "sections",
            f"Section {item.heading} added.",
            f"id_section-{item.pk}-body",
        )
    context = {**editor_context(meeting), "add_section": form}
    return answer(request, meeting, "sections", context, status=422, page=context)


@login_required
@require_POST
def section_change(request: HtmxHttpRequest, pk: int, change: str) -> HttpResponse:
    """Move a section up or down, delete it, or undo its deletion."""
    item = get_object_or_404(AgendaItem.with_deleted.select_related("meeting__group"), pk=pk)
    require_editor(request, item.meeting)
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
    return added(request, item.meeting, "sections", said, focus)
