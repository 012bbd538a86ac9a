"""Withheld parts where they are written: marks with a reason and a date; found, added, removed."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notesfile.markup import Marked, MarkupError, parse_blocks, parse_inline, to_text, walk
from notesfile.notes import AgreedAction, Notes, Section
from notesfile.withheld import add_mark, fields, find_marks, unmark, withheld_dates
from tests import strategies

DAY = datetime.date(2022, 4, 27)


def marked(source: str) -> list[Marked]:
    return [node for node in walk(parse_blocks(source)) if isinstance(node, Marked)]


def test_a_mark_carries_a_public_explanation_and_a_reconsider_date():
    (mark,) = marked(
        'We [got £40k]{.financial until=2023-03-01 why="until the contract is signed"}.'
    )
    assert mark.sensitivity == "financial"
    assert mark.until == datetime.date(2023, 3, 1)
    assert mark.why == "until the contract is signed"


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("[x]{.financial until=2023-02-30}", "until=2023-02-30 is not a date"),
        ("[x]{.financial untill=2023-02-01}", "unknown attribute untill="),
        ('[x]{until=2023-02-01 why="w"}', "until= and why= belong to a mark"),
        ("[x]{.financial why='single quotes'}", "was not understood"),
        (f'[x]{{.personal why="{"w" * 201}"}}', "longer than 200 characters"),
    ],
)
def test_a_mistyped_reason_or_date_is_refused_not_published(source, problem):
    with pytest.raises(MarkupError, match=problem):
        parse_blocks(source)


def test_marks_are_found_where_they_are_written_even_nested_or_escaped():
    source = (
        'Lizzie said [she [is] leaving]{.personal why="x"} and *[b]{.financial}* '
        r"[a [n]{.personal} c]{.confidential} and \[not]{.personal"
    )
    with pytest.raises(MarkupError):
        find_marks(source)  # the escaped one is a stray mark, refused by the parser
    source = source.rsplit(" and ", 1)[0]
    found = find_marks(source)
    assert [m.passage(source) for m in found] == [
        "she [is] leaving",
        "b",
        "a [n]{.personal} c",
        "n",
    ]
    assert [m.sensitivity for m in found] == ["personal", "financial", "confidential", "personal"]
    assert unmark(source, found[0]).startswith("Lizzie said she [is] leaving and *[b]")


def test_a_passage_is_marked_only_where_the_mark_holds():
    assert add_mark("We agreed. Lizzie is ill. Bye.", 11, 25, "personal") == (
        "We agreed. [Lizzie is ill.]{.personal} Bye."
    )
    with pytest.raises(MarkupError):
        add_mark("We **agreed. Lizzie** is ill.", 5, 20, "personal")  # cuts the bold in two
    with pytest.raises(MarkupError):
        add_mark("One line\nanother", 0, 16, "personal")


@given(text=strategies.body())
@settings(max_examples=40, deadline=None)
def test_taking_every_mark_off_keeps_every_word(text):
    marks = find_marks(text)
    assert len(marks) == len(marked(text))
    plain = text
    while marks:
        plain = unmark(plain, marks[-1])
        marks = find_marks(plain)
    assert marked(plain) == []
    assert to_text(parse_blocks(plain)) == to_text(parse_blocks(text))


@given(line=strategies.inline(marks=False), data=st.data())
@settings(max_examples=40, deadline=None)
def test_a_marked_passage_reads_as_before_but_marked(line, data):
    start = data.draw(st.integers(0, len(line)))
    end = data.draw(st.integers(start, len(line)))
    try:
        result = add_mark(line, start, end, "financial", parse_inline)
    except MarkupError:
        return
    (mark,) = find_marks(result, parse_inline)
    assert mark.passage(result) == line[start:end]
    assert to_text(parse_inline(result)) == to_text(parse_inline(line))


def test_every_reconsider_date_is_found_with_what_it_belongs_to():
    notes = Notes(
        "g",
        DAY,
        sections=(
            Section(
                "Money", "x", sensitivity="financial", withheld_until=datetime.date(2023, 1, 1)
            ),
            Section("News", "A [b]{.personal until=2022-05-01}."),
        ),
        actions=(AgreedAction(4, "t", sensitivity="personal", withheld_until=DAY),),
    )
    assert list(withheld_dates(notes)) == [
        ("the section “Money”", datetime.date(2023, 1, 1)),
        ("action 4", DAY),
        ("a passage in the section “News”", datetime.date(2022, 5, 1)),
    ]
    assert [f.part for f in fields(notes)] == [("section", 1), ("section", 1)]
