"""Template helpers of the editor: Markdown as the group reads it, and the autosave attributes."""

from collections.abc import Callable, Sequence

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from notesfile.markup import MarkupError, Node, parse_blocks, parse_inline, to_html

register = template.Library()


def _shown(source: str, parse: Callable[[str], Sequence[Node]]) -> SafeString:
    try:
        nodes = parse(source)
    except MarkupError as error:
        return format_html(
            '<p class="markup-problem">This cannot be shown until it is mended: {}</p>'
            '<pre class="markup-source">{}</pre>',
            str(error),
            source,
        )
    # to_html escapes the text and cleans the result against an allow-list.
    return mark_safe(to_html(nodes))  # noqa: S308


@register.filter
def markdown_blocks(source: str) -> SafeString:
    """A section body or an introduction as the group reads it, sensitive passages marked."""
    return _shown(source or "", parse_blocks)


@register.filter
def markdown_inline(source: str) -> SafeString:
    """One line, such as an action, as the group reads it, sensitive passages marked."""
    return _shown(source or "", parse_inline)


@register.simple_tag
def autosave(url: str, target: str, pk: object = None) -> SafeString:
    """The htmx attributes of a form that saves itself.

    It saves 0.8 s after typing stops, at once on any other change (a click,
    leaving a box) and when submitted; saves of one form wait for each other
    (`hx-sync`), so each carries the version the one before it returned. The
    answer replaces only `target`, the form's save state, never what is being
    typed.
    """
    return format_html(
        'hx-post="{}" hx-trigger="input changed delay:800ms, change, submit" '
        'hx-target="#{}" hx-swap="outerHTML" hx-sync="this:queue last" data-autosave',
        url,
        target if pk is None else f"{target}-{pk}",
    )
