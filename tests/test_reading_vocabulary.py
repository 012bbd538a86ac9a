"""One vocabulary: the models' choices and the notes format take their words from it."""

import pytest

from actions.models import Status
from meetings.models import Attendance, Kind, Sensitivity
from notesfile import vocabulary
from notesfile.format import KINDS, SENSITIVITIES, STATUS_LABELS, STATUSES


@pytest.mark.parametrize(
    ("choices", "words"),
    [
        (Status, vocabulary.STATUSES),
        (Kind, vocabulary.KINDS),
        (Sensitivity, vocabulary.SENSITIVITIES),
        (Attendance.Status, vocabulary.ATTENDANCE),
    ],
)
def test_the_models_choices_are_the_vocabulary(choices, words):
    assert dict(choices.choices) == words


def test_the_notes_format_reads_every_status_label_and_writes_the_vocabulary_labels():
    assert STATUS_LABELS == vocabulary.STATUSES
    for status, label in vocabulary.STATUSES.items():
        assert STATUSES[label.casefold()] == status


def test_the_notes_format_marks_every_kind_and_every_withholding_sensitivity():
    assert {kind for kind in KINDS.values()} == set(vocabulary.KINDS)
    assert set(SENSITIVITIES) == set(vocabulary.SENSITIVITIES) - {"public"}
