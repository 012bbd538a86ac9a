"""Email the reminders due: safe to run every hour from cron, and twice at once."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from actions.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Email owners of actions due within a few days or just overdue, and each group's "
        "secretary a weekly digest. A reminder is never sent twice; run it hourly."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", help="Act as if today were this day (yyyy-mm-dd); for trying it out."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(f"--today must be a date like 2026-03-14: {error}") from error
        report = reminders_send(today=today)
        for line in report.lines():
            self.stdout.write(line)
        if report.failed:
            raise CommandError(f"{len(report.failed)} email(s) could not be sent.")
