"""Restore a backup archive into an empty database and storage, checking every count."""

from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from allies.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into an empty database (the configured one, "
        "or --database-url) and the stored documents into the storage (or --media-root)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database-url", help="Restore into this database instead.")
        parser.add_argument("--media-root", type=Path, help="Restore files into this folder.")

    def handle(self, *args: Any, **options: Any) -> None:
        storage: Storage = default_storage
        if options["media_root"]:
            storage = FileSystemStorage(location=options["media_root"])
        try:
            report = backup_restore(
                options["archive"], database_url=options["database_url"], storage=storage
            )
        except BackupError as error:
            raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {report.rows} rows in {report.tables} tables and "
                f"{report.files} stored files; every count and checksum matches the backup."
            )
        )
