"""Filters that show a draft's Markdown to those who write it: sensitive passages shown, marked."""

from collections.abc import Callable, Sequence

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.models import Kind
from notesfile.format import STATUS_LABELS
from notesfile.markup import MarkupError, Node, parse_blocks, parse_inline, to_html
from notesfile.notes import Attendee, Notes

register = template.Library()


@register.filter
def markdown(source: str) -> SafeString:
    """A section body as HTML, with each sensitive passage highlighted, not removed."""
    return _html(parse_blocks, source)


@register.filter
def markdown_inline(source: str) -> SafeString:
    """One line of Markdown, such as an action's text, as HTML."""
    return _html(parse_inline, source)


def _html(parse: Callable[[str], Sequence[Node]], source: str) -> SafeString:
    try:
        return mark_safe(to_html(parse(source)))  # noqa: S308 (escaped, then cleaned by nh3)
    except MarkupError:
        # Imported notes were checked already; anything else is shown as it was typed.
        return escape(source)


@register.filter
def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


@register.filter
def kind_label(kind: str) -> str:
    return str(Kind(kind).label) if kind in Kind.values else kind


@register.filter
def attending(notes: Notes, status: str) -> tuple[Attendee, ...]:
    """The people with one status in the notes: `notes|attending:"apologies"`."""
    return notes.attending(status)
