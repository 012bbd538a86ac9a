from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from publishing.frozen import Edition, thaw
from publishing.redaction import PublicNotes

# The only columns that may ever change, and only once: from empty to the
# rendered file and its checksum (see services.publication_render).
RENDERED_FIELDS = frozenset({"pdf", "pdf_sha256", "docx", "docx_sha256"})


class PublicationIsFrozen(Exception):
    """A publication cannot be changed or deleted; publish a new version instead."""


class PublicationQuerySet(models.QuerySet["Publication"]):
    def current(self) -> "PublicationQuerySet":
        """The latest version of each meeting's published notes."""
        later = Publication.objects.filter(
            meeting=OuterRef("meeting"), version__gt=OuterRef("version")
        )
        return self.filter(~Exists(later))

    def of_group(self, slug: str) -> "PublicationQuerySet":
        return self.filter(meeting__group__slug=slug)

    def update(self, **kwargs: Any) -> int:
        if not RENDERED_FIELDS.issuperset(kwargs):
            raise PublicationIsFrozen("only the rendered files of a publication can be set")
        return super().update(**kwargs)

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

    def public_notes(self) -> PublicNotes:
        """The public notes as they were published."""
        return thaw(self.document)

    def file_name(self, extension: str) -> str:
        """The name a download is saved under: "allies-group-notes-2022-01-25-v2.pdf"."""
        suffix = f"-v{self.version}" if self.version > 1 else ""
        return f"{self.meeting.group.slug}-notes-{self.meeting.date}{suffix}.{extension}"
