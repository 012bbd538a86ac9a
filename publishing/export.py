"""A static copy of the public site: every page and file, written to a folder.

For a group that wants its notes on its own website, or a copy that stays up
when the app is down: any web server or object store can serve the folder.
Each page is made by the same view that serves it, asked as the public asks
(no session, no user), with `request.static_copy` set so that it leaves out
the links to what a copy cannot have: logging in and searching. A page's
address that ends in "/" is written as that folder's index.html; the static
files the pages use are copied beside them. Withdrawn versions, drafts and
anything never published have no page, so they are not in the copy.
"""

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import FileResponse, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.test import RequestFactory
from django.test.utils import override_settings
from django.urls import resolve, reverse

from allies.models import Group
from publishing import views
from publishing.calendar import upcoming_meetings
from publishing.models import Listing, Publication

STATIC_LINK = r'(?:href|src)="([^"#?]+)"'


def site_paths() -> Iterator[str]:
    """The address of every page and file of the public site."""
    yield reverse("home")
    yield reverse("sitemap")
    yield reverse("publishing:groups_sitemap")
    for group in Group.objects.order_by("slug"):
        slug = group.slug
        yield reverse("publishing:group", args=[slug])
        yield reverse("publishing:feed", args=[slug])
        # The calendar as it stands on the day of the copy: a copy made daily keeps up.
        yield reverse("publishing:meetings_ics", args=[slug])
        for meeting in upcoming_meetings(group):
            yield reverse("publishing:meeting_ics", args=[slug, meeting.date])
        for row in Listing.objects.of_group(group).years():
            yield reverse("publishing:group_year", args=[slug, row["year"]])
        for page in views.sitemap_pages(Listing.objects.of_group(group).count()):
            yield reverse("publishing:sitemap", args=[slug, page])
        published = (
            Publication.objects.of_group(slug)
            .filter(withdrawal__isnull=True)
            .select_related("meeting", "listing")
            .defer("document", "text")
            .order_by("meeting__date", "version")
        )
        for publication in published:
            day, version = publication.meeting.date, publication.version
            if hasattr(publication, "listing"):
                for name in ("notes", "pdf", "docx"):
                    yield reverse(f"publishing:{name}", args=[slug, day])
            for name in ("notes_version", "pdf_version", "docx_version"):
                yield reverse(f"publishing:{name}", args=[slug, day, version])


def export_site(folder: Path, base_url: str) -> int:
    """Write the whole public site to `folder`, replacing what was there; the number of files.

    `base_url` is where the copy will be served from, such as
    https://notes.example.org: feeds and sitemaps name it. The copy is made in
    a new folder beside `folder` and put in its place at the end, so no file
    of an earlier copy (of notes since withdrawn, say) is ever left in it.
    """
    origin = urlsplit(base_url)
    if origin.scheme not in ("http", "https") or not origin.hostname or origin.path.strip("/"):
        raise ValueError(
            f"{base_url} is not the address of a site, such as https://notes.example.org "
            "(a copy is served from the top of a host of its own)"
        )
    folder = folder.resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    factory = RequestFactory(HTTP_HOST=origin.netloc, secure=origin.scheme == "https")
    written = 0
    try:
        # The views check the host a request names; here it is the copy's own.
        with override_settings(ALLOWED_HOSTS=[origin.hostname]):
            for path in site_paths():
                written += _write(work, path, _made(factory, path))
        written += _copy_static(work)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    old = folder.with_name(f".{folder.name}-old")
    if folder.exists():
        folder.rename(old)
    work.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
    return written


def _made(factory: RequestFactory, path: str) -> HttpResponseBase:
    request = factory.get(path)
    request.user = AnonymousUser()
    request.static_copy = True  # type: ignore[attr-defined]
    request.resolver_match = match = resolve(path)
    response = match.func(request, *match.args, **match.kwargs)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return response


def _write(root: Path, path: str, response: HttpResponseBase) -> int:
    target = root / path.lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as file:
        if isinstance(response, StreamingHttpResponse | FileResponse):
            for chunk in response.streaming_content:  # type: ignore[union-attr]
                file.write(bytes(chunk))
        elif isinstance(response, HttpResponse):
            file.write(response.content)
    # Not response.close(): that also says the request is over, which closes
    # the database connection in the middle of the copy.
    if isinstance(response, FileResponse):
        response.file_to_stream.close()  # type: ignore[union-attr]
    return 1


def _copy_static(root: Path) -> int:
    """Copy the static files the pages point at (styles, the icon) into the copy."""
    base = settings.STATIC_URL or "/static/"
    names = {
        link.removeprefix(base)
        for page in root.rglob("*.html")
        for link in re.findall(STATIC_LINK, page.read_text(encoding="utf-8"))
        if link.startswith(base)
    }
    for name in names:
        target = root / base.lstrip("/") / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as source:
                target.write_bytes(source.read())
        elif isinstance(found := finders.find(name), str):
            shutil.copyfile(found, target)
        else:
            raise RuntimeError(f"the static file {name} was not found")
    return len(names)
