"""The public website, made once: each page and file kept as it was made, and served as it is.

Published notes never change, so neither do the pages and files made from
them until something they show does: another version is published, a file
is rendered, a version is withdrawn, or the group's name, About text or
members change. Each of those counts up the revision of the group's part of
the site, and of the site as a whole, in the same transaction (`changed`).
A kept file names the revision it was made at, and the release of the app
that made it (`build_id`): it is served only while both are current, which
is checked in the one query that reads it, so no file made from what has
changed can be served once the change is committed, whatever the order in
which requests and changes meet. A file made while a change was being
committed carries the older revision and is made again.

The pages and files themselves are made by the views of publishing/views.py,
marked `@public_file`; publishing/middleware.py serves them, and
`export_site` writes them all to a folder.
"""

import contextlib
import datetime
import functools
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import F
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag

from publishing.models import SiteFile, SiteRevision

SITE = "site"
# Where the public site's addresses are: its sitemap, and under /notes/.
PUBLIC_PREFIX = "/notes/"
SITEMAP = "/sitemap.xml"
# Statuses worth keeping: a page, and the notice that a version was withdrawn.
KEPT_STATUSES = {200, 410}
# What a kept file's response carries: the view's headers, and finish()'s.
KEPT_HEADERS = {
    "Content-Type", "Cache-Control", "Content-Disposition", "X-Robots-Tag",
    "Content-Security-Policy", "X-Frame-Options", "Permissions-Policy",
}  # fmt: skip
# The code, settings and templates that make the public site: a change to
# any of them in a new release makes every kept file again.
SOURCES = ("templates", "publishing", "notesfile", "config", "static/css")


def scope_of(group: str | None) -> str:
    """The part of the site a group's pages belong to; the site's own files have their own."""
    return f"group:{group}" if group else SITE


def is_public_address(path: str) -> bool:
    return path.startswith(PUBLIC_PREFIX) or path == SITEMAP


def scope_of_address(path: str) -> str:
    """The part of the site an address belongs to: /notes/<group>/… is its group's."""
    group, slash, _ = path.removeprefix(PUBLIC_PREFIX).partition("/")
    return scope_of(group if path.startswith(PUBLIC_PREFIX) and slash else None)


def changed(*groups: str) -> None:
    """Record that what the named groups' public pages show has changed (and the site's index)."""
    scopes = [SITE, *(scope_of(slug) for slug in groups if slug)]
    SiteRevision.objects.bulk_create(
        [SiteRevision(scope=scope) for scope in scopes], ignore_conflicts=True
    )
    SiteRevision.objects.filter(scope__in=scopes).update(number=F("number") + 1)


@functools.cache
def build_id() -> str:
    """A digest of everything that makes the public site's pages: source, templates, styles."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder in SOURCES:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".html", ".css", ".xml", ".txt"}:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    # Collected static files carry a hash of their content in their name
    # (and, before collectstatic, the page cannot be made anyway).
    with contextlib.suppress(ValueError):
        digest.update(staticfiles_storage.url("css/app.css").encode())
    return digest.hexdigest()[:32]


def address_of(request: HttpRequest) -> str:
    """What a kept file is found by: scheme, host and path (feeds and sitemaps hold full URLs)."""
    return f"{request.scheme}://{request.get_host()}{request.path}"


FIND = f"""SELECT r.number, f.status, f.headers, f.content, f.stored_file, f.etag
    FROM {SiteRevision._meta.db_table} r LEFT JOIN {SiteFile._meta.db_table} f
      ON f.address = %s AND f.scope = r.scope AND f.revision = r.number
      AND f.build = %s AND (f.expires_at IS NULL OR f.expires_at > %s)
    WHERE r.scope = %s"""  # noqa: S608 (the tables' own names; every value is a parameter)


@dataclass(frozen=True)
class Kept:
    """A kept page or file, as it is served."""

    status: int
    headers: dict[str, str]
    content: bytes
    stored_file: str
    etag: str


def find(address: str) -> tuple[int, Kept | None]:
    """The current revision of the address's scope, and its kept file if that is current.

    One query, written out: it is all a request for a kept file costs.
    """
    scope = scope_of_address(urlsplit(address).path)
    with connection.cursor() as cursor:
        cursor.execute(FIND, [address, build_id(), timezone.now(), scope])
        row = cursor.fetchone()
    if row is None:
        # Nothing has changed in this part of the site yet (or it does not exist).
        return 0, None
    revision, status, headers, content, stored_file, etag = row
    if status is None:
        return revision, None
    headers = json.loads(headers) if isinstance(headers, str) else headers
    return revision, Kept(status, headers, bytes(content), stored_file, etag)


def keep(address: str, revision: int, response: HttpResponseBase) -> Kept | None:
    """Keep what a view made, if it can be kept; None if not (an error, or not yet ready)."""
    scope = scope_of_address(urlsplit(address).path)
    if response.status_code not in KEPT_STATUSES or response.cookies:
        return None
    stored_file = getattr(response, "stored_file", "")
    content = b"" if stored_file else bytes(getattr(response, "content", b""))
    etag = response.get("ETag") or quote_etag(hashlib.sha256(content).hexdigest())
    if not revision:
        # The first page kept of its part of the site, which starts at
        # revision 1; were it changed meanwhile, it is at 2 or more already.
        SiteRevision.objects.bulk_create([SiteRevision(scope=scope)], ignore_conflicts=True)
        revision = 1
    headers = {name: value for name, value in response.items() if name in KEPT_HEADERS}
    kept = Kept(response.status_code, headers, content, stored_file, etag)
    fields: dict[str, Any] = {
        "scope": scope,
        "revision": revision,
        "build": build_id(),
        "expires_at": getattr(response, "kept_until", None),
        **asdict(kept),
    }
    SiteFile.objects.update_or_create(address=address, defaults=fields)
    return kept


def respond(request: HttpRequest, kept: Kept) -> HttpResponseBase:
    """The kept file as a response: 304 if the asker has it already, else its bytes."""
    not_modified = get_conditional_response(request, etag=kept.etag)
    if not_modified is not None and kept.status == 200:
        for name, value in kept.headers.items():
            if name not in ("Content-Type", "Content-Disposition"):
                not_modified[name] = value
        return not_modified
    response: HttpResponseBase
    if kept.stored_file:
        response = FileResponse(default_storage.open(kept.stored_file, "rb"), status=kept.status)
    else:
        response = HttpResponse(bytes(kept.content), status=kept.status)
        response["Content-Length"] = str(len(kept.content))
    for name, value in kept.headers.items():
        response[name] = value
    response["ETag"] = kept.etag
    return response


def until_tomorrow() -> datetime.datetime:
    """The next local midnight: when a page that depends on the day must be made again."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
