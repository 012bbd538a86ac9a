from django.contrib import admin

from actions.models import Action, ActionUpdate


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner_text", "deadline_text", "deadline", "status", "sensitivity"]
    list_filter = ["status", "sensitivity", "meeting__group"]
    search_fields = ["text", "owner_text"]
    autocomplete_fields = ["owners"]
    inlines = [ActionUpdateInline]
