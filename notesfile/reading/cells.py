"""Tables that lost their grid on the way to text, rebuilt from the lines under their heading.

Text taken out of a PDF keeps a table's words but not always its order: a
row's cells may come one after another ("Declan March Ongoing"), the owner
may sit between two lines of the action, and a column may even be written
after the rows it belongs to. What is known is enough to put most of it back:
the header words name the columns, each row starts with its number or letter
(1, 2, 3 or A, B, C), the people listed in the same notes are the owners,
deadlines and statuses are known by their words, and the rest is what was
agreed.
"""

import calendar
import itertools
import re
from dataclasses import dataclass, field

from notesfile.reading.blocks import Block, Grid, Item, Line
from notesfile.reading.placements import fold
from notesfile.reading.tables import (
    COLUMN_WORDS,
    EVERYONE,
    STATUS_WORDS,
    TABLE_HEADINGS,
    is_deadline,
    is_owner,
    status_of,
)

_MARKER = re.compile(r"^\(?(?P<marker>\d{1,3}|[A-Z])[.)]\s+\S")
_SENTENCE_END = (".", "!", "?")
_PHRASES = sorted(
    ((tuple(words.split()), column) for column, all_words in COLUMN_WORDS.items()
     for words in all_words if column not in ("sensitivity", "withheld_why", "withheld_until")),
    key=lambda pair: -len(pair[0]),
)  # fmt: skip
_DEADLINE_START = re.compile(
    r"^(?:by|before|end|early|mid|late|next|on|in|w/c|week|weeks|update|ongoing|asap|tbc|tbd"
    r"|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|autumn|winter)\b"
    r"|^\d",
    re.IGNORECASE,
)


_FOOTER = re.compile(r"(?i)\bpage\s+\d+(?:\s+of\s+\d+)?\s*$")
_MONTH_NAMES = [name.casefold() for name in calendar.month_name if name]
_HYPHEN_BREAK = re.compile(r"(\w)- (\w)")
_SLASH_BREAK = re.compile(r"(\w)/ (\w)")
# A word a deadline is made of: "End", "of", "April", "14/05/2021", "next", "meeting".
_DEADLINE_WORD = re.compile(
    _DEADLINE_START.pattern.replace(r")\b", r")$", 1)
    + r"|^(?:of|the|at|until|from|meeting|months?|years?|beginning|start|middle)$",
    re.IGNORECASE,
)
_STATUS_STARTS = {words.split()[0] for words in STATUS_WORDS if " " in words}
# The last word of a deadline a narrow column broke off before its end: "End of" / "April".
_UNFINISHED = re.compile(
    r"(?i)(?:^|\s)(?:of|by|the|next|end|early|mid|late|before|on|in|at|w/c|until|from|week"
    r"|beginning|start|middle)$"
)


@dataclass
class _Row:
    line: int
    text: list[str]
    # The row's cells as they came: each set one run of columns in the table's order. A
    # PDF's text may give a row's cells before its number, or after the next row's.
    sets: list[dict[str, list[str]]] = field(default_factory=list)
    last: str = ""  # the column of the last cell read
    cells: dict[str, list[str]] = field(default_factory=dict)

    @property
    def current(self) -> dict[str, list[str]]:
        return self.sets[-1] if self.sets else {}


def rebuild_tables(
    blocks: list[Block], names: set[str]
) -> tuple[list[Block], list[int], list[tuple[int, str]]]:
    """The blocks with each table that lost its grid under an actions heading rebuilt as one.

    Returns the blocks, the lines where a table was rebuilt, and the running footers
    left out from between its rows.
    """
    out: list[Block] = []
    rebuilt: list[int] = []
    footers: list[tuple[int, str]] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        out.append(block)
        i += 1
        if not (isinstance(block, Line) and fold(block.text) in TABLE_HEADINGS):
            continue
        furniture: list[tuple[int, str]] = []
        found = _table(blocks, i, names, furniture)
        if found is not None:
            grid, i = found
            out.append(grid)
            rebuilt.append(grid.line)
            footers += furniture
    return out, rebuilt, footers


def _text(block: Line | Item) -> str:
    if isinstance(block, Item) and block.ordered and block.number is not None:
        return f"{block.number}. {block.text}"
    return block.text


def _table(
    blocks: list[Block], start: int, names: set[str], furniture: list[tuple[int, str]]
) -> tuple[Grid, int] | None:
    """A table rebuilt from the lines at `start`, and where it ends; None if they hold none.

    Running footers met between its rows are added to `furniture`.
    """
    header_lines: list[Line] = []
    i = start
    while i < len(blocks):
        block = blocks[i]
        if not isinstance(block, Line) or _MARKER.match(block.text) or block.heading:
            break
        i += 1
        if header_lines and _FOOTER.search(block.text):
            furniture.append((block.line, block.text))
            continue
        header_lines.append(block)
        if len(header_lines) > 6:
            return None
    columns = _header(" ".join(line.text for line in header_lines)) if header_lines else None
    early: list[Line] = []  # cells of the first row given before its number
    while header_lines and columns is None and len(header_lines) > 1:
        early.insert(0, header_lines.pop())
        columns = _header(" ".join(line.text for line in header_lines))
    if header_lines and columns is None:
        return None
    headed = columns is not None
    columns = columns or [("action", ""), ("owner", ""), ("deadline", "")]
    kinds = [kind for kind, _ in columns]
    if "action" not in kinds:
        return None
    rows: list[_Row] = []
    expected = ""
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Grid) or (isinstance(block, Line) and block.heading):
            break
        if not isinstance(block, Line | Item):
            break
        text = _text(block)
        if rows and _FOOTER.search(text):
            furniture.append((block.line, text))  # a running footer between two pages
            i += 1
            continue
        marker = _MARKER.match(text)
        if marker and (not expected or marker["marker"] == expected):
            rows.append(_Row(block.line, []))
            for cell in early if len(rows) == 1 else []:
                _add(rows[0], "cells", cell.text, names, kinds)
            _add(rows[-1], "action", text, names, kinds)
            expected = _following(marker["marker"])
            i += 1
            continue
        if not rows:
            return None
        later = _later_header(blocks, i, kinds) if headed and text[:1].isupper() else None
        if later is not None:
            # A header written after the rows, column by column, as some PDFs give it.
            found, i = later
            columns += found
            kinds += [kind for kind, _ in found]
            continue
        kind = _kind(text, rows[-1], kinds, names)
        if kind is None and (_ahead(blocks, i, expected) or _carried_on(blocks, i)):
            kind = "action"  # the next row is still to come, or the sentence goes on
        if kind is None:
            break
        _add(rows[-1], kind, text, names, kinds)
        i += 1
    if not rows or not any(row.sets for row in rows) or len(kinds) < 2:
        return None
    _shift(rows)
    for row in rows:
        for cell_set in row.sets:
            for kind, values in cell_set.items():
                row.cells.setdefault(kind, []).extend(values)
        _stray_first_name(row, names)
        _owner_after_action(row, names)
    _spread(rows, kinds)
    spaced_slash = any(
        isinstance(block, Line | Item) and re.search(r"/ \S", block.text)
        for block in blocks[start:i]
    )
    for row in rows:
        _settle(row, kinds, spaced_slash)
    grid_rows = [tuple(title for _, title in columns)] if headed else []
    for row in rows:
        cells = []
        for kind in kinds:
            if kind == "action":
                cells.append(_HYPHEN_BREAK.sub(r"\1-\2", " ".join(row.text)))
            else:
                cells.append(" ".join(row.cells.get(kind, [])))
        grid_rows.append(tuple(cells))
    lines = tuple(row.line for row in rows)
    if headed:
        lines = (header_lines[0].line, *lines)
    return Grid(tuple(grid_rows), lines[0], lines), i


def _later_header(
    blocks: list[Block], i: int, kinds: list[str]
) -> tuple[list[tuple[str, str]], int] | None:
    """Header words on the next one to three lines, naming columns not yet known."""
    texts: list[str] = []
    for j in range(i, min(i + 3, len(blocks))):
        block = blocks[j]
        if not isinstance(block, Line) or block.heading:
            return None
        texts.append(block.text)
        found = _header(" ".join(texts), least=1)
        if found is not None and not any(kind in kinds for kind, _ in found):
            return found, j + 1
    return None


def _header(text: str, least: int = 1) -> list[tuple[str, str]] | None:
    """The columns named by header words, broken or run together over lines, in their order."""
    tokens = [token.strip(":*") for token in fold(text).split()]
    left = list(range(len(tokens)))
    found: list[tuple[int, str, str]] = []
    for words, column in _PHRASES:
        if any(column == c for _, c, _ in found):
            continue
        at = _subsequence(tokens, left, words)
        if at is None:
            continue
        for position in at:
            left.remove(position)
        written = " ".join(text.split()[p] for p in at)
        found.append((at[0], column, written))
    if left or len(found) < least:
        return None
    return [(column, written) for _, column, written in sorted(found)]


def _subsequence(tokens: list[str], left: list[int], words: tuple[str, ...]) -> list[int] | None:
    """Where the words come in order among the tokens left, each the first after the one before."""
    at: list[int] = []
    for word in words:
        nxt = next((p for p in left if tokens[p] == word and (not at or p > at[-1])), None)
        if nxt is None:
            return None
        at.append(nxt)
    return at


def _following(marker: str) -> str:
    return str(int(marker) + 1) if marker.isdigit() else chr(ord(marker) + 1)


def _kind(text: str, row: _Row, kinds: list[str], names: set[str]) -> str | None:
    """What a line of a row holds: more of the action, cells, the rest of a cell, or nothing."""
    words = text.split()
    if not any(char.isalnum() for char in text):
        return None  # a stray bullet: the table has ended
    if _continues_cell(text, row):
        return "more"
    if _across(text, row, names) is not None:
        return "across"
    if text[:1].islower():
        return "action"
    if _strict_names(text, names) and "owner" in kinds:
        return "cells"
    if _cells(text, kinds, names, broken=not row.current.get("deadline")) is not None:
        return "cells"
    last = row.text[-1] if row.text else ""
    if row.sets:
        return None
    if not last.endswith(_SENTENCE_END) or len(words) > 6 or text.endswith(_SENTENCE_END):
        return "action"
    return None


def _continues_cell(text: str, row: _Row) -> bool:
    """A line carrying on the cell before it: "By next" / "meeting", "Lizzie to" / "organise"."""
    if row.last in ("", "action") or text.endswith(","):
        return False
    if text.endswith(_SENTENCE_END) and row.text and not row.text[-1].endswith(_SENTENCE_END):
        return False  # "…the costs discussed" / "March" / "today.": the action's last words
    if row.last == "owner" and row.current["owner"][-1].casefold().endswith(" by"):
        return True  # "Co-ordinated by" / "Nicc/Lizzie"
    if row.last == "deadline" and _goes_on_deadline(row.current["deadline"][-1], text):
        return True  # "End of" / "April 2024", "By next" / "meeting"
    if len(text.split()) > 2:
        return False
    if row.last == "owner":
        return text[:1].islower()
    before = row.current.get(row.last, [""])[-1]
    if row.last == "deadline" and not (is_deadline(before) or status_of(before)):
        if len(text) >= 3 and any(month.startswith(fold(text)) for month in _MONTH_NAMES):
            return True  # "30" / "Septembe" / "r 2020"
        # "30" / "September 2025", "In" / "progress": a deadline broken over two lines.
        joined = f"{before} {text}"
        if is_deadline(joined) or status_of(joined) is not None:
            return True
    return text[:1].islower() or text[:1].isdigit()


def _unfinished(deadline: str) -> bool:
    """A deadline cut short: no deadline yet ("By next", "30"), or ending in a word like "of"."""
    return bool(_UNFINISHED.search(deadline)) or not (is_deadline(deadline) or status_of(deadline))


def _goes_on_deadline(deadline: str, text: str) -> bool:
    """Whether a line finishes a deadline cut short: "End of" / "April 2024", "Next" / "meeting".

    Its words are no status of their own (a status column may follow the
    deadline's), and the two together are a deadline.
    """
    if not deadline.strip() or not _unfinished(deadline) or len(text.split()) > 4:
        return False
    if status_of(text) is not None:
        return False
    going_on = is_deadline(text) or text[:1].islower() or text[:1].isdigit()
    return going_on and is_deadline(f"{deadline} {text}")


def _cut_short(deadline: str, more: str) -> bool:
    """Whether words written later finish a deadline: "End of" / "April", "April" / "2021"."""
    year = re.fullmatch(r"(?:19|20)\d\d", more) and not re.search(r"\d{4}", deadline)
    return _goes_on_deadline(deadline, more) or bool(year and is_deadline(deadline))


def _across(text: str, row: _Row, names: set[str]) -> dict[str, str] | None:
    """A line carrying on the owner and the deadline at once: "Lizzie Next" / "McAllister meeting".

    A row's cells set side by side come out a line at a time, each line
    holding the next line of every cell still going on. Returns the words
    for each cell, where the owner's go on with names and the deadline, cut
    short, is a whole one with the rest.
    """
    current = row.current
    if row.last != "deadline" or "owner" not in current:
        return None
    deadline = current["deadline"][-1]
    if not _unfinished(deadline):
        return None
    tokens = text.split()
    for cut in range(len(tokens) - 1, 0, -1):
        owner, rest = " ".join(tokens[:cut]), " ".join(tokens[cut:])
        if all(
            word[:1].isupper() and _is_name_word(word, names) for word in tokens[:cut]
        ) and _goes_on_deadline(deadline, rest):
            return {"owner": owner, "deadline": rest}
    return None


def _is_name_word(word: str, names: set[str]) -> bool:
    """A word of a known name, or its start ("Nicc" for Niccola), or a word for everyone."""
    folded = word.casefold()
    return (
        folded in names
        or folded in EVERYONE
        or (word[:1].isupper() and len(word) >= 3 and any(n.startswith(folded) for n in names))
    )


def _strict_names(text: str, names: set[str]) -> bool:
    """Only names of the notes' people, or their starts: "Nicc/Lizzie", "Rosa and"."""
    words = [w for w in re.split(r"[\s/,&]+|\band\b", text) if w]
    return bool(words) and all(_is_name_word(word, names) for word in words)


def _cells(
    text: str, kinds: list[str], names: set[str], broken: bool = False
) -> dict[str, str] | None:
    """The cells a line holds, run together: "Declan March Ongoing" → owner, deadline, status."""
    tokens = text.split()
    found: dict[str, str] = {}
    if "status" in kinds:
        for size in (2, 1):
            if len(tokens) > size - 1 and status_of(" ".join(tokens[-size:])):
                found["status"] = " ".join(tokens[-size:])
                tokens = tokens[:-size]
                break
    if not tokens:
        return found or None
    if "owner" in kinds and not found and len(tokens) <= 3 and fold(text).endswith(" by"):
        return {"owner": text}  # "Co-ordinated by", the name on the next line
    if len(tokens) == 1 and fold(tokens[0]) in _STATUS_STARTS and not found:
        # "In" / "progress": a status broken over two lines.
        return {"status" if "status" in kinds else "deadline": tokens[0]}
    best: tuple[float, dict[str, str]] | None = None
    for cut in range(len(tokens) + 1):
        owner, deadline = " ".join(tokens[:cut]), " ".join(tokens[cut:])
        score = 0.0
        if owner:
            if "owner" not in kinds or not is_owner(owner, names):
                continue
            words = [w for w in re.split(r"[\s/,&+]+", owner) if w]
            score += sum(_is_name_word(w, names) for w in words) / len(words)
        if deadline:
            if "deadline" not in kinds:
                continue
            if status_of(deadline) or (_DEADLINE_START.match(deadline) and is_deadline(deadline)):
                score += 1
            elif (
                (owner or broken) and _DEADLINE_START.match(deadline) and len(deadline.split()) <= 2
            ):
                score += 0.6  # the start of a deadline broken over two lines: "By next"
            else:
                continue
        candidate = {"owner": owner, "deadline": deadline}
        candidate = {key: value for key, value in candidate.items() if value}
        if best is None or score > best[0]:
            best = (score, candidate)
    if best is None:
        return None
    return {**best[1], **found}


def _carried_on(blocks: list[Block], i: int) -> bool:
    """Whether the line after `i` carries it on, in lower case: it is no heading."""
    after = blocks[i + 1] if i + 1 < len(blocks) else None
    return isinstance(after, Line) and not after.heading and after.text[:1].islower()


def _ahead(blocks: list[Block], i: int, expected: str, within: int = 8) -> bool:
    """Whether the row numbered `expected` starts in the next few lines."""
    for block in blocks[i + 1 : i + 1 + within]:
        if isinstance(block, Grid) or (isinstance(block, Line) and block.heading):
            return False
        if isinstance(block, Line | Item):
            marker = _MARKER.match(_text(block))
            if marker:
                return marker["marker"] == expected
    return False


def _add(row: _Row, kind: str, text: str, names: set[str], kinds: list[str]) -> None:
    if kind == "across":
        for column, words in (_across(text, row, names) or {}).items():
            values = row.current[column]
            values[-1] = f"{values[-1]} {words}"
        return
    if kind == "more":
        values = row.current[row.last]
        deadline = row.current.get("deadline", [""])
        if re.fullmatch(r"(?:19|20)\d\d", text) and not re.search(r"\d{4}", deadline[-1]):
            values = deadline  # "End of April" / "Complete" / "2019": the deadline's year
        # "Septembe" / "r 2020", "14/05/20" / "19": a word a narrow column broke, no hyphen.
        first = text.split()[0]
        broken = (values[-1][-1:].isalpha() and first.isalpha() and first.islower()
                  and len(first) <= 2) or (re.search(r"\d/\d{1,3}$", values[-1])
                                            and first.isdigit())  # fmt: skip
        glue = "" if broken else " "
        values[-1] = f"{values[-1]}{glue}{text}"
        return
    if kind == "action":
        row.last = "action"
        # "…the induction pack. Gareth Ongoing": the row's other cells after its action.
        marker = _MARKER.match(text)
        start = marker.end() - 1 if marker else 0
        head, _, tail = text[start:].rpartition(". ")
        kept = text[:start] + head + "."
        long_enough = len(head.split()) >= 3
        cells = _cells(tail, kinds, names, broken=True) if long_enough and tail else None
        owner = cells.get("owner", "") if cells else ""
        by, _, named = fold(owner).rpartition(" by ")
        if (
            cells
            and set(cells) == {"owner"}
            and not _strict_names(owner, names)
            and not (fold(owner).endswith(" by") or (by and _strict_names(named, names)))
        ):
            cells = None  # "…agreement. This Yusuf": the text goes on, with a name run in
        if cells is None and long_enough and tail and _strict_names(tail, names):
            cells = {"owner": tail}
        if cells and set(cells) == {"owner"} and fold(cells["owner"]) in EVERYONE:
            cells = None  # "…reference. Everyone" / "is welcome…": a sentence, not an owner
        line = kept if cells else text
        after = cells if cells and set(cells) <= {"owner", "deadline"} else {}
        if not row.text and marker and (after or not (cells or {}).get("deadline")):
            # "…the survey Graham 14/05/2025 questions before the next meeting. Nowak";
            # "…the notes Mary-Kate End of Closed of this meeting. April 2020", the end
            # of the deadline after the action's.
            line, run = _run_on(line, kinds, names, after)
            if run:
                cells = {**run, **{k: f"{run[k]} {v}" if k in run else v
                                   for k, v in (cells or {}).items()}}  # fmt: skip
        row.text.append(line)
        if cells:
            _put(row, cells)
        return
    cells = _cells(text, kinds, names, broken=not row.current.get("deadline")) or {}
    if not cells and _strict_names(text, names):
        cells = {"owner": text}
    if cells and text.endswith(" "):
        last = list(cells)[-1]
        cells[last] += " "  # the space kept after "Sarah/" at the line's end
    _put(row, cells)


_ORDER = ("owner", "deadline", "status")


def _run_on(
    text: str, kinds: list[str], names: set[str], after: dict[str, str] | None = None
) -> tuple[str, dict[str, str] | None]:
    """A row's first line with its owner and deadline run into it: "…from meeting Lizzie March".

    The action's last words may follow them, in lower case: "…about the Mei Okafor By next
    meeting group's role." Of the ways to read it, the shortest deadline is taken. Where
    the ends of cells came `after` the action's last words, the cells run in are ones cut
    short that they finish: "…framework Anne-Marie End of April" / "and report back to
    the group. Ní Bhriain 2021".
    """
    after = after or {}
    tokens = text.split()
    found: list[tuple[int, int, int, dict[str, str]]] = []
    for end in range(len(tokens), 3, -1):
        if end < len(tokens) and not tokens[end][:1].islower():
            continue
        for size in range(min(6, end - 3), 1, -1):
            cells = _cells(" ".join(tokens[end - size : end]), kinds, names)
            deadline = (cells or {}).get("deadline", "")
            whole = (
                _cut_short(deadline, after["deadline"])
                and all(_DEADLINE_WORD.match(word) for word in deadline.split())
                if "deadline" in after
                else is_deadline(deadline) or status_of(deadline)
            )
            owner = (cells or {}).get("owner", "")
            if "owner" in after:
                # "Anne-Marie" / "Ní Bhriain": a name of the notes' people once whole.
                whole = whole and fold(f"{owner} {after['owner']}") in names
            if (
                cells
                and _strict_names(owner, names)
                and whole
                and not re.match(r"(?i)(?:in|on|at)\b", cells["deadline"])
                and not cells["deadline"].endswith(_SENTENCE_END)
            ):
                found.append((len(cells["deadline"].split()), end - size, end, cells))
    if not found:
        return text, None
    if "deadline" in after:
        # The first line of each cell, set side by side, comes whole: "Mary-Kate End of
        # Closed", not "Mary-Kate End" with "of Closed" left in the action.
        _, start, end, cells = max(found, key=lambda candidate: (candidate[0], candidate[2]))
    else:
        _, start, end, cells = min(found, key=lambda candidate: candidate[:3])
    return " ".join(tokens[:start] + tokens[end:]), cells


def _put(row: _Row, cells: dict[str, str]) -> None:
    """Add cells to the row: to its last set, or to a new one where the columns start again."""
    for kind, value in cells.items():
        current = row.current
        later = _ORDER[_ORDER.index(kind) + 1 :] if kind in _ORDER else ()
        again = kind in current and not (kind == "owner" and row.last == "owner")
        if not row.sets or again or any(column in current for column in later):
            row.sets.append({})
        row.sets[-1].setdefault(kind, []).append(value)
        row.last = kind


def _owner_after_action(row: _Row, names: set[str]) -> None:
    """ "…in submission. Co-ordinated" / "by Nicc/Lizzie": an owner written after the action."""
    if row.cells.get("owner"):
        return
    text = " ".join(row.text)
    match = re.search(
        r"(?<=[.!?])\s+(?P<owner>[A-Z][\w-]*(?:\s[\w-]+)?\sby\s(?P<who>[^.]+))$", text
    )
    if match and _strict_names(match["who"], names):
        row.text = [text[: match.start()]]
        row.cells["owner"] = [match["owner"]]


def _stray_first_name(row: _Row, names: set[str]) -> None:
    """ "…the Mei" / "Okafor": a first name the text took from the owner beside it.

    It is found at the end of one of the action's lines, or just after the first word
    of a sentence ("…agreement. This Yusuf should draw…").
    """
    owner = row.cells.get("owner", [])
    if len(owner) != 1 or len(owner[0].split()) != 1:
        return
    surname = fold(owner[0])
    for whole in (name for name in names if name.endswith(" " + surname)):
        first = re.escape(whole[: -len(surname) - 1])
        for index in range(len(row.text) - 1, -1, -1):
            line = row.text[index]
            match = re.search(rf"\s(?P<name>{first})$", line, re.IGNORECASE) or re.search(
                rf"\.\s\w+\s(?P<name>{first})(?=\s[a-z])", line, re.IGNORECASE
            )
            if match and match["name"][:1].isupper():
                start, end = match.span("name")
                row.text[index] = " ".join(
                    (line[:start].rstrip() + " " + line[end:].lstrip()).split()
                )
                row.cells["owner"] = [f"{match['name']} {owner[0]}"]
                return


def _shift(rows: list[_Row]) -> None:
    """Give each row one set of cells where the text gave a set to the row before or after."""
    if sum(len(row.sets) for row in rows) == len(rows) and any(len(r.sets) != 1 for r in rows):
        # A column of cells written after all the rows: the sets in order, one a row.
        sets = [cells for row in rows for cells in row.sets]
        for row, cells in zip(rows, sets, strict=True):
            row.sets = [cells]
        return
    for before, after in itertools.pairwise(rows):
        if len(before.sets) > 1 and not (after.sets and set(before.sets[-1]) & set(after.sets[0])):
            # "…ASAP" / "Oluwaseun" / "5. Allies to…" / "Next meeting": the next row's owner.
            moved = before.sets.pop()
            after.sets = [{**moved, **after.sets[0]}, *after.sets[1:]] if after.sets else [moved]
        elif len(after.sets) > 1 and not before.sets:
            before.sets = [after.sets.pop(0)]


def _settle(row: _Row, kinds: list[str], spaced_slash: bool) -> None:
    """Join each cell's pieces; a status run on to the deadline goes to its own column.

    A line broken after a hyphen or a slash is joined without a space, unless the
    notes write a space after a slash elsewhere ("Sarah/ Graham").
    """
    for kind, values in row.cells.items():
        joined = _HYPHEN_BREAK.sub(r"\1-\2", " ".join(values))
        row.cells[kind] = [joined if spaced_slash else _SLASH_BREAK.sub(r"\1/\2", joined)]
    deadline = row.cells.get("deadline", [""])[0].split()
    if "status" in kinds and not row.cells.get("status") and len(deadline) > 1:
        for size in (2, 1):
            if len(deadline) > size and status_of(" ".join(deadline[-size:])):
                row.cells["status"] = [" ".join(deadline[-size:])]
                row.cells["deadline"] = [" ".join(deadline[:-size])]
                break


def _spread(rows: list[_Row], kinds: list[str]) -> None:
    """A column written after its rows: as many values as rows, given out in order."""
    for kind in kinds:
        if kind == "action":
            continue
        counts = [len(row.cells.get(kind, [])) for row in rows]
        values = [value for row in rows for value in row.cells.get(kind, [])]
        first_filled = next((n for n, count in enumerate(counts) if count), len(rows))
        displaced = all(count == 0 for count in counts[:first_filled]) and all(
            counts[first_filled:]
        )
        if len(values) == len(rows) and displaced and counts != [1] * len(rows):
            for row, value in zip(rows, values, strict=True):
                row.cells[kind] = [value]
