"""Tables of actions in the shapes secretaries wrote them, and as text took them apart."""

import itertools
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notesfile.notes import AgreedAction, CarriedAction
from notesfile.reading.files import read_notes_file
from notesfile.reading.tables import column_of, header_columns

HEAD = "Meeting notes: 1 March 2023\nPresent: Ann Bee (chair), Cat Dee, Graham Hart\n\n"
ROWS = [
    ("Write the report on funding", "Ann", "End of March"),
    ("Ask the hospital about rooms", "Cat Dee", "Complete"),
    ("Keep talking to the trust", "Graham/Cat", "Ongoing"),
]
EXPECTED = (
    AgreedAction(1, "Write the report on funding", "Ann", "End of March"),
    AgreedAction(2, "Ask the hospital about rooms", "Cat Dee", "", "complete"),
    AgreedAction(3, "Keep talking to the trust", "Graham/Cat", "Ongoing"),
)


def read(text: str):
    return read_notes_file("notes.txt", (HEAD + text).encode(), "g", max_bytes=10**6)


@pytest.mark.parametrize(
    ("title", "column"),
    [
        ("What was agreed", "action"), ("Agreed approach", "action"), ("Task", "action"),
        ("Who", "owner"), ("Lead", "owner"), ("Responsible", "owner"), ("By whom", "owner"),
        ("Action owner", "owner"), ("**Person taking this on**", "owner"),
        ("By when", "deadline"), ("Due", "deadline"), ("Timescale", "deadline"),
        ("Due date", "deadline"), ("Status", "status"), ("Progress", "status"),
        ("Update", "status"), ("Notes", "note"), ("Comments", "note"), ("No.", "number"),
        ("Ref", "number"), ("Colour", None),
    ],
)  # fmt: skip
def test_header_words_name_their_column(title, column):
    assert column_of(title) == column


def test_a_row_of_data_is_no_header():
    assert header_columns(["1", "Write the report", "Ann", "March"]) is None


HEADERS = [("Task", "Lead", "Due"), ("What was agreed", "Who", "By when"),
           ("Agreed approach", "Person taking this on", "Deadline")]  # fmt: skip


@given(header=st.sampled_from(HEADERS), order=st.permutations([0, 1, 2]))
@settings(max_examples=40, deadline=None)
def test_columns_in_any_words_and_any_order(header, order):
    lines = ["\t".join(header[i] for i in order)]
    lines += ["\t".join(row[i] for i in order) for row in ROWS]
    assert read("Actions\n" + "\n".join(lines) + "\n").notes.actions == EXPECTED


@given(order=st.permutations([0, 1, 2]), numbered=st.booleans())
@settings(max_examples=30, deadline=None)
def test_a_table_with_no_header_row_is_read_by_what_its_cells_hold(order, numbered):
    rows = [(f"{n}. {row[0]}" if numbered else row[0], *row[1:]) for n, row in enumerate(ROWS, 1)]
    lines = ["\t".join(row[i] for i in order) for row in rows]
    imported = read("Actions\n" + "\n".join(lines) + "\n")
    assert imported.notes.actions == EXPECTED
    assert any("which has no header row" in guess for guess in imported.guesses)


@pytest.mark.parametrize("gap", ["", "\n"])
def test_a_table_flattened_one_cell_a_line_is_rebuilt(gap):
    cells = ["What was agreed", "Who", "By when"]
    for n, (text, owner, deadline) in enumerate(ROWS, 1):
        cells += [f"{n}. {text}", owner, deadline]
    text = "Actions\n" + "".join(f"{cell}\n{gap}" for cell in cells) + "\nUpdates\nAll well.\n"
    imported = read(text)
    assert imported.notes.actions == EXPECTED
    assert [(s.heading, s.body) for s in imported.notes.sections] == [("Updates", "All well.")]


def test_cells_broken_over_lines_are_joined():
    text = (
        "Actions\nTask\nLead\nDue\n"
        "1. Write the report\non funding\nAnn\nEnd of March\n"
        "2. Ask the hospital about\nrooms\nCat Dee\nComplete\n"
        "3. Keep talking to\nthe trust\nGraham/Cat\nOngoing\n\nUpdates\nAll well.\n"
    )
    assert read(text).notes.actions == EXPECTED


def test_a_flattened_table_with_no_header_under_an_actions_heading():
    text = "Actions\n" + "".join(
        f"{n}. {action}\n{owner}\n{due}\n" for n, (action, owner, due) in enumerate(ROWS, 1)
    )
    assert read(text + "\nUpdates\nAll well.\n").notes.actions == EXPECTED


@pytest.mark.parametrize("where", ["status column", "deadline column"])
def test_earlier_actions_lettered_with_their_status(where):
    if where == "status column":
        table = "Ref\tAction\tOwner\tDeadline\tProgress\nA\tSend it\tAnn\tMarch\tClosed\n"
        table += "B\tBook it\tCat\tJune\tIn progress\n"
    else:
        table = "Action\tOwner\tDeadline\nA. Send it\tAnn\tClosed\nB. Book it\tCat\tOngoing\n"
    notes = read("Actions from previous meetings\n" + table).notes
    statuses = [(c.label, c.text, c.owner, c.status) for c in notes.carried]
    assert statuses == [
        ("A", "Send it", "Ann", "complete"),
        ("B", "Book it", "Cat", "in_progress" if where == "status column" else "ongoing"),
    ]
    assert all(isinstance(c, CarriedAction) and c.reference is None for c in notes.carried)


def test_earlier_actions_numbered_under_their_heading():
    table = "No.\tAction\tWho\tStatus\n1\tSend it\tAnn\tDone\n2\tBook it\tCat\tDropped\n"
    notes = read("Matters arising\n" + table).notes
    assert [(c.label, c.status) for c in notes.carried] == [("1", "complete"), ("2", "dropped")]
    assert notes.actions == ()


# Text taken out of a PDF: the grid is gone, and the words are not always in order.

PDF_ROWS = [
    "Agreed approach Person", "taking this on", "Deadline",
    "1. Ann to write the report on the funding", "of the trust.", "Ann By next", "meeting",
    "2. Cat to ask the hospital. Cat Dee March",
    "3. Graham and Cat to keep talking to the", "trust.", "Graham/", "Cat", "Ongoing",
]  # fmt: skip


def test_a_table_run_together_by_pdf_text_extraction_is_rebuilt():
    text = "Actions\n" + "\n".join(PDF_ROWS) + "\n\nUpdates\nAll well.\n"
    imported = read(text)
    assert [(a.number, a.text, a.owner, a.deadline) for a in imported.notes.actions] == [
        (1, "Ann to write the report on the funding of the trust.", "Ann", "By next meeting"),
        (2, "Cat to ask the hospital.", "Cat Dee", "March"),
        (3, "Graham and Cat to keep talking to the trust.", "Graham/Cat", "Ongoing"),
    ]
    assert any("rebuilt a table of actions" in guess for guess in imported.guesses)


def test_a_column_written_after_its_rows_is_shared_out_in_order():
    text = (
        "Actions\nAgreed approach\n1. Ann to write the report.\n2. Cat to ask the hospital.\n"
        "Person taking this on\nAnn\nDeadline\nMarch\nCat Dee\nJune\n\nUpdates\nAll well.\n"
    )
    actions = read(text).notes.actions
    assert [(a.text, a.owner, a.deadline) for a in actions] == [
        ("Ann to write the report.", "Ann", "March"),
        ("Cat to ask the hospital.", "Cat Dee", "June"),
    ]


@given(gaps=st.lists(st.booleans(), min_size=len(PDF_ROWS), max_size=len(PDF_ROWS)))
@settings(max_examples=40, deadline=None)
def test_blank_lines_anywhere_in_a_run_together_table_lose_no_word(gaps):
    lines = list(itertools.chain.from_iterable(
        [line, ""] if gap else [line] for line, gap in zip(PDF_ROWS, gaps, strict=True)
    ))  # fmt: skip
    text = "Actions\n" + "\n".join(lines) + "\n\nUpdates\nAll well.\n"
    imported = read(text)
    assert words(" ".join(p.text for p in imported.placements)) == words(HEAD + text)
    assert len(imported.notes.actions) == 3


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[^\W\d_]+", text.casefold()))


def test_a_status_broken_over_two_lines_and_a_footer_between_rows():
    text = (
        "Matters arising\nAction Person taking\nthis on\nDeadline Status\n"
        "1. Ann to share the funding timeline and report back\nto the group.\n"
        "Ann March In\nprogress\nAllies Group – meeting notes – page 1\n"
        "2. Cat to update the options.\nCat Ongoing Closed\n\nUpdates\nAll well.\n"
    )
    imported = read(text)
    assert [(c.text, c.owner, c.deadline, c.status) for c in imported.notes.carried] == [
        ("Ann to share the funding timeline and report back to the group.", "Ann", "March",
         "in_progress"),
        ("Cat to update the options.", "Cat", "Ongoing", "complete"),
    ]  # fmt: skip
    went = {p.text: p.went for p in imported.placements}
    assert went["Allies Group – meeting notes – page 1"] == "left out: page furniture"


def test_a_first_name_run_into_the_action_goes_back_to_its_owner():
    text = (
        "Actions\nAgreed approach Person taking this on Deadline\n"
        "1. Cat to share the report with the trust Graham\nHart\nMarch\n"
        "2. Ann to write the blog. This Cat\nshould draw on the examples.\nDee\nJune\n"
        "\nUpdates\nAll well.\n"
    )
    actions = read(text).notes.actions
    assert [(a.text, a.owner, a.deadline) for a in actions] == [
        ("Cat to share the report with the trust", "Graham Hart", "March"),
        ("Ann to write the blog. This should draw on the examples.", "Cat Dee", "June"),
    ]


# A PDF's text of a table whose narrow columns broke cells over lines.


def test_a_deadline_cut_short_is_finished_by_the_next_line_not_moved_to_another_row():
    text = (
        "Matters arising\nAction Person taking\nthis on\nDeadline Status\n"
        "A. Ann to draft the timeline\nwith the trust.\nAnn Ongoing\n"
        "B. Cat to circulate the study.\nCat By next\nmeeting\nComplete\n"
        "C. Graham to look into the budget.\nGraham End of\nApril 2024\nOngoing\n"
        "\nUpdates\nAll well.\n"
    )
    carried = read(text).notes.carried
    assert [(c.owner, c.deadline, c.status) for c in carried] == [
        ("Ann", "", "ongoing"),
        ("Cat", "By next meeting", "complete"),
        ("Graham", "End of April 2024", "ongoing"),
    ]


@pytest.mark.parametrize("footer", ["", "Allies Group – meeting notes – page 1\n"])
def test_a_line_going_on_with_the_owner_and_the_deadline_at_once(footer):
    # Each line holds the next line of every cell still going on: "Graham Next" / "Hart meeting".
    text = (
        "Actions\nAgreed approach Person\ntaking this\non\nDeadline\n"
        "1. Cat to ask the hospital. Cat Dee March\n"
        f"2. Ann to write the report. Graham Next\n{footer}Hart meeting\n"
        "\nUpdates\nAll well.\n"
    )
    actions = read(text).notes.actions
    assert [(a.text, a.owner, a.deadline) for a in actions] == [
        ("Cat to ask the hospital.", "Cat Dee", "March"),
        ("Ann to write the report.", "Graham Hart", "Next meeting"),
    ]


@pytest.mark.parametrize("footer", ["", "Allies Group – meeting notes – page 1\n"])
def test_a_deadline_run_into_a_rows_first_line_is_finished_after_the_actions_last_words(footer):
    # The first line of each cell side by side, then the next: "…the notes Cat Dee End of
    # Closed" / "of this meeting. April 2020".
    text = (
        "Matters arising\nAction Person taking\nthis on\nDeadline Status\n"
        f"1. Cat to bring back the notes Cat Dee End of Closed\n{footer}"
        "of this meeting. April 2020\n"
        "2. Ann to look into a blog about the\ngroup's role.\nAnn June Closed\n"
        "\nUpdates\nAll well.\n"
    )
    carried = read(text).notes.carried
    assert [(c.text, c.owner, c.deadline, c.status) for c in carried] == [
        ("Cat to bring back the notes of this meeting.", "Cat Dee", "End of April 2020",
         "complete"),
        ("Ann to look into a blog about the group's role.", "Ann", "June", "complete"),
    ]  # fmt: skip


def test_an_owner_and_a_deadline_run_into_a_rows_first_line_are_finished_after_the_action():
    text = (
        "Actions\nAgreed approach Person\ntaking this\non\nDeadline\n"
        "1. Ann to share the framework Graham End of April\n"
        "and report back to the group. Hart 2021\n"
        "2. Cat to ask the hospital. Cat Dee March\n"
        "\nUpdates\nAll well.\n"
    )
    actions = read(text).notes.actions
    assert [(a.text, a.owner, a.deadline) for a in actions] == [
        ("Ann to share the framework and report back to the group.", "Graham Hart",
         "End of April 2021"),
        ("Cat to ask the hospital.", "Cat Dee", "March"),
    ]  # fmt: skip
