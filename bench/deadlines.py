"""How long working out a deadline's date takes, for deadlines as the notes write them.

Run: .venv/bin/python bench/deadlines.py
Prints milliseconds per deadline: the first (dateparser loads its data once) and the rest.
"""

import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from notesfile.deadlines import deadline_date

WRITTEN = [
    "13 Feb", "March", "July/Aug 2021", "25 Jan – complete", "By next meeting", "Ongoing",
    "next week", "in two weeks", "end of next month", "before the summer", "early April",
    "w/c 7 Feb", "TBC", "", "2022-02-04", "By 4th February",
]  # fmt: skip
AGREED_ON = datetime.date(2022, 1, 25)

start = time.perf_counter()
deadline_date("March", AGREED_ON)
first = time.perf_counter() - start
rounds = 20
start = time.perf_counter()
for _ in range(rounds):
    for written in WRITTEN:
        deadline_date(written, AGREED_ON, datetime.date(2022, 4, 27))
each = (time.perf_counter() - start) / (rounds * len(WRITTEN))
print(f"first deadline (loads dateparser's data): {first * 1000:.0f} ms")
print(f"each deadline after it: {each * 1000:.2f} ms ({len(WRITTEN)} kinds, {rounds} rounds)")
