"""Limits on how often one address may search, try to log in or ask for a new password.

A fixed window per address, counted in Django's cache: the local memory of
each process by default, or Redis shared by every process and server when
DJANGO_REDIS_URL is set (docs/deploy.md). django-ratelimit would insist on
memcached or Redis even for a laptop; this keeps the zero set-up start.
"""

import hashlib
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

from config.middleware import client_address

View = Callable[..., HttpResponseBase]


def over_limit(scope: str, who: str, limit: int, window: int) -> bool:
    """Count one more request from `who`, and say whether it is past the limit."""
    bucket = int(time.time() // window)
    key = f"rate:{scope}:{hashlib.sha256(who.encode()).hexdigest()[:32]}:{bucket}"
    cache.add(key, 0, timeout=window * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window * 2)
        count = 1
    return count > limit


def posted_email(request: HttpRequest) -> str:
    """The email address a form was sent with: one account, whichever address asks for it."""
    return str(request.POST.get("email", "")).strip().casefold()


def rate_limited(
    scope: str,
    methods: tuple[str, ...] = ("GET", "POST"),
    by: Callable[[HttpRequest], str] = client_address,
) -> Callable[[View], View]:
    """Answer 429 to whoever asks more often than settings.RATE_LIMITS[scope] allows.

    `by` says who is counted: the address the request came from, by default.
    A request that names nobody (an empty form) is not counted.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def limited(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            limit, window = settings.RATE_LIMITS[scope]
            who = by(request) if request.method in methods else ""
            if who and over_limit(scope, who, limit, window):
                response = render(request, "429.html", {"window": window}, status=429)
                response["Retry-After"] = str(window)
                return response
            return view(request, *args, **kwargs)

        return limited

    return decorator
