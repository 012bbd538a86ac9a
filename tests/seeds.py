"""The group's two published meetings: the text files as published, and the demo notes of them."""

from pathlib import Path

from django.conf import settings

from notesfile.format import parse_notes
from notesfile.notes import Notes

BASE = Path(settings.BASE_DIR)
# Each published text file, and the demo notes written by hand from it.
SEEDS = [
    ("2021-06-23-allies-notes.txt", "2021-06-23.md"),
    ("2022-01-25-allies-notes.txt", "2022-01-25.md"),
]


def source_bytes(name: str) -> bytes:
    return (BASE / "demo" / "sources" / name).read_bytes()


def demo_notes(name: str) -> Notes:
    return parse_notes((BASE / "demo" / "notes" / name).read_text(encoding="utf-8"))


def assert_same_meeting(notes: Notes, expected: Notes) -> None:
    """The same meeting, section bodies compared exactly; the kinds of sections aside."""
    assert notes.date == expected.date
    assert notes.attendees == expected.attendees
    assert notes.actions == expected.actions
    assert notes.next_meetings == expected.next_meetings
    assert [(s.heading, s.body) for s in notes.sections] == [
        (s.heading, s.body) for s in expected.sections
    ]
