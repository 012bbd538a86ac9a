"""Starting the app's production server (gunicorn) on loopback, for the benchmarks."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_environ(work: Path, database_url: str, **more: str) -> dict[str, str]:
    """The settings of a production-like server on loopback, its files in `work`."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 40,
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_DEBUG": "",
        # Loopback has no TLS proxy; everything else is as in production.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        **more,
    }


def server_dsn(database_url: str) -> tuple[str, str]:
    """How to reach the PostgreSQL server's own database (to make others), and the name of ours."""
    import dj_database_url

    config = dj_database_url.parse(database_url)
    parts = {"host": config["HOST"], "port": config["PORT"], "user": config["USER"],
             "password": config["PASSWORD"], "dbname": "postgres"}  # fmt: skip
    return " ".join(f"{key}={value}" for key, value in parts.items() if value), config["NAME"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(*options: str) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn with the environment of this process; its base URL once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", *options],
        cwd=ROOT,
        env=os.environ.copy(),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/", timeout=1)  # noqa: S310 (our own server)
            return server, base
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")
