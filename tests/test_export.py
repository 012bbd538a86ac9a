"""`manage.py export_site`: a complete static copy of the public site, and nothing unpublished."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from meetings.models import Meeting
from meetings.services import meeting_create
from publishing.models import Publication
from publishing.review import publication_withdraw
from publishing.services import publication_render
from tests.leaks import docx_parts, find, pdf_texts
from tests.publishing import publish

BASE = "https://notes.example.org"
PERSONAL = "zpersonalmarkerq"
DRAFT = "zdraftmarkerq"
WITHDRAWN = "zwithdrawnmarkerq"
MARKERS = [PERSONAL, DRAFT, WITHDRAWN]
LINK = re.compile(r'(?:href|src)="([^"]*)"')


@pytest.fixture
def copy(demo, tmp_path) -> Path:
    """The demo published, corrected once, with a version withdrawn and a draft; then copied."""
    lizzie = User.objects.get(username="lizzie")
    for publication in Publication.objects.all():
        publication_render(publication=publication)
    meeting = Meeting.objects.get(date="2022-01-25")
    item = meeting.agenda_items.get(heading="Capacity")
    item.body = f"[Jo said {PERSONAL}]{{.personal}} {item.body}"
    item.save()
    publish(meeting, lizzie, "Marked a passage.")
    item.body = f"{item.body} {WITHDRAWN}"
    item.save()
    leaked = publish(meeting, lizzie, "Added a word.")
    publication_withdraw(publication=leaked, by=lizzie, reason="Published by mistake.")
    draft = meeting_create(group=meeting.group, date=meeting.date.replace(month=4, day=27))
    draft.agenda_items.update(body=f"Not yet published: {DRAFT}.")
    folder = tmp_path / "site"
    call_command("export_site", folder, "--base-url", BASE, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return folder


def local_target(root: Path, url: str) -> Path | None:
    """The file a link in the copy points at, or None for a link to elsewhere."""
    parts = urlsplit(url)
    if parts.scheme and f"{parts.scheme}://{parts.netloc}" != BASE:
        return None
    if not parts.path.startswith("/"):
        return None if parts.scheme or not parts.path else root / "relative" / parts.path
    path = root / parts.path.lstrip("/")
    return path / "index.html" if parts.path.endswith("/") else path


def test_the_copy_is_whole_its_links_resolve_and_nothing_unpublished_is_in_it(copy):
    # One copy, made once, checked four ways: making it takes most of the time.
    holds_every_public_page_and_file(copy)
    every_link_resolves_to_a_file_in_the_copy(copy)
    has_no_login_and_no_search(copy)
    holds_nothing_unpublished(copy)


def holds_every_public_page_and_file(copy: Path) -> None:
    for path in [
        "index.html",
        "sitemap.xml",
        "notes/groups-sitemap.xml",
        "notes/allies-group/index.html",
        "notes/allies-group/2022/index.html",
        "notes/allies-group/2021/index.html",
        "notes/allies-group/feed.xml",
        "notes/allies-group/sitemap-1.xml",
        "notes/allies-group/2022-01-25/index.html",
        "notes/allies-group/2022-01-25/v1/index.html",
        "notes/allies-group/2022-01-25/v2/index.html",
        "notes/allies-group/2022-01-25.pdf",
        "notes/allies-group/2022-01-25/v1.docx",
        "notes/allies-group/2021-06-23.docx",
    ]:
        assert (copy / path).is_file(), path
    assert not (copy / "notes/allies-group/2022-01-25/v3").exists()  # withdrawn
    assert not (copy / "notes/allies-group/2022-04-27").exists()  # a draft
    assert (copy / "notes/allies-group/2022-01-25.pdf").read_bytes().startswith(b"%PDF-")
    latest = (copy / "notes/allies-group/2022-01-25/index.html").read_text()
    assert "Marked a passage." in latest


def every_link_resolves_to_a_file_in_the_copy(copy: Path) -> None:
    missing, links = [], 0
    for page in copy.rglob("*"):
        if page.suffix == ".html":
            found = LINK.findall(page.read_text(encoding="utf-8"))
        elif page.suffix == ".xml":
            tree = ET.parse(page)  # noqa: S314 (the app's own feed and sitemaps)
            found = [e.text or "" for e in tree.iter() if e.tag.endswith("}loc")]
            found += [e.get("href", "") for e in tree.iter() if e.tag.endswith("}link")]
        else:
            continue
        for url in found:
            if url.startswith("#"):
                continue
            target = local_target(copy, url)
            links += target is not None
            if target is not None and not target.is_file():
                missing.append(f"{page.relative_to(copy)} → {url}")
    assert links > 50
    assert missing == []


def has_no_login_and_no_search(copy: Path) -> None:
    for page in copy.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "/accounts/login/" not in html, page
        assert "/notes/search/" not in html, page
        assert "csrfmiddlewaretoken" not in html, page


def holds_nothing_unpublished(copy: Path) -> None:
    texts: dict[str, str] = {}
    for path in copy.rglob("*"):
        if not path.is_file():
            continue
        name = str(path.relative_to(copy))
        texts[f"{name}: name"] = name
        if path.suffix == ".pdf":
            texts |= {f"{name}: {k}": v for k, v in pdf_texts(path.read_bytes()).items()}
        elif path.suffix == ".docx":
            texts |= {f"{name}: {k}": v for k, v in docx_parts(path.read_bytes()).items()}
        else:
            texts[name] = path.read_bytes().decode("utf-8", "replace")
    assert find(texts, MARKERS) == []
    assert any("Left out: personal information" in text for text in texts.values())


def test_a_new_copy_leaves_nothing_of_the_last(copy):
    stale = copy / "notes/allies-group/2099-01-01/index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("notes withdrawn since the last copy")
    call_command("export_site", copy, "--base-url", BASE, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not stale.exists()
    assert (copy / "notes/allies-group/index.html").is_file()
    assert not list(copy.parent.glob(".site-*"))


def test_a_copy_is_made_for_the_root_of_a_site(demo, tmp_path):
    with pytest.raises(CommandError, match="not the address of a site"):
        call_command("export_site", tmp_path / "site", "--base-url", "https://example.org/notes/")
    assert not (tmp_path / "site").exists()
