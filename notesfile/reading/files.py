"""Reading a notes file, whatever its shape: the one code path of the command and the page.

`read_notes_file` takes a file's name and bytes and gives back the notes it
holds. A .md file is the notes format (docs/notes-format.md), read strictly.
A .txt file is the notes format if it starts with front matter, and otherwise
the loose plain text of earlier notes; a .docx file is a Word document. The
two loose shapes are read into the same blocks (text.py, word.py), and notesfile/reading/loose.py
works out what they mean. Anything that cannot be read raises NotesFormatError,
naming the line, paragraph or field where it can.
"""

from dataclasses import dataclass
from pathlib import PurePath

from notesfile.format import NotesFormatError, parse_notes
from notesfile.notes import Notes
from notesfile.reading.loose import read_loose
from notesfile.reading.placements import Placement
from notesfile.reading.text import decode, text_source
from notesfile.reading.word import word_source

NOTES_FORMAT = "the notes format"
PLAIN_TEXT = "plain text"
WORD = "a Word document"
SUFFIXES = (".md", ".txt", ".docx")


@dataclass(frozen=True)
class ImportedNotes:
    """The notes read from a file, what had to be guessed, and how it was read."""

    notes: Notes
    guesses: tuple[str, ...]
    reader: str
    # Where each line of the file went, for the preview to show beside it.
    placements: tuple[Placement, ...] = ()


def read_notes_file(
    filename: str, content: bytes, default_group: str | None = None, *, max_bytes: int
) -> ImportedNotes:
    """Read the notes in a .md, .txt or .docx file; `default_group` is for files naming none."""
    check_size(len(content), max_bytes)
    if not content.strip():
        raise NotesFormatError("the file is empty")
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".markdown":
        suffix = ".md"
    if suffix == ".docx":
        source = word_source(content, filename)
        reading = read_loose(source, default_group)
        return ImportedNotes(reading.notes, reading.guesses, WORD, reading.placements)
    if suffix not in SUFFIXES:
        raise NotesFormatError(
            f"cannot import a {suffix or 'file without an ending like .txt'}: "
            "import notes as .md (the notes format), .docx (Word) or .txt (plain text)"
        )
    text = decode(content)
    if suffix == ".md" or text.startswith("---\n"):
        return ImportedNotes(parse_notes(text, default_group), (), NOTES_FORMAT)
    reading = read_loose(text_source(text, filename), default_group)
    return ImportedNotes(reading.notes, reading.guesses, PLAIN_TEXT, reading.placements)


def check_size(size: int, limit: int) -> None:
    """Refuse a file over the import limit, saying how big it is."""
    if size > limit:
        raise NotesFormatError(
            f"the file is {_size(size, up=True)}; files of up to {_size(limit)} can be imported"
        )


def _size(count: int, up: bool = False) -> str:
    """A size as people say it: "2.25 MB", "2 MB", "300 KB"."""
    # Rounded up, a file over the limit never reads as the limit itself.
    unit, name = (1024 * 1024, "MB") if count >= 1024 * 1024 else (1024, "KB")
    if count < 1024:
        return f"{count} bytes"
    hundredths = -(-count * 100 // unit) if up else round(count * 100 / unit)
    return f"{hundredths / 100:.2f}".rstrip("0").rstrip(".") + f" {name}"
