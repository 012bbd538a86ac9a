"""Middleware the app adds to Django's own."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def client_address(request: HttpRequest) -> str:
    """The address the request came from, as our own proxies saw it.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so with N of them the client is the N-th entry from the
    right; anything further left was written by the client and may be forged.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return str(request.META.get("REMOTE_ADDR", ""))


class PermissionsPolicyMiddleware:
    """Tell browsers the app uses no camera, microphone, location and the like."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
