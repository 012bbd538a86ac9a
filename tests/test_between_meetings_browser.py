"""The pages between meetings as their readers see them, at a desktop's and a phone's width:
the members page (the secretary and an ally), the account page, the withheld register, and
the public group page with its charts. axe finds nothing serious or critical, nothing is wider
than the screen, and each chart is a named picture with its numbers in a table beside it."""

import pytest
from playwright.sync_api import expect

from tests.browser import serious_problems
from tests.test_review_browser import as_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_the_pages_between_meetings_pass_axe_and_fit(demo, browser, live_server, width):
    problems, charts = [], 0
    for username, path in [
        ("lizzie", "/actions/group/allies-group/members/"),
        ("mandy", "/actions/group/allies-group/members/"),
        ("mandy", "/accounts/settings/"),
        ("lizzie", "/review/group/allies-group/withheld/"),
        (None, "/notes/allies-group/"),
    ]:
        page = as_user(browser, live_server, username, width=width)
        response = page.goto(live_server.url + path)
        assert response is not None, path
        assert response.status == 200, path
        expect(page.locator("main h1")).to_be_visible()
        problems += serious_problems(page, f"{username or 'the public'} {path}")
        for chart in page.locator("figure.chart").all():
            charts += 1
            picture = chart.locator("svg[role=img]")
            assert picture.get_attribute("aria-labelledby"), path
            assert chart.locator("table").count() == 1, path
        page.context.close()
    assert problems == []
    assert charts == 2 + 2 + 2  # the members page, as each reader sees it, and the group page
