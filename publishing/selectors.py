"""What the public pages and the API read: a group's public members, published notes and charts."""

from collections import Counter

from django.core.cache import cache

from actions.charts import Chart, Series
from allies.models import Group, Membership
from publishing.models import Publication, PublicationQuerySet
from publishing.redaction import PublicNotes

CHART_MEETINGS = 12
CHART_CACHE_SECONDS = 3600

ROLE_ORDER: list[str] = [Membership.Role.CHAIR, Membership.Role.CO_CHAIR, Membership.Role.MEMBER,
              Membership.Role.STAFF]  # fmt: skip


def public_members(group: Group) -> list[Membership]:
    """The group's current terms, chairs first: the public sees each one's name and role only."""
    terms = Membership.objects.current().filter(group=group).select_related("member")
    return sorted(terms, key=lambda t: (ROLE_ORDER.index(t.role), t.member.full_name))


def published_notes(group: Group) -> PublicationQuerySet:
    """The latest standing version of each of the group's published notes, newest meeting first."""
    return (
        Publication.objects.current()
        .filter(meeting__group=group)
        .select_related("meeting")
        .order_by("-meeting__date")
    )


def public_charts(group: Group) -> list[Chart]:
    """The group page's charts, counted from the published notes as the public reads them."""
    published = list(published_notes(group).only("meeting__date", "published_at", "version"))
    if not published:
        return [_meetings_per_year([]), _actions_per_meeting([])]
    newest = max(p.published_at for p in published).timestamp()
    key = f"public-charts:{group.pk}:{len(published)}:{newest}"
    charts = cache.get(key)
    if charts is None:
        recent = published[:CHART_MEETINGS]
        documents = Publication.objects.filter(pk__in=[p.pk for p in recent]).only("document")
        notes = sorted((p.public_notes() for p in documents), key=lambda n: n.date)
        charts = [_meetings_per_year(published), _actions_per_meeting(notes)]
        cache.set(key, charts, CHART_CACHE_SECONDS)
    return charts


def _meetings_per_year(published: list[Publication]) -> Chart:
    years = Counter(p.meeting.date.year for p in published)
    span = range(min(years), max(years) + 1) if years else range(0)
    return Chart(
        id="chart-meetings-per-year",
        title="Meetings a year with published notes",
        description=", ".join(f"{year}: {years[year]}" for year in span) or "None yet.",
        categories=tuple(str(year) for year in span),
        series=(Series("Meetings", tuple(years[year] for year in span)),),
        category_heading="Year",
    )


def _actions_per_meeting(notes: list[PublicNotes]) -> Chart:
    agreed = tuple(len(n.actions) for n in notes)
    completed = tuple(sum(row.status == "complete" for row in n.actions + n.carried) for n in notes)
    described = "; ".join(
        f"{n.date:%-d %B %Y}: {a} agreed, {c} completed"
        for n, a, c in zip(notes, agreed, completed, strict=True)
    )
    return Chart(
        id="chart-actions-per-meeting",
        title=f"Actions agreed and completed at each meeting (the last {CHART_MEETINGS} at most)",
        description=described or "None yet.",
        categories=tuple(f"{n.date:%b %Y}" for n in notes),
        series=(Series("Agreed", agreed), Series("Completed", completed)),
        category_heading="Meeting",
    )
