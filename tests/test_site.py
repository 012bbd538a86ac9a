"""The public site made once: kept pages and files, served with one query, until what they show
changes; and served to everyone alike, without a session."""

import datetime
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import pytest
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from allies.models import Member, Membership
from meetings.models import Meeting
from publishing import site
from publishing.models import Publication, SiteFile, SiteRevision
from publishing.review import publication_withdraw
from publishing.services import publication_render
from tests.factories import MemberFactory, MembershipFactory
from tests.publishing import publish

NOTES = "/notes/allies-group/2022-01-25/"
PAGES = [
    "/notes/allies-group/",
    "/notes/allies-group/2022/",
    NOTES,
    "/notes/allies-group/2022-01-25/v1/",
    "/notes/allies-group/2022-01-25.pdf",
    "/notes/allies-group/2022-01-25/v1.docx",
    "/notes/allies-group/feed.xml",
    "/sitemap.xml",
    "/notes/groups-sitemap.xml",
    "/notes/allies-group/sitemap-1.xml",
]


@pytest.fixture
def rendered(demo):
    for publication in Publication.objects.all():
        publication_render(publication=publication)
    return demo


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_public_page_is_made_once_then_served_with_one_query(rendered, client):
    for path in PAGES:
        first = client.get(path)
        assert first.status_code == 200, path
        with CaptureQueriesContext(connection) as queries:
            again = client.get(path)
        assert len(queries.captured_queries) == 1, path
        assert body(again) == body(first), path
        assert again["Content-Type"] == first["Content-Type"], path
        assert again["Cache-Control"] == first["Cache-Control"], path


def test_a_kept_page_has_a_strong_etag_and_answers_304(rendered, client):
    for path in PAGES:
        etag = client.get(path)["ETag"]
        assert etag.startswith('"'), path
        assert etag == client.get(path)["ETag"], path
        with CaptureQueriesContext(connection) as queries:
            unchanged = client.get(path, headers={"if-none-match": etag})
        assert unchanged.status_code == 304, path
        assert body(unchanged) == b"", path
        assert "public" in unchanged["Cache-Control"], path
        assert "script-src" in unchanged["Content-Security-Policy"], path
        assert len(queries.captured_queries) == 1, path


def test_public_pages_carry_the_security_headers_and_no_nonce(rendered, client):
    for path in [*PAGES, "/notes/search/?q=funding"]:
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy, path
        assert "nonce" not in policy, path
        assert response["X-Frame-Options"] == "DENY", path
        assert "camera=()" in response["Permissions-Policy"], path
        assert response["X-Content-Type-Options"] == "nosniff", path


def test_a_logged_in_person_is_served_the_page_everyone_gets(demo, client):
    client.login(username="lizzie", password="notes-secretary-demo")
    client.get("/dashboard/")  # a session, with a CSRF cookie
    page = client.get(NOTES)  # made now, for her request
    html = page.content.decode()
    assert "Log out" not in html
    assert "csrfmiddlewaretoken" not in html
    assert "Lizzie Cain" in html  # she is in the notes; not as the one reading them
    assert not page.cookies
    assert "Cookie" not in page.get("Vary", "")
    client.logout()
    assert client.get(NOTES).content == page.content


def test_a_correction_changes_the_kept_pages_at_once(rendered, client):
    for path in PAGES:
        client.get(path)
    meeting = Meeting.objects.get(date="2022-01-25")
    meeting.agenda_items.filter(heading="Our USP").update(heading="Our unique selling point")
    publish(meeting, User.objects.get(username="lizzie"), "Spelt out USP in a heading.")
    assert "Our unique selling point" in client.get(NOTES).content.decode()
    old = client.get("/notes/allies-group/2022-01-25/v1/").content.decode()
    assert "You are reading version 1 of these notes" in old
    assert "Spelt out USP" in client.get("/notes/allies-group/feed.xml").content.decode()
    assert "(corrected)" in client.get("/notes/allies-group/").content.decode()
    pdf = client.get("/notes/allies-group/2022-01-25.pdf")
    assert pdf["ETag"] == f'"{meeting.publications.get(version=2).pdf_sha256}"'


def test_a_withdrawn_version_is_gone_from_the_kept_site_at_once(rendered, client):
    for path in PAGES:
        client.get(path)
    publication = Publication.objects.get(meeting__date="2022-01-25")
    lizzie = User.objects.get(username="lizzie")
    publication_withdraw(publication=publication, by=lizzie, reason="It named someone.")
    for path in (
        NOTES,
        "/notes/allies-group/2022-01-25.pdf",
        "/notes/allies-group/2022-01-25/v1.docx",
    ):
        assert client.get(path).status_code == 410, path
    for path in ("/notes/allies-group/", "/notes/allies-group/feed.xml"):
        assert "2022-01-25" not in client.get(path).content.decode(), path
    assert client.get("/notes/allies-group/2022/").status_code == 404


def test_a_file_made_while_the_site_changed_is_never_served(demo):
    """A request that read the site before a change, and keeps its page after, keeps it in vain."""
    address = f"http://testserver{NOTES}"
    revision, _ = site.find(address)
    site.changed("allies-group")  # a withdrawal, committed while the page was being made
    site.keep(address, revision, HttpResponse("the page as it was"))
    assert site.find(address) == (revision + 1, None)


@pytest.mark.parametrize(
    "change",
    ["group name", "about", "member name", "new member", "slug"],
)
def test_what_a_group_page_shows_changes_it_at_once(demo, client, change):
    group = demo
    client.get("/notes/allies-group/")
    if change == "group name":
        group.name = "Allies Circle"
        group.save()
        expected = "Allies Circle"
    elif change == "about":
        group.about = "We are the zanzibar group."
        group.save()
        expected = "zanzibar"
    elif change == "member name":
        member = Member.objects.get(full_name="Graham Hart")
        member.full_name = "Graham Zanzibar Hart"
        member.save()
        expected = "Graham Zanzibar Hart"
    elif change == "new member":
        MembershipFactory(group=group, member=MemberFactory(full_name="Newly Joined"))
        expected = "Newly Joined"
    else:
        group.slug = "allies"
        group.save()
        assert client.get("/notes/allies-group/").status_code == 404
        assert client.get(NOTES).status_code == 404
        assert client.get("/notes/allies/2022-01-25/").status_code == 200
        return
    assert expected in client.get("/notes/allies-group/").content.decode()


def test_the_group_page_is_made_again_the_next_day(demo, client):
    client.get("/notes/allies-group/")
    kept = SiteFile.objects.get(address="http://testserver/notes/allies-group/")
    tomorrow = datetime.datetime.combine(
        datetime.date.today() + datetime.timedelta(days=1), datetime.time()
    )
    assert kept.expires_at is not None
    assert abs(kept.expires_at.replace(tzinfo=None) - tomorrow) < datetime.timedelta(days=1)
    # A term that ended yesterday: the page made today no longer lists her.
    term = Membership.objects.get(member__full_name="Graham Hart")
    Membership.objects.filter(pk=term.pk).update(ended_on=datetime.date(2020, 1, 1))
    SiteFile.objects.update(expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert "Graham Hart" not in client.get("/notes/allies-group/").content.decode()


def test_a_new_release_makes_every_page_again(demo, client, monkeypatch):
    client.get(NOTES)
    monkeypatch.setattr(site, "build_id", lambda: "another release")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(NOTES).status_code == 200
    assert len(queries.captured_queries) > 1


def test_files_still_being_made_are_not_kept(demo, client):
    # The demo's publications have no files yet: the render task has not run.
    assert client.get("/notes/allies-group/2022-01-25.pdf").status_code == 503
    assert "still being made" in client.get(NOTES).content.decode()
    publication_render(publication=Publication.objects.get(meeting__date="2022-01-25"))
    assert client.get("/notes/allies-group/2022-01-25.pdf").status_code == 200
    assert "still being made" not in client.get(NOTES).content.decode()


def test_errors_and_searches_are_not_kept(demo, client):
    client.get("/notes/allies-group/2099-01-01/")
    client.get("/notes/no-such-group/")
    client.get("/notes/search/?q=funding")
    assert not SiteFile.objects.exists()


def test_public_pages_keep_to_wsgi_as_a_server_reads_it(rendered):
    """Headers and bodies as PEP 3333 has them (plain strings), whether made now or kept."""
    application = validator(get_wsgi_application())
    # As Django's test client does: the end of a request must not close the
    # connection that holds this test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    statuses: list[str] = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)
        return lambda data: None

    try:
        for path in [*PAGES, "/notes/search/"]:
            for _ in range(2):  # made, then kept
                environ = {"PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": ""}
                environ["HTTP_HOST"] = "testserver"
                setup_testing_defaults(environ)
                result = application(environ, start_response)
                b"".join(result)
                result.close()
                assert statuses[-1].startswith("200"), (path, statuses[-1])
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_addresses_that_are_no_page_leave_nothing_behind(demo, client):
    for n in range(5):
        assert client.get(f"/notes/no-group-{n}/2022-01-25/").status_code == 404
    assert not SiteRevision.objects.filter(scope__startswith="group:no-group").exists()
    assert not SiteFile.objects.exists()
