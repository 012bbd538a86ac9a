"""A write that was made against an old version is refused, never applied silently."""

import pytest

from meetings.services import EditConflict, update_if_unchanged
from tests.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


def test_the_first_save_wins_and_the_second_is_told():
    item = AgendaItemFactory(body="Original")
    loaded_version = item.version
    update_if_unchanged(item, version=loaded_version, body="First editor")
    assert item.version == loaded_version + 1
    with pytest.raises(EditConflict) as conflict:
        update_if_unchanged(item, version=loaded_version, body="Second editor")
    assert conflict.value.current.body == "First editor"
    item.refresh_from_db()
    assert item.body == "First editor"


def test_saving_a_deleted_item_is_a_conflict_with_nothing_current():
    item = AgendaItemFactory()
    version = item.version
    type(item).objects.filter(pk=item.pk).delete()
    with pytest.raises(EditConflict) as conflict:
        update_if_unchanged(item, version=version, body="Too late")
    assert conflict.value.current is None
