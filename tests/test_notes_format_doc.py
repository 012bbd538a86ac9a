"""docs/notes-format.md stays true: its example parses, and it names every field and mark."""

import re
from pathlib import Path

from django.conf import settings

from notesfile.format import FRONT_MATTER_FIELDS, KINDS, SENSITIVITIES, parse_notes

DOC = (Path(settings.BASE_DIR) / "docs" / "notes-format.md").read_text(encoding="utf-8")


def complete_example() -> str:
    after = DOC.split("## A complete example", 1)[1]
    match = re.search(r"^```markdown\n(.*?)^```$", after, re.MULTILINE | re.DOTALL)
    assert match, "the complete example is a ```markdown block"
    return match.group(1)


def test_the_complete_example_parses_with_every_part_of_the_format():
    notes = parse_notes(complete_example())
    assert notes.group == "allies-group"
    assert str(notes.date) == "2022-01-25"
    assert notes.online
    assert notes.chair
    assert notes.chair.name == "Graham Hart"
    assert {a.status for a in notes.attendees} == {"present", "apologies", "absent", "guest"}
    assert "{.personal}" in notes.attending("guest")[0].introduction
    kinds = {s.kind for s in notes.sections}
    assert kinds == {"update", "discussion", "spotlight", "next_steps", "aob"}
    assert [s.heading for s in notes.sections if s.sensitivity != "public"] == ["Funding"]
    assert any("]{.personal}" in s.body and s.sensitivity == "public" for s in notes.sections)
    assert any("### " in s.body for s in notes.sections)
    assert [s.heading for s in notes.sections if s.to_check] == ["Any other business"]
    assert notes.sections[0].presenter == "Nicc and Lizzie"
    assert [(a.number, a.status, a.sensitivity) for a in notes.actions] == [
        (1, "complete", "public"),
        (2, "open", "public"),
        (3, "in_progress", "public"),
        (4, "open", "financial"),
    ]
    assert [(c.label, str(c.reference or ""), c.text, c.status) for c in notes.carried] == [
        ("A", "2021-06-23 #3", "", "complete"),
        ("B", "2021-06-23 #5", "", "in_progress"),
        ("C", "", "Write to the Provost about the review", "dropped"),
    ]
    assert notes.carried[2].note == "Overtaken by the new strategy"
    assert len(notes.next_meetings) == 2


def test_the_doc_names_every_front_matter_field_and_every_mark():
    for name in FRONT_MATTER_FIELDS:
        assert f"`{name}`" in DOC, f"front matter field {name} is not documented"
    for mark in [*KINDS, *SENSITIVITIES, "check"]:
        assert f"`.{mark}`" in DOC, f"the mark .{mark} is not documented"
