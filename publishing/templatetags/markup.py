"""Template filters that show markup trees: always through the sanitising `to_html`."""

from collections.abc import Sequence

from django import template
from django.utils.safestring import SafeString, mark_safe

from notesfile.markup import Node, to_html

register = template.Library()


@register.filter
def as_html(nodes: Sequence[Node]) -> SafeString:
    """HTML for a tree of blocks or inlines; to_html escapes and then sanitises it."""
    return mark_safe(to_html(nodes))  # noqa: S308 (to_html builds escaped HTML and cleans it with nh3)
