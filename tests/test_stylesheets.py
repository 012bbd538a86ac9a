"""Every stylesheet parses cleanly with a real CSS parser, and every rule sits where it belongs.

A browser forgives a missing brace by closing the block at the end of the
file, so every rule after it silently applies only inside that block (once, a
narrow-screen @media swallowed the whole public site's desktop styles). A
brace count would miss a brace inside a string or comment; tinycss2 reads the
files as a browser does.
"""

from pathlib import Path

import pytest
import tinycss2
from django.conf import settings
from tinycss2.ast import AtRule, Node, ParseError, QualifiedRule

STYLESHEETS = sorted((Path(settings.BASE_DIR) / "static").rglob("*.css"))
# What may hold rules, and what each may hold: conditional groups hold style
# rules; a page holds its margin boxes. The stylesheets use no CSS nesting.
GROUPS = {"media", "supports"}
PAGE_BOXES = {"top-left", "top-center", "top-right", "bottom-left", "bottom-center",
              "bottom-right"}  # fmt: skip
SENTINEL = ".end-of-stylesheet-sentinel"


def _contents(rule: QualifiedRule | AtRule) -> list[Node]:
    return tinycss2.parse_blocks_contents(
        rule.content or [], skip_comments=True, skip_whitespace=True
    )


def _errors_in(tokens: list[Node] | None, where: str) -> list[str]:
    found = []
    for token in tokens or []:
        if isinstance(token, ParseError):
            found.append(f"{where}, line {token.source_line}: {token.message}")
        found += _errors_in(getattr(token, "content", None), where)
    return found


def problems(css: str) -> list[str]:
    """What is wrong with a stylesheet's structure; an empty list when nothing is."""
    found: list[str] = []
    # A file whose blocks all close ends at the top level, so a rule added after
    # its end must parse as a top-level rule.
    ending = tinycss2.parse_stylesheet(
        css + f"\n{SENTINEL} {{}}\n", skip_comments=True, skip_whitespace=True
    )
    last = ending[-1] if ending else None
    if not (
        isinstance(last, QualifiedRule) and tinycss2.serialize(last.prelude).strip() == SENTINEL
    ):
        found.append("a block is never closed: the end of the file is inside it")
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        found += _rule_problems(rule, inside=None)
    return found


def _rule_problems(rule: Node, inside: str | None) -> list[str]:
    where = f"line {rule.source_line}"
    if isinstance(rule, ParseError):
        return [f"{where}: {rule.message}"]
    if isinstance(rule, QualifiedRule):
        if inside not in (None, *GROUPS):
            return [f"{where}: a style rule inside @{inside}"]
        found = _errors_in(rule.prelude, where)
        for item in _contents(rule):
            if isinstance(item, ParseError):
                found.append(f"{where}: {item.message}")
            elif item.type != "declaration":
                found.append(f"{where}: a rule nested in a style rule (the stylesheets use none)")
            else:
                found += _errors_in(item.value, f"{where}, {item.name}")
        return found
    if isinstance(rule, AtRule):
        keyword = rule.lower_at_keyword
        allowed_here = {
            None: GROUPS | {"page", "font-face", "import", "charset"},
            "page": PAGE_BOXES,
        }.get(inside, set())
        if keyword not in allowed_here:
            return [f"{where}: @{keyword} inside {f'@{inside}' if inside else 'the top level'}"]
        found = _errors_in(rule.prelude, where)
        for item in _contents(rule) if rule.content is not None else []:
            if item.type == "declaration":
                if keyword in GROUPS:
                    found.append(f"{where}: a declaration directly inside @{keyword}")
                found += _errors_in(item.value, f"{where}, {item.name}")
            else:
                found += _rule_problems(item, inside=keyword)
        return found
    return [f"{where}: unexpected {rule.type}"]


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_every_stylesheet_parses_cleanly(path):
    assert STYLESHEETS, "no stylesheets found"
    assert problems(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_an_unclosed_media_query_and_a_stray_brace():
    unclosed = ".a { color: red; }\n@media (max-width: 60rem) {\n  .b { color: blue; }\n\n.c { }\n"
    assert "a block is never closed: the end of the file is inside it" in problems(unclosed)
    assert any("inside @media" in problem for problem in problems(unclosed + "@media print {}"))
    assert problems(".a { color: red; } }\n.b { color: blue; }") != []
    assert problems(".a { color: red; .b { color: blue; } }") != []
    assert problems(".a { color: red; }\n@media print { .b { color: blue; } }\n") == []


def _top_level_selectors(path: Path) -> set[str]:
    rules = tinycss2.parse_stylesheet(path.read_text(), skip_comments=True, skip_whitespace=True)
    selectors = set()
    for rule in rules:
        if isinstance(rule, QualifiedRule):
            selectors |= {s.strip() for s in tinycss2.serialize(rule.prelude).split(",")}
    return selectors


def test_the_public_sites_rules_apply_at_every_width():
    # The rules of the public pages follow the review pages' narrow-screen
    # query in app.css; they must stand at the top level, not inside it.
    top_level = _top_level_selectors(Path(settings.BASE_DIR) / "static/css/app.css")
    for selector in (".breadcrumbs ol", ".downloads", ".downloads ul", ".member-list",
                     ".member-list__role", ".notes", ".search-form__row",
                     ".import-confirm"):  # fmt: skip
        assert selector in top_level, selector
