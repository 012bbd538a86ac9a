"""Reminders by email: who is told what and when, never twice, and what a run says it did."""

import datetime
import io
import re
import threading
from collections import Counter

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions import reminders
from actions.models import SentReminder
from actions.reminders import reminders_send
from allies.models import Membership
from meetings.models import Meeting
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    GroupFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    UserFactory,
)

DEADLINE = datetime.date(2026, 3, 13)  # a Friday
AGREED = datetime.date(2026, 2, 10)


@pytest.fixture
def group(db):
    return GroupFactory(name="Allies Group", slug="allies")


def owner(name="Sam Owner", email="sam@example.org", login=True, **fields):
    user = UserFactory() if login else None
    return MemberFactory(
        full_name=name, short_name=name.split()[0], email=email, user=user, **fields
    )


def agreed_action(group, owners, deadline=DEADLINE, text="Book the room", status="published", **kw):
    meeting = Meeting.objects.filter(group=group, date=AGREED).first() or MeetingFactory(
        group=group, date=AGREED, status=status
    )
    action = ActionFactory(meeting=meeting, text=text, deadline=deadline, **kw)
    action.owners.set(owners)
    return action


def day(offset: int) -> datetime.date:
    return DEADLINE + datetime.timedelta(days=offset)


def test_an_owner_hears_three_days_ahead_and_once_overdue(group):
    sam = owner()
    agreed_action(group, [sam], deadline_text="13 March")
    assert reminders_send(today=day(-4)).sent == []
    report = reminders_send(today=day(-3))
    assert report.sent == ["sam@example.org: Your actions: 1 due soon"]
    (email,) = mail.outbox
    assert email.to == ["sam@example.org"]
    assert "Book the room" in email.body
    assert "Deadline: 13 March (Friday 13 March 2026)" in email.body
    assert "/accounts/settings/" in email.body
    for later in (-3, -2, 0):
        assert reminders_send(today=day(later)).sent == []
    assert reminders_send(today=day(1)).sent == ["sam@example.org: Your actions: 1 overdue"]
    assert reminders_send(today=day(2)).sent == []
    assert len(mail.outbox) == 2


def test_a_long_overdue_action_gets_no_email_of_its_own(group):
    agreed_action(group, [owner()])
    assert reminders_send(today=day(8)).sent == []


def test_a_moved_deadline_is_reminded_again(group):
    action = agreed_action(group, [owner()])
    reminders_send(today=day(-1))
    action.deadline = day(20)
    action.save()
    assert len(reminders_send(today=day(18)).sent) == 1


def test_deadlines_that_are_not_dates_and_closed_or_draft_actions_are_never_reminded(group):
    sam = owner()
    agreed_action(group, [sam], deadline=None, deadline_text="Ongoing")
    done = agreed_action(group, [sam], text="Done already")
    later = MeetingFactory(group=group, date=day(-5), status=Meeting.Status.PUBLISHED)
    ActionUpdateFactory(action=done, meeting=later, status="complete")
    draft = MeetingFactory(group=group, date=day(-30), status=Meeting.Status.DRAFT)
    ActionFactory(meeting=draft, deadline=DEADLINE).owners.set([sam])
    assert reminders_send(today=day(-1)).sent == []


def test_owners_who_cannot_be_reminded_are_skipped_and_listed(group):
    no_email = owner("Nic Noemail", email="", login=True)
    no_email.user.email = ""
    no_email.user.save()
    no_login = owner("Lee Nologin", login=False)
    off = owner("Ola Off", reminders=False)
    from_login = owner("Uma Login", email="")
    agreed_action(group, [no_email, no_login, off, from_login])
    report = reminders_send(today=day(-2))
    assert report.skipped == [
        "Nic Noemail (no email address): 1 action(s)",
        "Lee Nologin (no login): 1 action(s)",
        "Ola Off (turned reminders off): 1 action(s)",
    ]
    assert [email.to for email in mail.outbox] == [[from_login.user.email]]


def secretary(group, **fields):
    member = owner("Liz Secretary", email="liz@example.org", **fields)
    MembershipFactory(group=group, member=member, role=Membership.Role.STAFF)
    return member


def test_the_secretary_gets_a_weekly_digest_of_overdue_actions_and_notes_in_review(group):
    secretary(group)
    agreed_action(group, [owner()], text="Write the blog post", owner_text="Sam")
    MeetingFactory(group=group, date=day(-2), status=Meeting.Status.IN_REVIEW)
    monday = day(10)  # Monday 23 March
    report = reminders_send(today=monday)
    assert report.sent == ["liz@example.org: Allies Group this week: 1 overdue action, 1 in review"]
    body = mail.outbox[0].body
    assert "Write the blog post" in body
    assert "Owner: Sam." in body
    assert "The meeting of 11 March 2026" in body
    assert reminders_send(today=monday + datetime.timedelta(days=6)).sent == []
    assert len(reminders_send(today=monday + datetime.timedelta(days=7)).sent) == 1


def test_no_digest_when_nothing_is_overdue_or_in_review(group):
    secretary(group)
    assert reminders_send(today=day(10)).lines() == ["No reminders due."]


def test_a_failed_email_is_recorded_nowhere_and_tried_again(group, monkeypatch):
    agreed_action(group, [owner()])

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(reminders, "send_mail", refuse)
    report = reminders_send(today=day(-1))
    assert report.failed == ["Sam Owner: the mail server is down"]
    assert not SentReminder.objects.exists()
    monkeypatch.undo()
    assert len(reminders_send(today=day(0)).sent) == 1


def test_the_command_says_what_it_sent_and_skipped(group):
    agreed_action(group, [owner(), owner("Nic Noemail", email="", login=False)])
    out = io.StringIO()
    call_command("send_reminders", "--today", str(day(-1)), stdout=out)
    assert out.getvalue().splitlines() == [
        "Sent 1 email:",
        "  sam@example.org: Your actions: 1 due soon",
        "Skipped 1:",
        "  Nic Noemail (no login): 1 action(s)",
    ]
    with pytest.raises(CommandError, match="--today must be a date"):
        call_command("send_reminders", "--today", "next week")


@given(
    deadlines=st.lists(st.integers(-15, 15), min_size=1, max_size=5),
    runs=st.lists(st.integers(-20, 20), min_size=1, max_size=12),
)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_whatever_the_days_of_the_runs_no_reminder_goes_twice(group, deadlines, runs):
    with transaction.atomic():
        sam = owner(email="sam@example.org")
        actions = [agreed_action(group, [sam], deadline=day(offset)) for offset in deadlines]
        mail.outbox.clear()
        for run in sorted(runs):
            reminders_send(today=day(run))
        sent = Counter((r.kind, r.action_id) for r in SentReminder.objects.all())
        transaction.set_rollback(True)
    assert max(sent.values(), default=1) == 1
    for action, offset in zip(actions, deadlines, strict=True):
        due_soon = any(offset - 3 <= run <= offset for run in runs)
        assert (("due_soon", action.pk) in sent) == due_soon
        just_overdue = any(offset < run <= offset + 7 for run in runs)
        assert (("overdue", action.pk) in sent) == just_overdue
    # One owner: at most one email a day, however often it runs.
    assert len(mail.outbox) <= len(set(runs))


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two runs at once need a server database; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once():
    group = GroupFactory()
    owners = [owner(f"Owner Number{n}", email=f"owner{n}@example.org") for n in range(6)]
    for n, member in enumerate(owners):
        agreed_action(group, [member, owners[(n + 1) % 6]], text=f"Action {n}")
    secretary(group)
    MeetingFactory(group=group, date=day(-20), status=Meeting.Status.IN_REVIEW)
    barrier = threading.Barrier(2, timeout=30)
    reports = []

    def run() -> None:
        barrier.wait()
        try:
            reports.append(reminders_send(today=day(-1)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent = [line for report in reports for line in report.sent]
    assert len(sent) == 7  # six owners and one digest, between the two runs
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        [f"owner{n}@example.org" for n in range(6)] + ["liz@example.org"]
    )
    assert SentReminder.objects.count() == 12 + 1


def test_a_member_turns_reminders_off_and_on_from_their_account_page(group, client):
    sam = owner()
    client.force_login(sam.user)
    page = client.get("/accounts/settings/").content.decode()
    assert "They go to <strong>sam@example.org</strong>" in page
    assert re.search(r'<input[^>]*name="reminders"[^>]*checked', page)
    response = client.post("/accounts/settings/", {})
    assert response.status_code == 302
    sam.refresh_from_db()
    assert sam.reminders is False
    agreed_action(group, [sam])
    assert reminders_send(today=day(-1)).skipped == [
        "Sam Owner (turned reminders off): 1 action(s)"
    ]
    client.post("/accounts/settings/", {"reminders": "on"})
    sam.refresh_from_db()
    assert sam.reminders is True


def test_a_login_with_no_member_is_told_reminders_are_for_members(db, client):
    client.force_login(UserFactory())
    page = client.get("/accounts/settings/").content.decode()
    assert "not linked to one" in page
    assert client.post("/accounts/settings/", {}).status_code == 200
