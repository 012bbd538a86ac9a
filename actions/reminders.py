"""Reminders by email: owners before a deadline and once it has passed; secretaries weekly.

`reminders_send` is run every hour by `manage.py send_reminders`. Each
reminder has a key (what, to whom, and the deadline or week it is for) in a
unique column of SentReminder. The row is written in the same transaction that
sends the email, so a reminder that was sent is never sent again, one whose
email failed is tried again next hour, and of two runs at once the second
waits on the first's row and then leaves that reminder alone.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse

from actions.models import Action, SentReminder
from actions.selectors import agreed, not_done, overdue
from allies.models import Group, Member, Membership
from meetings.models import Meeting

logger = logging.getLogger(__name__)

DAYS_BEFORE = 3  # an owner hears of a deadline this many days ahead
# An action overdue for longer than this gets no email of its own (the
# secretary's digest lists it), so the first run does not flood anybody.
OVERDUE_FOR_AT_MOST = datetime.timedelta(days=7)


@dataclass(frozen=True)
class Due:
    """One action an owner is reminded of."""

    kind: str
    action: Action
    member: Member

    @property
    def key(self) -> str:
        deadline = self.action.deadline.isoformat() if self.action.deadline else ""
        return f"{self.kind}:action-{self.action.pk}:member-{self.member.pk}:{deadline}"


@dataclass
class Report:
    """What a run sent, and whom it could not write to, in words."""

    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        if not (self.sent or self.skipped or self.failed):
            return ["No reminders due."]
        said = [f"Sent {len(self.sent)} email{'s' if len(self.sent) != 1 else ''}:"]
        said += [f"  {line}" for line in self.sent]
        if self.skipped:
            said.append(f"Skipped {len(self.skipped)}:")
            said += [f"  {line}" for line in self.skipped]
        if self.failed:
            said.append(f"Could not send {len(self.failed)} (tried again next run):")
            said += [f"  {line}" for line in self.failed]
        return said


def reminders_send(*, today: datetime.date) -> Report:
    """Email every reminder due today that has not been sent; say what was sent and skipped."""
    report = Report()
    for member, due in owner_reminders(today):
        problem = _cannot_remind(member)
        if problem:
            report.skipped.append(f"{member.full_name} ({problem}): {len(due)} action(s)")
            continue
        _send_once(report, member, [(d.key, d) for d in due], _owner_email)
    for group, member, digest in secretary_digests(today):
        problem = _cannot_remind(member)
        if problem:
            report.skipped.append(f"{member.full_name} ({problem}): digest of {group.name}")
            continue
        week = today.isocalendar()
        key = f"digest:group-{group.pk}:member-{member.pk}:{week.year}-W{week.week:02d}"
        _send_once(report, member, [(key, digest)], _digest_email)
    return report


def owner_reminders(today: datetime.date) -> list[tuple[Member, list[Due]]]:
    """Each owner with the actions due within DAYS_BEFORE days or just overdue, by owner."""
    soon = today + datetime.timedelta(days=DAYS_BEFORE)
    actions = not_done(agreed(Action.objects.all())).filter(
        deadline__gte=today - OVERDUE_FOR_AT_MOST, deadline__lte=soon
    )
    owners = Member.objects.select_related("user")
    actions = actions.select_related("meeting__group").prefetch_related(
        Prefetch("owners", queryset=owners)
    )
    by_owner: dict[Member, list[Due]] = defaultdict(list)
    for action in actions.order_by("deadline", "pk"):
        assert action.deadline is not None  # noqa: S101 (filtered on above)
        kind = SentReminder.Kind.OVERDUE if action.deadline < today else SentReminder.Kind.DUE_SOON
        for owner in action.owners.all():
            by_owner[owner].append(Due(kind, action, owner))
    return sorted(by_owner.items(), key=lambda pair: pair[0].pk)


@dataclass(frozen=True)
class Digest:
    """What a group's secretary hears weekly: overdue actions and notes waiting for review."""

    group: Group
    overdue: list[Action]
    in_review: list[Meeting]


def secretary_digests(today: datetime.date) -> Iterable[tuple[Group, Member, Digest]]:
    """Each group with something to report, with each of its secretaries."""
    for group in Group.objects.order_by("pk"):
        late = overdue(agreed(Action.objects.of_group(group)), today)
        waiting = Meeting.objects.for_group(group).filter(status=Meeting.Status.IN_REVIEW)
        digest = Digest(
            group,
            list(late.select_related("meeting").order_by("deadline", "pk")),
            list(waiting.annotate(review_deadline=Max("review_rounds__deadline")).order_by("date")),
        )
        if not (digest.overdue or digest.in_review):
            continue
        terms = (
            Membership.objects.current(today)
            .filter(group=group, role=Membership.Role.STAFF)
            .select_related("member__user")
            .order_by("member__pk")
        )
        for member in dict.fromkeys(term.member for term in terms):
            yield group, member, digest


def _cannot_remind(member: Member) -> str:
    if member.user is None:
        return "no login"
    if not member.email_address:
        return "no email address"
    if not member.reminders:
        return "turned reminders off"
    return ""


def _send_once[T](
    report: Report,
    member: Member,
    items: list[tuple[str, T]],
    compose: Callable[[Member, list[T]], tuple[str, str]],
) -> None:
    """Claim each item's key and send one email of those claimed, all in one transaction."""
    try:
        with transaction.atomic():
            fresh = [item for key, item in sorted(items, key=lambda pair: pair[0])
                     if _claim(key, member, item)]  # fmt: skip
            if not fresh:
                return
            subject, body = compose(member, fresh)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [member.email_address])
    except OSError as error:  # smtplib's errors are OSErrors; nothing was recorded
        logger.warning("A reminder to %s could not be sent: %s", member.pk, error)
        report.failed.append(f"{member.full_name}: {error}")
        return
    report.sent.append(f"{member.email_address}: {subject}")


def _claim(key: str, member: Member, item: object) -> bool:
    """Record a reminder as sent; False where it was already (or is being, by another run)."""
    action = item.action if isinstance(item, Due) else None
    group = item.group if isinstance(item, Digest) else None
    kind = item.kind if isinstance(item, Due) else SentReminder.Kind.DIGEST
    try:
        with transaction.atomic():
            SentReminder.objects.create(
                key=key, kind=kind, member=member, action=action, group=group
            )
    except IntegrityError:
        return False
    return True


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _owner_email(member: Member, due: list[Due]) -> tuple[str, str]:
    soon = [d.action for d in due if d.kind == SentReminder.Kind.DUE_SOON]
    late = [d.action for d in due if d.kind == SentReminder.Kind.OVERDUE]
    counts = [f"{len(soon)} due soon" if soon else "", f"{len(late)} overdue" if late else ""]
    subject = f"Your actions: {' and '.join(c for c in counts if c)}"
    context = {
        "member": member,
        "soon": soon,
        "late": late,
        "mine_url": _site(reverse("actions:mine")),
        "account_url": _site(reverse("account")),
    }
    return subject, render_to_string("actions/email/owner_reminder.txt", context)


def _digest_email(member: Member, digests: list[Digest]) -> tuple[str, str]:
    (digest,) = digests
    group = digest.group
    subject = (
        f"{group.name} this week: {len(digest.overdue)} overdue action"
        f"{'s' if len(digest.overdue) != 1 else ''}, {len(digest.in_review)} in review"
    )
    context = {
        "member": member,
        "digest": digest,
        "tracker_url": _site(reverse("actions:tracker", args=[group.slug])) + "?status=overdue",
        "review_urls": [
            (meeting, _site(reverse("review:page", args=[meeting.pk])))
            for meeting in digest.in_review
        ],
        "dashboard_url": _site(reverse("dashboard")),
        "account_url": _site(reverse("account")),
    }
    return subject, render_to_string("actions/email/secretary_digest.txt", context)
