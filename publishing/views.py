"""The public website: a group's page, its published notes, their downloads, feed, sitemaps, search.

Everything here is rendered from publications, never from meetings as they
stand, so a draft or an edit made after publishing shows nowhere until it is
published. A meeting with no publication answers 404 whatever its status.

Each page is the same for everyone and is served without a session
(publishing/middleware.py); those marked `@public_file` are made once and
kept until what they show changes (publishing/site.py).
"""

import datetime
import hashlib
import logging
import math
from collections.abc import Callable, Iterable
from itertools import groupby
from typing import Any

from django.core.cache import cache
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, quote_etag
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from allies.models import Group
from config.ratelimit import rate_limited
from publishing import search as notes_search
from publishing.calendar import calendar_ics, upcoming_meetings
from publishing.feeds import NotesFeed
from publishing.forms import SearchForm
from publishing.models import Listing, Publication
from publishing.render_html import about_html, notes_html
from publishing.selectors import public_charts, public_members
from publishing.site import until_tomorrow

logger = logging.getLogger(__name__)

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
LATEST = 24  # the notes a group's page lists; the rest are on a page for each year
SITEMAP_LENGTH = 50_000  # the most URLs one sitemap may hold (sitemaps.org)
SITEMAP_MAX_AGE = 3600

View = Callable[..., HttpResponseBase]


def public_file[V: View](view: V) -> V:
    """A page or file the same for everyone, made once and kept until what it shows changes."""
    view.public = "file"  # type: ignore[attr-defined]
    return view


def public_page[V: View](view: V) -> V:
    """A page the same for everyone, made afresh for each request (search)."""
    view.public = "page"  # type: ignore[attr-defined]
    return view


@public_file
@require_safe
@cache_control(public=True, max_age=PAGE_MAX_AGE)
def group_page(request: HttpRequest, group: str) -> HttpResponse:
    """A group's About text, its current members, its latest published notes and the years."""
    group_obj = get_object_or_404(Group, slug=group)
    listed = Listing.objects.of_group(group_obj)
    context = {
        "group": group_obj,
        "about": about_html(group_obj.about),
        "members": public_members(group_obj),
        "archive": _by_year(listed.for_lists()[:LATEST]),
        "years": listed.years(),
        "upcoming": upcoming_meetings(group_obj),
        "charts": public_charts(group_obj),
    }
    response = render(request, "publishing/group.html", context)
    # Who is a member, and which meetings are still to come, depend on the day:
    # the page is made again each day.
    response.kept_until = until_tomorrow()  # type: ignore[attr-defined]
    return response


@public_file
@require_safe
@cache_control(public=True, max_age=PAGE_MAX_AGE)
def group_year(request: HttpRequest, group: str, year: int) -> HttpResponse:
    """The notes a group published of the meetings of one year."""
    group_obj = get_object_or_404(Group, slug=group)
    listed = Listing.objects.of_group(group_obj)
    archive = _by_year(listed.for_lists().filter(meeting__date__year=year))
    if not archive:
        raise Http404("The group published no notes of meetings in that year.")
    context = {"group": group_obj, "year": year, "archive": archive, "years": listed.years()}
    return render(request, "publishing/group_year.html", context)


def _by_year(listings: Iterable[Listing]) -> list[tuple[int, list[Publication]]]:
    """The listed publications, by the year of their meeting."""
    publications = [listing.publication for listing in listings]
    years = groupby(publications, lambda publication: publication.meeting.date.year)
    return [(year, list(rows)) for year, rows in years]


@public_file
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


@public_file
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
    found.stored_file = stored.name  # type: ignore[attr-defined]  # kept by its name, not its bytes
    return _cacheable(found, version)


@public_file
@require_safe
@cache_control(public=True, max_age=PAGE_MAX_AGE)
def feed(request: HttpRequest, group: str) -> HttpResponse:
    """The Atom feed of a group's published notes."""
    return NotesFeed()(request, group=group)


@require_safe
def feed_moved(request: HttpRequest, group: str) -> HttpResponse:
    """The feed's first address: feed readers that subscribed there are sent on."""
    return redirect("publishing:feed", group=get_object_or_404(Group, slug=group).slug,
                    permanent=True)  # fmt: skip


@public_file
@require_safe
@cache_control(public=True, max_age=SITEMAP_MAX_AGE)
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The sitemap of the site: the groups' pages, then each group's notes, 50,000 to a file."""
    locations = [request.build_absolute_uri(reverse("publishing:groups_sitemap"))]
    groups = Group.objects.annotate(listed=Count("meetings__listing")).order_by("slug")
    for group in groups:
        for page in sitemap_pages(group.listed):
            path = reverse("publishing:sitemap", args=[group.slug, page])
            locations.append(request.build_absolute_uri(path))
    return _xml(request, "publishing/sitemap_index.xml", {"locations": locations})


def sitemap_pages(listed: int) -> range:
    """The numbers of the files a sitemap of that many notes needs (one, when there are none)."""
    return range(1, max(1, math.ceil(listed / SITEMAP_LENGTH)) + 1)


@public_file
@require_safe
@cache_control(public=True, max_age=SITEMAP_MAX_AGE)
def groups_sitemap(request: HttpRequest) -> HttpResponse:
    """The sitemap of the groups' pages."""
    urls = [
        {"location": reverse("publishing:group", args=[slug])}
        for slug in Group.objects.order_by("slug").values_list("slug", flat=True)
    ]
    return _xml(request, "publishing/sitemap.xml", {"urls": urls})


@public_file
@require_safe
@cache_control(public=True, max_age=SITEMAP_MAX_AGE)
def group_sitemap(request: HttpRequest, group: str, page: int) -> HttpResponse:
    """One file of the sitemap of a group's notes: its year pages, and its notes as they stand."""
    group_obj = get_object_or_404(Group, slug=group)
    if page < 1:
        raise Http404("Sitemaps are numbered from 1.")
    start = (page - 1) * SITEMAP_LENGTH
    listed = (
        Listing.objects.filter(meeting__group=group_obj)
        .order_by("meeting__date")
        .values_list("meeting__date", "publication__published_at")[start : start + SITEMAP_LENGTH]
    )
    urls = [
        {"location": reverse("publishing:notes", args=[group, day]), "modified": published}
        for day, published in listed
    ]
    if page > 1 and not urls:
        raise Http404("The sitemap has no such page.")
    if page == 1:
        urls += [
            {"location": reverse("publishing:group_year", args=[group, row["year"]])}
            for row in Listing.objects.of_group(group_obj).years()
        ]
    return _xml(request, "publishing/sitemap.xml", {"urls": urls})


def _xml(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(
        request, template, context | {"origin": f"{request.scheme}://{request.get_host()}"},
        content_type="application/xml; charset=utf-8",
    )  # fmt: skip


@public_page
@require_safe
def meetings_ics(request: HttpRequest, group: str) -> HttpResponse:
    """The group's upcoming meetings as a calendar to subscribe to."""
    group_obj = get_object_or_404(Group, slug=group)
    url = request.build_absolute_uri(reverse("publishing:group", args=[group]))
    ics = calendar_ics(upcoming_meetings(group_obj), f"{group_obj.full_name} meetings", url)
    return public_bytes(request, ics, "text/calendar; charset=utf-8", f"{group}-meetings.ics")


@public_page
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


@public_page
@require_safe
@cache_control(public=True, max_age=PAGE_MAX_AGE)
@rate_limited("search")
def search(request: HttpRequest) -> HttpResponse:
    """Search the published notes of every group; only the latest version of each is searched."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = (form.cleaned_data.get("page") or 1) if form.is_valid() else 1
    searched = notes_search.first_words(query)
    hits = notes_search.search_publications(searched, page)
    size = notes_search.PAGE_SIZE
    pages = {
        "earlier": page - 1 if page > 1 else None,
        "later": page + 1 if len(hits) == size and page < notes_search.PAGES else None,
        "first": (page - 1) * size + 1,
        "last": (page - 1) * size + len(hits),
    }
    context = {"form": form, "hits": hits, "searched": searched, "cut": searched != query,
               "max_words": notes_search.MAX_WORDS, "pages": pages}  # fmt: skip
    status = 400 if form.errors else 200
    return render(request, "publishing/search.html", context, status=status)


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
