"""Print what the sensitivity check flags in a meeting's notes; exit 1 while any flag is open."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from allies.models import Group
from meetings.models import Meeting
from publishing.models import SensitivityDecision
from publishing.withheld import flags_of


class Command(BaseCommand):
    help = (
        "Print one line per passage the sensitivity check flags in the notes of a group's "
        "meeting (kind, where, the words that triggered it, decided or open), then "
        '"N open, M decided". Exits with status 1 while any flag is open.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("group", help="The group's slug, as in its web address.")
        parser.add_argument("date", help="The meeting's date, yyyy-mm-dd.")

    def handle(self, *args: Any, **options: Any) -> None:
        group = Group.objects.filter(slug=options["group"]).first()
        if group is None:
            raise CommandError(f"There is no group {options['group']!r}.")
        try:
            day = datetime.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"{options['date']!r} is not a date written yyyy-mm-dd.") from None
        meeting = Meeting.objects.filter(group=group, date=day).first()
        if meeting is None:
            raise CommandError(f"{group.full_name} has no meeting on {day:%-d %B %Y}.")
        states = flags_of(meeting)
        keys = {state.flag.key for state in states}
        marked = meeting.sensitivity_decisions.filter(
            decision=SensitivityDecision.Decision.MARKED
        ).exclude(key__in=keys)
        for state in states:
            flag, decision = state.flag, state.decision
            status = (
                f"decided: kept public by {decision.decided_by.get_username()}"
                if not state.open and decision
                else "open"
            )
            self.stdout.write(f"{flag.kind}\t{flag.where}\t{', '.join(flag.triggers)}\t{status}")
        for decision in marked:
            self.stdout.write(
                f"{decision.kind}\t{decision.where}\t-\tdecided: marked "
                f"by {decision.decided_by.get_username()}"
            )
        open_count = sum(1 for state in states if state.open)
        decided = len(states) - open_count + marked.count()
        self.stdout.write(f"{open_count} open, {decided} decided")
        if open_count:
            raise SystemExit(1)
