"""Render the PDF and Word file of any publication that has none, as the publishing task does."""

from typing import Any

from django.core.management.base import BaseCommand

from publishing.models import Publication
from publishing.services import publication_render


class Command(BaseCommand):
    help = "Render the files of publications whose rendering failed or has not run yet."

    def handle(self, *args: Any, **options: Any) -> None:
        missing = Publication.objects.filter(pdf="").select_related("meeting__group")
        count = 0
        for publication in missing:
            if publication_render(publication=publication):
                count += 1
                self.stdout.write(f"Rendered {publication}.")
        self.stdout.write(self.style.SUCCESS(f"{count} publication(s) rendered."))
