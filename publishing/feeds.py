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
from publishing.models import Publication

FEED_LENGTH = 50


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

    def items(self, group: Group) -> QuerySet[Publication]:
        return (
            Publication.objects.current()
            .filter(meeting__group=group)
            .select_related("meeting__group")
            .defer("text")
            .order_by("-meeting__date")[:FEED_LENGTH]
        )

    def item_title(self, publication: Publication) -> str:
        return publication.title

    def item_description(self, publication: Publication) -> str:
        """What the notes cover: their sections, as the public document names them.

        Atom sends the summary as HTML (type="html"), so the words are escaped:
        a heading that reads "<script>" is shown as those characters.
        """
        sections = [section.heading_text for section in publication.public_notes().sections]
        summary = f"Sections: {'; '.join(sections)}." if sections else ""
        if publication.version > 1:
            correction = f"Corrected (version {publication.version}): {publication.correction_note}"
            summary = f"{correction} {summary}"
        return escape(summary.strip())

    def item_link(self, publication: Publication) -> str:
        return publication.get_absolute_url()

    def item_guid(self, publication: Publication) -> str:
        # The notes' own address, the same for every version: a correction
        # updates the entry rather than adding another.
        return publication.get_absolute_url()

    def item_pubdate(self, publication: Publication) -> datetime.datetime:
        return publication.published_at

    def item_updateddate(self, publication: Publication) -> datetime.datetime:
        return publication.published_at
