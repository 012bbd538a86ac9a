"""The one redaction point: pure, with nothing sensitive left in what it returns."""

import dataclasses
import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notesfile.markup import Marked, MarkupError, Text, to_text
from notesfile.notes import ActionReference, AgreedAction, Attendee, CarriedAction, Notes, Section
from publishing.redaction import (
    LeftOut,
    PublicAction,
    PublicNotes,
    carried_left_out,
    letter,
    redact,
)
from tests import strategies

DAY = datetime.date(2022, 1, 25)


def test_a_marked_passage_is_replaced_by_a_fixed_placeholder():
    short = redact(Notes("g", DAY, sections=(Section("News", "We [x]{.personal} agreed."),)))
    long = redact(
        Notes("g", DAY, sections=(Section("News", "We [a much longer secret]{.personal} agreed."),))
    )
    assert short.sections == long.sections
    assert to_text(short.sections[0].blocks) == "We Left out: personal information agreed."


def test_a_sensitive_section_leaves_only_its_placeholder_where_it_was():
    notes = Notes(
        "g",
        DAY,
        sections=(
            Section("Before", "Public words"),
            Section("Lizzie's news", "She is leaving", sensitivity="personal"),
            Section("After", "More public words"),
        ),
    )
    public = redact(notes)
    assert [s.heading_text for s in public.sections] == [
        "Before",
        "Left out: personal information",
        "After",
    ]
    assert "Lizzie" not in repr(public)
    assert "leaving" not in repr(public)


def test_a_sensitive_action_keeps_its_number_and_nothing_else():
    notes = Notes(
        "g",
        DAY,
        actions=(
            AgreedAction(1, "Share the blog", "Lizzie", "March"),
            AgreedAction(2, "Pay the invoice of £400", "Nicc", "Friday", sensitivity="financial"),
        ),
    )
    second = redact(notes).actions[1]
    assert (second.label, second.text, second.owner, second.deadline) == ("2", (), (), ())
    assert second.placeholder == "Left out: financial information"
    assert "£400" not in repr(redact(notes))


def test_deadlines_show_a_closing_status_the_way_the_group_writes_it():
    notes = Notes(
        "g",
        DAY,
        actions=(
            AgreedAction(1, "Blog", "Lizzie", "25 Jan", status="complete"),
            AgreedAction(2, "Connect", "Sarah", "", status="complete"),
            AgreedAction(3, "Advocate", "Sarah", "March", status="open"),
        ),
    )
    shown = [to_text(action.deadline_shown) for action in redact(notes).actions]
    assert shown == ["25 Jan – complete", "Complete", "March"]


def test_attendance_is_split_and_roles_labelled():
    notes = Notes(
        "g",
        DAY,
        attendees=(
            Attendee("Graham Hart", "present", role="chair"),
            Attendee("Lizzie Cain", "present", takes_notes=True),
            Attendee("Jo Guest", "guest", introduction="Jo works on [x]{.personal}."),
            Attendee("Rob Horne", "apologies"),
        ),
    )
    public = redact(notes)
    assert [p.label for p in public.present] == ["Graham Hart (chair)", "Lizzie Cain (notes)"]
    assert public.apologies == ("Rob Horne",)
    assert to_text(public.guests[0].introduction).endswith("Left out: personal information.")


def test_actions_from_previous_meetings_are_lettered():
    assert [letter(i) for i in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]


def test_public_notes_refuse_a_marked_passage():
    public = redact(Notes("g", DAY, place="Room 1"))
    with pytest.raises(ValueError, match="marked passage"):
        dataclasses.replace(public, place=(Marked("personal", (Text("secret"),)),))


def test_a_mistyped_mark_stops_redaction_rather_than_publishing_the_text():
    with pytest.raises(MarkupError, match="not understood"):
        redact(Notes("g", DAY, sections=(Section("News", "We [x] {.personal} agreed."),)))


def test_public_notes_visit_every_field_that_can_hold_markup():
    # A new field holding markup that nodes() forgets would escape the check
    # in PublicNotes.__post_init__; this list makes adding one a conscious act.
    plain = {"group", "group_name", "date", "start", "end", "online", "apologies", "absent",
             "previous_notes_agreed"}  # fmt: skip
    markup = {"place", "conflicts", "present", "guests", "actions", "carried", "sections"}
    markup |= {"next_meetings"}
    assert {f.name for f in dataclasses.fields(PublicNotes)} == plain | markup


@given(strategies.marked_notes())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_secret_marker_survives_and_every_public_one_does(case):
    notes, markers = case
    public = redact(notes)
    everything = repr(public)
    leaked = [marker for marker in markers.secret if marker in everything]
    assert leaked == []
    words = public.text()
    missing = [marker for marker in markers.public if marker not in words]
    assert missing == []


# Earlier actions: shown only through published notes.
EARLIER = ActionReference(datetime.date(2021, 6, 23), 3)


def published_row(**changes) -> PublicAction:
    """Action 3 as the published notes of 23 June 2021 show it."""
    seen = redact(Notes("g", EARLIER.agreed_on, actions=(
        AgreedAction(3, "Write the *blog*", "Lizzie", "July 2021"),
    ))).actions[0]  # fmt: skip
    return dataclasses.replace(seen, **changes)


def carried(*rows: CarriedAction, published=None) -> tuple:
    return redact(Notes("g", DAY, carried=rows), published).carried


def test_a_row_as_agreed_shows_the_published_wording_and_where_it_came_from():
    (row,) = carried(
        CarriedAction(EARLIER, status="complete", note="Out in August"),
        published={EARLIER: published_row()},
    )
    assert (row.label, to_text(row.text), to_text(row.owner), to_text(row.deadline)) == (
        "A", "Write the blog", "Lizzie", "July 2021",
    )  # fmt: skip
    assert (row.status, to_text(row.note)) == ("complete", "Out in August")
    assert row.origin == "23 Jun 2021, action 3"


def test_a_row_whose_notes_are_not_published_is_left_out_unless_it_has_words_of_its_own():
    rows = (
        CarriedAction(EARLIER, status="complete", note="Out in August"),
        CarriedAction(ActionReference(EARLIER.agreed_on, 4),
                      text="Book a [room at home]{.personal}", status="open", label="7"),
    )  # fmt: skip
    shown = carried(*rows)
    assert [(row.label, to_text(row.text), row.origin) for row in shown] == [
        ("7", "Book a Left out: personal information", ""),
    ]
    # Only the words of its own: nothing falls back on what is not published.
    assert (shown[0].owner, shown[0].deadline) == ((), ())
    assert carried_left_out(Notes("g", DAY, carried=rows), {}) == [
        "1 carried action comes from the notes of 23 June 2021, not yet published: "
        "it will be left out."
    ]
    two = (rows[0], dataclasses.replace(rows[0], reference=ActionReference(EARLIER.agreed_on, 5)))
    assert carried_left_out(Notes("g", DAY, carried=two), {}) == [
        "2 carried actions come from the notes of 23 June 2021, not yet published: "
        "they will be left out."
    ]


def test_a_row_of_an_action_redacted_where_it_was_published_stays_redacted():
    redacted = published_row(text=(), owner=(), deadline=(), status="", redacted="personal")
    (row,) = carried(CarriedAction(EARLIER, status="complete", note="Done, privately"),
                     published={EARLIER: redacted})  # fmt: skip
    assert (row.redacted, row.text, row.note, row.origin) == (
        "personal", (), (), "23 Jun 2021, action 3",
    )  # fmt: skip


def test_a_sensitive_row_is_a_placeholder_and_own_words_take_the_place_of_the_agreed_ones():
    published = {EARLIER: published_row()}
    sensitive, own = carried(
        CarriedAction(EARLIER, status="open", note="A private matter", sensitivity="financial"),
        CarriedAction(EARLIER, text="Blog, in our words", deadline="May", status="ongoing"),
        published=published,
    )
    assert (sensitive.label, sensitive.redacted, sensitive.note) == ("A", "financial", ())
    assert "private" not in repr(sensitive)
    assert (to_text(own.text), to_text(own.owner), to_text(own.deadline)) == (
        "Blog, in our words", "Lizzie", "May",
    )  # fmt: skip


def test_without_what_was_published_only_rows_in_their_own_words_are_shown():
    rows = (CarriedAction(EARLIER, status="open"), CarriedAction(None, text="An old action"))
    assert [to_text(row.text) for row in redact(Notes("g", DAY, carried=rows)).carried] == [
        "An old action"
    ]


def test_neighbouring_marked_passages_stay_two_placeholders_with_a_space():
    notes = Notes(
        "g",
        datetime.date(2022, 1, 25),
        sections=(
            Section("News", "We [a]{.personal}[b]{.financial} and *[c]{.personal}*[d]{.personal}."),
        ),
    )
    text = to_text(redact(notes).sections[0].blocks)
    assert text == (
        "We Left out: personal information Left out: financial information and "
        "Left out: personal information Left out: personal information."
    )


@pytest.mark.parametrize(
    ("sections", "actions", "passages", "kinds", "expected"),
    [
        (1, 0, 2, ("financial", "personal"),
         "1 section and 2 passages were left out: financial and personal information"),
        (0, 0, 1, ("personal",), "1 passage was left out: personal information"),
        (2, 1, 0, ("financial", "personal", "confidential"),
         "2 sections and 1 action were left out: financial, personal and confidential information"),
        (0, 3, 0, ("confidential",), "3 actions were left out: confidential information"),
        (0, 0, 0, (), ""),
    ],
)  # fmt: skip
def test_the_summary_counts_and_names_what_was_left_out(
    sections, actions, passages, kinds, expected
):
    assert LeftOut(sections, actions, passages, kinds).summary == expected


def test_the_public_notes_count_what_they_leave_out():
    notes = Notes(
        "g",
        datetime.date(2022, 1, 25),
        sections=(
            Section("Money", "£40k", sensitivity="financial", withheld_why="until the contract"),
            Section("News", 'Lizzie [is leaving]{.personal} and [x]{.personal why="family"}.'),
        ),
        actions=(AgreedAction(1, "Pay", sensitivity="confidential"),),
    )
    public = redact(notes)
    assert public.left_out == LeftOut(1, 1, 2, ("financial", "personal", "confidential"))
    assert public.sections[0].placeholder == "Left out: financial information (until the contract)"
    assert "Left out: personal information (family)" in to_text(public.sections[1].blocks)


@given(
    passage=st.text(min_size=0, max_size=400).filter(lambda t: "]" not in t and "[" not in t),
    kind=st.sampled_from(["financial", "personal", "confidential"]),
)
@settings(max_examples=40, deadline=None)
def test_a_placeholder_is_fixed_text_whatever_it_replaces(passage, kind):
    notes = Notes(
        "g",
        datetime.date(2022, 1, 25),
        sections=(Section("S", f"x [{passage.strip() or 'p'}]{{.{kind}}} y"),),
    )
    try:
        blocks = redact(notes).sections[0].blocks
    except MarkupError:
        return  # text that is not a valid mark is refused, not published
    assert to_text(blocks) == f"x Left out: {kind} information y"
