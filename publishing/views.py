"""The public website: a group's page, its published notes, their downloads, and search.

Everything here is rendered from publications, never from meetings as they
stand, so a draft or an edit made after publishing shows nowhere until it is
published. A meeting with no publication answers 404 whatever its status.
"""

import datetime
import hashlib
from itertools import groupby

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, quote_etag
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from allies.models import Group
from config.ratelimit import rate_limited
from publishing.calendar import calendar_ics, upcoming_meetings
from publishing.forms import SearchForm
from publishing.models import Publication
from publishing.render_html import about_html, notes_html
from publishing.search import search_publications
from publishing.selectors import public_charts, public_members, published_notes

PAGE_MAX_AGE = 300  # a correction should reach readers within minutes
# A numbered version never changes, but it can be withdrawn, and a version is
# withdrawn because it showed what it should not: shared caches must let it go
# as soon as a correction goes, not keep it for a day.
VERSION_MAX_AGE = PAGE_MAX_AGE
DOCUMENT_CACHE_SECONDS = 3600
RETRY_AFTER = 30  # seconds: the files of a new publication take a moment to render
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@require_safe
@cache_control(public=True, max_age=PAGE_MAX_AGE)
def group_page(request: HttpRequest, group: str) -> HttpResponse:
    """A group's About text, its current members and the archive of its published notes."""
    group_obj = get_object_or_404(Group, slug=group)
    published = published_notes(group_obj).defer("document", "text")
    archive = [
        (year, list(rows)) for year, rows in groupby(published, lambda p: p.meeting.date.year)
    ]
    members = public_members(group_obj)
    context = {"group": group_obj, "about": about_html(group_obj.about), "members": members}
    context |= {"upcoming": upcoming_meetings(group_obj), "charts": public_charts(group_obj)}
    return render(request, "publishing/group.html", context | {"archive": archive})


@require_safe
def notes_page(
    request: HttpRequest, group: str, day: datetime.date, version: int | None = None
) -> HttpResponse:
    """A meeting's published notes: the latest version, or the one asked for."""
    versions = _versions(group, day)
    try:
        publication = _pick(versions, version)
    except Withdrawn as gone:
        return _withdrawn_page(request, gone.publication, versions)
    context = {
        "group": publication.meeting.group,
        "publication": publication,
        "versions": versions,
        "latest": _pick(versions, None),
        "document": _document_html(publication),
    }
    response = render(request, "publishing/notes_page.html", context)
    return _cacheable(response, version)


@require_safe
def download(
    request: HttpRequest, group: str, day: datetime.date, kind: str, version: int | None = None
) -> HttpResponseBase:
    """The PDF or Word file of a meeting's published notes, as rendered when they were published."""
    versions = _versions(group, day)
    try:
        publication = _pick(versions, version)
    except Withdrawn as gone:
        return _withdrawn_page(request, gone.publication, versions)
    stored, checksum = getattr(publication, kind), getattr(publication, f"{kind}_sha256")
    if not stored:
        response = HttpResponse(
            "These notes were published a moment ago and their file is still being made. "
            "Please try again in a minute.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    etag = quote_etag(checksum)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return _cacheable(not_modified, version)
    found = FileResponse(stored.open("rb"), content_type=CONTENT_TYPES[kind])
    disposition = content_disposition_header(kind == "docx", publication.file_name(kind))
    found["Content-Disposition"] = disposition or "inline"
    found["ETag"] = etag
    return _cacheable(found, version)


@require_safe
def meetings_ics(request: HttpRequest, group: str) -> HttpResponse:
    """The group's upcoming meetings as a calendar to subscribe to."""
    group_obj = get_object_or_404(Group, slug=group)
    url = request.build_absolute_uri(reverse("publishing:group", args=[group]))
    ics = calendar_ics(upcoming_meetings(group_obj), f"{group_obj.full_name} meetings", url)
    return public_bytes(request, ics, "text/calendar; charset=utf-8", f"{group}-meetings.ics")


@require_safe
def meeting_ics(request: HttpRequest, group: str, day: datetime.date) -> HttpResponse:
    """One upcoming meeting as a calendar file, to add to a calendar once."""
    group_obj = get_object_or_404(Group, slug=group)
    found = [meeting for meeting in upcoming_meetings(group_obj) if meeting.date == day]
    if not found:
        raise Http404("The group has no meeting coming up on that day.")
    url = request.build_absolute_uri(reverse("publishing:group", args=[group]))
    ics = calendar_ics(found, f"{group_obj.full_name} meeting", url)
    return public_bytes(request, ics, "text/calendar; charset=utf-8", f"{group}-{day}.ics")


def public_bytes(
    request: HttpRequest, content: bytes, content_type: str, file_name: str = ""
) -> HttpResponse:
    """A public answer cached like the pages, with an ETag of its content (304 if unchanged)."""
    etag = quote_etag(hashlib.sha256(content).hexdigest())
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(content, content_type=content_type)
        if file_name:
            response["Content-Disposition"] = content_disposition_header(False, file_name) or ""
    response["ETag"] = etag
    return _cacheable(response, None)


@require_safe
@cache_control(public=True, max_age=PAGE_MAX_AGE)
@rate_limited("search")
def search(request: HttpRequest) -> HttpResponse:
    """Search the published notes of every group; only the latest version of each is searched."""
    form = SearchForm(request.GET)
    hits = search_publications(form.cleaned_data["q"]) if form.is_valid() else []
    status = 400 if form.errors else 200
    return render(request, "publishing/search.html", {"form": form, "hits": hits}, status=status)


def _document_html(publication: Publication) -> str:
    """The notes as published, rendered once and kept: a publication never changes.

    The key carries the publication time as well as its id, so it can never
    name another publication, even where ids are reused (tests roll back); and
    entries expire, so a change of template shows within the hour.
    """
    key = f"publication-html:{publication.pk}:{publication.published_at.timestamp()}"
    html = cache.get(key)
    if html is None:
        html = notes_html(publication.public_notes())
        cache.set(key, html, DOCUMENT_CACHE_SECONDS)
    return str(html)


def _versions(group: str, day: datetime.date) -> list[Publication]:
    versions = list(
        Publication.objects.of_group(group)
        .filter(meeting__date=day)
        .select_related("meeting__group", "withdrawal")
        .defer("text", "document")
        .order_by("version")
    )
    if not versions:
        raise Http404("No notes of that group were published for that day.")
    return versions


class Withdrawn(Exception):
    """The version asked for was withdrawn, or every version was."""

    def __init__(self, publication: Publication) -> None:
        self.publication = publication


def _pick(versions: list[Publication], version: int | None) -> Publication:
    """The version asked for, or the latest that stands; Withdrawn where it is gone."""
    if version is None:
        standing = [publication for publication in versions if not publication.is_withdrawn]
        if not standing:
            raise Withdrawn(versions[-1])
        return standing[-1]
    for publication in versions:
        if publication.version == version:
            if publication.is_withdrawn:
                raise Withdrawn(publication)
            return publication
    raise Http404("There is no such version of these notes.")


def _withdrawn_page(
    request: HttpRequest, publication: Publication, versions: list[Publication]
) -> HttpResponse:
    """410 Gone: the version was taken back; say so, and where the notes stand now."""
    standing = [p for p in versions if not p.is_withdrawn]
    context = {
        "group": publication.meeting.group,
        "publication": publication,
        "latest": standing[-1] if standing else None,
    }
    response = render(request, "publishing/withdrawn.html", context, status=410)
    patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
    return response


def _cacheable[R: HttpResponseBase](response: R, version: int | None) -> R:
    max_age = VERSION_MAX_AGE if version is not None else PAGE_MAX_AGE
    patch_cache_control(response, public=True, max_age=max_age)
    return response
