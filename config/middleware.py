"""Cache-Control for every response the app makes: private unless a view says it is public.

A view opts in to shared caching with `@cache_control(public=True, max_age=…)`.
Every other response — the admin, the login page, the editor, errors,
redirects and any view added later — is `private, no-store`, and so is any
response to a logged-in person (their pages carry their name and a CSRF
token) or one that sets a cookie. A forgotten decorator can only make a page
less cacheable, never let a shared cache keep something private.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_vary_headers

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
