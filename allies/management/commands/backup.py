"""Write a dated backup archive of the database and the stored PDF and Word files."""

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from allies.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the stored documents into one dated .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to",
            type=Path,
            default=Path(os.environ.get("DJANGO_BACKUP_DIR", settings.BASE_DIR / "backups")),
            help="Folder to write the archive into (default: backups/ or DJANGO_BACKUP_DIR).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            archive = backup_create(options["to"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive}"))
