"""Earlier notes in loose plain text are read into the same notes the demo data holds."""

import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.importing import ImportedNotes, read_notes_file
from notesfile.format import NotesFormatError, format_notes
from notesfile.notes import AgreedAction, Attendee
from notesfile.reading.loose import TO_CHECK_HEADING, guess_kind
from tests.seeds import SEEDS, assert_same_meeting, demo_notes, source_bytes


def loose(text: str, filename: str = "notes.txt") -> ImportedNotes:
    return read_notes_file(filename, text.encode(), default_group="allies-group")


@pytest.mark.parametrize(("source", "demo"), SEEDS)
def test_the_seed_text_files_give_the_demo_meetings(source, demo):
    imported = read_notes_file(source, source_bytes(source), "allies-group")
    assert imported.reader == "plain text"
    assert_same_meeting(imported.notes, demo_notes(demo))
    assert not any(s.to_check for s in imported.notes.sections)


def test_the_import_says_what_it_guessed_in_the_seed():
    guesses = loose(source_bytes("2022-01-25-allies-notes.txt").decode()).guesses
    expected = [
        "line 3: took 'Co-Production Collective Allies Group' as the title",
        "line 5: read the meeting's date, 25 January 2022, from "
        "'Meeting notes: Tuesday 25 January 2022'",
        "line 9: read 'Graham Hart (chair)' as Graham Hart, chairing",
        "line 16: read '25 Jan – complete' as deadline 25 Jan, status complete",
        "line 20: read 'Complete' in the Deadline column as status complete, with no deadline",
        "line 34: took 'Funding' as a section heading",
        "line 92: took 'Next steps' as a section heading (next steps)",
        "lines 57, 76, 109: ignored lines holding only '-' (page breaks in the Word original)",
    ]
    for guess in expected:
        assert guess in guesses
    assert any(g.startswith("line 78: joined 'work as needed") for g in guesses)


TABLE_ROWS = [
    ("Agreed approach", "Person taking this on", "Deadline"),
    ("1. Write the blog", "Laura Cream and Marc", "March – in progress"),
    ("2. Share the quotes", "Sarah/ Graham", "Complete"),
    ("3. Keep talking", "All", "Ongoing"),
]
EXPECTED_ACTIONS = (
    AgreedAction(1, "Write the blog", "Laura Cream and Marc", "March", "in_progress"),
    AgreedAction(2, "Share the quotes", "Sarah/ Graham", "", "complete"),
    AgreedAction(3, "Keep talking", "All", "Ongoing", "open"),
)
HEAD = "Meeting notes: 1 March 2023\n\nActions\n"


def test_a_tab_separated_actions_table():
    table = "\n".join("\t".join(row) for row in TABLE_ROWS)
    assert loose(HEAD + table + "\n").notes.actions == EXPECTED_ACTIONS


def test_a_line_broken_actions_table():
    table = "\n\n".join("\n".join("\t" + cell for cell in row) for row in TABLE_ROWS)
    assert loose(HEAD + table + "\n").notes.actions == EXPECTED_ACTIONS


def test_an_actions_table_with_number_and_status_columns():
    text = HEAD + "No.\tAction\tWho\tBy when\tStatus\n4\tAsk Jo\tLizzie\t13 Feb\tDone\n"
    assert loose(text).notes.actions == (AgreedAction(4, "Ask Jo", "Lizzie", "13 Feb", "complete"),)


def test_cells_the_actions_table_cannot_place_are_kept_to_check():
    text = HEAD + "Action\tOwner\tComments\nAsk Jo\tLizzie\tShe agreed\n\tNobody\t\n"
    notes = loose(text).notes
    assert notes.actions == (AgreedAction(1, "Ask Jo", "Lizzie"),)
    check = notes.sections[0]
    assert (check.heading, check.to_check) == (TO_CHECK_HEADING, True)
    assert "Comments: She agreed" in check.body
    assert "Nobody" in check.body


def test_attendance_with_roles_guests_and_apologies():
    text = (
        "Meeting notes: 1 March 2023\n"
        "Present: Graham Hart (Chair), Lizzie Cain (notes), Mandy Rudczenko (co-chair) and "
        "Rob Horne\n"
        "Guests: Jo Bloggs (a researcher at UCL, here for the spotlight), Sam Patel\n"
        "Apologies: Laura Cream (chair); Ian Needleman\n"
        "Absent: Simon Denegri\n"
    )
    imported = loose(text)
    assert imported.notes.attendees == (
        Attendee("Graham Hart", "present", "chair"),
        Attendee("Lizzie Cain", "present", takes_notes=True),
        Attendee("Mandy Rudczenko", "present", "co_chair"),
        Attendee("Rob Horne", "present"),
        Attendee("Jo Bloggs", "guest", introduction="a researcher at UCL, here for the spotlight"),
        Attendee("Sam Patel", "guest"),
        Attendee("Laura Cream", "apologies"),
        Attendee("Ian Needleman", "apologies"),
        Attendee("Simon Denegri", "absent"),
    )
    assert any("Laura Cream was not there" in guess for guess in imported.guesses)


def test_guests_introduced_after_a_dash_or_on_lines_of_their_own():
    one = loose("Meeting notes: 1 March 2023\nGuests: Jo Bloggs – a researcher, from UCL\n")
    assert one.notes.attendees == (
        Attendee("Jo Bloggs", "guest", introduction="a researcher, from UCL"),
    )
    listed = loose(
        "Meeting notes: 1 March 2023\nGuests:\n- Jo Bloggs – a researcher\n- Sam Patel\n"
    )
    assert [(a.name, a.introduction) for a in listed.notes.attendees] == [
        ("Jo Bloggs", "a researcher"),
        ("Sam Patel", ""),
    ]


def test_a_second_chair_becomes_a_co_chair_and_a_person_twice_is_kept_once():
    text = "Meeting notes: 1 March 2023\nPresent: Ann (chair), Bob (chair), Ann\n"
    notes = loose(text).notes
    assert notes.attendees == (
        Attendee("Ann", "present", "chair"),
        Attendee("Bob", "present", "co_chair"),
    )
    assert "line 2, Present: Ann (listed twice; kept as present)" in notes.sections[0].body


def test_bullets_nested_lists_and_continued_lines_become_markdown():
    text = (
        "Meeting notes: 1 March 2023\n\nEvaluation\n"
        "Responses included:\n"
        "· Clarifying what we want\n"
        "• Meeting funder needs\n"
        " - nested point that runs on\n"
        "-\n\n"
        "onto the next page\n"
        "1. First\n"
        "2. Second\n"
    )
    section = loose(text).notes.sections[0]
    assert section.heading == "Evaluation"
    assert section.body == (
        "Responses included:\n\n"
        "- Clarifying what we want\n"
        "- Meeting funder needs\n"
        "  - nested point that runs on onto the next page\n"
        "1. First\n"
        "2. Second"
    )


def test_word_artefacts_are_removed_and_said_so():
    text = "Meeting notes: 1 March 2023\n\nEvaluation\n[bookmark: _Hlk77076678]Lizzie asked.\n"
    imported = loose(text)
    assert imported.notes.sections[0].body == "Lizzie asked."
    assert "line 4: removed Word bookmark marks like '[bookmark: _Hlk…]'" in imported.guesses


def test_text_before_the_first_heading_is_kept_in_a_section_to_check():
    text = "Meeting notes: 1 March 2023\nA stray remark.\n\nUpdates\nAll well.\n"
    notes = loose(text).notes
    assert [(s.heading, s.body, s.to_check) for s in notes.sections] == [
        (TO_CHECK_HEADING, "A stray remark.", True),
        ("Updates", "All well.", False),
    ]
    assert notes.sections[1].kind == "update"


def test_text_under_actions_that_is_no_table_stays_a_section_to_check():
    notes = loose("Meeting notes: 1 March 2023\n\nActions\nLizzie to write the blog.\n").notes
    assert notes.actions == ()
    assert [(s.heading, s.body, s.to_check) for s in notes.sections] == [
        ("Actions (to check)", "Lizzie to write the blog.", True)
    ]


def test_the_next_meeting_and_a_heading_at_the_very_end():
    text = (
        "Meeting notes: 1 March 2023\n\nUpdates\nAll well.\nThanks all\n"
        "Date of next meeting: Wednesday 27 April 2022, 14:00–16:00\n"
    )
    notes = loose(text).notes
    assert notes.next_meetings == ("Wednesday 27 April 2022, 14:00–16:00",)
    assert notes.sections[0].body == "All well.\n\nThanks all"


def test_the_date_comes_from_the_file_name_when_the_text_has_none():
    imported = loose("Updates\nAll well.\n", filename="2021-06-23-allies-notes.txt")
    assert str(imported.notes.date) == "2021-06-23"
    assert "took the meeting's date, 23 June 2021, from the file name" in imported.guesses


def test_a_weekday_that_does_not_match_the_date_is_pointed_out():
    guesses = loose("Meeting notes: Monday 25 January 2022\n").guesses
    assert any("the notes say Monday but 25 January 2022 was a Tuesday" in g for g in guesses)


@pytest.mark.parametrize(
    ("text", "message", "line", "field"),
    [
        (
            "Title\nMeeting notes: 31 February 2022\n",
            "'31 February 2022' is not a real date",
            2,
            "date",
        ),
        ("Updates\nAll well.\n", "could not find the meeting's date", None, "date"),
        (
            "Meeting notes: 1 March 2023\n\nActions\nColour\tSize\nRed\tLarge\n",
            "has no Action column",
            4,
            None,
        ),
        (
            "Meeting notes: 1 March 2023\n\nUpdates\nSome [text]{.personl}.\n",
            "unknown mark .personl",
            4,
            None,
        ),
        (
            "Meeting notes: 1 March 2023\n\nActions\nAction\tOwner\tSensitivity\nAsk\tJo\tsecret\n",
            "unknown sensitivity 'secret'",
            5,
            None,
        ),
    ],
)
def test_loose_text_that_cannot_be_read_says_where(text, message, line, field):
    with pytest.raises(NotesFormatError, match=message) as caught:
        loose(text)
    assert (caught.value.line, caught.value.field) == (line, field)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Updates", "update"),
        ("Funding Update", "update"),
        ("Spotlight: Co-Pro Stories", "spotlight"),
        ("Next steps", "next_steps"),
        ("AOB", "aob"),
        ("Any other business", "aob"),
        ("Equality, diversity and inclusion", "edi"),
        ("EDI", "edi"),
        ("Evaluation", "discussion"),
    ],
)
def test_kinds_are_guessed_from_headings(heading, kind):
    assert guess_kind(heading) == kind


# Nothing is ever dropped: every word of loose notes reaches the notes or the guesses.

word = st.text(alphabet=string.ascii_lowercase, min_size=3, max_size=8)
capital = word.map(str.capitalize)
name = st.builds(lambda a, b: f"{a} {b}", capital, capital)


def sentence(end: str = ".") -> st.SearchStrategy[str]:
    return st.lists(word, min_size=3, max_size=14).map(
        lambda ws: ws[0].capitalize() + " " + " ".join(ws[1:]) + end
    )


line = st.one_of(
    st.lists(capital, min_size=1, max_size=5).map(" ".join),  # a heading
    sentence(),
    sentence(":"),
    sentence().map(lambda s: "· " + s),
    sentence().map(lambda s: " - " + s),
    sentence().map(lambda s: "1. " + s),
    st.lists(word, min_size=2, max_size=6).map(" ".join),  # a line carrying on
    st.lists(name, min_size=1, max_size=4).map(lambda ns: "Present: " + ", ".join(ns)),
    st.lists(name, min_size=1, max_size=3).map(lambda ns: "Apologies: " + ", ".join(ns)),
    st.builds(lambda n, s: f"Guests: {n} ({s})", name, sentence("")),
    st.lists(st.tuples(capital, word, word), min_size=2, max_size=4).map(
        lambda rows: "\n".join("\t".join(row) for row in rows)
    ),
    st.lists(st.tuples(sentence(), name, capital), min_size=1, max_size=3).map(
        lambda rows: (
            "Agreed approach\tPerson taking this on\tDeadline\n"
            + "\n".join("\t".join(row) for row in rows)
        )
    ),
    st.just(""),
    st.just("-"),
)


@given(lines=st.lists(line, max_size=25))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_word_of_loose_notes_is_kept_somewhere(lines):
    text = "Meeting notes: 1 March 2023\n" + "\n".join(lines) + "\n"
    imported = loose(text)
    kept = (format_notes(imported.notes) + "\n".join(imported.guesses)).casefold()
    for found in re.findall(r"[a-z]{3,}", text.casefold()):
        assert found in kept


def test_the_lines_under_an_empty_label_are_read_with_it():
    text = (
        "Meeting notes: 1 March 2023\nGuests:\n- Jo Bloggs\n\nUpdates\nAll well.\n"
        "Date of next meeting:\nWednesday 27 April 2022\n- July 2022, date TBC\n"
    )
    notes = loose(text).notes
    assert notes.attendees == (Attendee("Jo Bloggs", "guest"),)
    assert [(s.heading, s.body) for s in notes.sections] == [("Updates", "All well.")]
    assert notes.next_meetings == ("Wednesday 27 April 2022", "July 2022, date TBC")
