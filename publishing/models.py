from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear, Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from allies.models import Group
from meetings.models import AgendaItem, Meeting, Sensitivity
from publishing.frozen import Edition, thaw
from publishing.redaction import PublicNotes

# The only columns that may ever change, and only once: from empty to the
# rendered file and its checksum (see services.publication_render).
RENDERED_FIELDS = frozenset({"pdf", "pdf_sha256", "docx", "docx_sha256"})
# What a withdrawn publication keeps of its content: nothing (see Withdrawal).
WITHDRAWN_DOCUMENT = {"withdrawn": True}


class PublicationIsFrozen(Exception):
    """A publication cannot be changed or deleted; publish a new version instead."""


class PublicationQuerySet(models.QuerySet["Publication"]):
    def standing(self) -> "PublicationQuerySet":
        """Versions that have not been withdrawn."""
        return self.filter(withdrawal__isnull=True)

    def current(self) -> "PublicationQuerySet":
        """The latest version of each meeting's published notes that still stands."""
        later = Publication.objects.standing().filter(
            meeting=OuterRef("meeting"), version__gt=OuterRef("version")
        )
        return self.standing().filter(~Exists(later))

    def of_group(self, slug: str) -> "PublicationQuerySet":
        return self.filter(meeting__group__slug=slug)

    def update(self, **kwargs: Any) -> int:
        if not RENDERED_FIELDS.issuperset(kwargs):
            raise PublicationIsFrozen("only the rendered files of a publication can be set")
        return super().update(**kwargs)

    def purge(self) -> int:
        """Empty withdrawn publications of their content and files (the database allows no more)."""
        return super().update(
            document=WITHDRAWN_DOCUMENT, text="", pdf="", pdf_sha256="", docx="", docx_sha256=""
        )

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PublicationIsFrozen("publications cannot be deleted")


class Publication(models.Model):
    """One published version of a meeting's notes, frozen as the public saw it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="publications")
    version = models.PositiveIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="publications"
    )
    correction_note = models.TextField(
        blank=True, help_text="What changed since the previous version; shown to the public."
    )
    title = models.CharField(max_length=200)
    document = models.JSONField(help_text="The public notes exactly as published.")
    text = models.TextField(help_text="The words of the public notes, for search.")
    pdf = models.FileField(upload_to="publications/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    docx = models.FileField(upload_to="publications/", blank=True)
    docx_sha256 = models.CharField(max_length=64, blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version"], name="one_publication_per_version"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="versions_start_at_one"),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(correction_note=""),
                name="a_correction_says_what_changed",
            ),
            models.CheckConstraint(
                condition=Q(pdf="", pdf_sha256="") | Q(~Q(pdf=""), Exact(Length("pdf_sha256"), 64)),
                name="a_pdf_has_its_checksum",
            ),
            models.CheckConstraint(
                condition=Q(docx="", docx_sha256="")
                | Q(~Q(docx=""), Exact(Length("docx_sha256"), 64)),
                name="a_docx_has_its_checksum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}, version {self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PublicationIsFrozen("a publication cannot be changed; publish a new version")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("publishing:notes", args=[self.meeting.group.slug, self.meeting.date])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PublicationIsFrozen("publications cannot be deleted")

    @property
    def version_url(self) -> str:
        """The address of this version for good, whatever is published after it."""
        args = [self.meeting.group.slug, self.meeting.date, self.version]
        return reverse("publishing:notes_version", args=args)

    @property
    def edition(self) -> Edition:
        published_on = timezone.localdate(self.published_at)
        return Edition(self.version, published_on, self.correction_note)

    @property
    def rendered(self) -> bool:
        return bool(self.pdf and self.docx)

    @property
    def is_withdrawn(self) -> bool:
        return hasattr(self, "withdrawal")

    def public_notes(self) -> PublicNotes:
        """The public notes as they were published."""
        return thaw(self.document)

    def file_name(self, extension: str) -> str:
        """The name a download is saved under: "allies-group-notes-2022-01-25-v2.pdf"."""
        suffix = f"-v{self.version}" if self.version > 1 else ""
        return f"{self.meeting.group.slug}-notes-{self.meeting.date}{suffix}.{extension}"


class Withdrawal(models.Model):
    """A published version taken back, such as one that showed what should have been left out.

    Withdrawing keeps the record that the version existed and why it went, but
    its public document, its search text and its files are emptied: the
    database lets a publication lose its content only once it has a
    withdrawal, and never change it otherwise.
    """

    publication = models.OneToOneField(
        Publication, on_delete=models.PROTECT, related_name="withdrawal"
    )
    withdrawn_at = models.DateTimeField(auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(help_text="Why it was withdrawn; kept in the history, not public.")
    public_note = models.TextField(
        blank=True, help_text="Shown where the version was; say nothing of what it showed."
    )

    class Meta:
        ordering = ["withdrawn_at"]

    def __str__(self) -> str:
        return f"{self.publication} (withdrawn)"


class ListingQuerySet(models.QuerySet["Listing"]):
    def of_group(self, group: Group) -> "ListingQuerySet":
        """The group's listed notes, the latest meeting first."""
        return self.filter(meeting__group=group).order_by("-meeting__date")

    def for_lists(self) -> "ListingQuerySet":
        """With each listing's publication and meeting, without what lists never show."""
        return self.select_related("publication__meeting__group").defer(
            "search", "publication__document", "publication__text"
        )

    def years(self) -> list[dict[str, int]]:
        """Each year of the meetings listed, the latest first, with how many: {"year", "count"}."""
        rows = (
            self.annotate(year=ExtractYear("meeting__date"))
            .values("year")
            .annotate(count=Count("pk"))
            .order_by("-year")
        )
        return [{"year": row["year"], "count": row["count"]} for row in rows]


class Listing(models.Model):
    """A meeting's notes as the public site lists them: the version that stands, summarised.

    One row for each meeting with a version standing, kept by the services
    that publish and withdraw, in their transaction (`listing_update`): the
    group page, the feed, the sitemaps and search read it, and never the
    whole document. Derived from publications and never part of one, so it
    can change as they are published and withdrawn while they cannot.
    """

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, primary_key=True, related_name="listing"
    )
    publication = models.OneToOneField(
        Publication, on_delete=models.PROTECT, related_name="listing"
    )
    summary = models.TextField(help_text="What the feed says of the notes.")
    # PostgreSQL only (a GIN index: migration 0007); SQLite searches the text itself.
    search = SearchVectorField(null=True, editable=False)
    reconsider_from = models.DateField(
        null=True,
        blank=True,
        help_text="Nothing the notes withhold comes up for reconsidering before this day "
        "(empty: nothing withheld has a date).",
    )

    objects = ListingQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["reconsider_from"],
                name="listing_reconsider_from",
                condition=models.Q(reconsider_from__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return str(self.publication)


class SiteRevision(models.Model):
    """How many times a part of the public site has changed; files made before are made again."""

    scope = models.CharField(max_length=80, primary_key=True, help_text='"site" or "group:<slug>".')
    number = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.scope} #{self.number}"


class SiteFile(models.Model):
    """A page or file of the public site as it was made: served as it is while its part stands.

    `address` is the scheme, host and path it answers; `revision` and
    `build` say which revision of its scope and which release of the app
    made it (publishing/site.py). A download keeps the name of its stored
    file rather than its bytes.
    """

    address = models.CharField(max_length=600, primary_key=True)
    scope = models.CharField(max_length=80)
    revision = models.PositiveIntegerField()
    build = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    headers = models.JSONField()
    content = models.BinaryField(blank=True)
    stored_file = models.CharField(max_length=300, blank=True)
    etag = models.CharField(max_length=80)
    made_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.address


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
    public_text = models.TextField(
        blank=True, help_text="The public notes as they read when the round opened, as plain lines."
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
    # An approval is of a wording: it stands while the public notes read so.
    public_text = models.TextField(
        blank=True,
        help_text="The public notes as they read when the ally answered, as plain lines.",
    )

    class Meta:
        ordering = ["round", "decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_decision_per_ally"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_decision_display()} ({self.round})"


class Correction(models.Model):
    """A change the secretary made to notes out for review, without starting a new round."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="corrections")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    notes_text = models.TextField(help_text="The notes after the change, in the notes format.")
    public_text = models.TextField(
        blank=True,
        help_text="The public notes after the change, as plain lines; empty if they could not "
        "be shown safely.",
    )

    class Meta:
        ordering = ["round", "made_at", "pk"]

    def __str__(self) -> str:
        return f"Correction of {self.round} at {self.made_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("a correction is never changed once recorded")
        super().save(*args, **kwargs)


class Suggestion(models.Model):
    """An ally's wording for a section under review, which the secretary accepts or declines."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting for the secretary"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="suggestions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="suggestions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, related_name="suggestions"
    )
    about = models.CharField(max_length=300, help_text="The section's heading when it was written.")
    section_version = models.PositiveIntegerField(
        help_text="The version of the section the wording was written against."
    )
    original = models.TextField(blank=True, help_text="The section's text it would replace.")
    text = models.TextField(help_text="The wording suggested for the whole section.")
    note = models.TextField(blank=True, help_text="Why, in the ally's words.")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why it was declined, if the secretary says.")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="suggestion_says_something"),
            models.CheckConstraint(
                condition=Q(outcome="pending", decided_at__isnull=True)
                | Q(~Q(outcome="pending"), decided_at__isnull=False),
                name="a_decided_suggestion_says_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.about}: {self.get_outcome_display()}"

    @property
    def is_pending(self) -> bool:
        return self.outcome == self.Outcome.PENDING


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
        CORRECTED = "corrected", "Corrected the notes in review"
        CONFIRMED = "confirmed", "Confirmed an approval after corrections"
        CONFIRMATION_ASKED = "confirmation_asked", "Asked allies to confirm after corrections"
        SUGGESTED = "suggested", "Suggested a wording"
        SUGGESTION_ACCEPTED = "suggestion_accepted", "Accepted a suggested wording"
        SUGGESTION_DECLINED = "suggestion_declined", "Declined a suggested wording"
        OVERRIDDEN = "overridden", "Overrode the approval rule"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrew a published version"
        FLAG_DECIDED = "flag_decided", "Decided on a flagged passage"
        RELEASED = "released", "Released a withheld part"

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


class SensitivityDecision(models.Model):
    """The secretary's answer to a passage the sensitivity check flagged: marked, or kept public.

    It is tied to the passage's words (`key`), so an edited passage is a new
    flag to decide, and a decision survives edits elsewhere in the notes.
    """

    class Decision(models.TextChoices):
        PUBLIC = "public", "Kept public"
        MARKED = "marked", "Marked"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="sensitivity_decisions"
    )
    key = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, choices=Sensitivity.choices)
    where = models.CharField(max_length=400)
    passage = models.TextField()
    decision = models.CharField(max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "key"], name="one_decision_per_passage"),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.passage[:40]}"


class Release(models.Model):
    """A withheld part made public by a correction of the notes, once its reason had passed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="releases")
    what = models.CharField(max_length=400, help_text="What was released, as the public reads it.")
    sensitivity = models.CharField(max_length=20, choices=Sensitivity.choices)
    withheld_since = models.DateField(help_text="When the notes that withheld it were published.")
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(default=timezone.now)
    publication = models.ForeignKey(
        Publication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="releases",
        help_text="The version that published it; none until the correction is published.",
    )

    class Meta:
        ordering = ["meeting", "released_at"]

    def __str__(self) -> str:
        return f"{self.what} (released {self.released_at:%-d %B %Y})"

    @property
    def correction_note(self) -> str:
        """The line readers see: "A financial passage withheld in April 2022 was released in …"."""
        what = self.what[:1].upper() + self.what[1:]
        return (
            f"{what}, withheld in {self.withheld_since:%B %Y}, was released in "
            f"{timezone.localdate(self.released_at):%B %Y}."
        )


class WithheldNotice(models.Model):
    """That a group's secretaries were told a withheld part is due to be reconsidered.

    One row per part and reconsider date (`key`), written before the e-mail is
    sent and in the same transaction: a daily run tells once, and two runs at
    once cannot both tell.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="withheld_notices")
    key = models.CharField(max_length=100, unique=True)
    what = models.CharField(max_length=400)
    due = models.DateField()
    told_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["told_at"]

    def __str__(self) -> str:
        return f"{self.what}, due {self.due}"
