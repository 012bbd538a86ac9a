"""Every URL of the app × every role × every state of a meeting answers as the rules say.

Roles: anonymous, an ally of another group, the secretary of another group, an
ally of the group, its secretary, and a superuser. States: draft, in review,
approved, published. Each request runs in a savepoint that is rolled back, so
one request's changes never colour the next. The list of URLs is checked
against the URL configuration: a new URL must be given its rule here.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from actions.models import ActionUpdate
from allies.models import Membership
from meetings.models import Meeting
from publishing.models import Comment, Suggestion
from publishing.review import (
    comment_add,
    meeting_publish,
    meeting_return_to_draft,
    review_open,
    suggestion_add,
)
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    GroupFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    UserFactory,
)

ROLES = ["anonymous", "other ally", "other secretary", "ally", "secretary", "superuser"]
STATES = ["draft", "in_review", "approved", "published"]
LOGIN, DENIED_403, DENIED_404, OK = "login", 403, 404, "ok"


@dataclass
class World:
    """A group with a meeting in one state, its people, and a second group with its own."""

    users: dict[str, Any]
    meeting: Meeting
    ids: dict[str, Any]


def member(group, role):
    user = UserFactory()
    MembershipFactory(group=group, member=MemberFactory(user=user), role=role)
    return user


def build(state: str) -> World:
    group, other = GroupFactory(slug="our-group"), GroupFactory(slug="their-group")
    users = {
        "anonymous": None,
        "other ally": member(other, Membership.Role.MEMBER),
        "other secretary": member(other, Membership.Role.STAFF),
        "ally": member(group, Membership.Role.MEMBER),
        "secretary": member(group, Membership.Role.STAFF),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    earlier = MeetingFactory(group=group, date=datetime.date(2022, 1, 1))
    carried = ActionFactory(meeting=earlier, number=1, text="An earlier action")
    meeting = MeetingFactory(group=group, date=datetime.date(2022, 3, 1))
    upcoming = MeetingFactory(group=group, date=datetime.date.today() + datetime.timedelta(days=30))
    recorded = ActionUpdate.objects.create(
        action=ActionFactory(meeting=earlier, number=2), meeting=meeting, status="open"
    )
    attendance = AttendanceFactory(meeting=meeting)
    item = AgendaItemFactory(meeting=meeting, heading="Updates", body="All well.")
    action = ActionFactory(meeting=meeting, number=1, text="Do it")
    if state != "draft":
        secretary, ally = users["secretary"], users["ally"]
        review_open(meeting=meeting, by=secretary)
        comment_add(meeting=meeting, by=ally, text="First round", agenda_item=item)
        meeting_return_to_draft(meeting=meeting, by=secretary)
        review_open(meeting=meeting, by=secretary)
        comment_add(meeting=meeting, by=ally, text="Second round", agenda_item=item)
        suggestion_add(
            meeting=meeting, by=ally, agenda_item=item, text="All very well.", section_version=1
        )
        if state == "approved":
            Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.APPROVED)
        if state == "published":
            meeting_publish(meeting=meeting, by=secretary, override_reason="For the test")
    meeting.refresh_from_db()
    assert meeting.status == state
    comment = Comment.objects.filter(round__meeting=meeting).last()
    suggestion = Suggestion.objects.filter(round__meeting=meeting).last()
    ids = {
        "meeting": meeting.pk,
        "attendance": attendance.pk,
        "item": item.pk,
        "action": action.pk,
        "carried": carried.pk,
        "recorded": recorded.pk,
        "comment": comment.pk if comment else 999999,
        "suggestion": suggestion.pk if suggestion else 999999,
        "slug": group.slug,
        "day": meeting.date,
        "upcoming_day": upcoming.date,
        "term": Membership.objects.filter(group=group).first().pk,
    }
    return World(users, meeting, ids)


# How each URL is asked for: method, arguments from the world, and data to post
# (or a function of the world's ids that makes it).
Request = tuple[
    str,
    Callable[[dict[str, Any]], list[Any]],
    dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]],
]
NONE: Callable[[dict[str, Any]], list[Any]] = lambda ids: []  # noqa: E731
MEETING: Callable[[dict[str, Any]], list[Any]] = lambda ids: [ids["meeting"]]  # noqa: E731
DAY: Callable[[dict[str, Any]], list[Any]] = lambda ids: [ids["slug"], ids["day"]]  # noqa: E731
VERSION: Callable[[dict[str, Any]], list[Any]] = lambda ids: [ids["slug"], ids["day"], 1]  # noqa: E731

REQUESTS: dict[str, Request] = {
    "home": ("get", NONE, {}),
    "dashboard": ("get", NONE, {}),
    "account": ("get", NONE, {}),
    "login": ("get", NONE, {}),
    "logout": ("post", NONE, {}),
    "password_change": ("get", NONE, {}),
    "password_change_done": ("get", NONE, {}),
    "password_reset": ("get", NONE, {}),
    "password_reset_done": ("get", NONE, {}),
    "password_reset_confirm": ("get", lambda ids: ["MQ", "not-a-token"], {}),
    "password_reset_complete": ("get", NONE, {}),
    "meetings:new": ("get", NONE, {}),
    "meetings:import": ("get", NONE, {}),
    "meetings:import_confirm": ("post", NONE, {}),
    "meetings:edit": ("get", MEETING, {}),
    "meetings:preview": ("get", MEETING, {}),
    "meetings:details": ("post", MEETING, {}),
    "meetings:attendance_add": ("post", MEETING, {}),
    "meetings:section_add": ("post", MEETING, {"new-section-heading": "New"}),
    "meetings:attendance": ("post", lambda ids: [ids["attendance"]], {}),
    "meetings:attendance_remove": ("post", lambda ids: [ids["attendance"]], {}),
    "meetings:section": ("post", lambda ids: [ids["item"]], {}),
    "meetings:section_change": ("post", lambda ids: [ids["item"], "delete"], {}),
    "actions:mine": ("get", NONE, {}),
    "actions:add": ("post", MEETING, {}),
    "actions:action": ("post", lambda ids: [ids["action"]], {}),
    "actions:delete": ("post", lambda ids: [ids["action"]], {}),
    "actions:carried": ("post", lambda ids: [ids["carried"], ids["meeting"]], {}),
    "actions:recorded": ("post", lambda ids: [ids["recorded"]], {}),
    "actions:recorded_remove": ("post", lambda ids: [ids["recorded"]], {"version": 1}),
    "actions:tracker": ("get", lambda ids: [ids["slug"]], {}),
    "actions:export": ("get", lambda ids: [ids["slug"]], {}),
    "actions:members": ("get", lambda ids: [ids["slug"]], {}),
    "actions:term": ("post", lambda ids: [ids["slug"], ids["term"]], {}),
    "review:page": ("get", MEETING, {}),
    "review:history": ("get", MEETING, {}),
    "review:changes": ("get", MEETING, {}),
    "review:open": ("post", MEETING, {"message": "Please review"}),
    "review:return": ("post", MEETING, {"reason": "Changes"}),
    "review:comment": ("post", MEETING, {"text": "A comment", "thread": "general"}),
    "review:resolve": ("post", lambda ids: [ids["comment"]], {}),
    "review:decide": ("post", MEETING, {"decision": "approve"}),
    "review:confirm": ("post", MEETING, {"seen": "0"}),
    "review:ask_to_confirm": ("post", MEETING, {}),
    "review:suggest": (
        "post",
        MEETING,
        lambda ids: {"agenda_item": ids["item"], "version": 1, "text": "All fine."},
    ),
    "review:suggestion_accept": ("post", lambda ids: [ids["suggestion"]], {}),
    "review:suggestion_decline": ("post", lambda ids: [ids["suggestion"]], {}),
    "review:publish": ("post", MEETING, {"override_reason": "The chair agreed by email"}),
    "review:withdraw": ("post", lambda ids: [ids["meeting"], 1], {"reason": "A leak"}),
    "review:flags": ("get", MEETING, {}),
    "review:flag_public": ("post", lambda ids: [ids["meeting"], "no-such-flag"], {}),
    "review:flag_mark": (
        "post",
        lambda ids: [ids["meeting"], "no-such-flag"],
        {"kind": "personal"},
    ),
    "review:release": ("post", MEETING, {"key": "section-0"}),
    "review:withheld": ("get", lambda ids: [ids["slug"]], {}),
    "review:withheld_csv": ("get", lambda ids: [ids["slug"]], {}),
    "publishing:search": ("get", NONE, {"q": "well"}),
    "publishing:group": ("get", lambda ids: [ids["slug"]], {}),
    "publishing:group_year": ("get", lambda ids: [ids["slug"], DAY(ids)[1].year], {}),
    "publishing:feed": ("get", lambda ids: [ids["slug"]], {}),
    "publishing:meetings_ics": ("get", lambda ids: [ids["slug"]], {}),
    "publishing:meeting_ics": ("get", lambda ids: [ids["slug"], ids["upcoming_day"]], {}),
    "publishing:sitemap": ("get", lambda ids: [ids["slug"], 1], {}),
    "publishing:groups_sitemap": ("get", NONE, {}),
    "publishing:notes": ("get", DAY, {}),
    "publishing:pdf": ("get", DAY, {}),
    "publishing:docx": ("get", DAY, {}),
    "publishing:notes_version": ("get", VERSION, {}),
    "publishing:pdf_version": ("get", VERSION, {}),
    "publishing:docx_version": ("get", VERSION, {}),
    "sitemap": ("get", NONE, {}),
    "api:api-root": ("get", NONE, {}),
    "api:openapi-json": ("get", NONE, {}),
    "api:openapi-view": ("get", NONE, {}),
    "api:groups": ("get", NONE, {}),
    "api:group": ("get", lambda ids: [ids["slug"]], {}),
    "api:notes_list": ("get", lambda ids: [ids["slug"]], {}),
    "api:meetings": ("get", lambda ids: [ids["slug"]], {}),
    "api:notes": ("get", DAY, {}),
    "api:notes_version": ("get", VERSION, {}),
    "admin:index": ("get", NONE, {}),
}

PUBLIC = {"home", "login", "logout", "password_reset", "password_reset_done",
          "password_reset_confirm", "password_reset_complete", "publishing:search",
          "publishing:group", "publishing:feed", "sitemap", "publishing:sitemap",
          "publishing:groups_sitemap", "publishing:meetings_ics", "publishing:meeting_ics",
          "api:openapi-json", "api:openapi-view", "api:groups", "api:group", "api:notes_list",
          "api:meetings"}  # fmt: skip
PUBLISHED_ONLY = {"publishing:notes", "publishing:pdf", "publishing:docx", "publishing:group_year",
                  "publishing:notes_version", "publishing:pdf_version",
                  "publishing:docx_version", "api:notes", "api:notes_version"}  # fmt: skip
LOGGED_IN = {"dashboard", "actions:mine", "password_change", "password_change_done", "account"}
SECRETARY_SOMEWHERE = {"meetings:new", "meetings:import", "meetings:import_confirm"}
EDITOR = {"meetings:details", "meetings:attendance_add", "meetings:section_add",
          "meetings:attendance", "meetings:attendance_remove", "meetings:section",
          "meetings:section_change", "actions:add", "actions:action", "actions:delete",
          "actions:carried", "actions:recorded", "actions:recorded_remove"}  # fmt: skip
READER = {"meetings:edit", "meetings:preview"}
GROUP = {"actions:tracker", "actions:export", "actions:members"}
GROUP_SECRETARY = {"actions:term", "review:withheld", "review:withheld_csv"}
REVIEW_READ = {"review:page", "review:history", "review:changes", "review:flags"}
REVIEW_SECRETARY = {"review:open", "review:return", "review:publish", "review:withdraw",
                    "review:resolve", "review:suggestion_accept", "review:ask_to_confirm",
                    "review:suggestion_decline", "review:flag_public", "review:flag_mark",
                    "review:release"}  # fmt: skip
REVIEW_ALLY = {"review:comment", "review:decide", "review:confirm", "review:suggest"}
# Notes out for review can still be corrected by the secretary; published ones cannot.
EDITABLE = {"draft", "in_review", "approved"}


def expected(name: str, role: str, state: str) -> str | int:
    """The rule: what a person in `role` gets from `name` while the meeting is `state`."""
    secretary = role in ("secretary", "superuser")
    in_group = secretary or role == "ally"
    if name in PUBLIC:
        return OK
    if name in PUBLISHED_ONLY:
        return OK if state == "published" else DENIED_404
    if name == "api:api-root":
        return DENIED_404  # the API's descriptions are at /api/openapi.json and /api/docs
    if name == "admin:index":
        return OK if role == "superuser" else "admin login"
    if role == "anonymous":
        return LOGIN
    if name in LOGGED_IN:
        return OK
    if name in SECRETARY_SOMEWHERE:
        return OK if secretary or role == "other secretary" else DENIED_403
    if name in EDITOR:
        return OK if secretary and state in EDITABLE else DENIED_403
    if name in READER:
        if not in_group:
            return DENIED_403
        return OK if secretary or state != "draft" else DENIED_403
    if name in GROUP:
        return OK if in_group else DENIED_403
    if name in GROUP_SECRETARY:
        return OK if secretary else DENIED_403
    # Review pages: nobody outside the group learns that the meeting exists.
    if not in_group:
        return DENIED_404
    if name in ("review:resolve", "review:suggestion_accept", "review:suggestion_decline") and (
        state == "draft"
    ):
        return DENIED_404  # no comment or suggestion yet
    if not secretary and state == "draft":
        return DENIED_403
    if name == "review:changes" and state == "draft":
        return DENIED_404  # no rounds yet, so nothing to compare
    if name in REVIEW_SECRETARY:
        if not secretary:
            return DENIED_403
        if name == "review:withdraw" and state != "published":
            return DENIED_404  # no published version to withdraw
        return OK
    assert name in REVIEW_READ | REVIEW_ALLY, name
    return OK


def outcome(response) -> str | int:
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith("/accounts/login/"):
        return LOGIN
    if response.status_code == 302 and location.startswith("/admin/login/"):
        return "admin login"
    if response.status_code in (403, 404):
        return response.status_code
    # 503: a download whose file is still being rendered; anything else 5xx is a bug.
    assert response.status_code < 500 or response.status_code == 503, response.status_code
    return OK


def url_names() -> set[str]:
    def walk(patterns: list[Any], namespace: str = "") -> set[str]:
        names: set[str] = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                if pattern.namespace != "admin":
                    names |= walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)
        return names

    return walk(get_resolver().url_patterns) | {"admin:index"}


def test_every_url_of_the_app_has_a_rule():
    assert url_names() == set(REQUESTS)


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
def test_permission_matrix(state):
    world = build(state)
    client = Client()
    wrong = []
    for role in ROLES:
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        for name, (method, arguments, data) in REQUESTS.items():
            url = reverse(name, args=arguments(world.ids))
            with transaction.atomic():
                posted = data(world.ids) if callable(data) else data
                response = getattr(client, method)(url, posted)
                transaction.set_rollback(True)
            got, want = outcome(response), expected(name, role, state)
            if got != want:
                wrong.append(f"{role} {method.upper()} {name}: got {got}, expected {want}")
            if name == "logout" and world.users[role] is not None:
                client.force_login(world.users[role])
    assert wrong == []
