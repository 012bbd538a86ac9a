import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe

from actions.models import Action
from actions.selectors import not_done, overdue, tracked
from allies.models import Group, Member
from allies.roles import Role, groups_of, role_in
from meetings.models import Meeting
from publishing.withheld import due_parts


@require_safe
@cache_control(public=True, max_age=300)
def home(request: HttpRequest) -> HttpResponse:
    """The front page: what this is, and the groups that publish here."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "home.html", {"groups": Group.objects.all()})


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """After logging in: each group's meetings by status, and the actions still to do."""
    today = timezone.localdate()
    member = Member.objects.filter(user__pk=request.user.pk or 0).first()
    groups = [group_summary(group, request, member, today) for group in groups_of(request.user)]
    context = {
        "groups": groups,
        "member": member,
        "can_write": any(group["secretary"] for group in groups),
        "import_url": _import_url(),
    }
    return render(request, "home/dashboard.html", context)


def group_summary(
    group: Group, request: HttpRequest, member: Member | None, today: datetime.date
) -> dict[str, Any]:
    """What the dashboard shows of one group."""
    secretary = role_in(request.user, group) >= Role.SECRETARY
    meetings = Meeting.objects.for_group(group).order_by("-date")
    open_actions = not_done(tracked(Action.objects.of_group(group)))
    return {
        "group": group,
        "secretary": secretary,
        # A draft is the secretary's until it is sent for review.
        "drafts": meetings.filter(status=Meeting.Status.DRAFT) if secretary else [],
        "in_review": meetings.filter(status=Meeting.Status.IN_REVIEW).annotate(
            review_deadline=Max("review_rounds__deadline")
        ),
        "approved": meetings.filter(status=Meeting.Status.APPROVED),
        "published": meetings.filter(status=Meeting.Status.PUBLISHED)[:5],
        "open_count": open_actions.count(),
        "overdue": list(overdue(open_actions, today).order_by("deadline")),
        "mine": list(open_actions.filter(owners=member)) if member else [],
        # Withheld parts whose reconsider date has come: the secretary may release them.
        "withheld_due": due_parts(group) if secretary else [],
    }


def _import_url() -> str:
    # The import page is built separately; link to it once it exists.
    try:
        return reverse("meetings:import")
    except NoReverseMatch:
        return ""
