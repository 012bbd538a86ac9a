"""Reading an uploaded notes file with the site's size limit: notesfile/reading does the reading."""

from django.conf import settings

from notesfile.reading import files
from notesfile.reading.files import ImportedNotes

__all__ = ["ImportedNotes", "check_size", "read_notes_file"]


def read_notes_file(
    filename: str, content: bytes, default_group: str | None = None
) -> ImportedNotes:
    """Read the notes in a file of any shape the importer knows, within the size limit."""
    return files.read_notes_file(
        filename, content, default_group, max_bytes=settings.NOTES_IMPORT_MAX_BYTES
    )


def check_size(size: int) -> None:
    """Refuse a file over the import limit, saying how big it is."""
    files.check_size(size, settings.NOTES_IMPORT_MAX_BYTES)
