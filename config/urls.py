from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import views
from config.ratelimit import posted_email, rate_limited
from publishing import views as public
from publishing.api import api

# Errors in the app's layout, saying why in plain words (400 and 500 are
# Django's own views, rendering templates/400.html and 500.html).
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"

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
    path("accounts/settings/", views.account, name="account"),
    # Each request sends an email: limited per address, and per account asked for.
    path(
        "accounts/password_reset/",
        rate_limited("password_reset", methods=("POST",))(
            rate_limited("password_reset_account", methods=("POST",), by=posted_email)(
                auth_views.PasswordResetView.as_view()
            )
        ),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("notes/", include("publishing.urls")),
    path("api/", api.urls),
    path("sitemap.xml", public.sitemap_index, name="sitemap"),
]
