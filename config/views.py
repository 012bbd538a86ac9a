import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from actions.models import Action
from actions.selectors import not_agreed_yet, not_done, overdue, tracked, with_history
from allies.forms import ReminderSettingsForm
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


SHOWN = 5  # actions of each kind on the dashboard


def group_summary(
    group: Group, request: HttpRequest, member: Member | None, today: datetime.date
) -> dict[str, Any]:
    """What the dashboard shows of one group."""
    secretary = role_in(request.user, group) >= Role.SECRETARY
    meetings = Meeting.objects.for_group(group).order_by("-date")
    open_actions = not_done(tracked(Action.objects.of_group(group)))
    # Only agreed actions count; what notes not agreed yet say is shown beside them.
    seen = {group.pk} if secretary else set()
    pending = not_agreed_yet(Action.objects.of_group(group), seen)
    late = overdue(open_actions, today)
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
        # The dashboard shows five of each; the tracker lists them all.
        "overdue": with_history(late.order_by("deadline", "pk")[:SHOWN], seen),
        "overdue_count": late.count(),
        "mine": with_history(open_actions.filter(owners=member)[:SHOWN], seen) if member else [],
        "not_agreed_count": not_done(pending).count(),
        # Withheld parts whose reconsider date has come: the secretary may release them.
        "withheld_due": due_parts(group) if secretary else [],
    }


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """A person's account: where reminders go, turning them on or off, changing the password."""
    member = Member.objects.filter(user__pk=request.user.pk or 0).first()
    posted = request.POST if request.method == "POST" else None  # an unticked box posts nothing
    form = ReminderSettingsForm(posted, instance=member) if member else None
    if request.method == "POST" and form is not None and form.is_valid():
        form.save()
        on = form.cleaned_data["reminders"]
        messages.success(request, "Reminders are on." if on else "Reminders are off.")
        return redirect("account")
    context = {
        "member": member,
        "form": form,
        "address": member.email_address if member else "",
        "groups": groups_of(request.user),
    }
    return render(request, "home/account.html", context)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403 in the app's layout, with the reason the view gave in plain words, if it gave one."""
    return render(request, "403.html", {"reason": _said(exception)}, status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 in the app's layout, with what the view said was missing, if it said."""
    reason = _said(exception)
    if "matches the given query" in reason:  # get_object_or_404 names a model, not a page
        reason = ""
    return render(request, "404.html", {"reason": reason}, status=404)


def _said(exception: Exception) -> str:
    # The URL resolver's 404 carries a dict of the patterns it tried: not for readers.
    said = exception.args[0] if exception.args else ""
    return said if isinstance(said, str) else ""


def _import_url() -> str:
    # The import page is built separately; link to it once it exists.
    try:
        return reverse("meetings:import")
    except NoReverseMatch:
        return ""
