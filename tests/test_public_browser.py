"""The public pages in a real browser: laid out as meant at desktop and phone widths,
accessible with no axe finding of any impact, and printable; the error pages too."""

import io
import itertools
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import Browser, Page

from meetings.models import Meeting
from publishing.review import publication_withdraw
from tests.factories import MeetingFactory
from tests.publishing import publish

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1280, 900), "phone": (375, 812)}
# Each public page, and the status it answers with.
PAGES = {
    "home": ("/", 200),
    "group": ("/notes/allies-group/", 200),
    "notes": ("/notes/allies-group/2022-01-25/", 200),
    "version": ("/notes/allies-group/2022-01-25/v1/", 200),
    "search": ("/notes/search/?q=funding", 200),
    "withdrawn": ("/notes/allies-group/2021-06-23/v1/", 410),
}
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
HEADING_LEVELS = """() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
    .map(h => Number(h.tagName[1]))"""
BOXES = """selector => [...document.querySelectorAll(selector)].map(element => {
    const box = element.getBoundingClientRect();
    return {top: box.top, bottom: box.bottom, left: box.left, right: box.right};
})"""


@pytest.fixture
def published(transactional_db) -> None:
    # A real transaction commits here, so publishing renders the files as in production.
    call_command("load_demo", "--force", stdout=io.StringIO())


@pytest.fixture
def corrected(published) -> None:
    """25 January 2022 corrected once; 23 June 2021's first version withdrawn after a correction."""
    lizzie = User.objects.get(username="lizzie")
    for day in ("2022-01-25", "2021-06-23"):
        publish(Meeting.objects.get(date=day), lizzie, "Corrected a name.")
    withdrawn = Meeting.objects.get(date="2021-06-23").publications.get(version=1)
    publication_withdraw(publication=withdrawn, by=lizzie, reason="Named someone by mistake.")


def open_page(browser: Browser, url: str, size: str, status: int = 200) -> Page:
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    response = page.goto(url)
    assert response is not None
    assert response.status == status, url
    return page


def boxes(page: Page, selector: str) -> list[dict[str, float]]:
    found = page.evaluate(BOXES, selector)
    assert found, selector
    return found


def on_one_line(page: Page, selector: str) -> bool:
    """Whether every element the selector finds shares one line of the page."""
    found = boxes(page, selector)
    return max(box["top"] for box in found) < min(box["bottom"] for box in found)


def assert_readable(page: Page, name: str, size: str) -> None:
    """What every page must be: landmarks, heading order, no axe finding, nothing too wide."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"public-{name}-{size}.png", full_page=True)
    results = Axe().run(page)
    assert results.violations_count == 0, (name, size, results.generate_report())
    levels = page.evaluate(HEADING_LEVELS)
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (name, levels)
    for landmark in ("banner", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() == 1, (name, landmark)
    # Nothing wider than the screen: the page itself never scrolls sideways.
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not wide, (name, size)


def assert_laid_out_for_a_desktop(page: Page, name: str) -> None:
    """The public site's own rules apply at desktop width (once an unclosed
    narrow-screen query kept them from it)."""
    if page.locator(".breadcrumbs ol").count():
        assert on_one_line(page, ".breadcrumbs li"), name
        assert (
            page.locator(".breadcrumbs ol").evaluate("e => getComputedStyle(e).listStyleType")
            == "none"
        )
    if page.locator(".downloads").count():
        assert on_one_line(page, ".downloads__label, .downloads li"), name
        assert page.locator(".downloads ul").evaluate("e => getComputedStyle(e).listStyleType") == (
            "none"
        )
    if name == "group":
        for member in page.locator(".member-list li:has(.member-list__role)").all():
            name_box = member.locator(".member-list__name").bounding_box()
            role_box = member.locator(".member-list__role").bounding_box()
            assert name_box
            assert role_box
            # After the name with a gap, or on the line below it: never running into it.
            beside = role_box["x"] >= name_box["x"] + name_box["width"] + 4
            below = role_box["y"] >= name_box["y"] + name_box["height"] - 1
            assert beside or below, member.inner_text()
        columns = {round(box["left"]) for box in boxes(page, ".member-list li")}
        assert len(columns) > 1  # side by side, not one long list


def test_public_pages_are_laid_out_and_accessible_at_desktop_and_phone_widths(
    browser, corrected, live_server
):
    # One test for every page and width: loading and publishing the demo is the slow part.
    for name, (path, status) in PAGES.items():
        for size in SIZES:
            page = open_page(browser, live_server.url + path, size, status)
            assert_readable(page, name, size)
            if size == "desktop":
                assert_laid_out_for_a_desktop(page, name)
            page.close()


def test_error_pages_are_pages_of_the_app_at_both_widths(browser, published, live_server, settings):
    draft = MeetingFactory(group=Meeting.objects.first().group, date="2022-04-27")
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": (1, 60)}
    settings.ROOT_URLCONF = "tests.error_urls"  # the app's, and one that fails
    cache.clear()
    for size in SIZES:
        width, height = SIZES[size]
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", "mandy")
        page.fill("#id_password", "notes-ally-demo")
        page.click("main button[type=submit]")
        page.wait_for_url("**/dashboard/")
        for name, path, status, said in (
            ("403", f"/review/{draft.pk}/", 403, "still being written by the group's secretary"),
            ("404", "/notes/allies-group/2030-01-01/", 404, "No notes of that group"),
            ("429", "/notes/search/?q=funding", 429, "wait a minute"),
            ("500", "/fails/", 500, "It is not something you did"),
        ):
            if status == 429:
                # The one search allowed; another query, or the browser's own cache
                # would answer the next (a search result is public for five minutes).
                page.goto(live_server.url + "/notes/search/?q=capacity")
            response = page.goto(live_server.url + path)
            assert response is not None
            assert response.status == status, name
            assert said in page.locator("main").inner_text(), name
            assert_readable(page, f"error-{name}", size)
        context.close()
        cache.clear()


def test_the_notes_print_without_the_website_around_them(browser, published, live_server):
    page = open_page(browser, live_server.url + PAGES["notes"][0], "desktop")
    page.emulate_media(media="print")
    for hidden in (".site-header", ".downloads", ".breadcrumbs", ".site-footer"):
        assert not page.locator(hidden).is_visible()
    assert page.locator("h1").is_visible()
    assert page.locator("thead").first.evaluate("e => getComputedStyle(e).display") == (
        "table-header-group"
    )
    page.close()


def test_the_downloads_work_from_the_page(browser, published, live_server):
    page = open_page(browser, live_server.url + PAGES["notes"][0], "desktop")
    with page.expect_download() as download:
        page.get_by_role("link", name="Word (.docx)").click()
    assert download.value.suggested_filename == "allies-group-notes-2022-01-25.docx"
    page.close()
