"""What every editor endpoint shares: rows with their forms, conflicts, and the two ways to answer.

An htmx request gets the one region of the page that changed; a plain form
post is redirected back to the page (or, when it could not be saved, gets
the whole page with the message in place), so the editor works without
JavaScript too.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import reswap, retarget, trigger_client_event
from django_htmx.middleware import HtmxDetails

from allies.models import Member
from allies.roles import Role, require_role
from meetings.forms import (
    AttendanceAddForm,
    AttendanceForm,
    MeetingDetailsForm,
    SectionAddForm,
    SectionForm,
)
from meetings.models import AgendaItem, Attendance, Meeting
from meetings.services import EditConflict
from meetings.signals import notes_corrected

EDITOR = "meetings/meeting_edit.html"
NOT_COMPARED = {"version", "keep_mine", "deadline_pick"}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@dataclass
class Conflict:
    """Two versions of one row: what this editor sent, and what is saved now."""

    differences: list[tuple[str, str, str]]
    current_version: int | None
    """The version to save "mine" against; None if the row was deleted."""


@dataclass
class Entry:
    """One row of the editor: the row, its form, the version it stands at, and how its save went."""

    obj: Any
    form: forms.BaseForm
    version: int
    conflict: Conflict | None = None
    saved_at: datetime.datetime | None = None
    notes: list[str] = field(default_factory=list)


# Notes out for review can still be corrected, without starting the review again.
EDITABLE = (Meeting.Status.DRAFT, Meeting.Status.IN_REVIEW, Meeting.Status.APPROVED)


def require_editor(request: HttpRequest, meeting: Meeting) -> None:
    """Only the group's secretary changes notes, and only until they are published."""
    require_role(request.user, meeting.group, Role.SECRETARY)
    if meeting.status not in EDITABLE:
        raise PermissionDenied("These notes are published: they can no longer be changed.")


# What an ally is told who opens notes the secretary has not yet sent for review.
STILL_BEING_WRITTEN = (
    "These notes are still being written by the group's secretary. You can read them, "
    "comment and approve once the secretary sends them for review: you will get an email then."
)


def require_reader(request: HttpRequest, meeting: Meeting) -> Role:
    """The secretary reads notes at any stage; allies once they are sent for review."""
    role = require_role(request.user, meeting.group, Role.ALLY)
    if meeting.status == Meeting.Status.DRAFT and role < Role.SECRETARY:
        raise PermissionDenied(STILL_BEING_WRITTEN)
    return role


def saved(request: HttpRequest, meeting: Meeting) -> None:
    """After a change was written: notes out for review record it as a correction."""
    if request.method == "POST" and meeting.status != Meeting.Status.DRAFT:
        notes_corrected.send(sender=Meeting, meeting=meeting, by=request.user)


def posted_version(request: HttpRequest, prefix: str) -> int:
    """The version a row's button acts on: its form's (autosave keeps it current), else its own."""
    value = request.POST.get(f"{prefix}-version") or request.POST.get("version") or ""
    return int(value) if value.isdigit() else 0


def shown(form: forms.BaseForm, name: str, value: object) -> str:
    """A value as a person reads it: the label of a choice, Yes or No, a date."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None:
        return ""
    form_field = form.fields[name]
    if isinstance(form_field, forms.ChoiceField):
        return str(dict(form_field.choices).get(value, value))  # type: ignore[arg-type]
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    return str(value)


def conflict_between(
    form: forms.BaseForm, current: models.Model | None, theirs: dict[str, object] | None = None
) -> Conflict:
    """What differs between the form as sent and the row as saved now."""
    differences = []
    for name, form_field in form.fields.items():
        if name in NOT_COMPARED or name not in form.cleaned_data:
            continue
        mine = shown(form, name, form.cleaned_data[name])
        if theirs is not None:
            saved = shown(form, name, theirs.get(name))
        elif current is not None:
            saved = shown(form, name, getattr(current, name))
        else:
            saved = "(deleted)"
        if mine != saved:
            differences.append((str(form_field.label or name), mine, saved))
    version = getattr(current, "version", None) if current is not None else None
    return Conflict(differences=differences, current_version=version)


# The whole editor, with the row a failed plain post sent in place of its saved
# state; built only for that case, so it is passed as a function.
Page = Callable[[], dict[str, Any]]


def answer(
    request: HttpRequest,
    meeting: Meeting,
    region: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    anchor: str = "",
    page: Page | None = None,
) -> HttpResponse:
    """The changed region for htmx; for a plain post, back to the editor or the page with errors."""
    if status < 400:
        saved(request, meeting)
    if getattr(request, "htmx", False):
        return render(request, f"{EDITOR}#{region}", {"meeting": meeting, **context}, status=status)
    if status < 400:
        if request.method == "POST":
            messages.success(request, "Saved.")
        return redirect(
            reverse("meetings:edit", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")
        )
    return render(request, EDITOR, page() if page else {}, status=status)


def redraw(
    request: HttpRequest, region: str, element_id: str, context: dict[str, Any]
) -> HttpResponse:
    """A bigger region than the save aimed at, drawn in its place (the save changed more)."""
    response = render(request, f"{EDITOR}#{region}", context)
    return reswap(retarget(response, f"#{element_id}"), "outerHTML")


def focus_after(response: HttpResponse, element_id: str, announce: str = "") -> HttpResponse:
    """Ask the page's script to move focus (and say what happened) once the swap has settled."""
    trigger_client_event(response, "notes:focus", {"id": element_id}, after="settle")
    if announce:
        trigger_client_event(response, "notes:announce", {"text": announce}, after="settle")
    return response


def added(
    request: HtmxHttpRequest,
    meeting: Meeting,
    region: str,
    said: str,
    focus: str,
    context: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """The region redrawn after something was added to it, with focus back on its form."""
    saved(request, meeting)
    if not request.htmx:
        # What happened, said on the page it goes back to (not done, as well as done).
        messages.info(request, said)
        return redirect(reverse("meetings:edit", args=[meeting.pk]) + f"#{region}")
    response = render(request, f"{EDITOR}#{region}", {"meeting": meeting, **context()})
    return focus_after(response, focus, said)


def save(
    request: HtmxHttpRequest,
    meeting: Meeting,
    entry: Entry,
    write: Callable[[int], models.Model | None],
    *,
    region: str,
    anchor: str,
    page: Callable[[Entry], dict[str, Any]],
    unsaved: dict[str, object] | None = None,
) -> HttpResponse:
    """Validate a row's form and write it against the version it was loaded at.

    Success answers with the row's `region` (its save state: its new version,
    and what the save worked out); a conflict or a mistake answers with the
    same region showing it, while the form keeps what was typed. A plain post
    that failed gets `page(entry)`, the whole editor with this row as sent.
    `unsaved` is how the row reads when the saved version has gone (an update
    someone cleared).
    """
    form = entry.form
    status = 422
    valid = form.is_valid()
    # Until a save succeeds, the form stays at the version it was loaded at.
    entry.version = form.cleaned_data.get("version", entry.version)
    if valid:
        try:
            written = write(form.loaded_version())  # type: ignore[attr-defined]
        except EditConflict as conflict:
            theirs = unsaved if conflict.current is None else None
            entry.conflict = conflict_between(form, conflict.current, theirs)
            if unsaved is not None and conflict.current is None:
                entry.conflict.current_version = 0  # someone cleared the update: none now
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
        else:
            entry.version = getattr(written, "version", 0)
            entry.saved_at, status = timezone.now(), 200
    return answer(
        request, meeting, region, {"entry": entry}, status=status, anchor=anchor,
        page=lambda: page(entry),
    )  # fmt: skip


# Each region of the editor has its own context: a save answers with its
# region alone, and only the whole page (a plain post that failed) builds them all.


def row_entry(
    obj: Any,
    form_class: Any,
    prefix: str,
    override: Entry | None = None,
    key: str = "",
) -> Entry:
    """A row as saved, or as the form sent it where `key` names that row and it failed."""
    if override is not None and key == prefix:
        return override
    form = form_class(instance=obj, prefix=prefix, initial={"version": obj.version})
    return Entry(obj, form, obj.version)


def details_context(meeting: Meeting, override: Entry | None = None, key: str = "") -> dict:
    """When and where the meeting was, its conflicts of interest and the next meetings."""
    return {"details": row_entry(meeting, MeetingDetailsForm, "details", override, key)}


def attendance_entry(row: Attendance) -> Entry:
    return row_entry(row, AttendanceForm, f"attendance-{row.pk}")


def attendance_context(meeting: Meeting, override: Entry | None = None, key: str = "") -> dict:
    """Who was there, the counts, and the form to add someone."""
    rows = list(meeting.attendances.select_related("member"))
    return {
        "attendance": [
            row_entry(a, AttendanceForm, f"attendance-{a.pk}", override, key) for a in rows
        ],
        "counts": attendance_counts(rows),
        "add_person": AttendanceAddForm(prefix="new-person"),
    }


def attendance_counts(rows: list[Attendance]) -> dict[str, int]:
    return {status: sum(1 for r in rows if r.status == status) for status in Attendance.Status}


def section_entry(item: AgendaItem) -> Entry:
    return row_entry(item, SectionForm, f"section-{item.pk}")


def sections_context(meeting: Meeting, override: Entry | None = None, key: str = "") -> dict:
    """The sections, deleted ones included (they can be restored), and the form to add one."""
    return {
        "sections": [
            row_entry(s, SectionForm, f"section-{s.pk}", override, key)
            for s in AgendaItem.with_deleted.filter(meeting=meeting)
        ],
        "add_section": SectionAddForm(prefix="new-section"),
    }


def people_names(meeting: Meeting) -> list[str]:
    """The names the page suggests as one types an owner or a presenter: the group's people."""
    people = Member.objects.filter(
        Q(memberships__group=meeting.group_id)
        | Q(pk__in=Attendance.objects.filter(meeting__group=meeting.group_id).values("member"))
    ).values_list("short_name", "full_name")
    return sorted({short or full for short, full in people} | {full for _, full in people})
