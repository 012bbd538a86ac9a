"""The sensitivity check's flags, the withheld register and releases, for the group's secretary."""

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from allies.models import Group
from allies.roles import Role, require_role
from allies.spreadsheets import safe_cell
from meetings.models import Meeting
from publishing.review_views import AuthenticatedRequest, _meeting_for, _secretary_meeting
from publishing.withheld import (
    WithheldError,
    flag_keep_public,
    flag_mark,
    flags_context,
    withheld_register,
    withheld_release,
)

FLAGS = "publishing/flags.html"


def _back_url(meeting: Meeting, back: str) -> str:
    if back == "editor":
        return reverse("meetings:edit", args=[meeting.pk]) + "#flags"
    if back == "review":
        return reverse("review:page", args=[meeting.pk]) + "#flags"
    return reverse("review:flags", args=[meeting.pk])


@login_required
@require_GET
def flags(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """What the sensitivity check flags in the notes: the region for htmx, or a page."""
    meeting, role = _meeting_for(request, pk)
    context = flags_context(meeting, role, request.GET.get("back", ""))
    template = f"{FLAGS}#flags" if getattr(request, "htmx", False) else FLAGS
    return render(request, template, context)


@login_required
@require_POST
def flag_public(request: AuthenticatedRequest, pk: int, key: str) -> HttpResponse:
    """The secretary keeps a flagged passage public; who decided is recorded."""
    meeting = _secretary_meeting(request, pk)
    back = request.POST.get("back", "")
    problem = ""
    try:
        flag_keep_public(meeting=meeting, key=key, by=request.user)
    except WithheldError as error:
        problem = str(error)
    if getattr(request, "htmx", False):
        context = {**flags_context(meeting, Role.SECRETARY, back), "problem": problem}
        return render(request, f"{FLAGS}#flags", context, status=422 if problem else 200)
    if problem:
        messages.error(request, problem)
    return redirect(_back_url(meeting, back))


@login_required
@require_POST
def flag_mark_view(request: AuthenticatedRequest, pk: int, key: str) -> HttpResponse:
    """The secretary marks a flagged passage; the page comes back with the notes as now saved."""
    meeting = _secretary_meeting(request, pk)
    try:
        flag_mark(meeting=meeting, key=key, kind=request.POST.get("kind", ""), by=request.user)
    except WithheldError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Marked: it will be left out of the public notes.")
    return redirect(_back_url(meeting, request.POST.get("back", "")))


def _register_group(request: AuthenticatedRequest, slug: str) -> Group:
    group = get_object_or_404(Group, slug=slug)
    require_role(request.user, group, Role.SECRETARY)
    return group


@login_required
@require_GET
def register(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Everything the group's published notes withhold, by meeting, with reason and date."""
    group = _register_group(request, slug)
    parts = withheld_register(group)
    meetings: dict[Meeting, list[Any]] = {}
    for part in parts:
        meetings.setdefault(part.meeting, []).append(part)
    context = {"group": group, "meetings": meetings, "count": len(parts),
               "due": sum(1 for part in parts if part.due)}  # fmt: skip
    return render(request, "publishing/withheld.html", context)


CSV_COLUMNS = ["Group", "Meeting", "Part", "Reason", "Public explanation", "Reconsider after",
               "Due"]  # fmt: skip


@login_required
@require_GET
def register_csv(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The register as a spreadsheet for the annual report: what, why and until when, never the
    withheld words themselves."""
    group = _register_group(request, slug)
    name = f"{group.slug}-withheld-{timezone.localdate().isoformat()}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for part in withheld_register(group):
        row = [group.name, part.meeting.date.isoformat(), part.what, part.sensitivity,
               part.why, part.until.isoformat() if part.until else "",
               "Yes" if part.due else "No"]  # fmt: skip
        writer.writerow([safe_cell(value) for value in row])
    return response


@login_required
@require_POST
def release(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Release a withheld part: the notes go back to draft with it public, for review."""
    meeting = _secretary_meeting(request, pk)
    try:
        made = withheld_release(meeting=meeting, key=request.POST.get("key", ""), by=request.user)
    except WithheldError as error:
        messages.error(request, str(error))
        return redirect("review:withheld", slug=meeting.group.slug)
    messages.success(
        request,
        f"Released {made.what}: the notes are a draft again with it made public. Send them for "
        "review; once published, the new version's correction note says: "
        f"“{made.correction_note}”",
    )
    return redirect("review:page", pk=meeting.pk)
