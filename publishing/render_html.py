"""The public notes as HTML: the fragment the web page, the PDF and the preview share."""

import hashlib
import logging

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from notesfile.markup import MarkupError, to_html
from publishing.redaction import PublicNotes, redact_markdown

logger = logging.getLogger(__name__)
ABOUT_CACHE_SECONDS = 3600


def notes_html(notes: PublicNotes, *, links: bool = True) -> str:
    """The <article> of a meeting's public notes; `links` to the notes earlier actions came from."""
    return render_to_string("publishing/notes_document.html", {"notes": notes, "links": links})


def document_title(notes: PublicNotes) -> str:
    """The title a PDF or Word file carries: the notes' title and the group's name."""
    return f"{notes.title} – {notes.group_name}" if notes.group_name else notes.title


def about_html(source: str) -> SafeString:
    """A group's About text as HTML, through the same markup pipeline as the notes."""
    key = f"about-html:{hashlib.sha256(source.encode()).hexdigest()}"
    html = cache.get(key)
    if html is None:
        try:
            html = to_html(redact_markdown(source))
        except MarkupError:
            # A mistyped mark: show nothing rather than what it meant to hide.
            logger.warning("The About text of a group has a mark that cannot be read")
            html = ""
        cache.set(key, html, ABOUT_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (to_html escapes, then sanitises with nh3)
