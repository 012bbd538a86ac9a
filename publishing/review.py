"""The road from draft to published: review rounds, comments, approvals and the audit log.

draft → in review → approved → published, and back to draft for changes. The
secretary opens a round; the group's allies comment and approve or ask for
changes; the meeting is approved while the group's approval rule is met and no
comment is unresolved; then the secretary publishes (or overrides the rule,
with a reason that is recorded). Every step writes an audit entry.

A typo does not need a new round. While the notes are out for review the
secretary may correct them in the editor, and allies may suggest a wording for
a section, which the secretary accepts or declines. An approval is of the
public notes as they read when it was given: it stands while they still read
so, and asks its ally for a one-click confirmation once a correction changed
them. Each correction is recorded with the lines it changed.
"""

import datetime
import difflib
import hashlib
import re
from collections import Counter
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
from meetings.selectors import notes_of
from meetings.services import EditConflict, update_if_unchanged
from notesfile.format import format_notes
from notesfile.markup import Marked, MarkupError, parse_blocks, sub_heading_problem, walk
from notesfile.notes import Notes
from publishing import site
from publishing.models import (
    Approval,
    AuditEntry,
    Comment,
    Correction,
    Publication,
    ReviewRound,
    Suggestion,
    Withdrawal,
)
from publishing.redaction import redact
from publishing.render_text import notes_text
from publishing.services import (
    WorkflowError,
    audit,
    files_remove,
    listing_update,
    meeting_status_change,
    publication_create,
    published_actions,
)
from publishing.withheld import open_flags, pending_correction

Status = Meeting.Status
Event = AuditEntry.Event


class Conflict(WorkflowError):
    """Someone changed the same thing first; nothing was overwritten."""


def current_round(meeting: Meeting) -> ReviewRound | None:
    """The meeting's latest review round, open or not."""
    return meeting.review_rounds.order_by("-number").first()


def public_text_of(notes: Notes) -> str:
    """The public version of the notes as plain lines; WorkflowError if it cannot be made safely."""
    try:
        return notes_text(redact(notes, published_actions(notes)))
    except MarkupError as error:
        raise WorkflowError(f"The notes cannot be shown safely yet: {error}") from None


def public_text_now(meeting: Meeting) -> str:
    """The meeting's public notes as they read now; empty if they cannot be shown safely."""
    try:
        return public_text_of(notes_of(meeting))
    except WorkflowError:
        return ""


def fingerprint(text: str) -> str:
    """A short mark of a wording, sent with a form so that an answer is to what was read."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def approval_stands(approval: Approval, public_text: str, corrected: bool) -> bool:
    """An approval counts while the public notes read as they did when it was given."""
    if not approval.public_text:
        # Given before approvals recorded their wording, when notes in review
        # could not change: it stands until the round's first correction.
        return not corrected
    return approval.public_text == public_text


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
    to_confirm: list[str] = field(default_factory=list)
    suggestions: int = 0

    @property
    def ready(self) -> bool:
        """The rule is met and no comment or suggested wording is left undecided."""
        return self.rule_met and self.unresolved == 0 and self.suggestions == 0

    @property
    def missing(self) -> list[str]:
        """What still stands between the round and publishing, in plain words."""
        reasons = []
        if not self.rule_met:
            reasons.append(f"The rule is not met yet: {self.rule.lower()}.")
        if self.to_confirm:
            reasons.append(
                f"Corrected since {_names(self.to_confirm)} approved: "
                "their approval counts again once they confirm it."
            )
        if self.unresolved:
            reasons.append(
                f"{self.unresolved} comment{'s' if self.unresolved != 1 else ''} still to resolve."
            )
        if self.suggestions:
            plural = "s" if self.suggestions != 1 else ""
            reasons.append(f"{self.suggestions} suggested wording{plural} to accept or decline.")
        return reasons


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def approval_state(round: ReviewRound, public_text: str | None = None) -> ApprovalState:
    """Count a round's approvals that still stand against the group's rule.

    `public_text` is the public notes as they read now, if the caller has it.
    """
    group = round.meeting.group
    now = public_text_now(round.meeting) if public_text is None else public_text
    corrected = round.corrections.exists()
    allies = {term.member.user_id: term for term in reviewers(round.meeting)}
    decisions = list(round.approvals.select_related("user__member"))
    approvals = [
        d for d in decisions if d.decision == Approval.Decision.APPROVE and d.user_id in allies
    ]
    approving = [d for d in approvals if approval_stands(d, now, corrected)]
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
        to_confirm=[_name(d.user) for d in approvals if d not in approving],
        suggestions=round.suggestions.filter(outcome=Suggestion.Outcome.PENDING).count(),
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
    public_text = public_text_of(notes)
    previous = current_round(meeting)
    round = ReviewRound.objects.create(
        meeting=meeting,
        number=(previous.number + 1) if previous else 1,
        opened_by=by,
        message=message.strip(),
        deadline=deadline,
        notes_text=format_notes(notes),
        public_text=public_text,
    )
    meeting_status_change(meeting=meeting, status=Status.IN_REVIEW, by=by)
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
        + DRAFTS_ARE_PRIVATE
    )
    _email_allies(meeting, "Please review", body)


DRAFTS_ARE_PRIVATE = (
    "These are drafts: please do not share them. Only the published notes are public.\n"
)


def _email_allies(meeting: Meeting, subject: str, body: str, only: set[int] | None = None) -> None:
    """Email the group's allies (or `only` those users among them) about the meeting's notes."""
    recipients = [
        term.member.user.email or term.member.email
        for term in reviewers(meeting)
        if term.member.user
        and (only is None or term.member.user.pk in only)
        and (term.member.user.email or term.member.email)
    ]
    if recipients:
        send_mail(
            f"{subject}: {meeting.group.name} notes of {meeting.date:%-d %B %Y}",
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
    meeting_status_change(meeting=meeting, status=Status.DRAFT, by=by)
    audit(meeting, by, Event.RETURNED_TO_DRAFT, reason.strip())
    return meeting


def _open_round(meeting: Meeting) -> ReviewRound:
    round = meeting.review_rounds.filter(closed_at__isnull=True).first()
    if round is None or meeting.status not in (Status.IN_REVIEW, Status.APPROVED):
        raise WorkflowError("The notes are not out for review just now.")
    return round


def _reconsider(
    meeting: Meeting, round: ReviewRound, by: User | None, public_text: str | None = None
) -> None:
    """Approved while the rule is met and nothing is unresolved; in review otherwise."""
    ready = approval_state(round, public_text).ready
    status = Status.APPROVED if ready else Status.IN_REVIEW
    meeting_status_change(meeting=meeting, status=status, by=by)


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


def _require_reviewer(by: User, meeting: Meeting, doing: str) -> None:
    role = _require(by, meeting, Role.ALLY)
    if role >= Role.SECRETARY or not reviewers(meeting).filter(member__user=by).exists():
        raise WorkflowError(f"Only the group's allies {doing}.")


def _as_read(meeting: Meeting, seen: str | None) -> str:
    """The public notes now, if they are what the person answering read (`seen`)."""
    now = public_text_of(notes_of(meeting))
    if seen is not None and seen != fingerprint(now):
        raise Conflict(
            "The notes were corrected while you were reading them: "
            "read what changed, then answer again."
        )
    return now


@transaction.atomic
def decision_record(
    *, meeting: Meeting, by: User, decision: str, note: str = "", seen: str | None = None
) -> Approval:
    """An ally approves the round's draft, or asks for changes (which become a comment).

    `seen` is the fingerprint of the public notes the ally read; an approval
    of notes corrected since is refused, so nobody approves unread words.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(by, meeting, Role.ALLY)
    round = _open_round(meeting)
    _require_reviewer(by, meeting, doing="approve the notes")
    if decision == Approval.Decision.CHANGES and not note.strip():
        raise WorkflowError("Say what should change.")
    now = _as_read(meeting, seen if decision == Approval.Decision.APPROVE else None)
    approval, _ = Approval.objects.update_or_create(
        round=round,
        user=by,
        defaults={"decision": decision, "note": note.strip(), "public_text": now},
    )
    if decision == Approval.Decision.CHANGES:
        Comment.objects.create(round=round, author=by, text=note.strip(), about="")
        audit(meeting, by, Event.CHANGES_REQUESTED, note.strip())
    else:
        audit(meeting, by, Event.APPROVED, note.strip())
    _reconsider(meeting, round, by, now)
    return approval


@transaction.atomic
def approval_confirm(*, meeting: Meeting, by: User, seen: str | None) -> Approval:
    """An ally confirms their approval of notes the secretary corrected since, in one click."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(by, meeting, Role.ALLY)
    round = _open_round(meeting)
    approval = round.approvals.filter(user=by, decision=Approval.Decision.APPROVE).first()
    if approval is None:
        raise WorkflowError("You have not approved these notes in this round: answer below.")
    now = _as_read(meeting, seen)
    if approval.public_text == now:
        return approval
    approval.public_text = now
    approval.save(update_fields=["public_text", "decided_at"])
    audit(meeting, by, Event.CONFIRMED, "Approved the notes as corrected.")
    _reconsider(meeting, round, by, now)
    return approval


@transaction.atomic
def confirmation_request(*, meeting: Meeting, by: User, link: str) -> list[str]:
    """Email the allies whose approval waits for them to confirm the corrected notes."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(by, meeting, Role.SECRETARY)
    round = _open_round(meeting)
    now, corrected = public_text_now(meeting), round.corrections.exists()
    allies = set(reviewers(meeting).values_list("member__user", flat=True))
    waiting = [
        approval.user
        for approval in round.approvals.filter(decision=Approval.Decision.APPROVE)
        .select_related("user__member")
        .order_by("decided_at")
        if approval.user_id in allies and not approval_stands(approval, now, corrected)
    ]
    if not waiting:
        raise WorkflowError("No approval is waiting to be confirmed.")
    names = [_name(user) for user in waiting]
    audit(meeting, by, Event.CONFIRMATION_ASKED, f"Asked {_names(names)}.")
    body = (
        f"The draft notes of the {meeting.group.name} meeting on {meeting.date:%-d %B %Y} "
        "were corrected after you approved them, and what the public will read changed.\n\n"
        f"See exactly what changed, and confirm your approval in one click, here:\n{link}\n\n"
        + DRAFTS_ARE_PRIVATE
    )
    only = {user.pk for user in waiting}
    transaction.on_commit(lambda: _email_allies(meeting, "Please confirm", body, only))
    return names


@transaction.atomic
def correction_record(*, meeting: Meeting, by: User) -> Correction | None:
    """Record a change the secretary made to notes out for review, and weigh the approvals again.

    Called after each save in the editor while the notes are in review or
    approved, and when a suggested wording is accepted; a save that changed
    nothing records nothing. The audit entry says whether the public notes
    changed, and which lines of the notes did.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    round = meeting.review_rounds.filter(closed_at__isnull=True).first()
    if round is None or meeting.status not in (Status.IN_REVIEW, Status.APPROVED):
        return None
    _require(by, meeting, Role.SECRETARY)
    notes = notes_of(meeting)
    text = format_notes(notes)
    before: Correction | ReviewRound = round.corrections.order_by("-pk").first() or round
    if text == before.notes_text:
        return None
    try:
        public, effect = public_text_of(notes), ""
    except WorkflowError as error:
        public, effect = "", str(error)
    correction = Correction.objects.create(
        round=round, made_by=by, notes_text=text, public_text=public
    )
    if not effect:
        effect = (
            "What the public will read did not change."
            if public == before.public_text
            else "What the public will read changed."
        )
    changed = [line.marked for line in lines_diff(before.notes_text, text) if line.kind != "same"]
    if len(changed) > CHANGED_LINES_KEPT:
        more = len(changed) - CHANGED_LINES_KEPT
        changed = [*changed[:CHANGED_LINES_KEPT], f"… and {more} more changed lines."]
    audit(meeting, by, Event.CORRECTED, "\n".join([effect, *changed]))
    _reconsider(meeting, round, by, public)
    return correction


# An audit entry names this many changed lines of a correction at most.
CHANGED_LINES_KEPT = 40


def _marks(source: str) -> Counter[str]:
    """How many passages of each kind a section's text marks sensitive."""
    nodes = walk(parse_blocks(source))
    return Counter(node.sensitivity for node in nodes if isinstance(node, Marked))


def _wording_problem(text: str, original: str) -> str:
    """Why a suggested wording cannot be taken as it stands, or nothing."""
    if not text:
        return "Write the wording you suggest."
    if text == original.strip():
        return "That is the wording already: change it to suggest something."
    problem = sub_heading_problem(text)
    if problem:
        return f"Your wording cannot be used as it stands: {problem}."
    try:
        marks = _marks(text)
    except MarkupError as error:
        return f"Your wording cannot be used as it stands: {error}"
    if any(marks[kind] < count for kind, count in _marks(original).items()):
        # A suggestion is not the way to publish what is marked: that is a comment.
        return (
            "Keep every passage that is marked to be left out, with its mark: your wording "
            "has fewer. To suggest publishing one, write a comment instead."
        )
    return ""


@transaction.atomic
def suggestion_add(
    *,
    meeting: Meeting,
    by: User,
    agenda_item: AgendaItem,
    text: str,
    section_version: int,
    note: str = "",
) -> Suggestion:
    """An ally suggests a wording for a section of the notes under review."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(by, meeting, Role.ALLY)
    round = _open_round(meeting)
    _require_reviewer(by, meeting, doing="suggest a wording")
    item = AgendaItem.objects.filter(pk=agenda_item.pk, meeting=meeting).first()
    if item is None:
        raise WorkflowError("That section is not part of these notes.")
    if item.version != section_version:
        raise Conflict(
            f"“{item.heading}” was changed while you were writing. Your wording is kept: "
            "compare it with the section as it reads now, then send it again."
        )
    text = text.replace("\r\n", "\n").strip()
    problem = _wording_problem(text, item.body)
    if problem:
        raise WorkflowError(problem)
    suggestion = Suggestion.objects.create(
        round=round,
        author=by,
        agenda_item=item,
        about=item.heading,
        section_version=item.version,
        original=item.body,
        text=text,
        note=note.strip(),
    )
    audit(meeting, by, Event.SUGGESTED, f"On {item.heading}: {suggestion.note or text}")
    _reconsider(meeting, round, by)
    return suggestion


def _pending_suggestion(suggestion: Suggestion, by: User) -> tuple[Meeting, ReviewRound]:
    """The meeting and round of a suggestion the secretary may decide on now, locked."""
    meeting = Meeting.objects.select_for_update().get(pk=suggestion.round.meeting_id)
    _require(by, meeting, Role.SECRETARY)
    round = _open_round(meeting)
    suggestion.refresh_from_db()
    if suggestion.round_id != round.pk:
        raise WorkflowError("Only a suggestion of the current round can be taken up.")
    if not suggestion.is_pending:
        raise WorkflowError(f"That suggestion was {suggestion.get_outcome_display().lower()}.")
    return meeting, round


def _decided(suggestion: Suggestion, outcome: str, by: User, reason: str = "") -> None:
    suggestion.outcome = outcome
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion.reason = reason.strip()
    suggestion.save(update_fields=["outcome", "decided_by", "decided_at", "reason"])


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, by: User) -> Suggestion:
    """The secretary takes up a suggested wording: it becomes the section's text.

    Written only if the section is still at the version the ally wrote
    against; a section changed since is a Conflict, never overwritten.
    """
    meeting, _ = _pending_suggestion(suggestion, by)
    item = suggestion.agenda_item
    try:
        if item is None:
            raise EditConflict(None)
        update_if_unchanged(item, version=suggestion.section_version, body=suggestion.text)
    except EditConflict:
        raise Conflict(
            f"“{suggestion.about}” was changed after {_name(suggestion.author)} suggested this, "
            "so it was not applied: copy what you want of it in the editor, or decline it."
        ) from None
    _decided(suggestion, Suggestion.Outcome.ACCEPTED, by)
    audit(
        meeting,
        by,
        Event.SUGGESTION_ACCEPTED,
        f"{_name(suggestion.author)}'s wording of {suggestion.about}",
    )
    correction_record(meeting=meeting, by=by)
    return suggestion


@transaction.atomic
def suggestion_decline(*, suggestion: Suggestion, by: User, reason: str = "") -> Suggestion:
    """The secretary leaves a section as it is, saying why if they wish."""
    meeting, round = _pending_suggestion(suggestion, by)
    _decided(suggestion, Suggestion.Outcome.DECLINED, by, reason)
    detail = f"{_name(suggestion.author)}'s wording of {suggestion.about}"
    audit(meeting, by, Event.SUGGESTION_DECLINED, f"{detail}: {reason.strip()}".strip(": "))
    _reconsider(meeting, round, by)
    return suggestion


@transaction.atomic
def meeting_publish(
    *, meeting: Meeting, by: User, override_reason: str = "", correction_note: str = ""
) -> Publication:
    """Publish approved notes, or notes in review with a recorded reason for overriding."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(by, meeting, Role.SECRETARY)
    round = meeting.review_rounds.filter(closed_at__isnull=True).first()
    flagged = (
        len(open_flags(meeting)) if meeting.status in (Status.IN_REVIEW, Status.APPROVED) else 0
    )
    if flagged and not override_reason.strip():
        raise WorkflowError(
            f"{flagged} passage{'s' if flagged != 1 else ''} flagged by the sensitivity check "
            f"{'are' if flagged != 1 else 'is'} still to decide: mark each, or keep it public. "
            "Publish anyway only with a reason, which is recorded."
        )
    if meeting.status == Status.APPROVED and round and approval_state(round).ready and not flagged:
        pass
    elif meeting.status in (Status.IN_REVIEW, Status.APPROVED) and override_reason.strip():
        state = approval_state(round) if round else None
        missing = " ".join(state.missing) if state else "No review round."
        if flagged:
            missing += f" {flagged} sensitivity flag{'s' if flagged != 1 else ''} not decided."
        audit(meeting, by, Event.OVERRIDDEN, f"{override_reason.strip()} (Not met: {missing})")
    elif meeting.status in (Status.IN_REVIEW, Status.APPROVED):
        raise WorkflowError(
            "The notes are not approved yet. Publish anyway only with a reason, which is recorded."
        )
    else:
        _require_status(meeting, Status.APPROVED, doing="publish")
    releases = meeting.releases.filter(publication__isnull=True)
    correction_note = correction_note.strip() or pending_correction(meeting)
    try:
        publication = publication_create(meeting=meeting, by=by, correction_note=correction_note)
    except ValidationError as error:
        raise WorkflowError(" ".join(error.messages)) from None
    except MarkupError as error:  # notes corrected in review may not be safe to show
        raise WorkflowError(f"The notes cannot be published as they stand: {error}") from None
    releases.update(publication=publication)
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
    """One line of the difference between two texts, the words that changed in it marked."""

    kind: str  # "same", "added", "removed", or "gap" for unchanged lines left out
    text: str
    # The line in stretches, True where a word changed; empty when nothing is marked.
    parts: tuple[tuple[str, bool], ...] = ()

    @property
    def stretches(self) -> tuple[tuple[str, bool], ...]:
        return self.parts or ((self.text, False),)

    @property
    def marked(self) -> str:
        """The line as an audit entry writes it: "+ added" or "− removed"."""
        return {"added": "+ ", "removed": "− "}.get(self.kind, "  ") + self.text


def lines_diff(earlier: str, later: str) -> list[DiffLine]:
    """What changed between two texts, line by line; in an edited line, the words that did."""
    before, after = earlier.splitlines(), later.splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += [DiffLine("same", text) for text in before[i1:i2]]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            # Edited lines, each shown beside what it was, with its changed words marked.
            for old, new in zip(before[i1:i2], after[j1:j2], strict=True):
                old_parts, new_parts = _changed_words(old, new)
                lines += [DiffLine("removed", old, old_parts), DiffLine("added", new, new_parts)]
        else:
            lines += [DiffLine("removed", text) for text in before[i1:i2]]
            lines += [DiffLine("added", text) for text in after[j1:j2]]
    return lines


WORD = re.compile(r"\w+|\s+|[^\w\s]")


def _changed_words(old: str, new: str) -> tuple[tuple[tuple[str, bool], ...], ...]:
    """Two versions of a line in stretches, True for the words that differ."""
    a, b = WORD.findall(old), WORD.findall(new)
    old_parts: list[tuple[str, bool]] = []
    new_parts: list[tuple[str, bool]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        _add(old_parts, "".join(a[i1:i2]), tag != "equal")
        _add(new_parts, "".join(b[j1:j2]), tag != "equal")
    return tuple(old_parts), tuple(new_parts)


def _add(parts: list[tuple[str, bool]], text: str, changed: bool) -> None:
    if not text:
        return
    if parts and parts[-1][1] == changed:
        parts[-1] = (parts[-1][0] + text, changed)
    else:
        parts.append((text, changed))


def around_changes(lines: list[DiffLine], context: int = 1) -> list[DiffLine]:
    """The changed lines with `context` unchanged lines either side; a gap for the rest."""
    changed = [i for i, line in enumerate(lines) if line.kind != "same"]
    kept = {j for i in changed for j in range(i - context, i + context + 1)}
    shown: list[DiffLine] = []
    for i, line in enumerate(lines):
        if i in kept:
            shown.append(line)
        elif not shown or shown[-1].kind != "gap":
            shown.append(DiffLine("gap", "…"))
    return shown


def rounds_diff(earlier: ReviewRound, later: ReviewRound) -> list[DiffLine]:
    """What changed in the notes between two rounds, line by line."""
    return lines_diff(earlier.notes_text, later.notes_text)
