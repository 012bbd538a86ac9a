from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce

from allies.models import Group, Member
from meetings.models import AGREED, Meeting, Sensitivity, Withheld
from notesfile.deadlines import deadline_date, next_meeting_date
from notesfile.vocabulary import STATUSES

# An action is a line of the action log; a few sentences at most.
ACTION_TEXT_LIMIT = 1_000


class Status(models.TextChoices):
    """Where an action stands."""

    OPEN = "open", STATUSES["open"]
    IN_PROGRESS = "in_progress", STATUSES["in_progress"]
    ONGOING = "ongoing", STATUSES["ongoing"]
    COMPLETE = "complete", STATUSES["complete"]
    DROPPED = "dropped", STATUSES["dropped"]


CLOSED = (Status.COMPLETE, Status.DROPPED)


class ActionQuerySet(models.QuerySet["Action"]):
    def of_group(self, group: Group) -> "ActionQuerySet":
        return self.filter(meeting__group=group)

    def agreed(self) -> "ActionQuerySet":
        """Actions agreed in notes the group has agreed (approved or published): those counted."""
        return self.filter(meeting__status__in=AGREED)

    def open_before(self, meeting: Meeting) -> "ActionQuerySet":
        """Actions of earlier meetings of the group still open when `meeting` began.

        This is the secretary's view: every earlier meeting's notes count, drafts
        included, and each row is annotated with `status_before`, its status at
        the last earlier meeting that recorded it (or as agreed).

        That is the stored `status_now` (as last agreed) unless notes not agreed
        yet came earlier, or agreed notes came on or after the meeting; only the
        few actions such notes speak of are looked up one by one.
        """
        before = Q(meeting__date__lt=meeting.date)
        unlike_now = ActionUpdate.objects.filter(
            (before & ~Q(meeting__status__in=AGREED)) | ~before,
            meeting__group_id=meeting.group_id,
        ).values("action_id")
        earlier = ActionUpdate.objects.filter(
            action=OuterRef("pk"), meeting__date__lt=meeting.date
        ).order_by("-meeting__date")
        as_recorded = Coalesce(Subquery(earlier.values("status")[:1]), F("status"))
        return (
            self.filter(meeting__group_id=meeting.group_id, meeting__date__lt=meeting.date)
            .filter(~Q(status_now__in=CLOSED) | Q(pk__in=unlike_now))
            .annotate(
                status_before=Case(
                    When(pk__in=unlike_now, then=as_recorded), default=F("status_now")
                )
            )
            .exclude(status_before__in=CLOSED)
            .order_by("meeting__date", "number")
        )

    def touched_by(self, meeting: Meeting) -> "ActionQuerySet":
        """The actions a meeting's notes agreed, and those they record something about."""
        ids = Action.objects.filter(Q(meeting=meeting) | Q(updates__meeting=meeting)).values("pk")
        return self.filter(pk__in=ids)

    def refresh_status_now(self) -> int:
        """Store each action's status as last recorded in agreed notes (see Action.status_now)."""
        latest = ActionUpdate.objects.filter(
            action=OuterRef("pk"), meeting__status__in=AGREED
        ).order_by("-meeting__date")
        return self.update(status_now=Coalesce(Subquery(latest.values("status")[:1]), F("status")))


class Action(Withheld):
    """An action agreed at a meeting: one line of the group's action log."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveSmallIntegerField(help_text="Its number in that meeting's notes.")
    text = models.TextField("agreed approach", max_length=ACTION_TEXT_LIMIT)
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
    status_now = models.CharField(
        "status now",
        max_length=20,
        choices=Status.choices,
        default=Status.OPEN,
        editable=False,
        help_text="As last recorded in notes the group has agreed (approved or published); "
        "kept up to date by the services that write notes and change their status.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ActionQuerySet.as_manager()

    # Set on the rows of ActionQuerySet.open_before, and by actions.selectors.with_history.
    status_before: str
    history: list["ActionUpdate"]
    waiting: str

    class Meta:
        ordering = ["meeting__date", "number"]
        indexes = [
            # The tracker and the dashboard: open actions, and the overdue among them.
            models.Index(fields=["status_now", "deadline"], name="action_status_now_deadline"),
        ]
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

    @property
    def origin(self) -> str:
        """Where it was agreed, as readers are told: "25 Jan 2022, action 2"."""
        return f"{self.meeting.date:%-d %b %Y}, action {self.number}"

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
    """What a meeting's notes record about an earlier action: one row of its previous actions.

    A row exists only where the meeting recorded something: a new status, an
    update, or that it was discussed with no change. Its wording (text, owner,
    deadline) is what these notes write, blank where they give the action as
    agreed. An imported row that continues no known action has no `action`,
    and then keeps its own text.
    """

    action = models.ForeignKey(
        Action,
        # An action recorded in later notes cannot be deleted from under them.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
        help_text="The earlier action this row continues, where it is known.",
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_updates")
    position = models.PositiveIntegerField(default=0, help_text="Its place in the table.")
    label = models.CharField(
        max_length=20, blank=True, help_text='Its reference as these notes write it: "A", "3".'
    )
    text = models.TextField("wording in these notes", blank=True, help_text="Blank: as agreed.")
    owner_text = models.CharField("person taking this on", max_length=300, blank=True)
    deadline_text = models.CharField("deadline", max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField("update", blank=True)
    sensitivity = models.CharField(
        max_length=20, choices=Sensitivity.choices, default=Sensitivity.PUBLIC
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["meeting__date", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "meeting"], name="one_update_per_meeting"),
            models.CheckConstraint(
                condition=Q(action__isnull=False) | ~Q(text=""),
                name="an_unlinked_row_says_what",
            ),
        ]

    def __str__(self) -> str:
        what = self.action.reference if self.action else self.label or self.text[:40]
        return f"{what} at {self.meeting}: {self.get_status_display()}"

    @property
    def wording_is_own(self) -> bool:
        """These notes give the action in words of their own, rather than as agreed."""
        return bool(self.text or self.owner_text or self.deadline_text)

    def refusal(self) -> str:
        """Why the row cannot be part of its meeting's notes, in plain words; "" if it can."""
        action, meeting = self.action, self.meeting
        if action is None and not self.text.strip():
            return "it names no earlier action of the group, so it needs words of its own"
        if action is not None and action.meeting.group_id != meeting.group_id:
            return f"action {action.reference} is an action of another group"
        if action is not None and action.meeting.date >= meeting.date:
            return (
                f"action {action.reference} was agreed on {action.meeting.date:%-d %B %Y}, not "
                "before this meeting: notes can only record what became of earlier actions"
            )
        if self.status == Status.DROPPED and not self.note.strip():
            return "say why it was dropped, in its update"
        return ""


class SentReminder(models.Model):
    """A reminder emailed once; its unique key is what stops it being sent again."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Deadline coming up"
        OVERDUE = "overdue", "Overdue"
        DIGEST = "digest", "Weekly digest"

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="reminders_sent")
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders_sent"
    )
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders_sent"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.member} ({self.sent_at:%Y-%m-%d})"
