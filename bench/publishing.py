"""Benchmark publishing: render times, LibreOffice for comparison, the public site under load.

Run with `.venv/bin/python bench/publishing.py` (or `make bench`). It builds a
throwaway production-like site in a temporary folder (SQLite, collected
static files, DEBUG off), loads and publishes the demo meetings, then prints:

- PDF (WeasyPrint) and Word (python-docx) render time for each demo meeting,
  and the time LibreOffice takes to turn the same Word file into a PDF;
- requests per second for the notes page and the downloads, served by
  gunicorn, as a ratio of a static file served by the same server;
- SQL queries per public page.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="allies-notes-bench-"))
sys.path.insert(0, str(ROOT))

from bench.server import production_environ  # noqa: E402

os.environ.update(production_environ(WORK, f"sqlite:///{WORK / 'bench.sqlite3'}"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.templatetags.static import static  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from bench.server import serve  # noqa: E402
from publishing.models import Publication  # noqa: E402
from publishing.render_docx import notes_docx  # noqa: E402
from publishing.render_pdf import notes_pdf  # noqa: E402

ROUNDS = 5
LOAD_SECONDS = 5
CONNECTIONS = 16


def timed(function, rounds: int = ROUNDS) -> float:
    """The median time of a call, in milliseconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def set_up() -> list[Publication]:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("load_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return list(Publication.objects.select_related("meeting__group").order_by("meeting__date"))


def render_times(publications: list[Publication]) -> None:
    print(f"\nRendering (median of {ROUNDS})")
    print(f"{'meeting':<12} {'PDF ms':>8} {'Word ms':>8} {'LibreOffice ms':>15} {'pages':>6}")
    office = shutil.which("libreoffice") or shutil.which("soffice")
    for publication in publications:
        public, edition = publication.public_notes(), publication.edition
        pdf_ms = timed(lambda p=public, e=edition: notes_pdf(p, e))
        docx_ms = timed(lambda p=public, e=edition: notes_docx(p, e))
        pages = len(PdfReader(publication.pdf.open("rb")).pages)
        converted = "skipped" if office is None else f"{libreoffice_ms(office, publication):.0f}"
        day = str(publication.meeting.date)
        print(f"{day:<12} {pdf_ms:>8.0f} {docx_ms:>8.0f} {converted:>15} {pages:>6}")
    if office is None:
        print("LibreOffice is not installed: its conversion time was not measured.")


def libreoffice_ms(office: str, publication: Publication) -> float:
    """How long LibreOffice takes to turn the Word file into a PDF (a warm start)."""
    source = WORK / f"{publication.meeting.date}.docx"
    source.write_bytes(publication.docx.read())
    profile = (WORK / "libreoffice-profile").as_uri()
    command = [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(WORK / "office"), str(source)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=180)  # the profile, once
    return timed(lambda: subprocess.run(command, check=True, capture_output=True, timeout=180), 3)


def requests_per_second(url: str) -> float:
    if shutil.which("wrk"):
        out = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{LOAD_SECONDS}s", url],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        match = re.search(r"Requests/sec:\s+([\d.]+)", out)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        if errors:
            raise SystemExit(f"{url} answered errors under load: {errors.group(1)}")
        return float(match.group(1)) if match else 0.0
    return python_client(url)


def python_client(url: str) -> float:
    """Requests per second from CONNECTIONS threads, when wrk is not installed."""
    deadline = time.perf_counter() + LOAD_SECONDS

    def worker() -> int:
        count = 0
        while time.perf_counter() < deadline:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
                response.read()
            count += 1
        return count

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        total = sum(pool.map(lambda _: worker(), range(CONNECTIONS)))
    return total / LOAD_SECONDS


def load(publication: Publication) -> None:
    notes = publication.get_absolute_url()
    static_file = static("css/app.css")  # its collected, hashed name
    paths = {
        "static file (app.css)": static_file,
        "notes page": notes,
        "PDF download": notes.rstrip("/") + ".pdf",
        "Word download": notes.rstrip("/") + ".docx",
    }
    tool = "wrk" if shutil.which("wrk") else "a Python client"
    print(f"\nUnder load: gunicorn, 2 workers × 4 threads; {tool}, {CONNECTIONS} connections, "
          f"{LOAD_SECONDS}s each")  # fmt: skip
    server, base = serve("--workers", "2", "--threads", "4")
    try:
        rates = {name: requests_per_second(base + path) for name, path in paths.items()}
    finally:
        server.terminate()
        server.wait()
    reference = rates["static file (app.css)"]
    print(f"{'':<22} {'req/s':>8} {'× static':>9}")
    for name, rate in rates.items():
        print(f"{name:<22} {rate:>8.0f} {rate / reference:>9.2f}")


def queries(publication: Publication) -> None:
    notes = publication.get_absolute_url()
    group = publication.meeting.group.slug
    pages = {
        "home page": "/",
        "group page": f"/notes/{group}/",
        "notes page": notes,
        "a version's page": publication.version_url,
        "PDF download": notes.rstrip("/") + ".pdf",
        "Word download": notes.rstrip("/") + ".docx",
        "feed": f"/notes/{group}/feed.xml",
        "search": "/notes/search/?q=funding",
        "sitemap": "/sitemap.xml",
    }
    client = Client()
    print("\nSQL queries per public page")
    for name, path in pages.items():
        client.get(path)  # warm: the first request of a process loads content types and such
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        print(f"{name:<18} {len(captured.captured_queries):>3}")


def main() -> None:
    print(
        f"Allies Notes publishing benchmark ({connection.vendor}, Python {sys.version.split()[0]})"
    )
    try:
        publications = set_up()
        render_times(publications)
        queries(publications[-1])
        load(publications[-1])
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
