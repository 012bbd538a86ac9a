"""Words in, words out: every word of loose notes is placed somewhere, and said where."""

import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notesfile.format import format_notes
from notesfile.reading.files import read_notes_file
from notesfile.reading.placements import Placement

WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> Counter[str]:
    return Counter(word.casefold() for word in WORD.findall(text))


def read(text: str, filename: str = "notes.txt"):
    return read_notes_file(filename, text.encode(), "allies-group", max_bytes=10**6)


# Loose notes as secretaries write them: a title, the date, who was there, sections,
# an actions table in one of several shapes, earlier actions and the next meeting.

letters = "abcdefghijklmnoprstuvwy"
word = st.text(alphabet=letters, min_size=3, max_size=8).filter(
    lambda w: w not in {"and", "the", "for", "not", "chair", "notes", "minutes"}
)
capital = word.map(str.capitalize)
name = st.builds(lambda a, b: f"{a} {b}", capital, capital)


def sentence(end: str = ".") -> st.SearchStrategy[str]:
    return st.lists(word, min_size=3, max_size=12).map(
        lambda ws: ws[0].capitalize() + " " + " ".join(ws[1:]) + end
    )


@st.composite
def meetings(draw: st.DrawFn) -> tuple[str, dict[str, str], str, list[tuple[str, str, str]]]:
    """Loose notes, with who was there, the chair and the actions they were written from."""
    people = draw(st.lists(name, min_size=2, max_size=8, unique_by=lambda n: n.split()[0]))
    present, apologies = people[: len(people) // 2 + 1], people[len(people) // 2 + 1 :]
    chair = draw(st.sampled_from(present))
    role = draw(st.sampled_from(["({})", "– {}", ", {}"]))
    written = [f"{p} {role.format('chair')}".replace(" ,", ",") if p == chair else p
               for p in present]  # fmt: skip
    lines = [draw(st.lists(capital, min_size=2, max_size=5).map(" ".join)), "",
             "Meeting notes: 1 March 2023", ""]  # fmt: skip
    separator = draw(st.sampled_from([", ", "; "]))
    lines.append("Present: " + separator.join(written))
    if apologies:
        lines.append("Apologies: " + " and ".join(apologies))
    if draw(st.booleans()):
        lines.append(f"Guests: {draw(name)} – {draw(sentence(''))}")
    lines.append("")
    for _ in range(draw(st.integers(0, 3))):
        lines += ["", draw(st.lists(capital, min_size=1, max_size=4).map(" ".join))]
        for _ in range(draw(st.integers(1, 3))):
            lines.append(draw(st.one_of(sentence(), sentence().map(lambda s: "• " + s))))
    deadlines = st.sampled_from(["March", "By next meeting", "Ongoing", "13 Feb", "Complete"])
    row = st.tuples(sentence(), st.sampled_from(people), deadlines)
    rows = draw(st.lists(row, min_size=1, max_size=4))
    header = draw(st.sampled_from([("Agreed approach", "Person taking this on", "Deadline"),
                                   ("What was agreed", "Who", "By when"),
                                   ("Task", "Lead", "Due")]))  # fmt: skip
    shape = draw(st.sampled_from(["tabs", "cells", "cells with blank lines", "no header"]))
    lines += ["", "Actions"]
    numbered = [(f"{n}. {text}", owner, due) for n, (text, owner, due) in enumerate(rows, 1)]
    if shape == "tabs":
        lines += ["\t".join(header), *("\t".join(row) for row in numbered)]
    elif shape == "no header":
        lines += ["\t".join(row) for row in numbered]
    else:
        gap = [""] if shape == "cells with blank lines" else []
        for cell in [*header, *(cell for row in numbered for cell in row)]:
            lines += [cell, *gap]
    lines += ["", "Next steps", draw(sentence())]
    if draw(st.booleans()):
        lines.append("Date of next meeting: Wednesday 27 April 2023")
    attendance = {person: "present" for person in present}
    attendance |= {person: "apologies" for person in apologies}
    return "\n".join(lines) + "\n", attendance, chair, rows


loose_notes = meetings().map(lambda meeting: meeting[0])


@given(text=loose_notes)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_words_of_the_source_are_the_words_placed(text):
    placements = read(text).placements
    assert words(text) == words(" ".join(p.text for p in placements))


@given(text=loose_notes)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_what_went_into_the_notes_is_in_the_notes(text):
    imported = read(text)
    kept = words(format_notes(imported.notes))
    for placement in imported.placements:
        if placement.went.startswith(("section", "action", "earlier action", "to check")):
            assert set(words(placement.text)) <= set(kept), placement


@given(meeting=meetings())
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_person_and_action_is_read_whatever_the_table_shape(meeting):
    text, attendance, chair, rows = meeting
    notes = read(text).notes
    assert {a.name: a.status for a in notes.attendees if a.status != "guest"} == attendance
    assert notes.chair is not None
    assert notes.chair.name == chair
    expected = [
        (number, action, owner, "" if due == "Complete" else due,
         "complete" if due == "Complete" else "open")
        for number, (action, owner, due) in enumerate(rows, start=1)
    ]  # fmt: skip
    read_back = [(a.number, a.text, a.owner, a.deadline, a.status) for a in notes.actions]
    assert read_back == expected


def test_each_line_of_the_demo_shape_is_placed_where_it_went():
    text = (
        "Allies Group\nMeeting notes: 1 March 2023\n\nMembers\n"
        "Present: Ann Bee (chair), Cat Dee\nApologies: Ed Fox\n\n"
        "Actions\nAgreed approach\tPerson taking this on\tDeadline\n"
        "1. Write the blog\tAnn\tMarch\n\n"
        "Actions from previous meetings\nRef\tAction\tWho\tStatus\nA\tSend it\tCat\tClosed\n\n"
        "Finance\nAll well.\nA stray line\n-\n"
    )
    went = {p.text: p.went for p in read(text).placements}
    assert went["Allies Group"] == "title"
    assert went["Meeting notes: 1 March 2023"] == "date"
    assert went["Members"] == "heading of the attendance"
    assert went["Present: Ann Bee (chair), Cat Dee"] == "present"
    assert went["Apologies: Ed Fox"] == "apologies"
    assert went["1. Write the blog Ann March"] == "action 1"
    assert went["A Send it Cat Closed"] == "earlier action A"
    assert went["All well."] == "section 'Finance'"
    assert went["-"] == "left out: page furniture"


def test_a_placement_says_whether_it_was_guessed():
    placements = read("Meeting notes: 1 March 2023\nA stray remark.\n").placements
    assert Placement(2, "A stray remark.", "to check", True) in placements
    assert Placement(1, "Meeting notes: 1 March 2023", "date", False) in placements


TEXT_SHAPES = ("word-saved-as-text", "pdftotext-weasyprint", "pypdf-weasyprint")


def test_every_word_of_legacy_text_files_is_placed_and_said_where():
    """Text saved from Word or taken out of PDFs: words in, words out, furniture included."""
    from tests import corpus  # builds PDFs; imported only for this test

    made = corpus.build(corpus.demo_meetings() + corpus.generated_meetings(3), TEXT_SHAPES)
    for shape in TEXT_SHAPES:
        for document in made[shape]:
            text = document.content.decode("utf-8-sig")
            imported = read(text, document.filename)
            placed = " ".join(p.text for p in imported.placements)
            assert words(placed) == words(text), (shape, document.meeting.name)
            assert all(p.went for p in imported.placements)
