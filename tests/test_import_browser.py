"""A secretary imports earlier notes in a real browser, with the keyboard, and nothing breaks."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings

from allies.models import Membership
from meetings.models import Meeting
from tests.factories import GroupFactory, MemberFactory, MembershipFactory, UserFactory

SEED = Path(django_settings.BASE_DIR) / "demo" / "sources" / "2021-06-23-allies-notes.txt"


@pytest.fixture
def browser_page(browser):
    return browser.new_page(viewport={"width": 390, "height": 844})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_secretary_imports_a_text_file_and_confirms_it(live_server, browser_page):
    group = GroupFactory(slug="allies", name="Allies Group")
    user = UserFactory(username="lizzie")
    MembershipFactory(group=group, member=MemberFactory(user=user), role=Membership.Role.STAFF)
    page = browser_page
    errors: list[str] = []
    # Any failed request, and any console error such as a CSP refusal (the
    # browser's own request for /favicon.ico is neither: it is no response of the page's).
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )

    page.goto(f"{live_server.url}/meetings/import/")
    page.fill("#id_username", "lizzie")
    page.fill("#id_password", "a-long-test-password")
    page.keyboard.press("Enter")
    page.wait_for_url("**/meetings/import/")
    page.set_input_files("#id_file", str(SEED))
    page.get_by_role("button", name="Preview").press("Enter")

    page.get_by_role("heading", name="Check the meeting before it is created").wait_for()
    assert page.get_by_text("Graham Hart (chair)", exact=True).is_visible()
    assert (
        page.get_by_role(
            "heading", name="5. Our governance, development and making decisions"
        ).count()
        == 1
    )
    assert not Meeting.objects.exists()
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations] == []

    page.get_by_role("button", name="Create the draft meeting of 23 June 2021").first.press("Enter")
    page.get_by_text("Created the draft meeting of 23 June 2021 for Allies Group.").wait_for()
    assert Meeting.objects.get(group=group).status == Meeting.Status.DRAFT
    assert errors == []
