"""Benchmark the sensitivity check: precision and recall per kind, the demo's flags, its speed.

Run with `.venv/bin/python bench/sensitivity.py` (or `make bench`). It prints

- precision and recall for personal and for financial information on the
  generated passages with known answers (tests/sensitive_passages.py), and on
  the held-out passages the check was never tuned on;
- every flag the check raises on the two demo meetings, which the group
  published as they are, so each one is a false alarm;
- how long one check of a whole meeting takes (it runs after saves in the editor).
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from notesfile.format import parse_notes  # noqa: E402
from notesfile.sensitivity import check  # noqa: E402
from tests.sensitive_passages import generated, held_out, misses, scores  # noqa: E402


def report(title: str, passages: list) -> None:
    print(f"\n{title} ({len(passages)} passages)")
    for kind, score in scores(passages).items():
        print(
            f"  {kind:<10} precision {score.precision:.3f}  recall {score.recall:.3f}  "
            f"({score.true_positives} found, {score.false_positives} false alarms, "
            f"{score.false_negatives} missed)"
        )
    for text, passage, found in dict.fromkeys((t, p, frozenset(f)) for t, p, f in misses(passages)):
        expected = ", ".join(sorted(passage.kinds)) or "nothing"
        print(f"    holds {expected}, flagged {', '.join(sorted(found)) or 'nothing'}: {text}")


def demo() -> None:
    group = yaml.safe_load((ROOT / "demo" / "group.yaml").read_text(encoding="utf-8"))
    people = [m["full_name"] for m in group["members"]]
    people += [m["short_name"] for m in group["members"] if m.get("short_name")]
    total = 0
    print("\nThe demo meetings (published as they are: every flag is a false alarm)")
    for name in group["notes"]:
        notes = parse_notes((ROOT / "demo" / name).read_text(encoding="utf-8"))
        flags = check(notes, people)
        times = []
        for _ in range(20):
            start = time.perf_counter()
            check(notes, people)
            times.append((time.perf_counter() - start) * 1000)
        total += len(flags)
        print(f"  {notes.date}: {len(flags)} flags, one check {statistics.median(times):.1f} ms")
        for flag in flags:
            print(f"    {flag.kind} in {flag.where}: {flag.why}")
    print(f"  {total} flags on the two demo meetings (the goal: at most 3)")


if __name__ == "__main__":
    report("Generated passages with known answers", generated())
    report("Held-out passages, never tuned on", held_out())
    demo()
