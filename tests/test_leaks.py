"""Nothing marked sensitive reaches any public output, and everything public reaches them all.

The property test publishes generated meetings whose every sensitive section,
passage and action carries a unique secret marker, and reads every public
output — the notes page, the PDF (text, metadata, bookmarks, links, attached
files, every object), every part of the .docx, the Atom feed, search results,
the sitemap, the group's page, the calendar and every answer of the JSON API —
for those markers. The tests after it plant leaks on purpose and show that the
checker finds each one.
"""

import datetime
import io
from urllib.parse import quote

import pytest
from django.db import transaction
from django.urls import reverse
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import HealthCheck, event, given, settings
from pypdf import PdfReader, PdfWriter

from actions.models import Action
from actions.services import action_add, carried_record, carried_update
from allies.models import Group
from meetings.models import Meeting
from meetings.services import meeting_create, meeting_create_from_notes
from notesfile.notes import Notes, Section
from publishing.frozen import Edition
from publishing.models import Listing, Publication
from publishing.redaction import redact
from publishing.render_docx import notes_docx
from publishing.render_pdf import pdf_from_html
from publishing.review import meeting_publish, review_open
from publishing.services import meeting_status_change, publication_render
from publishing.withheld import withheld_register, withheld_release
from tests import strategies
from tests.factories import GroupFactory
from tests.histories import STANDING, History, histories
from tests.leaks import (
    api_paths,
    api_text,
    docx_parts,
    docx_problems,
    docx_text,
    find,
    ics_text,
    pdf_texts,
)
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
    outputs["calendar"] = ics_text(body(client.get(f"/notes/{group}/meetings.ics")))
    for where, path in api_paths(group, str(day)).items():
        outputs[where] = api_text(body(client.get(path)))
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
    api = outputs["api notes"]
    for where, text in (("page", page), ("pdf", pdf_text), ("docx", word_text), ("api", api)):
        missing = [marker for marker in markers.public if marker not in text]
        assert missing == [], where
    not_found = [m for m in markers.public if "search-result" not in outputs[f"search for {m}"]]
    assert not_found == []
    title = f"{publication.title} – {group.full_name}"
    created = f"{publication.edition.published_on}T12:00:00Z"
    assert docx_problems(docx, author=group.full_name, title=title, created=created) == []


# Issue 11: nothing of unpublished notes reaches the public through later notes.
DRAFT_WORD = "zqxvenuebooking"


def test_an_action_of_a_draft_never_reaches_the_next_published_notes(publisher, client):
    group, user = publisher
    draft = meeting_create(group=group, date=datetime.date(2023, 6, 6))
    action = action_add(
        meeting=draft, number=1, text=f"Ask about the {DRAFT_WORD}",
        owner_text="zqxownerword", deadline_text="zqxdeadlineword",
    )  # fmt: skip
    later = Notes(group.slug, datetime.date(2024, 5, 5), sections=(Section("News", "All well"),))
    meeting = meeting_create_from_notes(notes=later, group=group).meeting
    words = [DRAFT_WORD, "zqxownerword", "zqxdeadlineword"]

    publication = publish(meeting, user)
    assert publication.public_notes().carried == ()
    assert find(every_channel(client, publication, words), words) == []

    # Even recorded in the later notes, with no words of their own, it is left out,
    # and the secretary is told so before publishing.
    meeting_status_change(meeting=meeting, status=Meeting.Status.DRAFT, by=user)
    row = carried_record(meeting=meeting, action=action, status="complete", note="Done at last")
    client.force_login(user)
    preview = client.get(reverse("meetings:preview", args=[meeting.pk])).content.decode()
    told = "1 carried action comes from the notes of 6 June 2023, not yet published: it will be "
    assert told + "left out." in preview
    client.logout()
    publication = publish(meeting, user, correction_note="Recorded the venue")
    assert publication.public_notes().carried == ()
    assert find(every_channel(client, publication, words), words) == []

    # In words of its own, it is shown in those words alone, and says no origin.
    meeting_status_change(meeting=meeting, status=Meeting.Status.DRAFT, by=user)
    row.refresh_from_db()
    carried_update(row=row, version=row.version, status="complete", note="Done at last",
                   text="Find a room zqxownwords")  # fmt: skip
    publication = publish(meeting, user, correction_note="Worded the venue")
    outputs = every_channel(client, publication, [*words, "zqxownwords"])
    assert find(outputs, words) == []
    assert "zqxownwords" in outputs["notes page"]
    assert "zqxownwords" in outputs["pdf text"]
    (shown,) = publication.public_notes().carried
    assert (shown.label, shown.status, shown.origin) == ("A", "complete", "")


def every_channel(client, publication: Publication, words: list[str]) -> dict[str, str]:
    """A publication's page, files, search (results and index) and the group's other pages."""
    group, day = publication.meeting.group.slug, publication.meeting.date
    outputs = {
        "notes page": body(client.get(f"/notes/{group}/{day}/")).decode(),
        "group page": body(client.get(f"/notes/{group}/")).decode(),
        "feed": body(client.get(f"/notes/{group}/feed.xml")).decode(),
        "sitemap": sitemap_files(client),
        "search index": " ".join(Publication.objects.values_list("text", flat=True)),
        "feed summaries": " ".join(Listing.objects.values_list("summary", flat=True)),
        "calendar": ics_text(body(client.get(f"/notes/{group}/meetings.ics"))),
    }
    for where, path in api_paths(group, str(day)).items():
        outputs[where] = api_text(body(client.get(path)))
    outputs |= pdf_texts(body(client.get(f"/notes/{group}/{day}.pdf")))
    outputs |= docx_parts(body(client.get(f"/notes/{group}/{day}.docx")))
    for word in words:
        outputs[f"search for {word}"] = results_region(client, word)
    return outputs


@given(plan=histories())
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_across_a_groups_history_only_published_notes_reach_the_public(plan, publisher, client):
    group, user = publisher
    for planned in plan:
        event(f"a meeting {planned.state}")
        for row in planned.rows:
            event(f"a row: {row.kind}, {row.sensitivity}")
    standing = [i for i, planned in enumerate(plan) if planned.state in STANDING]
    history = History(group, user, plan, render=standing[-1] if standing else -1)
    with transaction.atomic():
        history.build()
        outputs, pages, current, files = read_history(client, history)
        transaction.set_rollback(True)  # the next example starts afresh

    assert find(outputs, history.secret) == []
    for marker, versions in history.shown_in.items():
        for version in versions:
            assert marker in pages[version], (marker, version)
            if version in current:
                assert "search-result" in outputs[f"search for {marker}"], marker
            if version in current and version[0] == history.render:
                assert marker in files["pdf text"], marker
                assert marker in files["docx text"], marker
    secret = len(history.secret)
    event(f"{secret} secret markers, {len(history.shown_in) - secret} public")


def read_history(client, history: History):
    """Every public channel after the history: pages of every version, files, search, feeds."""
    slug = history.group.slug
    outputs = {
        "group page": body(client.get(f"/notes/{slug}/")).decode(),
        "feed": body(client.get(f"/notes/{slug}/feed.xml")).decode(),
        "feed summaries": " ".join(Listing.objects.values_list("summary", flat=True)),
        "sitemap": sitemap_files(client),
        "home page": body(client.get("/")).decode(),
        "calendar": ics_text(body(client.get(f"/notes/{slug}/meetings.ics"))),
        "api notes list": api_text(body(client.get(f"/api/groups/{slug}/notes"))),
    }
    pages: dict[tuple[int, int], str] = {}
    current: set[tuple[int, int]] = set()
    files: dict[str, str] = {}
    for index, meeting in enumerate(history.meetings):
        publications = list(meeting.publications.order_by("version"))
        for publication in publications:
            response = client.get(f"/notes/{slug}/{meeting.date}/v{publication.version}/")
            assert response.status_code == (410 if publication.is_withdrawn else 200)
            page = response.content.decode()
            pages[(index, publication.version)] = page
            outputs[f"page {meeting.date} v{publication.version}"] = page
            outputs[f"frozen {meeting.date} v{publication.version}"] = str(publication.document)
            outputs[f"index {meeting.date} v{publication.version}"] = publication.text
        standing = [p for p in publications if not p.is_withdrawn]
        if standing:
            current.add((index, standing[-1].version))
            outputs[f"page {meeting.date}"] = body(
                client.get(f"/notes/{slug}/{meeting.date}/")
            ).decode()
            outputs[f"api {meeting.date}"] = api_text(
                body(client.get(f"/api/groups/{slug}/notes/{meeting.date}"))
            )
        if index == history.render:
            pdf = body(client.get(f"/notes/{slug}/{meeting.date}.pdf"))
            docx = body(client.get(f"/notes/{slug}/{meeting.date}.docx"))
            files = pdf_texts(pdf) | docx_parts(docx) | {"docx text": docx_text(docx)}
            outputs |= files
    for marker in history.shown_in:
        outputs[f"search for {marker}"] = results_region(client, marker)
    return outputs, pages, current, files


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


def test_the_checker_reads_escaped_json_and_folded_calendar_lines():
    escaped = b'{"notes": "\\u007asecplanted"}'
    assert find({"api": api_text(escaped)}, [SECRET]) == [("api", SECRET)]
    folded = b"DESCRIPTION:zsec\r\n planted\r\n"
    assert find({"calendar": ics_text(folded)}, [SECRET]) == [("calendar", SECRET)]


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


# Withheld parts with a reason and a date, and parts released in a correction.
def withheld_meeting(group, secret: str, explanation: str) -> Meeting:
    notes = Notes(
        "allies-group",
        datetime.date(2022, 4, 27),
        sections=(
            Section(
                "Funding",
                f"The Trust gave [{secret} for two years]{{.financial until=2031-07-19 "
                f'why="{explanation}"}}. We thank them.',
            ),
            Section(
                "Staff",
                f"{secret}b",
                sensitivity="personal",
                withheld_why="zpubwhyb",
                withheld_until=datetime.date(2031, 7, 19),
            ),
        ),
    )
    return meeting_create_from_notes(notes=notes, group=group).meeting


def test_a_withheld_parts_explanation_is_public_and_its_words_and_date_never_are(publisher, client):
    group, user = publisher
    meeting = withheld_meeting(group, "zsecfunding", "zpubwhya")
    publication = publish(meeting, user)
    markers = strategies.Markers()
    markers.public += ["zpubwhya", "zpubwhyb"]
    markers.secret += ["zsecfunding", "2031-07-19", "19 July 2031", "2031"]
    outputs = public_outputs(client, publication, markers)
    outputs.pop("search for 2031-07-19"), outputs.pop("search for 19 July 2031")
    outputs.pop("search for 2031")
    assert find(outputs, markers.secret) == []
    for where in ("notes page", "pdf text", "docx word/document.xml"):
        assert "zpubwhya" in outputs[where], where
        assert "zpubwhyb" in outputs[where], where


def test_a_released_part_is_public_only_once_its_correction_is_published(publisher, client):
    group, user = publisher
    meeting = withheld_meeting(group, "zsecreleased", "zpubwhya")
    first = publish(meeting, user)
    meeting.refresh_from_db()
    key = next(p.key for p in withheld_register(group) if p.sensitivity == "financial")
    withheld_release(meeting=meeting, key=key, by=user)
    markers = strategies.Markers()
    markers.secret.append("zsecreleased")
    # Released, in review: the public still reads version 1 without it.
    review_open(meeting=meeting, by=user)
    assert find(public_outputs(client, first, markers), ["zsecreleased"]) == []
    second = meeting_publish(meeting=meeting, by=user, override_reason="The chair agreed")
    publication_render(publication=second)
    day = meeting.date
    page = body(client.get(f"/notes/{group.slug}/{day}/")).decode()
    assert "zsecreleased for two years" in page
    assert "was released in" in page  # the correction note says so
    assert (
        "zsecreleased" in pdf_texts(body(client.get(f"/notes/{group.slug}/{day}.pdf")))["pdf text"]
    )
    assert "zsecreleased" in docx_text(body(client.get(f"/notes/{group.slug}/{day}.docx")))
    # Version 1 stays as it was published; the section still withheld stays withheld.
    assert "zsecreleased" not in body(client.get(f"/notes/{group.slug}/{day}/v1/")).decode()
    assert "zsecreleasedb" not in page
