"""Page furniture: running headers and footers, page numbers and repeated links, in every shape."""

import re
import shutil

import pytest

from meetings.importing import read_notes_file
from notesfile.reading.furniture import PageLine, find_furniture, text_furniture, text_pages
from tests import corpus
from tests.test_reading_pdf import PAGE, pdf


def page(*texts: str, start: int = 1) -> list[PageLine]:
    return [PageLine(text, start + i) for i, text in enumerate(texts)]


def test_a_running_header_footer_and_page_numbers_are_found_on_the_edges_of_pages():
    pages = [
        page("Allies Group notes", "Meeting notes: 1 March 2023", "Present: Jo", "Page 1 of 3"),
        page("Allies Group notes", "Updates", "All well.", "Page 2 of 3", start=11),
        page("Allies Group notes", "Funding", "Still well.", "Page 3 of 3", start=21),
    ]
    found = find_furniture(pages)
    assert found.lines == {1, 11, 21, 4, 14, 24}
    assert found.guesses == (
        (1, "lines 1, 11, 21: dropped the running header 'Allies Group notes'"),
        (4, "lines 4, 14, 24: dropped the page numbers ('Page 1 of 3'…)"),
    )


@pytest.mark.parametrize(
    "numbers", [["1", "2", "3"], ["- 2 -", "- 3 -", "- 4 -"], ["1/3", "2/3", "3/3"]]
)
def test_page_numbers_of_any_form_counting_with_the_pages_are_dropped(numbers):
    pages = [page(f"Text {i} of the notes.", n, start=10 * i) for i, n in enumerate(numbers)]
    assert find_furniture(pages).lines == {1, 11, 21}


def test_numbers_that_do_not_count_with_the_pages_are_kept():
    # The last cells of a table of actions, at the foot of each page.
    pages = [page("Action", "3", start=1), page("Action", "7", start=11)]
    assert find_furniture(pages).lines == set()


def test_a_line_on_one_page_only_or_away_from_the_edges_is_kept():
    pages = [
        page("Thanks to everyone.", "Updates", "a", "b", "c", "Thanks to everyone.", "x"),
        page("Funding", "a", "b", "Thanks to everyone.", "c", "d", "e", start=11),
        page("Close", "a", "b", "c", "d", "e", "f", start=21),
    ]
    assert find_furniture(pages).lines == set()


def test_a_line_of_the_notes_at_the_edge_of_two_pages_of_three_is_kept():
    pages = [
        page("Title", "a", "Thanks to everyone.", start=1),
        page("Funding", "b", "Thanks to everyone.", start=11),
        page("Close", "c", "d", start=21),
    ]
    assert find_furniture(pages).lines == set()


def test_a_single_word_at_the_foot_of_pages_is_kept_in_text_but_not_where_a_pdf_places_it():
    words = [page("a", "b", "Ongoing", start=10 * i) for i in range(3)]
    assert find_furniture(words).lines == set()
    placed = [[PageLine("Confidential", 10 * i + 1, 800)] for i in range(3)]
    assert find_furniture(placed).lines == {1, 11, 21}


def test_a_link_repeated_on_each_page_is_named_as_a_link():
    pages = [page("Notes", "text", "https://allies.example.org", start=10 * i) for i in range(3)]
    found = find_furniture(pages)
    assert found.guesses == (
        (
            2,
            "lines 2, 12, 22: dropped the link 'https://allies.example.org' repeated at the "
            "footer of each page",
        ),
    )


def test_text_is_split_into_pages_at_form_feeds_or_else_at_its_page_numbers():
    fed = text_pages(["a", "b", "\fc", "d", "\f"])
    assert [[line.text for line in p] for p in fed] == [["a", "b"], ["c", "d"], []]
    numbered = text_pages(["a", "Page 1 of 2", "", "b", "Page 2 of 2"])
    assert [[line.line for line in p] for p in numbered] == [[1, 2], [4, 5]]
    assert len(text_pages(["a", "2", "b", "3"])) == 1


def test_text_keeps_its_line_numbers_with_the_furniture_blanked():
    text = "Header line\nNotes one\nPage 1 of 2\n\fHeader line\nNotes two\nPage 2 of 2\n"
    kept, guesses = text_furniture(text)
    assert kept.split("\n") == ["", "Notes one", "", "", "Notes two", "", ""]
    assert [line for line, _ in guesses] == [1, 3]


COPIED = """Allies Group – meeting notes
Meeting notes: 1 March 2023
Members
Present: Jo Bloggs, Sam Smith
Updates
The group met and talked.
Page 1 of 2
Allies Group – meeting notes
Funding
All is well with the money this year.
Page 2 of 2
"""


def test_text_copied_out_of_a_pdf_is_read_without_its_furniture_and_says_so():
    imported = read_notes_file("notes.txt", COPIED.encode(), "allies-group")
    assert [s.heading for s in imported.notes.sections] == ["Updates", "Funding"]
    assert "Allies Group – meeting notes" not in str(imported.notes)
    assert "Page " not in str(imported.notes)
    assert "lines 1, 8: dropped the running header 'Allies Group – meeting notes'" in (
        imported.guesses
    )
    assert "lines 7, 11: dropped the page numbers ('Page 1 of 2'…)" in imported.guesses


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not here")
def test_pdftotext_of_a_pdf_with_furniture_reads_as_the_pdf_does():
    filler = "".join(f"<p>Paragraph {n} of the notes.</p>" for n in range(40))
    made = pdf(f"<p>Meeting notes: 1 March 2023</p><h2>Updates</h2>{filler}", PAGE)
    text = corpus.pdftotext(made)
    from_text = read_notes_file("notes.txt", text, "allies-group")
    from_pdf = read_notes_file("notes.pdf", made, "allies-group")
    assert from_text.notes.sections == from_pdf.notes.sections
    for imported in (from_text, from_pdf):
        said = " ".join(imported.guesses)
        # pdftotext may give a header after the text of its page: a footer, then.
        assert re.search(r"dropped the running (header|footer) 'Co-Production Collective", said)
        assert "dropped the page numbers ('Page 1 of" in said


def test_text_with_no_form_feeds_is_paged_by_a_running_line_naming_the_page():
    # pypdf's text of a PDF: a footer with the page's number in it ends each page.
    lines = ["Title", "Notes one", "Allies notes – page 1", "Notes two", "Allies notes – page 2"]
    assert [[line.line for line in p] for p in text_pages(lines)] == [[1, 2, 3], [4, 5]]
    kept, guesses = text_furniture("\n".join(lines))
    assert kept.split("\n") == ["Title", "Notes one", "", "Notes two", ""]
    assert guesses == ((3, "lines 3, 5: dropped the running footer 'Allies notes – page 1'"),)
    # Numbers that do not count up one a page are no pages.
    assert len(text_pages(["a", "See page 4", "b", "See page 9", "c"])) == 1
