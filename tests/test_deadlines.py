"""Deadlines as written, and the dates they mean: pure, no database."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actions.models import Action
from meetings.models import EARLIEST_MEETING, LATEST_MEETING, Meeting
from notesfile.deadlines import deadline_date, next_meeting_date

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
        ("13/02", datetime.date(2022, 2, 13)),
        # Relative to the meeting, never to today.
        ("next week", datetime.date(2022, 2, 6)),  # the end of the week after the meeting's
        ("in two weeks", datetime.date(2022, 2, 8)),
        ("in a fortnight", datetime.date(2022, 2, 8)),
        ("in 3 days", datetime.date(2022, 1, 28)),
        ("tomorrow", datetime.date(2022, 1, 26)),
        ("Friday", datetime.date(2022, 1, 28)),
        ("next month", datetime.date(2022, 2, 28)),
        ("end of next month", datetime.date(2022, 2, 28)),
        ("end of the month", datetime.date(2022, 1, 31)),
        ("by the end of the year", datetime.date(2022, 12, 31)),
        ("next year", datetime.date(2023, 12, 31)),
        ("w/c 7 Feb", datetime.date(2022, 2, 13)),
        # British seasons: spring from March, summer from June, autumn from September.
        ("before the summer", datetime.date(2022, 5, 31)),
        ("summer", datetime.date(2022, 8, 31)),
        ("end of the summer", datetime.date(2022, 8, 31)),
        ("autumn", datetime.date(2022, 11, 30)),
        ("winter", datetime.date(2022, 2, 28)),  # the winter the meeting is in
        ("Spring 2021", datetime.date(2021, 5, 31)),
        ("before March", datetime.date(2022, 2, 28)),
        ("before 4 Feb", datetime.date(2022, 2, 3)),
        ("before the end of March", datetime.date(2022, 3, 31)),
        ("early April", datetime.date(2022, 4, 10)),
        ("mid-March", datetime.date(2022, 3, 20)),
        ("late Feb", datetime.date(2022, 2, 28)),
        # A date among other words: the date alone.
        ("13 Feb (tbc)", datetime.date(2022, 2, 13)),
        ("Thursday 4 March 2027 (online)", datetime.date(2027, 3, 4)),
        ("4th of March 2027 at the Old Hall", datetime.date(2027, 3, 4)),
        ("March 4th via Zoom", datetime.date(2022, 3, 4)),
        ("By next meeting", APRIL_27),
        ("Next meeting", APRIL_27),
        ("Update at next meeting", APRIL_27),
        # Kept as written, with no date.
        ("Ongoing", None),
        ("TBC", None),
        ("", None),
        ("Complete", None),
        ("As soon as possible", None),
        ("1", None),
        ("Q2", None),
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


def test_a_deadline_past_the_end_of_the_calendar_has_no_date():
    last = datetime.date(9999, 12, 31)
    for written in ("March", "next week", "in two weeks", "winter", "next year"):
        assert deadline_date(written, last) is None, written
    assert deadline_date("before 1 Jan", datetime.date(1, 1, 1)) is None


# Properties, over meetings of every year the app accepts.

meeting_days = st.dates(min_value=EARLIEST_MEETING, max_value=LATEST_MEETING)
MONTH_NAMES = ["January", "Feb", "March", "Apr", "May", "June", "July", "Aug", "Sept", "Oct",
               "November", "Dec"]  # fmt: skip
# Deadlines that look ahead from the meeting, with no year written.
PHRASES = ["next week", "next month", "end of next month", "end of the month",
           "before the summer", "summer", "autumn", "winter", "spring", "end of the year",
           "in a fortnight", "tomorrow", "Friday"]  # fmt: skip
ahead = st.one_of(
    st.sampled_from(MONTH_NAMES),
    st.builds("{} {}".format, st.integers(1, 28), st.sampled_from(MONTH_NAMES)),
    st.builds("in {} weeks".format, st.integers(1, 12)),
    st.builds("in {} days".format, st.integers(1, 90)),
    st.sampled_from(PHRASES),
)


@settings(max_examples=150, deadline=None)
@given(written=ahead, agreed_on=meeting_days)
def test_a_deadline_ahead_falls_within_a_year_of_the_meeting_that_agreed_it(written, agreed_on):
    meant = deadline_date(written, agreed_on)
    if agreed_on.year == LATEST_MEETING.year and meant is None:
        return  # "January" at the end of 2100 may fall past what the parser reads
    assert meant is not None, written
    assert agreed_on <= meant <= agreed_on + datetime.timedelta(days=366), (written, meant)


@settings(max_examples=60, deadline=None)
@given(weeks=st.integers(1, 20), agreed_on=meeting_days)
def test_in_n_weeks_is_counted_from_the_meeting_not_from_today(weeks, agreed_on):
    assert deadline_date(f"in {weeks} weeks", agreed_on) == agreed_on + datetime.timedelta(
        weeks=weeks
    )


@settings(max_examples=60, deadline=None)
@given(
    month=st.integers(1, 12),
    year=st.integers(EARLIEST_MEETING.year, LATEST_MEETING.year),
    agreed_on=meeting_days,
)
def test_a_month_with_its_year_is_the_end_of_that_month_whenever_it_was_agreed(
    month, year, agreed_on
):
    meant = deadline_date(f"{MONTH_NAMES[month - 1]} {year}", agreed_on)
    assert meant is not None
    assert (meant.year, meant.month) == (year, month)
    assert (meant + datetime.timedelta(days=1)).day == 1


@settings(max_examples=150, deadline=None)
@given(written=st.text(max_size=40), agreed_on=meeting_days)
def test_any_text_gives_a_date_or_none_and_is_kept_as_written(written, agreed_on):
    meant = deadline_date(written, agreed_on)
    assert meant is None or isinstance(meant, datetime.date)
    action = Action(meeting=Meeting(date=agreed_on), text="Something")
    action.set_deadline(written)
    assert action.deadline_text == written.strip()
    assert action.deadline == meant


def test_a_month_written_at_a_leap_day_meeting_is_that_month_not_the_next_leap_year():
    leap_day = datetime.date(2000, 2, 29)
    assert deadline_date("Feb", leap_day) == leap_day
    assert deadline_date("13 Feb", leap_day) == datetime.date(2001, 2, 13)
    assert deadline_date("Feb 29", datetime.date(2001, 1, 10)) == datetime.date(2004, 2, 29)
