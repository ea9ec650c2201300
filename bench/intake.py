"""Public intake against a peer: the portal's consultation form and django-helpdesk's ticket form.

Run from the bench folder:
    cd bench && DATABASE_URL=postgres://postgres@127.0.0.1:5432/dxportal ../.venv/bin/python intake.py

Both sides run under gunicorn with the same workers × threads on the same PostgreSQL server: the
portal on its seeded benchmark database, django-helpdesk 2.6.1 (the project in bench/helpdesk, in
its own virtualenv, made here when missing or outdated) on a fresh database of its own with one
public queue. Each client does what a person's browser does, a "full cycle": GET the form page
(keeping its cookies), read the form's hidden inputs, fill in the visible fields, POST it (a
multipart body where the form says so) and GET the page the 302 leads to (the receipt, the ticket).
After a short warm-up of each server, alternating rounds (portal, peer, portal, ...) of --cycles
full cycles spread over --clients threads. Printed per side: the median over rounds of submissions
per second and of the 95th percentile cycle latency, the median GET and POST times, the CPU time
per cycle of the side's gunicorn processes and PostgreSQL backends (read from /proc: throughput on
a shared machine swings with whatever else runs, the CPU a cycle costs much less), errors (any
other status), and rows saved against successful cycles. Exits non-zero on any error or missing row.
"""

from __future__ import annotations

import argparse
import http.client
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import psycopg2
import redis
from common import percentile, seeded_database
from django.db import connection
from server import free_port, start_gunicorn

from consultations.models import Consultation, SupportItem
from dxportal.lib.antispam import started_token

PEER_DIR = Path(__file__).resolve().parent / "helpdesk"
PEER_VENV = PEER_DIR / ".venv"
PEER_NAME = "django-helpdesk 2.6.1"
PEER_DATABASE = "bench_helpdesk"
PORTAL_FORM = "/desk/aomori-dx/consult/"
PEER_FORM = "/tickets/submit/"
URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"

# The public queue, as staff would create it in the admin. A new ticket is then mailed to its
# submitter and to the desk (new_ticket_cc): two mails, as the portal sends for a consultation.
CREATE_QUEUE = (
    "from helpdesk.models import Queue; "
    "Queue.objects.create(title='Public', slug='public', allow_public_submission=True, "
    "new_ticket_cc='desk@example.com')"
)

Pairs = list[tuple[str, str]]


class CycleError(Exception):
    """A status other than the one a person's browser gets, or a page without its form."""


# --- The peer: its virtualenv, its database, its server ---


def ensure_peer_venv() -> None:
    """bench/helpdesk/.venv with requirements.txt installed; made again when that file changed."""
    requirements = (PEER_DIR / "requirements.txt").read_text()
    stamp = PEER_VENV / "installed-requirements.txt"  # a copy of what was installed
    if stamp.exists() and stamp.read_text() == requirements:
        return
    print(f"Installing {PEER_NAME} into {PEER_VENV} ...", flush=True)
    # The portal's own Python (venv takes the base interpreter of this virtualenv).
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(PEER_VENV)], check=True)
    pip = [str(PEER_VENV / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "install", "--quiet", "-r", "requirements.txt"], cwd=PEER_DIR, check=True)
    stamp.write_text(requirements)


def postgres(dbname: str):
    """A psycopg2 connection to a database on the portal's PostgreSQL server."""
    database = connection.settings_dict
    return psycopg2.connect(
        dbname=dbname,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
    )


def peer_environment() -> dict[str, str]:
    """The peer's processes get their own settings, not the portal's (DATABASE_URL and the rest)."""
    database = connection.settings_dict
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "DJANGO_SETTINGS_MODULE": "settings",
        "HELPDESK_DB_NAME": PEER_DATABASE,
        "HELPDESK_DB_USER": database["USER"],
        "HELPDESK_DB_PASSWORD": database["PASSWORD"] or "",
        "HELPDESK_DB_HOST": database["HOST"] or "127.0.0.1",
        "HELPDESK_DB_PORT": str(database["PORT"] or 5432),
    }


def peer_manage(*arguments: str) -> None:
    command = [str(PEER_VENV / "bin" / "python"), "manage.py", *arguments]
    subprocess.run(command, cwd=PEER_DIR, env=peer_environment(), check=True)


def peer_query(sql: str) -> int:
    """The one number a query on the peer's database answers."""
    with postgres(PEER_DATABASE) as database, database.cursor() as cursor:
        cursor.execute(sql)
        number = cursor.fetchone()[0]
    database.close()
    return number


def drop_peer_database() -> None:
    admin = postgres("postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {PEER_DATABASE} WITH (FORCE)")
    admin.close()


def create_peer_database() -> int:
    """A fresh peer database, migrated, with one public queue; returns the queue's id."""
    drop_peer_database()
    admin = postgres("postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {PEER_DATABASE}")
    admin.close()
    # The migrations also load django-helpdesk's e-mail templates (its emailtemplate.json).
    peer_manage("migrate", "--verbosity", "0")
    peer_manage("shell", "--verbosity", "0", "--command", CREATE_QUEUE)
    return peer_query("SELECT id FROM helpdesk_queue WHERE slug = 'public'")


def wait_until_up(process: subprocess.Popen, port: int, path: str) -> None:
    for _ in range(120):
        if process.poll() is not None:
            raise SystemExit(f"the server for {path} exited with status {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server for {path} did not start")


def start_peer(port: int, workers: int, threads: int) -> subprocess.Popen:
    """The peer under its own gunicorn, as the portal's: no access log (gunicorn's default, and
    GUNICORN_ACCESSLOG="" for the portal), mail output discarded."""
    process = subprocess.Popen(
        [str(PEER_VENV / "bin" / "gunicorn"), "wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads)],
        cwd=PEER_DIR, env=peer_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_until_up(process, port, PEER_FORM)
    return process


# --- A person's browser ---


@dataclass
class Form:
    """A <form> of a page: where and how it is sent, its hidden inputs, its fields' names."""

    method: str
    action: str
    enctype: str
    hidden: Pairs = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    buttons: Pairs = field(default_factory=list)  # submit buttons that have a name


def read_form(element) -> Form:
    """A <form> element as a browser sends it: any field, in any order."""
    form = Form(
        method=(element.get("method") or "get").lower(),
        action=element.get("action") or "",
        enctype=(element.get("enctype") or URLENCODED).lower(),
    )
    for control in element.iter("input", "select", "textarea", "button"):
        name = control.get("name")
        if not name:
            continue
        default = "submit" if control.tag == "button" else "text"
        kind = (control.get("type") or default).lower()
        form.names.add(name)
        if control.tag == "input" and kind == "hidden":
            form.hidden.append((name, control.get("value") or ""))
        elif kind == "submit":
            form.buttons.append((name, control.get("value") or ""))
    return form


def post_forms(page: str) -> list[Form]:
    """The page's POST forms. lxml's parser is in C: the client shares the machine with the
    servers it measures, so reading a page must take as little of it as it can."""
    forms = [read_form(element) for element in lxml.html.fromstring(page).iter("form")]
    return [form for form in forms if form.method == "post"]


def encode(pairs: Pairs, enctype: str) -> tuple[bytes, str]:
    """The body and Content-Type a browser sends for these fields."""
    if enctype != MULTIPART:
        return urllib.parse.urlencode(pairs).encode(), URLENCODED
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in pairs
    ]
    return f"{''.join(parts)}--{boundary}--\r\n".encode(), f"{MULTIPART}; boundary={boundary}"


class Browser:
    """One visitor: the cookies the server set, and a connection (re-opened when it closes)."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = ""):
        """Status, page and redirect target (path and query) of one request."""
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        page = response.read().decode("utf-8", errors="replace")
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        location = urllib.parse.urlsplit(response.getheader("Location") or "")
        target = location.path + (f"?{location.query}" if location.query else "")
        return response.status, page, target

    def get(self, path: str) -> str:
        status, page, _ = self.request("GET", path)
        if status != 200:
            raise CycleError(f"GET {path}: {status}")
        return page

    def submit(self, path: str, form: Form, pairs: Pairs):
        body, content_type = encode(pairs, form.enctype)
        target = urllib.parse.urljoin(path, form.action) if form.action else path
        return self.request("POST", target, body, content_type)

    def close(self) -> None:
        self.connection.close()


# --- The two forms and a full cycle ---


@dataclass
class Side:
    """A server, its form, and how a person fills the form in."""

    name: str
    port: int
    path: str
    key_field: str  # a field that tells the form apart from others on its page
    hidden: Callable[[Pairs], Pairs]  # the hidden inputs as the browser sends them back
    visible: Callable[[int], Pairs]  # what the person types in, for cycle number n
    server: int  # the gunicorn master's process id
    database: str  # the side's database on the shared PostgreSQL server


def portal_hidden(hidden: Pairs) -> Pairs:
    """The hidden inputs, with `started` 10 s back: a person takes longer than the 3 s minimum."""
    pairs = [(n, started_token(now=time.time() - 10) if n == "started" else v) for n, v in hidden]
    if not any(name == "submission_token" for name, _ in pairs):
        pairs.append(("submission_token", str(uuid.uuid4())))
    return pairs


def portal_visible(items: list[str]) -> Callable[[int], Pairs]:
    """The fields server.py's submit() fills; the company name differs in every cycle."""

    def fill(index: int) -> Pairs:
        return [
            ("website", ""), ("company_name", f"負荷試験{index}"), ("industry", "E"),
            ("municipality", "青森市"), ("size", "1-5"), ("contact_name", "負荷 太郎"),
            ("contact_kana", "フカ タロウ"), ("email", "load@example.jp"),
            ("phone", "017-000-0000"), ("preferred_contact", "email"),
            *[("support_items", item) for item in items],
            ("subject", "件名"), ("details", "内容"), ("consent", "on"),
        ]  # fmt: skip

    return fill


def peer_visible(queue_id: int) -> Callable[[int], Pairs]:
    """The public ticket form's required fields: the public queue, title, body, e-mail, priority."""

    def fill(index: int) -> Pairs:
        return [
            ("queue", str(queue_id)), ("title", f"Load test {index}"),
            ("body", "Details of the request."), ("priority", "3"),
            ("due_date", ""), ("submitter_email", "load@example.jp"),
        ]  # fmt: skip

    return fill


def confirmation(page: str, typed: Pairs) -> Form | None:
    """The form of a confirmation page: hidden inputs that carry every field the person filled."""
    filled = {name for name, value in typed if value}
    for form in post_forms(page):
        if filled <= {name for name, _ in form.hidden}:
            return form
    return None


def full_cycle(side: Side, index: int) -> tuple[float, float, float]:
    """One person's submission; seconds of the whole cycle, of the form's GET and of the POST
    (both POSTs when there is a confirmation step)."""
    browser = Browser(side.port)
    try:
        start = time.perf_counter()
        page = browser.get(side.path)
        got = time.perf_counter()
        form = next((f for f in post_forms(page) if side.key_field in f.names), None)
        if form is None:
            raise CycleError(f"GET {side.path}: no form with a {side.key_field} field")
        typed = side.visible(index)
        status, page, target = browser.submit(side.path, form, side.hidden(form.hidden) + typed)
        # A confirmation step (the portal may get one): a 200 page whose form holds what was
        # typed in hidden inputs. Send them back once, with a "confirm" button if it has one
        # (side.hidden sets the portal's `started` back again: a person reads that page too).
        confirm = confirmation(page, typed) if status == 200 else None
        if confirm is not None:
            button = [(n, v) for n, v in confirm.buttons if "confirm" in n.lower()][:1]
            pairs = side.hidden(confirm.hidden) + button
            status, _, target = browser.submit(side.path, confirm, pairs)
        posted = time.perf_counter()
        if status != 302:
            raise CycleError(f"POST {side.path}: {status}")
        browser.get(target)
        return time.perf_counter() - start, got - start, posted - got
    finally:
        browser.close()


# --- Load and report ---


def process_seconds(pid: int) -> float:
    """CPU seconds (user + system) a process has used; 0 for one that is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                found.append(int(entry.name))
    return found


def backends(database: str) -> list[int]:
    """The PostgreSQL server processes serving `database` (the app's persistent connections)."""
    with postgres("postgres") as admin, admin.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [database])
        pids = [row[0] for row in cursor.fetchall()]
    admin.close()
    return pids


def cpu_seconds(side: Side) -> dict[int, float]:
    """CPU seconds so far of each process doing the side's work: its gunicorn master and
    workers and, when PostgreSQL runs on this machine, the backends of its database."""
    pids = [side.server, *children(side.server), *backends(side.database)]
    return {pid: process_seconds(pid) for pid in pids}


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two readings (a process new since `before` counts from 0)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


@dataclass
class Round:
    seconds: float
    cycles: list[tuple[float, float, float]]  # successful ones: (cycle, GET, POST) seconds
    errors: list[str]
    cpu: float  # CPU seconds the side's servers and its database used during the round


def run_round(side: Side, indices: range, clients: int) -> Round:
    """The cycles numbered `indices`, taken one by one by `clients` threads."""
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in indices:
        todo.put(index)
    cycles: list[tuple[float, float, float]] = []
    errors: list[str] = []

    def client() -> None:
        while True:
            try:
                index = todo.get_nowait()
            except queue.Empty:
                return
            try:
                cycles.append(full_cycle(side, index))
            except Exception as error:  # any failure of a cycle is an error of the run
                errors.append(f"{side.name}: {type(error).__name__}: {error}")

    threads = [threading.Thread(target=client) for _ in range(clients)]
    cpu_before = cpu_seconds(side)
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    return Round(seconds, cycles, errors, cpu_used(cpu_before, cpu_seconds(side)))


def p(samples: list[float], fraction: float) -> float:
    """A percentile in milliseconds (NaN when nothing succeeded)."""
    return percentile(samples, fraction) * 1000 if samples else float("nan")


def summary(rounds: list[Round]) -> dict[str, float]:
    """Medians over rounds of submissions/s, p95 cycle latency and p50 of the GET and POST."""
    return {
        "rate": statistics.median(len(r.cycles) / r.seconds for r in rounds),
        "p95": statistics.median(p([c[0] for c in r.cycles], 0.95) for r in rounds),
        "get": statistics.median(p([c[1] for c in r.cycles], 0.5) for r in rounds),
        "post": statistics.median(p([c[2] for c in r.cycles], 0.5) for r in rounds),
        "cpu": statistics.median(r.cpu * 1000 / max(1, len(r.cycles)) for r in rounds),
    }


def measure(sides: list[Side], args) -> dict[str, list[Round]]:
    """A warm-up of each side (returned first, not in the figures), then alternating rounds."""
    runs: dict[str, list[Round]] = {side.name: [] for side in sides}
    next_index = 0
    for number in range(1 + args.rounds):
        for side in sides:
            size = args.warmup if number == 0 else args.cycles
            indices = range(next_index, next_index + size)
            runs[side.name].append(run_round(side, indices, args.clients))
            next_index += size
    return runs


def report(runs: dict[str, list[Round]], rows: dict[str, int], args) -> int:
    """Print the table and the ratios; 1 if any cycle failed or a row is missing."""
    print(
        f"\nPublic intake, full cycle (GET form, POST, GET receipt): gunicorn {args.workers} "
        f"workers × {args.threads} threads per side, {args.clients} clients, {args.cycles} cycles "
        f"per round, median of {args.rounds} alternating rounds after {args.warmup} warm-up "
        f"cycles, PostgreSQL, {'Redis' if args.redis else 'database'} cache (portal)"
    )
    header = f"{'side':24} {'subm/s':>8} {'p95 ms':>8} {'GET p50 ms':>11} {'POST p50 ms':>12}"
    print(f"{header} {'CPU ms/cycle':>13} {'errors':>7} {'rows / cycles':>14}")
    figures, failed = {}, []
    for name, rounds in runs.items():
        figures[name] = summary(rounds[1:])
        done = sum(len(r.cycles) for r in rounds)
        errors = [e for r in rounds for e in r.errors]
        failed += errors
        if rows[name] != done:
            failed.append(f"{name}: {rows[name]} rows for {done} successful cycles")
        f = figures[name]
        print(
            f"{name:24} {f['rate']:8.1f} {f['p95']:8.0f} {f['get']:11.1f} {f['post']:12.1f} "
            f"{f['cpu']:13.1f} {len(errors):7} {f'{rows[name]} / {done}':>14}"
        )
    portal, peer = figures["portal"], figures[PEER_NAME]
    print(
        f"portal ÷ {PEER_NAME}: submissions/s {portal['rate'] / peer['rate']:.2f}, "
        f"p95 latency {portal['p95'] / peer['p95']:.2f}; "
        f"{PEER_NAME} ÷ portal: CPU per cycle {peer['cpu'] / portal['cpu']:.2f}"
    )
    for message in failed[:10]:
        print(f"FAILED {message}")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--cycles", type=int, default=200, help="full cycles per side per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=20, help="cycles per side before measuring")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        help="the portal servers' shared cache, as in production (empty: the database cache)",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server: the benchmark runs on it.")
    ensure_peer_venv()
    if args.redis:  # a fresh cache: nothing from an earlier run's database may be served
        redis.Redis.from_url(args.redis).flushdb()
    with seeded_database():
        items = [str(pk) for pk in SupportItem.objects.values_list("pk", flat=True)[:2]]
        before = Consultation.objects.count()
        queue_id = create_peer_database()
        servers = []
        try:
            portal_port = free_port()
            servers.append(start_gunicorn(portal_port, args.workers, args.threads, args.redis))
            peer_port = free_port()
            servers.append(start_peer(peer_port, args.workers, args.threads))
            sides = [
                Side("portal", portal_port, PORTAL_FORM, "company_name", portal_hidden,
                     portal_visible(items), servers[0].pid, connection.settings_dict["NAME"]),
                Side(PEER_NAME, peer_port, PEER_FORM, "submitter_email", list,
                     peer_visible(queue_id), servers[1].pid, PEER_DATABASE),
            ]  # fmt: skip
            runs = measure(sides, args)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
        rows = {
            "portal": Consultation.objects.count() - before,
            PEER_NAME: peer_query("SELECT count(*) FROM helpdesk_ticket"),
        }
        drop_peer_database()
        connection.close()
    return report(runs, rows, args)


if __name__ == "__main__":
    sys.exit(main())
