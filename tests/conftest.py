import io

import pytest
from django.core.management import call_command

from allies.models import Group


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
