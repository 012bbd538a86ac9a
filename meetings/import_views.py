"""Importing notes files: upload one or many (or a .zip of a folder), preview, correct, confirm."""

import base64
import re
import secrets
import zlib
from dataclasses import dataclass, replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from allies.models import Group
from allies.roles import Role, groups_of, require_role
from meetings.editing import HtmxHttpRequest
from meetings.forms import ImportFixesForm, NotesUploadForm
from meetings.services import (
    ImportPreview,
    ReadFile,
    meeting_create_from_import,
    meetings_preview_import,
    notes_files_read,
)
from notesfile.format import NotesFormatError
from notesfile.notes import Notes
from notesfile.reading.archive import NamedFile, Refused
from notesfile.reading.text import decode

NOT_A_SECRETARY = (
    "Only a group's secretary can import the notes of its meetings, and your login is not a "
    "secretary's. Members read the notes once the secretary sends them for review."
)

# The session holds the files that could be read, between their preview and
# the secretary's confirmation, so what is created is read again from the
# same bytes on the server; the browser sends back only the corrections,
# each a choice among what the file holds. The upload form bounds how many
# files and bytes there can be (meetings/forms.py), and a new upload replaces
# the one kept before.
PENDING_IMPORT = "meetings.pending_import"


@dataclass(frozen=True)
class FileLine:
    """A line of the file, shown beside the meeting: where it went, and what was guessed."""

    number: int
    text: str
    went: str = ""
    guessed: bool = False
    guesses: tuple[str, ...] = ()


@dataclass(frozen=True)
class FilePreview:
    """One file of the upload: the meeting it gives, as corrected, and the file's text."""

    index: int
    file: ReadFile
    fixes: ImportFixesForm
    outcome: ImportPreview
    lines: list[FileLine]
    # The notes as the meeting will be created, with the corrections applied.
    created: Notes
    # Names and headings a guess speaks of, to highlight in the meeting.
    guessed: set[str]


@login_required
@require_http_methods(["GET", "POST"])
def notes_import(request: HtmxHttpRequest) -> HttpResponse:
    """Upload notes files, and preview the draft meeting each would create."""
    form = NotesUploadForm(request.user, request.POST or None, request.FILES or None)
    if not form.fields["group"].queryset.exists():  # type: ignore[attr-defined]
        raise PermissionDenied(NOT_A_SECRETARY)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        group = form.cleaned_data["group"]
        require_role(request.user, group, Role.SECRETARY)
        read, refused = notes_files_read(form.found, group=group)
        previews = _previews(_corrected(read, None), group)
        token = _keep(request, group, read, refused) if read else ""
        if not read:
            request.session.pop(PENDING_IMPORT, None)
        context.update(_context(group, previews, refused), token=token)
    return _page(request, context)


@login_required
@require_POST
def notes_import_confirm(request: HtmxHttpRequest) -> HttpResponse:
    """Create the draft meetings of the files previewed, as corrected; or show the corrections."""
    if not groups_of(request.user, Role.SECRETARY).exists():
        raise PermissionDenied(NOT_A_SECRETARY)
    pending = request.session.get(PENDING_IMPORT)
    if not pending or not constant_time_compare(pending["token"], request.POST.get("token", "")):
        messages.error(request, "That preview has expired or was replaced: upload the files again.")
        return redirect("meetings:import")
    group = get_object_or_404(Group, pk=pending["group"])
    require_role(request.user, group, Role.SECRETARY)
    read, refused = notes_files_read(_kept(pending), group=group)
    refused = [Refused(name, message) for name, message in pending.get("refused", [])] + refused
    corrected = _corrected(read, request.POST)
    if "check" in request.POST or any(form.errors for _, form in corrected):
        previews = _previews(corrected, group)
        return _page(request, {**_context(group, previews, refused), "token": pending["token"]})
    del request.session[PENDING_IMPORT]
    return _created(request, group, corrected)


def _context(group: Group, previews: list[FilePreview], refused: list[Refused]) -> dict[str, Any]:
    ready = [preview for preview in previews if not preview.outcome.problem]
    return {"group": group, "previews": previews, "refused": refused, "ready": ready}


def _page(request: HtmxHttpRequest, context: dict[str, object]) -> HttpResponse:
    # An htmx request swaps the previews alone; the upload form stays as it is.
    template = "meetings/import.html#previews" if request.htmx else "meetings/import.html"
    return render(request, template, context)


def _corrected(read: list[ReadFile], data: Any) -> list[tuple[ReadFile, ImportFixesForm]]:
    """Each file with the form of its corrections, bound to `data` where they were sent."""
    return [
        (file, ImportFixesForm(file.imported.notes, data, prefix=f"file-{index}"))
        for index, file in enumerate(read)
    ]


def _previews(corrected: list[tuple[ReadFile, ImportFixesForm]], group: Group) -> list[FilePreview]:
    """Each file's preview, earliest first, with its corrections applied."""
    fixed = [replace(file.imported, notes=form.fixed()) for file, form in corrected]
    outcomes = meetings_preview_import(imports=fixed, group=group)
    return [
        FilePreview(index, file, form, outcome, file_lines(file), made.notes, _guessed(file))
        for index, ((file, form), outcome, made) in enumerate(
            zip(corrected, outcomes, fixed, strict=True)
        )
    ]


def _created(
    request: HtmxHttpRequest, group: Group, corrected: list[tuple[ReadFile, ImportFixesForm]]
) -> HttpResponse:
    """Create the meetings in date order, each in a transaction of its own; say what was made."""
    made, failed = [], []
    for file, form in corrected:
        imported = replace(file.imported, notes=form.fixed())
        try:
            made.append(meeting_create_from_import(imported=imported, group=group))
        except NotesFormatError as error:
            failed.append((file.name, str(error)))
    for name, problem in failed:
        messages.error(request, f"{name}: {problem}. Nothing was created from it.")
    if made:
        added = sorted({m.full_name for report in made for m in report.created_people})
        people = (
            f" Added {len(added)} {'person' if len(added) == 1 else 'people'}: {', '.join(added)}."
        )
        links = format_html_join(
            ", ", '<a href="{}">{}</a>',
            ((reverse("meetings:edit", args=[r.meeting.pk]), f"{r.meeting.date:%-d %B %Y}")
             for r in made),
        )  # fmt: skip
        what = "the draft meeting of" if len(made) == 1 else f"{len(made)} draft meetings:"
        messages.success(
            request,
            format_html(
                "Created {} {} for {}.{}", what, links, group.name, people if added else ""
            ),
        )
    if len(made) == 1 and not failed:
        url = reverse("meetings:edit", args=[made[0].meeting.pk])
    else:
        url = reverse("meetings:import")
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _keep(
    request: HtmxHttpRequest, group: Group, read: list[ReadFile], refused: list[Refused]
) -> str:
    token = secrets.token_urlsafe(16)
    request.session[PENDING_IMPORT] = {
        "token": token,
        "group": group.pk,
        "files": [
            {"name": file.name, "content": base64.b64encode(zlib.compress(file.content)).decode()}
            for file in read
        ],
        # Said again on every showing of the preview, until the files are chosen anew.
        "refused": [[refusal.name, refusal.message] for refusal in refused],
    }
    return token


def _kept(pending: dict[str, Any]) -> list[NamedFile | Refused]:
    return [
        NamedFile(file["name"], zlib.decompress(base64.b64decode(file["content"])))
        for file in pending["files"]
    ]


_WHERE = re.compile(r"^(?:line|paragraph|page) (\d+): ")


def file_lines(file: ReadFile) -> list[FileLine]:
    """The file's text, line by line, with where each line went and what was guessed of it."""
    imported = file.imported
    guesses: dict[int, list[str]] = {}
    for guess in imported.guesses:
        where = _WHERE.match(guess)
        if where:
            guesses.setdefault(int(where[1]), []).append(guess[where.end() :])
    if imported.placements:
        return [
            FileLine(
                p.line, p.text, p.went, p.guessed or p.line in guesses,
                tuple(guesses.get(p.line, ())),
            )
            for p in imported.placements
        ]  # fmt: skip
    # Only a file in the notes format comes here: the readers of loose notes
    # place every line they read, and the notes format guesses nothing.
    return [
        FileLine(number, text, guessed=number in guesses, guesses=tuple(guesses.get(number, ())))
        for number, text in enumerate(decode(file.content).split("\n"), start=1)
    ]


def _guessed(file: ReadFile) -> set[str]:
    notes = file.imported.notes
    said = " ".join(file.imported.guesses)
    named = [person.name for person in notes.attendees] + [s.heading for s in notes.sections]
    return {name for name in named if name and name in said}
