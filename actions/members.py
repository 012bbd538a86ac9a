"""Reading a group's members for its members page: terms, attendance, actions and balance.

For the group's own members and secretary, never the public: it shows term
dates, where members come from and who missed which meeting.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from actions.charts import Chart, Series
from actions.models import CLOSED, Action
from actions.selectors import agreed
from allies.models import Group, Member, Membership
from meetings.models import Attendance, Meeting

TERM_YEARS = 3  # "members coming up to three years on the Group"
ENDING_WITHIN = datetime.timedelta(days=183)  # six months
LAST_MEETINGS = 12
# Meetings whose attendance the members page counts: notes the group can read.
COUNTED_NOTES = (Meeting.Status.IN_REVIEW, Meeting.Status.APPROVED, Meeting.Status.PUBLISHED)
NOT_ON_GROUP = ""


@dataclass
class MemberRow:
    """One current member: their term, their attendance at the last meetings, their actions."""

    term: Membership
    attendance: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    @property
    def member(self) -> Member:
        return self.term.member

    @property
    def open_actions(self) -> int:
        return sum(a.status_now not in CLOSED for a in self.actions)

    @property
    def present(self) -> int:
        return self.attendance.count(Attendance.Status.PRESENT)

    @property
    def apologies(self) -> int:
        return self.attendance.count(Attendance.Status.APOLOGIES)

    @property
    def absent(self) -> int:
        return self.attendance.count(Attendance.Status.ABSENT)


@dataclass(frozen=True)
class Ending:
    """A term coming to its end, and why it is listed."""

    term: Membership
    on: datetime.date
    reason: str


def current_terms(group: Group, today: datetime.date) -> QuerySet[Membership]:
    return (
        Membership.objects.current(today)
        .filter(group=group)
        .select_related("member")
        .order_by("member__full_name", "started_on")
    )


def ending_soon(terms: list[Membership], today: datetime.date) -> list[Ending]:
    """Terms ending within six months; where no end is set, reaching TERM_YEARS years by then."""
    horizon = today + ENDING_WITHIN
    found = []
    for term in terms:
        if term.ended_on is not None:
            if term.ended_on <= horizon:
                found.append(Ending(term, term.ended_on, "term ends"))
            continue
        anniversary = _years_after(term.started_on, TERM_YEARS)
        if anniversary <= horizon:
            found.append(Ending(term, anniversary, f"{TERM_YEARS} years on the group"))
    return sorted(found, key=lambda ending: ending.on)


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def counted_meetings(group: Group, today: datetime.date) -> list[Meeting]:
    """The group's last meetings with notes the members can read, oldest first."""
    meetings = (
        Meeting.objects.for_group(group)
        .filter(status__in=COUNTED_NOTES, date__lte=today)
        .prefetch_related(Prefetch("attendances", queryset=Attendance.objects.all()))
        .order_by("-date")[:LAST_MEETINGS]
    )
    return list(reversed(meetings))


def attendance_at(meeting: Meeting, member: Member, terms: list[Membership]) -> str:
    """present, apologies or absent (nothing recorded while on the group); "" if not on it then."""
    for attendance in meeting.attendances.all():
        if attendance.member_id == member.pk:
            return attendance.status
    on_group = any(
        t.member_id == member.pk
        and t.started_on <= meeting.date
        and (t.ended_on is None or t.ended_on >= meeting.date)
        for t in terms
    )
    return Attendance.Status.ABSENT if on_group else NOT_ON_GROUP


def member_rows(group: Group, today: datetime.date, meetings: list[Meeting]) -> list[MemberRow]:
    """Each current member with their attendance at `meetings` and the actions they own."""
    terms = list(current_terms(group, today))
    every_term = list(Membership.objects.filter(group=group))
    owned = (
        agreed(Action.objects.of_group(group))
        .select_related("meeting")
        .prefetch_related("owners")
        .order_by("-meeting__date", "number")
    )
    by_owner: dict[int, list[Action]] = {}
    for action in owned:
        for owner in action.owners.all():
            by_owner.setdefault(owner.pk, []).append(action)
    rows = []
    for term in terms:
        rows.append(
            MemberRow(
                term,
                [attendance_at(m, term.member, every_term) for m in meetings],
                by_owner.get(term.member_id, []),
            )
        )
    return rows


def balance(terms: list[Membership]) -> list[tuple[str, int]]:
    """How many current members come from where, as the group records it."""
    counts = Counter(term.member.affiliation for term in {t.member_id: t for t in terms}.values())
    return [(label, counts[value]) for value, label in Member.Affiliation.choices]


def attendance_chart(meetings: list[Meeting], rows: list[MemberRow]) -> Chart:
    """Present, apologies and absent among current members at each of the last meetings."""
    per_meeting = [Counter(row.attendance[i] for row in rows) for i in range(len(meetings))]
    names = [("present", "Present"), ("apologies", "Apologies"), ("absent", "Absent")]
    described = "; ".join(
        f"{m.date:%-d %B %Y}: " + ", ".join(f"{c[key]} {label.lower()}" for key, label in names)
        for m, c in zip(meetings, per_meeting, strict=True)
    )
    return Chart(
        id="chart-attendance",
        title=f"Attendance of current members at the last {len(meetings)} meetings",
        description=described or "No meetings yet.",
        categories=tuple(f"{m.date:%b %Y}" for m in meetings),
        series=tuple(Series(label, tuple(c[key] for c in per_meeting)) for key, label in names),
        stacked=True,
        category_heading="Meeting",
    )


def balance_chart(group: Group, today: datetime.date) -> Chart:
    """Members by where they come from, on 1 January of each year and today."""
    terms = list(Membership.objects.filter(group=group).select_related("member"))
    if not terms:
        days: list[datetime.date] = []
    else:
        first = min(t.started_on for t in terms).year + 1
        days = [datetime.date(year, 1, 1) for year in range(first, today.year + 1)] + [today]
    counts = []
    for day in days:
        on = [t for t in terms if t.started_on <= day and (t.ended_on is None or t.ended_on >= day)]
        counts.append(dict(balance(on)))
    labels = [label for _, label in Member.Affiliation.choices]
    categories = tuple("Today" if d == today else str(d.year) for d in days)
    described = "; ".join(
        f"{category}: " + ", ".join(f"{c[label]} {label.lower()}" for label in labels)
        for category, c in zip(categories, counts, strict=True)
    )
    return Chart(
        id="chart-balance",
        title="Members by where they come from, each 1 January and today",
        description=described or "No members yet.",
        categories=categories,
        series=tuple(Series(label, tuple(c[label] for c in counts)) for label in labels),
        stacked=True,
        category_heading="On",
    )
