"""The meeting's date: from a line near the top, or else from the file's name."""

import datetime
import re

from notesfile.deadlines import MONTHS
from notesfile.format import NotesFormatError
from notesfile.reading.placements import Log

DATE_LABELS = {
    "meeting notes", "notes", "minutes", "date", "meeting date", "meeting", "notes of meeting",
    "notes of the meeting", "date of meeting", "date of the meeting",
}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
DATE = re.compile(
    rf"(?:(?P<weekday>{_WEEKDAY})\.?,?\s+)?(?:"
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\.?,?\s+(?P<year>\d{{4}})"
    rf"|(?P<month2>{_MONTH})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year2>\d{{4}})"
    r"|(?P<iso>\d{4}-\d{1,2}-\d{1,2})"
    r"|(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}|\d{2})"
    r"|(?<![\d.])(?P<dd>\d{1,2})\.(?P<dm>\d{1,2})\.(?P<dy>\d{4}|\d{2})(?![\d.]))\b",
    re.IGNORECASE,
)
_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_FILENAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def date_in(text: str, line: int, log: Log) -> datetime.date | None:
    """The date written in a line, if any; a date that cannot be is refused with its line."""
    match = DATE.search(text)
    if match is None:
        return None
    written = match.group(0)
    try:
        if match["iso"]:
            date = datetime.date.fromisoformat(
                "-".join(part.zfill(2) for part in match["iso"].split("-"))
            )
        elif match["d"] or match["dd"]:
            day, month, year = (match[k] or match["d" + k] for k in ("d", "m", "y"))
            date = datetime.date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
        else:
            month = MONTHS[(match["month"] or match["month2"]).casefold()]
            day = int(match["day"] or match["day2"])
            date = datetime.date(int(match["year"] or match["year2"]), month, day)
    except ValueError:
        raise log.error(f"{written!r} is not a real date", line, field="date") from None
    weekday = match["weekday"]
    if weekday and _WEEKDAYS.index(weekday[:3].casefold()) != date.weekday():
        log.guess(
            line,
            f"the notes say {weekday} but {date:%-d %B %Y} was a {date:%A}; "
            "kept the date as written",
        )
    return date


def date_from_filename(filename: str, log: Log) -> datetime.date:
    """The date in a file's name like 2022-01-25-notes.txt, or a plain error."""
    match = _FILENAME_DATE.search(filename)
    if match is None:
        raise NotesFormatError(
            "could not find the meeting's date: put a line like "
            "'Meeting notes: 25 January 2022' at the top, or the date in the file's name "
            "like 2022-01-25-notes.txt",
            field="date",
        )
    try:
        date = datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise NotesFormatError(
            f"{match.group(0)!r} in the file's name is not a real date", field="date"
        ) from None
    log.guesses.append((0, f"took the meeting's date, {date:%-d %B %Y}, from the file name"))
    return date
