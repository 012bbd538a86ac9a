"""Tell each group's secretaries of withheld parts whose reconsider date has come; run daily."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from publishing.withheld import withheld_tell_due


class Command(BaseCommand):
    help = (
        "Find withheld parts of published notes whose reconsider date has come, and e-mail "
        "each group's secretaries about them. Safe to run from cron every day, and twice at "
        "once: each part is told once (for each reconsider date it is given)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        site = getattr(settings, "SITE_URL", "").rstrip("/")
        told = withheld_tell_due(link=f"{site}/dashboard/" if site else "")
        for notice in told:
            self.stdout.write(
                f"Told: {notice.what}, notes of {notice.meeting.date:%-d %B %Y} "
                f"(reconsider after {notice.due:%-d %B %Y})"
            )
        self.stdout.write(f"{len(told)} withheld part{'s' if len(told) != 1 else ''} newly due.")
