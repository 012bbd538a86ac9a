"""Roles come from current terms of office with a login."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from allies.models import Membership
from allies.roles import Role, groups_of, require_role, role_in
from tests.factories import GroupFactory, MemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def member_with_login(group, role, **term):
    member = MemberFactory(user=UserFactory())
    MembershipFactory(group=group, member=member, role=role, **term)
    return member.user


def test_staff_are_secretaries_and_members_are_allies():
    group = GroupFactory()
    secretary = member_with_login(group, Membership.Role.STAFF)
    chair = member_with_login(group, Membership.Role.CHAIR)
    assert role_in(secretary, group) == Role.SECRETARY
    assert role_in(chair, group) == Role.ALLY
    assert role_in(UserFactory(), group) == Role.PUBLIC


def test_a_role_in_one_group_gives_nothing_in_another():
    group, other = GroupFactory(), GroupFactory()
    secretary = member_with_login(group, Membership.Role.STAFF)
    assert role_in(secretary, other) == Role.PUBLIC
    assert list(groups_of(secretary)) == [group]
    assert list(groups_of(secretary, Role.SECRETARY)) == [group]
    with pytest.raises(PermissionDenied):
        require_role(secretary, other, Role.ALLY)


def test_an_ended_term_gives_no_role():
    group = GroupFactory()
    former = member_with_login(
        group,
        Membership.Role.MEMBER,
        started_on=datetime.date(2018, 1, 1),
        ended_on=datetime.date(2020, 1, 1),
    )
    assert role_in(former, group) == Role.PUBLIC
    assert list(groups_of(former)) == []


def test_superusers_are_secretaries_everywhere():
    group = GroupFactory()
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert role_in(admin, group) == Role.SECRETARY
    assert group in groups_of(admin, Role.SECRETARY)
