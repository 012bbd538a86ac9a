"""The public notes as plain lines: what the review compares when notes are corrected."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notesfile.markup import PLACEHOLDERS
from notesfile.notes import AgreedAction, Attendee, Notes, Section
from publishing.redaction import redact
from publishing.render_text import notes_text
from publishing.review import DiffLine, around_changes, lines_diff
from tests import strategies


@given(strategies.marked_notes())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_secret_reaches_the_text_and_every_public_word_does(case):
    notes, markers = case
    text = notes_text(redact(notes))
    assert [marker for marker in markers.secret if marker in text] == []
    assert [marker for marker in markers.public if marker not in text] == []


def test_each_paragraph_item_and_action_is_a_line_of_its_own():
    notes = Notes(
        group="allies-group",
        date=datetime.date(2022, 1, 25),
        attendees=(Attendee("Graham Hart", "present", role="chair"), Attendee("Rob", "apologies")),
        sections=(
            Section("Funding", "Grant spent.\n\n- One [Nicc leaves]{.personal}\n- Two"),
            Section("Salaries", "Secret", sensitivity="financial"),
        ),
        actions=(AgreedAction(1, "Write the blog", "Lizzie", "March", "open"),),
    )
    assert notes_text(redact(notes)).splitlines() == [
        "Meeting notes: Tuesday 25 January 2022",
        "Present: Graham Hart (chair)",
        "Apologies: Rob",
        "Action 1: Write the blog · Lizzie · March",
        "## Funding",
        "Grant spent.",
        f"- One {PLACEHOLDERS['personal']}",
        "- Two",
        PLACEHOLDERS["financial"],
    ]


lines = st.lists(st.sampled_from(["", "Funding", "All well.", "Grant spent by March."]), max_size=8)


@given(lines, lines)
@settings(max_examples=200, deadline=None)
def test_a_diff_holds_both_texts_and_marks_only_words_that_changed(before, after):
    earlier, later = "\n".join(before), "\n".join(after)
    diff = lines_diff(earlier, later)
    assert [d.text for d in diff if d.kind != "added"] == earlier.splitlines()
    assert [d.text for d in diff if d.kind != "removed"] == later.splitlines()
    for line in diff:
        assert "".join(text for text, _ in line.stretches) == line.text
        assert line.kind != "same" or not any(changed for _, changed in line.stretches)
    shown = around_changes(diff)
    assert [d for d in shown if d.kind in ("added", "removed")] == [
        d for d in diff if d.kind in ("added", "removed")
    ]


def test_a_typo_is_one_changed_word_in_its_line():
    removed, added = lines_diff("The fudning is secure.", "The funding is secure.")
    assert [part for part in removed.stretches if part[1]] == [("fudning", True)]
    assert [part for part in added.stretches if part[1]] == [("funding", True)]
    assert around_changes(lines_diff("a\nb\nc\nd\ne", "a\nb\nc\nd\nE")) == [
        DiffLine("gap", "…"),
        *lines_diff("d\ne", "d\nE"),
    ]
