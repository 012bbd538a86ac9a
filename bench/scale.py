"""Scale benchmark: every page the issue names, at 10,000 meetings, on PostgreSQL.

Run with `.venv/bin/python bench/scale.py` (or `make bench-scale`). It uses
the database SCALE_DATABASE_URL (by default
postgres://postgres@127.0.0.1:5432/allies_scale), migrates it, and builds the
data set of bench/scale_data.py there unless it holds it already (`--rebuild`
drops and builds it again; `--only editor,tracker` measures only the pages
whose names hold one of those words). Then it starts gunicorn as production runs it
(DEBUG off, 2 workers), asks for each page one request at a time, and prints,
for each: the first request (which may make what later ones reuse), the median
and 95th percentile of the rest, and the SQL queries one request makes. The
last line names the slowest page.
"""

import math
import os
import re
import statistics
import sys
import tempfile
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="allies-notes-scale-"))
DATABASE_URL = os.environ.get(
    "SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/allies_scale"
)
SAMPLES = int(os.environ.get("SCALE_SAMPLES", "30"))
SECONDS_PER_PAGE = float(os.environ.get("SCALE_SECONDS_PER_PAGE", "20"))
sys.path.insert(0, str(ROOT))

from bench.server import production_environ, serve, server_dsn  # noqa: E402

os.environ.update(production_environ(WORK, DATABASE_URL, DJANGO_SEARCH_RATE_LIMIT="1000000"))

LONG_QUERY = " ".join(["community funding strategy"] * 40)[:1000]
BAD_SEARCHES = {
    "search: 1,000 characters": LONG_QUERY,
    "search: stop words only": "the and of to a in it is was",
    "search: operators, quotes": '"funding -" OR -- !! & | :* ( ) <-> \'\\',
    "search: another alphabet": "совместное производство 共同生产 العمل المجتمعي",
}


def chosen(page: str) -> bool:
    """Whether `--only a,b` (if given) names a word of this page."""
    if "--only" not in sys.argv:
        return True
    words = sys.argv[sys.argv.index("--only") + 1].split(",")
    return any(word in page for word in words)


def answered(page: str) -> set[int]:
    """What a page may answer: odd searches may be told plainly what is wrong with them."""
    return {200, 400} if page in BAD_SEARCHES else {200}


def ensure_database() -> None:
    import psycopg

    dsn, name = server_dsn(DATABASE_URL)
    with psycopg.connect(dsn, autocommit=True) as db:
        if "--rebuild" in sys.argv:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')


def set_up() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from bench import scale_data

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    if scale_data.is_built():
        from actions.models import Action

        # A data set built before actions kept their status now gets it here; one that
        # has it is left as it is. It takes seconds.
        Action.objects.refresh_status_now()
        print(f"Data set found in the database (migrated in {time.perf_counter() - started:.0f} s)")
    else:
        print("Building the data set (once; later runs reuse it)")
        scale_data.build(sys.stdout)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"Built in {time.perf_counter() - started:.0f} s")


def counts() -> str:
    from actions.models import Action
    from allies.models import Group
    from meetings.models import AgendaItem, Meeting
    from publishing.models import Publication

    return (
        f"{Group.objects.count()} groups, {Meeting.objects.count():,} meetings, "
        f"{AgendaItem.objects.count():,} sections, {Action.objects.count():,} actions, "
        f"{Publication.objects.count():,} publications"
    )


class Browser:
    """Requests to the server, one at a time, as one logged-in person or as the public."""

    def __init__(self, base: str, session: str = "") -> None:
        self.host, port = base.removeprefix("http://").split(":")
        self.port = int(port)
        self.cookies = {"sessionid": session} if session else {}

    def request(
        self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, float]:
        connection = HTTPConnection(self.host, self.port, timeout=900)
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        content = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        connection.close()
        return response.status, content, elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def sample(ask) -> tuple[float, list[float]]:
    """The first request's time, and the times of up to SAMPLES more within the time allowed."""
    first = ask()
    times: list[float] = []
    deadline = time.perf_counter() + SECONDS_PER_PAGE
    while len(times) < SAMPLES and (time.perf_counter() < deadline or not times):
        times.append(ask())
    return first, times


def main() -> None:
    ensure_database()
    set_up()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import scale_data
    from meetings.models import Meeting

    print(f"Allies Notes at scale (PostgreSQL): {counts()}")
    group = scale_data.slug(1)
    late = Meeting.objects.filter(group__slug=group).order_by("-date").first()
    assert late is not None
    assert late.status == Meeting.Status.DRAFT
    section = late.agenda_items.first()
    assert section is not None
    published = Meeting.objects.filter(group__slug=group, status="published").order_by("-date")[0]
    secretary = User.objects.get(username=scale_data.SECRETARY)
    inside = Client()
    inside.force_login(secretary)
    session = inside.cookies["sessionid"].value

    def search(words: str) -> str:
        return "/notes/search/?" + urllib.parse.urlencode({"q": words})

    public = {
        f"search: common word ({scale_data.COMMON_WORD})": search(scale_data.COMMON_WORD),
        f"search: rare word ({scale_data.RARE_WORD})": search(scale_data.RARE_WORD),
        **{name: search(words) for name, words in BAD_SEARCHES.items()},
        "sitemap.xml": "/sitemap.xml",
        "feed": f"/notes/{group}/feed.xml",
        "group page": f"/notes/{group}/",
        "notes page": f"/notes/{group}/{published.date}/",
    }
    sitemap = Client().get("/sitemap.xml").content.decode()
    if "<sitemapindex" in sitemap:
        named = re.search(r"<loc>https?://[^/]+(/[^<]*)</loc>", sitemap)
        assert named is not None
        public["a sitemap of the index"] = named.group(1)
    private = {
        "editor of a late meeting": f"/meetings/{late.pk}/edit/",
        "dashboard": "/dashboard/",
        "tracker": f"/actions/group/{group}/",
    }
    public = {name: path for name, path in public.items() if chosen(name)}
    private = {name: path for name, path in private.items() if chosen(name)}
    queries: dict[str, int] = {}
    for name, path in (public | private).items():
        client = inside if name in private else Client()
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code in answered(name), (name, path, response.status_code)
        queries[name] = len(captured.captured_queries)
    autosave_queries, autosave_ms = autosave_inside(inside, section)

    server, base = serve("--workers", "2", "--timeout", "900")
    rows: list[tuple[str, float, list[float]]] = []
    try:
        anyone, person = Browser(base), Browser(base, session)
        for name, path in (public | private).items():
            browser = person if name in private else anyone

            def ask(browser: Browser = browser, path: str = path, name: str = name) -> float:
                status, _, elapsed = browser.request("GET", path)
                assert status in answered(name), (path, status)
                return elapsed

            rows.append((name, *sample(ask)))
            print(f"  measured {name}", file=sys.stderr)
        if chosen("section autosave"):
            rows.append(("section autosave", *sample(autosaver(person, late, section))))
    finally:
        server.terminate()
        server.wait()
    queries["section autosave"] = autosave_queries

    print(f"\ngunicorn, 2 workers, one request at a time; up to {SAMPLES} requests a page")
    print(f"{'page':<40} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'first ms':>9}")
    for name, first, times in rows:
        print(f"{name:<40} {statistics.median(times):>8.1f} {percentile(times, 0.95):>8.1f} "
              f"{queries[name]:>8} {first:>9.1f}")  # fmt: skip
    print(f"section autosave, inside the server: {autosave_ms:.1f} ms, {autosave_queries} queries")
    print(search_plan(scale_data.COMMON_WORD))
    print(search_plan(scale_data.RARE_WORD))
    worst = max(rows, key=lambda row: percentile(row[2], 0.95))
    meetings = Meeting.objects.count()
    worst_p95 = percentile(worst[2], 0.95)
    print(f"scale: {meetings:,} meetings, worst p95 {worst_p95:.0f} ms ({worst[0]})")


def search_plan(word: str) -> str:
    """Whether a search for the word finds its matches through the GIN index, as EXPLAIN says."""
    from django.db import connection, transaction

    from publishing import search

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as search._full_text does
        plan = search.ranked(search.full_text_query(word)).explain(analyze=True)
    used = "Bitmap Index Scan on publishing_listing_search" in plan
    took = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return (f"search plan for {word!r}: GIN index {'used' if used else 'NOT used'}, "
            f"{took.group(1) if took else '?'} ms in the database")  # fmt: skip


def section_post(section, body: str) -> dict[str, str]:
    from meetings.models import AgendaItem

    item = AgendaItem.objects.get(pk=section.pk)
    prefix = f"section-{item.pk}"
    fields = {"version": item.version, "heading": item.heading, "presenter": item.presenter,
              "kind": item.kind, "sensitivity": item.sensitivity, "body": body}  # fmt: skip
    return {f"{prefix}-{name}": str(value) for name, value in fields.items()}


def autosave_inside(client, section) -> tuple[int, float]:
    """Queries and server time of one section autosave, measured inside the process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/meetings/sections/{section.pk}/"
    times, count = [], 0
    for n in range(15):
        data = section_post(section, f"{section.body}\n\nSaved {n}.")
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(url, data, HTTP_HX_REQUEST="true")
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        count = len(captured.captured_queries)
    return count, statistics.median(times)


def autosaver(browser: Browser, meeting, section):
    """A function that saves the section once over HTTP, as the editor does as one types."""
    status, page, _ = browser.request("GET", f"/meetings/{meeting.pk}/edit/")
    token = re.search(rb'"X-CSRFToken": "([^"]+)"', page)
    assert status == 200
    assert token is not None
    counter = iter(range(10**6))

    def save() -> float:
        data = section_post(section, f"{section.body}\n\nSaved over HTTP {next(counter)}.")
        headers = {"HX-Request": "true", "X-CSRFToken": token.group(1).decode(),
                   "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip
        status, _, elapsed = browser.request(
            "POST", f"/meetings/sections/{section.pk}/", urllib.parse.urlencode(data), headers
        )
        assert status == 200, status
        return elapsed

    return save


if __name__ == "__main__":
    main()
