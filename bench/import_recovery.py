"""How much of a meeting the import recovers, shape by shape, from a corpus of legacy notes.

Run: .venv/bin/python bench/import_recovery.py [--meetings 50] [--seed 12] [shape ...]
(or `make bench-import`). It writes the demo meetings and 50 made-up ones in
every shape of tests/corpus.py (Word, other header words, no header row,
Word's text export, PDFs by WeasyPrint and LibreOffice, the pdftotext and
pypdf text of each), imports each file with the Django-free reader and
prints, per shape, the share of people, actions, earlier actions, headings
and words recovered and the seconds the imports took; then a few misses of
each shape. Name shapes to measure only those.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import corpus

MISSES_SHOWN = 3  # of each field
COLUMNS = [("shape", 22), ("files", 6), *((f"{what} %", len(what) + 3) for what in corpus.FIELDS),
           ("import s", 8)]  # fmt: skip


def row(cells: list[str]) -> str:
    """Cells under the columns' titles: the shape to the left, the figures to the right."""
    return "  ".join(
        f"{cell:>{width}}" if index else f"{cell:<{width}}"
        for index, (cell, (_, width)) in enumerate(zip(cells, COLUMNS, strict=True))
    )


def measure(documents: list[corpus.Document]) -> tuple[corpus.Recovery, float]:
    """The recovery over all the files of a shape, each miss named by its meeting; and the time."""
    total = corpus.Recovery()
    start = time.perf_counter()
    for document in documents:
        found = corpus.recovery(document)
        for misses in found.misses.values():
            misses[:] = [f"{document.meeting.name}: {miss}" for miss in misses]
        total.add(found)
    return total, time.perf_counter() - start


def main(count: int, seed: int, shapes: list[str]) -> None:
    archive = corpus.Archive(corpus.demo_meetings() + corpus.generated_meetings(count, seed))
    start = time.perf_counter()
    made = {shape: archive.documents(shape) for shape in shapes}
    print(f"{len(archive.meetings)} meetings (the demo's and {count} made up, seed {seed}); "
          f"files made in {time.perf_counter() - start:.0f} s\n")  # fmt: skip
    print(row([title for title, _ in COLUMNS]))
    totals = {}
    for shape, documents in made.items():
        if documents is None:
            print(f"{shape:<22}  skipped: LibreOffice is not installed")
            continue
        total, seconds = measure(documents)
        totals[shape] = total
        rates = [f"{total.rate(what):.1f}" for what in corpus.FIELDS]
        print(row([shape, str(len(documents)), *rates, f"{seconds:.1f}"]))
    print("\nA few misses of each shape")
    for shape, total in totals.items():
        if total.misses:
            print(f"  {shape}")
        for what, misses in total.misses.items():
            # One from a demo meeting where there is one, then from made-up ones.
            demo = [miss for miss in misses if miss.startswith("demo")][:1]
            made_up = [miss for miss in misses if not miss.startswith("demo")]
            for miss in (demo + made_up)[:MISSES_SHOWN]:
                print(f"    {what}: {miss[:220]}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--meetings", type=int, default=50, help="made-up meetings per shape")
    parser.add_argument("--seed", type=int, default=12, help="Hypothesis's seed")
    parser.add_argument("shapes", nargs="*", metavar="shape",
                        help="the shapes to measure (all by default)")  # fmt: skip
    arguments = parser.parse_args()
    unknown = sorted(set(arguments.shapes) - set(corpus.SHAPES))
    if unknown:
        parser.error(f"no shape {', '.join(unknown)}; the shapes: {', '.join(corpus.SHAPES)}")
    main(arguments.meetings, arguments.seed, arguments.shapes or list(corpus.SHAPES))
