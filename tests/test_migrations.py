"""The migration to carried rows keeps every action, update and publication of the old shape."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def before() -> list[tuple[str, str]]:
    """Actions as they were; every other app as it is now, but for the listings' reconsider
    dates, which read what actions withhold (publishing 0011)."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return [
        ("actions", "0003_action_text_limit"),
        ("publishing", "0010_list_what_is_published"),
    ] + [leaf for leaf in leaves if leaf[0] not in {"actions", "publishing"}]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_updates_become_rows_of_their_notes_and_status_now_is_as_agreed():
    old = migrate(before())
    try:
        Group = old.get_model("allies", "Group")
        Meeting = old.get_model("meetings", "Meeting")
        Action = old.get_model("actions", "Action")
        ActionUpdate = old.get_model("actions", "ActionUpdate")
        Publication = old.get_model("publishing", "Publication")
        User = old.get_model("auth", "User")
        group = Group.objects.create(name="Allies", slug="allies")
        day = datetime.date
        published = Meeting.objects.create(group=group, date=day(2022, 1, 1), status="published")
        approved = Meeting.objects.create(group=group, date=day(2022, 2, 1), status="approved")
        draft = Meeting.objects.create(group=group, date=day(2022, 3, 1), status="draft")
        blog = Action.objects.create(meeting=published, number=1, text="Write the blog")
        private = Action.objects.create(
            meeting=published, number=2, text="Call about health", sensitivity="personal"
        )
        later = Action.objects.create(meeting=approved, number=1, text="Plan the workshop")
        ActionUpdate.objects.create(action=blog, meeting=approved, status="complete", note="Out")
        ActionUpdate.objects.create(action=later, meeting=draft, status="ongoing", note="")
        ActionUpdate.objects.create(action=private, meeting=draft, status="in_progress", note="")
        document = {"format": 1, "notes": {"_": "PublicNotes", "group": "allies"}}
        user = User.objects.create(username="lizzie")
        Publication.objects.create(
            meeting=published, version=1, published_by=user, title="Notes", document=document,
            text="Write the blog",
        )  # fmt: skip
    finally:
        new = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    Action = new.get_model("actions", "Action")
    ActionUpdate = new.get_model("actions", "ActionUpdate")
    Publication = new.get_model("publishing", "Publication")
    rows = ActionUpdate.objects.order_by("meeting__date", "position")
    assert [
        (r.meeting.date.month, r.position, r.action.text, r.status, r.note, r.sensitivity)
        for r in rows
    ] == [
        (2, 1, "Write the blog", "complete", "Out", "public"),
        (3, 1, "Call about health", "in_progress", "", "personal"),
        (3, 2, "Plan the workshop", "ongoing", "", "public"),
    ]
    assert all(r.text == r.owner_text == r.deadline_text == r.label == "" for r in rows)
    status_now = dict(Action.objects.values_list("text", "status_now"))
    # The approved notes count; the draft's updates wait until it is agreed.
    assert status_now == {
        "Write the blog": "complete",
        "Call about health": "open",
        "Plan the workshop": "open",
    }
    publication = Publication.objects.get()
    assert (publication.document, publication.text) == (document, "Write the blog")
