"""Publish a meeting's notes from the command line, as the Publish button does."""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from allies.models import Group, Membership
from allies.roles import Role, role_in
from meetings.models import Meeting
from notesfile.markup import MarkupError
from publishing.review import WorkflowError, meeting_publish


class Command(BaseCommand):
    help = (
        "Publish the notes of a group's meeting, as the Publish button does: once the allies "
        "have approved them under the group's rule (or with --override and a reason, which is "
        "recorded), the public document is frozen as the next version and its PDF and Word "
        "file are rendered. Version 2 and later need --correction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("group", help="The group's slug, as in its web address.")
        parser.add_argument("date", help="The meeting's date, yyyy-mm-dd.")
        parser.add_argument(
            "--by", metavar="USERNAME", help="Who publishes; the group's secretary by default."
        )
        parser.add_argument(
            "--correction", default="", help="What changed since the last version, for readers."
        )
        parser.add_argument(
            "--override",
            default="",
            metavar="REASON",
            help="Publish notes in review before the approval rule is met; the reason is recorded.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        group = Group.objects.filter(slug=options["group"]).first()
        if group is None:
            raise CommandError(f"There is no group {options['group']!r}.")
        meeting = Meeting.objects.filter(group=group, date=_date(options["date"])).first()
        if meeting is None:
            raise CommandError(f"{group.full_name} has no meeting on {options['date']}.")
        user = _publisher(group, options["by"])
        try:
            publication = meeting_publish(
                meeting=meeting,
                by=user,
                override_reason=options["override"],
                correction_note=options["correction"],
            )
        except WorkflowError as error:
            raise CommandError(str(error)) from error
        except MarkupError as error:
            raise CommandError(f"The notes cannot be published as they stand: {error}") from error
        publication.refresh_from_db()
        self.stdout.write(
            self.style.SUCCESS(
                f"Published the notes of {meeting} as version {publication.version}: "
                f"{publication.get_absolute_url()}"
            )
        )
        if not publication.rendered:
            self.stderr.write(
                "The PDF and Word file are not made yet: a task renders them (see the log if it "
                "failed; `manage.py render_publications` tries again)."
            )


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date written yyyy-mm-dd.") from None


def _publisher(group: Group, username: str | None) -> User:
    """The user publishing: who --by names, or else the group's one secretary with a login."""
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user {username!r}.")
    else:
        terms = Membership.objects.current().filter(
            group=group, role=Membership.Role.STAFF, member__user__is_active=True
        )
        users = [term.member.user for term in terms.select_related("member__user")]
        if len(users) != 1 or users[0] is None:
            raise CommandError(
                f"Say who publishes with --by: {group.full_name} has {len(users)} "
                "secretaries with a login."
            )
        user = users[0]
    if role_in(user, group) < Role.SECRETARY:
        raise CommandError(f"{user.username} is not a secretary of {group.full_name}.")
    return user
