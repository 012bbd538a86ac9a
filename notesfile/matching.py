"""Which earlier action a row of a table of previous actions continues.

A notes file names the earlier actions it speaks of as it likes: by reference
("2021-06-23 #3"), by a letter and the action's words, or by the words alone,
copied with a typo mended or a full stop dropped. A row continues the action
its reference names; failing that, the one whose words are near-identical to
its own. Near-identical is a similarity ratio of the words, lower-cased and
stripped of punctuation and Markdown, of at least `SIMILAR`: enough to forgive
a changed word in a long sentence, not to confuse two actions that share a
phrase ("Lizzie to share the blog" is not "Lizzie to share the survey").
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from notesfile.notes import ActionReference, CarriedAction

SIMILAR = 0.9
_NOT_WORDS = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Candidate:
    """An earlier action a row might continue: where it was agreed, and its words."""

    reference: ActionReference
    text: str


def normalised(text: str) -> str:
    """The words of a text, lower-cased, with punctuation, Markdown and spacing ignored."""
    return " ".join(_NOT_WORDS.sub(" ", text.casefold()).split())


def similarity(one: str, other: str) -> float:
    """How alike two actions' words are, from 0 to 1."""
    return SequenceMatcher(None, normalised(one), normalised(other), autojunk=False).ratio()


def continued_action(row: CarriedAction, candidates: Iterable[Candidate]) -> ActionReference | None:
    """The earlier action the row continues, of the candidates; None where none matches.

    Its reference wins where a candidate has it; otherwise the candidate whose
    words are most alike, if near-identical (of two as alike, the later).
    """
    candidates = list(candidates)
    if row.reference is not None and any(c.reference == row.reference for c in candidates):
        return row.reference
    if not normalised(row.text):
        return None
    scored = [(similarity(row.text, c.text), c.reference) for c in candidates]
    best = max((pair for pair in scored if pair[0] >= SIMILAR), default=None)
    return best[1] if best else None
