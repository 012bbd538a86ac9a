import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from allies.models import Group, Member
from notesfile.vocabulary import ATTENDANCE, KINDS, ROLES, SENSITIVITIES


class Sensitivity(models.TextChoices):
    """How much of a section, passage or action the public may see."""

    PUBLIC = "public", SENSITIVITIES["public"]
    FINANCIAL = "financial", SENSITIVITIES["financial"]
    PERSONAL = "personal", SENSITIVITIES["personal"]
    CONFIDENTIAL = "confidential", SENSITIVITIES["confidential"]


class Withheld(models.Model):
    """What a section or an action that is not public says of it: why, and until when."""

    withheld_why = models.CharField(
        "why it is left out",
        max_length=200,
        blank=True,
        help_text="A few words the public reads with the placeholder, such as "
        "“commercially sensitive until the contract is signed”.",
    )
    withheld_until = models.DateField(
        "reconsider after",
        null=True,
        blank=True,
        help_text="The day after which the group means to look at publishing it; never public.",
    )

    class Meta:
        abstract = True


class Kind(models.TextChoices):
    """What sort of agenda item a section records."""

    UPDATE = "update", KINDS["update"]
    SPOTLIGHT = "spotlight", KINDS["spotlight"]
    DISCUSSION = "discussion", KINDS["discussion"]
    EDI = "edi", KINDS["edi"]
    AOB = "aob", KINDS["aob"]
    NEXT_STEPS = "next_steps", KINDS["next_steps"]


# Old notes go back decades, but a meeting dated outside these years is a typo
# (9999-12-31), and the deadlines worked out from it would run off the calendar.
EARLIEST_MEETING = datetime.date(1900, 1, 1)
LATEST_MEETING = datetime.date(2100, 12, 31)
# The longest text a section's notes may have: some 3,000 words, three times the
# whole of a typical meeting's notes.
SECTION_TEXT_LIMIT = 20_000


def check_meeting_date(day: datetime.date) -> None:
    """Refuse a meeting date outside 1900 to 2100, which can only be a typo."""
    if not EARLIEST_MEETING <= day <= LATEST_MEETING:
        raise ValidationError(
            f"Check the year: {day:%-d %B %Y} cannot be the date of a meeting. "
            f"Meetings are dated from {EARLIEST_MEETING.year} to {LATEST_MEETING.year}.",
            code="date_out_of_range",
        )


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def for_group(self, group: Group) -> "MeetingQuerySet":
        return self.filter(group=group)

    def agreed(self) -> "MeetingQuerySet":
        """Meetings whose notes the group has agreed: approved or published."""
        return self.filter(status__in=AGREED)


class Meeting(models.Model):
    """One meeting of a group, and the notes written up from it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField(validators=[check_meeting_date])
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True, help_text="A room, or how to join.")
    online = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    conflicts = models.TextField(
        "conflicts of interest", blank=True, help_text="Any conflicts of interest declared."
    )
    previous_notes_agreed = models.BooleanField(
        "notes of the last meeting agreed",
        default=False,
        help_text="The group agreed the notes of its previous meeting at this one.",
    )
    next_meetings = models.TextField(
        blank=True,
        help_text='The dates of the next meetings, one per line, as written ("TBC" is fine).',
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["group", "date"], name="one_meeting_per_group_per_day"),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group.name}, {self.date:%-d %B %Y}"

    @property
    def next_meeting_lines(self) -> list[str]:
        return [line.strip() for line in self.next_meetings.splitlines() if line.strip()]

    @property
    def unpublished_name(self) -> str:
        """How the secretary names notes the public cannot read: "the draft of 8 Dec",
        "the notes of 6 Jun 2023, in review" (the year where it is not this year's)."""
        day = f"{self.date:%-d %b}"
        if self.date.year != timezone.localdate().year:
            day += f" {self.date.year}"
        if self.status == Meeting.Status.DRAFT:
            return f"the draft of {day}"
        if self.status == Meeting.Status.PUBLISHED:  # every version withdrawn
            return f"the notes of {day}, withdrawn"
        return f"the notes of {day}, {self.get_status_display().lower()}"

    @property
    def is_agreed(self) -> bool:
        """The group has agreed these notes: what they record counts in the action log."""
        return self.status in AGREED


# Notes the group has agreed. What a draft, or notes still in review, say of an
# action is shown as waiting, and counts only once they are approved or published.
AGREED = (Meeting.Status.APPROVED, Meeting.Status.PUBLISHED)


class Attendance(models.Model):
    """One person's part in one meeting: present, apologies, absent or a guest."""

    class Status(models.TextChoices):
        PRESENT = "present", ATTENDANCE["present"]
        APOLOGIES = "apologies", ATTENDANCE["apologies"]
        ABSENT = "absent", ATTENDANCE["absent"]
        GUEST = "guest", ATTENDANCE["guest"]

    class Role(models.TextChoices):
        NONE = "", "No role"
        CHAIR = "chair", ROLES["chair"]
        CO_CHAIR = "co_chair", ROLES["co_chair"]

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PRESENT)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True, default=Role.NONE)
    takes_notes = models.BooleanField("took the notes", default=False)
    introduction = models.TextField(blank=True, help_text="How a guest introduced themselves.")
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name_plural = "attendance"
        constraints = [
            # One row per person per meeting, so nobody is both present and
            # sending apologies.
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_person"),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(role="chair"), name="one_chair_per_meeting"
            ),
            models.CheckConstraint(
                condition=Q(role="") | Q(status__in=["present", "guest"]),
                name="only_those_present_chair",
            ),
            models.CheckConstraint(
                condition=Q(takes_notes=False) | Q(status__in=["present", "guest"]),
                name="only_those_present_take_notes",
            ),
            models.CheckConstraint(
                condition=Q(introduction="") | Q(status="guest"),
                name="only_guests_have_an_introduction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} at {self.meeting}: {self.get_status_display()}"


class AgendaItemManager(models.Manager["AgendaItem"]):
    """Sections that have not been deleted: every reader of the notes sees only these."""

    def get_queryset(self) -> models.QuerySet["AgendaItem"]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class AgendaItem(Withheld):
    """A section of a meeting's notes, in the order it was discussed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    heading = models.CharField(max_length=300)
    body = models.TextField(blank=True, max_length=SECTION_TEXT_LIMIT, help_text="Markdown.")
    presenter = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DISCUSSION)
    sensitivity = models.CharField(
        max_length=20, choices=Sensitivity.choices, default=Sensitivity.PUBLIC
    )
    to_check = models.BooleanField(
        default=False, help_text="An import put text here that the secretary should check."
    )
    deleted_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Set when deleted, so it can be undone."
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    # The default manager hides deleted sections, so no notes, preview or
    # export can show one; `with_deleted` is for the editor's undo.
    with_deleted = models.Manager()
    objects = AgendaItemManager()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        default_manager_name = "objects"
        base_manager_name = "with_deleted"
        constraints = [
            models.CheckConstraint(condition=~Q(heading=""), name="agenda_item_has_a_heading"),
        ]

    def __str__(self) -> str:
        return self.heading


class RecurringItem(models.Model):
    """An item the group puts on the agenda of every meeting, such as a spotlight."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="recurring_items")
    position = models.PositiveIntegerField(default=0)
    heading = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DISCUSSION)
    prompt = models.TextField(blank=True, help_text="What the item should cover, as a reminder.")

    class Meta:
        ordering = ["group", "position", "pk"]

    def __str__(self) -> str:
        return self.heading
