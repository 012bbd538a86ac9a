"""Deadlines as written, and the dates they mean: pure, no database."""

import datetime

import pytest

from actions.deadlines import deadline_date, next_meeting_date

JAN_25 = datetime.date(2022, 1, 25)
APRIL_27 = datetime.date(2022, 4, 27)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("13 Feb", datetime.date(2022, 2, 13)),
        ("25 Jan", datetime.date(2022, 1, 25)),
        ("25 Jan – complete", datetime.date(2022, 1, 25)),
        ("March", datetime.date(2022, 3, 31)),
        ("July/Aug 2021", datetime.date(2021, 8, 31)),
        ("July 2021", datetime.date(2021, 7, 31)),
        ("2022-02-04", datetime.date(2022, 2, 4)),
        ("By 4th February", datetime.date(2022, 2, 4)),
        ("January", datetime.date(2022, 1, 31)),
        ("10 Jan", datetime.date(2023, 1, 10)),
        ("December", datetime.date(2022, 12, 31)),
        ("By next meeting", APRIL_27),
        ("Next meeting", APRIL_27),
        ("Update at next meeting", APRIL_27),
        ("Ongoing", None),
        ("TBC", None),
        ("", None),
        ("Complete", None),
    ],
)
def test_deadline_dates(written, meant):
    assert deadline_date(written, JAN_25, next_meeting=APRIL_27) == meant


def test_next_meeting_without_a_known_date_means_no_date():
    assert deadline_date("By next meeting", JAN_25) is None


def test_next_meeting_date_reads_the_first_dated_line_after_the_meeting():
    lines = ["TBC", "Wednesday 27 April 2022, 14:00–16:00", "July 2022"]
    assert next_meeting_date(lines, after=JAN_25) == APRIL_27
    assert next_meeting_date(["TBC"], after=JAN_25) is None
