"""Deadlines as the notes write them, and the dates they mean.

The group writes deadlines loosely: "13 Feb", "March", "July/Aug 2021", "By next
meeting", "Ongoing". The text is always kept as written; this module works out
the date it means where that can be known, so overdue actions can be found.
"""

import calendar
import datetime
import re

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9

_TOKEN = re.compile(r"(\d+)(?:st|nd|rd|th)?|([a-z]+)")
_NEXT_MEETING = re.compile(r"\bnext\s+meeting\b", re.IGNORECASE)


def deadline_date(
    text: str, agreed_on: datetime.date, next_meeting: datetime.date | None = None
) -> datetime.date | None:
    """The last day a deadline written as `text` allows, or None where no date is meant.

    A day and month without a year ("13 Feb") is the first such day on or after
    the meeting; a month alone ("March") is the end of that month; of several
    months ("July/Aug 2021") the last counts; "next meeting" is the next
    meeting's date when it is known.
    """
    written = text.strip()
    if not written:
        return None
    try:
        return datetime.date.fromisoformat(written)
    except ValueError:
        pass
    if _NEXT_MEETING.search(written):
        return next_meeting
    tokens: list[int | str] = [
        int(digits) if digits else word for digits, word in _TOKEN.findall(written.lower())
    ]
    month_at = [i for i, token in enumerate(tokens) if isinstance(token, str) and token in MONTHS]
    if not month_at:
        return None
    last = month_at[-1]
    month = MONTHS[str(tokens[last])]
    year = next((t for t in tokens if isinstance(t, int) and 1900 <= t <= 2200), None)
    day = None
    for near in (last - 1, last + 1):
        token = tokens[near] if 0 <= near < len(tokens) else None
        if isinstance(token, int) and 1 <= token <= 31:
            day = token
            break
    if year is None:
        year = agreed_on.year
        if (month, day or 31) < (agreed_on.month, agreed_on.day):
            year += 1
    last_day = calendar.monthrange(year, month)[1]
    if day is None or day > last_day:
        return datetime.date(year, month, last_day)
    return datetime.date(year, month, day)


def next_meeting_date(lines: list[str], after: datetime.date) -> datetime.date | None:
    """The first date in a meeting's "next meetings" lines that falls after it."""
    for line in lines:
        found = deadline_date(line, after)
        if found and found > after and any(char.isdigit() for char in line):
            return found
    return None
