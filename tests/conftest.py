import io
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command
from django.db import connections

from allies.models import Group

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture
def demo(db, settings) -> Group:
    """The demo group with its members and its two meetings of 2021 and 2022."""
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    return Group.objects.get(slug="allies-group")


@pytest.fixture
def demo_drafts(db, settings) -> Group:
    """The demo group with its two meetings as unpublished drafts, for writing up and review."""
    settings.DEBUG = True
    call_command("load_demo", "--drafts", stdout=io.StringIO())
    return Group.objects.get(slug="allies-group")


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# What this machine's closed network and a root user need (docs: Playwright with
# the system Chromium; browsers cannot be downloaded here).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


@pytest.fixture
def browser(monkeypatch) -> Iterator["Browser"]:
    """The system Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, which Django
    # takes for async code; the tests' own database calls are synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not os.path.exists(CHROMIUM):
        pytest.skip("the system Chromium is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        # While Playwright's loop runs, the test's queries use connections kept
        # apart from the thread's own; close them before the loop stops, or
        # PostgreSQL cannot drop the test database at the end.
        connections.close_all()
        chromium.close()
