from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import views
from config.ratelimit import rate_limited
from publishing import views as public

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("meetings/", include("meetings.urls")),
    path("actions/", include("actions.urls")),
    path("review/", include("publishing.review_urls")),
    # Django's login page, limited per address across usernames; django-axes
    # pauses one username from one address on top of this.
    path(
        "accounts/login/",
        rate_limited("login", methods=("POST",))(auth_views.LoginView.as_view()),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("notes/", include("publishing.urls")),
    path("sitemap.xml", public.sitemap_index, name="sitemap"),
]
