"""The OWASP XSS filter evasion vectors, written into every field a person types, come out of
every page, PDF, Word file, feed and search result as text: no script, no event handler, no
javascript: or data: address."""

import io
import re
import zipfile
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree, html
from pypdf import PdfReader

from meetings.models import Meeting
from publishing.models import Publication
from tests.leaks import pdf_texts
from tests.publishing import publish

# From the OWASP XSS Filter Evasion Cheat Sheet, with the Markdown-specific
# forms a notes app adds (links, images and autolinks with hostile addresses).
VECTORS = [
    "<SCRIPT SRC=https://cdn.example.org/xss.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"`/+/onmouseover=1/+/[*/[]/+alert(42);//'>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG onerror=\"alert('XSS')\" SRC=/>",
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',  # noqa: E501
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",  # noqa: E501
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.example.org/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=http://xss.example.org/xss.js?< B >",
    "<iframe src=http://xss.example.org/scriptlet.html <",
    "\\\";alert('XSS');//",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg/onload=alert('XSS')>",
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<STYLE>@import'http://xss.example.org/xss.css';</STYLE>",
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.example.org/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" type="image/svg+xml">',
    '<a href="javascript:alert(1)">x</a>',
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click me](vbscript:msgbox(1))",
    "![picture](javascript:alert(1))",
    "![picture](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<javascript:alert(1)>",
    "[click me](&#106;avascript:alert(1))",
    "[click me](javascript&colon;alert(1))",
    "[click me](%6A%61%76%61%73%63%72%69%70%74:alert(1))",
    '[click me](http://example.org/"onmouseover="alert(1))',
    "[click me](http://example.org/ 'title\" onmouseover=\"alert(1)')",
    '<http://example.org/" onmouseover="alert(1)>',
    "[x]{onclick=alert(1)}",
    "`<script>alert(1)</script>`",
]
HOSTILE_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data|livescript|mocha)\s*:", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster",
                  "data", "srcset", "content", "style"}  # fmt: skip
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "svg", "math", "img", "applet",
                  "frame", "frameset", "style"}  # fmt: skip


def active_content(page: str, where: str) -> list[str]:
    """Whatever in an HTML page could run or load something a person typed."""
    problems: list[str] = []
    tree = html.fromstring(page) if page.strip() else None
    if tree is None:
        return problems
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script" and not (element.get("src") or "").startswith("/static/"):
            problems.append(f"{where}: an inline script")
        if tag in FORBIDDEN_TAGS and not _app_chart(element):
            problems.append(f"{where}: a <{tag}> element")
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            problems.append(f"{where}: a refresh")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"{where}: an event handler {name}= on <{tag}>")
            if name.lower() in URL_ATTRIBUTES:
                cleaned = "".join(c for c in unescape(value) if c.isprintable() and c != "\t")
                if HOSTILE_SCHEMES.search(cleaned) or "javascript:" in cleaned.lower():
                    problems.append(f"{where}: a hostile address in {name}= on <{tag}>")
    return problems


def _app_chart(element: html.HtmlElement) -> bool:
    """The app's own charts: an <svg> it drew, inside a chart figure, of numbers and its labels."""
    figure = next(element.iterancestors("figure"), None)
    return (
        element.tag == "svg"
        and element.get("class") in ("chart__svg", "chart__key")
        and figure is not None
        and "chart" in (figure.get("class") or "").split()
    )


@pytest.fixture
def hostile(demo_drafts, django_capture_on_commit_callbacks):
    """The 2022 meeting with a vector in every field a person types, then published."""
    meeting = Meeting.objects.get(group=demo_drafts, date="2022-01-25")
    lizzie = User.objects.get(username="lizzie")
    lines = "\n\n".join(VECTORS)
    single = " ".join(vector.replace("\n", " ") for vector in VECTORS)
    Meeting.objects.filter(pk=meeting.pk).update(
        place=VECTORS[6], conflicts=lines, next_meetings="\n".join(VECTORS[:5])
    )
    for index, item in enumerate(meeting.agenda_items.all()):
        item.heading = VECTORS[index % len(VECTORS)][:290]
        item.presenter = VECTORS[(index + 3) % len(VECTORS)][:190]
        item.body = lines
        item.save()
    for index, action in enumerate(meeting.actions.all()):
        action.text = single
        action.owner_text = VECTORS[index][:290]
        action.deadline_text = VECTORS[index + 10][:95]
        action.save()
    attendance = meeting.attendances.filter(status="present").first()
    attendance.status, attendance.introduction = "guest", lines
    attendance.save()
    demo_drafts.about = lines
    demo_drafts.save()
    with django_capture_on_commit_callbacks(execute=True):
        publication = publish(meeting, lizzie)
    return meeting, publication


def test_no_vector_is_active_in_any_page(hostile, client):
    meeting, publication = hostile
    pages = {}
    client.login(username="lizzie", password="notes-secretary-demo")
    for where in ("edit", "preview"):
        pages[f"editor {where}"] = client.get(f"/meetings/{meeting.pk}/{where}/")
    pages["review"] = client.get(f"/review/{meeting.pk}/")
    pages["tracker"] = client.get("/actions/group/allies-group/")
    pages["dashboard"] = client.get("/dashboard/")
    pages["import preview"] = client.post(
        "/meetings/import/",
        {
            "group": meeting.group.pk,
            "file": SimpleUploadedFile("notes.txt", lines_file(meeting).encode()),
        },
    )
    client.logout()
    pages["public notes"] = client.get(publication.get_absolute_url())
    pages["group page"] = client.get("/notes/allies-group/")
    pages["search results"] = client.get("/notes/search/", {"q": "alert XSS onmouseover"})
    pages["search for a vector"] = client.get("/notes/search/", {"q": VECTORS[1]})
    for name, response in pages.items():
        assert response.status_code == 200, name
    problems = [
        problem
        for name, response in pages.items()
        for problem in active_content(response.content.decode(), name)
    ]
    assert problems == []
    # The vectors are shown as the words they are, not dropped.
    assert "&lt;svg/onload=alert" in pages["public notes"].content.decode()


def lines_file(meeting: Meeting) -> str:
    return "Meeting notes: 1 March 2023\n\nPresent: Graham Hart (chair)\n\nUpdates\n\n" + (
        "\n".join(VECTORS)
    )


def test_no_vector_is_active_in_the_feed(hostile, client):
    feed = client.get("/notes/allies-group/feed.xml").content
    root = etree.fromstring(feed)
    problems = []
    for element in root.iter("{http://www.w3.org/2005/Atom}summary",
                             "{http://www.w3.org/2005/Atom}content"):  # fmt: skip
        problems += active_content(element.text or "", "feed entry")
    for link in root.iter("{http://www.w3.org/2005/Atom}link"):
        if HOSTILE_SCHEMES.search(link.get("href", "")):
            problems.append("feed link")
    assert problems == []


def test_no_vector_is_active_in_the_pdf(hostile):
    _, publication = hostile
    publication = Publication.objects.get(pk=publication.pk)
    data = publication.pdf.open("rb").read()
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, dict)
    assert "/OpenAction" not in root
    assert "/AA" not in root
    assert "/JavaScript" not in root.get("/Names", {})
    links = pdf_texts(data)["pdf links"]
    assert not re.search(r"(?i)/(JavaScript|JS|Launch|SubmitForm|ImportData)\b", links)
    uris = re.findall(r"/URI': '([^']*)'", links)
    assert all(not HOSTILE_SCHEMES.search(uri) for uri in uris), uris


def test_no_vector_is_active_in_the_word_file(hostile):
    _, publication = hostile
    publication = Publication.objects.get(pk=publication.pk)
    with zipfile.ZipFile(publication.docx.open("rb")) as docx:
        names = docx.namelist()
        assert not [name for name in names if "vbaProject" in name or name.endswith(".bin")]
        for name in names:
            if not name.endswith(".rels"):
                continue
            for relation in etree.fromstring(docx.read(name)):
                target = relation.get("Target", "")
                assert not HOSTILE_SCHEMES.search(target), (name, target)
                if relation.get("TargetMode") == "External":
                    assert target.startswith(("http://", "https://", "mailto:")), target
        document = docx.read("word/document.xml").decode()
        assert "altChunk" not in document
        assert not re.search(r"(?i)HYPERLINK\s+\"?\s*(javascript|data|vbscript):", document)


@pytest.mark.parametrize("vector", VECTORS[:12])
def test_a_search_query_is_shown_back_as_text(db, client, vector):
    response = client.get("/notes/search/", {"q": vector})
    assert active_content(response.content.decode(), "search page") == []
