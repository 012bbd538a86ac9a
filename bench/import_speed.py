"""How long reading notes files takes: the seeds, and files near the size limit.

Run: .venv/bin/python bench/import_speed.py
Prints seconds per read; nothing is written to any database.
"""

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

import docx  # noqa: E402
from django.conf import settings  # noqa: E402

from meetings.importing import read_notes_file  # noqa: E402

SOURCES = Path(settings.BASE_DIR) / "demo" / "sources"
NOTES = Path(settings.BASE_DIR) / "demo" / "notes"


def timed(label: str, filename: str, content: bytes, repeat: int = 3) -> None:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        imported = read_notes_file(filename, content, "allies-group")
        best = min(best, time.perf_counter() - started)
    notes = imported.notes
    print(
        f"{label:<44} {len(content) / 1024:8.0f} KB {best:8.3f} s "
        f"({len(notes.sections)} sections, {len(imported.guesses)} guesses)"
    )


def near_limit(unit: bytes) -> bytes:
    """The body of a seed repeated until the file is just under the size limit."""
    head, _, body = unit.partition(b"Updates")
    body = body.split(b"Date of next meeting")[0]
    copies = (settings.NOTES_IMPORT_MAX_BYTES - len(head)) // len(body)
    return head + b"Updates" + body * copies


def big_word(paragraphs: int) -> bytes:
    document = docx.Document()
    document.add_paragraph("Meeting notes: 25 January 2022")
    for n in range(paragraphs):
        if n % 20 == 0:
            document.add_heading(f"Section {n}", level=2)
        style = "List Bullet" if n % 3 else "Normal"
        document.add_paragraph(f"Point {n}: the team agreed to carry on.", style=style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


seed = (SOURCES / "2022-01-25-allies-notes.txt").read_bytes()
timed("seed 2022 as plain text", "2022.txt", seed)
timed("seed 2021 as plain text", "2021.txt", (SOURCES / "2021-06-23-allies-notes.txt").read_bytes())
timed("demo 2022 in the notes format", "2022.md", (NOTES / "2022-01-25.md").read_bytes())
timed("plain text just under the size limit", "big.txt", near_limit(seed), repeat=1)
word = big_word(5000)
timed("Word document, 5000 paragraphs", "big.docx", word, repeat=1)
