"""Secure by default: deployment checks, headers on every response, a fresh CSP nonce."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings


def test_production_settings_pass_the_deployment_checks():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env |= {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "notes.example.org",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SMTP_HOST": "smtp.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env | {"DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/no-such-page/"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in csp.split(";") if part.strip()
    )
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "127.0.0.1"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (1, "", "127.0.0.1"),
    ],
)
def test_the_client_address_cannot_be_forged_past_our_proxies(
    rf, settings, proxies, forwarded, expected
):
    from config.middleware import client_address

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "ally", "secretary"])
def test_every_page_of_the_app_keeps_to_the_content_security_policy(role):
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse
    from lxml import html

    from tests.test_permissions import REQUESTS, build

    world = build("published")
    client = Client()
    if world.users[role]:
        client.force_login(world.users[role])
    problems = []
    pages = 0
    for name, (method, arguments, data) in REQUESTS.items():
        if method != "get":
            continue
        with transaction.atomic():
            response = client.get(reverse(name, args=arguments(world.ids)), data)
            transaction.set_rollback(True)
        directives = csp_directives(response)
        for directive in ("script-src", "style-src"):
            if {"'unsafe-inline'", "'unsafe-eval'"} & set(directives[directive]):
                problems.append(f"{name}: {directive} allows inline or eval")
        if directives["frame-ancestors"] != ["'none'"]:
            problems.append(f"{name}: may be framed")
        if "html" not in response.get("Content-Type", "") or response.status_code != 200:
            continue
        pages += 1
        nonce = next((v[7:-1] for v in directives["script-src"] if v.startswith("'nonce-")), None)
        tree = html.fromstring(response.content.decode())
        for script in tree.iter("script"):
            if script.get("nonce") != nonce:
                problems.append(f"{name}: a script without the request's nonce")
        if list(tree.iter("style")) or tree.xpath("//*[@style]"):
            problems.append(f"{name}: an inline style")
        for link in tree.iter("link"):
            if link.get("rel") == "stylesheet" and not link.get("href", "").startswith("/static/"):
                problems.append(f"{name}: a stylesheet from elsewhere")
        config = tree.xpath("//meta[@name='htmx-config']/@content")
        if config and '"includeIndicatorStyles": false' not in config[0]:
            problems.append(f"{name}: htmx would add its own inline styles")
    assert pages >= 8  # the public pages, for anybody; the app's own too, for its people
    assert problems == []


@pytest.mark.django_db
def test_the_nonce_changes_from_one_request_to_the_next(client, demo):
    client.login(username="lizzie", password="notes-secretary-demo")
    nonces = set()
    for _ in range(3):
        response = client.get("/dashboard/")
        script_src = csp_directives(response)["script-src"]
        [nonce] = [value for value in script_src if value.startswith("'nonce-")]
        assert f'nonce="{nonce[7:-1]}"' in response.content.decode()
        nonces.add(nonce)
    assert len(nonces) == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "method", "data"),
    [
        ("/notes/search/", "get", {"q": "funding"}),
        ("/accounts/login/", "post", {"username": "someone", "password": "guess"}),
    ],
)
def test_one_address_is_slowed_down_others_are_not(client, settings, path, method, data):
    from django.core.cache import cache

    cache.clear()
    settings.RATE_LIMITS = {"search": (3, 60), "login": (3, 60)}
    settings.TRUSTED_PROXY_COUNT = 1

    def ask(address):
        return getattr(client, method)(path, data, HTTP_X_FORWARDED_FOR=address)

    assert [ask("198.51.100.7").status_code for _ in range(3)] == [200] * 3
    limited = ask("198.51.100.7")
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert "private" in limited["Cache-Control"]
    assert "Too many requests" in limited.content.decode()
    assert ask("203.0.113.9").status_code == 200
    cache.clear()
