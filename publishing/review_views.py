"""The review pages: allies read the draft beside its public version, comment and approve;
the secretary answers, resolves, opens rounds and publishes."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from actions.models import Action
from allies.roles import Role, role_in
from meetings.models import AgendaItem, Meeting, Sensitivity
from meetings.selectors import notes_of
from notesfile.markup import MarkupError
from publishing.models import Approval, AuditEntry, Comment, Publication, ReviewRound
from publishing.redaction import redact
from publishing.render_html import notes_html
from publishing.review import (
    WorkflowError,
    approval_state,
    comment_add,
    comment_resolve,
    current_round,
    decision_record,
    meeting_publish,
    meeting_return_to_draft,
    publication_withdraw,
    review_open,
    rounds_diff,
)
from publishing.withheld import flags_context, pending_correction

PAGE = "publishing/review.html"


class AuthenticatedRequest(HttpRequest):
    """A request behind login_required: its user is a real user."""

    user: User


class OpenRoundForm(forms.Form):
    message = forms.CharField(
        label="Message to the allies", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(
        label="Please reply by", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CommentForm(forms.Form):
    text = forms.CharField(label="Your comment", widget=forms.Textarea(attrs={"rows": 3}))
    suggested_sensitivity = forms.ChoiceField(
        label="Suggest keeping it from the public",
        required=False,
        choices=[("", "No")]
        + [(s.value, f"Yes: {s.label.lower()}") for s in Sensitivity if s != Sensitivity.PUBLIC],
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your answer", choices=Approval.Decision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note (needed when asking for changes)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublishForm(forms.Form):
    override_reason = forms.CharField(
        label="Reason for publishing before the rule is met (recorded)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    correction_note = forms.CharField(
        label="What this version corrects (shown to the public)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _meeting_for(request: AuthenticatedRequest, pk: int) -> tuple[Meeting, Role]:
    """The meeting and the user's role; nobody outside the group learns it exists."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    role = role_in(request.user, meeting.group)
    if role < Role.ALLY:
        raise Http404
    if meeting.status == Meeting.Status.DRAFT and role < Role.SECRETARY:
        raise PermissionDenied
    return meeting, role


def _secretary_meeting(request: AuthenticatedRequest, pk: int) -> Meeting:
    """The meeting, for its secretary only."""
    meeting, role = _meeting_for(request, pk)
    if role < Role.SECRETARY:
        raise PermissionDenied
    return meeting


def _back(request: HttpRequest, meeting: Meeting, anchor: str = "") -> HttpResponse:
    return redirect(reverse("review:page", args=[meeting.pk]) + (f"#{anchor}" if anchor else ""))


def _failed(request: HttpRequest, meeting: Meeting, error: WorkflowError) -> HttpResponse:
    messages.error(request, str(error))
    return _back(request, meeting)


def review_context(meeting: Meeting, role: Role, request: AuthenticatedRequest) -> dict[str, Any]:
    """The draft with its sensitive parts marked, its public version, and the round's state."""
    round = current_round(meeting)
    comments = list(
        round.comments.select_related("author__member", "resolved_by").order_by("created_at")
        if round
        else []
    )
    threads: dict[str, list[Comment]] = {}
    for comment in comments:
        if comment.reply_to_id is None:
            key = (
                f"section-{comment.agenda_item_id}"
                if comment.agenda_item_id
                else f"action-{comment.action_id}"
                if comment.action_id
                else "general"
            )
            threads.setdefault(key, []).append(comment)
    context: dict[str, Any] = {
        "meeting": meeting,
        "role": role,
        "is_secretary": role >= Role.SECRETARY,
        "round": round,
        "state": approval_state(round) if round else None,
        "threads": threads,
        "general": {"key": "general", "thread": threads.get("general", [])},
        "sections": [
            {
                "obj": item,
                "key": f"section-{item.pk}",
                "thread": threads.get(f"section-{item.pk}", []),
            }
            for item in meeting.agenda_items.all()
        ],
        "actions": [
            {
                "obj": action,
                "key": f"action-{action.pk}",
                "thread": threads.get(f"action-{action.pk}", []),
            }
            for action in meeting.actions.order_by("number")
        ],
        "comment_form": CommentForm(),
        "decision_form": DecisionForm(),
        "open_form": OpenRoundForm(),
        "publish_form": PublishForm(),
        "my_decision": round.approvals.filter(user=request.user).first() if round else None,
        "republishing": meeting.publications.exists(),
        "publications": list(meeting.publications.select_related("withdrawal").order_by("version")),
    }
    try:
        context["public_document"] = notes_html(redact(notes_of(meeting)))
    except MarkupError as error:
        context["problem"] = str(error)
    else:
        context |= flags_context(meeting, role, "review")
    context["pending_correction"] = pending_correction(meeting)
    return context


@login_required
@require_GET
def review_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The draft beside its public version, with the comments and approvals of the round."""
    meeting, role = _meeting_for(request, pk)
    return render(request, PAGE, review_context(meeting, role, request))


@login_required
@require_POST
def round_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The secretary sends the draft to the allies, with a message and a date to reply by."""
    meeting = _secretary_meeting(request, pk)
    form = OpenRoundForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please give the reply-by date as a date.")
        return _back(request, meeting)
    link = request.build_absolute_uri(reverse("review:page", args=[meeting.pk]))
    try:
        round = review_open(meeting=meeting, by=request.user, link=link, **form.cleaned_data)
    except WorkflowError as error:
        return _failed(request, meeting, error)
    messages.success(request, f"Round {round.number} is open; the allies have been emailed.")
    return _back(request, meeting)


@login_required
@require_POST
def return_to_draft(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The secretary takes the notes back to draft to change them."""
    meeting = _secretary_meeting(request, pk)
    try:
        meeting_return_to_draft(
            meeting=meeting, by=request.user, reason=request.POST.get("reason", "")
        )
    except WorkflowError as error:
        return _failed(request, meeting, error)
    messages.success(
        request, "The notes are a draft again: change them, then send them for review."
    )
    return redirect("meetings:edit", pk=meeting.pk)


@login_required
@require_POST
def comment_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A comment on the notes, a section or an action; or an answer to a comment."""
    meeting, role = _meeting_for(request, pk)
    form = CommentForm(request.POST)
    target = _target(meeting, request.POST)
    thread = request.POST.get("thread", "general")
    problems = [str(error) for error in form.errors.get("text", [])]
    if form.is_valid():
        try:
            comment_add(meeting=meeting, by=request.user, **target, **form.cleaned_data)
        except WorkflowError as error:
            problems.append(str(error))
    return _thread_answer(request, meeting, role, thread, problems)


def _target(meeting: Meeting, data: Any) -> dict[str, Any]:
    """What a comment is about, looked up within this meeting only."""
    target: dict[str, Any] = {}
    if data.get("agenda_item"):
        target["agenda_item"] = get_object_or_404(
            AgendaItem, pk=_number(data["agenda_item"]), meeting=meeting
        )
    if data.get("action"):
        target["action"] = get_object_or_404(Action, pk=_number(data["action"]), meeting=meeting)
    if data.get("reply_to"):
        target["reply_to"] = get_object_or_404(
            Comment, pk=_number(data["reply_to"]), round__meeting=meeting
        )
    return target


def _number(value: str) -> int:
    if not str(value).isdigit():
        raise Http404
    return int(value)


def _thread_answer(
    request: AuthenticatedRequest, meeting: Meeting, role: Role, thread: str, problems: list[str]
) -> HttpResponse:
    """The comment thread again: just the thread for htmx, else back to the page."""
    if not getattr(request, "htmx", False):
        for problem in problems:
            messages.error(request, problem)
        return _back(request, meeting, f"comments-{thread}")
    context = review_context(meeting, role, request)
    context["row"] = next(
        (row for row in [context["general"], *context["sections"], *context["actions"]]
         if row["key"] == thread),
        context["general"],
    )  # fmt: skip
    context["problems"] = problems
    return render(request, f"{PAGE}#comments", context, status=422 if problems else 200)


@login_required
@require_POST
def resolve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The secretary marks a comment dealt with."""
    comment = get_object_or_404(Comment.objects.select_related("round__meeting"), pk=pk)
    meeting, role = _meeting_for(request, comment.round.meeting_id)
    if role < Role.SECRETARY:
        raise PermissionDenied
    problems = []
    try:
        comment_resolve(comment=comment, by=request.user)
    except WorkflowError as error:
        problems.append(str(error))
    return _thread_answer(request, meeting, role, request.POST.get("thread", "general"), problems)


@login_required
@require_POST
def decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An ally approves the draft, or asks for changes."""
    meeting, _ = _meeting_for(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether you approve or ask for changes.")
        return _back(request, meeting, "decision")
    try:
        decision_record(meeting=meeting, by=request.user, **form.cleaned_data)
    except WorkflowError as error:
        return _failed(request, meeting, error)
    messages.success(request, "Thank you: your answer is recorded.")
    return _back(request, meeting, "decision")


@login_required
@require_POST
def publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The secretary publishes the approved notes (or overrides the rule, with a reason)."""
    meeting = _secretary_meeting(request, pk)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        publication = meeting_publish(meeting=meeting, by=request.user, **form.cleaned_data)
    except WorkflowError as error:
        messages.error(request, str(error))
        return _back(request, meeting, "decision")
    messages.success(request, f"Published: version {publication.version} is now public.")
    return _back(request, meeting)


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, pk: int, version: int) -> HttpResponse:
    """The secretary takes back a published version, such as one that showed too much."""
    meeting = _secretary_meeting(request, pk)
    publication = get_object_or_404(Publication, meeting=meeting, version=version)
    try:
        publication_withdraw(
            publication=publication,
            by=request.user,
            reason=request.POST.get("reason", ""),
            public_note=request.POST.get("public_note", ""),
        )
    except WorkflowError as error:
        return _failed(request, meeting, error)
    messages.success(request, f"Version {version} is withdrawn: its page and files are gone.")
    return _back(request, meeting, "published")


@login_required
@require_GET
def changes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """What changed in the notes between two review rounds."""
    meeting, _ = _meeting_for(request, pk)
    rounds = list(meeting.review_rounds.order_by("number"))
    if len(rounds) < 2:
        raise Http404("There is only one round so far.")
    later = _round(rounds, request.GET.get("to"), rounds[-1])
    earlier = _round(rounds, request.GET.get("from"), rounds[rounds.index(later) - 1])
    context = {"meeting": meeting, "rounds": rounds, "earlier": earlier, "later": later,
               "lines": rounds_diff(earlier, later)}  # fmt: skip
    return render(request, "publishing/review_changes.html", context)


def _round(rounds: list[ReviewRound], number: str | None, default: ReviewRound) -> ReviewRound:
    if number is None:
        return default
    found = next((r for r in rounds if str(r.number) == number), None)
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Everything that happened on the notes' road to publication, and who did it."""
    meeting, _ = _meeting_for(request, pk)
    entries = AuditEntry.objects.filter(meeting=meeting).select_related("actor__member")
    return render(
        request, "publishing/review_history.html", {"meeting": meeting, "entries": entries}
    )
