"""The road from draft to published: review rounds, comments, approvals and the audit log.

draft → in review → approved → published, and back to draft for changes. The
secretary opens a round; the group's allies comment and approve or ask for
changes; the meeting is approved while the group's approval rule is met and no
comment is unresolved; then the secretary publishes (or overrides the rule,
with a reason that is recorded). Every step writes an audit entry.
"""

import datetime
import difflib
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from actions.models import Action
from allies.models import Membership
from allies.roles import Role, role_in
from meetings.models import AgendaItem, Meeting
from meetings.notes_format import format_notes
from meetings.selectors import notes_of
from notesfile.markup import MarkupError
from publishing import site
from publishing.models import (
    Approval,
    AuditEntry,
    Comment,
    Publication,
    ReviewRound,
    Withdrawal,
)
from publishing.redaction import redact
from publishing.services import files_remove, listing_update, publication_create

Status = Meeting.Status
Event = AuditEntry.Event


class WorkflowError(Exception):
    """A step that cannot be taken from where the meeting stands; the message says why."""


def audit(meeting: Meeting, actor: User | None, event: str, detail: str = "") -> AuditEntry:
    """Write one line of the meeting's audit log."""
    return AuditEntry.objects.create(
        group_id=meeting.group_id, meeting=meeting, actor=actor, event=event, detail=detail
    )


def current_round(meeting: Meeting) -> ReviewRound | None:
    """The meeting's latest review round, open or not."""
    return meeting.review_rounds.order_by("-number").first()


def reviewers(meeting: Meeting) -> QuerySet[Membership]:
    """The terms of the allies who review this group's drafts: current, with a login, not staff."""
    return (
        Membership.objects.current()
        .filter(group_id=meeting.group_id, member__user__isnull=False, member__user__is_active=True)
        .exclude(role=Membership.Role.STAFF)
        .select_related("member__user")
    )


@dataclass(frozen=True)
class ApprovalState:
    """Where a round stands against the group's approval rule."""

    rule: str
    approved_by: list[str] = field(default_factory=list)
    changes_asked_by: list[str] = field(default_factory=list)
    chair_approved: bool = False
    needed: int = 0
    unresolved: int = 0
    rule_met: bool = False

    @property
    def ready(self) -> bool:
        """The rule is met and no comment is left unresolved."""
        return self.rule_met and self.unresolved == 0

    @property
    def missing(self) -> list[str]:
        """What still stands between the round and publishing, in plain words."""
        reasons = []
        if not self.rule_met:
            reasons.append(f"The rule is not met yet: {self.rule.lower()}.")
        if self.unresolved:
            reasons.append(
                f"{self.unresolved} comment{'s' if self.unresolved != 1 else ''} still to resolve."
            )
        return reasons


def approval_state(round: ReviewRound) -> ApprovalState:
    """Count a round's approvals against the group's rule."""
    group = round.meeting.group
    allies = {term.member.user_id: term for term in reviewers(round.meeting)}
    decisions = list(round.approvals.select_related("user__member"))
    approving = [
        d for d in decisions if d.decision == Approval.Decision.APPROVE and d.user_id in allies
    ]
    chair_approved = any(allies[d.user_id].role == Membership.Role.CHAIR for d in approving)
    needed = group.approvals_needed
    if group.approval_rule == group.ApprovalRule.CHAIR:
        met = chair_approved
    elif group.approval_rule == group.ApprovalRule.COUNT:
        met = len(approving) >= needed
    else:
        met = chair_approved and len(approving) >= needed
    rule = group.get_approval_rule_display()
    if group.approval_rule != group.ApprovalRule.CHAIR:
        rule = f"{rule} ({needed} needed)"
    return ApprovalState(
        rule=rule,
        approved_by=[_name(d.user) for d in approving],
        changes_asked_by=[
            _name(d.user) for d in decisions if d.decision == Approval.Decision.CHANGES
        ],
        chair_approved=chair_approved,
        needed=needed,
        unresolved=round.comments.filter(reply_to__isnull=True, resolved_at__isnull=True).count(),
        rule_met=met,
    )


def _name(user: User) -> str:
    member = getattr(user, "member", None)
    return member.name_in_notes if member else user.get_username()


def _require(user: User, meeting: Meeting, at_least: Role) -> Role:
    role = role_in(user, meeting.group)
    if role < at_least:
        raise WorkflowError("You do not have a role in this group that allows this.")
    return role


def _require_status(meeting: Meeting, *allowed: str, doing: str) -> None:
    if meeting.status not in allowed:
        raise WorkflowError(
            f"Cannot {doing}: the notes are {meeting.get_status_display().lower()}."
        )


def _set_status(meeting: Meeting, status: str, by: User | None) -> None:
    if meeting.status == status:
        return
    before = meeting.get_status_display()
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at"])
    audit(meeting, by, Event.STATUS_CHANGED, f"{before} → {meeting.get_status_display()}")


@transaction.atomic
def review_open(
    *,
    meeting: Meeting,
    by: User,
    message: str = "",
    deadline: datetime.date | None = None,
    link: str = "",
) -> ReviewRound:
    """Send a draft to the group's allies for review, as a new round."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(by, meeting, Role.SECRETARY)
    _require_status(meeting, Status.DRAFT, doing="send the notes for review")
    notes = notes_of(meeting)
    try:
        redact(notes)
    except MarkupError as error:
        raise WorkflowError(f"The notes cannot be shown safely yet: {error}") from None
    previous = current_round(meeting)
    round = ReviewRound.objects.create(
        meeting=meeting,
        number=(previous.number + 1) if previous else 1,
        opened_by=by,
        message=message.strip(),
        deadline=deadline,
        notes_text=format_notes(notes),
    )
    _set_status(meeting, Status.IN_REVIEW, by)
    audit(meeting, by, Event.ROUND_OPENED, f"Round {round.number}. {round.message}".strip())
    transaction.on_commit(lambda: _tell_allies(round, link))
    return round


def _tell_allies(round: ReviewRound, link: str) -> None:
    meeting = round.meeting
    deadline = f" by {round.deadline:%A %-d %B}" if round.deadline else ""
    body = (
        f"The draft notes of the {meeting.group.name} meeting on {meeting.date:%-d %B %Y} "
        f"are ready for you to review{deadline}.\n\n"
        + (f"{round.message}\n\n" if round.message else "")
        + f"Read them, comment and approve here:\n{link}\n\n"
        "These are drafts: please do not share them. Only the published notes are public.\n"
    )
    recipients = [
        term.member.user.email or term.member.email
        for term in reviewers(meeting)
        if term.member.user and (term.member.user.email or term.member.email)
    ]
    if recipients:
        send_mail(
            f"Please review: {meeting.group.name} notes of {meeting.date:%-d %B %Y}",
            body,
            None,
            sorted(set(recipients)),
        )


@transaction.atomic
def meeting_return_to_draft(*, meeting: Meeting, by: User, reason: str = "") -> Meeting:
    """Take the notes back to draft for changes; the current round closes."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(by, meeting, Role.SECRETARY)
    _require_status(
        meeting, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED, doing="return them to draft"
    )
    meeting.review_rounds.filter(closed_at__isnull=True).update(closed_at=timezone.now())
    _set_status(meeting, Status.DRAFT, by)
    audit(meeting, by, Event.RETURNED_TO_DRAFT, reason.strip())
    return meeting


def _open_round(meeting: Meeting) -> ReviewRound:
    round = meeting.review_rounds.filter(closed_at__isnull=True).first()
    if round is None or meeting.status not in (Status.IN_REVIEW, Status.APPROVED):
        raise WorkflowError("The notes are not out for review just now.")
    return round


def _reconsider(meeting: Meeting, round: ReviewRound, by: User | None) -> None:
    """Approved while the rule is met and nothing is unresolved; in review otherwise."""
    ready = approval_state(round).ready
    _set_status(meeting, Status.APPROVED if ready else Status.IN_REVIEW, by)


@transaction.atomic
def comment_add(
    *,
    meeting: Meeting,
    by: User,
    text: str,
    agenda_item: AgendaItem | None = None,
    action: Action | None = None,
    suggested_sensitivity: str = "",
    reply_to: Comment | None = None,
) -> Comment:
    """Comment on the draft under review, on a section or an action, or answer a comment."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(by, meeting, Role.ALLY)
    round = _open_round(meeting)
    if not text.strip():
        raise WorkflowError("Write something to comment.")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise WorkflowError("That section is not part of these notes.")
    if action is not None and action.meeting_id != meeting.pk:
        raise WorkflowError("That action is not part of these notes.")
    if reply_to is not None:
        if reply_to.round_id != round.pk:
            raise WorkflowError("That comment is not part of this round.")
        agenda_item, action = reply_to.agenda_item, reply_to.action
        suggested_sensitivity = ""
    about = agenda_item.heading if agenda_item else (action.reference if action else "")
    comment = Comment.objects.create(
        round=round,
        author=by,
        agenda_item=agenda_item,
        action=action,
        about=about,
        text=text.strip(),
        suggested_sensitivity=suggested_sensitivity,
        reply_to=reply_to,
    )
    event = Event.ANSWERED if reply_to else Event.COMMENTED
    suggestion = f" (suggests: {suggested_sensitivity})" if suggested_sensitivity else ""
    audit(meeting, by, event, f"On {about or 'the notes'}{suggestion}: {comment.text}")
    if reply_to is None:
        _reconsider(meeting, round, by)
    return comment


@transaction.atomic
def comment_resolve(*, comment: Comment, by: User) -> Comment:
    """The secretary marks a comment dealt with."""
    meeting = Meeting.objects.select_for_update().get(pk=comment.round.meeting_id)
    _require(by, meeting, Role.SECRETARY)
    round = _open_round(meeting)
    if comment.round_id != round.pk or comment.reply_to_id is not None:
        raise WorkflowError("Only a comment of the current round can be resolved.")
    if comment.is_resolved:
        return comment
    comment.resolved_at = timezone.now()
    comment.resolved_by = by
    comment.save(update_fields=["resolved_at", "resolved_by"])
    audit(meeting, by, Event.RESOLVED, f"On {comment.about or 'the notes'}: {comment.text}")
    _reconsider(meeting, round, by)
    return comment


@transaction.atomic
def decision_record(*, meeting: Meeting, by: User, decision: str, note: str = "") -> Approval:
    """An ally approves the round's draft, or asks for changes (which become a comment)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    role = _require(by, meeting, Role.ALLY)
    round = _open_round(meeting)
    if role >= Role.SECRETARY or not reviewers(meeting).filter(member__user=by).exists():
        raise WorkflowError("Only the group's allies approve the notes.")
    if decision == Approval.Decision.CHANGES and not note.strip():
        raise WorkflowError("Say what should change.")
    approval, _ = Approval.objects.update_or_create(
        round=round, user=by, defaults={"decision": decision, "note": note.strip()}
    )
    if decision == Approval.Decision.CHANGES:
        Comment.objects.create(round=round, author=by, text=note.strip(), about="")
        audit(meeting, by, Event.CHANGES_REQUESTED, note.strip())
    else:
        audit(meeting, by, Event.APPROVED, note.strip())
    _reconsider(meeting, round, by)
    return approval


@transaction.atomic
def meeting_publish(
    *, meeting: Meeting, by: User, override_reason: str = "", correction_note: str = ""
) -> Publication:
    """Publish approved notes, or notes in review with a recorded reason for overriding."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(by, meeting, Role.SECRETARY)
    round = meeting.review_rounds.filter(closed_at__isnull=True).first()
    if meeting.status == Status.APPROVED and round and approval_state(round).ready:
        pass
    elif meeting.status in (Status.IN_REVIEW, Status.APPROVED) and override_reason.strip():
        state = approval_state(round) if round else None
        missing = " ".join(state.missing) if state else "No review round."
        audit(meeting, by, Event.OVERRIDDEN, f"{override_reason.strip()} (Not met: {missing})")
    elif meeting.status in (Status.IN_REVIEW, Status.APPROVED):
        raise WorkflowError(
            "The notes are not approved yet. Publish anyway only with a reason, which is recorded."
        )
    else:
        _require_status(meeting, Status.APPROVED, doing="publish")
    try:
        publication = publication_create(meeting=meeting, by=by, correction_note=correction_note)
    except ValidationError as error:
        raise WorkflowError(" ".join(error.messages)) from None
    meeting.review_rounds.filter(closed_at__isnull=True).update(closed_at=timezone.now())
    meeting.refresh_from_db()
    audit(meeting, by, Event.PUBLISHED, f"Version {publication.version}")
    return publication


@transaction.atomic
def publication_withdraw(
    *, publication: Publication, by: User, reason: str, public_note: str = ""
) -> Withdrawal:
    """Take back a published version: its page, files and search text are gone for good.

    For a version that showed what should have been left out. The record that
    it existed, when, and why it was withdrawn stays (in the history); its
    content does not, anywhere: the database row is emptied and the files are
    deleted once the withdrawal is committed.
    """
    publication = (
        Publication.objects.select_for_update()
        .select_related("meeting__group")
        .get(pk=publication.pk)
    )
    meeting = publication.meeting
    _require(by, meeting, Role.SECRETARY)
    if not reason.strip():
        raise WorkflowError("Say why the version is withdrawn; it is kept in the history.")
    if Withdrawal.objects.filter(publication=publication).exists():
        raise WorkflowError(f"Version {publication.version} is withdrawn already.")
    files = [name for name in (publication.pdf.name, publication.docx.name) if name]
    withdrawal = Withdrawal.objects.create(
        publication=publication, withdrawn_by=by, reason=reason.strip(),
        public_note=public_note.strip(),
    )  # fmt: skip
    Publication.objects.filter(pk=publication.pk).purge()
    listing_update(meeting=meeting)
    site.changed(meeting.group.slug)
    audit(meeting, by, Event.WITHDRAWN, f"Version {publication.version}: {reason.strip()}")
    transaction.on_commit(lambda: files_remove(files))
    return withdrawal


@dataclass(frozen=True)
class DiffLine:
    """One line of the difference between two rounds' notes."""

    kind: str  # "same", "added" or "removed"
    text: str


def rounds_diff(earlier: ReviewRound, later: ReviewRound) -> list[DiffLine]:
    """What changed in the notes between two rounds, line by line."""
    lines = []
    for line in difflib.ndiff(earlier.notes_text.splitlines(), later.notes_text.splitlines()):
        code, text = line[:2], line[2:]
        if code == "? ":
            continue
        kind = {"+ ": "added", "- ": "removed"}.get(code, "same")
        lines.append(DiffLine(kind, text))
    return lines
