"""The PDF: A4, tagged, titled, paged; and it fetches nothing but the app's static files."""

import base64
import dataclasses
import datetime
import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import cast
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.template.loader import render_to_string
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

from notesfile.format import parse_notes
from notesfile.notes import ActionReference, AgreedAction, CarriedAction, Notes, Section
from publishing.frozen import Edition
from publishing.redaction import redact
from publishing.render_html import notes_html
from publishing.render_pdf import (
    ORIGIN,
    FetchRefused,
    StaticFilesOnly,
    notes_pdf,
    pdf_from_html,
    print_stylesheet,
)
from tests.leaks import find, pdf_texts

DEMO = Path(django_settings.BASE_DIR) / "demo" / "notes"
EDITION = Edition(1, datetime.date(2022, 1, 27))
DAY = datetime.date(2022, 1, 25)


@pytest.fixture(scope="module")
def demo_pdf() -> bytes:
    notes = parse_notes((DEMO / "2022-01-25.md").read_text(encoding="utf-8"))
    public = redact(dataclasses.replace(notes, group_name="The Allies Group"))
    return notes_pdf(public, EDITION)


def test_the_notes_pdf_is_a4_tagged_titled_and_in_british_english(demo_pdf):
    reader = PdfReader(io.BytesIO(demo_pdf))
    root = reader.root_object
    assert root["/Lang"] == "en-GB"
    assert cast(DictionaryObject, root["/MarkInfo"])["/Marked"]
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Meeting notes: Tuesday 25 January 2022 – The Allies Group"
    assert reader.metadata.author == "The Allies Group"
    assert b'pdfuaid:part="1"' in cast(StreamObject, root["/Metadata"].get_object()).get_data()
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_the_group_is_named_once_on_the_first_page_and_heads_every_later_one(demo_pdf):
    pages = PdfReader(io.BytesIO(demo_pdf)).pages
    assert len(pages) > 1
    assert pages[0].extract_text().count("The Allies Group") == 1  # above the title only
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        if number > 1:
            assert text.count("The Allies Group") == 1  # the running header
        assert f"Page {number} of {len(pages)}" in text


def test_a_heading_and_its_presenter_stay_on_the_page_of_the_text_that_follows():
    # Each section comes after a filler one line longer than the last, each filler starting
    # a page, so the heading falls lower down the page each time, and past its foot.
    sections: list[Section] = []
    for lines in range(24, 40):
        filler = "\n\n".join(f"Filler line {line}." for line in range(lines))
        sections.append(Section(f"Filler {lines}", filler, kind="update"))
        sections.append(
            Section(f"Heading {lines}", f"Body {lines} starts.", presenter=f"Presenter {lines}")
        )
    notes = redact(Notes("g", EDITION.published_on, sections=tuple(sections)))
    html = render_to_string(
        "publishing/notes_print.html",
        {"notes": notes, "edition": EDITION, "title": "t", "document": notes_html(notes)},
    ).replace("</head>", "<style>.notes__section--update { break-before: page; }</style></head>")
    pdf = pdf_from_html(html, stylesheets=(print_stylesheet(),))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    def page_of(words: str) -> int:
        found = [number for number, text in enumerate(pages) if words in text]
        assert len(found) == 1, (words, found)
        return found[0]

    pushed = 0
    for lines in range(24, 40):
        body = page_of(f"Body {lines} starts.")
        assert page_of(f"Heading {lines}\n") == body, lines
        assert page_of(f"Presented by Presenter {lines}\n") == body, lines
        pushed += page_of(f"Filler {lines}\n") != body
    # The fillers did take some headings past a page's foot.
    assert 0 < pushed < 16


# The url_fetcher: fixtures that point everything WeasyPrint fetches at a
# local file and at a listener on the loopback interface.
class Listener(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        Listener.requests.append(self.path)
        body = b"<svg xmlns='http://www.w3.org/2000/svg'><text y='20'>zsecnet</text></svg>"
        if self.path.endswith(".css"):
            body = b"body::after { content: 'zsecnet'; }"
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml" if b"svg" in body else "text/css")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[str]:
    Listener.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Listener)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def local_files(tmp_path) -> Path:
    (tmp_path / "secret.txt").write_text("zsecfile")
    (tmp_path / "secret.css").write_text("body::after { content: 'zsecfile'; }")
    (tmp_path / "secret.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg'><text y='20'>zsecfile</text></svg>"
    )
    return tmp_path


def hostile_html(base: str) -> str:
    """A page that tries every way WeasyPrint fetches: img, @import, url(), fonts, attachments."""
    nested = (
        "<svg xmlns='http://www.w3.org/2000/svg'>"
        f"<image href='{base}/nested.svg' width='9' height='9'/></svg>"
    )
    return f"""<!doctype html><html lang="en-GB"><head><title>Test</title>
    <link rel="stylesheet" href="{base}/secret.css">
    <link rel="attachment" href="{base}/secret.txt" title="notes">
    <style>
      @import url("{base}/imported.css");
      @font-face {{ font-family: Leaky; src: url("{base}/font.woff"); }}
      p {{ background-image: url("{base}/background.svg"); font-family: Leaky; }}
    </style></head>
    <body><p>zpubbody</p><img src="{base}/secret.svg" alt="zpubalt">
    <object data="{base}/secret.svg">zpubobject</object>
    <a rel="attachment" href="{base}/secret.txt">zpublink</a>
    <img src="data:image/svg+xml,{quote(nested)}" alt="">
    </body></html>"""


def test_nothing_is_fetched_from_the_network(listener):
    pdf = pdf_from_html(hostile_html(listener))
    assert Listener.requests == []
    texts = pdf_texts(pdf)
    assert find(texts, ["zsecnet"]) == []
    assert "zpubbody" in texts["pdf text"]
    assert texts["pdf attachments"] == "{}"


def test_nothing_is_read_from_local_files(local_files):
    pdf = pdf_from_html(hostile_html(local_files.as_uri()))
    texts = pdf_texts(pdf)
    assert find(texts, ["zsecfile"]) == []
    assert texts["pdf attachments"] == "{}"
    assert "zpubbody" in texts["pdf text"]


def test_relative_addresses_outside_the_static_files_are_refused(local_files):
    fetcher = StaticFilesOnly()
    for url in (
        f"{ORIGIN}media/publications/anything.pdf",
        f"{ORIGIN}static/../config/settings.py",
        f"{ORIGIN}static/%2e%2e/config/settings.py",
        f"{ORIGIN}static/css/missing.css",
        f"{ORIGIN}static/",
        "https://allies-notes.invalid.example.org/static/css/print.css",
        f"{local_files.as_uri()}/secret.txt",
        "ftp://127.0.0.1/secret.txt",
    ):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)


def test_the_apps_static_files_and_data_uris_are_served():
    fetcher = StaticFilesOnly()
    css = fetcher.fetch(f"{ORIGIN}static/css/print.css")
    assert b"@page" in css.read()
    assert css.content_type == "text/css"
    encoded = base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'/>").decode()
    assert fetcher.fetch(f"data:image/svg+xml;base64,{encoded}").read().startswith(b"<svg")
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='40'>"
        "<text y='20'>zpubdata</text></svg>"
    )
    pdf = pdf_from_html(
        f'<html lang="en-GB"><title>t</title><img src="data:image/svg+xml,{quote(svg)}" alt="">'
    )
    assert "zpubdata" in pdf_texts(pdf)["pdf text"]


def carried_from_published_notes():
    """Notes carrying action 2 of 25 January 2022 as those published notes show it."""
    agreed = ActionReference(datetime.date(2022, 1, 25), 2)
    earlier = redact(Notes("g", agreed.agreed_on, actions=(AgreedAction(2, "Share quotes"),)))
    notes = Notes("g", datetime.date(2022, 4, 27), carried=(CarriedAction(agreed, status="open"),))
    return redact(notes, {agreed: earlier.actions[0]})


def test_an_earlier_action_says_where_it_came_from_as_a_link_on_the_page_and_words_in_the_pdf():
    public = carried_from_published_notes()
    page = notes_html(public)
    assert '<a href="/notes/g/2022-01-25/#action-2">25 Jan 2022, action 2</a>' in page
    assert 'id="action-2"' in notes_html(redact(Notes("g", DAY, actions=(AgreedAction(2, "x"),))))
    texts = pdf_texts(notes_pdf(public, EDITION))
    assert "25 Jan 2022, action 2" in " ".join(texts["pdf text"].split())
    assert "/notes/g/" not in texts["pdf links"]
