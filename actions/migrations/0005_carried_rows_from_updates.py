"""Turn the updates recorded so far into rows of each meeting's notes, and store each action's
status as agreed.

Until now a meeting's notes listed every action still open, and an update was
kept only where a meeting changed a status or wrote a note. Those updates are
what the meetings recorded: each becomes a row of its meeting's table, in the
order of the actions it continues, with the action's sensitivity (as the
notes showed it) and no wording of its own (as agreed). Nothing is removed;
publications are frozen and untouched.
"""

from django.db import migrations
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce

AGREED = ("approved", "published")


def rows_from_updates(apps, schema_editor):
    ActionUpdate = apps.get_model("actions", "ActionUpdate")
    Action = apps.get_model("actions", "Action")
    rows = ActionUpdate.objects.select_related("action__meeting").order_by(
        "meeting_id", "action__meeting__date", "action__number", "pk"
    )
    meeting, position = None, 0
    for row in rows:
        position = position + 1 if row.meeting_id == meeting else 1
        meeting = row.meeting_id
        row.position = position
        row.sensitivity = row.action.sensitivity
        row.save(update_fields=["position", "sensitivity"])
    latest = ActionUpdate.objects.filter(
        action=OuterRef("pk"), meeting__status__in=AGREED
    ).order_by("-meeting__date")
    Action.objects.update(status_now=Coalesce(Subquery(latest.values("status")[:1]), F("status")))


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0004_carried_rows_are_records_and_status_now"),
        ("meetings", "0003_previous_notes_agreed"),
    ]

    operations = [migrations.RunPython(rows_from_updates, migrations.RunPython.noop)]
