"""What the browser tests measure of a page."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import FloatRect, Locator, Page


def box(locator: Locator) -> FloatRect:
    """Where an element is drawn; it must be drawn."""
    drawn = locator.bounding_box()
    assert drawn is not None, f"{locator} is not drawn"
    return drawn


def in_view(page: Page, locator: Locator, below: float = 0) -> bool:
    """The element is on the screen, and not under anything `below` pixels from the top."""
    drawn, screen = box(locator), page.viewport_size
    assert screen is not None
    return drawn["y"] >= below and drawn["y"] + 10 < screen["height"]


def serious_problems(page: Page, name: str) -> list[str]:
    """What axe finds serious or critical on the page, and any width beyond the screen's."""
    results = Axe().run(page)
    problems = [
        f"{name}: {violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    screen = page.viewport_size
    assert screen is not None
    overflow = page.evaluate("document.documentElement.scrollWidth") - screen["width"]
    if overflow > 0:
        problems.append(f"{name}: {overflow}px wider than the screen")
    return problems
