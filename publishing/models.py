from django.conf import settings
from django.db import models
from django.db.models import Q

from actions.models import Action
from allies.models import Group
from meetings.models import AgendaItem, Meeting, Sensitivity


class ReviewRound(models.Model):
    """One round of the allies reviewing a draft before it is published."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="review_rounds")
    number = models.PositiveSmallIntegerField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    message = models.TextField(blank=True, help_text="What the secretary asked the allies.")
    deadline = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    notes_text = models.TextField(
        help_text="The notes as they stood when the round opened, in the notes format."
    )

    class Meta:
        ordering = ["meeting", "number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_round_per_number"),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(closed_at__isnull=True),
                name="one_open_round_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"Review round {self.number} of {self.meeting}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Comment(models.Model):
    """An ally's comment on a draft: on the whole, a section or an action; or an answer."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_comments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    about = models.CharField(
        max_length=300, blank=True, help_text="What it was about, as named when written."
    )
    text = models.TextField()
    suggested_sensitivity = models.CharField(
        max_length=20,
        choices=[(s.value, s.label) for s in Sensitivity if s != Sensitivity.PUBLIC],
        blank=True,
        help_text="A suggestion that this be kept from the public.",
    )
    reply_to = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agenda_item__isnull=True) | Q(action__isnull=True),
                name="comment_is_about_one_thing",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="comment_says_something"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.about or 'the notes'}: {self.text[:40]}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class Approval(models.Model):
    """An ally's answer to a review round: approve, or ask for changes."""

    class Decision(models.TextChoices):
        APPROVE = "approve", "Approved"
        CHANGES = "changes", "Asked for changes"

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="approvals")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approvals"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    note = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_decision_per_ally"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_decision_display()} ({self.round})"


class AuditEntry(models.Model):
    """One thing that happened on the road to publication; never changed once written."""

    class Event(models.TextChoices):
        ROUND_OPENED = "round_opened", "Sent for review"
        RETURNED_TO_DRAFT = "returned_to_draft", "Returned to draft"
        STATUS_CHANGED = "status_changed", "Status changed"
        COMMENTED = "commented", "Commented"
        ANSWERED = "answered", "Answered a comment"
        RESOLVED = "resolved", "Resolved a comment"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Asked for changes"
        OVERRIDDEN = "overridden", "Overrode the approval rule"
        PUBLISHED = "published", "Published"

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="audit_entries")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    event = models.CharField(max_length=30, choices=Event.choices)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor}: {self.get_event_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are never deleted")
