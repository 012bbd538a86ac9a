"""Limits on how often one address may search or try to log in.

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


def rate_limited(scope: str, methods: tuple[str, ...] = ("GET", "POST")) -> Callable[[View], View]:
    """Answer 429 to an address that asks more often than settings.RATE_LIMITS[scope] allows."""

    def decorator(view: View) -> View:
        @wraps(view)
        def limited(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            limit, window = settings.RATE_LIMITS[scope]
            if request.method in methods and over_limit(
                scope, client_address(request), limit, window
            ):
                response = render(request, "429.html", {"window": window}, status=429)
                response["Retry-After"] = str(window)
                return response
            return view(request, *args, **kwargs)

        return limited

    return decorator
