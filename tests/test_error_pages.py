"""Refused, missing, withdrawn, limited and failed pages are pages of the app: in its layout,
with a main landmark, saying in plain words why and where to go."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from meetings.models import Meeting
from publishing.review import publication_withdraw
from tests.factories import MeetingFactory, UserFactory
from tests.publishing import publish


def assert_app_page(response, status: int, *said: str) -> str:
    """The response is one of the app's own pages with that status, and says each of `said`."""
    assert response.status_code == status
    page = response.content.decode()
    assert '<header class="site-header">' in page
    assert page.count("<main ") == 1
    assert "Where to go from here" in page or status == 410
    for words in said:
        assert words in page, words
    for technical in ("Forbidden</h1>", "Resolver404", "Http404", "Traceback"):
        assert technical not in page
    return page


@pytest.fixture
def site(demo, settings):
    """The demo group, served as in production (the demo loader turns DEBUG on)."""
    settings.DEBUG = False
    return demo


@pytest.fixture
def draft(site):  # -> Meeting (factory_boy's objects are untyped)
    return MeetingFactory(group=site, date=datetime.date(2022, 4, 27))


def test_an_ally_opening_a_draft_is_told_the_secretary_is_still_writing_it(draft, client):
    client.force_login(User.objects.get(username="mandy"))
    for path in (f"/review/{draft.pk}/", f"/meetings/{draft.pk}/preview/",
                 f"/meetings/{draft.pk}/edit/"):  # fmt: skip
        page = assert_app_page(
            client.get(path), 403, "still being written by the group&#x27;s secretary"
        )
        assert "sends them for review" in page
        assert 'href="/dashboard/"' in page


def test_an_ally_saving_notes_is_told_only_the_secretary_writes_them(draft, client):
    client.force_login(User.objects.get(username="mandy"))
    assert_app_page(
        client.post(f"/meetings/{draft.pk}/details/"), 403, "Only the group&#x27;s secretary can"
    )
    assert_app_page(client.get("/meetings/new/"), 403, "Only a group&#x27;s secretary can start")


def test_published_notes_are_not_changed_in_the_editor(draft, client):
    Meeting.objects.filter(pk=draft.pk).update(status=Meeting.Status.PUBLISHED)
    client.force_login(User.objects.get(username="lizzie"))
    assert_app_page(client.post(f"/meetings/{draft.pk}/details/"), 403, "are published")


def test_someone_outside_the_group_is_told_the_page_is_for_its_members(draft, client):
    client.force_login(UserFactory())
    assert_app_page(
        client.get(f"/meetings/{draft.pk}/preview/"), 403, "for the group&#x27;s members"
    )


@pytest.mark.django_db
def test_an_unknown_address_is_a_404_page_that_says_where_to_go(client):
    page = assert_app_page(client.get("/no/such/page/"), 404, "There is no page at this address")
    assert 'href="/"' in page
    assert 'href="/notes/search/"' in page


def test_a_day_without_notes_says_so(site, client):
    assert_app_page(
        client.get("/notes/allies-group/2030-01-01/"),
        404,
        "No notes of that group were published for that day.",
    )


def test_a_404_names_no_model(site, client):
    client.force_login(User.objects.get(username="lizzie"))
    page = assert_app_page(client.get("/meetings/999999/edit/"), 404)
    assert "matches the given query" not in page


def test_a_withdrawn_version_is_a_410_page_pointing_at_the_notes_as_they_stand(site, client):
    lizzie = User.objects.get(username="lizzie")
    meeting = Meeting.objects.get(group=site, date="2022-01-25")
    corrected = publish(meeting, lizzie, "A typo.")
    first = meeting.publications.get(version=1)
    publication_withdraw(publication=first, by=lizzie, reason="Named someone.", public_note="")
    page = assert_app_page(client.get(first.version_url), 410, "These notes were withdrawn")
    assert f"version {corrected.version}" in page
    assert 'href="/notes/allies-group/2022-01-25/"' in page


@pytest.mark.django_db
def test_too_many_requests_is_a_429_page_saying_how_long_to_wait(client, settings):
    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": (1, 60)}
    client.get("/notes/search/", {"q": "funding"})
    assert_app_page(client.get("/notes/search/", {"q": "funding"}), 429, "wait a minute")
    cache.clear()


@pytest.mark.django_db
@pytest.mark.urls("tests.error_urls")
def test_a_failure_is_a_500_page_that_says_it_is_not_the_readers_doing():
    client = Client(raise_request_exception=False)
    assert_app_page(
        client.get("/fails/"), 500, "Something went wrong", "It is not something you did"
    )


@pytest.mark.django_db
def test_a_request_for_another_host_is_a_400_page(client):
    assert_app_page(client.get("/", HTTP_HOST="elsewhere.example"), 400, "could not be read")


@pytest.mark.django_db
def test_an_expired_form_is_a_403_page_that_says_to_reload():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "lizzie", "password": "x"})
    assert_app_page(response, 403, "The form had expired", "reload the page")
