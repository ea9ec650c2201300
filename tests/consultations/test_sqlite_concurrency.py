"""SQLite, the default of `make run`: submissions sent at once all get a receipt, none a 500.

pytest-django's in-memory test database cannot show SQLite's file locking, so these tests serve
the portal with `make run`'s settings (DEBUG on, the database cache) from a database file of their
own, through `make run`'s runserver and through gunicorn (two processes of eight threads) at the
same time, and send them submissions from many threads at once. PostgreSQL has its own tests of
the same (test_receipts.py and tests/ops/test_two_processes.py).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from dxportal.lib.antispam import started_token

ROOT = Path(__file__).resolve().parents[2]
FORM = "/desk/aomori-dx/consult/"
SUBMISSIONS = 200
# The hostile-input test sends from 8 clients at once, as the bug report did.
RUNSERVER_CLIENTS = 8
HOSTILE_PER_CLIENT = 40

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's file locking only; on PostgreSQL test_receipts.py and "
    "tests/ops/test_two_processes.py send concurrent submissions",
)


@dataclass(frozen=True)
class Portal:
    runserver_port: int
    gunicorn_port: int
    database: Path
    log: Path

    def rows(self, sql: str, *params: object) -> list[tuple]:
        with sqlite3.connect(self.database, timeout=30) as db:
            return db.execute(sql, params).fetchall()

    def server_errors(self) -> str:
        """The lines of the server's log that name an error, to explain a failed assertion."""
        lines = self.log.read_text(errors="replace").splitlines()
        return "\n".join(line for line in lines if "Error" in line or "locked" in line)[-4000:]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_run_environment(folder: Path) -> dict[str, str]:
    """The environment of `make run`, on a database file in `folder`.

    Nothing of the test run's own configuration leaks in (its Redis cache, its settings module),
    except the secret key, so that the form timestamps signed here are valid there.
    """
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="dxportal.settings",
        DJANGO_DEBUG="true",
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        # Every request comes from 127.0.0.1: the rate limit is not what is tested here.
        CONSULTATION_RATE_LIMIT="1000000",
        PYTHONUNBUFFERED="1",
    )
    return environment


def manage(environment: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, f"{server.args} stopped before it answered"
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{server.args} did not answer within 60 s")


def start(command: list[str], environment: dict[str, str], log: Path) -> subprocess.Popen:
    with open(log, "a") as log_file:
        return subprocess.Popen(
            [sys.executable, *command], cwd=ROOT, env=environment, stdout=log_file, stderr=log_file
        )


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> Iterator[Portal]:
    """A fresh SQLite file holding the seed, served by runserver and by gunicorn at once;
    both stopped and the folder removed after."""
    folder = tmp_path_factory.mktemp("sqlite-portal")
    environment = make_run_environment(folder)
    log = folder / "servers.log"
    servers: list[subprocess.Popen] = []
    try:
        manage(environment, "migrate", "--no-input")
        manage(environment, "createcachetable")
        manage(environment, "load_seed")
        ports = free_port(), free_port()
        runserver = ["manage.py", "serve", "--noreload", f"127.0.0.1:{ports[0]}"]
        gunicorn = ["-m", "gunicorn", "-c", "gunicorn.conf.py", "dxportal.wsgi"]
        gunicorn += ["--bind", f"127.0.0.1:{ports[1]}", "--workers", "2", "--threads", "8"]
        gunicorn += ["--access-logfile", "/dev/null"]
        servers.append(start(runserver, environment, log))
        servers.append(start(gunicorn, environment, log))
        for port, server in zip(ports, servers, strict=True):
            wait_until_up(port, server)
        yield Portal(*ports, database=folder / "db.sqlite3", log=log)
    finally:
        for server in servers:
            stop(server)
        shutil.rmtree(folder, ignore_errors=True)


def open_form(port: int) -> dict[str, str]:
    """GET the form as a browser does; return its CSRF cookie and token."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", FORM)
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 200, response.status
    cookie = response.getheader("Set-Cookie") or ""
    name, token = re.search(r"((?:__Host-)?csrftoken)=([^;]+)", cookie).groups()
    return {"name": name, "token": token}


def valid_fields(csrf: dict[str, str], company: str, items: list[int], token: str) -> dict:
    return {
        "csrfmiddlewaretoken": csrf["token"], "started": started_token(now=time.time() - 10),
        "website": "", "company_name": company, "industry": "E", "municipality": "青森市",
        "size": "1-5", "contact_name": "同時 太郎", "contact_kana": "ドウジ タロウ",
        "email": "doji@example.jp", "phone": "017-000-0000", "preferred_contact": "email",
        "support_items": items, "subject": "件名", "details": "内容", "consent": "on",
        "submission_token": token,
        "confirmed": "1",
    }  # fmt: skip


def post(
    port: int,
    csrf: dict[str, str],
    body: bytes | str,
    content_type: str = "application/x-www-form-urlencoded",
) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Content-Type": content_type, "Cookie": f"{csrf['name']}={csrf['token']}"}
    conn.request("POST", FORM, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def in_parallel(clients: int, work: Callable[[int], None]) -> list[BaseException]:
    """Run work(0) … work(clients - 1) on as many threads; return what any of them raised."""
    failures: list[BaseException] = []

    def run(client: int) -> None:
        try:
            work(client)
        except BaseException as error:  # collected and asserted on by the caller
            failures.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return failures


def active_support_items(portal: Portal) -> list[int]:
    rows = portal.rows("SELECT id FROM consultations_supportitem ORDER BY id LIMIT 2")
    assert rows, "the seed has no support items"
    return [pk for (pk,) in rows]


def assert_consecutive_receipts(portal: Portal, company_prefix: str, count: int) -> None:
    """The database holds `count` requests of these clients, under consecutive numbers."""
    saved = portal.rows(
        "SELECT receipt_number, sequence FROM consultations_consultation WHERE company_name LIKE ?",
        f"{company_prefix}%",
    )
    assert len(saved) == count
    assert len({number for number, _ in saved}) == count
    sequences = sorted(sequence for _, sequence in saved)
    assert sequences == list(range(sequences[0], sequences[0] + count))


def assert_receipt_page_shows_its_number(portal: Portal, port: int, location: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", location)
    page = conn.getresponse().read().decode()
    conn.close()
    numbers = [
        number for (number,) in portal.rows("SELECT receipt_number FROM consultations_consultation")
    ]
    assert any(f"受付番号: <strong>{number}</strong>" in page for number in numbers), page[:500]


@pytest.mark.parametrize("server", ["make run", "gunicorn"])
def test_two_hundred_submissions_at_once_each_get_a_consecutive_receipt_number(portal, server):
    """`make run`'s server, and two gunicorn processes of eight threads, on one SQLite file:
    every POST is sent at the same moment."""
    port = portal.runserver_port if server == "make run" else portal.gunicorn_port
    prefix = f"同時送信{server}"
    items = active_support_items(portal)
    barrier = threading.Barrier(SUBMISSIONS)
    statuses: dict[int, int] = {}
    locations: dict[int, str] = {}

    def submit(index: int) -> None:
        try:
            csrf = open_form(port)
            fields = valid_fields(csrf, f"{prefix}{index:03d}", items, str(uuid.uuid4()))
            barrier.wait(timeout=60)
        except BaseException:
            barrier.abort()
            raise
        response = post(port, csrf, urllib.parse.urlencode(fields, doseq=True))
        statuses[index] = response.status
        locations[index] = response.getheader("Location") or ""

    assert in_parallel(SUBMISSIONS, submit) == []
    assert [s for s in statuses.values() if s >= 500] == [], portal.server_errors()
    assert sorted(statuses.values()) == [302] * SUBMISSIONS
    assert_consecutive_receipts(portal, prefix, SUBMISSIONS)
    assert_receipt_page_shows_its_number(portal, port, locations[0])


def hostile_bodies(csrf: dict[str, str], items: list[int], client: int) -> list[tuple]:
    """Requests a bot or an attacker sends: (body, content type), most of them malformed."""

    def form(**changes: object) -> str:
        fields = valid_fields(csrf, f"敵対的入力{client}", items, str(uuid.uuid4())) | changes
        return urllib.parse.urlencode(
            {name: value for name, value in fields.items() if value is not None}, doseq=True
        )

    urlencoded = "application/x-www-form-urlencoded"
    bodies = [
        (form(company_name="<script>alert(1)</script>"), urlencoded),
        (form(details="'; DROP TABLE consultations_consultation; --"), urlencoded),
        (form(subject="\x00"), urlencoded),
        (form(details="あ" * 5000), urlencoded),
        (form(contact_kana="㌀" * 100), urlencoded),
        (form(email="a" * 250 + "@example.jp"), urlencoded),
        (form(support_items=["9223372036854775808"]), urlencoded),
        (form(support_items=["-1", "x", "1.0"]), urlencoded),
        (form(submission_token="not-a-uuid"), urlencoded),
        (form(started="forged"), urlencoded),
        (form(website="http://spam.example/"), urlencoded),
        (form(consent=None, industry="ZZ"), urlencoded),
        (form(csrfmiddlewaretoken="wrong"), urlencoded),
        # Every client replays one and the same submission: it is saved once.
        (form(submission_token=REPLAYED_TOKEN, company_name="二重送信"), urlencoded),
        (b"\xff\xfe\x00garbage=\xc3\x28", urlencoded),
        (b"--x\r\nContent-Disposition: form-data; name=\r\n\r\n", "multipart/form-data"),
        (form(), "multipart/form-data; boundary=none"),
        ("=" * 2000, urlencoded),
    ]
    return [bodies[(client + n) % len(bodies)] for n in range(HOSTILE_PER_CLIENT)]


REPLAYED_TOKEN = "11111111-2222-3333-4444-555555555555"


def test_hostile_input_from_eight_clients_at_once_never_gets_a_server_error(portal):
    port = portal.runserver_port
    items = active_support_items(portal)
    barrier = threading.Barrier(RUNSERVER_CLIENTS)
    statuses: list[int] = []

    def attack(client: int) -> None:
        csrf = open_form(port)
        bodies = hostile_bodies(csrf, items, client)
        barrier.wait(timeout=60)
        for body, content_type in bodies:
            statuses.append(post(port, csrf, body, content_type).status)

    assert in_parallel(RUNSERVER_CLIENTS, attack) == []
    assert len(statuses) == RUNSERVER_CLIENTS * HOSTILE_PER_CLIENT
    assert [s for s in statuses if s >= 500] == [], portal.server_errors()
    assert set(statuses) <= {200, 302, 400, 403}, sorted(set(statuses))
    replayed = portal.rows(
        "SELECT COUNT(*) FROM consultations_consultation WHERE submission_token LIKE ?",
        REPLAYED_TOKEN.replace("-", "") + "%",
    )
    assert replayed == [(1,)]
