"""Deadlines as the notes write them, and the dates they mean.

The group writes deadlines loosely: "13 Feb", "March", "July/Aug 2021", "in two
weeks", "end of next month", "before the summer", "By next meeting", "Ongoing".
The text is always kept as written; this module works out the last day it
allows, where that can be known, so overdue actions can be found. Every
deadline is read relative to the meeting that agreed it, never to the day it
is read: "next week" at a meeting of 25 January 2022 is 1 February 2022.

Dates themselves are read by dateparser; this module adds what it leaves
out: the seasons, "end of …", "early/mid/late …", "before …", several
deadlines in one ("July/Aug 2021") and the next meeting. Anything else is
honestly kept as written, with no date.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

import dateparser

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9

_NEXT_MEETING = re.compile(r"\bnext\s+meeting\b", re.IGNORECASE)
# Several deadlines in one ("July/Aug 2021", "25 Jan – complete"): the last counts.
_SEVERAL = re.compile(r"\s*(?:(?<=\D)/(?=\D)|,|;|&|–|—|\s-\s|\bor\b|\band\b)\s*", re.IGNORECASE)
_WEEK_OF = re.compile(r"\b(?:w/c|week commencing|week beginning|week of)\s+", re.IGNORECASE)
_LEAD = re.compile(r"^(?:(?:by|due|until|no later than|deadline:?|on|at)\s+)+", re.IGNORECASE)
_LEADING_WORDS = re.compile(
    r"^(?:(?:before|by|due|until|no later than|deadline:?|on|at)\s+)*", re.IGNORECASE
)
# "Before the end of March" is by the end of March; "before March" is by 28 February.
_BEFORE = re.compile(r"^before\s+(?!(?:the\s+)?end\b)", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
# A numeric date ("13/02", "13.2.22"); a bare number is no deadline.
_NUMERIC_DATE = re.compile(r"\d{1,2}[/.]\d{1,2}")
_THE = re.compile(r"\bthe\s+", re.IGNORECASE)
_MONTH_NAME = re.compile(rf"\b(?:{'|'.join(MONTHS)})\b")
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# A written date inside a longer line: "4 March 2027", "March 4th", "4th of March".
_DATE_IN_WORDS = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{_MONTH_NAMES})\.?"
    rf"|(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b)(?:,?\s+\d{{4}})?",
    re.IGNORECASE,
)

# British meteorological seasons: the month each starts in and how long it lasts.
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_SEASON = re.compile(
    rf"^(?P<edge>start of |beginning of |end of )?(?P<season>{'|'.join(SEASONS)})"
    r"(?: (?P<year>\d{4}))?$"
)
_CALENDAR = re.compile(r"^(?:end of )?(?:(?P<which>this|next) )?(?P<unit>week|month|year)$")
_PART_OF_MONTH = re.compile(
    rf"^(?P<part>early|beginning of|start of|mid|middle of|late|end of)[ -]"
    rf"(?P<month>{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?(?: (?P<year>\d{{4}}))?$"
)
# The last day of each third of a month: a deadline is the last day it allows.
_THIRDS = {"early": 10, "beginning of": 10, "start of": 10, "mid": 20, "middle of": 20}


@dataclass(frozen=True)
class Period:
    """The first and last day a written time can mean."""

    first: datetime.date
    last: datetime.date


def deadline_date(
    text: str, agreed_on: datetime.date, next_meeting: datetime.date | None = None
) -> datetime.date | None:
    """The last day a deadline written as `text` allows, or None where no date is meant.

    A day and month without a year ("13 Feb") is the first such day on or after
    the meeting; a month alone ("March") is the end of that month; of several
    ("July/Aug 2021") the last counts; "before" a time is the day before it
    starts; "next meeting" is the next meeting's date when it is known.
    """
    written = " ".join(text.split())
    if not written:
        return None
    try:
        return datetime.date.fromisoformat(written)
    except ValueError:
        pass
    if _NEXT_MEETING.search(written):
        return next_meeting
    written = _WEEK_OF.sub("week of ", written)
    year = _YEAR.search(written)
    days = [
        day
        for piece in _SEVERAL.split(written)
        if (day := _piece_date(piece, agreed_on, year[0] if year else None)) is not None
    ]
    if not days:
        # A date among other words ("4 March 2027 at the Old Hall (online)"): the date
        # alone, with what the line says before it ("before", "by").
        lead = match[0] if (match := _LEADING_WORDS.match(written)) else ""
        days = [
            day
            for found in _DATE_IN_WORDS.finditer(written)
            if (day := _piece_date(lead + found[0], agreed_on, year[0] if year else None))
            is not None
        ]
    return max(days, default=None)


def _piece_date(piece: str, agreed_on: datetime.date, year: str | None) -> datetime.date | None:
    """The last day one deadline allows: "13 Feb", "before the summer"."""
    piece = _LEAD.sub("", piece.strip())
    before = bool(_BEFORE.match(piece))
    piece = _THE.sub("", re.sub(r"^before\s+", "", piece, flags=re.IGNORECASE))
    piece = piece.lower().strip(" .")
    if not piece or not (re.search(r"[a-z]", piece) or _NUMERIC_DATE.search(piece)):
        return None
    if year and not _YEAR.search(piece) and _MONTH_NAME.search(piece):
        piece = f"{piece} {year}"
    try:
        period = _period(piece, agreed_on)
        if period and before:
            day = period.first - datetime.timedelta(days=1)
            if day < agreed_on and not _YEAR.search(piece):
                # Said in the summer, "before the summer" means next year's.
                day = period.first.replace(year=period.first.year + 1) - datetime.timedelta(days=1)
            return day
    except (ValueError, OverflowError):  # past the calendar's ends, from a meeting in 9999
        return None
    return period.last if period else None


def _period(piece: str, agreed_on: datetime.date) -> Period | None:
    """The days a written time covers, read relative to the meeting."""
    for reader in (_season, _calendar_unit, _part_of_month, _week_of):
        period = reader(piece, agreed_on)
        if period is not None:
            return period
    return _dateparser_period(piece, agreed_on)


def _season(piece: str, agreed_on: datetime.date) -> Period | None:
    match = _SEASON.match(piece)
    if not match:
        return None
    start_month = SEASONS[match["season"]]
    year = int(match["year"]) if match["year"] else agreed_on.year

    def season_of(year: int) -> Period:
        first = datetime.date(year, start_month, 1)
        end_month, end_year = (start_month + 2 - 1) % 12 + 1, year + (start_month + 2 > 12)
        return Period(first, _month_end(end_year, end_month))

    if match["year"]:
        period = season_of(year)
    else:  # the first not yet over: a January meeting is in the winter begun in December
        period = next(p for p in map(season_of, (year - 1, year, year + 1)) if p.last >= agreed_on)
    if match["edge"] == "end of ":
        return Period(period.last, period.last)
    if match["edge"]:
        return Period(period.first, period.first)
    return period


def _calendar_unit(piece: str, agreed_on: datetime.date) -> Period | None:
    match = _CALENDAR.match(piece)
    if not match:
        return None
    ahead = match["which"] == "next"
    if match["unit"] == "year":
        year = agreed_on.year + ahead
        return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if match["unit"] == "month":
        month_index = agreed_on.year * 12 + agreed_on.month - 1 + ahead
        year, month = divmod(month_index, 12)
        return Period(datetime.date(year, month + 1, 1), _month_end(year, month + 1))
    monday = agreed_on - datetime.timedelta(days=agreed_on.weekday() - 7 * ahead)
    return Period(monday, monday + datetime.timedelta(days=6))


def _part_of_month(piece: str, agreed_on: datetime.date) -> Period | None:
    match = _PART_OF_MONTH.match(piece)
    if not match:
        return None
    month = _dateparser_period(f"{match['month']} {match['year'] or ''}".strip(), agreed_on)
    if month is None:
        return None
    last = _THIRDS.get(match["part"])
    day = month.first.replace(day=last) if last else month.last
    return Period(day, day)


def _week_of(piece: str, agreed_on: datetime.date) -> Period | None:
    if not piece.startswith("week of "):
        return None
    start = _dateparser_period(piece.removeprefix("week of "), agreed_on)
    return Period(start.first, start.first + datetime.timedelta(days=6)) if start else None


def _dateparser_period(piece: str, agreed_on: datetime.date) -> Period | None:
    """What dateparser reads: a day ("13 Feb"), a month ("March"), or an offset ("in 2 weeks")."""
    last = _dateparser(piece, agreed_on, "last")
    if last is None:
        return None
    # Read again preferring the 1st: where the day moves, only a month was written.
    first = _dateparser(piece, agreed_on, "first")
    month_only = first is not None and first.day == 1 and first != last
    period = Period(last.replace(day=1) if month_only else last, last)
    if _YEAR.search(piece) or not (_MONTH_NAME.search(piece) or _NUMERIC_DATE.search(piece)):
        return period
    # A day or month written without a year is the first not over by the meeting.
    # dateparser takes "the future" to start the day after, so "25 Jan" at 25
    # January is next year's; and from a 29 February it looks years ahead for
    # another. Step back while the year before is not yet over.
    while (earlier := _year_before(period, month_only)) and earlier.last >= agreed_on:
        period = earlier
    return period


def _dateparser(piece: str, agreed_on: datetime.date, prefer: str) -> datetime.date | None:
    settings = {
        "RELATIVE_BASE": datetime.datetime.combine(agreed_on, datetime.time()),
        "PREFER_DATES_FROM": "future",
        "PREFER_DAY_OF_MONTH": prefer,
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    found = dateparser.parse(piece, languages=["en"], settings=settings)
    return found.date() if found else None


def _year_before(period: Period, month_only: bool) -> Period | None:
    """The same days a year earlier: a whole month stays a whole month (February's end)."""
    first, last = period.first, period.last
    try:
        if month_only:
            return Period(first.replace(year=first.year - 1), _month_end(last.year - 1, last.month))
        return Period(first.replace(year=first.year - 1), last.replace(year=last.year - 1))
    except ValueError:  # 29 February, or the calendar's start
        return None


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def next_meeting_date(lines: list[str], after: datetime.date) -> datetime.date | None:
    """The first date in a meeting's "next meetings" lines that falls after it."""
    for line in lines:
        found = deadline_date(line, after)
        if found and found > after and any(char.isdigit() for char in line):
            return found
    return None
