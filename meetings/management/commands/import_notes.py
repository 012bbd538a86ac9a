"""Create draft meetings from notes files, folders of them and .zip archives of folders."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from allies.models import Group
from meetings.importing import check_size
from meetings.services import ImportReport, ReadFile, meeting_create_from_import, notes_files_read
from notesfile.format import NotesFormatError
from notesfile.reading.archive import (
    IGNORED_NAMES,
    TOTAL_FACTOR,
    NamedFile,
    Refused,
    expand,
    is_archive,
)


class Command(BaseCommand):
    help = (
        "Create a draft meeting from each notes file (.md in the notes format, .txt, .docx or "
        ".pdf), each file of a folder (and its folders) and each file of a .zip archive: "
        "earliest meeting first, one transaction per file, saying what was guessed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE_OR_FOLDER")
        parser.add_argument(
            "--group", help="The group's slug, for files that do not name their group."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["group"]
        group = Group.objects.filter(slug=slug).first() if slug else None
        if slug and group is None:
            known = ", ".join(Group.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"There is no group {slug!r}. The groups are: {known}.")
        found: list[NamedFile | Refused] = []
        for path in options["files"]:
            found += _files(path)
        read, refused = notes_files_read(found, group=group)
        for refusal in refused:
            self.stderr.write(f"{refusal.name}: {refusal.message}")
        failed = len(refused)
        # Earliest first (notes_files_read sorts them), so later notes can
        # update the actions of earlier ones; each file in its own transaction.
        for file in read:
            try:
                owner = group or _group(file.imported.notes.group)
                report = meeting_create_from_import(imported=file.imported, group=owner)
            except NotesFormatError as error:
                failed += 1
                self.stderr.write(f"{file.name}: {error}")
                continue
            self._report(file, report)
        if failed:
            raise CommandError(
                f"{failed} of {len(found)} files could not be imported; "
                "nothing was created from them."
            )

    def _report(self, file: ReadFile, report: ImportReport) -> None:
        imported = file.imported
        notes, meeting = imported.notes, report.meeting
        counts = ", ".join(
            f"{len(notes.attending(status))} {label}"
            for status, label in (("present", "present"), ("guest", "guests"),
                                  ("apologies", "apologies"), ("absent", "absent"))
            if notes.attending(status)
        )  # fmt: skip
        self.stdout.write(
            self.style.SUCCESS(
                f"{file.name} ({imported.reader}): created the draft meeting of "
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


def _files(path: Path) -> list[NamedFile | Refused]:
    """The notes files a path names: the file itself, those a folder holds, or a .zip's."""
    if not path.is_dir():
        return _file(path)
    found: list[NamedFile | Refused] = []
    for inside in sorted(path.rglob("*")):
        parts = inside.relative_to(path).parts
        hidden = any(part.startswith(".") or part in IGNORED_NAMES for part in parts)
        if inside.is_file() and not hidden:
            found += _file(inside)
    return found


def _file(path: Path) -> list[NamedFile | Refused]:
    limit = settings.NOTES_IMPORT_MAX_BYTES
    try:
        if is_archive(path.name):
            most = limit * TOTAL_FACTOR
            if path.stat().st_size > most:
                return [
                    Refused(
                        str(path),
                        f"zip archives of up to {most // 1024 // 1024} MB can be imported",
                    )
                ]
        else:
            check_size(path.stat().st_size)
            most = limit
        with path.open("rb") as file:
            content = file.read(most + 1)  # a byte more than the limit, to tell
        return expand([NamedFile(str(path), content)], max_bytes=limit)
    except OSError as error:
        return [Refused(str(path), f"cannot read the file: {error.strerror}")]
    except NotesFormatError as error:
        return [Refused(str(path), str(error))]


def _group(slug: str) -> Group:
    group = Group.objects.filter(slug=slug).first()
    if group is None:
        raise NotesFormatError(f"there is no group {slug!r}", field="group")
    return group
