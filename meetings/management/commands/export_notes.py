"""Print a meeting's notes in the notes format, everything included."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from allies.models import Group
from meetings.models import Meeting
from meetings.selectors import notes_of
from notesfile.format import format_notes


class Command(BaseCommand):
    help = (
        "Print the notes of a group's meeting in the notes format (docs/notes-format.md). "
        "Sensitive sections and passages are included, with their marks: this is not the "
        "public version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("group", help="The group's slug.")
        parser.add_argument("date", help="The meeting's date, like 2022-01-25.")

    def handle(self, *args: Any, **options: Any) -> None:
        group = Group.objects.filter(slug=options["group"]).first()
        if group is None:
            known = ", ".join(Group.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"There is no group {options['group']!r}. The groups are: {known}.")
        try:
            date = datetime.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(
                f"{options['date']!r} is not a date; write it like 2022-01-25."
            ) from None
        meeting = Meeting.objects.filter(group=group, date=date).first()
        if meeting is None:
            raise CommandError(f"{group.name} has no meeting on {date:%-d %B %Y}.")
        self.stdout.write(format_notes(notes_of(meeting)), ending="")
