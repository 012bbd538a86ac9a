from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("import/", views.notes_import, name="import"),
    path("import/confirm/", views.notes_import_confirm, name="import_confirm"),
]
