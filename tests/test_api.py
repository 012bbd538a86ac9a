"""The read-only JSON API: what the public pages show, from publications only, cached like them."""

import datetime

import pytest
from django.contrib.auth.models import User

from meetings.models import Meeting
from publishing.models import Publication
from publishing.review import publication_withdraw
from tests.factories import MeetingFactory, MemberFactory, MembershipFactory
from tests.publishing import publish

GROUP = "/api/groups/allies-group"


@pytest.fixture
def lizzie(demo) -> User:
    return User.objects.get(username="lizzie")


def test_groups_show_members_names_and_roles_only(demo, client):
    MembershipFactory(
        group=demo,
        member=MemberFactory(full_name="Zed Quiet", email="zed@example.org"),
        started_on=datetime.date(2020, 2, 2),
        ended_on=datetime.date(2099, 9, 9),
    )
    response = client.get("/api/groups")
    assert response.status_code == 200
    (group,) = response.json()
    assert group["slug"] == "allies-group"
    assert {"name": "Graham Hart", "role": "Chair"} in group["members"]
    assert {"name": "Zed Quiet", "role": "Member"} in group["members"]
    text = response.content.decode()
    for private in ("zed@example.org", "2099", "2020-02-02", "affiliation", "Inside the"):
        assert private not in text
    assert {tuple(member) for member in group["members"]} == {("name", "role")}
    assert group["calendar"] == "http://testserver/notes/allies-group/meetings.ics"
    assert client.get(GROUP).json() == group


def test_the_notes_list_is_the_archive_of_the_group_page(demo, client):
    MeetingFactory(group=demo, date=datetime.date(2023, 5, 5))  # a draft: not listed
    listed = client.get(f"{GROUP}/notes").json()
    assert listed["count"] == 2
    assert [item["date"] for item in listed["items"]] == ["2022-01-25", "2021-06-23"]
    first = listed["items"][0]
    assert first["page"] == "http://testserver/notes/allies-group/2022-01-25/"
    assert first["pdf"] == "http://testserver/notes/allies-group/2022-01-25.pdf"
    assert first["docx"] == "http://testserver/notes/allies-group/2022-01-25.docx"
    page = client.get("/notes/allies-group/").content.decode()
    for item in listed["items"]:
        assert item["page"].removeprefix("http://testserver") in page
    by_year = client.get(f"{GROUP}/notes", {"year": 2021, "limit": 1}).json()
    assert (by_year["count"], len(by_year["items"])) == (1, 1)
    assert client.get(f"{GROUP}/notes", {"offset": 1}).json()["items"][0]["date"] == "2021-06-23"


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"year": "last"}, "year"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"offset": -1}, "offset"),
    ],
)
def test_bad_query_parameters_answer_400_with_a_message(demo, client, query, named):
    response = client.get(f"{GROUP}/notes", query)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Bad parameters. ")
    assert named in response.json()["detail"]


def test_a_bad_date_answers_400(demo, client):
    response = client.get(f"{GROUP}/notes/2022-02-30")
    assert response.status_code == 400
    assert "day" in response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/groups/nobody",
        "/api/groups/nobody/notes",
        "/api/groups/nobody/meetings",
        "/api/groups/nobody/notes/2022-01-25",
        "/api/groups/allies-group/notes/2022-01-26",
        "/api/groups/allies-group/notes/2022-01-25/versions/9",
    ],
)
def test_what_does_not_exist_answers_404(demo, client, path):
    assert client.get(path).status_code == 404


def test_notes_are_what_the_page_shows_as_published(demo, client, lizzie):
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    meeting.agenda_items.update(body="An edit made after publishing")
    notes = client.get(f"{GROUP}/notes/2022-01-25").json()
    page = client.get("/notes/allies-group/2022-01-25/").content.decode()
    assert notes["html"] in page
    assert "An edit made after publishing" not in str(notes)
    assert notes["title"] == "Meeting notes: Tuesday 25 January 2022"
    assert any(person["name"] == "Graham Hart" for person in notes["present"])
    assert notes["next_meetings"] == ["Wednesday 27 April 2022, 14:00–16:00"]
    assert [v["version"] for v in notes["versions"]] == [1]
    assert notes["pdf"] == "http://testserver/notes/allies-group/2022-01-25/v1.pdf"


def test_versions_and_withdrawals_as_the_pages_give_them(demo, client, lizzie):
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    publish(meeting, lizzie, "Spelt out a heading.")
    notes = client.get(f"{GROUP}/notes/2022-01-25").json()
    assert notes["version"] == 2
    assert notes["correction_note"] == "Spelt out a heading."
    publication = Publication.objects.get(meeting=meeting, version=1)
    publication_withdraw(publication=publication, by=lizzie, reason="Leak", public_note="Gone.")
    first = client.get(f"{GROUP}/notes/2022-01-25/versions/1")
    assert first.status_code == 410
    versions = client.get(f"{GROUP}/notes/2022-01-25/versions/2").json()["versions"]
    assert versions[0] == {
        "version": 1,
        "published_on": versions[0]["published_on"],
        "correction_note": "",
        "withdrawn": True,
        "withdrawn_note": "Gone.",
        "page": None,
        "pdf": None,
        "docx": None,
    }
    publication_withdraw(
        publication=Publication.objects.get(meeting=meeting, version=2), by=lizzie, reason="Again"
    )
    assert client.get(f"{GROUP}/notes/2022-01-25").status_code == 410
    assert client.get(f"{GROUP}/notes").json()["count"] == 1


def test_upcoming_meetings_are_the_calendars(demo, client):
    soon = datetime.date.today() + datetime.timedelta(days=9)
    MeetingFactory(group=demo, date=soon, start_time=datetime.time(14), place="zsecret link")
    (meeting,) = client.get(f"{GROUP}/meetings").json()
    assert meeting["date"] == soon.isoformat()
    assert meeting["start"] == "14:00:00"
    assert meeting["uid"] == f"meeting-{soon}-allies-group@allies-notes"
    assert meeting["ics"] == f"http://testserver/notes/allies-group/{soon}.ics"
    assert "zsecret" not in str(meeting)


def test_answers_are_cached_like_the_public_pages(demo, client):
    response = client.get(f"{GROUP}/notes/2022-01-25")
    assert response["Cache-Control"] == "public, max-age=300"
    etag = response["ETag"]
    again = client.get(f"{GROUP}/notes/2022-01-25", headers={"If-None-Match": etag})
    assert again.status_code == 304
    version = client.get(f"{GROUP}/notes/2022-01-25/versions/1")
    assert version["Cache-Control"] == "public, max-age=86400"
    assert response.json() == version.json()


def test_the_openapi_description_names_every_endpoint(db, client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = set(response.json()["paths"])
    assert paths == {
        "/api/groups", "/api/groups/{slug}", "/api/groups/{slug}/notes",
        "/api/groups/{slug}/notes/{day}", "/api/groups/{slug}/notes/{day}/versions/{version}",
        "/api/groups/{slug}/meetings",
    }  # fmt: skip
    assert client.get("/api/docs").status_code == 200
