"""A published version that showed too much can be withdrawn: gone from the site, the files
and the database, with a record that it existed and why it went."""

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, connection, transaction

from meetings.models import Meeting
from publishing.models import AuditEntry, Publication
from publishing.review import WorkflowError, publication_withdraw
from publishing.services import publication_render
from tests.publishing import publish, sitemap_files

SECRET = "Jo is unwell"
NOTES = "/notes/allies-group/2022-01-25/"


@pytest.fixture
def leaked(demo, django_capture_on_commit_callbacks):
    """The 2022 notes published with a secret left unmarked, then corrected as version 2."""
    lizzie = User.objects.get(username="lizzie")
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    for publication in meeting.publications.all():
        publication_render(publication=publication)
    meeting.agenda_items.filter(heading="Capacity").update(body=f"{SECRET}, sadly.")
    first = publish(meeting, lizzie, "Added a line on capacity.")
    meeting.agenda_items.filter(heading="Capacity").update(body=f"[{SECRET}]{{.personal}}, sadly.")
    second = publish(meeting, lizzie, "Marked a personal passage.")
    return first, second


def test_withdrawing_a_version_removes_its_content_everywhere(
    leaked, client, django_capture_on_commit_callbacks
):
    first, second = leaked
    files = [first.pdf.name, first.docx.name]
    assert SECRET in client.get(first.version_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publication_withdraw(
            publication=first,
            by=User.objects.get(username="lizzie"),
            reason="It named someone's health.",
            public_note="It held personal information by mistake.",
        )
    gone = client.get(first.version_url)
    assert gone.status_code == 410
    page = gone.content.decode()
    assert "withdrawn" in page
    assert "It held personal information by mistake." in page
    assert SECRET not in page
    for kind in ("pdf", "docx"):
        assert client.get(f"{first.version_url[:-1]}.{kind}").status_code == 410
    assert not any(default_storage.exists(name) for name in files)
    first.refresh_from_db()
    assert (first.text, first.pdf.name, first.docx.name) == ("", "", "")
    assert SECRET not in str(first.document)
    # The notes stand at the corrected version, which lists the leaky one as withdrawn.
    latest = client.get(NOTES).content.decode()
    assert f"Version {first.version}, published" in latest
    assert "withdrawn on" in latest
    assert SECRET not in latest
    assert client.get(second.version_url).status_code == 200
    entry = AuditEntry.objects.get(event=AuditEntry.Event.WITHDRAWN)
    assert "It named someone's health." in entry.detail
    assert SECRET not in client.get("/notes/search/", {"q": "unwell"}).content.decode()


def test_when_every_version_is_withdrawn_the_notes_are_gone(leaked, client):
    lizzie = User.objects.get(username="lizzie")
    meeting = leaked[0].meeting
    for publication in meeting.publications.all():
        publication_withdraw(publication=publication, by=lizzie, reason="Published by mistake")
    assert client.get(NOTES).status_code == 410
    assert client.get("/notes/allies-group/2022-01-25.pdf").status_code == 410
    group_page = client.get("/notes/allies-group/").content.decode()
    assert "/notes/allies-group/2022-01-25/" not in group_page
    assert "2022-01-25" not in sitemap_files(client)
    assert "2022-01-25" not in client.get("/notes/allies-group/feed.xml").content.decode()


def test_only_the_secretary_withdraws_with_a_reason_and_only_once(leaked):
    first, _ = leaked
    mandy = User.objects.get(username="mandy")
    lizzie = User.objects.get(username="lizzie")
    with pytest.raises(WorkflowError, match="role"):
        publication_withdraw(publication=first, by=mandy, reason="Mine")
    with pytest.raises(WorkflowError, match="Say why"):
        publication_withdraw(publication=first, by=lizzie, reason=" ")
    publication_withdraw(publication=first, by=lizzie, reason="A leak")
    with pytest.raises(WorkflowError, match="withdrawn already"):
        publication_withdraw(publication=first, by=lizzie, reason="Again")


def test_the_database_empties_a_publication_only_once_it_is_withdrawn(leaked):
    first, second = leaked
    empty = "UPDATE publishing_publication SET text = '', pdf = '', docx = '' WHERE id = %s"
    with (
        pytest.raises((DatabaseError, IntegrityError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(empty, [second.pk])
    with pytest.raises(Exception, match="only the rendered files"):
        Publication.objects.filter(pk=second.pk).update(text="")
    publication_withdraw(publication=first, by=User.objects.get(username="lizzie"), reason="A leak")
    # Withdrawn, it can be emptied but never filled again.
    with (
        pytest.raises((DatabaseError, IntegrityError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE publishing_publication SET text = 'back again' WHERE id = %s", [first.pk]
        )
    second.refresh_from_db()
    assert SECRET not in second.text
    assert second.text


def test_the_review_page_offers_withdrawal_to_the_secretary_only(leaked, client):
    first, _ = leaked
    url = f"/review/{first.meeting.pk}/"
    withdraw = f"{url}withdraw/{first.version}/"
    client.login(username="mandy", password="notes-ally-demo")
    assert f"Withdraw version {first.version}" not in client.get(url).content.decode()
    assert client.post(withdraw, {"reason": "x"}).status_code == 403
    client.login(username="lizzie", password="notes-secretary-demo")
    assert f"Withdraw version {first.version}" in client.get(url).content.decode()
    response = client.post(withdraw, {"reason": "A leak", "public_note": ""})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.is_withdrawn
