"""Serving the public website without sessions: made once, kept, and sent as bytes.

The public pages are the same for everyone, logged in or not, so they are
served here, before the middleware that reads sessions, CSRF cookies and the
login, much as WhiteNoise serves static files. A request for an address of
the public site is answered from the kept copy of its page if there is a
current one (publishing/site.py): one query. Only when there is none is the
URLconf asked which view makes it: a view marked `@public_file` is asked for
its page, which is kept; one marked `@public_page` (search) is asked each
time. Either way the request carries no session and no user. Anything else,
and anything that goes wrong, goes on through the whole middleware chain.

Because the chain is skipped, the headers its middleware would add are added
here (`finish`): the Content-Security-Policy (public pages carry no inline
script, so theirs needs no nonce), X-Frame-Options, Permissions-Policy, and
`private, no-store` for anything not meant for a shared cache.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils.csp import CSP, build_policy

from publishing import site

CACHEABLE_STATUSES = {200, 304}
CSP_HEADER = str(CSP.HEADER_ENFORCE)  # a plain string: WSGI servers accept nothing else


def public_site(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    def middleware(request: HttpRequest) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD") or not site.is_public_address(request.path):
            return get_response(request)
        address = site.address_of(request)
        revision, kept = site.find(address)
        if kept is not None:
            return site.respond(request, kept)
        match = _public_view(request.path_info)
        if match is None:
            return get_response(request)
        request.resolver_match = match
        try:
            response = match.func(request, *match.args, **match.kwargs)
        except Exception:
            # The chain below answers it, as it answers any page that fails.
            return get_response(request)
        response = finish(response)
        if getattr(match.func, "public", "") == "file":
            kept = site.keep(address, revision, response)
            if kept is not None:
                return site.respond(request, kept)
        return response

    return middleware


def _public_view(path: str) -> ResolverMatch | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match if getattr(match.func, "public", None) in ("file", "page") else None


def finish(response: HttpResponseBase) -> HttpResponseBase:
    """The headers the rest of the middleware would have added to a public page."""
    if CSP_HEADER not in response and settings.SECURE_CSP:
        response[CSP_HEADER] = build_policy(settings.SECURE_CSP)  # type: ignore[arg-type]
    response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
    response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
    directives = {d.split("=")[0].strip() for d in response.get("Cache-Control", "").split(",")}
    if "public" not in directives or response.status_code not in CACHEABLE_STATUSES:
        response["Cache-Control"] = "private, no-store"
    return response
