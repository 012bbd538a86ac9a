"""The public notes as a Word file, written with python-docx from a cleaned template.

python-docx starts every document from a template of its own that carries an
author ("python-docx"), a description, revision session ids, a thumbnail, a
custom XML part, Word 2010 styles and application properties. `notes_docx`
removes all of them, so the file holds the notes, their styles and three core
properties (the group as author, the title and the publication date) and
nothing else. The content is made from `PublicNotes` alone, by walking the
same markup tree the web page shows.
"""

import datetime
import io
import re
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from notesfile.markup import (
    PLACEHOLDERS,
    Block,
    Code,
    CodeBlock,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Redacted,
    Rule,
    Strong,
    Table,
    Text,
)
from publishing.frozen import Edition
from publishing.redaction import PublicAction, PublicNotes, PublicSection
from publishing.render_html import document_title

FONT = "Arial"
INK = RGBColor(0x1D, 0x1D, 0x1F)
LINK = RGBColor(0x0B, 0x55, 0x60)
# What was left out looks as it does on the web: a grey chip with a border, or a box.
LEFT_OUT_INK = RGBColor(0x33, 0x33, 0x3A)
LEFT_OUT_FILL = "ECEBE6"
LEFT_OUT_LINE = "6B6B73"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# What python-docx's template brings that a published file must not carry.
DROPPED_PACKAGE_PARTS = {RT.THUMBNAIL, RT.EXTENDED_PROPERTIES, RT.CUSTOM_PROPERTIES}
DROPPED_DOCUMENT_PARTS = {RT.CUSTOM_XML, STYLES_WITH_EFFECTS, RT.COMMENTS, RT.GLOSSARY_DOCUMENT}
# Settings that record editing sessions, a template or a preview picture.
DROPPED_SETTINGS = {"rsids", "savePreviewPicture", "proofState", "attachedTemplate", "docVars",
                    "docId"}  # fmt: skip
# The shade of a table's header row, as in the PDF (print.css, thead th).
HEADER_SHADE = "EBE9E3"
ACTION_WIDTHS = (1.2, 8.8, 3.8, 3.2)
CARRIED_WIDTHS = (1.2, 5.2, 2.8, 2.3, 2.0, 3.5)
# With room in the first column for where each came from: "25 Jan 2022, action 2".
CARRIED_WIDTHS_WITH_ORIGIN = (2.4, 4.6, 2.4, 2.1, 2.0, 3.5)
# XML 1.0 cannot hold these; a note pasted from elsewhere might.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def notes_docx(notes: PublicNotes, edition: Edition) -> bytes:
    """The .docx file of a meeting's public notes."""
    document = Document()
    _clean(document, notes, edition)
    _style(document)
    _page(document, notes)
    _write_notes(document, notes, edition)
    _drop_unused_styles(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# The package: what is kept, and what it says about itself.
def _clean(document: DocumentObject, notes: PublicNotes, edition: Edition) -> None:
    package = document.part.package
    for rels, dropped in (
        (package.rels, DROPPED_PACKAGE_PARTS),
        (document.part.rels, DROPPED_DOCUMENT_PARTS),
    ):
        for rel_id, rel in list(rels.items()):
            if rel.reltype in dropped:
                del rels[rel_id]
    core_part = package.part_related_by(RT.CORE_PROPERTIES)
    for child in list(core_part.element):
        core_part.element.remove(child)
    core = core_part.core_properties
    core.author = notes.group_name
    core.title = document_title(notes)
    core.created = datetime.datetime.combine(edition.published_on, datetime.time(12))
    settings = document.settings.element
    for element in list(settings):
        if etree.QName(element).localname in DROPPED_SETTINGS:
            settings.remove(element)
    for element in settings.findall(qn("w:themeFontLang")):
        element.set(qn("w:val"), "en-GB")
    for root in (document.element, document.styles.element, settings):
        _strip_revision_ids(root)
    _strip_revision_ids(document.part.numbering_part.element)


def _strip_revision_ids(root: etree._Element) -> None:
    """Remove Word's revision session ids (rsid), which tie a file to editing sessions."""
    for element in list(root.iter()):
        if element.tag == qn("w:rsid"):
            element.getparent().remove(element)
            continue
        for name in [name for name in element.attrib if name.startswith(qn("w:rsid"))]:
            del element.attrib[name]


def _drop_unused_styles(document: DocumentObject) -> None:
    """Remove the template's styles that nothing uses, such as its seventy table styles."""
    section = document.sections[0]
    roots = [document.element, section.header._element, section.footer._element,
             section.first_page_header._element, section.first_page_footer._element]  # fmt: skip
    roots.append(document.part.numbering_part.element)
    used = {
        element.get(qn("w:val"))
        for root in roots
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle")
        for element in root.iter(qn(tag))
    }
    styles = {
        style.get(qn("w:styleId")): style for style in document.styles.element.iter(qn("w:style"))
    }
    wanted = [style_id for style_id, style in styles.items() if style.get(qn("w:default")) == "1"]
    wanted += [style_id for style_id in used if style_id in styles]
    keep: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in keep or style_id not in styles:
            continue
        keep.add(style_id)
        for tag in ("w:basedOn", "w:link", "w:next"):
            wanted += [ref.get(qn("w:val")) for ref in styles[style_id].findall(qn(tag))]
    for style_id, style in styles.items():
        if style_id not in keep:
            style.getparent().remove(style)


def _style(document: DocumentObject) -> None:
    """Plain, readable styles in one font, British English throughout."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            _font(rpr)
            for lang in rpr.findall(qn("w:lang")):
                rpr.remove(lang)
            lang = OxmlElement("w:lang")
            lang.set(qn("w:val"), "en-GB")
            lang.set(qn("w:eastAsia"), "en-GB")
            lang.set(qn("w:bidi"), "ar-SA")
            rpr.append(lang)
    for style in styles:
        rpr = style.element.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn("w:rFonts")) is not None:
            _font(rpr)
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for level, size in ((1, 18), (2, 14), (3, 12), (4, 11), (5, 10.5), (6, 10.5)):
        heading = styles[f"Heading {level}"]
        heading.font.size = Pt(size)
        heading.font.color.rgb = INK
        heading.font.bold = True
        heading.font.italic = False
        heading.paragraph_format.space_before = Pt(14 if level <= 2 else 10)
        heading.paragraph_format.space_after = Pt(4)
        # Never the last line of a page: a heading goes with the text it heads.
        heading.paragraph_format.keep_with_next = True
    hyperlink = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    hyperlink.font.color.rgb = LINK
    hyperlink.font.underline = True


def _font(rpr: etree._Element) -> None:
    """One named font, rather than the template's theme fonts."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for name in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(name), FONT)
    rpr.insert(0, fonts)


def _page(document: DocumentObject, notes: PublicNotes) -> None:
    """A4, "Page X of Y" at the foot of every page, and the group's name at the head of
    every page after the first, which names it once above the title."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty header of its own
    header = section.header.paragraphs[0]
    header.text = _safe(notes.group_name)
    header.style = document.styles["Header"]
    for footer in (section.footer.paragraphs[0], section.first_page_footer.paragraphs[0]):
        footer.style = document.styles["Footer"]
        footer.add_run("Page ")
        _field(footer, "PAGE")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES")


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# The notes, in the order the group writes them.
def _write_notes(document: DocumentObject, notes: PublicNotes, edition: Edition) -> None:
    group = document.add_paragraph().add_run(_safe(notes.group_name))
    group.bold = True
    group.font.size = Pt(12)
    document.add_heading(_safe(notes.title), level=1)
    if notes.time_range or notes.place or notes.online:
        paragraph = document.add_paragraph(notes.time_range)
        if notes.place:
            paragraph.add_run(", " if notes.time_range else "")
            _inlines(paragraph, notes.place)
        if notes.online:
            paragraph.add_run(", online" if notes.time_range or notes.place else "Online")
    left_out = notes.left_out
    if left_out:
        summary = document.add_paragraph()
        summary.add_run(f"{left_out.summary}.").bold = True
        summary.add_run(" Each is shown below as “Left out”, where it was.")
        _box(summary, left_only=True)
    if edition.version > 1:
        correction = document.add_paragraph()
        correction.add_run(f"{edition.line}. Correction: ").bold = True
        correction.add_run(_safe(edition.correction_note))

    document.add_heading("Members", level=2)
    present = ", ".join(person.label for person in notes.present) or "None recorded"
    _labelled(document, "Present", present)
    if notes.apologies:
        _labelled(document, "Apologies", ", ".join(notes.apologies))
    if notes.absent:
        _labelled(document, "Absent", ", ".join(notes.absent))
    if notes.previous_notes_agreed:
        document.add_paragraph("The notes of the last meeting were agreed.")
    if notes.guests:
        document.add_heading("Guests", level=2)
        for guest in notes.guests:
            _labelled(document, guest.label, "")
            _blocks(document, guest.introduction)
    if notes.conflicts:
        document.add_heading("Conflicts of interest", level=2)
        _blocks(document, notes.conflicts)
    if notes.actions:
        document.add_heading("Actions", level=2)
        header: tuple[str, ...] = ("No.", "Agreed approach", "Person taking this on", "Deadline")
        _actions_table(document, header, ACTION_WIDTHS, notes.actions, carried=False)
    if notes.carried:
        document.add_heading("Actions from previous meetings", level=2)
        header = (
            "Ref.",
            "Agreed approach",
            "Person taking this on",
            "Deadline",
            "Status",
            "Update",
        )
        with_origin = any(action.origin for action in notes.carried)
        widths = CARRIED_WIDTHS_WITH_ORIGIN if with_origin else CARRIED_WIDTHS
        _actions_table(document, header, widths, notes.carried, carried=True)
    for section in notes.sections:
        if section.redacted:
            _left_out_section(document, section)
            continue
        _inlines(document.add_heading(level=2), section.heading)
        if section.presenter:
            paragraph = document.add_paragraph("Presented by ")
            paragraph.paragraph_format.keep_with_next = True
            _inlines(paragraph, section.presenter)
        _blocks(document, section.blocks)
    if notes.next_meetings:
        plural = "s" if len(notes.next_meetings) > 1 else ""
        document.add_heading(f"Date of next meeting{plural}", level=2)
        for line in notes.next_meetings:
            _inlines(document.add_paragraph(), line)
    colophon = document.add_paragraph(f"{edition.line}.")
    colophon.paragraph_format.space_before = Pt(18)


def _labelled(document: DocumentObject, label: str, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(_safe(f"{label}:" if text else label)).bold = True
    if text:
        paragraph.add_run(_safe(f" {text}"))


def _actions_table(
    document: DocumentObject,
    header: Sequence[str],
    widths: Sequence[float],
    actions: Sequence[PublicAction],
    *,
    carried: bool,
) -> None:
    table = _table(document, header, widths)
    for action in actions:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(_safe(action.label)).bold = True
        if action.origin:
            cells[0].add_paragraph().add_run(action.origin).font.size = Pt(8)
        if action.redacted:
            merged = cells[1].merge(cells[-1])
            _chip(merged.paragraphs[0], action.placeholder_label, action.explanation)
            continue
        deadline = action.deadline if carried else action.deadline_shown
        values = [action.text, action.owner, deadline]
        for cell, inlines in zip(cells[1:4], values, strict=True):
            _inlines(cell.paragraphs[0], inlines)
        if carried:
            cells[4].paragraphs[0].add_run(action.status_label)
            _inlines(cells[5].paragraphs[0], action.note)
    _set_widths(table, widths)


def _table(document: DocumentObject, header: Sequence[str], widths: Sequence[float]) -> DocxTable:
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for cell, label in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(_safe(label)).bold = True
        _shade(cell._tc.get_or_add_tcPr(), HEADER_SHADE)
    _repeat_header(table)
    return table


def _shade(cell_properties: etree._Element, fill: str) -> None:
    shading = OxmlElement("w:shd")
    for name, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(name), value)
    cell_properties.append(shading)


def _repeat_header(table: DocxTable) -> None:
    """Mark the first row as the header, repeated on every page (and read as such)."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)


def _set_widths(table: DocxTable, widths: Sequence[float]) -> None:
    # Word reads the cells' widths, LibreOffice the table grid's: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(2)


def _chip(
    paragraph: DocxParagraph, label: str, why: str = "", link_to: etree._Element | None = None
) -> None:
    """A passage or an action left out: its label in a bordered, shaded run, then any reason."""
    run = _run(paragraph, label, bold=True, link_to=link_to)
    run.font.color.rgb = LEFT_OUT_INK
    properties = run._r.get_or_add_rPr()
    border = OxmlElement("w:bdr")
    for name, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"),
                        ("w:color", LEFT_OUT_LINE)):  # fmt: skip
        border.set(qn(name), value)
    properties.append(border)
    properties.append(_shading())
    if why:
        reason = _run(paragraph, f" ({why})", link_to=link_to)
        reason.font.color.rgb = LEFT_OUT_INK
        reason._r.get_or_add_rPr().append(_shading())


def _shading() -> etree._Element:
    shading = OxmlElement("w:shd")
    for name, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", LEFT_OUT_FILL)):
        shading.set(qn(name), value)
    return shading


def _left_out_section(document: DocumentObject, section: PublicSection) -> None:
    """A section left out: a boxed, labelled block, as on the web and in the PDF."""
    label = document.add_paragraph()
    run = label.add_run(section.placeholder_label)
    run.bold = True
    run.font.size = Pt(12)
    run.font.color.rgb = LEFT_OUT_INK
    label.paragraph_format.space_before = Pt(12)
    label.paragraph_format.space_after = Pt(0)
    label.paragraph_format.keep_with_next = True
    about = document.add_paragraph("A whole section of these notes is not published.")
    if section.explanation:
        about.add_run(_safe(f" Why: {section.explanation}"))
    for paragraph in (label, about):
        _box(paragraph)


def _box(paragraph: DocxParagraph, *, left_only: bool = False) -> None:
    """A border round the paragraph (consecutive boxed paragraphs share one) and grey shading."""
    borders = OxmlElement("w:pBdr")
    for side in ("left",) if left_only else ("top", "left", "bottom", "right"):
        line = OxmlElement(f"w:{side}")
        for name, value in (("w:val", "single"), ("w:sz", "24" if left_only else "12"),
                            ("w:space", "4"), ("w:color", LEFT_OUT_LINE)):  # fmt: skip
            line.set(qn(name), value)
        borders.append(line)
    properties = paragraph._p.get_or_add_pPr()
    properties.append(borders)
    properties.append(_shading())


# The markup tree.
def _blocks(document: DocumentObject, blocks: Sequence[Block], depth: int = 0) -> None:
    for block in blocks:
        match block:
            case Paragraph(children):
                style = f"List Continue{_level(depth)}" if depth else None
                _inlines(document.add_paragraph(style=style), children)
            case Heading(level, children):
                _inlines(document.add_heading(level=min(max(level, 3), 6)), children)
            case ListBlock(ordered, start, items):
                _list(document, ordered, start, items, depth + 1)
            case Quote(children):
                for inner in children:
                    if isinstance(inner, Paragraph):
                        _inlines(document.add_paragraph(style="Quote"), inner.children)
                    else:
                        _blocks(document, (inner,), depth)
            case CodeBlock(text):
                document.add_paragraph(style="macro").add_run(_safe(text.rstrip("\n")))
            case Rule():
                _rule(document.add_paragraph())
            case Table(head, rows):
                widths = [17 / max(len(head), 1)] * len(head)
                table = _table(document, [""] * len(head), widths)
                for cell, inlines in zip(table.rows[0].cells, head, strict=True):
                    _inlines(cell.paragraphs[0], inlines, bold=True)
                for row in rows:
                    cells = table.add_row().cells
                    for cell, inlines in zip(cells, row, strict=False):
                        _inlines(cell.paragraphs[0], inlines)
                _set_widths(table, widths)


def _level(depth: int) -> str:
    return f" {min(depth, 3)}" if depth > 1 else ""


def _list(
    document: DocumentObject,
    ordered: bool,
    start: int,
    items: Sequence[Sequence[Block]],
    depth: int,
) -> None:
    style = f"List {'Number' if ordered else 'Bullet'}{_level(depth)}"
    number = _restarted_numbering(document, style, start) if ordered else None
    for item in items:
        first, rest = (item[0], item[1:]) if item else (Paragraph(()), ())
        paragraph = document.add_paragraph(style=style)
        if number is not None:
            _number(paragraph, number)
        if isinstance(first, Paragraph):
            _inlines(paragraph, first.children)
        else:
            rest = (first, *rest)
        _blocks(document, rest, depth)


def _restarted_numbering(document: DocumentObject, style: str, start: int) -> int:
    """A new numbering for one ordered list, so it starts at its own first number."""
    numbering = document.part.numbering_part.element
    style_num = document.styles[style].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return int(num.numId)


def _number(paragraph: DocxParagraph, number: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    num_pr = properties.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = number


def _rule(paragraph: DocxParagraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (
        ("w:val", "single"),
        ("w:sz", "6"),
        ("w:space", "1"),
        ("w:color", "888888"),
    ):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _inlines(
    paragraph: DocxParagraph,
    nodes: Sequence[Inline],
    *,
    bold: bool = False,
    italic: bool = False,
    link_to: etree._Element | None = None,
) -> None:
    for node in nodes:
        match node:
            case Text(text):
                _run(paragraph, text, bold=bold, italic=italic, link_to=link_to)
            case Code(text):
                run = _run(paragraph, text, bold=bold, italic=italic, link_to=link_to)
                run.font.name = "Courier New"
            case LineBreak():
                _run(paragraph, "", link_to=link_to).add_break()
            case Emphasis(children):
                _inlines(paragraph, children, bold=bold, italic=True, link_to=link_to)
            case Strong(children):
                _inlines(paragraph, children, bold=True, italic=italic, link_to=link_to)
            case Link(href, children):
                hyperlink = _hyperlink(paragraph, href)
                _inlines(paragraph, children, bold=bold, italic=italic, link_to=hyperlink)
            case Redacted(sensitivity, why):
                _chip(paragraph, PLACEHOLDERS[sensitivity], why, link_to=link_to)


def _run(
    paragraph: DocxParagraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    link_to: etree._Element | None = None,
) -> Run:
    run = paragraph.add_run(_safe(text))
    run.bold = bold or None
    run.italic = italic or None
    if link_to is not None:
        run.style = "Hyperlink"
        link_to.append(run._r)
    return run


def _hyperlink(paragraph: DocxParagraph, href: str) -> etree._Element:
    rel_id = paragraph.part.relate_to(href, RT.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), rel_id)
    paragraph._p.append(hyperlink)
    return hyperlink


def _safe(text: str) -> str:
    return NOT_XML.sub("", text)
