"""How much of a meeting the import recovers, shape by shape, from a corpus of legacy notes.

Run: .venv/bin/python bench/import_recovery.py [made-up meetings per shape] [seed]
(or `make bench-import`). It writes the demo meetings and 50 made-up ones in
every shape of tests/corpus.py (Word, other header words, no header row,
Word's text export, PDFs by WeasyPrint and LibreOffice, pdftotext and pypdf
text of each), imports each file with the Django-free reader and prints, per
shape, the share of people, actions, earlier actions, headings and words
recovered, and the seconds the imports took. Then a few misses per shape.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import corpus

MISSES_SHOWN = 2  # of each field


def main(count: int, seed: int) -> None:
    meetings = corpus.demo_meetings() + corpus.generated_meetings(count, seed)
    start = time.perf_counter()
    documents = corpus.build(meetings)
    print(f"{len(meetings)} meetings (the demo's and {count} made up, seed {seed}); "
          f"files made in {time.perf_counter() - start:.0f} s\n")  # fmt: skip
    titles = ("shape", "files", *(f"{what} %" for what in corpus.FIELDS), "seconds")
    widths = (22, 6, 9, 10, 18, 11, 8, 8)
    print(
        "  ".join(
            f"{t:>{w}}" if i else f"{t:<{w}}"
            for i, (t, w) in enumerate(zip(titles, widths, strict=True))
        )
    )
    totals: dict[str, corpus.Recovery] = {}
    for shape in corpus.SHAPES:
        if shape not in documents:
            print(f"{shape:<22}  skipped: LibreOffice is not installed")
            continue
        total = corpus.Recovery()
        start = time.perf_counter()
        for document in documents[shape]:
            total.add(corpus.recovery(document))
        seconds = time.perf_counter() - start
        totals[shape] = total
        rates = [f"{total.rate(what):.1f}" for what in corpus.FIELDS]
        cells = (shape, str(len(documents[shape])), *rates, f"{seconds:.1f}")
        print(
            "  ".join(
                f"{c:>{w}}" if i else f"{c:<{w}}"
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )
        )
    print("\nA few misses per shape")
    for shape, total in totals.items():
        if total.misses:
            print(f"  {shape}")
        for what, misses in total.misses.items():
            for miss in list(dict.fromkeys(misses))[:MISSES_SHOWN]:
                print(f"    {what}: {miss[:200]}")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 50, int(sys.argv[2]) if len(sys.argv) > 2 else 12
    )
