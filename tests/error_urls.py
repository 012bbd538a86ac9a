"""The app's URLs and one view that fails, to see the 500 page as a reader would."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler403, handler404
from config.urls import urlpatterns as app_urlpatterns


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [*app_urlpatterns, path("fails/", fails)]
__all__ = ["handler403", "handler404", "urlpatterns"]
