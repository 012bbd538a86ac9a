"""The public notes as a PDF: A4, tagged for accessibility (PDF/UA-1), in British English.

WeasyPrint fetches whatever a document points at: images, stylesheets,
@import, url() and attachments, from files and from the network. Everything it
renders here fetches through `StaticFilesOnly`, which serves the app's own
static files and data: URIs and refuses the rest, so no PDF can carry a file
from the server's disk or tell anyone on the network that it was made.
"""

import logging
import mimetypes
import ssl
import threading
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from publishing.frozen import Edition
from publishing.redaction import PublicNotes
from publishing.render_html import document_title, notes_html

logger = logging.getLogger(__name__)

# Relative addresses in the print template resolve against this origin. The
# .invalid top-level domain never resolves (RFC 2606); the fetcher below
# answers for the static files under it and nothing else.
ORIGIN = "https://allies-notes.invalid/"
# urllib's HTTPS handler loads the system's certificates into a new context
# each time a fetcher is made (75 ms, a fifth of a render). The fetcher below
# never opens https: URLs, so it gets a context with none: were it ever used,
# it could verify nothing, and would refuse every server.
NO_HTTPS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class FetchRefused(ValueError):
    """A document pointed at something other than the app's static files or a data: URI."""


class StaticFilesOnly(URLFetcher):
    """A WeasyPrint URL fetcher for the app's own static files and data: URIs only."""

    def __init__(self) -> None:
        super().__init__(
            allowed_protocols={"data"}, allow_redirects=False, timeout=1, ssl_context=NO_HTTPS
        )

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            # urllib's data: handler decodes it; nothing else is opened.
            return super().fetch(url, headers)
        name = static_name(url)
        content = read_static(name) if name else None
        if content is None:
            logger.warning("The PDF renderer refused to fetch %.200s", url)
            raise FetchRefused(f"only the app's static files can be used: {url[:200]}")
        content_type = mimetypes.guess_type(name or "")[0] or "application/octet-stream"
        return URLFetcherResponse(url, content, {"Content-Type": content_type})


def static_name(url: str) -> str | None:
    """The static file a URL under ORIGIN names, or None if it names anything else."""
    prefix = urljoin(ORIGIN, settings.STATIC_URL)
    if not url.startswith(prefix):
        return None
    name = unquote(urlsplit(url[len(prefix) :]).path)
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or "\\" in name or ".." in parts or "\x00" in name:
        return None
    return name


def read_static(name: str) -> bytes | None:
    """A static file's bytes: from the app's static folders, or as collected (hashed names)."""
    found = finders.find(name)
    if isinstance(found, str):
        with open(found, "rb") as file:
            return file.read()
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as file:
            return bytes(file.read())
    return None


# A font configuration finds the system's fonts through fontconfig; making one
# for each document repeats that work, so each thread keeps one. It holds no
# document's content (these documents declare no @font-face). Each thread
# keeps the parsed print stylesheet too.
_kept = threading.local()


def font_configuration() -> FontConfiguration:
    """This thread's font configuration, made on first use."""
    if not hasattr(_kept, "configuration"):
        _kept.configuration = FontConfiguration()
    configuration: FontConfiguration = _kept.configuration
    return configuration


# Finding, fetching and parsing print.css took a third of a render. It is the
# same for every document, so each thread parses it once and keeps it.
PRINT_CSS = "css/print.css"


def print_stylesheet() -> CSS:
    """css/print.css, parsed on this thread's first use."""
    if not hasattr(_kept, "print_css"):
        content = read_static(PRINT_CSS)
        if content is None:
            raise FileNotFoundError(f"{PRINT_CSS} is missing from the static files")
        _kept.print_css = CSS(
            string=content.decode(),
            base_url=urljoin(ORIGIN, settings.STATIC_URL + PRINT_CSS),
            url_fetcher=StaticFilesOnly(),
            font_config=font_configuration(),
        )
    stylesheet: CSS = _kept.print_css
    return stylesheet


def pdf_from_html(html: str, stylesheets: tuple[CSS, ...] = ()) -> bytes:
    """Render HTML to a tagged A4 PDF, fetching nothing but static files and data: URIs."""
    document = HTML(string=html, base_url=ORIGIN, url_fetcher=StaticFilesOnly())
    pdf: bytes = document.write_pdf(
        stylesheets=list(stylesheets),
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        font_config=font_configuration(),
    )
    return pdf


def notes_pdf(notes: PublicNotes, edition: Edition) -> bytes:
    """The PDF of a meeting's public notes."""
    context = {
        "notes": notes,
        "edition": edition,
        "title": document_title(notes),
        # A printed link to an address on this site would lead nowhere from a file.
        "document": notes_html(notes, links=False),
    }
    html = render_to_string("publishing/notes_print.html", context)
    return pdf_from_html(html, stylesheets=(print_stylesheet(),))
