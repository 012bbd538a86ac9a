"""Load the demo group, its members, its two real meetings (published) and logins to try it."""

import datetime
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from allies.models import Group, Member, Membership
from meetings.models import Meeting, RecurringItem
from meetings.services import meeting_create_from_notes
from notesfile.format import NotesFormatError, parse_notes
from publishing.models import SensitivityDecision
from publishing.services import publication_create
from publishing.withheld import flags_of

DEMO = Path(settings.BASE_DIR) / "demo"


class Command(BaseCommand):
    help = "Load the demo data from demo/; running it again changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any group exists already."
        )
        parser.add_argument("--accounts", action="store_true", help="Only print the demo logins.")
        parser.add_argument("--force", action="store_true", help="Load even when DEBUG is off.")
        parser.add_argument(
            "--drafts",
            action="store_true",
            help="Leave the demo meetings unpublished drafts, to try writing up and reviewing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "The demo has well-known passwords: run it with DJANGO_DEBUG=1, or --force."
            )
        demo = yaml.safe_load((DEMO / "group.yaml").read_text(encoding="utf-8"))
        if options["accounts"]:
            self._print_accounts(demo)
            return
        if options["if_empty"] and Group.objects.exists():
            self.stdout.write("Demo data not loaded: the database already has a group.")
            self._print_accounts(demo)
            return
        try:
            with transaction.atomic():
                group = self._load(demo, publish=not options["drafts"])
        except NotesFormatError as error:
            raise CommandError(f"The demo notes could not be read: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded for {group.full_name}."))
        self._print_accounts(demo)

    def _load(self, demo: dict[str, Any], publish: bool) -> Group:
        spec = demo["group"]
        group, _ = Group.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "organisation": spec.get("organisation", ""),
                "contact_email": spec.get("contact_email", ""),
                "approval_rule": spec.get("approval_rule", Group.ApprovalRule.CHAIR_AND_COUNT),
                "approvals_needed": spec.get("approvals_needed", 2),
                "about": (DEMO / "about.md").read_text(encoding="utf-8").strip(),
            },
        )
        for person in demo["members"]:
            member, _ = Member.objects.get_or_create(
                full_name=person["full_name"],
                defaults={
                    "short_name": person.get("short_name", ""),
                    "affiliation": person.get("affiliation", Member.Affiliation.COMMUNITY),
                    "email": _demo_email(person["full_name"]),
                },
            )
            Membership.objects.get_or_create(
                group=group,
                member=member,
                started_on=_date(person["since"]),
                defaults={"role": person.get("role", Membership.Role.MEMBER)},
            )
        for position, item in enumerate(demo.get("recurring_items", []), start=1):
            RecurringItem.objects.get_or_create(
                group=group,
                heading=item["heading"],
                defaults={"kind": item["kind"], "prompt": item.get("prompt", ""),
                          "position": position},
            )  # fmt: skip
        for account in demo.get("accounts", []):
            self._account(account)
        dates = []
        for name in demo.get("notes", []):
            notes = parse_notes((DEMO / name).read_text(encoding="utf-8"))
            dates.append(notes.date)
            if not Meeting.objects.filter(group=group, date=notes.date).exists():
                meeting_create_from_notes(notes=notes, group=group)
        if publish:
            self._publish(group, demo, dates)
        return group

    def _publish(self, group: Group, demo: dict[str, Any], dates: list[Any]) -> None:
        """Publish the demo's meetings, as they were in reality, unless published already."""
        secretary = next(a for a in demo.get("accounts", []) if a["role"] == "secretary")
        user = get_user_model().objects.get(username=secretary["username"])
        for meeting in Meeting.objects.filter(
            group=group, date__in=dates, publications__isnull=True
        ):
            # The group published these notes as they are: whatever the sensitivity
            # check flags in them was kept public, by the secretary.
            for state in flags_of(meeting):
                flag = state.flag
                SensitivityDecision.objects.get_or_create(
                    meeting=meeting, key=flag.key,
                    defaults={"kind": flag.kind, "where": flag.where, "passage": flag.passage,
                              "decision": SensitivityDecision.Decision.PUBLIC, "decided_by": user},
                )  # fmt: skip
            publication_create(meeting=meeting, by=user)

    def _account(self, account: dict[str, Any]) -> None:
        user_model = get_user_model()
        member = Member.objects.get(full_name=account["member"])
        user, created = user_model.objects.get_or_create(
            username=account["username"],
            defaults={"email": member.email, "first_name": member.name_in_notes},
        )
        if created:
            user.set_password(account["password"])
            user.save()
        if member.user_id is None:
            member.user = user
            member.save(update_fields=["user"])

    def _print_accounts(self, demo: dict[str, Any]) -> None:
        self.stdout.write("Log in at http://127.0.0.1:8000/accounts/login/ as:")
        for account in demo.get("accounts", []):
            self.stdout.write(
                f"  {account['username']:<8} password {account['password']:<22} "
                f"{account['role']}, {account['member']}"
            )


def _date(value: object) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _demo_email(full_name: str) -> str:
    return ".".join(full_name.lower().replace("-", " ").split()) + "@example.org"
