"""The import against a corpus of legacy notes: every person and every action, in every shape.

The demo meetings and made-up ones are written out as the group's earlier
notes were (tests/corpus.py): Word files in the old style, with other header
words and with none, Word's text export, PDFs by WeasyPrint and LibreOffice
and the text pdftotext and pypdf take out of them. Each is imported and
compared with the meeting it was made from. The bar is all of the people
(with attendance and role) and all of the actions (text, owner, deadline);
a failure lists what was missed and what was read instead.
"""

from collections import Counter
from dataclasses import replace

import pytest

from tests import corpus

MEETINGS = 10  # made-up meetings per shape, beside the demo ones
SHOWN = 3  # misses listed in a failure, for each file


@pytest.fixture(scope="session")
def archive() -> corpus.Archive:
    """The demo and made-up meetings; each shape's files are made once, when first asked for."""
    return corpus.Archive(corpus.demo_meetings() + corpus.generated_meetings(MEETINGS))


def files(archive: corpus.Archive, shape: str) -> list[corpus.Document]:
    documents = archive.documents(shape)
    if documents is None:
        pytest.skip("LibreOffice is not installed, so there are no PDFs made by it")
    return documents


@pytest.mark.parametrize("shape", corpus.SHAPES)
def test_every_person_and_action_is_read(shape: str, archive: corpus.Archive) -> None:
    documents = files(archive, shape)
    total = corpus.Recovery()
    missed = []
    for document in documents:
        recovery = corpus.recovery(document)
        total.add(recovery)
        misses = [
            m for what in ("refused", "people", "actions") for m in recovery.misses.get(what, [])
        ]
        missed += [f"{document.meeting.name}: {miss}" for miss in misses[:SHOWN]]
        if len(misses) > SHOWN:
            missed.append(f"{document.meeting.name}: … and {len(misses) - SHOWN} more")
    rates = ", ".join(f"{what} {total.rate(what):.0f} %" for what in corpus.FIELDS)
    shown = "\n  ".join(missed)
    assert (total.rate("people"), total.rate("actions")) == (100.0, 100.0), (
        f"{shape}: {len(documents)} files, {rates}; missed:\n  {shown}"
    )
    assert total.out_of["people"] > 0
    assert total.out_of["actions"] > 0


def test_the_corpus_is_the_same_for_the_same_seed() -> None:
    assert corpus.generated_meetings(3, seed=5) == corpus.generated_meetings(3, seed=5)
    assert corpus.generated_meetings(3, seed=5) != corpus.generated_meetings(3, seed=6)


def test_a_perfect_reading_scores_everything() -> None:
    """The comparison itself: the meeting against itself is whole, and a loss is seen."""
    meeting = corpus.generated_meetings(1)[0]
    whole = corpus.compare(meeting.notes, meeting.notes)
    assert all(whole.rate(what) == 100.0 for what in corpus.FIELDS), whole.misses
    first, *others = meeting.notes.attendees
    moved = replace(first, status="apologies", role="", takes_notes=False)
    partial = corpus.compare(replace(meeting.notes, attendees=(moved, *others[1:])), meeting.notes)
    assert partial.right["people"] == len(others) - 1
    assert partial.misses["people"][0].startswith(f"{first.name} (")


@pytest.mark.parametrize("shape", corpus.SHAPES)
def test_every_file_holds_every_word_of_its_meeting(shape: str, archive: corpus.Archive) -> None:
    """The corpus itself: no word of the meeting is missing from its files, so 100 % can be met."""
    for document in files(archive, shape):
        held = Counter(corpus.words(corpus.file_text(document)))
        missing = corpus.notes_words(document.meeting.notes) - held
        assert not missing, f"{document.meeting.name} as {shape} lacks {sorted(missing)}"
