"""The public pages in a real browser: accessible, readable at phone width, and printable."""

import io
import itertools
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
PAGES = {
    "notes": "/notes/allies-group/2022-01-25/",
    "group": "/notes/allies-group/",
    "search": "/notes/search/?q=funding",
}
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
HEADING_LEVELS = """() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
    .map(h => Number(h.tagName[1]))"""


@pytest.fixture
def published(transactional_db) -> None:
    # A real transaction commits here, so publishing renders the files as in production.
    call_command("load_demo", "--force", stdout=io.StringIO())


def open_page(browser: Browser, url: str, size: str) -> Page:
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    response = page.goto(url)
    assert response is not None
    assert response.status == 200
    return page


def test_public_pages_are_accessible_at_desktop_and_phone_widths(browser, published, live_server):
    # One test for every page and width: loading and publishing the demo is the slow part.
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in PAGES.items():
        for size in SIZES:
            page = open_page(browser, live_server.url + path, size)
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
            page.close()


def test_the_notes_print_without_the_website_around_them(browser, published, live_server):
    page = open_page(browser, live_server.url + PAGES["notes"], "desktop")
    page.emulate_media(media="print")
    for hidden in (".site-header", ".downloads", ".breadcrumbs", ".site-footer"):
        assert not page.locator(hidden).is_visible()
    assert page.locator("h1").is_visible()
    assert page.locator("thead").first.evaluate("e => getComputedStyle(e).display") == (
        "table-header-group"
    )
    page.close()


def test_the_downloads_work_from_the_page(browser, published, live_server):
    page = open_page(browser, live_server.url + PAGES["notes"], "desktop")
    with page.expect_download() as download:
        page.get_by_role("link", name="Word (.docx)").click()
    assert download.value.suggested_filename == "allies-group-notes-2022-01-25.docx"
    page.close()
