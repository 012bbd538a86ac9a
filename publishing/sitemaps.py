"""The sitemap of the public website: groups' pages and their published notes."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from allies.models import Group
from publishing.models import Publication


class GroupSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Group]:
        return Group.objects.order_by("slug")

    def location(self, group: Group) -> str:
        return reverse("publishing:group", args=[group.slug])


class NotesSitemap(Sitemap):
    changefreq = "yearly"

    def items(self) -> QuerySet[Publication]:
        return (
            Publication.objects.current()
            .select_related("meeting__group")
            .only("published_at", "meeting__date", "meeting__group__slug")
            .order_by("meeting__group__slug", "meeting__date")
        )

    def lastmod(self, publication: Publication) -> datetime.datetime:
        return publication.published_at


SITEMAPS = {"groups": GroupSitemap, "notes": NotesSitemap}
