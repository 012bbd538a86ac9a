"""The listing of published notes: one row per meeting, naming the version that stands."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.models import Meeting
from publishing.feeds import notes_summary
from publishing.models import Listing, Publication
from publishing.review import publication_withdraw
from publishing.services import listings_fill, publication_create
from tests.factories import AgendaItemFactory, GroupFactory, MeetingFactory
from tests.publishing import secretary_of

MIGRATION = importlib.import_module("publishing.migrations.0010_list_what_is_published")


def listed() -> dict[int, int]:
    return dict(Listing.objects.values_list("meeting_id", "publication_id"))


def standing() -> dict[int, int]:
    return {publication.meeting_id: publication.pk for publication in Publication.objects.current()}


@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["publish", "withdraw"]), st.integers(0, 2)),
        min_size=1,
        max_size=7,
    )
)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_listing_always_names_the_version_that_stands(db, steps):
    with transaction.atomic():
        group = GroupFactory()
        secretary = secretary_of(group)
        meetings = [MeetingFactory(group=group) for _ in range(3)]
        for number, meeting in enumerate(meetings):
            AgendaItemFactory(meeting=meeting, heading=f"Heading {number}", body=f"zword{number}")
        for step, index in steps:
            meeting = meetings[index]
            if step == "publish":
                publication_create(meeting=meeting, by=secretary, correction_note="Corrected.")
            elif latest := meeting.publications.filter(withdrawal__isnull=True).last():
                publication_withdraw(publication=latest, by=secretary, reason="A mistake.")
            assert listed() == standing()
        for listing in Listing.objects.select_related("publication"):
            publication = listing.publication
            expected = notes_summary(publication.public_notes(), publication.edition)
            assert listing.summary == expected
        if connection.vendor == "postgresql":
            found = Listing.objects.filter(search=SearchQuery("zword1", config="english"))
            assert list(found.values_list("meeting", flat=True)) == [
                pk for pk in listed() if pk == meetings[1].pk
            ]
        transaction.set_rollback(True)


def test_the_migration_lists_what_was_published_before_it(demo):
    meeting = Meeting.objects.get(date="2022-01-25")
    meeting.agenda_items.filter(heading="Discussion").update(body="We spoke of distinctiveness.")
    publication_create(meeting=meeting, by=User.objects.get(username="lizzie"), correction_note="A")
    made = {row.pk: (row.publication_id, row.summary) for row in Listing.objects.all()}
    assert len(made) == 2
    Listing.objects.all().delete()

    def execute(sql: str, params: object = None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    if connection.vendor == "postgresql":
        # The migration runs in a transaction of its own; this test's has foreign-key
        # checks pending, which PostgreSQL wants done before it touches an index.
        execute("SET CONSTRAINTS ALL IMMEDIATE")
    MIGRATION.list_published(apps, SimpleNamespace(connection=connection, execute=execute))
    assert {row.pk: (row.publication_id, row.summary) for row in Listing.objects.all()} == made
    if connection.vendor == "postgresql":
        assert not Listing.objects.filter(search__isnull=True).exists()
        assert Listing.objects.filter(search=SearchQuery("distinctiveness")).count() == 1


def test_notes_inserted_in_bulk_are_listed_like_the_rest(demo):
    made = {row.pk: (row.publication_id, row.summary) for row in Listing.objects.all()}
    Listing.objects.all().delete()
    assert listings_fill() == 2
    assert {row.pk: (row.publication_id, row.summary) for row in Listing.objects.all()} == made
    assert listings_fill() == 0
    if connection.vendor == "postgresql":
        assert Listing.objects.filter(search=SearchQuery("trumpet")).count() == 1
