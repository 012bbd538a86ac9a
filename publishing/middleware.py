"""Serving the public website without sessions: made once, kept, and sent as bytes.

The public pages are the same for everyone, logged in or not, so they are
served here, before the middleware that reads sessions, CSRF cookies and the
login, much as WhiteNoise serves static files: a view marked `@public_file`
is asked for its page only when no current copy is kept (publishing/site.py),
and one marked `@public_page` (search) each time, both with a request that
carries no session and no user. Anything else, and anything that goes wrong,
goes on through the whole middleware chain as usual.

Because the chain is skipped, the headers its middleware would add are added
here: the Content-Security-Policy (public pages carry no inline script, so
theirs needs no nonce), X-Frame-Options, Permissions-Policy, and
`private, no-store` for anything not meant to be kept by a shared cache.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.csp import CSP, build_policy

from publishing import site

CACHEABLE_STATUSES = {200, 304}


def public_site(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    def middleware(request: HttpRequest) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return get_response(request)
        kind = getattr(match.func, "public", None)
        if kind is None:
            return get_response(request)
        request.resolver_match = match
        if kind == "file":
            scope = site.scope_of(match.kwargs.get("group"))
            address = site.address_of(request)
            revision, kept = site.find(address, scope)
            if kept is None:
                try:
                    response = match.func(request, *match.args, **match.kwargs)
                except Exception:
                    # The chain below answers it, as it answers any page that fails.
                    return get_response(request)
                kept = site.keep(address, scope, revision, response)
                if kept is None:
                    return finish(response)
            return finish(site.respond(request, kept))
        try:
            return finish(match.func(request, *match.args, **match.kwargs))
        except Exception:
            return get_response(request)

    return middleware


def finish(response: HttpResponseBase) -> HttpResponseBase:
    """The headers the rest of the middleware would have added to a public page."""
    if CSP.HEADER_ENFORCE not in response and settings.SECURE_CSP:
        response[CSP.HEADER_ENFORCE] = build_policy(settings.SECURE_CSP)  # type: ignore[arg-type]
    response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
    response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
    directives = {d.split("=")[0].strip() for d in response.get("Cache-Control", "").split(",")}
    if "public" not in directives or response.status_code not in CACHEABLE_STATUSES:
        response["Cache-Control"] = "private, no-store"
    return response
