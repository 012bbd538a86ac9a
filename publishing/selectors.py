"""What the public pages and the API read: each group's public members and its published notes."""

from allies.models import Group, Membership
from publishing.models import Publication, PublicationQuerySet

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
