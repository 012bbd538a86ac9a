"""Reading every place a public output can hold text, to prove nothing sensitive is there.

A PDF can hide text in its metadata (the Info dictionary and XMP), its
bookmarks, its link annotations, attached files and any other object; a .docx
in any part of its zip: properties, comments, relationships (link targets),
hidden or tracked text, custom XML. The functions here read all of it, so the
leak tests look everywhere a reader, a search engine or a curious person could.
"""

import contextlib
import io
import json
import re
import subprocess
import zipfile
from collections.abc import Iterable, Iterator

from lxml import etree
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def find(texts: dict[str, str], markers: Iterable[str]) -> list[tuple[str, str]]:
    """Every (place, marker) where a marker occurs in the texts."""
    return [
        (where, marker) for where, text in texts.items() for marker in markers if marker in text
    ]


# The JSON API
def api_paths(group: str, day: str) -> dict[str, str]:
    """Every address of the API that can hold something of a group's published notes."""
    notes = f"/api/groups/{group}/notes/{day}"
    return {
        "api groups": "/api/groups",
        "api group": f"/api/groups/{group}",
        "api notes list": f"/api/groups/{group}/notes",
        "api notes": notes,
        "api version": f"{notes}/versions/1",
        "api meetings": f"/api/groups/{group}/meetings",
    }


def api_text(data: bytes) -> str:
    """An API answer as text, with every string as written (JSON escapes no letter here)."""
    return json.dumps(json.loads(data), ensure_ascii=False)


def ics_text(data: bytes) -> str:
    """An iCalendar file as text, its long lines unfolded so no word is split."""
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")


# PDF
def pdf_texts(data: bytes) -> dict[str, str]:
    """Everything a PDF holds as text, by where it is."""
    reader = PdfReader(io.BytesIO(data))
    texts = {
        "pdf text": pdf_text(data),
        "pdf text (pypdf)": "\n".join(page.extract_text() for page in reader.pages),
        "pdf metadata": repr(dict(reader.metadata or {})),
        "pdf outline": "\n".join(_outline_titles(reader.outline)),
        "pdf links": "\n".join(_annotations(reader)),
        "pdf attachments": repr({name: contents for name, contents in reader.attachments.items()}),
        "pdf objects": "\n".join(_strings(reader.trailer, set())),
        # Whatever is stored uncompressed, reachable or not.
        "pdf bytes": data.decode("latin-1"),
    }
    metadata = reader.trailer["/Root"].get("/Metadata")
    if metadata is not None:
        texts["pdf xmp"] = metadata.get_object().get_data().decode("utf-8", "replace")
    return texts


def pdf_text(data: bytes) -> str:
    """The text of a PDF's pages, as poppler reads it.

    pypdf misreads some fonts' character maps (WeasyPrint's, when a character
    has no glyph); poppler's pdftotext, which the CI installs, reads them right.
    """
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607 (poppler-utils, on the path)
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


def _outline_titles(outline: list) -> Iterator[str]:
    for entry in outline:
        if isinstance(entry, list):
            yield from _outline_titles(entry)
        else:
            yield str(entry.get("/Title", ""))


def _annotations(reader: PdfReader) -> Iterator[str]:
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            yield repr(annotation)
            action = annotation.get("/A")
            if action is not None:
                yield str(action.get_object().get("/URI", ""))


def _strings(value: object, seen: set[int]) -> Iterator[str]:
    """Every string in every object reachable from `value`, and every stream, decoded."""
    if isinstance(value, IndirectObject):
        if value.idnum in seen:
            return
        seen.add(value.idnum)
        value = value.get_object()
    if isinstance(value, StreamObject):
        # A stream pypdf cannot decode (some image filters) holds no text.
        with contextlib.suppress(Exception):
            yield value.get_data().decode("latin-1")
    if isinstance(value, DictionaryObject):
        for key, item in value.items():
            if key != "/Parent":
                yield from _strings(item, seen)
    elif isinstance(value, ArrayObject):
        for item in value:
            yield from _strings(item, seen)
    elif isinstance(value, str | bytes):
        yield value if isinstance(value, str) else value.decode("latin-1")


# Word
def docx_parts(data: bytes) -> dict[str, str]:
    """Every part of a .docx, by name, as text (XML as written; anything else as bytes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            f"docx {name}": archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
        }


def docx_text(data: bytes) -> str:
    """The words of the document body, header and footer, a paragraph a line."""
    paragraphs = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                root = etree.fromstring(archive.read(name))
                for paragraph in root.iter(f"{{{W}}}p"):
                    paragraphs.append("".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t")))
    return "\n".join(paragraphs)


ALLOWED_PARTS = {
    "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/document.xml",
    "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/numbering.xml",
    "word/fontTable.xml", "word/webSettings.xml", "word/theme/theme1.xml", "word/header1.xml",
    "word/footer1.xml", "word/header2.xml", "word/footer2.xml",
}  # fmt: skip
# Hidden text, tracked changes, comments, document variables and templates.
FORBIDDEN_ELEMENTS = {
    "vanish", "specVanish", "webHidden", "ins", "del", "moveFrom", "moveTo", "rPrChange",
    "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange", "commentReference",
    "commentRangeStart", "commentRangeEnd", "docVars", "docVar", "attachedTemplate", "rsids",
    "rsid", "instrText",
}  # fmt: skip
CORE = {
    "{http://purl.org/dc/elements/1.1/}creator",
    "{http://purl.org/dc/elements/1.1/}title",
    "{http://purl.org/dc/terms/}created",
}


def docx_problems(data: bytes, *, author: str, title: str, created: str) -> list[str]:
    """What a published .docx carries beyond its content, its styles and three properties."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        problems += [f"unexpected part {name}" for name in sorted(names - ALLOWED_PARTS)]
        for name in sorted(names & ALLOWED_PARTS):
            root = etree.fromstring(archive.read(name))
            problems += [f"{name}: {problem}" for problem in _xml_problems(root)]
        core = etree.fromstring(archive.read("docProps/core.xml"))
        found = {child.tag: (child.text or "") for child in core}
        if set(found) != CORE:
            problems.append(f"core properties {sorted(found)}")
        expected = {"creator": author, "title": title, "created": created}
        for tag, text in found.items():
            name = etree.QName(tag).localname
            if name in expected and text != expected[name]:
                problems.append(f"core property {name} is {text!r}")
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        for rel in rels:
            if rel.get("TargetMode") == "External" and not re.match(
                r"(https?://|mailto:)", rel.get("Target", "")
            ):
                problems.append(f"external relationship to {rel.get('Target')}")
    return problems


def _xml_problems(root: etree._Element) -> Iterator[str]:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if etree.QName(element).namespace == W and name in FORBIDDEN_ELEMENTS:
            yield f"<w:{name}>"
        if any(etree.QName(attribute).localname.startswith("rsid") for attribute in element.attrib):
            yield f"revision ids on <{name}>"
        if name == "fldSimple" and element.get(f"{{{W}}}instr", "").split() not in (
            ["PAGE"],
            ["NUMPAGES"],
        ):
            yield f"field {element.get(f'{{{W}}}instr')!r}"
        if name == "color" and element.get(f"{{{W}}}val", "").upper() == "FFFFFF":
            yield "white text"
        if name == "sz" and int(element.get(f"{{{W}}}val", "24")) < 12:
            yield "text smaller than 6pt"
