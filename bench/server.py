"""The portal under gunicorn on PostgreSQL: throughput of pages, and 200 concurrent submissions.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/dxportal .venv/bin/python bench/server.py
Prints requests per second of each public page as a ratio to a trivial Django view (/healthz)
and to a static file served by WhiteNoise, measured in the same run against the same server;
each meeting PDF also against the same bytes served as a static file (a 300 KB download costs
the client and the loopback more than a 10 KB stylesheet, whoever serves it);
then 200 clients submitting the consultation form at once: latency percentiles, rows saved
against submitted, and duplicate receipt numbers.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import redis
from common import percentile, seeded_database
from django.conf import settings
from django.db import connection

from consultations.models import Consultation, SupportItem
from dxportal.lib.antispam import started_token

ROOT = Path(__file__).resolve().parent.parent
# Beside every page the sitemap lists: the downloads, and what browsers and crawlers ask for.
DOWNLOADS = [
    "/headquarters/meetings/1/packet.pdf",
    "/headquarters/meetings/1/materials/1.pdf",
    "/headquarters/meetings/1/materials/2.pdf",
    "/headquarters/meetings/1/materials/3.pdf",
]
EXTRAS = ["/headquarters/meetings/", "/sitemap.xml", "/robots.txt", "/favicon.ico"]
COPIES = "bench-copies"  # STATIC_ROOT's folder for the downloads' bytes as static files
SITEMAP_LOC = re.compile(r"<loc>https?://[^/]+(/[^<]*)</loc>")


def sitemap_pages() -> list[str]:
    """The path of every page /sitemap.xml lists for the seeded database."""
    from django.test import Client

    return SITEMAP_LOC.findall(Client().get("/sitemap.xml").content.decode())


def static_copies(paths: list[str]) -> dict[str, str]:
    """Each download's bytes put among the collected static files (under STATIC_ROOT/bench-copies,
    removed by remove_static_copies), so WhiteNoise serves the very same bytes: by static path."""
    from django.test import Client

    folder = Path(settings.STATIC_ROOT) / COPIES
    folder.mkdir(parents=True, exist_ok=True)
    copies = {}
    for number, path in enumerate(paths):
        response = Client().get(path)
        assert response.status_code == 200, (path, response.status_code)
        (folder / f"{number}.pdf").write_bytes(b"".join(response.streaming_content))
        copies[path] = f"{settings.STATIC_URL}{COPIES}/{number}.pdf"
    return copies


def remove_static_copies() -> None:
    shutil.rmtree(Path(settings.STATIC_ROOT) / COPIES, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int, threads: int, redis_url: str) -> subprocess.Popen:
    """The portal as production runs it (dxportal.settings, DEBUG off, collected static files),
    with the key and hosts of the benchmark's environment, mail sent inside the request as the
    peer of bench/intake.py sends it, and a rate limit every benchmark client stays under."""
    database = connection.settings_dict
    env = {
        **os.environ,  # tests.settings put the secret key, allowed hosts and plain HTTP here
        "DJANGO_SETTINGS_MODULE": "dxportal.settings",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}",
        "CONSULTATION_RATE_LIMIT": "1000000",
        # One media folder for every worker, as production shares one store.
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "REDIS_URL": redis_url,
        # No access log, as the peer of bench/intake.py runs (a proxy in front logs requests).
        "GUNICORN_ACCESSLOG": "",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "dxportal.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def throughput(port: int, path: str, seconds: float, clients: int) -> float:
    """Requests per second that `clients` keep-alive connections get for one path."""
    counts = [0] * clients
    deadline = time.monotonic() + seconds

    def run(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            assert response.status == 200, (path, response.status)
            counts[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / seconds


def median_rates(port: int, paths: list[str], args) -> dict[str, float]:
    """Requests per second of each path: the median of alternating rounds (shared machines vary)."""
    samples: dict[str, list[float]] = {path: [] for path in paths}
    for _ in range(args.rounds):
        for path in paths:
            samples[path].append(throughput(port, path, args.seconds, args.clients))
    return {path: statistics.median(rates) for path, rates in samples.items()}


def submit(
    port: int, index: int, items: list[int], latencies: list[float], statuses: list[int]
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", "/desk/aomori-dx/consult/")
    response = conn.getresponse()
    response.read()
    cookie = response.getheader("Set-Cookie") or ""
    name, token = cookie.split(";")[0].split("=", 1)
    fields = {
        "csrfmiddlewaretoken": token, "started": started_token(now=time.time() - 10), "website": "",
        "company_name": f"負荷試験{index}", "industry": "E", "municipality": "青森市", "size": "1-5",
        "contact_name": "負荷 太郎", "contact_kana": "フカ タロウ", "email": "load@example.jp",
        "phone": "017-000-0000", "preferred_contact": "email", "support_items": items,
        "subject": "件名", "details": "内容", "consent": "on",
        "submission_token": f"00000000-0000-0000-0000-{index:012d}",
        # As sent from the confirmation page (its 送信する button): the POST that saves.
        "confirmed": "1",
    }  # fmt: skip
    body = urllib.parse.urlencode(fields, doseq=True)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"{name}={token}"}
    start = time.perf_counter()
    conn.request("POST", "/desk/aomori-dx/consult/", body=body, headers=headers)
    status = conn.getresponse().status
    latencies.append(time.perf_counter() - start)
    statuses.append(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        help="the app servers' shared cache, as in production (empty: the database cache)",
    )
    parser.add_argument("--submissions", type=int, default=200)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server: the benchmark runs on it.")
    if args.redis:  # a fresh cache: nothing from an earlier run's database may be served
        redis.Redis.from_url(args.redis).flushdb()
    with seeded_database():
        port = free_port()
        copies = static_copies(DOWNLOADS)  # before the server starts: WhiteNoise lists files then
        server = start_gunicorn(port, args.workers, args.threads, args.redis)
        pages = list(dict.fromkeys([*sitemap_pages(), *EXTRAS]))  # the sitemap lists some
        try:
            for path in [*pages, *DOWNLOADS]:  # warm up: templates compiled, pages cached
                throughput(port, path, 0.5, 1)
            baselines = ["/healthz", "/static/css/site.css"]
            measured = [*baselines, *pages, *DOWNLOADS, *copies.values()]
            rates = median_rates(port, measured, args)
            trivial, static = rates["/healthz"], rates["/static/css/site.css"]
            print(
                f"gunicorn {args.workers} workers × {args.threads} threads, {args.clients} clients, "
                f"production settings, PostgreSQL, {'Redis' if args.redis else 'database'} cache; "
                f"median of {args.rounds} alternating rounds"
            )
            print(
                f"{'page':48} {'req/s':>8} {'÷ /healthz':>11} {'÷ static file':>14} "
                f"{'÷ same bytes static':>20}"
            )
            for path in [*baselines, *pages, *DOWNLOADS]:
                rate = rates[path]
                same = f"{rate / rates[copies[path]]:20.2f}" if path in copies else ""
                print(f"{path:48} {rate:8.0f} {rate / trivial:11.2f} {rate / static:14.2f} {same}")
            page_ratios = [rates[path] / trivial for path in pages]
            pdf_ratios = [rates[path] / rates[copies[path]] for path in DOWNLOADS]
            print(
                f"\n{len(pages)} pages ÷ /healthz: lowest {min(page_ratios):.2f}, "
                f"median {statistics.median(page_ratios):.2f}; "
                f"{len(DOWNLOADS)} PDFs ÷ the same bytes as a static file: "
                f"lowest {min(pdf_ratios):.2f}, median {statistics.median(pdf_ratios):.2f}"
            )

            items = list(SupportItem.objects.values_list("pk", flat=True)[:2])
            latencies: list[float] = []
            statuses: list[int] = []
            threads = [
                threading.Thread(target=submit, args=(port, i, items, latencies, statuses))
                for i in range(args.submissions)
            ]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
            remove_static_copies()
        saved = Consultation.objects.count()
        distinct = Consultation.objects.values("receipt_number").distinct().count()
        errors = sum(1 for s in statuses if s >= 500)
        print(f"\n{args.submissions} concurrent submissions in {elapsed:.1f} s")
        print(
            f"latency p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
            f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
        )
        print(
            f"rows saved {saved} of {args.submissions} submitted; server errors {errors}; duplicate receipt numbers {saved - distinct}"
        )
        connection.close()


if __name__ == "__main__":
    main()
