"""Which earlier action a row of previous actions continues: by reference, or by its words."""

import datetime

import pytest

from actions.models import Action
from meetings.services import meeting_create_from_notes
from notesfile.matching import SIMILAR, Candidate, continued_action, similarity
from notesfile.notes import ActionReference, CarriedAction, Notes
from tests.factories import ActionFactory, GroupFactory, MeetingFactory

JUNE = datetime.date(2021, 6, 23)
BLOG = "Allies to be asked if they would like to contribute to a blog about their role"
CANDIDATES = [
    Candidate(ActionReference(JUNE, 3), BLOG),
    Candidate(ActionReference(JUNE, 5), "Team to continue exploring governance options"),
    Candidate(ActionReference(JUNE, 6), "Lizzie to share the blog"),
]

# The same action as later notes copy it, and other actions that only look alike.
SAME = [
    "Allies to be asked if they would like to contribute to a blog about their role.",
    "allies to be asked if they would like to contribute to a **blog** about their role",
    "Allies to be asked whether they would like to contribute to a blog about their role",
    "Allies asked if they would like to contribute to a blog about their roles",
]
DIFFERENT = [
    ("Lizzie to share the survey", "Lizzie to share the blog"),
    ("Allies to be asked if they would like to join the panel", BLOG),
    ("Team to stop exploring governance options", "Team to continue exploring governance options"),
    ("Nicc to share the blog", "Lizzie to share the blog"),
]


@pytest.mark.parametrize("text", SAME)
def test_near_identical_words_match(text):
    assert similarity(text, BLOG) >= SIMILAR
    row = CarriedAction(None, text=text)
    assert continued_action(row, CANDIDATES) == ActionReference(JUNE, 3)


@pytest.mark.parametrize(("text", "other"), DIFFERENT)
def test_actions_that_only_share_words_do_not(text, other):
    assert similarity(text, other) < SIMILAR
    assert continued_action(CarriedAction(None, text=text), CANDIDATES) is None


def test_a_reference_wins_over_words_and_an_unknown_one_falls_back_on_them():
    named = CarriedAction(ActionReference(JUNE, 5), text=BLOG)
    assert continued_action(named, CANDIDATES) == ActionReference(JUNE, 5)
    unknown = CarriedAction(ActionReference(JUNE, 9), text=BLOG)
    assert continued_action(unknown, CANDIDATES) == ActionReference(JUNE, 3)
    assert continued_action(CarriedAction(ActionReference(JUNE, 9)), CANDIDATES) is None


def test_of_two_actions_worded_alike_the_later_is_continued():
    later = Candidate(ActionReference(datetime.date(2022, 1, 25), 1), BLOG)
    row = CarriedAction(None, text=BLOG)
    assert continued_action(row, [*CANDIDATES, later]) == later.reference


@pytest.mark.django_db
def test_an_import_links_rows_by_reference_then_by_words_and_keeps_the_rest_as_written():
    group = GroupFactory()
    june = MeetingFactory(group=group, date=JUNE)
    blog = ActionFactory(meeting=june, number=3, text=BLOG)
    governance = ActionFactory(meeting=june, number=5, text="Team to explore governance options")
    ActionFactory(meeting=MeetingFactory(date=JUNE), number=3, text=BLOG)  # another group's
    notes = Notes(
        group.slug,
        datetime.date(2022, 1, 25),
        carried=(
            CarriedAction(None, text=f"{BLOG}.", status="complete", label="A"),
            CarriedAction(ActionReference(JUNE, 5), status="in_progress", label="B"),
            CarriedAction(None, text=f"{BLOG}!", status="open", label="C"),  # already taken
            CarriedAction(None, text="Write to the Provost", status="open", label="D"),
        ),
    )
    meeting = meeting_create_from_notes(notes=notes, group=group).meeting
    rows = meeting.action_updates.order_by("position")
    assert [(row.label, row.action, row.text) for row in rows] == [
        ("A", blog, f"{BLOG}."),
        ("B", governance, ""),
        ("C", None, f"{BLOG}!"),
        ("D", None, "Write to the Provost"),
    ]
    assert Action.objects.get(pk=blog.pk).updates.get().status == "complete"
