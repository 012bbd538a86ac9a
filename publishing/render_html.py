"""The public notes as HTML: the fragment the web page, the PDF and the preview share."""

from django.template.loader import render_to_string

from publishing.redaction import PublicNotes


def notes_html(notes: PublicNotes, *, links: bool = True) -> str:
    """The <article> of a meeting's public notes; `links` to the notes earlier actions came from."""
    return render_to_string("publishing/notes_document.html", {"notes": notes, "links": links})


def document_title(notes: PublicNotes) -> str:
    """The title a PDF or Word file carries: the notes' title and the group's name."""
    return f"{notes.title} – {notes.group_name}" if notes.group_name else notes.title
