"""The road to publication: rounds, comments, approvals, the group's rule, and the audit log."""

import datetime

import pytest
from django.core import mail
from django.db import DatabaseError, IntegrityError, connection, transaction

from allies.models import Group, Membership
from meetings.models import Meeting
from meetings.services import update_if_unchanged
from publishing.models import Approval, AuditEntry, Correction, Publication, Suggestion
from publishing.review import (
    Conflict,
    WorkflowError,
    approval_confirm,
    approval_state,
    comment_add,
    comment_resolve,
    confirmation_request,
    correction_record,
    current_round,
    decision_record,
    fingerprint,
    lines_diff,
    meeting_publish,
    meeting_return_to_draft,
    public_text_now,
    review_open,
    rounds_diff,
    suggestion_accept,
    suggestion_add,
    suggestion_decline,
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


# Correcting notes in review, without starting again.


def correct(meeting, by, **changes):
    """The secretary saves a change to the notes' one section in the editor, as its save does."""
    item = meeting.agenda_items.get()
    update_if_unchanged(item, version=item.version, **changes)
    return correction_record(meeting=meeting, by=by)


def approve(meeting, *names, people):
    for name in names:
        decision_record(meeting=meeting, by=people[name], decision="approve")
    meeting.refresh_from_db()


def test_a_correction_is_recorded_and_asks_those_who_approved_to_confirm(in_review, people):
    approve(in_review, "chair", "ally", people=people)
    assert in_review.status == Meeting.Status.APPROVED

    correction = correct(in_review, people["secretary"], body="All very well.")
    in_review.refresh_from_db()
    assert correction.public_text == public_text_now(in_review)
    assert in_review.status == Meeting.Status.IN_REVIEW
    state = approval_state(current_round(in_review))
    assert (state.rule_met, state.approved_by) == (False, [])
    assert len(state.to_confirm) == 2
    entry = AuditEntry.objects.filter(meeting=in_review, event=Event.CORRECTED).get()
    assert entry.actor == people["secretary"]
    assert entry.detail.splitlines() == [
        "What the public will read changed.",
        "− All well.",
        "+ All very well.",
    ]
    # A save that changed nothing records nothing.
    assert correction_record(meeting=in_review, by=people["secretary"]) is None
    assert current_round(in_review).number == 1


def test_a_correction_the_public_will_not_read_keeps_every_approval(in_review, people):
    correct(in_review, people["secretary"], body="All well. [Nicc is unwell]{.personal}")
    approve(in_review, "chair", "ally", people=people)
    assert in_review.status == Meeting.Status.APPROVED

    correct(in_review, people["secretary"], body="All well. [Nicc is on leave]{.personal}")
    in_review.refresh_from_db()
    assert in_review.status == Meeting.Status.APPROVED
    assert approval_state(current_round(in_review)).to_confirm == []
    latest = AuditEntry.objects.filter(event=Event.CORRECTED).last()
    assert latest.detail.startswith("What the public will read did not change.")


def test_each_ally_sees_what_changed_since_they_approved_and_confirms_in_one_click(
    in_review, people
):
    approve(in_review, "ally", people=people)
    correct(in_review, people["secretary"], heading="News")
    approve(in_review, "chair", people=people)
    correct(in_review, people["secretary"], body="All very well.")
    now = public_text_now(in_review)
    round = current_round(in_review)
    ally, chair = (round.approvals.get(user=people[name]) for name in ("ally", "chair"))

    def changed(approval):
        return [(d.kind, d.text) for d in lines_diff(approval.public_text, now) if d.kind != "same"]

    assert changed(ally) == [
        ("removed", "## Updates"), ("added", "## News"),
        ("removed", "All well."), ("added", "All very well."),
    ]  # fmt: skip
    assert changed(chair) == [("removed", "All well."), ("added", "All very well.")]

    # A confirmation of words corrected again since they were read is refused.
    with pytest.raises(Conflict, match="corrected while you were reading"):
        approval_confirm(meeting=in_review, by=people["ally"], seen=fingerprint(ally.public_text))
    for name in ("ally", "chair"):
        approval_confirm(meeting=in_review, by=people[name], seen=fingerprint(now))
    in_review.refresh_from_db()
    assert in_review.status == Meeting.Status.APPROVED
    assert events(in_review).count(Event.CONFIRMED) == 2
    with pytest.raises(WorkflowError, match="not approved these notes"):
        approval_confirm(meeting=in_review, by=people["another"], seen=fingerprint(now))


def test_an_approval_of_words_corrected_while_they_were_read_is_refused(in_review, people):
    read = fingerprint(public_text_now(in_review))
    correct(in_review, people["secretary"], body="All very well.")
    with pytest.raises(Conflict):
        decision_record(meeting=in_review, by=people["ally"], decision="approve", seen=read)
    assert not Approval.objects.exists()
    now = fingerprint(public_text_now(in_review))
    decision_record(meeting=in_review, by=people["ally"], decision="approve", seen=now)
    assert Approval.objects.get().public_text == public_text_now(in_review)


def test_only_the_secretary_corrects_and_only_notes_out_for_review(meeting, in_review, people):
    item = in_review.agenda_items.get()
    update_if_unchanged(item, version=item.version, body="Changed by someone.")
    with pytest.raises(WorkflowError, match="role"):
        correction_record(meeting=in_review, by=people["ally"])
    assert not Correction.objects.exists()
    meeting_return_to_draft(meeting=in_review, by=people["secretary"])
    assert correction_record(meeting=in_review, by=people["secretary"]) is None
    assert Event.CORRECTED not in events(in_review)


def test_publishing_counts_only_approvals_of_the_words_published(in_review, people):
    approve(in_review, "chair", "ally", people=people)
    item = in_review.agenda_items.get()
    # A change that no correction recorded (as if a save had failed to tell the review):
    # the approvals are weighed against the notes as they are, not as last recorded.
    update_if_unchanged(item, version=item.version, body="Changed behind the review's back.")
    with pytest.raises(WorkflowError, match="not approved yet"):
        meeting_publish(meeting=in_review, by=people["secretary"])
    assert not Publication.objects.exists()


def test_notes_in_review_that_cannot_be_shown_safely_are_not_published(in_review, people):
    item = in_review.agenda_items.get()
    update_if_unchanged(item, version=item.version, body="A [mistyped mark]{.persnal}")
    correction_record(meeting=in_review, by=people["secretary"])
    entry = AuditEntry.objects.filter(event=Event.CORRECTED).get()
    assert entry.detail.startswith("The notes cannot be shown safely yet")
    with pytest.raises(WorkflowError, match="cannot be published as they stand"):
        meeting_publish(meeting=in_review, by=people["secretary"], override_reason="Now")
    assert not Publication.objects.exists()


# Suggested wordings.


def suggest(meeting, by, text, item=None):
    item = item or meeting.agenda_items.get()
    return suggestion_add(
        meeting=meeting, by=by, agenda_item=item, text=text, section_version=item.version
    )


def test_an_ally_suggests_a_wording_and_the_secretary_accepts_it(in_review, people):
    suggestion = suggest(in_review, people["ally"], "All well, and the grant is spent.")
    approve(in_review, "chair", "another", people=people)
    # A suggestion waiting for an answer holds the notes back, like a comment.
    assert in_review.status == Meeting.Status.IN_REVIEW
    assert approval_state(current_round(in_review)).suggestions == 1

    with pytest.raises(WorkflowError, match="role"):
        suggestion_accept(suggestion=suggestion, by=people["ally"])
    suggestion_accept(suggestion=suggestion, by=people["secretary"])
    item = in_review.agenda_items.get()
    assert (item.body, item.version) == ("All well, and the grant is spent.", 2)
    suggestion.refresh_from_db()
    assert (suggestion.outcome, suggestion.decided_by) == ("accepted", people["secretary"])
    assert Correction.objects.get().notes_text.endswith("All well, and the grant is spent.\n")
    assert events(in_review)[-2:] == [Event.SUGGESTION_ACCEPTED, Event.CORRECTED]
    assert Event.SUGGESTED in events(in_review)
    # The wording changed what the public reads: the approvals wait for confirmation.
    assert len(approval_state(current_round(in_review)).to_confirm) == 2
    with pytest.raises(WorkflowError, match="accepted"):
        suggestion_decline(suggestion=suggestion, by=people["secretary"])


def test_only_allies_suggest(in_review, people):
    with pytest.raises(WorkflowError, match="Only the group's allies suggest"):
        suggest(in_review, people["secretary"], "Secretary's words.")
    outsider = person(GroupFactory(), Membership.Role.MEMBER)
    with pytest.raises(WorkflowError, match="role"):
        suggest(in_review, outsider, "Let me in.")
    with pytest.raises(WorkflowError, match="not part of these notes"):
        suggest(in_review, people["ally"], "Elsewhere.", item=AgendaItemFactory())
    assert not Suggestion.objects.exists()


def test_a_suggestion_on_a_section_changed_since_is_a_conflict_not_an_overwrite(in_review, people):
    suggestion = suggest(in_review, people["ally"], "All well, said Mandy.")
    correct(in_review, people["secretary"], body="All well, said Lizzie.")
    with pytest.raises(Conflict, match="was changed after"):
        suggestion_accept(suggestion=suggestion, by=people["secretary"])
    assert in_review.agenda_items.get().body == "All well, said Lizzie."
    suggestion.refresh_from_db()
    assert suggestion.is_pending
    suggestion_decline(suggestion=suggestion, by=people["secretary"], reason="Lizzie said it.")
    suggestion.refresh_from_db()
    assert (suggestion.outcome, suggestion.reason) == ("declined", "Lizzie said it.")
    entry = AuditEntry.objects.filter(event=Event.SUGGESTION_DECLINED).get()
    assert entry.detail.endswith("Lizzie said it.")
    # A section changed while the ally was writing is a conflict too.
    item = in_review.agenda_items.get()
    with pytest.raises(Conflict, match="changed while you were writing"):
        suggestion_add(
            meeting=in_review, by=people["ally"], agenda_item=item, text="Mine.",
            section_version=item.version - 1,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("body", "text", "problem"),
    [
        ("All well.", "  All well.  ", "wording already"),
        ("All well.", "", "Write the wording"),
        ("All well.", "A [mistyped mark]{.persnal}", "cannot be used as it stands"),
        ("All well.", "## A heading of its own\n\nText", "cannot be used as it stands"),
        ("Nicc [is unwell]{.personal}.", "Nicc is unwell.", "Keep every passage"),
    ],
)
def test_a_suggested_wording_is_refused_in_plain_words(in_review, people, body, text, problem):
    correct(in_review, people["secretary"], body=body)
    with pytest.raises(WorkflowError, match=problem):
        suggest(in_review, people["ally"], text)
    assert not Suggestion.objects.exists()


def test_a_wording_may_correct_a_marked_passage_keeping_its_mark(in_review, people):
    correct(in_review, people["secretary"], body="Nicc [is unwel]{.personal}.")
    suggestion = suggest(in_review, people["ally"], "Nicc [is unwell]{.personal}.")
    suggestion_accept(suggestion=suggestion, by=people["secretary"])
    assert in_review.agenda_items.get().body == "Nicc [is unwell]{.personal}."


def test_the_secretary_asks_by_email_only_those_whose_approval_waits(
    in_review, people, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with pytest.raises(WorkflowError, match="No approval is waiting"):
        confirmation_request(meeting=in_review, by=people["secretary"], link="https://x.org/r/1/")
    approve(in_review, "chair", "ally", people=people)
    correct(in_review, people["secretary"], body="All very well.")
    decision_record(meeting=in_review, by=people["another"], decision="approve")
    with pytest.raises(WorkflowError, match="role"):
        confirmation_request(meeting=in_review, by=people["ally"], link="https://x.org/r/1/")
    with django_capture_on_commit_callbacks(execute=True):
        names = confirmation_request(
            meeting=in_review, by=people["secretary"], link="https://x.org/r/1/"
        )
    assert len(names) == 2
    [email] = mail.outbox
    assert sorted(email.to) == sorted(people[name].email for name in ("chair", "ally"))
    assert email.subject.startswith("Please confirm: ")
    assert "https://x.org/r/1/" in email.body
    entry = AuditEntry.objects.filter(event=Event.CONFIRMATION_ASKED).get()
    assert entry.detail == f"Asked {names[0]} and {names[1]}."
