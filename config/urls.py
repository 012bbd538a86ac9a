from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("meetings/", include("meetings.urls")),
    path("admin/", admin.site.urls),
]
