"""Many people saving the same section at once: one wins, every other is told, none is lost."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from meetings.models import AgendaItem
from meetings.services import EditConflict, update_if_unchanged
from publishing.models import WithheldNotice
from publishing.services import publication_create
from publishing.withheld import withheld_tell_due
from tests.factories import AgendaItemFactory, GroupFactory, MeetingFactory
from tests.publishing import secretary_of

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need a server database; CI runs this on PostgreSQL",
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("writers", "trials"), [(2, 300), (10, 150)])
def test_of_concurrent_writers_one_wins_and_every_other_gets_a_conflict(writers, trials):
    pk = AgendaItemFactory(body="Original").pk
    barrier = threading.Barrier(writers, timeout=30)

    def write(writer: int, trial: int, version: int) -> str:
        barrier.wait()  # everyone saves against the same version at the same moment
        try:
            update_if_unchanged(
                AgendaItem(pk=pk), version=version, body=f"trial {trial} writer {writer}"
            )
        except EditConflict as conflict:
            # The loser is shown the winner's version.
            current = conflict.current
            return "conflict" if current and current.version == version + 1 else "bad conflict"
        return f"trial {trial} writer {writer}"

    def close(_: int) -> None:
        barrier.wait()
        connection.close()

    with ThreadPoolExecutor(max_workers=writers) as pool:
        try:
            for trial in range(trials):
                version = AgendaItem.objects.get(pk=pk).version
                outcomes = list(pool.map(write, range(writers), [trial] * writers,
                                         [version] * writers))  # fmt: skip
                saved = [outcome for outcome in outcomes if "conflict" not in outcome]
                assert len(saved) == 1, outcomes
                assert outcomes.count("conflict") == writers - 1
                item = AgendaItem.objects.get(pk=pk)
                assert (item.body, item.version) == (saved[0], version + 1)
        finally:
            list(pool.map(close, range(writers)))


@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_tell_each_due_part_once(mailoutbox):
    group = GroupFactory(slug="allies")
    secretary = secretary_of(group)
    meeting = MeetingFactory(group=group, date=datetime.date(2022, 4, 27))
    for number in range(3):
        AgendaItemFactory(
            meeting=meeting,
            heading=f"Part {number}",
            sensitivity="financial",
            withheld_until=datetime.date(2023, 1, 1),
        )
    publication_create(meeting=meeting, by=secretary)
    runs = 4
    barrier = threading.Barrier(runs, timeout=30)

    def run(_: int) -> int:
        barrier.wait()
        try:
            return len(withheld_tell_due(today=datetime.date(2023, 1, 2)))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=runs) as pool:
        told = list(pool.map(run, range(runs)))
    assert sorted(told) == [0] * (runs - 1) + [3]
    assert WithheldNotice.objects.count() == 3
    assert len(mailoutbox) == 1
