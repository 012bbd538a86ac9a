"""Helpers for tests that publish: a secretary, publishing with the files rendered, sitemaps."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from django.contrib.auth.models import User

from allies.models import Group, Membership
from meetings.models import Meeting
from publishing.models import Publication
from publishing.services import publication_create, publication_render
from tests.factories import MemberFactory, MembershipFactory, UserFactory


def secretary_of(group: Group):  # -> User (factory_boy's objects are untyped)
    """A new user who is the group's secretary (a current staff term with a login)."""
    user = UserFactory()
    MembershipFactory(group=group, member=MemberFactory(user=user), role=Membership.Role.STAFF)
    return user


def publish(meeting: Meeting, by: User, correction_note: str = "") -> Publication:
    """Publish and render at once, as the task does after the transaction commits.

    Tests run inside a transaction that never commits, so the on-commit task
    would not run; this calls the same render step directly.
    """
    publication = publication_create(meeting=meeting, by=by, correction_note=correction_note)
    publication_render(publication=publication)
    return publication


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_files(client) -> str:
    """Every sitemap the site's index names, read one after the other."""
    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (the app's own)
    locations = [loc.text or "" for loc in index.iter(f"{SITEMAP}loc")]
    assert locations, "the sitemap index names no sitemap"
    return "".join(client.get(urlsplit(location).path).content.decode() for location in locations)
