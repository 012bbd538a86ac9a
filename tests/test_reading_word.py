"""Reading a Word document: tracked changes, comments, text boxes and page furniture."""

import io

import docx
from docx.oxml import parse_xml

from meetings.importing import read_notes_file
from notesfile.reading.loose import Grid, Line
from notesfile.reading.word import word_source

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def deleted(text: str) -> str:
    return f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r>'


def tracked(paragraph, xml: str) -> None:
    """Put runs with tracked insertions and deletions into a paragraph."""
    for child in parse_xml(f"<w:p {W}>{xml}</w:p>"):
        paragraph._p.append(child)


def texts(content: bytes) -> list[str]:
    return [block.text for block in word_source(content).blocks if isinstance(block, Line)]


def test_tracked_changes_are_read_as_accepted():
    document = docx.Document()
    document.add_paragraph("Meeting notes: 1 March 2023")
    change = 'w:id="{}" w:author="Jo" w:date="2023-03-02T10:00:00Z"'
    tracked(
        document.add_paragraph(),
        run("Present: Jo Bloggs, ")
        + f"<w:del {change.format(1)}>{deleted('Sam Smith, ')}</w:del>"
        + f"<w:ins {change.format(2)}>{run('Ann Lee, ')}</w:ins>"
        + run("Kim Park")
        + f"<w:moveFrom {change.format(3)}>{deleted(' (chair)')}</w:moveFrom>",
    )
    tracked(
        document.add_paragraph(),
        f"<w:ins {change.format(4)}>{run('A paragraph added whole.')}</w:ins>",
    )
    tracked(
        document.add_paragraph(),
        f"<w:del {change.format(5)}>{deleted('A paragraph taken out whole.')}</w:del>",
    )
    assert texts(saved(document)) == [
        "Meeting notes: 1 March 2023",
        "Present: Jo Bloggs, Ann Lee, Kim Park",
        "A paragraph added whole.",
    ]


def test_a_table_row_deleted_with_tracked_changes_is_left_out_and_an_inserted_one_kept():
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for row, (what, who) in zip(table.rows, [("Action", "Who"), ("Ask Jo", "Sam"), ("Old", "X")],
                                strict=True):  # fmt: skip
        row.cells[0].text, row.cells[1].text = what, who
    table.rows[2]._tr.get_or_add_trPr().append(
        parse_xml(f'<w:del {W} w:id="9" w:author="Jo" w:date="2023-03-02T10:00:00Z"/>')
    )
    cell = table.rows[1].cells[1].paragraphs[0]
    tracked(cell, f'<w:ins w:id="8" w:author="Jo">{run(" and Kim")}</w:ins>')
    (grid,) = [b for b in word_source(saved(document)).blocks if isinstance(b, Grid)]
    assert grid.rows == (("Action", "Who"), ("Ask Jo", "Sam and Kim"))


def test_comments_are_said_not_to_be_imported():
    document = docx.Document()
    document.add_paragraph("Meeting notes: 1 March 2023")
    paragraph = document.add_paragraph("Present: Jo Bloggs")
    document.add_comment(paragraph.runs, text="Was Sam there?", author="Kim")
    document.add_comment(paragraph.runs, text="Check the spelling", author="Ann")
    imported = read_notes_file("notes.docx", saved(document), "allies-group")
    assert "the document holds 2 comments in the margin: not imported" in imported.guesses
    assert "Was Sam there" not in str(imported.notes)
    document = docx.Document()
    document.add_paragraph("Meeting notes: 1 March 2023")
    imported = read_notes_file("notes.docx", saved(document), "allies-group")
    assert not any("comment" in guess for guess in imported.guesses)


def test_words_own_headers_and_footers_are_not_imported():
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Allies Group – confidential draft"
    document.sections[0].footer.paragraphs[0].text = "Printed 3 March 2023"
    document.add_paragraph("Meeting notes: 1 March 2023")
    assert texts(saved(document)) == ["Meeting notes: 1 March 2023"]
    assert word_source(saved(document)).guesses == (
        (0, "the page header 'Allies Group – confidential draft' was left out, as on every page"),
        (0, "the page footer 'Printed 3 March 2023' was left out, as on every page"),
    )


def test_the_text_of_a_text_box_is_read_once_where_it_stands():
    document = docx.Document()
    document.add_paragraph("Meeting notes: 1 March 2023")
    anchor = document.add_paragraph("Before the box.")
    box = (
        '<w:r xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        "<mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx><w:txbxContent>"
        "<w:p>{}</w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p>{}</w:p></w:txbxContent>"
        "</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    ).format(run("Boxed: the venue moves to Room 2."), run("Boxed: the venue moves to Room 2."))
    tracked(anchor, box)
    document.add_paragraph("After the box.")
    assert texts(saved(document)) == [
        "Meeting notes: 1 March 2023",
        "Before the box.",
        "Boxed: the venue moves to Room 2.",
        "After the box.",
    ]


def test_running_headers_and_page_numbers_typed_into_the_pages_are_dropped_and_said():
    document = docx.Document()
    for page, section in enumerate("ABC", start=1):
        document.add_paragraph("Allies Group – notes of 1 March 2023")
        if page == 1:
            document.add_paragraph("Meeting notes: 1 March 2023")
        document.add_paragraph(f"Section {section}")
        if page < 3:
            document.add_paragraph("Thanks to everyone.")
        document.add_paragraph(f"Page {page} of 3")
        if page < 3:
            document.add_page_break()
    source = word_source(saved(document))
    assert [block.text for block in source.blocks] == [
        "Meeting notes: 1 March 2023",
        "Section A",
        "Thanks to everyone.",
        "Section B",
        "Thanks to everyone.",
        "Section C",
    ]
    said = [text for _, text in source.guesses]
    assert said == [
        "paragraphs 1, 7, 12: dropped the running header 'Allies Group – notes of 1 March 2023'",
        "paragraphs 5, 10, 14: dropped the page numbers ('Page 1 of 3'…)",
    ]


def test_without_page_breaks_nothing_is_taken_for_furniture():
    document = docx.Document()
    for _ in range(3):
        document.add_paragraph("Allies Group – notes of 1 March 2023")
        document.add_paragraph("Thanks to everyone.")
    source = word_source(saved(document))
    assert len(source.blocks) == 6
    assert source.guesses == ()


def test_a_header_cell_all_in_bold_is_read_plain_and_emphasis_in_a_cell_is_kept():
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].paragraphs[0].add_run("Agreed approach").bold = True
    table.rows[0].cells[1].paragraphs[0].add_run("Who").bold = True
    cell = table.rows[1].cells[0].paragraphs[0]
    cell.add_run("Ask Jo ")
    cell.add_run("today").bold = True
    table.rows[1].cells[1].text = "Sam"
    (grid,) = word_source(saved(document)).blocks
    assert grid.rows == (("Agreed approach", "Who"), ("Ask Jo **today**", "Sam"))
