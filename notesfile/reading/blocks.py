"""The plain blocks every reader of loose notes makes: lines, list items and tables."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """A paragraph of the source, on one line."""

    text: str
    line: int
    # The heading level the document itself states (a Word heading style):
    # 1 starts a section, 3 and more are sub-headings inside one.
    heading: int = 0
    title: bool = False
    # True when a blank line stands before it in a text file.
    gap: bool = False


@dataclass(frozen=True)
class Item:
    """An item of a bulleted or numbered list."""

    text: str
    line: int
    depth: int = 0
    ordered: bool = False
    number: int | None = None


@dataclass(frozen=True)
class Grid:
    """A table of plain cells; the first row may name the columns."""

    rows: tuple[tuple[str, ...], ...]
    line: int
    # Where each row starts, where the source can tell (a text file can).
    row_lines: tuple[int, ...] = ()

    def row_line(self, index: int) -> int:
        return self.row_lines[index] if index < len(self.row_lines) else self.line


Block = Line | Item | Grid


@dataclass(frozen=True)
class Source:
    """A file as a reader saw it: its blocks, and what the reader itself guessed or left out."""

    blocks: tuple[Block, ...]
    filename: str = ""
    unit: str = "line"
    # True when the document marks its headings (Word heading styles), so
    # plain paragraphs are never taken for headings.
    marked_headings: bool = False
    guesses: tuple[tuple[int, str], ...] = ()
    # Text the reader left out as page furniture, by line: bookmarks, page breaks.
    dropped: tuple[tuple[int, str], ...] = ()


def block_text(block: Block) -> str:
    """The words of a block as one line: a table's cells joined by spaces."""
    if isinstance(block, Grid):
        return " ".join(" ".join(row) for row in block.rows)
    return block.text
