import datetime

from django.urls import path, register_converter

from publishing import views


class IsoDateConverter:
    """A day written yyyy-mm-dd; anything else, such as 2022-02-30, matches nothing (404)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        return datetime.date.fromisoformat(value)  # a ValueError means no match

    def to_url(self, value: datetime.date | str) -> str:
        return value.isoformat() if isinstance(value, datetime.date) else value


register_converter(IsoDateConverter, "isodate")

app_name = "publishing"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("groups-sitemap.xml", views.groups_sitemap, name="groups_sitemap"),
    path("<slug:group>/", views.group_page, name="group"),
    path("<slug:group>/<int:year>/", views.group_year, name="group_year"),
    path("<slug:group>/feed.xml", views.feed, name="feed"),
    path("<slug:group>/feed/", views.feed_moved),
    path("<slug:group>/sitemap-<int:page>.xml", views.group_sitemap, name="sitemap"),
    path("<slug:group>/meetings.ics", views.meetings_ics, name="meetings_ics"),
    path("<slug:group>/<isodate:day>.ics", views.meeting_ics, name="meeting_ics"),
    path("<slug:group>/<isodate:day>/", views.notes_page, name="notes"),
    path("<slug:group>/<isodate:day>.pdf", views.download, {"kind": "pdf"}, name="pdf"),
    path("<slug:group>/<isodate:day>.docx", views.download, {"kind": "docx"}, name="docx"),
    path("<slug:group>/<isodate:day>/v<int:version>/", views.notes_page, name="notes_version"),
    path(
        "<slug:group>/<isodate:day>/v<int:version>.pdf",
        views.download,
        {"kind": "pdf"},
        name="pdf_version",
    ),
    path(
        "<slug:group>/<isodate:day>/v<int:version>.docx",
        views.download,
        {"kind": "docx"},
        name="docx_version",
    ),
]
