"""Markdown as the group writes it, turned into a plain tree of frozen nodes.

Section bodies, action texts, notes and introductions are Markdown, in which a
sensitive passage is a bracketed span: `[Lizzie is leaving in July]{.personal}`.
`parse_blocks` and `parse_inline` turn that source into a tree in which such a
passage is a `Marked` node; redaction swaps each `Marked` for a `Redacted`
placeholder, and every page and document is made from the tree. No raw HTML
gets in (it is shown as text), links keep only http, https and mailto
addresses, and a mark that was mistyped is an error rather than text that
would quietly be published.
"""

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin

SENSITIVE_MARKS = ("confidential", "personal", "financial")
# What the public reads where something was left out: a fixed text, whatever
# the length of what it stands for.
LEFT_OUT = "Left out"
KIND_WORDS = {
    "financial": "financial information",
    "personal": "personal information",
    "confidential": "confidential information",
}
PLACEHOLDERS = {kind: f"{LEFT_OUT}: {words}" for kind, words in KIND_WORDS.items()}
LINK_SCHEMES = ("http://", "https://", "mailto:")
# A mark's public explanation is a short phrase, shown beside its placeholder.
WHY_LIMIT = 200
MARK_ATTRIBUTES = ("until", "why")


class MarkupError(ValueError):
    """Markdown that cannot be published safely as it stands."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


# Inline nodes.
@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Emphasis:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Strong:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Link:
    href: str
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Marked:
    """A passage marked sensitive, as written; never reaches a public document.

    `until` is the day after which the group means to reconsider it (never
    public); `why` is the short explanation the public reads with its placeholder.
    """

    sensitivity: str
    children: tuple["Inline", ...]
    until: datetime.date | None = None
    why: str = ""


@dataclass(frozen=True)
class Redacted:
    """The placeholder that stands where something sensitive was, with its public explanation."""

    sensitivity: str
    why: str = ""

    @property
    def text(self) -> str:
        return placeholder(self.sensitivity, self.why)


def placeholder(sensitivity: str, why: str = "") -> str:
    """The words that stand where something was left out: "Left out: personal information"."""
    return PLACEHOLDERS[sensitivity] + (f" ({why})" if why else "")


Inline = Text | Code | LineBreak | Emphasis | Strong | Link | Marked | Redacted


# Block nodes.
@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[tuple["Block", ...], ...]


@dataclass(frozen=True)
class Quote:
    children: tuple["Block", ...]


@dataclass(frozen=True)
class CodeBlock:
    text: str


@dataclass(frozen=True)
class Rule:
    pass


@dataclass(frozen=True)
class Table:
    head: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]


Block = Paragraph | Heading | ListBlock | Quote | CodeBlock | Rule | Table
Node = Inline | Block


@cache
def markdown() -> MarkdownIt:
    """The one Markdown parser: CommonMark with tables and sensitivity spans, no raw HTML."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    # Spans only: attributes after links or code would be a second, easily
    # mistyped way to mark text, so they stay literal (and are caught below).
    md.use(attrs_plugin, after=(), spans=True, allowed=("class", *MARK_ATTRIBUTES))
    return md


def parse_blocks(source: str, first_line: int = 1) -> tuple[Block, ...]:
    """Parse Markdown with sensitivity spans into a tree of blocks."""
    tokens = markdown().parse(source)
    blocks, _ = _blocks(tokens, 0, first_line)
    return tuple(blocks)


def parse_inline(source: str, line: int | None = None) -> tuple[Inline, ...]:
    """Parse one line of Markdown, such as an action's text, into inline nodes."""
    tokens = markdown().parseInline(source)
    children = tokens[0].children or [] if tokens else []
    return _inlines(children, line)


def sub_heading_problem(source: str) -> str | None:
    """Why a section body would not stay one section in the notes format, if it would not.

    A section's own heading is its `##` line, so a body may use `###` and
    below; and it must not leave a fenced block open, which would swallow the
    sections after it.
    """
    sentinel = "\n\n## \u2063end\u2063\n"
    tokens = markdown().parse(source + sentinel)
    headings = [t for t in tokens if t.type == "heading_open" and t.level == 0]
    for token in headings[:-1]:
        if token.tag in ("h1", "h2"):
            line = token.map[0] + 1 if token.map else None
            return f"line {line}: sub-headings in a section start with ###"
    if not headings or tokens[tokens.index(headings[-1]) + 1].content != "\u2063end\u2063":
        # markdown-it stops reading at its deepest nesting, which hides the end too.
        deepest = markdown().options["maxNesting"]
        if any(token.level >= deepest - 1 for token in tokens):
            return (
                f"a list is nested too deeply: lists can go {(deepest - 2) // 2} levels deep, "
                "so bring the deepest items out a level"
            )
        return "a fenced block (```) is not closed"
    return None


def _blocks(tokens: Sequence[Token], start: int, first_line: int) -> tuple[list[Block], int]:
    """Read block tokens from `start` until the enclosing block closes."""
    blocks: list[Block] = []
    i = start
    while i < len(tokens):
        token = tokens[i]
        line = first_line + token.map[0] if token.map else None
        if token.nesting == -1:
            return blocks, i
        if token.type == "paragraph_open":
            blocks.append(Paragraph(_inlines(tokens[i + 1].children or [], line)))
            i += 3
        elif token.type == "heading_open":
            level = int(token.tag[1])
            blocks.append(Heading(level, _inlines(tokens[i + 1].children or [], line)))
            i += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items: list[tuple[Block, ...]] = []
            i += 1
            while tokens[i].type == "list_item_open":
                item, i = _blocks(tokens, i + 1, first_line)
                items.append(tuple(item))
                i += 1
            ordered = token.type == "ordered_list_open"
            start_number = int(token.attrGet("start") or 1) if ordered else 1
            blocks.append(ListBlock(ordered, start_number, tuple(items)))
            i += 1
        elif token.type == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, first_line)
            blocks.append(Quote(tuple(inner)))
            i += 1
        elif token.type in ("fence", "code_block"):
            blocks.append(CodeBlock(token.content))
            i += 1
        elif token.type == "hr":
            blocks.append(Rule())
            i += 1
        elif token.type == "table_open":
            table, i = _table(tokens, i, line)
            blocks.append(table)
        else:
            # html is switched off and nothing else is enabled, so this is a
            # token type added by a newer markdown-it: refuse rather than drop.
            raise MarkupError(f"unexpected Markdown element {token.type!r}", line)
    return blocks, i


def _table(tokens: Sequence[Token], i: int, line: int | None) -> tuple[Table, int]:
    head: list[tuple[Inline, ...]] = []
    rows: list[tuple[tuple[Inline, ...], ...]] = []
    row: list[tuple[Inline, ...]] = []
    in_head = False
    i += 1
    while tokens[i].type != "table_close":
        kind = tokens[i].type
        if kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if in_head:
                head = row
            else:
                rows.append(tuple(row))
        elif kind == "inline":
            row.append(_inlines(tokens[i].children or [], line))
        i += 1
    return Table(tuple(head), tuple(rows)), i + 1


def _inlines(tokens: Sequence[Token], line: int | None) -> tuple[Inline, ...]:
    nodes, _ = _read_inlines(tokens, 0, line)
    return tuple(_merge_text(nodes))


def _read_inlines(tokens: Sequence[Token], i: int, line: int | None) -> tuple[list[Inline], int]:
    """Read inline tokens from `i` until the enclosing element closes."""
    nodes: list[Inline] = []
    while i < len(tokens):
        token = tokens[i]
        if token.nesting == -1:
            return nodes, i
        if token.type == "text":
            _check_no_stray_mark(token.content, line)
            nodes.append(Text(token.content))
        elif token.type == "softbreak":
            nodes.append(Text(" "))
        elif token.type == "hardbreak":
            nodes.append(LineBreak())
        elif token.type == "code_inline":
            nodes.append(Code(token.content))
        elif token.type == "image":
            # Pictures are not published; their description stands in.
            alt, _ = _read_inlines(token.children or [], 0, line)
            nodes.extend(alt)
        elif token.nesting == 1:
            children, i = _read_inlines(tokens, i + 1, line)
            nodes.extend(_element(token, tuple(_merge_text(children)), line))
        else:
            raise MarkupError(f"unexpected Markdown element {token.type!r}", line)
        i += 1
    return nodes, i


def _element(token: Token, children: tuple[Inline, ...], line: int | None) -> list[Inline]:
    if token.type == "em_open":
        return [Emphasis(children)]
    if token.type == "strong_open":
        return [Strong(children)]
    if token.type == "link_open":
        href = str(token.attrGet("href") or "")
        if href.lower().startswith(LINK_SCHEMES):
            return [Link(href, children)]
        return list(children)
    if token.type == "span_open":
        classes = str(token.attrGet("class") or "").split()
        unknown = [name for name in classes if name not in SENSITIVE_MARKS]
        if unknown:
            raise MarkupError(
                f"unknown mark .{unknown[0]}: a passage can be marked "
                ".financial, .personal or .confidential",
                line,
            )
        until, why = _mark_attributes(token, line)
        for sensitivity in SENSITIVE_MARKS:
            if sensitivity in classes:
                return [Marked(sensitivity, children, until, why)]
        if until or why:
            raise MarkupError(
                "until= and why= belong to a mark: write them after .financial, .personal "
                "or .confidential, like [the passage]{.financial until=2023-03-01}",
                line,
            )
        return list(children)
    raise MarkupError(f"unexpected Markdown element {token.type!r}", line)


def _mark_attributes(token: Token, line: int | None) -> tuple[datetime.date | None, str]:
    """A mark's reconsider date and public explanation, refused if mistyped."""
    unknown = sorted(token.meta.get("insecure_attrs", {}))
    if unknown:
        raise MarkupError(
            f"unknown attribute {unknown[0]}= on a mark: a mark may say until=YYYY-MM-DD "
            'and why="a short public explanation"',
            line,
        )
    until_text = str(token.attrGet("until") or "").strip()
    try:
        until = datetime.date.fromisoformat(until_text) if until_text else None
    except ValueError:
        raise MarkupError(
            f"until={until_text} is not a date; write it as YYYY-MM-DD, like until=2023-03-01",
            line,
        ) from None
    why = " ".join(unescape_attribute(str(token.attrGet("why") or "")).split())
    if len(why) > WHY_LIMIT:
        raise MarkupError(
            f"the explanation (why=) of a mark is longer than {WHY_LIMIT} characters", line
        )
    return until, why


def unescape_attribute(value: str) -> str:
    """Undo the backslash escapes of a quoted attribute value, which the parser keeps."""
    out, escaped = [], False
    for char in value:
        if char == "\\" and not escaped:
            escaped = True
            continue
        out.append(char)
        escaped = False
    return "".join(out)


def mark_source(passage: str, sensitivity: str, until: datetime.date | None, why: str) -> str:
    """A passage written with its mark: `[passage]{.financial until=2023-03-01 why="…"}`."""
    attributes = [f".{sensitivity}"]
    if until:
        attributes.append(f"until={until.isoformat()}")
    if why:
        quoted = why.replace("\\", "\\\\").replace('"', '\\"')
        attributes.append(f'why="{quoted}"')
    return f"[{passage}]{{{' '.join(attributes)}}}"


def _check_no_stray_mark(text: str, line: int | None) -> None:
    """Refuse a mark that Markdown did not take as one: it would be published as text."""
    folded = text.lower()
    for sensitivity in SENSITIVE_MARKS:
        if "{." + sensitivity in folded or "{ ." + sensitivity in folded:
            raise MarkupError(
                f"a .{sensitivity} mark was not understood; write it right after the "
                f"bracketed passage, like [the passage]{{.{sensitivity}}}",
                line,
            )


def _merge_text(nodes: list[Inline]) -> Iterator[Inline]:
    pending = ""
    for node in nodes:
        if isinstance(node, Text):
            pending += node.text
            continue
        if pending:
            yield Text(pending)
            pending = ""
        yield node
    if pending:
        yield Text(pending)


def walk(nodes: Sequence[Node]) -> Iterator[Node]:
    """Every node in the tree, depth first."""
    for node in nodes:
        yield node
        match node:
            case (
                Emphasis(children)
                | Strong(children)
                | Link(_, children)
                | Marked(_, children, _, _)
            ):
                yield from walk(children)
            case Paragraph(children) | Heading(_, children) | Quote(children):
                yield from walk(children)
            case ListBlock(_, _, items):
                for item in items:
                    yield from walk(item)
            case Table(head, rows):
                for cell in head:
                    yield from walk(cell)
                for table_row in rows:
                    for cell in table_row:
                        yield from walk(cell)


def to_text(nodes: Sequence[Node]) -> str:
    """The words of a tree, for search and summaries."""
    parts: list[str] = []
    for node in walk(nodes):
        match node:
            case Text(text) | Code(text) | CodeBlock(text):
                parts.append(text)
            case Redacted():
                parts.append(node.text)
            case LineBreak() | Paragraph() | Heading() | Rule():
                parts.append(" ")
    return " ".join("".join(parts).split())


ALLOWED_TAGS = {
    "p", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "em", "strong", "a", "br", "mark", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "mark": {"class"}, "span": {"class"},
                      "th": {"scope"}}  # fmt: skip


def to_html(nodes: Sequence[Node]) -> str:
    """HTML for a tree, built escaped and then sanitised against an allow-list."""
    html = "".join(_html(node) for node in nodes)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _html_all(nodes: Sequence[Node]) -> str:
    return "".join(_html(node) for node in nodes)


def _html(node: Node) -> str:
    match node:
        case Text(text):
            return str(escape(text))
        case Code(text):
            return f"<code>{escape(text)}</code>"
        case LineBreak():
            return "<br>"
        case Emphasis(children):
            return f"<em>{_html_all(children)}</em>"
        case Strong(children):
            return f"<strong>{_html_all(children)}</strong>"
        case Link(href, children):
            return f'<a href="{escape(href)}">{_html_all(children)}</a>'
        case Marked(sensitivity, children):
            label = f'<span class="visually-hidden">{sensitivity}, not published: </span>'
            return f'<mark class="sensitive {sensitivity}">{label}{_html_all(children)}</mark>'
        case Redacted(sensitivity, why):
            explained = f' <span class="redacted__why">({escape(why)})</span>' if why else ""
            label = escape(PLACEHOLDERS[sensitivity])
            return f'<span class="redacted redacted--{sensitivity}">{label}</span>{explained}'
        case Paragraph(children):
            return f"<p>{_html_all(children)}</p>\n"
        case Heading(level, children):
            tag = f"h{min(max(level, 3), 6)}"
            return f"<{tag}>{_html_all(children)}</{tag}>\n"
        case ListBlock(ordered, start, items):
            tag = "ol" if ordered else "ul"
            start_attr = f' start="{start}"' if ordered and start != 1 else ""
            lis = "".join(f"<li>{_list_item(item)}</li>\n" for item in items)
            return f"<{tag}{start_attr}>\n{lis}</{tag}>\n"
        case Quote(children):
            return f"<blockquote>\n{_html_all(children)}</blockquote>\n"
        case CodeBlock(text):
            return f"<pre><code>{escape(text)}</code></pre>\n"
        case Rule():
            return "<hr>\n"
        case Table(head, rows):
            ths = "".join(f'<th scope="col">{_html_all(cell)}</th>' for cell in head)
            trs = "".join(
                "<tr>" + "".join(f"<td>{_html_all(cell)}</td>" for cell in row) + "</tr>\n"
                for row in rows
            )
            return f"<table>\n<thead><tr>{ths}</tr></thead>\n<tbody>\n{trs}</tbody>\n</table>\n"
    raise TypeError(f"not a markup node: {node!r}")


def _list_item(blocks: tuple[Block, ...]) -> str:
    # A tight list item is one paragraph; show it without <p> like Markdown does.
    if len(blocks) >= 1 and isinstance(blocks[0], Paragraph):
        return _html_all(blocks[0].children) + _html_all(blocks[1:])
    return _html_all(blocks)
