from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from actions.deadlines import deadline_date, next_meeting_date
from allies.models import Group, Member
from meetings.models import Meeting, Sensitivity, Withheld


class Status(models.TextChoices):
    """Where an action stands."""

    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    ONGOING = "ongoing", "Ongoing"
    COMPLETE = "complete", "Complete"
    DROPPED = "dropped", "Dropped"


CLOSED = (Status.COMPLETE, Status.DROPPED)


class ActionQuerySet(models.QuerySet["Action"]):
    def of_group(self, group: Group) -> "ActionQuerySet":
        return self.filter(meeting__group=group)

    def with_current_status(self) -> "ActionQuerySet":
        """Annotate `current_status`: the status at the latest meeting that spoke of it."""
        latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-meeting__date")
        return self.annotate(
            current_status=Coalesce(Subquery(latest.values("status")[:1]), F("status"))
        )

    def carried_over_to(self, meeting: Meeting) -> "ActionQuerySet":
        """Earlier actions still open when `meeting` began, with their status at it.

        An action agreed at an earlier meeting of the group is carried over until
        a meeting closes it: it is listed at the meeting that closes it, and not
        after. Each row is annotated with `status_then` and `note_then`, what
        `meeting` recorded about it (or its status before, where nothing was).
        """
        earlier = ActionUpdate.objects.filter(
            action=OuterRef("pk"), meeting__date__lt=meeting.date
        ).order_by("-meeting__date")
        here = ActionUpdate.objects.filter(action=OuterRef("pk"), meeting=meeting)
        return (
            self.filter(meeting__group_id=meeting.group_id, meeting__date__lt=meeting.date)
            .annotate(status_before=Coalesce(Subquery(earlier.values("status")[:1]), F("status")))
            .exclude(status_before__in=CLOSED)
            .annotate(  # type: ignore[no-redef]  # the model declares these for readers
                status_then=Coalesce(Subquery(here.values("status")[:1]), F("status_before")),
                note_then=Coalesce(
                    Subquery(here.values("note")[:1]),
                    models.Value(""),
                    output_field=models.TextField(),
                ),
            )
            .order_by("meeting__date", "number")
        )


class Action(Withheld):
    """An action agreed at a meeting: one line of the group's action log."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveSmallIntegerField(help_text="Its number in that meeting's notes.")
    text = models.TextField("agreed approach")
    owner_text = models.CharField(
        "person taking this on",
        max_length=300,
        blank=True,
        help_text='As written, such as "Co-ordinated by Nicc/Lizzie" or "All".',
    )
    owners = models.ManyToManyField(
        Member, blank=True, related_name="actions", help_text="The members named as owners."
    )
    deadline_text = models.CharField(
        "deadline", max_length=100, blank=True, help_text='As written: "13 Feb", "Ongoing"…'
    )
    deadline = models.DateField(
        "deadline date", null=True, blank=True, help_text="The date the deadline means, if known."
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.OPEN,
        help_text="Its status when agreed; later meetings record updates.",
    )
    sensitivity = models.CharField(
        max_length=20, choices=Sensitivity.choices, default=Sensitivity.PUBLIC
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ActionQuerySet.as_manager()

    # Set on the rows of ActionQuerySet.carried_over_to and .with_current_status.
    status_then: str
    note_then: str
    current_status: str

    class Meta:
        ordering = ["meeting__date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_action_per_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="action_numbers_start_at_one"),
            models.CheckConstraint(condition=~Q(text=""), name="action_says_what"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:60]}"

    @property
    def reference(self) -> str:
        """How the notes refer to it later: the meeting's date and its number there."""
        return f"{self.meeting.date.isoformat()} #{self.number}"

    def set_deadline(self, text: str) -> None:
        """Keep the deadline as written, and the date it means where that can be known."""
        self.deadline_text = text.strip()
        agreed_on = self.meeting.date
        self.deadline = deadline_date(
            self.deadline_text,
            agreed_on,
            next_meeting_date(self.meeting.next_meeting_lines, after=agreed_on),
        )


class ActionUpdate(models.Model):
    """What a later meeting said of an earlier action: its status then, and a note."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_updates")
    status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["meeting__date"]
        constraints = [
            models.UniqueConstraint(fields=["action", "meeting"], name="one_update_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.action.reference} at {self.meeting}: {self.get_status_display()}"
