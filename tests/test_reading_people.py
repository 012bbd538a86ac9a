"""People as the notes write them: lists, wrapped lines, roles in words, guests at length."""

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notesfile.notes import Attendee
from notesfile.reading.files import read_notes_file
from notesfile.reading.people import label_of, roles_in


def attendees(text: str) -> tuple[Attendee, ...]:
    content = ("Meeting notes: 1 March 2023\n" + text).encode()
    return read_notes_file("notes.txt", content, "g", max_bytes=10**6).notes.attendees


@pytest.mark.parametrize(
    ("written", "roles"),
    [
        ("chair", {"chair"}),
        ("Chairing", {"chair"}),
        ("chaired the meeting", {"chair"}),
        ("co-chair", {"co_chair"}),
        ("Co chairing", {"co_chair"}),
        ("notes", {"notes"}),
        ("took the notes", {"notes"}),
        ("note-taker", {"notes"}),
        ("taking minutes", {"notes"}),
        ("chair, notes", {"chair", "notes"}),
        ("chair and took the notes", {"chair", "notes"}),
        ("a researcher at UCL", None),
        ("chair of the trust", None),
    ],
)
def test_roles_are_read_in_any_grammatical_form(written, roles):
    found = roles_in(written)
    assert (set(found) if found else None) == roles


@pytest.mark.parametrize(
    "line",
    [
        "Present: Ann Bee (chair), Cat Dee (took the notes), Ed Fox",
        "Present: Ann Bee – chair; Cat Dee – note-taker; Ed Fox",
        "Present: Ann Bee, Chair, Cat Dee, notes, and Ed Fox",
        "Present: Ann Bee chairing, Cat Dee taking notes and Ed Fox",
        "Present: Ann Bee, Cat Dee and Ed Fox\nChair: Ann Bee\nNotes taken by: Cat Dee",
        "Present: Ann Bee, Cat Dee and Ed Fox\nChaired by Ann\nNotes by Cat Dee",
        "Present: Ann Bee, Cat Dee, Ed Fox\n"
        "Ann Bee chaired the meeting and Cat Dee took the notes.",
        "Present:\nAnn Bee (chair)\nCat Dee (notes)\nEd Fox",
        "Present:\n- Ann Bee (chair)\n- Cat Dee (notes)\n- Ed Fox",
    ],
)
def test_the_same_people_and_roles_however_they_are_written(line):
    assert attendees(line + "\n\nUpdates\nAll well.\n") == (
        Attendee("Ann Bee", "present", "chair"),
        Attendee("Cat Dee", "present", takes_notes=True),
        Attendee("Ed Fox", "present"),
    )


def test_a_name_broken_across_lines_is_joined():
    text = "Present: Ann Bee, Graham\nMartin (chair), Cat Dee,\nEd Fox\nApologies: Gil Hay\n"
    assert [(a.name, a.role) for a in attendees(text)] == [
        ("Ann Bee", ""), ("Graham Martin", "chair"), ("Cat Dee", ""), ("Ed Fox", ""),
        ("Gil Hay", ""),
    ]  # fmt: skip


def test_a_double_barrelled_name_broken_at_its_hyphen_is_joined():
    text = "Present: Ann Hutchinson-\nPascal, Cat Dee\n"
    assert [a.name for a in attendees(text)] == ["Ann Hutchinson-Pascal", "Cat Dee"]


def test_guests_introduced_at_length_over_several_lines():
    text = (
        "Guests:\nJo Bloggs – a researcher at UCL who works with the group\n"
        "on co-production in mental health research.\n"
        "Sam Patel – from the NIHR, here for the spotlight.\n\nUpdates\nAll well.\n"
    )
    assert [(a.name, a.status, a.introduction) for a in attendees(text)] == [
        ("Jo Bloggs", "guest", "a researcher at UCL who works with the group on co-production "
                               "in mental health research."),
        ("Sam Patel", "guest", "from the NIHR, here for the spotlight."),
    ]  # fmt: skip


def test_a_list_ends_at_the_heading_after_it():
    text = "Present:\nAnn Bee\nCat Dee\n\nUpdates\nAll well.\n"
    assert [a.name for a in attendees(text)] == ["Ann Bee", "Cat Dee"]


def test_a_date_after_notes_is_not_a_note_taker():
    assert label_of("Notes: 1 March 2023") is None
    assert label_of("Notes: Cat Dee") == ("notes", "Notes", "Cat Dee")


names = st.lists(
    st.tuples(
        st.sampled_from(["Ann", "Cat", "Ed", "Gil", "Jo", "Kit", "Lou", "Mo", "Ned", "Pam"]),
        st.sampled_from(["Bee", "Dee", "Fox", "Hay", "Ivy", "Lee", "Hart-Ross", "Serrao"]),
    ).map(" ".join),
    min_size=1,
    max_size=9,
    unique_by=lambda name: name.split()[0],
)


@given(people=names, width=st.integers(12, 60), separator=st.sampled_from([", ", "; "]))
@settings(max_examples=150, deadline=None)
def test_a_list_wrapped_at_any_width_gives_the_same_people(people, width, separator):
    line = "Present: " + separator.join(people)
    wrapped = "\n".join(textwrap.wrap(line, width, break_on_hyphens=False))
    assert [a.name for a in attendees(wrapped + "\n\nUpdates\nAll well.\n")] == people


def test_roles_told_in_a_sentence_wrapped_over_two_lines():
    text = (
        "Present: Ann Bee, Cat Dee-Fox\nGuests:\nJo Bloggs – a researcher at UCL. Co-\n"
        "director of a charity.\nAnn Bee chaired the meeting and Cat Dee-Fox took the\n"
        "notes.\n\nUpdates\nAll well.\n"
    )
    assert attendees(text) == (
        Attendee("Ann Bee", "present", "chair"),
        Attendee("Cat Dee-Fox", "present", takes_notes=True),
        Attendee(
            "Jo Bloggs", "guest", introduction="a researcher at UCL. Co-director of a charity."
        ),
    )
