"""The review pages: allies read the draft beside its public version, comment and approve;
the secretary answers, resolves, opens rounds and publishes."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from actions.models import Action
from allies.roles import REFUSALS, Role, role_in
from meetings.editing import STILL_BEING_WRITTEN
from meetings.models import AgendaItem, Meeting, Sensitivity
from meetings.selectors import notes_of
from notesfile.markup import MarkupError
from publishing.models import (
    Approval,
    AuditEntry,
    Comment,
    Publication,
    ReviewRound,
    Suggestion,
)
from publishing.redaction import carried_left_out, redact
from publishing.render_html import notes_html
from publishing.render_text import notes_text
from publishing.review import (
    Conflict,
    WorkflowError,
    approval_confirm,
    approval_stands,
    approval_state,
    around_changes,
    comment_add,
    comment_resolve,
    confirmation_request,
    current_round,
    decision_record,
    fingerprint,
    lines_diff,
    meeting_publish,
    meeting_return_to_draft,
    publication_withdraw,
    review_open,
    rounds_diff,
    suggestion_accept,
    suggestion_add,
    suggestion_decline,
)
from publishing.services import published_actions
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
    # The fingerprint of the public notes as the ally read them (review.fingerprint).
    seen = forms.CharField(required=False, widget=forms.HiddenInput)


class SuggestionForm(forms.Form):
    agenda_item = forms.IntegerField(min_value=1)
    version = forms.IntegerField(min_value=0)
    text = forms.CharField(label="Your wording", strip=False, required=False)
    note = forms.CharField(label="Why (optional)", required=False)


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
        raise PermissionDenied(STILL_BEING_WRITTEN)
    return meeting, role


def _secretary_meeting(request: AuthenticatedRequest, pk: int) -> Meeting:
    """The meeting, for its secretary only."""
    meeting, role = _meeting_for(request, pk)
    if role < Role.SECRETARY:
        raise PermissionDenied(REFUSALS[Role.SECRETARY])
    return meeting


def _back(request: HttpRequest, meeting: Meeting, anchor: str = "") -> HttpResponse:
    return redirect(reverse("review:page", args=[meeting.pk]) + (f"#{anchor}" if anchor else ""))


def _failed(request: HttpRequest, meeting: Meeting, error: WorkflowError) -> HttpResponse:
    messages.error(request, str(error))
    return _back(request, meeting)


def review_context(meeting: Meeting, role: Role, request: AuthenticatedRequest) -> dict[str, Any]:
    """The draft with its sensitive parts marked, its public version, and the round's state.

    Comments and suggested wordings of earlier rounds are shown too, marked
    with their round; only those of the open round can be answered.
    """
    round = current_round(meeting)
    comments = list(
        Comment.objects.filter(round__meeting=meeting)
        .select_related("author__member", "resolved_by__member", "round")
        .order_by("created_at", "pk")
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
    suggestions: dict[int | None, list[dict[str, Any]]] = {}
    for suggestion in Suggestion.objects.filter(round__meeting=meeting).select_related(
        "author__member", "decided_by__member", "round", "agenda_item"
    ):
        suggestions.setdefault(suggestion.agenda_item_id, []).append(_suggestion_row(suggestion))
    public, problem, left_out_carried = _public_version(meeting)
    state = approval_state(round, public.text if public else "") if round else None
    context: dict[str, Any] = {
        "meeting": meeting,
        "role": role,
        "is_secretary": role >= Role.SECRETARY,
        "round": round,
        "state": state,
        "threads": threads,
        "general": {"key": "general", "thread": threads.get("general", [])},
        "sections": [
            {
                "obj": item,
                "key": f"section-{item.pk}",
                "thread": threads.get(f"section-{item.pk}", []),
                "suggestions": suggestions.get(item.pk, []),
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
        "republishing": meeting.publications.exists(),
        "publications": list(meeting.publications.select_related("withdrawal").order_by("version")),
        "can_suggest": round is not None and round.is_open and state is not None
        and role < Role.SECRETARY and meeting.status != Meeting.Status.DRAFT,
        "public_document": public.html if public else "",
        "problem": problem,
        "seen": fingerprint(public.text) if public else "",
        "left_out_carried": left_out_carried,
        "carried": meeting.action_updates.select_related("action__meeting").order_by(
            "position", "pk"
        ),
        "pending_correction": pending_correction(meeting),
    }  # fmt: skip
    if public is not None:
        context |= flags_context(meeting, role, "review")
    if round is not None:
        context |= _since_my_answer(round, request.user, public.text if public else "")
    return context


@dataclass(frozen=True)
class PublicVersion:
    """The public notes as they stand, as the page shows them and as the review compares them."""

    html: str
    text: str


def _public_version(meeting: Meeting) -> tuple[PublicVersion | None, str, list[str]]:
    """The public notes now, or why they cannot be shown; and what of earlier actions they
    leave out because it comes from notes not yet published."""
    notes = notes_of(meeting)
    published = published_actions(notes)
    left_out = carried_left_out(notes, published)
    try:
        public = redact(notes, published)
    except MarkupError as error:
        return None, str(error), left_out
    return PublicVersion(notes_html(public), notes_text(public)), "", left_out


def _since_my_answer(round: ReviewRound, user: User, now: str) -> dict[str, Any]:
    """An ally's answer, and what the public will read differently since they gave it."""
    mine = round.approvals.filter(user=user).first()
    if mine is None:
        return {"my_decision": None}
    corrected = round.corrections.exists()
    changed = bool(mine.public_text) and mine.public_text != now
    return {
        "my_decision": mine,
        "my_changes": around_changes(lines_diff(mine.public_text, now)) if changed else [],
        "needs_confirming": mine.decision == Approval.Decision.APPROVE
        and not approval_stands(mine, now, corrected),
        "corrected_since": corrected
        and round.corrections.filter(made_at__gt=mine.decided_at).exists(),
    }  # fmt: skip


def _suggestion_row(suggestion: Suggestion) -> dict[str, Any]:
    """A suggested wording with what it changes, and whether the section moved on since."""
    item = suggestion.agenda_item
    return {
        "obj": suggestion,
        "lines": around_changes(lines_diff(suggestion.original, suggestion.text), context=2),
        "stale": item is not None and item.version != suggestion.section_version,
    }


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
        raise PermissionDenied(REFUSALS[Role.SECRETARY])
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
def confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An ally approves, in one click, the notes as the secretary corrected them."""
    meeting, _ = _meeting_for(request, pk)
    try:
        approval_confirm(meeting=meeting, by=request.user, seen=request.POST.get("seen", ""))
    except WorkflowError as error:
        messages.error(request, str(error))
        return _back(request, meeting, "decision")
    messages.success(request, "Thank you: you approved the notes as corrected.")
    return _back(request, meeting, "decision")


@login_required
@require_POST
def ask_to_confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The secretary emails the allies whose approval waits for them to confirm corrections."""
    meeting = _secretary_meeting(request, pk)
    link = request.build_absolute_uri(reverse("review:page", args=[meeting.pk]))
    try:
        names = confirmation_request(meeting=meeting, by=request.user, link=link)
    except WorkflowError as error:
        return _failed(request, meeting, error)
    messages.success(request, f"Emailed {', '.join(names)}, asking them to confirm.")
    return _back(request, meeting, "decision")


@login_required
@require_POST
def suggest(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An ally suggests a wording for a section; the secretary accepts or declines it."""
    meeting, role = _meeting_for(request, pk)
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        raise Http404  # only a tampered form lacks its section or version
    item = get_object_or_404(AgendaItem, pk=form.cleaned_data["agenda_item"], meeting=meeting)
    problems, status = [], 200
    try:
        suggestion_add(
            meeting=meeting, by=request.user, agenda_item=item, note=form.cleaned_data["note"],
            text=form.cleaned_data["text"], section_version=form.cleaned_data["version"],
        )  # fmt: skip
    except WorkflowError as error:
        problems, status = [str(error)], 409 if isinstance(error, Conflict) else 422
    return _suggestions_answer(request, meeting, role, item, problems, status, form)


def _suggestions_answer(
    request: AuthenticatedRequest,
    meeting: Meeting,
    role: Role,
    item: AgendaItem | None,
    problems: list[str],
    status: int = 200,
    form: SuggestionForm | None = None,
) -> HttpResponse:
    """A section's suggested wordings again: just those for htmx, else back to the page."""
    htmx = getattr(request, "htmx", False)
    if not htmx or item is None:
        for problem in problems:
            messages.error(request, problem)
        if not problems and form is not None:
            messages.success(request, "Thank you: your wording is with the secretary.")
        if item is None:  # its section is gone: the page, with the message, anew
            return HttpResponseClientRefresh() if htmx else _back(request, meeting, "decision")
        return _back(request, meeting, f"suggestions-{item.pk}")
    context = review_context(meeting, role, request)
    context["row"] = next(row for row in context["sections"] if row["obj"].pk == item.pk)
    context["problems"] = problems
    if problems and form is not None:
        context["wording"] = form.cleaned_data["text"]  # kept, so nothing typed is lost
    return render(request, f"{PAGE}#suggestions", context, status=status)


@login_required
@require_POST
def suggestion_take(request: AuthenticatedRequest, pk: int, outcome: str) -> HttpResponse:
    """The secretary accepts a suggested wording (it becomes the section's text) or declines it."""
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("round__meeting", "agenda_item"), pk=pk
    )
    meeting, role = _meeting_for(request, suggestion.round.meeting_id)
    if role < Role.SECRETARY:
        raise PermissionDenied
    problems, status = [], 200
    try:
        if outcome == "accept":
            suggestion_accept(suggestion=suggestion, by=request.user)
        else:
            suggestion_decline(
                suggestion=suggestion, by=request.user, reason=request.POST.get("reason", "")
            )
    except WorkflowError as error:
        problems, status = [str(error)], 409 if isinstance(error, Conflict) else 422
    if outcome == "accept" and not problems:
        messages.success(request, f"Accepted: “{suggestion.about}” now reads as suggested.")
        # The section, the public version and the approvals all change: show the page anew.
        if getattr(request, "htmx", False):
            return HttpResponseClientRefresh()
    elif not problems and not getattr(request, "htmx", False):
        messages.success(request, f"Declined: “{suggestion.about}” stays as it is.")
    item = suggestion.agenda_item
    return _suggestions_answer(request, meeting, role, item, problems, status)


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
    messages.success(
        request,
        format_html(
            'Published: version {} is now public. <a href="{}">Read the public page</a>.',
            publication.version,
            publication.get_absolute_url(),
        ),
    )
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
