"""Load test: the production-mode server on loopback, under concurrent clients.

Run with `.venv/bin/python bench/load.py` (or `make bench-load`). It builds a
fresh PostgreSQL database (LOAD_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/allies_notes_load), loads and publishes
the demo, adds a draft meeting and a personal passage (each holding a marker
word that must never be served), starts gunicorn as docs/deploy.md runs it
(DEBUG off, 3 workers), and sends a mix of public requests — pages, downloads,
search, feed, sitemap — from CLIENTS threads for LOAD_SECONDS seconds (at most
LOAD_MAX_REQUESTS requests). It prints requests per second and latency
percentiles by kind, and exits non-zero on any error or any marker served.
"""

import http.client
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import zipfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="allies-notes-load-"))
DATABASE_URL = os.environ.get(
    "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/allies_notes_load"
)
CLIENTS = int(os.environ.get("CLIENTS", "16"))
LOAD_SECONDS = float(os.environ.get("LOAD_SECONDS", "20"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "50000"))
DRAFT_MARKER = "zdraftmarkerq"
SECRET_MARKER = "zsecretmarkerq"  # noqa: S105 (a word that must never be served)
sys.path.insert(0, str(ROOT))

from bench.server import production_environ, server_dsn  # noqa: E402

# One address sends every request here; the limit is for people.
os.environ.update(production_environ(WORK, DATABASE_URL, DJANGO_SEARCH_RATE_LIMIT="1000000"))


def fresh_database() -> None:
    import psycopg

    dsn, name = server_dsn(DATABASE_URL)
    try:
        with psycopg.connect(dsn, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise SystemExit(
            f"No PostgreSQL to load-test against ({error}); set LOAD_DATABASE_URL"
        ) from None


def set_up() -> list[str]:
    """The site, with something that must never be served; the public paths to ask for."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from meetings.models import Meeting
    from meetings.services import meeting_create
    from publishing.models import Publication
    from publishing.services import publication_create

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("load_demo", "--force", stdout=io.StringIO())
    lizzie = User.objects.get(username="lizzie")
    published = Meeting.objects.get(date="2022-01-25")
    capacity = published.agenda_items.get(heading="Capacity")
    capacity.body = f"[Nicc said {SECRET_MARKER}]{{.personal}}. {capacity.body}"
    capacity.save()
    publication_create(meeting=published, by=lizzie, correction_note="Marked a passage.")
    draft = meeting_create(group=published.group, date=published.date.replace(month=4, day=27))
    draft.agenda_items.update(body=f"Not yet published: {DRAFT_MARKER}.")
    assert Publication.objects.filter(pdf="").count() == 0, "documents were not rendered"
    slug = published.group.slug
    notes = [f"/notes/{slug}/{day}/" for day in ("2021-06-23", "2022-01-25")]
    return [
        "/",
        f"/notes/{slug}/",
        *notes,
        f"/notes/{slug}/2022-01-25/v1/",
        f"/notes/{slug}/2022-01-25/v2/",
        f"/notes/{slug}/2022-01-25.pdf",
        f"/notes/{slug}/2022-01-25.docx",
        f"/notes/{slug}/2021-06-23.pdf",
        f"/notes/{slug}/feed.xml",
        "/sitemap.xml",
        "/notes/search/?q=funding",
        "/notes/search/?q=capacity+sustainability",
        "/notes/search/?q=" + urllib.parse.quote(DRAFT_MARKER),
        "/notes/search/?q=" + urllib.parse.quote(SECRET_MARKER),
        f"/notes/{slug}/2022-04-27/",  # the draft: 404, whatever is asked
    ]


def kind(path: str) -> str:
    if path.endswith((".pdf", ".docx")):
        return "download"
    if path.startswith("/notes/search/"):
        return "search"
    if path.endswith(("/feed/", ".xml")):
        return "feed and sitemap"
    return "page"


def run(base: str, paths: list[str]) -> dict[str, list[float]]:
    host, port = base.removeprefix("http://").split(":")
    deadline = time.perf_counter() + LOAD_SECONDS
    latencies: dict[str, list[float]] = defaultdict(list)
    problems: list[str] = []
    count = 0
    lock = threading.Lock()
    expected_404 = {p for p in paths if p.endswith("2022-04-27/")}
    marker_searches = {p for p in paths if p.endswith((DRAFT_MARKER, SECRET_MARKER))}

    def client(seed: int) -> None:
        nonlocal count
        chooser = random.Random(seed)
        while time.perf_counter() < deadline:
            with lock:
                if count >= MAX_REQUESTS:
                    return
                count += 1
            path = chooser.choice(paths)
            started = time.perf_counter()
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            body = response.read()
            connection.close()
            elapsed = (time.perf_counter() - started) * 1000
            want = 404 if path in expected_404 else 200
            text = body.decode("utf-8", "replace")
            if path in marker_searches:
                # The page repeats the query; what matters is that nothing matches it.
                found = "0 results" not in text
                text = text.replace(DRAFT_MARKER, "").replace(SECRET_MARKER, "")
            else:
                found = False
            with lock:
                latencies[kind(path)].append(elapsed)
                if response.status != want:
                    problems.append(f"{path}: {response.status}")
                if found or DRAFT_MARKER in text or SECRET_MARKER in text:
                    problems.append(f"{path}: served a marker")

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(client, range(CLIENTS)))
    latencies["all"] = [t for values in latencies.values() for t in values]
    if problems:
        print(f"\n{len(problems)} problems, for example: {problems[:5]}")
    latencies["_problems"] = [float(len(problems))]
    return latencies


def documents_hold_no_marker(base: str) -> None:
    for path in ("/notes/allies-group/2022-01-25.pdf", "/notes/allies-group/2022-01-25.docx"):
        with urllib.request.urlopen(base + path) as response:  # noqa: S310 (our own server)
            data = response.read()
        if path.endswith(".pdf"):
            text = subprocess.run(
                ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
            ).stdout.decode()
        else:
            with zipfile.ZipFile(io.BytesIO(data)) as docx:
                text = " ".join(docx.read(name).decode("utf-8", "replace")
                                for name in docx.namelist())  # fmt: skip
        assert SECRET_MARKER not in text, path
        assert DRAFT_MARKER not in text, path
        assert "Left out: personal information" in text, path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    from bench.server import serve

    fresh_database()
    try:
        paths = set_up()
        server, base = serve("--workers", "3")
        try:
            latencies = run(base, paths)
            documents_hold_no_marker(base)
        finally:
            server.terminate()
            server.wait()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    problems = int(latencies.pop("_problems")[0])
    print(f"\nLoad test: gunicorn (3 sync workers, DEBUG off) on PostgreSQL, {CLIENTS} clients, "
          f"{LOAD_SECONDS:.0f} s")  # fmt: skip
    print(f"{'':<18} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} "
          f"{'max ms':>7}")  # fmt: skip
    for name in ("page", "download", "search", "feed and sitemap", "all"):
        values = latencies.get(name, [])
        if not values:
            continue
        print(f"{name:<18} {len(values):>9} {len(values) / LOAD_SECONDS:>7.0f} "
              f"{statistics.median(values):>7.1f} {percentile(values, 0.9):>7.1f} "
              f"{percentile(values, 0.99):>7.1f} {max(values):>7.1f}")  # fmt: skip
    print(f"errors and markers served: {problems}")
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
