"""A table that scrolls sideways is a region keyboard users can reach, and each has a name of
its own: two regions named alike on one page are a finding of axe (landmark-unique)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from actions.models import Action
from actions.services import carried_record, carried_update
from meetings.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAMES = (
    "() => [...document.querySelectorAll('[role=region]')].map(e => e.getAttribute('aria-label'))"
)


def test_every_scrolling_table_has_a_name_of_its_own(demo_drafts, browser, live_server):
    # The meeting of 2022 has actions agreed and, once it records one in words of its own
    # (its meeting of 2021 is a draft here), an action from the meeting before: two tables.
    meeting = Meeting.objects.get(group=demo_drafts, date="2022-01-25")
    earlier = Action.objects.get(meeting__group=demo_drafts, meeting__date="2021-06-23", number=1)
    row = carried_record(meeting=meeting, action=earlier, status="in_progress")
    carried_update(
        row=row, version=row.version, status="in_progress", note="", text="Advisory Group idea"
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.IN_REVIEW)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    # An ally reads notes in review: the editor shows them as tables, not forms.
    page.fill("#id_username", "mandy")
    page.fill("#id_password", "notes-ally-demo")
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")
    for path in ("preview/", "edit/"):
        page.goto(f"{live_server.url}/meetings/{meeting.pk}/{path}")
        page.wait_for_load_state("load")
        names = page.evaluate(NAMES)
        assert len(names) >= 2, path
        assert len(set(names)) == len(names), (path, names)
        assert all(name.endswith("(scrolls sideways)") for name in names), names
        unique = [
            violation
            for violation in Axe().run(page).response["violations"]
            if violation["id"] in ("landmark-unique", "scrollable-region-focusable")
        ]
        assert unique == [], path
    page.close()
