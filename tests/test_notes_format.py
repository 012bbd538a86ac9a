"""The notes format reads what it writes, and says clearly what it cannot read."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings

from notesfile.format import NotesFormatError, format_notes, parse_notes
from notesfile.notes import ActionReference, Notes
from tests import strategies

EXAMPLE = """---
group: allies-group
date: 2022-01-25
start: 14:00
end: "16:00"
place: Online
chair: Graham Hart
notes_by: Lizzie Cain
present: [Graham Hart, Lizzie Cain]
apologies: [Rob Horne]
guests:
  - name: Jo Bloggs
    introduction: Jo works on [a project]{.personal}.
next_meetings: [Wednesday 27 April 2022, TBC]
---
## Actions

| Number | Action | Owner | Deadline | Status |
|---|---|---|---|---|
| 1 | Share the blog \\| the quotes | Lizzie | 25 Jan | complete |
| 2 | Draft the framework | Co-ordinated by Nicc/Lizzie | March | |

## Actions from previous meetings

| Reference | Status | Note |
|---|---|---|
| 2021-06-23 #3 | In progress | Blog drafted |

## Funding {.financial presenter="Nicc"}

We have £40k.

## Updates {.update}

Lizzie said [she is leaving in July]{.personal}.

### A sub-heading

- one
- two
"""


def test_reads_every_part_of_the_example():
    notes = parse_notes(EXAMPLE)
    assert notes.date == datetime.date(2022, 1, 25)
    assert (notes.start, notes.end) == (datetime.time(14), datetime.time(16))
    assert notes.chair
    assert notes.chair.name == "Graham Hart"
    assert [(a.name, a.status, a.takes_notes) for a in notes.attendees] == [
        ("Graham Hart", "present", False),
        ("Lizzie Cain", "present", True),
        ("Jo Bloggs", "guest", False),
        ("Rob Horne", "apologies", False),
    ]
    assert notes.attending("guest")[0].introduction == "Jo works on [a project]{.personal}."
    assert [(s.heading, s.kind, s.sensitivity, s.presenter) for s in notes.sections] == [
        ("Funding", "discussion", "financial", "Nicc"),
        ("Updates", "update", "public", ""),
    ]
    assert notes.sections[1].body.startswith("Lizzie said [she is leaving in July]{.personal}.")
    assert [(a.number, a.text, a.owner, a.deadline, a.status) for a in notes.actions] == [
        (1, "Share the blog | the quotes", "Lizzie", "25 Jan", "complete"),
        (2, "Draft the framework", "Co-ordinated by Nicc/Lizzie", "March", "open"),
    ]
    assert notes.carried[0].reference == ActionReference(datetime.date(2021, 6, 23), 3)
    assert (notes.carried[0].status, notes.carried[0].note) == ("in_progress", "Blog drafted")
    assert notes.next_meetings == ("Wednesday 27 April 2022", "TBC")


@given(strategies.notes())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_format_then_parse_gives_back_the_same_notes(notes: Notes):
    assert parse_notes(format_notes(notes)) == notes


def test_the_demo_notes_are_in_their_own_normal_form():
    from django.conf import settings as django_settings

    for path in sorted((django_settings.BASE_DIR / "demo" / "notes").glob("*.md")):
        notes = parse_notes(path.read_text(encoding="utf-8"))
        assert parse_notes(format_notes(notes)) == notes


@pytest.mark.parametrize(
    ("text", "message", "line", "field"),
    [
        ("no front matter\n", "must start with YAML front matter", None, None),
        ("---\ndate: [2022\n---\n", "not valid YAML", 2, None),
        ("---\ngroup: g\ndate: 2022-02-30\n---\n", "not a date", None, "date"),
        ("---\ngroup: g\n---\n", "date is missing", None, "date"),
        ("---\ndate: 2022-01-25\n---\n", "no group", None, "group"),
        ("---\ngroup: g\ndate: 2022-01-25\nwhen: now\n---\n", "unknown field", None, "when"),
        ("---\ngroup: g\ndate: 2022-01-25\nstart: 25:99\n---\n", "not a time", None, "start"),
        (
            "---\ngroup: g\ndate: 2022-01-25\nchair: Ann\npresent: [Bob]\n---\n",
            "Ann is not listed as present",
            None,
            "chair",
        ),
        (
            "---\ngroup: g\ndate: 2022-01-25\npresent: [Ann]\napologies: [ann]\n---\n",
            "listed twice",
            None,
            "apologies",
        ),
        (
            "---\ngroup: g\ndate: 2022-01-25\n---\n## Actions\n\n| Number | Action |\n|---|---|\n"
            "| 1 | Do it |\n",
            "no Owner, Deadline column",
            7,
            None,
        ),
        (
            "---\ngroup: g\ndate: 2022-01-25\n---\n## Actions\n\n"
            "| Number | Action | Owner | Deadline | Status |\n|---|---|---|---|---|\n"
            "| one | Do it | All | March | open |\n",
            "'one' is not an action number",
            9,
            None,
        ),
        (
            "---\ngroup: g\ndate: 2022-01-25\n---\n## Actions\n\n"
            "| Number | Action | Owner | Deadline | Status |\n|---|---|---|---|---|\n"
            "| 1 | Do it | All | March | finished |\n",
            "unknown status 'finished'",
            9,
            None,
        ),
        (
            "---\ngroup: g\ndate: 2022-01-25\n---\n## Funding {.secret}\n",
            "unknown mark .secret on a heading",
            5,
            None,
        ),
        (
            "---\ngroup: g\ndate: 2022-01-25\n---\n## Updates\n\nSome [text]{.personl}.\n",
            "unknown mark .personl",
            7,
            None,
        ),
        (
            "---\ngroup: g\ndate: 2022-01-25\n---\n## Updates\n\nA\n\nSome [text] {.personal}.\n",
            "mark was not understood",
            9,
            None,
        ),
        (
            "---\ngroup: g\ndate: 2022-01-25\n---\nStray text\n## Updates\n",
            "text before the first section",
            5,
            None,
        ),
        (
            "---\ngroup: g\ndate: 2022-01-25\n---\n## Previous\n\n### Fine\n\n#### Also fine\n"
            "## Actions from previous meetings\n\n| Reference | Status |\n|---|---|\n"
            "| June #3 | open |\n",
            "not an action reference",
            14,
            None,
        ),
    ],
)
def test_bad_notes_are_refused_with_the_line_or_field(text, message, line, field):
    with pytest.raises(NotesFormatError, match=message) as caught:
        parse_notes(text)
    assert (caught.value.line, caught.value.field) == (line, field)
