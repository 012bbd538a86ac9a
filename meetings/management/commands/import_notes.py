"""Create draft meetings from notes files: the notes format, plain text or Word."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from allies.models import Group
from meetings.importing import ImportedNotes, check_size, read_notes_file
from meetings.services import ImportReport, meeting_create_from_import
from notesfile.format import NotesFormatError


class Command(BaseCommand):
    help = (
        "Create a draft meeting from each notes file (.md in the notes format, .txt or .docx), "
        "one transaction per file, and say what was guessed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--group", help="The group's slug, for files that do not name their group."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["group"]
        if slug and not Group.objects.filter(slug=slug).exists():
            known = ", ".join(Group.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"There is no group {slug!r}. The groups are: {known}.")
        paths: list[Path] = options["files"]
        failed = 0
        read: list[tuple[Path, ImportedNotes]] = []
        for path in paths:
            try:
                read.append((path, read_notes_file(path.name, _content(path), slug)))
            except NotesFormatError as error:
                failed += 1
                self.stderr.write(f"{path}: {error}")
        # Earliest first, so later notes can update the actions of earlier ones.
        for path, imported in sorted(read, key=lambda pair: pair[1].notes.date):
            try:
                group = _group(slug or imported.notes.group)
                report = meeting_create_from_import(imported=imported, group=group)
            except NotesFormatError as error:
                failed += 1
                self.stderr.write(f"{path}: {error}")
                continue
            self._report(path, imported, report)
        if failed:
            raise CommandError(
                f"{failed} of {len(paths)} files could not be imported; "
                "nothing was created from them."
            )

    def _report(self, path: Path, imported: ImportedNotes, report: ImportReport) -> None:
        notes, meeting = imported.notes, report.meeting
        counts = ", ".join(
            f"{len(notes.attending(status))} {label}"
            for status, label in (("present", "present"), ("guest", "guests"),
                                  ("apologies", "apologies"), ("absent", "absent"))
            if notes.attending(status)
        )  # fmt: skip
        self.stdout.write(
            self.style.SUCCESS(
                f"{path} ({imported.reader}): created the draft meeting of "
                f"{meeting.group.name} on {meeting.date:%-d %B %Y}"
            )
        )
        self.stdout.write(
            f"  {counts or 'no attendance'}; {len(notes.sections)} sections; "
            f"{len(notes.actions)} actions; {len(notes.carried)} updates to earlier actions"
        )
        if report.created_people:
            added = ", ".join(member.full_name for member in report.created_people)
            self.stdout.write(f"  added people: {added}")
        if imported.guesses:
            self.stdout.write("  guessed:")
            for guess in imported.guesses:
                self.stdout.write(f"    {guess}")


def _content(path: Path) -> bytes:
    """The file's bytes, read only as far as the size limit (and a byte more, to tell)."""
    try:
        check_size(path.stat().st_size)
        with path.open("rb") as file:
            return file.read(settings.NOTES_IMPORT_MAX_BYTES + 1)
    except OSError as error:
        raise NotesFormatError(f"cannot read the file: {error.strerror}") from None


def _group(slug: str) -> Group:
    group = Group.objects.filter(slug=slug).first()
    if group is None:
        raise NotesFormatError(f"there is no group {slug!r}", field="group")
    return group
