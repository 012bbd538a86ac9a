"""Search over the published notes: full-text search on PostgreSQL, plain matching elsewhere.

Only the version of each meeting's notes that stands is searched (its
listing), and only its frozen public text, so a search can find nothing that
was not published. The snippets shown with each result are cut from that
same text. On PostgreSQL the listing keeps the text's search vector, with a
GIN index: a search finds and ranks its matches on that vector, and cuts
snippets only for the results it shows.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from publishing.models import Listing, Publication

LIMIT = 50
MAX_WORDS = 12
SNIPPET_CHARS = 240
WORD = re.compile(r"\w+")
# Private-use characters mark the matches in PostgreSQL's headline, so the
# snippet can be escaped first and highlighted after.
START, STOP = "\ue000", "\ue001"


@dataclass(frozen=True)
class Hit:
    """A published meeting's notes that match, with a highlighted snippet of their text."""

    publication: Publication
    snippet: SafeString


def search_publications(query: str) -> list[Hit]:
    """The latest published notes that match the query, best first.

    Only the query's first MAX_WORDS words are looked for (`first_words`).
    """
    words = WORD.findall(query)[:MAX_WORDS]
    if not words:
        return []
    if connection.vendor == "postgresql":
        return _full_text(first_words(query))
    published = Publication.objects.filter(listing__isnull=False)
    return _plain(published.select_related("meeting__group").defer("document"), words)


def first_words(query: str) -> str:
    """The query up to its MAX_WORDS-th word: more words only make a search slower, not better."""
    words = list(WORD.finditer(query))
    return query[: words[MAX_WORDS - 1].end()] if len(words) > MAX_WORDS else query


def full_text_query(query: str) -> SearchQuery:
    # websearch syntax accepts anything a person types ("quotes", or, -minus)
    # and never fails on it.
    return SearchQuery(query, config="english", search_type="websearch")


def ranked(search_query: SearchQuery) -> QuerySet[Listing]:
    """The listed notes that match, best first: found and ranked on the stored search vector."""
    return (
        Listing.objects.filter(search=search_query)
        .annotate(rank=SearchRank(F("search"), search_query))
        .order_by("-rank", "-meeting__date")
    )


def _full_text(query: str) -> list[Hit]:
    search_query = full_text_query(query)
    ids = list(ranked(search_query).values_list("publication_id", flat=True)[:LIMIT])
    headline = SearchHeadline(
        "text",
        search_query,
        config="english",
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    # Snippets only for the results shown: cutting one reads the whole text.
    rows = (
        Publication.objects.filter(pk__in=ids)
        .select_related("meeting__group")
        .defer("document", "text")
        .annotate(headline=headline)
        .in_bulk()
    )
    return [Hit(rows[pk], _highlight(rows[pk].headline)) for pk in ids]


def _highlight(headline: str) -> SafeString:
    html = str(escape(headline))
    html = re.sub(f"{START}(.*?){STOP}", r"<mark>\1</mark>", html, flags=re.DOTALL)
    return mark_safe(html.replace(START, "").replace(STOP, ""))  # noqa: S308 (escaped above)


def _plain(published: QuerySet[Publication], words: list[str]) -> list[Hit]:
    matches = published
    for word in words:
        matches = matches.filter(text__icontains=word)
    rows = matches.order_by("-meeting__date")[:LIMIT]
    return [Hit(row, snippet(row.text, words)) for row in rows]


def snippet(text: str, words: list[str]) -> SafeString:
    """A stretch of the text around the first match, with every match highlighted."""
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(text)
    centre = first.start() if first else 0
    begin = max(0, centre - SNIPPET_CHARS // 3)
    end = min(len(text), begin + SNIPPET_CHARS)
    # Start and end on whole words.
    if begin:
        begin = text.find(" ", begin) + 1 or begin
    if end < len(text):
        end = text.rfind(" ", begin, end) if text.rfind(" ", begin, end) > begin else end
    window = text[begin:end]
    parts, last = [], 0
    for match in pattern.finditer(window):
        parts += [
            str(escape(window[last : match.start()])),
            f"<mark>{escape(match.group())}</mark>",
        ]
        last = match.end()
    parts.append(str(escape(window[last:])))
    html = ("… " if begin else "") + "".join(parts) + (" …" if end < len(text) else "")
    return mark_safe(html)  # noqa: S308 (every piece of text is escaped above)
