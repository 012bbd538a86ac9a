"""Where each line of a file went when it was read, and what had to be guessed."""

from dataclasses import dataclass, field

from notesfile.format import NotesFormatError
from notesfile.markup import MarkupError, parse_inline


@dataclass(frozen=True)
class Placement:
    """One line (or row, or part of a line) of a file and where it went, in plain words.

    `went` reads like "present", "action 2", "earlier action B",
    "section 'Finance'", "title", "date", "to check" or
    "left out: page furniture"; `guessed` is True where the reader guessed.
    """

    line: int
    text: str
    went: str
    guessed: bool = False


@dataclass
class Log:
    """The guesses and placements of one reading, in the source's own unit (line, paragraph)."""

    unit: str = "line"
    guesses: list[tuple[int, str]] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    # Text that could not be placed, kept for the secretary to check.
    to_check: list[str] = field(default_factory=list)

    def at(self, line: int) -> str:
        return f"{self.unit} {line}"

    def guess(self, line: int, text: str) -> None:
        self.guesses.append((line, f"{self.at(line)}: {text}"))

    def place(self, line: int, text: str, went: str, guessed: bool = False) -> None:
        if text.strip():
            self.placements.append(Placement(line, text, went, guessed))

    def error(self, message: str, line: int, field: str | None = None) -> NotesFormatError:
        return NotesFormatError(message, line=line, field=field, unit=self.unit)

    def sorted_guesses(self) -> list[str]:
        return [text for _, text in sorted(self.guesses, key=lambda pair: pair[0])]

    def sorted_placements(self) -> tuple[Placement, ...]:
        return tuple(sorted(self.placements, key=lambda placement: placement.line))


def checked(text: str, line: int, log: Log) -> str:
    """Text as Markdown, refused (with its line) if a sensitivity mark in it is mistyped."""
    try:
        parse_inline(text, line)
    except MarkupError as error:
        raise log.error(error.message, line) from None
    return text


def fold(text: str) -> str:
    """Text to compare: in lower case, with its spaces made single."""
    return " ".join(text.casefold().split())


def quote(text: str, limit: int | None = 60) -> str:
    """Text quoted in a guess; shortened only where the text is kept elsewhere too."""
    text = " ".join(text.split())
    return repr(text if limit is None or len(text) <= limit else text[: limit - 1] + "…")
