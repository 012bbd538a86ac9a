from django.contrib import admin

from meetings.models import AgendaItem, Attendance, Meeting, RecurringItem


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["member"]


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "group", "status"]
    list_filter = ["group", "status"]
    date_hierarchy = "date"
    inlines = [AttendanceInline, AgendaItemInline]


@admin.register(RecurringItem)
class RecurringItemAdmin(admin.ModelAdmin):
    list_display = ["heading", "group", "kind", "position"]
    list_filter = ["group"]
