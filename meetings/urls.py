from django.urls import path, re_path

from meetings import import_views, views

app_name = "meetings"

urlpatterns = [
    path("new/", views.meeting_new, name="new"),
    path("import/", import_views.notes_import, name="import"),
    path("import/confirm/", import_views.notes_import_confirm, name="import_confirm"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/preview/", views.meeting_preview, name="preview"),
    path("<int:pk>/details/", views.meeting_details, name="details"),
    path("<int:pk>/attendance/", views.attendance_add_view, name="attendance_add"),
    path("<int:pk>/sections/", views.section_add_view, name="section_add"),
    path("attendance/<int:pk>/", views.attendance_save, name="attendance"),
    path("attendance/<int:pk>/remove/", views.attendance_remove_view, name="attendance_remove"),
    path("sections/<int:pk>/", views.section_save, name="section"),
    re_path(
        r"^sections/(?P<pk>[0-9]+)/(?P<change>up|down|delete|restore)/$",
        views.section_change,
        name="section_change",
    ),
]
