import base64
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_http_methods, require_POST

from allies.models import Group
from allies.roles import Role, require_role
from meetings.forms import NotesUploadForm
from meetings.importing import read_notes_file
from meetings.models import Meeting
from meetings.notes_format import NotesFormatError
from meetings.services import meeting_create_from_import, meeting_preview_import

# The session holds the uploaded file between its preview and the secretary's
# confirmation, so what is created is read again from the same bytes on the
# server, never from anything the browser sends back.
PENDING_IMPORT = "meetings.pending_import"


@login_required
@require_http_methods(["GET", "POST"])
def notes_import(request: HttpRequest) -> HttpResponse:
    """Upload a notes file, and preview the draft meeting it would create."""
    form = NotesUploadForm(request.user, request.POST or None, request.FILES or None)
    if not form.fields["group"].queryset.exists():  # type: ignore[attr-defined]
        raise PermissionDenied
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid() and form.imported:
        group = form.cleaned_data["group"]
        require_role(request.user, group, Role.SECRETARY)
        try:
            people = meeting_preview_import(imported=form.imported, group=group)
        except NotesFormatError as error:
            form.add_error("file", f"{form.cleaned_data['file'].name}: {error}")
        else:
            token = _keep_upload(request, group, form.cleaned_data["file"].name, form.content)
            context.update(imported=form.imported, people=people, group=group, token=token)
    return render(request, "meetings/import.html", context)


@login_required
@require_POST
def notes_import_confirm(request: HttpRequest) -> HttpResponse:
    """Create the draft meeting from the upload that was previewed."""
    pending = request.session.get(PENDING_IMPORT)
    if not pending or not constant_time_compare(pending["token"], request.POST.get("token", "")):
        messages.error(request, "That preview has expired or was replaced: upload the file again.")
        return redirect("meetings:import")
    group = get_object_or_404(Group, pk=pending["group"])
    require_role(request.user, group, Role.SECRETARY)
    content = base64.b64decode(pending["content"])
    try:
        imported = read_notes_file(pending["filename"], content, group.slug)
        report = meeting_create_from_import(imported=imported, group=group)
    except NotesFormatError as error:
        messages.error(request, f"{pending['filename']}: {error}")
        return redirect("meetings:import")
    del request.session[PENDING_IMPORT]
    added = [member.full_name for member in report.created_people]
    people = f"{len(added)} {'person' if len(added) == 1 else 'people'}: {', '.join(added)}"
    messages.success(
        request,
        f"Created the draft meeting of {report.meeting.date:%-d %B %Y} for {group.name}."
        + (f" Added {people}." if added else ""),
    )
    return redirect(_meeting_url(report.meeting))


def _keep_upload(request: HttpRequest, group: Group, filename: str, content: bytes) -> str:
    token = secrets.token_urlsafe(16)
    request.session[PENDING_IMPORT] = {
        "token": token,
        "group": group.pk,
        "filename": filename,
        "content": base64.b64encode(content).decode("ascii"),
    }
    return token


def _meeting_url(meeting: Meeting) -> str:
    try:
        return reverse("meetings:edit", kwargs={"pk": meeting.pk})
    except NoReverseMatch:
        return reverse("meetings:import")
