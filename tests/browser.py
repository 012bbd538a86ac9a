"""What the browser tests measure of a page."""

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
