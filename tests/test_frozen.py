"""A publication's public document is stored as JSON and read back exactly."""

import dataclasses
import datetime
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from notesfile.markup import Marked, Text
from notesfile.notes import ActionReference, AgreedAction, CarriedAction, Notes, Section
from publishing.frozen import Edition, freeze, thaw
from publishing.redaction import redact
from publishing.render_docx import notes_docx
from publishing.render_html import notes_html
from tests import strategies
from tests.leaks import docx_text

DAY = datetime.date(2022, 1, 25)


@given(strategies.marked_notes())
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_public_document_survives_json_unchanged(case):
    notes, _ = case
    public = redact(notes)
    stored = json.loads(json.dumps(freeze(public)))
    assert thaw(stored) == public


@given(strategies.notes())
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_times_attendance_and_every_kind_of_block_survive(notes):
    public = redact(notes)
    assert thaw(json.loads(json.dumps(freeze(public)))) == public


def test_dates_and_times_come_back_as_dates_and_times():
    public = redact(Notes("g", DAY, start=datetime.time(14), end=datetime.time(16, 30)))
    back = thaw(json.loads(json.dumps(freeze(public))))
    assert (back.date, back.start, back.end) == (DAY, datetime.time(14), datetime.time(16, 30))
    assert isinstance(back.sections, tuple)


def test_a_stored_document_holding_a_marked_passage_does_not_load():
    stored = freeze(redact(Notes("g", DAY, sections=(Section("News", "Public words"),))))
    paragraph = stored["notes"]["sections"][0]["blocks"][0]
    paragraph["children"] = [{"_": "Marked", "sensitivity": "personal", "children": []}]
    with pytest.raises(ValueError, match="Marked"):
        thaw(stored)


def test_freezing_refuses_a_marked_passage_and_unknown_values():
    public = redact(Notes("g", DAY))
    object.__setattr__(public, "place", (Marked("personal", (Text("secret"),)),))
    with pytest.raises(TypeError, match="Marked"):
        freeze(public)
    with pytest.raises(TypeError, match="datetime"):
        freeze(dataclasses.replace(redact(Notes("g", DAY)), date=datetime.datetime(2022, 1, 25)))


def test_unknown_formats_and_classes_are_refused():
    stored = freeze(redact(Notes("g", DAY)))
    with pytest.raises(ValueError, match="format"):
        thaw({**stored, "format": 99})
    with pytest.raises(ValueError, match="Notes"):
        thaw({"format": 1, "notes": {"_": "Notes", "group": "g"}})


def test_an_edition_states_its_version_and_date():
    assert Edition(2, DAY, "Fixed a date.").line == "Version 2, published 25 January 2022"


# A publication frozen before carried rows said where they came from (format 1),
# with the page and Word text it renders to: publications never change, so it
# must always read, and render as the fixtures say. The fixtures change only
# with the renderers' presentation (the boxed "Left out" placeholders and their
# summary; the Word file's first page with a header of its own), never with
# what a stored document holds.
FIXTURES = Path(__file__).parent / "fixtures"


def test_a_document_frozen_in_the_first_format_thaws_and_renders_as_it_did():
    stored = json.loads((FIXTURES / "publication-format-1.json").read_text(encoding="utf-8"))
    public = thaw(stored)
    html = notes_html(public)
    # Since then each agreed action's row has an id, for later notes to link to; nothing else.
    assert re.findall(r' id="action-(\d+)"', html) == ["1", "2", "3"]
    assert re.sub(r' id="action-\d+"', "", html) == (
        FIXTURES / "publication-format-1.html"
    ).read_text(encoding="utf-8")
    word = docx_text(notes_docx(public, Edition(1, datetime.date(2022, 1, 27))))
    assert word == (FIXTURES / "publication-format-1.docx.txt").read_text(encoding="utf-8")
    assert [row.label for row in public.carried] == ["A", "B", "C"]


def test_where_an_earlier_action_came_from_survives_json():
    agreed = ActionReference(DAY, 2)
    earlier = redact(Notes("g", DAY, actions=(AgreedAction(2, "Share quotes"),)))
    later = Notes("g", datetime.date(2022, 4, 27), carried=(CarriedAction(agreed, status="open"),))
    public = redact(later, {agreed: earlier.actions[0]})
    stored = json.loads(json.dumps(freeze(public)))
    assert stored["format"] == 2
    back = thaw(stored)
    assert back == public
    assert (back.carried[0].origin_date, back.carried[0].origin) == (DAY, "25 Jan 2022, action 2")
