from django.contrib import admin

from allies.models import Group, Member, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "slug", "approval_rule", "approvals_needed"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "short_name", "affiliation", "user"]
    list_filter = ["affiliation"]
    search_fields = ["full_name", "short_name", "email"]
    autocomplete_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["member", "group", "role", "started_on", "ended_on"]
    list_filter = ["group", "role"]
    autocomplete_fields = ["member"]
