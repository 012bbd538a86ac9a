"""The road to publication: rounds, comments, approvals, the group's rule, and the audit log."""

import datetime

import pytest
from django.core import mail
from django.db import DatabaseError, IntegrityError, connection, transaction

from allies.models import Group, Membership
from meetings.models import Meeting
from publishing.models import Approval, AuditEntry, Publication
from publishing.review import (
    WorkflowError,
    approval_state,
    comment_add,
    comment_resolve,
    current_round,
    decision_record,
    meeting_publish,
    meeting_return_to_draft,
    review_open,
    rounds_diff,
)
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    GroupFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Event = AuditEntry.Event


def person(group, role):
    user = UserFactory()
    MembershipFactory(group=group, member=MemberFactory(user=user), role=role)
    return user


@pytest.fixture
def group():
    return GroupFactory(approval_rule=Group.ApprovalRule.CHAIR_AND_COUNT, approvals_needed=2)


@pytest.fixture
def people(group):
    return {
        "secretary": person(group, Membership.Role.STAFF),
        "chair": person(group, Membership.Role.CHAIR),
        "ally": person(group, Membership.Role.MEMBER),
        "another": person(group, Membership.Role.MEMBER),
    }


@pytest.fixture
def meeting(group):
    meeting = MeetingFactory(group=group, date=datetime.date(2022, 1, 25))
    AgendaItemFactory(meeting=meeting, heading="Updates", body="All well.")
    return meeting


@pytest.fixture
def in_review(meeting, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review_open(
            meeting=meeting,
            by=people["secretary"],
            message="Please read by Friday.",
            deadline=datetime.date(2022, 2, 4),
            link="https://notes.example.org/review/1/",
        )
    meeting.refresh_from_db()
    return meeting


def events(meeting):
    return list(AuditEntry.objects.filter(meeting=meeting).values_list("event", flat=True))


def test_sending_for_review_opens_a_round_and_emails_the_allies(in_review, people):
    round = current_round(in_review)
    assert (round.number, round.message, round.deadline) == (
        1,
        "Please read by Friday.",
        datetime.date(2022, 2, 4),
    )
    assert "## Updates" in round.notes_text
    assert in_review.status == Meeting.Status.IN_REVIEW
    assert events(in_review) == [Event.STATUS_CHANGED, Event.ROUND_OPENED]
    [email] = mail.outbox
    assert sorted(email.to) == sorted(people[name].email for name in ("chair", "ally", "another"))
    assert people["secretary"].email not in email.to
    assert "https://notes.example.org/review/1/" in email.body
    assert "Friday 4 February" in email.body


def test_only_the_secretary_sends_for_review_and_only_a_draft(meeting, people):
    with pytest.raises(WorkflowError, match="role"):
        review_open(meeting=meeting, by=people["ally"])
    review_open(meeting=meeting, by=people["secretary"])
    with pytest.raises(WorkflowError, match="in review"):
        review_open(meeting=meeting, by=people["secretary"])


@pytest.mark.parametrize(
    ("status", "step", "message"),
    [
        ("draft", "return", "Cannot return them to draft"),
        ("draft", "comment", "not out for review"),
        ("draft", "decide", "not out for review"),
        ("draft", "publish", "Cannot publish: the notes are draft"),
        ("published", "comment", "not out for review"),
        ("published", "open", "Cannot send the notes for review"),
    ],
)
def test_steps_from_the_wrong_state_are_refused(meeting, people, status, step, message):
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    meeting.refresh_from_db()
    secretary, ally = people["secretary"], people["ally"]
    steps = {
        "return": lambda: meeting_return_to_draft(meeting=meeting, by=secretary),
        "comment": lambda: comment_add(meeting=meeting, by=ally, text="Hello"),
        "decide": lambda: decision_record(meeting=meeting, by=ally, decision="approve"),
        "publish": lambda: meeting_publish(meeting=meeting, by=secretary, override_reason="x"),
        "open": lambda: review_open(meeting=meeting, by=secretary),
    }
    with pytest.raises(WorkflowError, match=message):
        steps[step]()
    meeting.refresh_from_db()
    assert meeting.status == status
    assert not Publication.objects.exists()


def test_the_chair_and_a_count_of_allies_make_the_notes_approved(in_review, people):
    decision_record(meeting=in_review, by=people["ally"], decision="approve")
    decision_record(meeting=in_review, by=people["another"], decision="approve")
    in_review.refresh_from_db()
    state = approval_state(current_round(in_review))
    assert (state.rule_met, state.chair_approved, len(state.approved_by)) == (False, False, 2)
    assert in_review.status == Meeting.Status.IN_REVIEW
    decision_record(meeting=in_review, by=people["chair"], decision="approve")
    in_review.refresh_from_db()
    assert in_review.status == Meeting.Status.APPROVED
    assert approval_state(current_round(in_review)).ready


@pytest.mark.parametrize(
    ("rule", "needed", "approvers", "met"),
    [
        (Group.ApprovalRule.CHAIR, 2, ["chair"], True),
        (Group.ApprovalRule.CHAIR, 2, ["ally", "another"], False),
        (Group.ApprovalRule.COUNT, 2, ["ally", "another"], True),
        (Group.ApprovalRule.COUNT, 3, ["ally", "another"], False),
        (Group.ApprovalRule.CHAIR_AND_COUNT, 1, ["chair"], True),
        (Group.ApprovalRule.CHAIR_AND_COUNT, 2, ["chair"], False),
    ],
)
def test_each_groups_rule(group, in_review, people, rule, needed, approvers, met):
    Group.objects.filter(pk=group.pk).update(approval_rule=rule, approvals_needed=needed)
    for name in approvers:
        decision_record(meeting=in_review, by=people[name], decision="approve")
    in_review.refresh_from_db()
    assert approval_state(current_round(in_review)).rule_met is met
    assert (in_review.status == Meeting.Status.APPROVED) is met


def test_an_unresolved_comment_holds_back_approval_until_resolved(in_review, people):
    item = in_review.agenda_items.get()
    comment = comment_add(
        meeting=in_review,
        by=people["ally"],
        text="This names someone's health.",
        agenda_item=item,
        suggested_sensitivity="personal",
    )
    for name in ("chair", "ally"):
        decision_record(meeting=in_review, by=people[name], decision="approve")
    in_review.refresh_from_db()
    assert in_review.status == Meeting.Status.IN_REVIEW
    assert approval_state(current_round(in_review)).unresolved == 1
    with pytest.raises(WorkflowError, match="not approved yet"):
        meeting_publish(meeting=in_review, by=people["secretary"])
    answer = comment_add(
        meeting=in_review, by=people["secretary"], text="Marked it personal.", reply_to=comment
    )
    assert (answer.about, answer.agenda_item) == ("Updates", item)
    with pytest.raises(WorkflowError, match="role"):
        comment_resolve(comment=comment, by=people["ally"])
    comment_resolve(comment=comment, by=people["secretary"])
    in_review.refresh_from_db()
    assert in_review.status == Meeting.Status.APPROVED
    assert events(in_review)[-4:] == [
        Event.APPROVED,
        Event.ANSWERED,
        Event.RESOLVED,
        Event.STATUS_CHANGED,
    ]


def test_asking_for_changes_needs_a_note_and_becomes_a_comment(in_review, people):
    with pytest.raises(WorkflowError, match="Say what should change"):
        decision_record(meeting=in_review, by=people["chair"], decision="changes")
    decision_record(
        meeting=in_review, by=people["chair"], decision="changes", note="Shorten section 2."
    )
    state = approval_state(current_round(in_review))
    assert state.unresolved == 1
    assert len(state.changes_asked_by) == 1
    assert Approval.objects.get().decision == Approval.Decision.CHANGES


def test_the_secretary_does_not_approve_and_outsiders_cannot_comment(in_review, people):
    with pytest.raises(WorkflowError, match="Only the group's allies approve"):
        decision_record(meeting=in_review, by=people["secretary"], decision="approve")
    outsider = person(GroupFactory(), Membership.Role.MEMBER)
    with pytest.raises(WorkflowError, match="role"):
        comment_add(meeting=in_review, by=outsider, text="Let me in")
    elsewhere = AgendaItemFactory()
    with pytest.raises(WorkflowError, match="not part of these notes"):
        comment_add(meeting=in_review, by=people["ally"], text="Hm", agenda_item=elsewhere)
    with pytest.raises(WorkflowError, match="not part of these notes"):
        comment_add(meeting=in_review, by=people["ally"], text="Hm", action=ActionFactory())


def test_overriding_the_rule_is_recorded_with_its_reason(in_review, people):
    publication = meeting_publish(
        meeting=in_review, by=people["secretary"], override_reason="Chair agreed by phone."
    )
    in_review.refresh_from_db()
    assert (publication.version, in_review.status) == (1, Meeting.Status.PUBLISHED)
    override = AuditEntry.objects.get(meeting=in_review, event=Event.OVERRIDDEN)
    assert "Chair agreed by phone." in override.detail
    assert "The rule is not met yet" in override.detail
    assert events(in_review)[-1] == Event.PUBLISHED
    assert not current_round(in_review).is_open


def test_publishing_approved_notes_needs_no_reason(in_review, people):
    for name in ("chair", "ally"):
        decision_record(meeting=in_review, by=people[name], decision="approve")
    publication = meeting_publish(meeting=in_review, by=people["secretary"])
    assert publication.version == 1
    assert Event.OVERRIDDEN not in events(in_review)


def test_a_correction_goes_back_through_review_and_says_what_changed(in_review, people):
    secretary = people["secretary"]
    meeting_publish(meeting=in_review, by=secretary, override_reason="Agreed")
    meeting_return_to_draft(meeting=in_review, by=secretary, reason="A name was misspelt")
    item = in_review.agenda_items.get()
    item.body = "All well, said Lizzie."
    item.save()
    review_open(meeting=in_review, by=secretary)
    with pytest.raises(WorkflowError, match="Say what has changed since version 1"):
        meeting_publish(meeting=in_review, by=secretary, override_reason="Small fix")
    second = meeting_publish(
        meeting=in_review, by=secretary, override_reason="Small fix", correction_note="A name."
    )
    assert (second.version, second.correction_note) == (2, "A name.")
    first, latest = in_review.review_rounds.order_by("number")
    changed = [(line.kind, line.text) for line in rounds_diff(first, latest)]
    assert ("removed", "All well.") in changed
    assert ("added", "All well, said Lizzie.") in changed


def test_the_audit_log_cannot_be_changed(in_review):
    entry = AuditEntry.objects.filter(meeting=in_review).first()
    entry.detail = "Nothing happened"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    statements = ["UPDATE publishing_auditentry SET detail = 'edited'"]
    if connection.vendor == "postgresql":
        statements.append("DELETE FROM publishing_auditentry")
    for statement in statements:
        with (
            pytest.raises((DatabaseError, IntegrityError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert not AuditEntry.objects.filter(detail="edited").exists()
    assert AuditEntry.objects.filter(meeting=in_review).count() == 2
