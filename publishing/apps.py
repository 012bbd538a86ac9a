from typing import Any

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Review and publishing"

    def ready(self) -> None:
        from meetings.signals import notes_corrected
        from publishing import signals  # noqa: F401 (connects the receivers)

        notes_corrected.connect(_record_correction, dispatch_uid="publishing.correction_record")


def _record_correction(sender: Any, *, meeting: Any, by: Any, **kwargs: Any) -> None:
    from publishing.review import correction_record

    correction_record(meeting=meeting, by=by)
