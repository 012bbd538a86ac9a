from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from publishing.models import AuditEntry, Comment, Publication, ReviewRound


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Publications can be looked at here, never added, changed or deleted."""

    list_display = ["meeting", "version", "published_at", "published_by", "rendered"]
    list_filter = ["meeting__group"]
    date_hierarchy = "published_at"
    exclude = ["document", "text"]  # long; the public page shows them as published
    readonly_fields = [
        "meeting", "version", "published_at", "published_by", "correction_note", "title",
        "pdf", "pdf_sha256", "docx", "docx_sha256",
    ]  # fmt: skip

    @admin.display(boolean=True)
    def rendered(self, publication: Publication) -> bool:
        return publication.rendered

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReviewRound)
class ReviewRoundAdmin(admin.ModelAdmin):
    list_display = ["meeting", "number", "opened_by", "opened_at", "deadline", "closed_at"]
    readonly_fields = ["notes_text"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "round", "suggested_sensitivity", "resolved_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, to read: nobody adds, changes or deletes an entry, here or anywhere."""

    list_display = ["at", "meeting", "actor", "event", "detail"]
    list_filter = ["event", "group"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
