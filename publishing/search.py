"""Search over the published notes: full-text search on PostgreSQL, plain matching elsewhere.

Only the version of each meeting's notes that stands is searched (its
listing), and only its frozen public text, so a search can find nothing that
was not published. The snippets shown with each result are cut from that
same text. On PostgreSQL the listing keeps the text's search vector, with a
GIN index: a search finds and ranks its matches on that vector.

A word in most of the notes (a group's own name, "community") matches
thousands of them, and ranking reads each one's vector: so only the latest
CANDIDATES notes that match are ranked, and the best of those shown.

Snippets are cut in Python, for the results shown only (PostgreSQL's
ts_headline parses a whole document to cut one, milliseconds each), and every
form of a word searched for is highlighted: a word is marked where its
Snowball stem is one the search looked for, the same stemmer PostgreSQL's
"english" configuration uses.
"""

import functools
import re
from dataclasses import dataclass

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, QuerySet, Subquery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from publishing.models import Listing, Publication

PAGE_SIZE = 20
MAX_WORDS = 12
CANDIDATES = 500
PAGES = CANDIDATES // PAGE_SIZE
SNIPPET_CHARS = 240
WORD = re.compile(r"\w+")
STEMMER = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Hit:
    """A published meeting's notes that match, with a highlighted snippet of their text."""

    publication: Publication
    snippet: SafeString


def search_publications(query: str, page: int = 1) -> list[Hit]:
    """The latest published notes that match the query, best first: one page of PAGE_SIZE.

    Only the query's first MAX_WORDS words are looked for (`first_words`).
    """
    words = WORD.findall(query)[:MAX_WORDS]
    if not words:
        return []
    shown = slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    if connection.vendor == "postgresql":
        return _full_text(first_words(query), shown)
    published = Publication.objects.filter(listing__isnull=False)
    return _plain(published.select_related("meeting__group").defer("document"), words, shown)


def first_words(query: str) -> str:
    """The query up to its MAX_WORDS-th word: more words only make a search slower, not better."""
    words = list(WORD.finditer(query))
    return query[: words[MAX_WORDS - 1].end()] if len(words) > MAX_WORDS else query


def full_text_query(query: str) -> SearchQuery:
    # websearch syntax accepts anything a person types ("quotes", or, -minus)
    # and never fails on it.
    return SearchQuery(query, config="english", search_type="websearch")


def ranked(search_query: SearchQuery) -> QuerySet[Listing]:
    """The listed notes that match, best first, of the latest CANDIDATES that match.

    Found through the GIN index and ranked on the stored search vector.
    """
    latest = (
        Listing.objects.filter(search=search_query)
        .order_by("-meeting__date")
        .values("meeting_id")[:CANDIDATES]
    )
    return (
        Listing.objects.filter(meeting_id__in=Subquery(latest))
        .annotate(rank=SearchRank(F("search"), search_query))
        .order_by("-rank", "-meeting__date")
    )


def _full_text(query: str, shown: slice) -> list[Hit]:
    best = ranked(full_text_query(query)).values_list("publication_id", flat=True)[shown]
    with transaction.atomic():
        # The vectors are stored apart from their rows (TOAST), so the planner
        # thinks reading every row costs less than the index when a word is
        # common, and reads every vector; the index never does.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        ids = list(best)
    rows = Publication.objects.filter(pk__in=ids).select_related("meeting__group")
    found = rows.defer("document").in_bulk()
    words = WORD.findall(query)
    return [Hit(found[pk], snippet(found[pk].text, words)) for pk in ids]


def _plain(published: QuerySet[Publication], words: list[str], shown: slice) -> list[Hit]:
    matches = published
    for word in words:
        matches = matches.filter(text__icontains=word)
    rows = matches.order_by("-meeting__date")[shown]
    return [Hit(row, snippet(row.text, words)) for row in rows]


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A word's Snowball stem, as PostgreSQL's "english" configuration has it."""
    return str(STEMMER.stemWord(word.lower()))


def forms_of(words: list[str]) -> tuple[re.Pattern[str], set[str]]:
    """A pattern finding words that may be forms of these, and the stems that say which are.

    A stem is mostly the start of every form ("fund": funds, funding), but
    may end differently ("communiti": community), so the pattern looks for
    words that start with all but its last letter and the stem decides.
    """
    stems = {stem(word) for word in words}
    starts = sorted({s[:-1] if len(s) > 3 else s for s in stems}, key=len, reverse=True)
    pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, starts))})\w*", re.IGNORECASE)
    return pattern, stems


def snippet(text: str, words: list[str]) -> SafeString:
    """A stretch of the text around the first match, with every form of every word marked."""
    pattern, stems = forms_of(words)
    matches = (match for match in pattern.finditer(text) if stem(match.group()) in stems)
    first = next(matches, None)
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
        if stem(match.group()) not in stems:
            continue
        parts += [
            str(escape(window[last : match.start()])),
            f"<mark>{escape(match.group())}</mark>",
        ]
        last = match.end()
    parts.append(str(escape(window[last:])))
    html = ("… " if begin else "") + "".join(parts) + (" …" if end < len(text) else "")
    return mark_safe(html)  # noqa: S308 (every piece of text is escaped above)
