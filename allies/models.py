import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

RESERVED_SLUGS = ["search"]


class Group(models.Model):
    """A governance group that meets, keeps notes and publishes them."""

    class ApprovalRule(models.TextChoices):
        CHAIR = "chair", "The chair approves"
        COUNT = "count", "A number of allies approve"
        CHAIR_AND_COUNT = "chair_and_count", "The chair and a number of allies approve"

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, help_text="Used in the web address of the public notes.")
    organisation = models.CharField(max_length=200, blank=True)
    about = models.TextField(blank=True, help_text="Markdown, shown on the group's public page.")
    contact_email = models.EmailField(blank=True)
    approval_rule = models.CharField(
        max_length=20, choices=ApprovalRule.choices, default=ApprovalRule.CHAIR_AND_COUNT
    )
    approvals_needed = models.PositiveSmallIntegerField(
        default=2, help_text="How many allies must approve a draft, where the rule counts them."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approvals_needed__gte=1), name="group_needs_at_least_one_approval"
            ),
            # /notes/search/ is the search page, so no group may be called "search".
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS), name="group_slug_is_not_reserved"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """The name the notes carry at their head: organisation and group."""
        if self.organisation and not self.name.startswith(self.organisation):
            return f"{self.organisation} {self.name}"
        return self.name


class Member(models.Model):
    """A person who takes part in a group's meetings: an ally, staff, or a guest."""

    class Affiliation(models.TextChoices):
        UNIVERSITY = "university", "Inside the university"
        COMMUNITY = "community", "Community"
        EXTERNAL = "external", "Another organisation"

    full_name = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=100, blank=True, help_text='The name the notes use, such as "Nicc".'
    )
    email = models.EmailField(blank=True, help_text="Never shown to the public.")
    affiliation = models.CharField(
        max_length=20, choices=Affiliation.choices, default=Affiliation.COMMUNITY
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        help_text="The login this person uses, if they have one.",
    )
    reminders = models.BooleanField(
        "email me reminders",
        default=True,
        help_text="Deadlines of my actions; for a secretary, a weekly digest too.",
    )

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(condition=~Q(full_name=""), name="member_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def email_address(self) -> str:
        """Where emails to the member go: their own address, else their login's."""
        return self.email or (self.user.email if self.user else "")

    @property
    def name_in_notes(self) -> str:
        """The name the notes use: the short name where there is one."""
        return self.short_name or self.full_name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: datetime.date | None = None) -> "MembershipQuerySet":
        """Terms of office running on the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on)


class Membership(models.Model):
    """A member's term on a group, with their role in it."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        CO_CHAIR = "co_chair", "Co-chair"
        MEMBER = "member", "Member"
        STAFF = "staff", "Staff"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "started_on", "member__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["group", "member", "started_on"], name="one_term_per_start_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_role_display()}, {self.group})"

    def years_served(self, on: datetime.date | None = None) -> int:
        """Whole years on the group by the given day, for "three years on the Group"."""
        on = min(on or timezone.localdate(), self.ended_on or datetime.date.max)
        years = on.year - self.started_on.year
        if (on.month, on.day) < (self.started_on.month, self.started_on.day):
            years -= 1
        return max(years, 0)
