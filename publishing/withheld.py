"""Keeping the group's promise: flags to decide before publishing, the withheld register, releases.

The sensitivity check (notesfile.sensitivity) flags passages that look
personal or financial; the secretary marks each or keeps it public, and
publishing waits for every flag to be decided. Whatever is withheld from
published notes is listed in the group's register with its reason and its
reconsider date; once that date has come, the secretary is told, and may
release the part: the notes go back to draft with it made public, and the
next version, reviewed like any other, says so in its correction note.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from actions.models import Action, ActionUpdate
from allies.models import Group, Member, Membership
from allies.roles import Role, role_in
from meetings.models import AgendaItem, Attendance, Meeting
from meetings.selectors import notes_of
from meetings.services import update_if_unchanged
from notesfile.markup import KIND_WORDS, MarkupError, parse_blocks, parse_inline
from notesfile.sensitivity import Flag, check
from notesfile.withheld import add_mark, find_marks, unmark
from publishing.models import AuditEntry, Release, SensitivityDecision, WithheldNotice
from publishing.services import meeting_status_change

Status = Meeting.Status
Decision = SensitivityDecision.Decision


class WithheldError(Exception):
    """A step on a flag or a withheld part that cannot be taken; the message says why."""


def _audit(meeting: Meeting, by: User, event: str, detail: str) -> None:
    AuditEntry.objects.create(
        group_id=meeting.group_id, meeting=meeting, actor=by, event=event, detail=detail
    )


def _require_secretary(user: User, meeting: Meeting) -> None:
    if role_in(user, meeting.group) < Role.SECRETARY:
        raise WithheldError("Only the group's secretary can do this.")


# ---- Flags --------------------------------------------------------------------------


@dataclass(frozen=True)
class FlagState:
    """A flag of the check, and the decision taken on it, if any."""

    flag: Flag
    decision: SensitivityDecision | None

    @property
    def open(self) -> bool:
        return self.decision is None or self.decision.decision != Decision.PUBLIC


def people_of(group: Group) -> list[str]:
    """The names the group's notes may use for its people: full names and short names."""
    members = Member.objects.filter(
        Q(memberships__group=group) | Q(attendances__meeting__group=group)
    ).distinct()
    return [name for m in members for name in (m.full_name, m.short_name) if name]


def flags_of(meeting: Meeting) -> list[FlagState]:
    """What the check flags in the meeting's notes as they stand, with the decisions taken."""
    flags = check(notes_of(meeting), people_of(meeting.group))
    decisions = {d.key: d for d in meeting.sensitivity_decisions.select_related("decided_by")}
    return [FlagState(flag, decisions.get(flag.key)) for flag in flags]


def open_flags(meeting: Meeting) -> list[FlagState]:
    return [state for state in flags_of(meeting) if state.open]


def _flag(meeting: Meeting, key: str) -> Flag:
    for state in flags_of(meeting):
        if state.flag.key == key:
            return state.flag
    raise WithheldError("That passage is no longer flagged: it was changed or marked meanwhile.")


@transaction.atomic
def flag_keep_public(*, meeting: Meeting, key: str, by: User) -> SensitivityDecision:
    """Record that a flagged passage stays public, and who decided."""
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    _require_secretary(by, meeting)
    flag = _flag(meeting, key)
    decision, _ = SensitivityDecision.objects.update_or_create(
        meeting=meeting,
        key=flag.key,
        defaults={"kind": flag.kind, "where": flag.where, "passage": flag.passage,
                  "decision": Decision.PUBLIC, "decided_by": by},
    )  # fmt: skip
    _audit(meeting, by, AuditEntry.Event.FLAG_DECIDED, f"Kept public ({flag.where}): {flag.why}")
    return decision


@transaction.atomic
def flag_mark(*, meeting: Meeting, key: str, kind: str, by: User) -> SensitivityDecision:
    """Mark a flagged passage (or its action) personal or financial, so it is left out."""
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    _require_secretary(by, meeting)
    if meeting.status not in (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED):
        raise WithheldError("These notes are published: return them to draft to change them.")
    if kind not in KIND_WORDS:
        raise WithheldError("Mark it personal, financial or confidential.")
    flag = _flag(meeting, key)
    target, field, source, inline = _field_of(meeting, flag)
    try:
        if isinstance(target, Action):
            update_if_unchanged(target, version=target.version, sensitivity=kind)
        else:
            marked = add_mark(
                source, flag.start, flag.end, kind, parse_inline if inline else parse_blocks
            )
            update_if_unchanged(target, version=_version(target), **{field: marked})
    except MarkupError as error:
        raise WithheldError(f"Not marked: {error}.") from None
    decision, _ = SensitivityDecision.objects.update_or_create(
        meeting=meeting,
        key=flag.key,
        defaults={"kind": kind, "where": flag.where, "passage": flag.passage,
                  "decision": Decision.MARKED, "decided_by": by},
    )  # fmt: skip
    _audit(meeting, by, AuditEntry.Event.FLAG_DECIDED, f"Marked {kind} ({flag.where})")
    return decision


def _field_of(meeting: Meeting, flag: Flag) -> tuple[models.Model, str, str, bool]:
    """The row and field a flag's passage is written in, its source, and whether it is one line."""
    part, index = flag.part
    if part == "section":
        item = list(meeting.agenda_items.all())[int(index)]
        return item, flag.field, getattr(item, flag.field), flag.field == "heading"
    if part == "action":
        action = meeting.actions.get(number=index)
        return action, "text", action.text, True
    if part == "carried":
        # The notes' rows of earlier actions, in the order the snapshot lists them.
        carried = list(meeting.action_updates.order_by("position", "pk"))[int(index)]
        return carried, flag.field, getattr(carried, flag.field), True
    if part == "guest":
        row = meeting.attendances.get(member__full_name=index)
        return row, "introduction", row.introduction, False
    return meeting, "conflicts", meeting.conflicts, False


def flags_context(meeting: Meeting, role: Role, back: str) -> dict[str, Any]:
    """The flags of the meeting's notes, and where their buttons return to."""
    flags = flags_of(meeting)
    return {
        "meeting": meeting,
        "flags": flags,
        "open_count": sum(1 for state in flags if state.open),
        "is_secretary": role >= Role.SECRETARY,
        "can_mark": meeting.status != Meeting.Status.PUBLISHED,
        "back": back if back in ("editor", "review") else "",
    }


# ---- The withheld register ----------------------------------------------------------


@dataclass(frozen=True)
class WithheldPart:
    """One thing published notes keep from the public, with its reason and date."""

    meeting: Meeting
    key: str
    what: str  # as the public may read it: "a financial passage in the section “Capacity”"
    where: str  # as the secretary knows it, which may name what is withheld
    sensitivity: str
    why: str
    until: datetime.date | None
    text: str

    @property
    def released_what(self) -> str:
        """What the correction note calls it, once public: a section may be named by its heading."""
        return self.where if self.key.startswith("section-") else self.what

    @property
    def due(self) -> bool:
        return self.until is not None and self.until <= timezone.localdate()


def published_meetings(group: Group) -> models.QuerySet[Meeting]:
    """The group's meetings that have a version standing in public."""
    return (
        Meeting.objects.for_group(group)
        .filter(publications__isnull=False, publications__withdrawal__isnull=True)
        .distinct()
        .order_by("-date")
    )


def withheld_register(group: Group) -> list[WithheldPart]:
    """Everything the group's published notes withhold, meeting by meeting."""
    return [part for meeting in published_meetings(group) for part in withheld_parts(meeting)]


def withheld_parts(meeting: Meeting) -> list[WithheldPart]:
    """What the meeting's notes, as they stand, keep from the public."""
    parts: list[WithheldPart] = []
    for position, item in enumerate(meeting.agenda_items.all(), start=1):
        if item.sensitivity != "public":
            parts.append(
                WithheldPart(meeting, f"section-{item.pk}", f"section {position}",
                             f"the section “{item.heading}”", item.sensitivity,
                             item.withheld_why, item.withheld_until, item.body)
            )  # fmt: skip
            continue
        parts += _passages(meeting, item, "heading", f"the section “{item.heading}”", inline=True)
        parts += _passages(meeting, item, "body", f"the section “{item.heading}”")
    for action in meeting.actions.order_by("number"):
        if action.sensitivity != "public":
            parts.append(
                WithheldPart(meeting, f"action-{action.pk}", f"action {action.number}",
                             f"action {action.number}", action.sensitivity,
                             action.withheld_why, action.withheld_until, action.text)
            )  # fmt: skip
            continue
        parts += _passages(meeting, action, "text", f"action {action.number}", inline=True)
    for update in meeting.action_updates.select_related("action__meeting"):
        label = update.action.reference if update.action else update.label or update.text[:40]
        parts += _passages(meeting, update, "text", f"earlier action {label}", inline=True)
        parts += _passages(meeting, update, "note", f"the update on action {label}", inline=True)
    for row in meeting.attendances.exclude(introduction="").select_related("member"):
        where = f"the introduction of {row.member.full_name}"
        parts += _passages(meeting, row, "introduction", where)
    parts += _passages(meeting, meeting, "conflicts", "the conflicts of interest")
    return parts


def _passages(
    meeting: Meeting, row: models.Model, field: str, where: str, *, inline: bool = False
) -> Iterator[WithheldPart]:
    source = getattr(row, field)
    if "]{" not in source:
        return
    try:
        marks = find_marks(source, parse_inline if inline else parse_blocks)
    except MarkupError:
        return
    for mark in marks:
        yield WithheldPart(
            meeting,
            f"{type(row).__name__.lower()}-{row.pk}-{field}-{mark.key(source)}",
            f"a {mark.sensitivity} passage in {where}",
            f"a passage in {where}",
            mark.sensitivity,
            mark.why,
            mark.until,
            mark.passage(source),
        )


def due_parts(group: Group) -> list[WithheldPart]:
    """Withheld parts whose reconsider date has come.

    Only the meetings that may hold one are read: those whose listing says a
    reconsider date has come (Listing.reconsider_from, kept as notes are
    published), and those being corrected, whose notes may have changed since.
    """
    today = timezone.localdate()
    # A listing stands for the meeting's version standing in public (see published_meetings).
    meetings = (
        Meeting.objects.for_group(group)
        .filter(listing__isnull=False)
        .filter(Q(listing__reconsider_from__lte=today) | ~Q(status=Status.PUBLISHED))
        .order_by("-date")
    )
    return [part for meeting in meetings for part in withheld_parts(meeting) if part.due]


# ---- Release ------------------------------------------------------------------------


@transaction.atomic
def withheld_release(*, meeting: Meeting, key: str, by: User) -> Release:
    """Make a withheld part public in a correction: the notes go back to draft with it public.

    Nothing becomes public here: the correction is reviewed and published
    like any version, and its correction note says what was released.
    """
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    _require_secretary(by, meeting)
    publications = list(meeting.publications.select_related("withdrawal").order_by("version"))
    if not publications:
        raise WithheldError(
            "These notes have not been published, so nothing of them is withheld from the "
            "public yet: change them in the editor."
        )
    if publications[-1].is_withdrawn:
        raise WithheldError(
            "The published notes of this meeting were withdrawn: publish a corrected version "
            "before releasing anything from them."
        )
    if meeting.status in (Status.IN_REVIEW, Status.APPROVED):
        raise WithheldError(
            "These notes are out for review: return them to draft first, then release this "
            "part, so that the group reviews it too."
        )
    part = next((p for p in withheld_parts(meeting) if p.key == key), None)
    if part is None:
        raise WithheldError(
            "That part is not withheld: it was released or changed already. Nothing was changed."
        )
    _make_public(part)
    if meeting.status == Status.PUBLISHED:
        meeting_status_change(meeting=meeting, status=Status.DRAFT, by=by, why="a release")
    first = timezone.localdate(publications[0].published_at)
    release = Release.objects.create(
        meeting=meeting, what=part.released_what, sensitivity=part.sensitivity,
        withheld_since=first,
        released_by=by,
    )  # fmt: skip
    _audit(meeting, by, AuditEntry.Event.RELEASED, release.correction_note)
    return release


def _make_public(part: WithheldPart) -> None:
    kind, pk, *rest = part.key.split("-", 2)
    model: type[models.Model] = {
        "section": AgendaItem, "action": Action, "agendaitem": AgendaItem,
        "actionupdate": ActionUpdate, "attendance": Attendance, "meeting": Meeting,
    }[kind]  # fmt: skip
    row = model._default_manager.get(pk=pk)
    if not rest:
        update_if_unchanged(
            row, version=_version(row), sensitivity="public", withheld_why="", withheld_until=None
        )
        return
    field, mark_key = rest[0].rsplit("-", 1)
    source = getattr(row, field)
    parse = parse_blocks if field in ("body", "introduction", "conflicts") else parse_inline
    mark = next(m for m in find_marks(source, parse) if m.key(source) == mark_key)
    if isinstance(row, Meeting):
        Meeting.objects.filter(pk=row.pk).update(**{field: unmark(source, mark)})
    else:
        update_if_unchanged(row, version=_version(row), **{field: unmark(source, mark)})


def _version(row: models.Model) -> int:
    """The version a row stands at now: this change is made on it as it is."""
    return int(getattr(row, "version"))  # noqa: B009 (every editable row has one)


def pending_correction(meeting: Meeting) -> str:
    """The correction note the releases waiting to be published call for."""
    return " ".join(r.correction_note for r in meeting.releases.filter(publication__isnull=True))


# ---- Telling the secretary when a reason may have passed -----------------------------


def withheld_tell_due(
    *, today: datetime.date | None = None, link: str = ""
) -> list[WithheldNotice]:
    """Tell each group's secretaries, once, of withheld parts whose reconsider date has come.

    Safe to run every day and twice at once: each part and date gets one
    notice row, written in the same transaction as the e-mail is sent, and a
    second run meets the row (or waits for it) and tells nobody again.
    """
    today = today or timezone.localdate()
    told: list[WithheldNotice] = []
    for group in Group.objects.all():
        due = [p for p in withheld_register(group) if p.until is not None and p.until <= today]
        if due:
            told += _tell_group(group, due, link)
    return told


@transaction.atomic
def _tell_group(group: Group, due: list[WithheldPart], link: str) -> list[WithheldNotice]:
    new = []
    for part in due:
        if part.until is None:
            continue
        try:
            with transaction.atomic():
                new.append(
                    WithheldNotice.objects.create(
                        meeting=part.meeting,
                        key=f"{part.key}@{part.until}",
                        what=part.what,
                        due=part.until,
                    )
                )
        except IntegrityError:
            continue  # told before, or by a run at the same moment
    if not new:
        return []
    lines = [
        f"- {notice.what} of the notes of {notice.meeting.date:%-d %B %Y} "
        f"(reconsider after {notice.due:%-d %B %Y})"
        for notice in new
    ]
    secretaries = Membership.objects.current().filter(
        group=group, role=Membership.Role.STAFF, member__user__is_active=True
    )
    terms = secretaries.select_related("member__user")
    emails = sorted(
        {(t.member.user.email if t.member.user else "") or t.member.email for t in terms} - {""}
    )
    if emails:
        send_mail(
            f"{group.name}: withheld notes to reconsider",
            "These parts of published notes were withheld until a date that has now come:\n\n"
            + "\n".join(lines)
            + "\n\nIf the reason has passed, release them from the withheld register; each "
            "release makes a correction of the notes that the group reviews before it is "
            f"published.\n{link}\n",
            None,
            emails,
        )
    return new
