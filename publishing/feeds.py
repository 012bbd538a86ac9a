"""An Atom feed of each group's published notes."""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from allies.models import Group
from publishing.frozen import Edition
from publishing.models import Listing
from publishing.redaction import PublicNotes

FEED_LENGTH = 50


def notes_summary(notes: PublicNotes, edition: Edition) -> str:
    """What the feed says of published notes: their sections, and what a correction changed.

    Kept with the listing of the notes (publishing.services.listing_update),
    so the feed never opens a whole document to read it.
    """
    sections = [section.heading_text for section in notes.sections]
    summary = f"Sections: {'; '.join(sections)}." if sections else ""
    if edition.version > 1:
        correction = f"Corrected (version {edition.version}): {edition.correction_note}"
        summary = f"{correction} {summary}"
    return summary.strip()


class NotesFeed(Feed):
    """The latest published notes of one group; a correction updates its entry."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, group: str) -> Group:
        return get_object_or_404(Group, slug=group)

    def title(self, group: Group) -> str:
        return f"{group.full_name}: meeting notes"

    def subtitle(self, group: Group) -> str:
        return f"The published notes of the meetings of the {group.full_name}."

    def link(self, group: Group) -> str:
        return reverse("publishing:group", args=[group.slug])

    def items(self, group: Group) -> QuerySet[Listing]:
        return Listing.objects.of_group(group).for_lists()[:FEED_LENGTH]

    def item_title(self, listing: Listing) -> str:
        return listing.publication.title

    def item_description(self, listing: Listing) -> str:
        """What the notes cover, as kept with their listing (`notes_summary`).

        Atom sends the summary as HTML (type="html"), so the words are escaped:
        a heading that reads "<script>" is shown as those characters.
        """
        return escape(listing.summary)

    def item_link(self, listing: Listing) -> str:
        return listing.publication.get_absolute_url()

    def item_guid(self, listing: Listing) -> str:
        # The notes' own address, the same for every version: a correction
        # updates the entry rather than adding another.
        return listing.publication.get_absolute_url()

    def item_pubdate(self, listing: Listing) -> datetime.datetime:
        return listing.publication.published_at

    def item_updateddate(self, listing: Listing) -> datetime.datetime:
        return listing.publication.published_at
