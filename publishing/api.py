"""A read-only JSON API of what is public, for a group's own website: /api/.

It serves what the public pages serve and nothing else: groups with the names
and roles of their members, the published notes as frozen in their
publications (never the meetings as they stand), their versions and files, and
the upcoming meetings of the calendar. Answers are cached like the public
pages: public Cache-Control and an ETag of the content, 304 when unchanged.
The OpenAPI description is at /api/openapi.json, and readable at /api/docs.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import conditional_page
from ninja import Field, NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError

from allies.models import Group
from notesfile.markup import to_html, to_text
from publishing.calendar import UpcomingMeeting, upcoming_meetings
from publishing.models import Publication
from publishing.redaction import PublicAction, PublicAttendee, PublicNotes
from publishing.render_html import about_html, notes_html
from publishing.selectors import public_members, published_notes

PAGE_MAX_AGE = 300
VERSION_MAX_AGE = 86400

api = NinjaAPI(
    title="Allies Notes",
    version="1",
    description="The published notes of each group, as the public website shows them. "
    "Read-only; every answer may be cached.",
    urls_namespace="api",
)


def public(max_age: int = PAGE_MAX_AGE) -> Callable[[Any], Any]:
    """Cache an answer like the public pages, with an ETag of its content (304 if unchanged)."""
    # conditional_page is Django's ConditionalGetMiddleware for these views alone.
    return decorate_view(conditional_page, cache_control(public=True, max_age=max_age))


@api.exception_handler(ValidationError)
def bad_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """400 with a plain message, rather than ninja's 422, for bad query or path parameters."""
    problems = []
    for problem in error.errors:
        where = ".".join(str(part) for part in problem.get("loc", ())[1:]) or "request"
        problems.append(f"{where}: {problem.get('msg', 'not valid')}")
    message = "Bad parameters. " + "; ".join(problems)
    return api.create_response(request, {"detail": message, "errors": problems}, status=400)


# What the API answers with.
class Member(Schema):
    name: str
    role: str = Field(description='"Chair", "Co-chair", "Member" or "Staff".')


class Links(Schema):
    page: str
    api: str


class UpcomingOut(Schema):
    date: datetime.date
    start: datetime.time | None
    end: datetime.time | None
    online: bool
    as_written: str = Field(description='The line of the latest notes that named it, or "".')
    uid: str = Field(description="The event's UID in the calendar feed.")
    ics: str


class GroupOut(Schema):
    slug: str
    name: str
    full_name: str
    organisation: str
    about_html: str
    members: list[Member]
    page: str
    notes: str
    calendar: str
    feed: str


class NotesSummary(Schema):
    date: datetime.date
    title: str
    version: int
    published_on: datetime.date
    corrected: bool
    page: str
    api: str
    pdf: str
    docx: str


class NotesList(Schema):
    count: int
    items: list[NotesSummary]


class VersionOut(Schema):
    version: int
    published_on: datetime.date
    correction_note: str
    withdrawn: bool
    withdrawn_note: str
    page: str | None
    pdf: str | None
    docx: str | None


class Person(Schema):
    name: str
    role: str
    takes_notes: bool
    introduction_html: str


class ActionOut(Schema):
    label: str
    text: str
    owner: str
    deadline: str
    status: str
    note: str
    redacted: str = Field(description='"" or why the row is withheld, such as "personal".')
    placeholder: str


class SectionOut(Schema):
    heading: str
    kind: str
    presenter: str
    html: str
    redacted: str
    placeholder: str


class NotesOut(Schema):
    group: str
    date: datetime.date
    title: str
    version: int
    published_on: datetime.date
    correction_note: str
    start: datetime.time | None
    end: datetime.time | None
    place: str
    online: bool
    present: list[Person]
    guests: list[Person]
    apologies: list[str]
    absent: list[str]
    conflicts_html: str
    previous_notes_agreed: bool
    actions: list[ActionOut]
    carried: list[ActionOut]
    sections: list[SectionOut]
    next_meetings: list[str]
    html: str = Field(description="The notes as the public page shows them.")
    page: str
    pdf: str
    docx: str
    versions: list[VersionOut]


class NotesQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2200, description="Only notes of this year.")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0)


# Endpoints
@api.get("/groups", response=list[GroupOut], summary="Every group that publishes here")
@public()
def groups(request: HttpRequest) -> list[dict[str, Any]]:
    return [_group(request, group) for group in Group.objects.all()]


@api.get("/groups/{slug}", response=GroupOut, summary="A group, its members and links")
@public()
def group(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _group(request, get_object_or_404(Group, slug=slug))


@api.get("/groups/{slug}/notes", response=NotesList, summary="A group's published notes")
@public()
def notes_list(request: HttpRequest, slug: str, query: Query[NotesQuery]) -> dict[str, Any]:
    found = published_notes(get_object_or_404(Group, slug=slug)).defer("document", "text")
    if query.year is not None:
        found = found.filter(meeting__date__year=query.year)
    page = found[query.offset : query.offset + query.limit]
    return {"count": found.count(), "items": [_summary(request, p) for p in page]}


@api.get("/groups/{slug}/notes/{day}", response=NotesOut, summary="The latest version of notes")
@public()
def notes(request: HttpRequest, slug: str, day: datetime.date) -> dict[str, Any]:
    versions = _versions(slug, day)
    standing = [p for p in versions if not p.is_withdrawn]
    if not standing:
        raise HttpError(410, "Every version of these notes was withdrawn.")
    return _notes(request, standing[-1], versions)


@api.get(
    "/groups/{slug}/notes/{day}/versions/{version}",
    response=NotesOut,
    summary="One version of notes, which never changes",
)
@public(VERSION_MAX_AGE)
def notes_version(request: HttpRequest, slug: str, day: datetime.date, version: int) -> Any:
    versions = _versions(slug, day)
    found = [p for p in versions if p.version == version]
    if not found:
        raise Http404("There is no such version of these notes.")
    if found[0].is_withdrawn:
        raise HttpError(410, "This version of the notes was withdrawn.")
    return _notes(request, found[0], versions)


@api.get(
    "/groups/{slug}/meetings", response=list[UpcomingOut], summary="A group's upcoming meetings"
)
@public()
def meetings(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    group = get_object_or_404(Group, slug=slug)
    return [_upcoming(request, meeting) for meeting in upcoming_meetings(group)]


# Building the answers: each from the public pages' own sources.
def _url(request: HttpRequest, name: str, *args: Any) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def _group(request: HttpRequest, group: Group) -> dict[str, Any]:
    return {
        "slug": group.slug,
        "name": group.name,
        "full_name": group.full_name,
        "organisation": group.organisation,
        "about_html": str(about_html(group.about)),
        "members": [
            {"name": term.member.full_name, "role": term.get_role_display()}
            for term in public_members(group)
        ],
        "page": _url(request, "publishing:group", group.slug),
        "notes": _url(request, "api:notes_list", group.slug),
        "calendar": _url(request, "publishing:meetings_ics", group.slug),
        "feed": _url(request, "publishing:feed", group.slug),
    }


def _summary(request: HttpRequest, publication: Publication) -> dict[str, Any]:
    slug, day = publication.meeting.group.slug, publication.meeting.date
    return {
        "date": day,
        "title": publication.title,
        "version": publication.version,
        "published_on": publication.edition.published_on,
        "corrected": publication.version > 1,
        "page": _url(request, "publishing:notes", slug, day),
        "api": _url(request, "api:notes", slug, day),
        "pdf": _url(request, "publishing:pdf", slug, day),
        "docx": _url(request, "publishing:docx", slug, day),
    }


def _versions(slug: str, day: datetime.date) -> list[Publication]:
    versions = list(
        Publication.objects.of_group(slug)
        .filter(meeting__date=day)
        .select_related("meeting__group", "withdrawal")
        .order_by("version")
    )
    if not versions:
        raise Http404("No notes of that group were published for that day.")
    return versions


def _address(publication: Publication) -> tuple[str, datetime.date, int]:
    return publication.meeting.group.slug, publication.meeting.date, publication.version


def _version(request: HttpRequest, publication: Publication) -> dict[str, Any]:
    slug, day, number = _address(publication)
    gone = publication.is_withdrawn
    return {
        "version": number,
        "published_on": publication.edition.published_on,
        "correction_note": publication.correction_note,
        "withdrawn": gone,
        "withdrawn_note": publication.withdrawal.public_note if gone else "",
        "page": None if gone else _url(request, "publishing:notes_version", slug, day, number),
        "pdf": None if gone else _url(request, "publishing:pdf_version", slug, day, number),
        "docx": None if gone else _url(request, "publishing:docx_version", slug, day, number),
    }


def _notes(
    request: HttpRequest, publication: Publication, versions: list[Publication]
) -> dict[str, Any]:
    public: PublicNotes = publication.public_notes()
    slug, day, number = _address(publication)
    return {
        "group": slug,
        "date": public.date,
        "title": public.title,
        "version": number,
        "published_on": publication.edition.published_on,
        "correction_note": publication.correction_note,
        "start": public.start,
        "end": public.end,
        "place": to_text(public.place),
        "online": public.online,
        "present": [_person(person) for person in public.present],
        "guests": [_person(person) for person in public.guests],
        "apologies": list(public.apologies),
        "absent": list(public.absent),
        "conflicts_html": to_html(public.conflicts),
        "previous_notes_agreed": public.previous_notes_agreed,
        "actions": [_action(row) for row in public.actions],
        "carried": [_action(row) for row in public.carried],
        "sections": [
            {
                "heading": section.heading_text,
                "kind": section.kind,
                "presenter": to_text(section.presenter),
                "html": to_html(section.blocks),
                "redacted": section.redacted,
                "placeholder": section.placeholder,
            }
            for section in public.sections
        ],
        "next_meetings": [to_text(line) for line in public.next_meetings],
        "html": notes_html(public),
        "page": _url(request, "publishing:notes_version", slug, day, number),
        "pdf": _url(request, "publishing:pdf_version", slug, day, number),
        "docx": _url(request, "publishing:docx_version", slug, day, number),
        "versions": [_version(request, version) for version in versions],
    }


def _person(person: PublicAttendee) -> dict[str, Any]:
    return {
        "name": person.name,
        "role": person.role,
        "takes_notes": person.takes_notes,
        "introduction_html": to_html(person.introduction),
    }


def _action(row: PublicAction) -> dict[str, Any]:
    return {
        "label": row.label,
        "text": to_text(row.text),
        "owner": to_text(row.owner),
        "deadline": to_text(row.deadline_shown),
        "status": row.status,
        "note": to_text(row.note),
        "redacted": row.redacted,
        "placeholder": row.placeholder,
    }


def _upcoming(request: HttpRequest, meeting: UpcomingMeeting) -> dict[str, Any]:
    return {
        "date": meeting.date,
        "start": meeting.start,
        "end": meeting.end,
        "online": meeting.online,
        "as_written": meeting.written,
        "uid": meeting.uid,
        "ics": _url(request, "publishing:meeting_ics", meeting.group, meeting.date),
    }
