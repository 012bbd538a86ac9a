"""The public website: what it shows, what it answers 404 to, and how it may be cached."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from allies.models import Group, Member
from meetings.models import Meeting
from publishing import views
from publishing.models import Publication
from publishing.services import publication_create, publication_render
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory
from tests.publishing import publish, secretary_of, sitemap_files

ATOM = "{http://www.w3.org/2005/Atom}"
NOTES = "/notes/allies-group/2022-01-25/"


@pytest.fixture
def site(demo) -> Group:
    """The demo group, its two meetings published with their files."""
    for publication in Publication.objects.all():
        publication_render(publication=publication)
    return demo


@pytest.fixture
def corrected(demo) -> Publication:
    """The 2022 notes published again, as version 2, after an edit."""
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    meeting.agenda_items.filter(heading="Our USP").update(heading="Our unique selling point")
    return publish(meeting, User.objects.get(username="lizzie"), "Spelt out USP in a heading.")


def test_the_home_page_links_each_group_to_its_public_page(demo, client):
    page = client.get("/").content.decode()
    assert 'href="/notes/allies-group/"' in page


def test_the_group_page_shows_about_members_and_the_archive_by_year(demo, client):
    response = client.get("/notes/allies-group/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "the only content we won’t publish" in page
    assert "Graham Hart" in page
    assert "Chair" in page
    assert "@" not in page.replace("coproduction@ucl.ac.uk", "")  # no member's email
    for member in Member.objects.all():
        assert member.email not in page
    assert page.index(">2022<") < page.index("Tuesday 25 January 2022") < page.index(">2021<")
    assert 'href="/notes/allies-group/2021-06-23/"' in page


def test_the_about_text_is_redacted_like_the_notes(demo, client):
    demo.about = "We meet often. [Jo is unwell]{.personal} Welcome!"
    demo.save()
    page = client.get("/notes/allies-group/").content.decode()
    assert "We meet often. <span" in page
    assert "Left out: personal information" in page
    assert "unwell" not in page
    demo.about = "A [mistyped] {.personal} mark."
    demo.save()
    response = client.get("/notes/allies-group/")
    assert response.status_code == 200
    assert "mistyped" not in response.content.decode()


def test_the_notes_page_renders_the_frozen_public_document(demo, client):
    response = client.get(NOTES)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Meeting notes: Tuesday 25 January 2022</h1>" in page
    assert 'href="/notes/allies-group/2022-01-25.pdf"' in page
    assert "<main" in page
    assert '<nav class="breadcrumbs no-print" aria-label="Breadcrumb">' in page
    assert "Versions of these notes" not in page  # one version only


@pytest.mark.parametrize(
    "path",
    [
        "/notes/allies-group/2022-01-26/",  # no meeting that day
        "/notes/allies-group/2022-02-30/",  # no such day
        "/notes/allies-group/2022-1-25/",
        "/notes/allies-group/25-01-2022/",
        "/notes/allies-group/yesterday/",
        "/notes/no-such-group/",
        "/notes/no-such-group/2022-01-25/",
        "/notes/no-such-group/feed.xml",
        "/notes/no-such-group/feed/",
        "/notes/no-such-group/2022/",
        "/notes/allies-group/2019/",  # no notes that year
        "/notes/no-such-group/sitemap-1.xml",
        "/notes/allies-group/sitemap-2.xml",
        "/notes/allies-group/sitemap-0.xml",
        "/notes/allies-group/2022-01-25/v2/",
        "/notes/allies-group/2022-01-25/v0/",
        "/notes/allies-group/2022-01-25/v2.pdf",
        "/notes/allies-group/2022-02-30.pdf",
        "/notes/allies-group/2022-01-26.docx",
        "/notes/allies-group/2022-01-25.txt",
    ],
)
def test_bad_addresses_answer_404(demo, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Traceback" not in response.content


@pytest.mark.parametrize("status", list(Meeting.Status))
def test_a_meeting_never_published_answers_404_whatever_its_status(demo, client, status):
    meeting = MeetingFactory(group=demo, date=datetime.date(2023, 3, 1), status=status)
    AgendaItemFactory(meeting=meeting, heading="Draft news")
    for suffix in ("/", ".pdf", ".docx", "/v1/"):
        assert client.get(f"/notes/allies-group/2023-03-01{suffix}").status_code == 404
    assert "2023-03-01" not in client.get("/notes/allies-group/").content.decode()
    assert "Draft news" not in client.get("/notes/allies-group/feed.xml").content.decode()


def test_a_correction_shows_its_note_and_links_to_the_earlier_version(corrected, client):
    page = client.get(NOTES).content.decode()
    assert "Our unique selling point" in page
    assert "Spelt out USP in a heading." in page
    assert 'href="/notes/allies-group/2022-01-25/v1/"' in page
    old = client.get("/notes/allies-group/2022-01-25/v1/").content.decode()
    assert "You are reading version 1 of these notes" in old
    assert "<h2>Our USP</h2>" in old
    assert "Our unique selling point" not in old
    assert 'href="/notes/allies-group/2022-01-25/v1.pdf"' in old
    assert '<meta name="robots" content="noindex">' in old


def test_downloads_have_their_type_name_and_checksum(site, client):
    publication = Publication.objects.get(meeting__date="2022-01-25")
    pdf = client.get("/notes/allies-group/2022-01-25.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'inline; filename="allies-group-notes-2022-01-25.pdf"'
    assert pdf["ETag"] == f'"{publication.pdf_sha256}"'
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    docx = client.get("/notes/allies-group/2022-01-25.docx")
    assert docx["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert docx["Content-Disposition"] == (
        'attachment; filename="allies-group-notes-2022-01-25.docx"'
    )
    assert docx["ETag"] == f'"{publication.docx_sha256}"'
    again = client.get("/notes/allies-group/2022-01-25.pdf", headers={"if-none-match": pdf["ETag"]})
    assert again.status_code == 304
    assert client.head("/notes/allies-group/2022-01-25.pdf").status_code == 200


def test_each_version_keeps_its_own_files(site, corrected, client):
    first = Publication.objects.get(meeting=corrected.meeting, version=1)
    old = client.get("/notes/allies-group/2022-01-25/v1.docx")
    assert old["ETag"] == f'"{first.docx_sha256}"'
    assert old["Content-Disposition"].endswith('filename="allies-group-notes-2022-01-25.docx"')
    latest = client.get("/notes/allies-group/2022-01-25.docx")
    assert latest["ETag"] == f'"{corrected.docx_sha256}"'
    assert latest["Content-Disposition"].endswith('"allies-group-notes-2022-01-25-v2.docx"')
    assert first.docx_sha256 != corrected.docx_sha256


def test_files_not_rendered_yet_answer_503_and_the_page_still_shows(demo, client):
    # The demo fixture publishes inside the test's transaction: the render task has not run.
    response = client.get("/notes/allies-group/2022-01-25.pdf")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "private, no-store"
    page = client.get(NOTES)
    assert page.status_code == 200
    assert "still being made" in page.content.decode()


PUBLIC = [
    "/notes/allies-group/",
    "/notes/allies-group/2022/",
    NOTES,
    "/notes/allies-group/2022-01-25/v1/",
    "/notes/allies-group/2022-01-25.pdf",
    "/notes/allies-group/2022-01-25.docx",
    "/notes/allies-group/feed.xml",
    "/notes/search/?q=funding",
    "/sitemap.xml",
    "/notes/groups-sitemap.xml",
    "/notes/allies-group/sitemap-1.xml",
]


def test_public_pages_are_the_same_for_everyone_and_cacheable_by_anyone(site, client):
    anonymous = {path: client.get(path) for path in PUBLIC}
    for path, response in anonymous.items():
        assert response.status_code == 200, path
        assert "public" in response["Cache-Control"], path
        # No session is read: the page cannot depend on who asks.
        assert "Cookie" not in response.get("Vary", ""), path
        assert not response.cookies, path
    # A numbered version can be withdrawn: shared caches keep it no longer than the latest.
    for path in ("/notes/allies-group/2022-01-25/v1/", "/notes/allies-group/2022-01-25/v1.pdf"):
        assert client.get(path)["Cache-Control"] == "public, max-age=300", path
    client.force_login(User.objects.get(username="lizzie"))
    for path in PUBLIC:
        response = client.get(path)
        assert response["Cache-Control"] == anonymous[path]["Cache-Control"], path
        assert not response.cookies, path
        if not response.streaming:
            assert response.content == anonymous[path].content, path
    # The front page is not: it takes a logged-in person to their dashboard.
    front = client.get("/")
    assert front.status_code == 302
    assert front["Cache-Control"] == "private, no-store"


def test_pages_behind_a_login_and_errors_are_never_stored(demo, client):
    for path in ("/accounts/login/", "/admin/", "/notes/allies-group/2022-01-26/"):
        assert client.get(path)["Cache-Control"] == "private, no-store", path
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for path in ("/admin/", "/admin/publishing/publication/"):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store", path


def test_the_feed_lists_the_latest_version_of_each_meeting(corrected, client):
    assert client.get("/notes/allies-group/feed/")["Location"] == "/notes/allies-group/feed.xml"
    response = client.get("/notes/allies-group/feed.xml")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (the app's own feed)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Meeting notes: Tuesday 25 January 2022",
        "Meeting notes: Wednesday 23 June 2021",
    ]
    first = entries[0]
    assert (first.findtext(f"{ATOM}id") or "").endswith(NOTES)
    summary = first.findtext(f"{ATOM}summary") or ""
    assert "Our unique selling point" in summary
    assert "Corrected (version 2)" in summary


def test_the_sitemap_lists_groups_and_published_notes_only(corrected, client):
    MeetingFactory(group=corrected.meeting.group, date=datetime.date(2023, 3, 1))
    body = sitemap_files(client)
    assert "/notes/allies-group/</loc>" in body
    assert body.count("/notes/allies-group/2022-01-25/</loc>") == 1
    assert "/notes/allies-group/2021-06-23/</loc>" in body
    assert "/notes/allies-group/2021/</loc>" in body
    assert "2023-03-01" not in body
    assert "/v1/" not in body


def test_the_sitemap_is_an_index_that_drops_no_address(corrected, client, monkeypatch):
    # A sitemap may hold 50,000 addresses; with a limit of 1, each notes page needs a file.
    monkeypatch.setattr(views, "SITEMAP_LENGTH", 1)
    index = client.get("/sitemap.xml").content.decode()
    assert index.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex')
    assert "/notes/allies-group/sitemap-2.xml</loc>" in index
    assert "/notes/allies-group/sitemap-3.xml</loc>" not in index
    body = sitemap_files(client)
    for day in ("2021-06-23", "2022-01-25"):
        assert body.count(f"/notes/allies-group/{day}/</loc>") == 1


def test_the_admin_shows_publications_but_cannot_change_them(demo, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    publication = Publication.objects.first()
    assert publication is not None
    base = "/admin/publishing/publication/"
    assert client.get(f"{base}{publication.pk}/change/").status_code == 200
    assert client.get(f"{base}add/").status_code == 403
    assert client.get(f"{base}{publication.pk}/delete/").status_code == 403
    response = client.post(f"{base}{publication.pk}/change/", {"correction_note": "edited"})
    assert response.status_code == 403
    assert Publication.objects.get(pk=publication.pk).correction_note == ""


def test_publishing_a_new_group_shows_it_at_once(db, client):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, heading="First business")
    publication = publication_create(meeting=meeting, by=secretary_of(meeting.group))
    url = reverse("publishing:notes", args=[meeting.group.slug, meeting.date])
    assert publication.get_absolute_url() == url
    assert "First business" in client.get(url).content.decode()
