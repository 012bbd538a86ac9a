"""Reading a notes file, whatever its shape: the one code path of the command and the page.

`read_notes_file` takes a file's name and bytes and gives back the notes it
holds. A .md file is the notes format (docs/notes-format.md), read strictly.
A .txt file is the notes format if it starts with front matter, and otherwise
the loose plain text of earlier notes; a .docx file is a Word document and a
.pdf file a PDF. A file is known by what it holds, not only by its name: a
PDF named .docx is read as a PDF, and the reader says so. The loose shapes are
read into the same blocks (text.py, word.py, pdf.py), with their page
furniture dropped (furniture.py), and notesfile/reading/loose.py works out
what they mean. Anything that cannot be read raises NotesFormatError, naming
the line, paragraph or field where it can.
"""

from dataclasses import dataclass, replace
from pathlib import PurePath

from notesfile.format import NotesFormatError, parse_notes
from notesfile.notes import Notes
from notesfile.reading.furniture import text_furniture
from notesfile.reading.loose import Source, read_loose
from notesfile.reading.pdf import pdf_source
from notesfile.reading.placements import Placement
from notesfile.reading.text import decode, text_source
from notesfile.reading.word import word_source

NOTES_FORMAT = "the notes format"
PLAIN_TEXT = "plain text"
WORD = "a Word document"
PDF = "a PDF"
SUFFIXES = (".md", ".txt", ".docx", ".pdf")
_OLD_WORD = (
    "this is an old Word .doc file (Word 97–2003): open it in Word, "
    "save it as .docx (Word document) and import that"
)
_NAMED = {".docx": WORD, ".pdf": PDF, ".txt": PLAIN_TEXT, ".md": NOTES_FORMAT}


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
    """Read the notes in a .md, .txt, .docx or .pdf file; `default_group` for files naming none."""
    check_size(len(content), max_bytes)
    if not content.strip():
        raise NotesFormatError("the file is empty")
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".markdown":
        suffix = ".md"
    shape = sniff(content)
    if shape == PDF or (suffix == ".pdf" and shape is None):
        # A .pdf may have a few bytes of rubbish before its "%PDF"; one holding
        # anything else is refused by the PDF reader, as damaged.
        return _loose(pdf_source(content, filename), default_group, PDF, suffix)
    if suffix == ".docx" or shape == WORD:
        return _loose(word_source(content, filename), default_group, WORD, suffix)
    if suffix == ".doc":
        raise NotesFormatError(_OLD_WORD)
    if suffix not in SUFFIXES:
        raise NotesFormatError(
            f"cannot import a {suffix or 'file without an ending like .txt'}: "
            "import notes as .md (the notes format), .docx (Word), .pdf or .txt (plain text)"
        )
    text = decode(content)
    if suffix == ".md" or text.startswith("---\n"):
        return ImportedNotes(parse_notes(text, default_group), (), NOTES_FORMAT)
    kept, furniture = text_furniture(text)
    source = text_source(kept, filename)
    # The furniture's lines are placed too, so that every word of the file is accounted for.
    left_out = tuple(
        (number, line.strip())
        for number, (line, after) in enumerate(
            zip(text.split("\n"), kept.split("\n"), strict=True), 1
        )
        if line != after and line.strip()
    )
    source = replace(
        source, guesses=(*source.guesses, *furniture), dropped=(*source.dropped, *left_out)
    )
    return _loose(source, default_group, PLAIN_TEXT, suffix)


def sniff(content: bytes) -> str | None:
    """What a file holds, by its first bytes: a PDF or a Word document; None for anything else.

    An old Word .doc, a Rich Text or an OpenDocument file is refused here,
    named for what it is; what is left is read as text, or refused as not text.
    """
    if content.lstrip().startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotesFormatError(_OLD_WORD)
    if content.startswith(b"{\\rtf"):
        raise NotesFormatError(
            "this is a Rich Text (.rtf) file: open it in Word, save it as .docx and import that"
        )
    if content.startswith(b"PK\x03\x04"):
        if b"word/document.xml" in content:
            return WORD
        if b"opendocument.text" in content[:200]:
            raise NotesFormatError(
                "this is an OpenDocument text (.odt) file: open it, save it as .docx "
                "(Word document) and import that"
            )
    return None


def _loose(source: Source, default_group: str | None, reader: str, suffix: str) -> ImportedNotes:
    reading = read_loose(source, default_group)
    guesses = reading.guesses
    named = _NAMED.get(suffix)
    if named is not None and named != reader:
        guesses = (f"the file is named {suffix} but it is {reader}: it was read as one", *guesses)
    return ImportedNotes(reading.notes, guesses, reader, reading.placements)


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
