"""A backup restores into an empty database with every row and every stored file intact."""

import io
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from allies.backups import _row_counts, _row_counts_here, sha256


@pytest.fixture
def empty_database(tmp_path):
    """A URL for an empty database of the same engine, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    from allies.backups import _postgres_url

    name = f"{connection.settings_dict['NAME']}_restore"
    admin = dict(connection.settings_dict, NAME="postgres")
    with psycopg.connect(_postgres_url(admin), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    yield (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or 'localhost'}:"
        f"{settings['PORT'] or 5432}/{name}"
    )
    with psycopg.connect(_postgres_url(admin), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def stored_documents():
    names = [
        default_storage.save("publications/allies-group/2022-01-25-v1.pdf", ContentFile(b"%PDF")),
        default_storage.save("publications/allies-group/2022-01-25-v1.docx", ContentFile(b"PK")),
    ]
    yield {name: sha256(default_storage.open(name, "rb").read()) for name in names}
    for name in names:
        default_storage.delete(name)


def parse_database_url(url):
    import dj_database_url

    return dj_database_url.parse(url)


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_every_document(
    demo, stored_documents, empty_database, tmp_path
):
    call_command("backup", to=tmp_path / "backups", stdout=io.StringIO())
    [archive] = (tmp_path / "backups").glob("allies-notes-*.tar.gz")
    before = _row_counts_here()
    assert before["meetings_meeting"] == 2

    media = tmp_path / "restored-media"
    out = io.StringIO()
    call_command("restore", archive, database_url=empty_database, media_root=media, stdout=out)
    assert "every count and checksum matches" in out.getvalue()
    assert _row_counts(parse_database_url(empty_database), list(before)) == before
    restored = FileSystemStorage(location=media)
    for name, checksum in stored_documents.items():
        assert sha256(restored.open(name, "rb").read()) == checksum
    # Every publication's files, as the restored database records them.
    publications = restored_publications(empty_database)
    assert len(publications) == 2
    for pdf, pdf_sha256, docx, docx_sha256 in publications:
        assert sha256(restored.open(pdf, "rb").read()) == pdf_sha256
        assert sha256(restored.open(docx, "rb").read()) == docx_sha256


def restored_publications(url):
    config = parse_database_url(url)
    sql = "SELECT pdf, pdf_sha256, docx, docx_sha256 FROM publishing_publication"
    if config["ENGINE"].endswith("sqlite3"):
        import sqlite3

        with sqlite3.connect(config["NAME"]) as db:
            return db.execute(sql).fetchall()
    import psycopg

    from allies.backups import _postgres_url

    with psycopg.connect(_postgres_url(config)) as db:
        return db.execute(sql).fetchall()


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused_before_anything_is_restored(
    demo, stored_documents, empty_database, tmp_path
):
    call_command("backup", to=tmp_path, stdout=io.StringIO())
    [archive] = tmp_path.glob("allies-notes-*.tar.gz")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith(".pdf"):
                data = b"%PDF tampered"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="missing or damaged"):
        call_command("restore", damaged, database_url=empty_database, media_root=tmp_path / "m")
    assert not any(_row_counts(parse_database_url(empty_database), ["meetings_meeting"]).values())
    assert not (tmp_path / "m").exists()


@pytest.mark.django_db(transaction=True)
def test_restoring_over_data_is_refused(demo, tmp_path):
    call_command("backup", to=tmp_path, stdout=io.StringIO())
    [archive] = tmp_path.glob("allies-notes-*.tar.gz")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", archive, media_root=tmp_path / "m")


def test_a_file_that_is_not_an_archive_is_refused(tmp_path: Path):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", bogus, database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}")
