"""The calendar of a group's upcoming meetings: what it names, how it is read, how it caches."""

import datetime

import icalendar
import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from publishing.calendar import meeting_times, upcoming_meetings
from tests.factories import GroupFactory, MeetingFactory
from tests.publishing import publish, secretary_of

TODAY = timezone.localdate()
SOON = TODAY + datetime.timedelta(days=20)
LATER = TODAY + datetime.timedelta(days=80)


def line_for(day: datetime.date, times: str = "") -> str:
    return f"{day:%A %-d %B %Y}{', ' + times if times else ''}"


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("Wednesday 27 April 2022, 14:00–16:00", "14:00", "16:00"),
        ("27 April 2022 2-4pm", "14:00", "16:00"),
        ("27 April 2022, 10am to 12pm", "10:00", "12:00"),
        ("27 April 2022 at 2.30pm", "14:30", None),
        ("27 April 2022, 11am-1pm", "11:00", "13:00"),
        ("27 April 2022", None, None),
        ("13-14 May 2022", None, None),
        ("TBC", None, None),
        ("27 April, 25:00-26:00", None, None),
    ],
)
def test_the_times_a_next_meeting_line_gives(line, start, end):
    def hhmm(value):
        return value.strftime("%H:%M") if value else None

    found = meeting_times(line)
    assert (hhmm(found[0]), hhmm(found[1])) == (start, end)


@given(
    start=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    minutes=st.integers(min_value=1, max_value=600),
    separator=st.sampled_from(["–", "-", " to ", " - "]),
)
@settings(max_examples=60, deadline=None)
def test_any_24_hour_range_is_read_back(start, minutes, separator):
    begun = datetime.datetime.combine(datetime.date(2030, 1, 1), start)
    end = (begun + datetime.timedelta(minutes=minutes)).time()
    if end <= start:
        return  # past midnight: not a meeting's range
    line = f"Tuesday 8 January 2030, {start:%H:%M}{separator}{end:%H:%M}"
    assert meeting_times(line) == (start, end)


@pytest.fixture
def group(db):
    return GroupFactory(name="Allies Group", slug="allies", organisation="")


def published_with_next_meetings(group, *lines: str):
    meeting = MeetingFactory(
        group=group, date=TODAY - datetime.timedelta(days=30), next_meetings="\n".join(lines)
    )
    return publish(meeting, secretary_of(group))


def test_upcoming_meetings_are_created_ones_and_those_the_latest_published_notes_name(group):
    published_with_next_meetings(group, line_for(SOON, "14:00–16:00"), "Summer: TBC")
    MeetingFactory(group=group, date=LATER, start_time=datetime.time(10), place="Room 4")
    MeetingFactory(group=group, date=TODAY - datetime.timedelta(days=2))  # past
    upcoming = upcoming_meetings(group)
    assert [(m.date, m.start, m.end) for m in upcoming] == [
        (SOON, datetime.time(14), datetime.time(16)),
        (LATER, datetime.time(10), None),
    ]
    assert upcoming[0].written.startswith(f"{SOON:%A}")


def test_unpublished_notes_name_no_meeting(group):
    # A draft's "next meetings" are not public; neither is a published meeting's later edit.
    publication = published_with_next_meetings(group, line_for(SOON))
    meeting = publication.meeting
    meeting.next_meetings = line_for(LATER)
    meeting.save()
    MeetingFactory(
        group=group, date=TODAY - datetime.timedelta(days=3), next_meetings=line_for(LATER)
    )
    assert [m.date for m in upcoming_meetings(group)] == [SOON]


def test_a_meeting_named_then_created_keeps_its_uid(group, client):
    published_with_next_meetings(group, line_for(SOON, "2-4pm"))
    before = icalendar.Calendar.from_ical(client.get("/notes/allies/meetings.ics").content)
    MeetingFactory(group=group, date=SOON)
    after = icalendar.Calendar.from_ical(client.get("/notes/allies/meetings.ics").content)
    uids = [[str(event["UID"]) for event in cal.walk("VEVENT")] for cal in (before, after)]
    assert uids[0] == uids[1] == [f"meeting-{SOON}-allies@allies-notes"]
    # The created meeting has no time of its own: the notes' time stands.
    start = after.walk("VEVENT")[0].start
    assert (start.hour, start.minute, str(start.tzinfo)) == (14, 0, "Europe/London")


def test_the_feed_is_icalendar_with_the_london_time_zone_and_all_day_events(group, client):
    MeetingFactory(group=group, date=SOON, start_time=datetime.time(14), end_time=datetime.time(16))
    MeetingFactory(group=group, date=LATER, online=True)
    response = client.get("/notes/allies/meetings.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "public" in response["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    timed, all_day = calendar.walk("VEVENT")
    assert timed.start == datetime.datetime.combine(
        SOON, datetime.time(14), tzinfo=timed.start.tzinfo
    )
    assert timed.end - timed.start == datetime.timedelta(hours=2)
    assert b"TZID=Europe/London" in response.content
    assert (all_day.start, all_day.end) == (LATER, LATER + datetime.timedelta(days=1))
    assert str(all_day["LOCATION"]) == "Online"
    assert str(timed["SUMMARY"]) == "Allies Group meeting"


def test_the_feed_says_nothing_of_a_meetings_place_or_notes(group, client):
    MeetingFactory(
        group=group, date=SOON, place="https://zoom.example/j/zsecretroom", conflicts="zsecconf"
    )
    content = client.get("/notes/allies/meetings.ics").content
    assert b"zsec" not in content


def test_the_feed_answers_not_modified_to_its_etag(group, client):
    MeetingFactory(group=group, date=SOON)
    first = client.get("/notes/allies/meetings.ics")
    again = client.get("/notes/allies/meetings.ics", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_one_meetings_calendar_file(group, client):
    MeetingFactory(group=group, date=SOON)
    response = client.get(f"/notes/allies/{SOON}.ics")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["UID"]) for event in events] == [f"meeting-{SOON}-allies@allies-notes"]
    assert client.get(f"/notes/allies/{LATER}.ics").status_code == 404


def test_an_unknown_groups_calendar_is_not_found(db, client):
    assert client.get("/notes/nobody/meetings.ics").status_code == 404
    assert client.get(f"/notes/nobody/{SOON}.ics").status_code == 404


def test_the_group_page_lists_the_next_meetings_and_links_the_calendar(group, client):
    MeetingFactory(group=group, date=SOON, start_time=datetime.time(18))
    page = client.get("/notes/allies/").content.decode()
    assert f'<time datetime="{SOON}">{SOON:%A} {SOON.day} {SOON:%B %Y}</time>, 18:00' in page
    assert 'href="/notes/allies/meetings.ics"' in page
    assert f'href="/notes/allies/{SOON}.ics"' in page


def test_a_coming_meetings_editor_page_offers_its_calendar_file(group, client):
    client.force_login(secretary_of(group))
    coming, past = MeetingFactory(group=group, date=SOON), MeetingFactory(group=group)
    assert (
        f'href="/notes/allies/{SOON}.ics"'
        in client.get(f"/meetings/{coming.pk}/edit/").content.decode()
    )
    assert ".ics" not in client.get(f"/meetings/{past.pk}/edit/").content.decode()


def test_a_secret_in_the_published_next_meetings_stays_out_of_the_calendar(group, client):
    published_with_next_meetings(group, f"{line_for(SOON)} [in Jo's flat, zsecflat]{{.personal}}")
    content = client.get("/notes/allies/meetings.ics").content.decode().replace("\r\n ", "")
    assert "zsecflat" not in content
    assert "Left out: personal information" in content
    assert f"DTSTART;VALUE=DATE:{SOON:%Y%m%d}" in content
