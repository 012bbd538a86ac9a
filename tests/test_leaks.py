"""Nothing marked sensitive reaches any public output, and everything public reaches them all.

The property test publishes generated meetings whose every sensitive section,
passage and action carries a unique secret marker, and reads every public
output — the notes page, the PDF (text, metadata, bookmarks, links, attached
files, every object), every part of the .docx, the Atom feed, search results,
the sitemap and the group's page — for those markers. The tests after it plant
leaks on purpose and show that the checker finds each one.
"""

import datetime
import io
from urllib.parse import quote

import pytest
from django.db import transaction
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from pypdf import PdfReader, PdfWriter

from actions.models import Action
from allies.models import Group
from meetings.models import Meeting
from meetings.services import meeting_create_from_notes
from notesfile.notes import Notes, Section
from publishing.frozen import Edition
from publishing.models import Publication
from publishing.redaction import redact
from publishing.render_docx import notes_docx
from publishing.render_pdf import pdf_from_html
from tests import strategies
from tests.factories import GroupFactory
from tests.leaks import docx_parts, docx_problems, docx_text, find, pdf_texts
from tests.publishing import publish, secretary_of, sitemap_files

EDITION = Edition(1, datetime.date(2022, 1, 27))


@pytest.fixture
def publisher(db):
    group = GroupFactory()
    return group, secretary_of(group)


def create_earlier_actions(notes: Notes, group: Group) -> None:
    """The earlier actions the notes carry over, as an earlier meeting agreed them."""
    for carried in notes.carried:
        earlier, _ = Meeting.objects.get_or_create(group=group, date=carried.reference.agreed_on)
        Action.objects.create(
            meeting=earlier,
            number=carried.reference.number,
            text=carried.text,
            owner_text=carried.owner,
            deadline_text=carried.deadline,
            sensitivity=carried.sensitivity,
        )


def body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


def results_region(client, query: str) -> str:
    """The results of a search: the page around them repeats the query itself."""
    page = client.get("/notes/search/", {"q": query}).content.decode()
    return page[
        page.index('<section id="results"') : page.index(
            "</section>", page.index('<section id="results"')
        )
    ]


def public_outputs(client, publication: Publication, markers: strategies.Markers) -> dict[str, str]:
    """Every public output of a publication, as text, by where it is."""
    group, day = publication.meeting.group.slug, publication.meeting.date
    outputs = {
        "notes page": body(client.get(f"/notes/{group}/{day}/")).decode(),
        "version page": body(client.get(f"/notes/{group}/{day}/v1/")).decode(),
        "group page": body(client.get(f"/notes/{group}/")).decode(),
        "feed": body(client.get(f"/notes/{group}/feed.xml")).decode(),
        "sitemap": sitemap_files(client),
        "home page": body(client.get("/")).decode(),
    }
    outputs |= pdf_texts(body(client.get(f"/notes/{group}/{day}.pdf")))
    outputs |= docx_parts(body(client.get(f"/notes/{group}/{day}.docx")))
    for marker in markers.public + markers.secret:
        outputs[f"search for {marker}"] = results_region(client, marker)
    return outputs


@given(case=strategies.marked_notes())
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_no_secret_reaches_any_public_output_and_every_public_word_does(case, publisher, client):
    notes, markers = case
    group, user = publisher
    with transaction.atomic():
        create_earlier_actions(notes, group)
        meeting = meeting_create_from_notes(notes=notes, group=group).meeting
        publication = publish(meeting, user)
        outputs = public_outputs(client, publication, markers)
        docx = body(client.get(f"/notes/{group.slug}/{notes.date}.docx"))
        transaction.set_rollback(True)  # the next example starts afresh

    assert find(outputs, markers.secret) == []
    page, pdf_text, word_text = outputs["notes page"], outputs["pdf text"], docx_text(docx)
    for where, text in (("page", page), ("pdf", pdf_text), ("docx", word_text)):
        missing = [marker for marker in markers.public if marker not in text]
        assert missing == [], where
    not_found = [m for m in markers.public if "search-result" not in outputs[f"search for {m}"]]
    assert not_found == []
    title = f"{publication.title} – {group.full_name}"
    created = f"{publication.edition.published_on}T12:00:00Z"
    assert docx_problems(docx, author=group.full_name, title=title, created=created) == []


# The checker finds what is planted.
SECRET = "zsecplanted"


def clean_docx() -> bytes:
    notes = Notes("g", datetime.date(2022, 1, 25), sections=(Section("News", "Public words"),))
    return notes_docx(redact(notes), EDITION)


def test_the_checker_finds_hidden_text_in_a_word_file():
    document = Document(io.BytesIO(clean_docx()))
    document.paragraphs[-1].add_run(SECRET).font.hidden = True
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    assert find(docx_parts(data), [SECRET]) == [("docx word/document.xml", SECRET)]
    assert "word/document.xml: <w:vanish>" in docx_problems(data, author="", title="", created="")


def test_the_checker_finds_a_secret_in_a_word_files_link_and_properties():
    document = Document(io.BytesIO(clean_docx()))
    paragraph = document.paragraphs[-1]
    link = OxmlElement("w:hyperlink")
    link.set(
        qn("r:id"),
        paragraph.part.relate_to(f"https://example.org/{SECRET}", RT.HYPERLINK, is_external=True),
    )
    paragraph._p.append(link)
    document.core_properties.comments = SECRET
    buffer = io.BytesIO()
    document.save(buffer)
    found = {where for where, _ in find(docx_parts(buffer.getvalue()), [SECRET])}
    assert found == {"docx word/_rels/document.xml.rels", "docx docProps/core.xml"}


def test_the_checker_finds_a_secret_in_pdf_metadata():
    head = f'<title>Public</title><meta name="keywords" content="{SECRET}">'
    pdf = pdf_from_html(f'<html lang="en-GB">{head}<p>Public')
    assert {where for where, _ in find(pdf_texts(pdf), [SECRET])} >= {"pdf metadata", "pdf xmp"}
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_from_html("<title>t</title><p>Public"))))
    writer.add_metadata({"/Subject": SECRET})
    buffer = io.BytesIO()
    writer.write(buffer)
    assert ("pdf metadata", SECRET) in find(pdf_texts(buffer.getvalue()), [SECRET])


def test_the_checker_finds_a_secret_in_a_pdf_link_bookmark_or_attachment():
    link = pdf_from_html(f'<title>t</title><p><a href="https://example.org/{SECRET}">Public</a>')
    assert ("pdf links", SECRET) in find(pdf_texts(link), [SECRET])
    assert SECRET not in pdf_texts(link)["pdf text"]
    bookmark = pdf_from_html(
        f"<title>t</title><h2 style=\"bookmark-label: '{SECRET}'\">Public</h2>"
    )
    assert ("pdf outline", SECRET) in find(pdf_texts(bookmark), [SECRET])
    assert SECRET not in pdf_texts(bookmark)["pdf text"]
    attached = pdf_from_html(
        f'<title>t</title><link rel="attachment" href="data:text/plain,{quote(SECRET)}"><p>Public'
    )
    assert ("pdf attachments", SECRET) in find(pdf_texts(attached), [SECRET])


def test_the_checker_finds_a_secret_in_white_or_tiny_word_text():
    document = Document(io.BytesIO(clean_docx()))
    run = document.paragraphs[-1].add_run("public")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "FFFFFF")
    run._r.get_or_add_rPr().append(color)
    run.font.size = 2 * 12700  # 2pt
    buffer = io.BytesIO()
    document.save(buffer)
    problems = docx_problems(buffer.getvalue(), author="", title="", created="")
    assert "word/document.xml: white text" in problems
    assert "word/document.xml: text smaller than 6pt" in problems
