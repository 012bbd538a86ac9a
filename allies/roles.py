"""Who may do what in a group: the secretary, its allies, and the public.

The secretary is a member of the group's staff (a current term with the role
"staff") with a login: they write up, send for review and publish. An ally is
any other member with a current term and a login: they read drafts sent for
review, comment and approve. Everyone else, logged in or not, is the public
for that group. A superuser counts as the secretary of every group.
"""

from enum import IntEnum

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from allies.models import Group, Membership


class Role(IntEnum):
    """A person's standing in one group; a higher role may do all a lower one may."""

    PUBLIC = 0
    ALLY = 1
    SECRETARY = 2


AnyUser = User | AnonymousUser


def role_in(user: AnyUser, group: Group) -> Role:
    """The user's role in the group today."""
    if not user.is_authenticated:
        return Role.PUBLIC
    if user.is_superuser:
        return Role.SECRETARY
    roles = set(
        Membership.objects.current()
        .filter(group=group, member__user=user)
        .values_list("role", flat=True)
    )
    if Membership.Role.STAFF in roles:
        return Role.SECRETARY
    return Role.ALLY if roles else Role.PUBLIC


def groups_of(user: AnyUser, at_least: Role = Role.ALLY) -> QuerySet[Group]:
    """The groups in which the user has at least the given role."""
    if at_least <= Role.PUBLIC:
        return Group.objects.all()
    if not user.is_authenticated:
        return Group.objects.none()
    if user.is_superuser:
        return Group.objects.all()
    terms = Membership.objects.current().filter(member__user=user)
    if at_least >= Role.SECRETARY:
        terms = terms.filter(role=Membership.Role.STAFF)
    return Group.objects.filter(pk__in=terms.values("group")).distinct()


def require_role(user: AnyUser, group: Group, at_least: Role) -> Role:
    """The user's role in the group, or PermissionDenied if it is below `at_least`."""
    role = role_in(user, group)
    if role < at_least:
        raise PermissionDenied(REFUSALS[at_least])
    return role


# What a refused page says, in plain words, of the role it needs.
REFUSALS = {
    Role.PUBLIC: "",
    Role.ALLY: "This page is for the group's members: your login is not a member's of this group.",
    Role.SECRETARY: "Only the group's secretary can do this. Members read the notes and comment "
    "on them once the secretary sends them for review.",
}
