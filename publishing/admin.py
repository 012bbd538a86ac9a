from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from publishing.models import AuditEntry, Comment, ReviewRound


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
