"""Middleware the app adds to Django's own: cache headers, a Permissions-Policy,
a way back to the login page for htmx requests, and where a request really
came from.

Cache-Control for every response the app makes is private unless a view says
it is public. A view opts in to shared caching with
`@cache_control(public=True, max_age=…)`. Every other response — the admin,
the login page, the editor, errors, redirects and any view added later — is
`private, no-store`, and so is any response to a logged-in person (their pages
carry their name and a CSRF token) or one that sets a cookie. A forgotten
decorator can only make a page less cacheable, never let a shared cache keep
something private.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import resolve_url
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

CACHEABLE_STATUSES = {200, 304}


def cache_control(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        if is_public(request, response):
            # The same address answers logged-in people privately.
            patch_vary_headers(response, ["Cookie"])
        else:
            response["Cache-Control"] = "private, no-store"
        return response

    return middleware


def is_public(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether a shared cache may keep this response."""
    user = getattr(request, "user", None)
    directives = {
        directive.split("=", 1)[0].strip().lower()
        for directive in response.get("Cache-Control", "").split(",")
    }
    return (
        "public" in directives
        and not directives & {"private", "no-store", "no-cache"}
        and response.status_code in CACHEABLE_STATUSES
        and not response.cookies
        and not (user is not None and user.is_authenticated)
    )


def htmx_login(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """Send the whole page to the login page when an htmx request finds no login.

    The browser follows a redirect inside an htmx request by itself, so a save
    made after the session ended would swap the login page into the part being
    saved, and the editor would take that answer for a successful save. Instead
    htmx is told to load the login page in place of the page, and to come back
    to that page afterwards, where the typing kept on the device is put back.
    """

    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        htmx = getattr(request, "htmx", None)
        if isinstance(htmx, HtmxDetails) and htmx and is_login_redirect(response):
            page = htmx.current_url_abs_path or resolve_url("home")
            # 401, so the page can tell this from a save that went through.
            return HttpResponseClientRedirect(redirect_to_login(page).url, status=401)
        return response

    return middleware


def is_login_redirect(response: HttpResponseBase) -> bool:
    """Whether this response sends the browser to the login page."""
    if response.status_code not in {301, 302, 303, 307, 308}:
        return False
    return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)


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
