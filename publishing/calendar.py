"""A group's upcoming meetings, as the public may know them, and as an iCalendar feed.

Two sources, and nothing else: meetings the secretary has created with a date
still to come (their date and times only: a meeting's place may be a joining
link, and its notes are not written yet), and the "next meetings" that the
group's latest published notes name, read from the publication exactly as
published. Notes that are not published say nothing here, since the feed is
public.

Each event's UID is made of the group and the day, so the meeting a calendar
learnt from the notes' "next meetings" is the same event once the secretary
creates it: a calendar that subscribes updates it instead of adding another.
"""

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from allies.models import Group
from meetings.models import Meeting
from notesfile.deadlines import next_meeting_date
from notesfile.markup import to_text
from publishing.models import Publication

PRODUCT_ID = "-//Allies Notes//Meetings//EN"
# A 24-hour time ("14:00", "14.00") or a 12-hour one ("2pm", "2.30 pm").
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?"
_RANGE = re.compile(rf"\b{_TIME}\s*(?:–|—|-|to|until)\s*{_TIME}(?![\d])", re.IGNORECASE)
_SINGLE = re.compile(rf"\b(?:at\s+)?{_TIME}(?![\d])", re.IGNORECASE)


@dataclass(frozen=True)
class UpcomingMeeting:
    """A meeting still to come, with only what the public may know of it."""

    group: str
    group_name: str
    date: datetime.date
    start: datetime.time | None = None
    end: datetime.time | None = None
    online: bool = False
    # The line of the published notes that named it, "" for a meeting created.
    written: str = ""
    # When what we know of it last changed: the meeting's last save, or the publication.
    changed_at: datetime.datetime | None = None

    @property
    def uid(self) -> str:
        """The same for a day's meeting of a group whichever source names it."""
        return f"meeting-{self.date.isoformat()}-{self.group}@allies-notes"

    @property
    def title(self) -> str:
        return f"{self.group_name} meeting"


def upcoming_meetings(group: Group, today: datetime.date | None = None) -> list[UpcomingMeeting]:
    """The group's meetings from today on, one per day, in date order."""
    today = today or timezone.localdate()
    found: dict[datetime.date, UpcomingMeeting] = {}
    for line in _named_by_latest_notes(group, today):
        found[line.date] = line
    for meeting in Meeting.objects.for_group(group).filter(date__gte=today):
        named = found.get(meeting.date)
        start, end = meeting.start_time, meeting.end_time
        if start is None and named is not None:
            start, end = named.start, named.end
        found[meeting.date] = UpcomingMeeting(
            group=group.slug,
            group_name=group.name,
            date=meeting.date,
            start=start,
            end=end,
            online=meeting.online,
            written=named.written if named else "",
            changed_at=meeting.updated_at,
        )
    return sorted(found.values(), key=lambda meeting: meeting.date)


def _named_by_latest_notes(group: Group, today: datetime.date) -> list[UpcomingMeeting]:
    latest = (
        Publication.objects.current()
        .filter(meeting__group=group)
        .order_by("-meeting__date")
        .only("document", "published_at", "meeting__date")
        .first()
    )
    if latest is None:
        return []
    notes = latest.public_notes()
    named = []
    for inlines in notes.next_meetings:
        line = " ".join(to_text(inlines).split())
        day = next_meeting_date([line], after=notes.date)
        if day is None or day < today:
            continue
        start, end = meeting_times(line)
        named.append(
            UpcomingMeeting(
                group=group.slug,
                group_name=group.name,
                date=day,
                start=start,
                end=end,
                written=line,
                changed_at=latest.published_at,
            )
        )
    return named


def meeting_times(line: str) -> tuple[datetime.time | None, datetime.time | None]:
    """The start and end a line gives, such as "14:00–16:00" or "2-4pm"; None where it gives none.

    A bare number is a time only beside "am" or "pm" or a range with one, so
    the day of the month is never taken for an hour.
    """
    found = _RANGE.search(line)
    if found:
        h1, m1, half1, h2, m2, half2 = found.groups()
        if m1 or m2 or half1 or half2:
            # "2-4pm": the first takes the second's half of the day where it has none.
            start = _time(h1, m1, half1 or (half2 if int(h1) <= int(h2) else None))
            end = _time(h2, m2, half2)
            if start and end and end > start:
                return start, end
    for single in _SINGLE.finditer(line):
        hour, minute, half = single.groups()
        if minute or half:
            start = _time(hour, minute, half)
            if start:
                return start, None
    return None, None


def _time(hour: str, minute: str | None, half: str | None) -> datetime.time | None:
    h, m = int(hour), int(minute or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.lower() == "pm" else 0)
    if h > 23 or m > 59:
        return None
    return datetime.time(h, m)


def calendar_ics(meetings: list[UpcomingMeeting], name: str, url: str) -> bytes:
    """Meetings in date order as an iCalendar file, in the group's time zone with its VTIMEZONE."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    for meeting in meetings:
        calendar.add_component(_event(meeting, zone, url))
    if meetings:
        # The zone's rules for the span of the meetings only, not 1970 to 2038.
        first, last = meetings[0].date, meetings[-1].date
        calendar.add_missing_timezones(
            first_date=first - datetime.timedelta(days=1),
            last_date=last + datetime.timedelta(days=366),
        )
    return calendar.to_ical()


def _event(meeting: UpcomingMeeting, zone: ZoneInfo, url: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", meeting.uid)
    event.add("summary", meeting.title)
    # DTSTAMP from the data, not the clock, so the file and its ETag stay the same.
    stamp = meeting.changed_at or datetime.datetime.combine(meeting.date, datetime.time(), zone)
    event.add("dtstamp", stamp.astimezone(datetime.UTC))
    event.add("last-modified", stamp.astimezone(datetime.UTC))
    if meeting.start is None:
        # A day with no known time is an all-day event.
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    else:
        start = datetime.datetime.combine(meeting.date, meeting.start, zone)
        end = (
            datetime.datetime.combine(meeting.date, meeting.end, zone)
            if meeting.end
            else start + datetime.timedelta(hours=2)
        )
        event.add("dtstart", start)
        event.add("dtend", end)
    if meeting.online:
        event.add("location", "Online")
    description = [f"A meeting of the {meeting.group_name}."]
    if meeting.written:
        description.append(f"The latest published notes give it as: {meeting.written}")
    description.append(f"Published notes: {url}")
    event.add("description", "\n".join(description))
    event.add("url", url)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event
