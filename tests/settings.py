"""Settings for the test suite: the real settings, with a throwaway key and fast hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-" + "x" * 40)

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="allies-notes-test-media-"))
# Static files straight from the app's folders, as under runserver.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="allies-notes-test-static-"))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The test client speaks plain HTTP; production redirects to HTTPS (and a test
# runs the deployment checks against the real settings).
SECURE_SSL_REDIRECT = False

# Lock-outs are tested on their own (tests/test_accounts.py), through the login
# page; elsewhere tests log in with the test client, which django-axes refuses.
AXES_ENABLED = False

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # The browser tests' live server answers several requests at once (the
    # editor saves as you type); an in-memory test database would be a single
    # connection shared by every thread, so use a file like production does.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="allies-notes-test-db-")) / "test.sqlite3")
    }

# The live server's threads must not keep connections open past a test, or the
# test database cannot be dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Tests search and log in far more often than a person; the limits themselves
# are tested in tests/test_security.py with their own settings.
RATE_LIMITS = {
    "search": (100_000, 60),
    "login": (100_000, 60),
    "password_reset": (100_000, 3600),
    "password_reset_account": (100_000, 3600),
}
