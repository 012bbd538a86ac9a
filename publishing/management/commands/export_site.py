"""Write a static copy of the public site to a folder, for any web server or object store."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from publishing.export import export_site


class Command(BaseCommand):
    help = (
        "Write every public page and file (group pages, notes, versions, PDF and Word files, "
        "feeds, sitemaps) to DIR, replacing what is there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", metavar="DIR", type=Path)
        parser.add_argument(
            "--base-url",
            default="",
            help="Where the copy will be served, such as https://notes.example.org "
            "(feeds and sitemaps name it). By default, the first of DJANGO_ALLOWED_HOSTS.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        base_url = options["base_url"] or _first_host()
        try:
            count = export_site(options["folder"], base_url)
        except (ValueError, RuntimeError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {count} files to {options['folder']} for {base_url}.")
        )


def _first_host() -> str:
    hosts = [host for host in settings.ALLOWED_HOSTS if host and not host.startswith((".", "*"))]
    if not hosts:
        raise CommandError(
            "Say where the copy will be served: --base-url https://notes.example.org"
        )
    return f"https://{hosts[0]}"
