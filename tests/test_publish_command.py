"""`manage.py publish_notes GROUP DATE` does what the Publish button does."""

import io

import pytest
from django.core.management import CommandError, call_command

from allies.models import Membership
from meetings.models import Meeting
from publishing.models import Publication
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    UserFactory,
)
from tests.publishing import secretary_of


@pytest.fixture
def meeting(db):
    """Notes sent to the allies for review, not yet approved."""
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, heading="Updates", body="All well.")
    meeting.status = Meeting.Status.IN_REVIEW
    meeting.save()
    return meeting


def send_for_review(meeting):
    meeting.status = Meeting.Status.IN_REVIEW
    meeting.save()


def publish_notes(*args: str) -> str:
    out = io.StringIO()
    call_command("publish_notes", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_publishes_as_the_groups_secretary_and_then_a_correction(
    meeting, django_capture_on_commit_callbacks
):
    secretary = secretary_of(meeting.group)
    slug, day = meeting.group.slug, meeting.date.isoformat()
    with pytest.raises(CommandError, match="not approved yet"):
        publish_notes(slug, day)
    with django_capture_on_commit_callbacks(execute=True):
        out = publish_notes(slug, day, "--override", "The chair approved by email.")
    assert f"as version 1: /notes/{slug}/{day}/" in out
    first = Publication.objects.get(meeting=meeting)
    assert first.published_by == secretary
    assert first.rendered
    assert meeting.audit_entries.filter(event="overridden").exists()
    with pytest.raises(CommandError, match="the notes are published"):
        publish_notes(slug, day, "--override", "Again")
    send_for_review(meeting)
    with pytest.raises(CommandError, match="Say what has changed since version 1"):
        publish_notes(slug, day, "--override", "A typo")
    publish_notes(
        slug,
        day,
        "--by",
        secretary.username,
        "--correction",
        "Fixed a typo.",
        "--override",
        "A typo",
    )
    assert Publication.objects.get(meeting=meeting, version=2).correction_note == "Fixed a typo."
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-group", "2022-01-01"], "There is no group"),
        (["{slug}", "1 Jan 2022"], "is not a date written yyyy-mm-dd"),
        (["{slug}", "1999-01-01"], "has no meeting on 1999-01-01"),
        (["{slug}", "{day}", "--by", "nobody"], "There is no active user 'nobody'"),
        (["{slug}", "{day}", "--by", "{ally}"], "is not a secretary of"),
        (["{slug}", "{day}"], "Say who publishes with --by"),
    ],
)
def test_bad_input_gets_a_clear_error_and_publishes_nothing(meeting, args, message):
    ally = UserFactory()
    MembershipFactory(
        group=meeting.group, member=MemberFactory(user=ally), role=Membership.Role.MEMBER
    )
    values = {"slug": meeting.group.slug, "day": meeting.date.isoformat(), "ally": ally.username}
    with pytest.raises(CommandError, match=message):
        publish_notes(*(arg.format(**values) for arg in args))
    assert not Publication.objects.exists()


def test_notes_that_cannot_be_published_safely_are_refused(meeting):
    AgendaItemFactory(meeting=meeting, heading="Oops", body="A [mistyped] {.personal} mark.")
    secretary = secretary_of(meeting.group)
    with pytest.raises(CommandError, match="cannot be published as they stand"):
        publish_notes(
            meeting.group.slug, meeting.date.isoformat(), "--by", secretary.username,
            "--override", "Testing",
        )  # fmt: skip
    assert not Publication.objects.exists()
