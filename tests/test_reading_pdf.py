"""Reading a PDF: its text in reading order, headings, lists and tables; and unreadable PDFs."""

import dataclasses
import html
import io
import shutil
from collections.abc import Sequence

import docx
import pdfplumber
import pypdf
import pytest
import weasyprint
from docx.shared import Cm

from meetings.importing import read_notes_file
from notesfile.format import NotesFormatError
from notesfile.notes import Notes
from notesfile.reading.loose import Grid, Item, Line
from notesfile.reading.pdf import pdf_source
from tests.corpus import libreoffice_pdfs
from tests.seeds import SEEDS, demo_notes, source_bytes

PAGE = """
@page { size: A5; margin: 2cm 1.5cm;
  @top-center { content: "Co-Production Collective – Allies Group"; font-size: 8pt }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt } }
body { font: 10pt/1.3 sans-serif }
table { border-collapse: collapse } td, th { border: 0.5pt solid black; padding: 2pt }
"""
PLAIN = """
@page { size: A5; margin: 2cm 1.5cm }
body { font: 10pt/1.3 sans-serif }
table { border-collapse: collapse } td, th { border: 0.5pt solid black; padding: 2pt }
"""


def pdf(body: str, style: str = PAGE) -> bytes:
    """A PDF made by WeasyPrint from the body of an HTML page."""
    return weasyprint.HTML(string=f"<style>{style}</style>{body}").write_pdf()


def html_from_notes(notes: Notes) -> str:
    """A page laid out as the group wrote its notes: title, Members, an actions table, sections."""

    def label(person):
        roles = (["chair"] if person.role == "chair" else []) + (
            ["notes"] if person.takes_notes else []
        )
        return person.name + "".join(f" ({role})" for role in roles)

    present = ", ".join(label(p) for p in notes.attending("present"))
    apologies = ", ".join(p.name for p in notes.attending("apologies"))
    parts = [
        "<h1>Co-Production Collective Allies Group</h1>",
        f"<p>Meeting notes: {notes.date:%A %-d %B %Y}</p>",
        "<h2>Members</h2>",
        f"<p>Present: {html.escape(present)}</p>",
        f"<p>Apologies: {html.escape(apologies)}</p>",
        "<h2>Actions</h2>",
        "<table><thead><tr><th>Agreed approach</th><th>Person taking this on</th>"
        "<th>Deadline</th></tr></thead>",
    ]
    for action in notes.actions:
        deadline = action.deadline
        if action.status == "complete":
            deadline = f"{deadline} – complete" if deadline else "Complete"
        cells = (f"{action.number}. {action.text}", action.owner, deadline)
        parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    parts.append("</table>")
    for section in notes.sections:
        parts.append(f"<h2>{html.escape(section.heading)}</h2>")
        depth = 0
        for line in section.body.splitlines():
            level = 2 if line.startswith("  - ") else 1 if line.startswith("- ") else 0
            while depth < level:
                parts.append("<ul>")
                depth += 1
            while depth > level:
                parts.append("</ul>")
                depth -= 1
            text = html.escape(line.strip().removeprefix("- "))
            if level:
                parts.append(f"<li>{text}</li>")
            elif line.strip():
                parts.append(f"<p>{text}</p>")
        parts.append("</ul>" * depth)
    for line in notes.next_meetings:
        parts.append(f"<p>Date of next meeting: {html.escape(line)}</p>")
    return "\n".join(parts)


@pytest.mark.parametrize(("source", "demo"), SEEDS)
def test_a_pdf_of_a_seed_imports_as_its_text_file_does(source, demo):
    made = pdf(html_from_notes(demo_notes(demo)))
    assert len(pypdf.PdfReader(io.BytesIO(made)).pages) > 1
    imported = read_notes_file("notes.pdf", made, "allies-group")
    text = read_notes_file(source, source_bytes(source), "allies-group")
    assert imported.reader == "a PDF"
    # A cell broken after a slash cannot say whether a space followed it: the
    # file's other slashes decide, and these notes write "Nicc/Lizzie" more often
    # than "Sarah/ Graham".
    expected = dataclasses.replace(
        text.notes,
        actions=tuple(
            dataclasses.replace(a, owner=a.owner.replace("/ ", "/")) for a in text.notes.actions
        ),
    )
    assert imported.notes == expected
    said = " ".join(imported.guesses)
    assert "dropped the running header 'Co-Production Collective – Allies Group'" in said
    assert "dropped the page numbers ('Page 1 of" in said


def blocks(body: str, style: str = PLAIN) -> list:
    return list(pdf_source(pdf(body, style), "notes.pdf").blocks)


def test_lines_broken_by_the_layout_are_joined_back_into_their_paragraph():
    names = ", ".join(f"Person{n} Surname{n}" for n in range(12)) + ", Niccola Hutchinson-Pascal"
    read = blocks(
        f"<p>Present: {names}</p><p>A short line.</p><p>Another short one.</p>"
        "<p style='width: 6cm'>Risks of separate groups and one overall group/board with "
        "representation</p>",
        "@page { size: A6; margin: 1cm } body { font: 9pt sans-serif }",
    )
    assert [block.text for block in read] == [
        f"Present: {names}",
        "A short line.",
        "Another short one.",
        "Risks of separate groups and one overall group/board with representation",
    ]


def test_headings_are_known_by_larger_or_bold_type_and_the_first_largest_is_the_title():
    read = blocks(
        "<h1>Allies Group</h1><p>Meeting notes: 1 March 2023</p><h2>Members</h2>"
        "<p>Present: Jo Bloggs</p><h3>Funding</h3><p><b>Next steps</b></p><p>All well.</p>"
        "<p><b>A whole sentence in bold is no heading.</b></p>"
    )
    assert read == [
        Line("Allies Group", read[0].line, title=True),
        Line("Meeting notes: 1 March 2023", read[1].line),
        Line("Members", read[2].line, heading=1),
        Line("Present: Jo Bloggs", read[3].line),
        Line("Funding", read[4].line, heading=1),
        Line("Next steps", read[5].line, heading=1),
        Line("All well.", read[6].line),
        Line("A whole sentence in bold is no heading.", read[7].line),
    ]


def test_list_items_keep_their_nesting_and_numbers_and_wrapped_items_are_one():
    long = "an item long enough to wrap onto a second line of the page " * 3
    read = blocks(
        f"<ul><li>First</li><li>{long}<ul><li>Nested</li></ul></li></ul>"
        "<ol><li>Numbered</li><li>Second</li></ol>",
        "@page { size: A6; margin: 1cm } body { font: 9pt sans-serif }",
    )
    assert [(type(b), b.text, b.depth, b.ordered, b.number) for b in read] == [
        (Item, "First", 0, False, None),
        (Item, " ".join(long.split()), 0, False, None),
        (Item, "Nested", 1, False, None),
        (Item, "Numbered", 0, True, 1),
        (Item, "Second", 0, True, 2),
    ]


def test_a_table_over_a_page_break_is_one_table_with_its_repeated_header_read_once():
    rows = "".join(
        f"<tr><td>{n}. Action number {n}</td><td>Owner {n}</td><td>March</td></tr>"
        for n in range(1, 61)
    )
    made = pdf(f"<h2>Actions</h2><table><thead><tr><th>Action</th><th>Who</th><th>When</th>"
               f"</tr></thead>{rows}</table><p>After the table.</p>")  # fmt: skip
    assert len(pypdf.PdfReader(io.BytesIO(made)).pages) >= 3
    source = pdf_source(made, "notes.pdf")
    (grid,) = [block for block in source.blocks if isinstance(block, Grid)]
    assert grid.rows[0] == ("Action", "Who", "When")
    assert [row[0] for row in grid.rows[1:]] == [f"{n}. Action number {n}" for n in range(1, 61)]
    assert len(grid.row_lines) == len(grid.rows)
    assert source.blocks[-1] == Line("After the table.", source.blocks[-1].line)
    carried = [text for _, text in source.guesses if "the table goes on" in text]
    assert len(carried) >= 2
    assert all("header row, repeated there, was read once" in text for text in carried)


def test_two_tables_apart_stay_apart():
    table = "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>"
    read = blocks(f"{table}<p>Between.</p>{table}")
    assert [type(block) for block in read] == [Grid, Line, Grid]


def test_words_of_the_notes_that_repeat_are_kept_and_furniture_is_named_line_by_line():
    filler = "".join(f"<p>Paragraph {n} of the notes.</p>" for n in range(60))
    made = pdf(
        f"<p>Meeting notes: 1 March 2023</p><p>Thanks to everyone.</p>{filler}"
        "<p>Thanks to everyone.</p>",
        PAGE + "@page { @bottom-left { content: 'https://allies.example.org/notes' } }",
    )
    source = pdf_source(made, "notes.pdf")
    pages = len(pypdf.PdfReader(io.BytesIO(made)).pages)
    texts = [block.text for block in source.blocks]
    assert texts.count("Thanks to everyone.") == 2
    assert not any("allies.example.org" in text or "Page " in text for text in texts)
    said = dict(source.guesses)
    links = [text for text in said.values() if "https://allies.example.org/notes" in text]
    assert len(links) == 1
    assert links[0].startswith("lines ")
    assert links[0].count(",") == pages - 1


def test_a_scanned_pdf_is_refused_as_images_of_pages(tmp_path):
    from PIL import Image

    picture = tmp_path / "page.png"
    Image.new("RGB", (200, 280), "white").save(picture)
    made = weasyprint.HTML(string=f"<img src='{picture.as_uri()}'>").write_pdf()
    with pytest.raises(NotesFormatError, match="this PDF holds images of pages, not text"):
        read_notes_file("scan.pdf", made, "allies-group")


def test_a_pdf_with_a_password_is_refused_as_protected():
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf("<p>Meeting notes: 1 March 2023</p>")))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(NotesFormatError, match="this PDF is protected by a password"):
        read_notes_file("locked.pdf", out.getvalue(), "allies-group")


@pytest.mark.parametrize("cut", [8, 200, 0.5])
def test_a_damaged_pdf_is_refused_as_damaged(cut):
    made = pdf("<p>Meeting notes: 1 March 2023</p>")
    damaged = made[: int(cut * len(made)) if isinstance(cut, float) else cut]
    with pytest.raises(NotesFormatError, match="this PDF cannot be read: it may be damaged"):
        read_notes_file("broken.pdf", damaged, "allies-group")


def test_a_pdf_with_no_text_and_no_images_is_refused():
    with pytest.raises(NotesFormatError, match="this PDF has no text in it"):
        read_notes_file("blank.pdf", pdf("", "@page { size: A6 }"), "allies-group")


def test_a_row_cut_in_two_by_a_page_break_is_read_whole():
    rows = "".join(
        f"<tr><td>{n}. Someone to do thing number {n} which is quite a long action text that "
        f"wraps</td><td>Owner{n}</td><td>March</td></tr>"
        for n in range(1, 40)
    )
    body = f"<h1>Notes</h1><p>Intro.</p><table>{rows}</table><p>End.</p>"
    split = []
    for size in ("A4", "A5", "B5", "letter"):
        source = pdf_source(pdf(body, PLAIN.replace("size: A5", f"size: {size}")), "notes.pdf")
        (grid,) = [block for block in source.blocks if isinstance(block, Grid)]
        assert grid.rows == tuple(
            (f"{n}. Someone to do thing number {n} which is quite a long action text that wraps",
             f"Owner{n}", "March")
            for n in range(1, 40)
        )  # fmt: skip
        split += [text for _, text in source.guesses if "finishes the last row" in text]
    assert split, "no row was cut by a page break at any page size"


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
@pytest.mark.parametrize("rules", ["Table Grid", None])
def test_a_word_file_made_a_pdf_by_libreoffice_reads_as_the_word_file_does(rules):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Allies Group – meeting notes"
    document.add_paragraph("Allies Group", style="Title")
    document.add_paragraph("Meeting notes: 1 March 2023")
    document.add_heading("Actions", level=2)
    table = document.add_table(rows=1, cols=3)
    if rules:
        table.style = rules
    for cell, title in zip(table.rows[0].cells, ["Agreed approach", "Who", "When"], strict=True):
        cell.text = title
    for n in range(1, 30):
        # Rows of many heights, so that page breaks cut some of them in two.
        words = " ".join(f"step{n}x{k} of the plan" for k in range(1 + 3 * (n % 4)))
        text = f"{n}. Someone to take {words}"
        cells = table.add_row().cells
        # Owners in a narrow column, broken after a slash with a space and without.
        owner = [f"Owner{n}", "Nicc/ Lizzie/ Sarah/ Graham", "Nicc/Lizzie/Sarah/Graham"][n % 3]
        cells[0].text, cells[1].text, cells[2].text = text, owner, "March"
    document.add_heading("Updates", level=2)
    document.add_paragraph("All well. " * 40)
    out = io.BytesIO()
    document.save(out)
    (made,) = libreoffice_pdfs([out.getvalue()]) or []
    from_word = pdf_source(made, "notes.pdf")
    (grid,) = [block for block in from_word.blocks if isinstance(block, Grid)]
    assert grid.rows == tuple(tuple(cell.text for cell in row.cells) for row in table.rows)
    texts = [block for block in from_word.blocks if not isinstance(block, Grid)]
    assert texts == [
        Line("Allies Group", texts[0].line, title=True),
        Line("Meeting notes: 1 March 2023", texts[1].line),
        Line("Actions", texts[2].line, heading=1),
        Line("Updates", texts[3].line, heading=1),
        Line(("All well. " * 40).strip(), texts[4].line),
    ]
    said = [text for _, text in from_word.guesses]
    assert "dropped the running header 'Allies Group – meeting notes'" in said[0]
    assert any("its first row finishes the last row of the page before" in text for text in said)


Table = tuple[Sequence[Sequence[str]], list[float]]  # its rows, and its columns' widths in cm


def libreoffice_pdf(present: str, tables: list[Table]) -> bytes:
    """A Word file of a Present line and tables with columns of fixed widths, made a PDF by
    LibreOffice."""
    document = docx.Document()
    document.add_paragraph(present)
    for rows, widths in tables:
        document.add_heading("Actions", level=2)
        table = document.add_table(rows=len(rows), cols=len(widths))
        table.style = "Table Grid"
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        for row, cells in zip(table.rows, rows, strict=True):
            for cell, text, width in zip(row.cells, cells, widths, strict=True):
                cell.text, cell.width = text, Cm(width)
    out = io.BytesIO()
    document.save(out)
    (made,) = libreoffice_pdfs([out.getvalue()]) or []
    return made


def drawn_cells(made: bytes) -> list[str]:
    """Every cell of the PDF's tables as pdfplumber takes it out, its lines as drawn."""
    with pdfplumber.open(io.BytesIO(made)) as document:
        return [
            cell or ""
            for page in document.pages
            for table in page.find_tables()
            for row in table.extract()
            for cell in row
        ]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_words_a_narrow_column_broke_inside_them_are_whole_again():
    rows = [
        ("Action", "Who", "Deadline"),
        ("A. Sarah to share the report.", "Oluwaseun", "30 September 2020"),
        ("B. Graham to write the blog.", "Sarah and Graham", "14/05/2018"),
        ("C. Sarah to ask the trust.", "Sarah", "Complete"),
    ]
    made = libreoffice_pdf(
        "Present: Oluwaseun Hutchinson-Pascal, Sarah Jones, Graham Hart", [(rows, [10, 1.55, 1.45])]
    )
    # LibreOffice breaks a word too long for its column with no hyphen, and
    # leaves out the space a full line ends with.
    drawn = drawn_cells(made)
    assert "30\nSept\nemb\ner\n2020" in [cell.replace(" ", "") for cell in drawn]
    assert any(cell.startswith("Sarah\nand") for cell in drawn)
    (grid,) = [block for block in pdf_source(made).blocks if isinstance(block, Grid)]
    assert grid.rows == tuple(rows)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_a_name_cut_by_a_page_break_inside_a_cell_is_whole_again():
    rows = [("Agreed approach", "Who", "Deadline")] + [
        (f"{n}. Marc to do thing {n}.", "Marc Oyelaran-Smith", "Next meeting") for n in range(1, 60)
    ]
    made = libreoffice_pdf("Present: Marc Oyelaran-Smith", [(rows, [10, 1.9, 2])])
    # "Marc" / "Oyelar" / "an-" / "Smith" in the column, cut by page breaks.
    assert any(cell.startswith(("an-", "Smith")) for cell in drawn_cells(made))
    (grid,) = [block for block in pdf_source(made).blocks if isinstance(block, Grid)]
    assert grid.rows == tuple(rows)


# Cells set apart by their padding alone, as Word's are (0.19 cm each side).
UNRULED = PLAIN.replace(
    "border: 0.5pt solid black; padding: 2pt",
    "vertical-align: top; text-align: left; padding: 2pt 6pt",
)


def action_rows(count: int, cells=lambda n: (f"Owner {n}", "March" if n % 2 else "")) -> str:
    return "".join(
        f"<tr><td>{n}. Someone to do thing number {n}{' which wraps over lines' * (n % 3)}</td>"
        + "".join(f"<td>{cell}</td>" for cell in cells(n))
        + "</tr>"
        for n in range(1, count + 1)
    )


def expected_actions(count: int) -> list[tuple[str, ...]]:
    return [
        (f"{n}. Someone to do thing number {n}{' which wraps over lines' * (n % 3)}",
         f"Owner {n}", "March" if n % 2 else "")
        for n in range(1, count + 1)
    ]  # fmt: skip


def test_a_table_drawn_without_rules_is_known_by_its_columns():
    read = blocks(
        "<p>Present: Jo Bloggs, Sam Smith and others who came along to the meeting today</p>"
        "<ul><li>A bullet set apart from its text</li></ul><h2>Actions</h2>"
        "<table style='width: 100%'><tr><th style='text-align: center'>Agreed approach</th>"
        f"<th>Who</th><th>When</th></tr>{action_rows(6)}</table>"
        "<p>A paragraph after the table, as wide as the page is, so wider than any column.</p>",
        UNRULED,
    )
    assert [type(block) for block in read] == [Line, Item, Line, Grid, Line]
    assert list(read[3].rows) == [("Agreed approach", "Who", "When"), *expected_actions(6)]


def test_a_table_without_rules_over_a_page_break_is_one_table():
    made = pdf(
        f"<table style='width: 100%'><tr><th>Agreed approach</th><th>Who</th><th>When</th></tr>"
        f"{action_rows(40)}</table>",
        UNRULED,
    )
    assert len(pypdf.PdfReader(io.BytesIO(made)).pages) >= 2
    (grid,) = pdf_source(made, "notes.pdf").blocks
    assert list(grid.rows) == [("Agreed approach", "Who", "When"), *expected_actions(40)]


def test_paragraphs_set_in_two_columns_of_words_are_no_table():
    read = blocks(
        "<p>Date: 1 March 2023</p><p>Present: Jo Bloggs</p>"
        "<p style='text-align: justify'>" + "A justified paragraph of many words. " * 12 + "</p>",
        UNRULED,
    )
    assert [type(block) for block in read] == [Line, Line, Line]


def test_links_are_kept_as_markdown_links_as_words_are():
    read = blocks(
        "<p>See the <a href='https://example.org/eppi'>EPPI Centre</a> and "
        "<a href='#notes'>the notes</a>; the <a href='https://example.org/voices'>National "
        "Voices learning partnership of many words that wraps over the end of its line</a> too."
        "</p>"
    )
    assert read == [
        Line(
            "See the [EPPI Centre](https://example.org/eppi) and the notes; the [National Voices "
            "learning partnership of many words that wraps over the end of its line]"
            "(https://example.org/voices) too.",
            1,
        )
    ]


def test_a_pdf_locked_only_against_changes_is_read():
    made = pdf("<p>Meeting notes: 1 March 2023</p>", PLAIN)
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(made))
    writer.encrypt(user_password="", owner_password="secret")
    out = io.BytesIO()
    writer.write(out)
    assert pdf_source(out.getvalue()).blocks == (Line("Meeting notes: 1 March 2023", 1),)


def test_a_page_that_is_a_picture_is_said_to_be_left_out_and_blank_pages_are_skipped(tmp_path):
    from PIL import Image

    picture = tmp_path / "page.png"
    Image.new("RGB", (200, 280), "white").save(picture)
    made = pdf(
        "<p>Meeting notes: 1 March 2023</p><p style='break-before: page'></p>"
        f"<p style='break-before: page'><img src='{picture.as_uri()}'></p>"
        "<p style='break-before: page'>Updates at the end.</p>",
        PLAIN,
    )
    assert len(pypdf.PdfReader(io.BytesIO(made)).pages) == 4
    source = pdf_source(made)
    assert [block.text for block in source.blocks] == [
        "Meeting notes: 1 March 2023",
        "Updates at the end.",
    ]
    assert source.guesses == (
        (0, "page 3 is an image of a page, not text: nothing was read from it"),
    )


def test_a_cell_broken_over_lines_joins_as_a_paragraph_does():
    (grid,) = blocks(
        "<table><tr><th>Action</th><th>Who</th></tr><tr><td>Ask the group</td>"
        "<td style='width: 1.2cm'>Sinéad/Tomasz and Hutchinson-Pascal</td></tr></table>"
    )
    assert grid.rows[1] == ("Ask the group", "Sinéad/Tomasz and Hutchinson-Pascal")


def test_a_break_after_a_slash_is_read_as_the_files_other_slashes_are_written():
    cell = "<td style='width: 1.1cm'>Sinéad/Tomasz</td>"
    table = f"<table><tr><th>Action</th><th>Who</th></tr><tr><td>Ask</td>{cell}</tr></table>"
    unspaced = blocks(f"{table}<p>Nicc/Lizzie and fund/work.</p>")
    assert unspaced[0].rows[1][1] == "Sinéad/Tomasz"
    spaced = blocks(f"{table}<p>Nicc/ Lizzie and Sarah/ Graham.</p>")
    assert spaced[0].rows[1][1] == "Sinéad/ Tomasz"


def test_a_pdf_damaged_anywhere_is_read_or_refused_plainly_never_a_crash():
    import random

    made = pdf("<h1>Notes</h1><p>Meeting notes: 1 March 2023</p>" + "<table><tr><td>a</td>"
               "<td>b</td></tr><tr><td>c</td><td>d</td></tr></table>", PLAIN)  # fmt: skip
    chance = random.Random(12)
    for _ in range(25):
        damaged = bytearray(made)
        for _ in range(chance.randint(1, 20)):
            damaged[chance.randrange(len(damaged))] = chance.randrange(256)
        said = ""
        try:
            pdf_source(bytes(damaged))
        except NotesFormatError as refused:
            said = str(refused)
        assert not said or said.startswith("this PDF")


def test_a_large_title_broken_over_lines_centred_is_one_title():
    read = blocks(
        "<h1 style='text-align: center'>Co-Production Collective Allies Group: notes of the "
        "meeting</h1><p>Meeting notes: 1 March 2023</p><h2>Updates</h2>"
        "<p>All is well with the group, its work and its money this year, and the next.</p>",
        "@page { size: A6; margin: 1cm } body { font: 9pt sans-serif }",
    )
    assert read[0] == Line(
        "Co-Production Collective Allies Group: notes of the meeting", read[0].line, title=True
    )
    assert read[2] == Line("Updates", read[2].line, heading=1)


def test_a_line_of_the_notes_at_the_foot_of_every_page_is_kept_where_no_margin_sets_it_apart():
    # Paragraphs all alike: the same last line stands at the foot of page after page.
    same = "With many words in it, so that it wraps over the end of the line more than once."
    made = pdf("".join(f"<p>Paragraph {n}. {same}</p>" for n in range(60)), PLAIN)
    assert len(pypdf.PdfReader(io.BytesIO(made)).pages) >= 3
    source = pdf_source(made)
    assert [block.text for block in source.blocks] == [f"Paragraph {n}. {same}" for n in range(60)]
    assert source.guesses == ()


def test_labels_set_at_a_tab_stop_are_lines_not_a_table():
    read = blocks(
        "<style>span { display: inline-block; width: 4cm }</style>"
        "<p><span>Date:</span>1 March 2023<br><span>Chair:</span>Graham Hart<br>"
        "<span>Present:</span>Jo Bloggs, Sam Smith</p>"
    )
    assert [block.text for block in read] == [
        "Date: 1 March 2023",
        "Chair: Graham Hart",
        "Present: Jo Bloggs, Sam Smith",
    ]
    assert all(isinstance(block, Line) for block in read)


def test_a_word_the_layout_hyphenated_is_whole_again_and_a_hyphenated_word_keeps_its_hyphen():
    words = "organisations representatives Co-production Hutchinson-Pascal " * 6
    made = pdf(
        f"<p lang='en' style='hyphens: auto'>{words}</p>"
        "<p>The organisations and representatives met at the Co-production session.</p>",
        "@page { size: 3cm 20cm; margin: 0.2cm } body { font: 9pt sans-serif }",
    )
    drawn = pypdf.PdfReader(io.BytesIO(made)).pages[0].extract_text()
    assert "\u2010\n" in drawn  # the layout did break words
    assert "Co-\n" in drawn or "Hutchinson-\n" in drawn
    read = pdf_source(made).blocks
    assert read[0].text == " ".join(words.split())
