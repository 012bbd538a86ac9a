"""The steps that read minutes as secretaries write them: action lines, agenda numbers, labels."""

import datetime

import pytest

from notesfile.reading.actions import title_rows
from notesfile.reading.blocks import Grid, Item, Line
from notesfile.reading.dates import date_in
from notesfile.reading.loose import pull_labels
from notesfile.reading.people import (
    Listing,
    heading_label,
    label_of,
    label_parts,
    read_listings,
    untitled,
)
from notesfile.reading.placements import Log
from notesfile.reading.tables import status_of
from notesfile.reading.text import aligned_as_tabs
from notesfile.reading.written import (
    action_in,
    action_lines,
    agenda_heading,
    agenda_headings,
    owner_and_deadline,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ACTION: Lizzie to circulate the paper", ("", "Lizzie to circulate the paper")),
        ("Action – GM to contact the trust", ("", "GM to contact the trust")),
        ("Actions: all to read the report", ("", "all to read the report")),
        ("ACTION Sam to book the room", ("", "Sam to book the room")),
        ("**Action:** Jo to write", ("", "Jo to write")),
        (
            "The group agreed. Action: Lizzie to draft a blog post.",
            ("The group agreed.", "Lizzie to draft a blog post."),
        ),
    ],
)
def test_an_action_is_found_at_the_start_of_a_line_or_after_a_sentence(line, expected):
    assert action_in(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Action points",  # a heading of a table of actions
        "Actions",
        "Action log update",
        "The actions were reviewed.",
        "We discussed the action plan: it is late.",
        "Actioned: the letter went out",
    ],
)
def test_a_line_that_only_speaks_of_actions_is_no_action(line):
    assert action_in(line) is None


@pytest.mark.parametrize(
    ("text", "owner", "deadline"),
    [
        ("Lizzie to circulate the paper by Friday 12 March", "Lizzie", "Friday 12 March"),
        ("GM to contact the trust", "GM", ""),
        (
            "Sarah and Graham to meet the director by end of April.",
            "Sarah and Graham",
            "end of April",
        ),
        ("Nicc/Lizzie to share the report by the next meeting", "Nicc/Lizzie", "the next meeting"),
        ("All to send ideas for the away day", "All", ""),
        ("Circulate the paper to the group", "", ""),
        # "by" that names no time is no deadline.
        ("Jo to be guided by the trustees", "Jo", ""),
        ("the chair will write to them by 3/4", "", "3/4"),
    ],
)
def test_an_action_names_its_owner_before_to_and_its_deadline_after_by(text, owner, deadline):
    assert owner_and_deadline(text) == (owner, deadline)


def test_action_lines_leave_the_text_before_them_and_take_the_rest():
    blocks = [
        Line("Finance", 1),
        Line("The accounts were approved. Action: Mandy to send them by 31 March", 2),
        Line("ACTION: Jo to file them", 3),
        Item("Action – Sam to thank the auditor", 4),
    ]
    kept, actions = action_lines(blocks)
    assert kept == [Line("Finance", 1), Line("The accounts were approved.", 2)]
    assert [(a.text, a.owner, a.deadline, a.line) for a in actions] == [
        ("Mandy to send them by 31 March", "Mandy", "31 March", 2),
        ("Jo to file them", "Jo", "", 3),
        ("Sam to thank the auditor", "Sam", "", 4),
    ]
    assert actions[1].written == "ACTION: Jo to file them"


@pytest.mark.parametrize(
    ("block", "heading"),
    [
        (Line("1. Welcome and introductions", 5), "Welcome and introductions"),
        (Line("2) Minutes of the last meeting", 5), "Minutes of the last meeting"),
        (Line("Item 3 – Finance", 5), "Finance"),
        (Line("4 – AOB", 5), "AOB"),
        (Item("Welcome", 5, ordered=True, number=1), "Welcome"),
        (Line("1. Funding", 5, heading=1), "Funding"),
    ],
)
def test_a_numbered_agenda_item_is_a_heading_without_its_number(block, heading):
    made = agenda_heading(block, Line("Present: Jo", 4), Line("Jo welcomed everyone.", 6))
    assert made is not None
    assert (made.text, made.line, made.heading) == (heading, 5, 1)


@pytest.mark.parametrize(
    "block",
    [
        Line("1. The group agreed to meet again in the spring.", 5),  # a sentence
        Line("2021 was a good year", 5),
        Item("Welcome", 5, ordered=False),
        Line("3. ACTION: Jo to write", 5),
    ],
)
def test_a_numbered_sentence_is_no_agenda_heading(block):
    assert agenda_heading(block, None, Line("Text.", 6)) is None


def test_a_numbered_list_stays_a_list():
    blocks = [
        Line("Priorities", 1),
        Item("Funding", 2, ordered=True, number=1),
        Item("Staffing", 3, ordered=True, number=2),
        Line("These were agreed.", 4),
    ]
    assert agenda_headings(blocks) == (blocks, [])


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Allies meeting 3.3.2021", datetime.date(2021, 3, 3)),
        ("Meeting held on 14.09.22", datetime.date(2022, 9, 14)),
        ("Minutes of the meeting held on 03/03/21", datetime.date(2021, 3, 3)),
        ("March 3, 2021", datetime.date(2021, 3, 3)),
        ("Wednesday 3rd March 2021, 2pm", datetime.date(2021, 3, 3)),
        ("Version 1.2.3 of the plan", None),
    ],
)
def test_dates_as_secretaries_write_them(text, date):
    assert date_in(text, 1, Log()) == date


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Apologies received from: Sarah Welsher", "apologies"),
        ("Apologies received from Sarah Welsher and Rob Horne", "apologies"),
        ("Apologies were received from Rob", "apologies"),
        ("Present (in person): Graham Hart", "present"),
        ("Present (online): Laura Cream", "present"),
        ("Minute-taker: Mandy", "notes"),
    ],
)
def test_labels_of_attendance_as_secretaries_write_them(line, kind):
    found = label_of(line)
    assert found is not None
    assert found[0] == kind


def test_two_labels_on_one_line_are_read_apart():
    assert label_parts("Chair: Graham Hart. Minutes: Lizzie Cain") == [
        "Chair: Graham Hart",
        "Minutes: Lizzie Cain",
    ]
    assert label_parts("Chair: Jo\tNote taker: Sam") == ["Chair: Jo", "Note taker: Sam"]
    # A colon inside a list of names that is no label leaves the line whole.
    assert label_parts("Present: Jo, Sam. Later: Kim joined") == [
        "Present: Jo, Sam. Later: Kim joined"
    ]


def test_a_title_is_no_part_of_the_name_a_role_is_given_to():
    assert untitled("Prof. Mark Smith") == untitled("Mark Smith") == "mark smith"
    assert untitled("Ms Sarah Welsher") == "sarah welsher"
    assert untitled("Drew Barrymore") == "drew barrymore"


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("Carried forward", "ongoing"),
        ("Superseded", "dropped"),
        ("✓", "complete"),
        ("Amber", "in_progress"),
        ("Red", "open"),
    ],
)
def test_statuses_as_action_logs_write_them(written, status):
    assert status_of(written) == status


def test_a_row_merged_across_a_table_is_a_title_not_an_action():
    grid = Grid(
        (("Action", "Who", "When"), ("From the finance item",), ("Send it", "Jo", "May")),
        10,
        (10, 11, 12),
    )
    kept, titles = title_rows(grid)
    assert kept.rows == (("Action", "Who", "When"), ("Send it", "Jo", "May"))
    assert kept.row_lines == (10, 12)
    assert titles == [(11, "From the finance item")]
    # A table of two columns has no merged rows to tell apart.
    narrow = Grid((("Action", "Who"), ("Send it",)), 1)
    assert title_rows(narrow) == (narrow, [])


@pytest.mark.parametrize(
    ("text", "owner", "deadline"),
    [
        ("Circulate the terms of reference (LC) by 19 March.", "LC", "19 March"),
        ("Circulate the paper – Lizzie", "Lizzie", ""),
        ("Laura to book the venue w/c 8 November.", "Laura", "w/c 8 November"),
        ("Write the report (see page 3)", "", ""),
        ("Send it – by Friday", "", "Friday"),
    ],
)
def test_an_owner_in_brackets_or_after_a_dash(text, owner, deadline):
    assert owner_and_deadline(text) == (owner, deadline)


@pytest.mark.parametrize(
    ("heading", "following", "kind"),
    [
        ("Attendees", Item("Graham Hart – Chair", 2), "present"),
        ("Apologies", Item("Rob Horne", 2), "apologies"),
        ("In attendance", Line("Graham Hart, Lizzie Cain", 2), "present"),
        ("Attendance", Item("Attendance at events rose by a fifth this year", 2), None),
        ("Apologies", Line("The chair apologised for the late papers.", 2), None),
        ("Present:", Item("Rob Horne", 2), None),  # read as a label with its colon
    ],
)
def test_an_attendance_heading_is_a_label_only_over_a_list_of_names(heading, following, kind):
    found = heading_label(Line(heading, 1), following, marked=False)
    assert (found[0] if found else None) == kind


def test_a_guest_marked_in_brackets_among_those_present_is_a_guest_with_an_introduction():
    log = Log()
    listing = Listing("present", "Present", ((1, "Present: …"),),
                      ((1, "Jo Bloggs, Kemi Adeyemi (guest, Wellcome Trust)"),))  # fmt: skip
    jo, kemi = read_listings([listing], log)
    assert (jo.name, jo.status) == ("Jo Bloggs", "present")
    assert (kemi.name, kemi.status, kemi.introduction) == (
        "Kemi Adeyemi", "guest", "Wellcome Trust",
    )  # fmt: skip


def test_an_action_that_names_only_its_owner_is_the_sentence_before_it():
    blocks = [
        Line("Graham will write to the trust. It is late. Action: GH", 1),
        Line("The group asked for a budget.", 2),
        Line("Action: LC/JD", 3),
    ]
    kept, actions = action_lines(blocks)
    assert [(a.text, a.owner) for a in actions] == [
        ("It is late.", "GH"),
        ("The group asked for a budget.", "LC/JD"),
    ]
    assert kept == [Line("Graham will write to the trust. It is late.", 1), blocks[1]]


def test_a_table_lined_up_with_spaces_is_written_with_tabs():
    lines = [
        "Actions",
        "Action                 Owner     Due",
        "Circulate the paper    LC        12 March",
        "",
        "We met   at noon   and left   late",  # wide gaps, but no header naming columns
        "and talked   for long",
    ]
    made, starts = aligned_as_tabs(lines)
    assert made[1:3] == ["Action\tOwner\tDue", "Circulate the paper\tLC\t12 March"]
    assert made[4:] == lines[4:]
    assert starts == [2]


def test_a_next_meeting_heading_takes_a_date_under_it_and_nothing_else():
    dated = [Line("5. Date of next meeting", 1), Line("Tuesday 8 February 2022, 2pm", 2)]
    kept, _, next_meetings = pull_labels(dated, False, Log())
    assert (kept, next_meetings) == ([], ["Tuesday 8 February 2022, 2pm"])
    # A cell "Next meeting" of a table flattened into text, the next row's number under it.
    cell = [Line("Next meeting", 1), Line("3. Team to write up the terms of reference", 2)]
    kept, _, next_meetings = pull_labels(list(cell), False, Log())
    assert (kept, next_meetings) == (cell, [])
