"""Two app processes (gunicorn) on one PostgreSQL and one Redis: limits and numbers hold across both."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from consultations.models import Consultation, SupportItem
from dxportal.lib.antispam import started_token

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
FORM = "/desk/aomori-dx/consult/"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL shared by two processes"
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_environment(**extra: str) -> dict[str, str]:
    """What an app process of these tests runs with: the test settings, this test's PostgreSQL
    database and the shared Redis, a new database connection per request; plus `extra`."""
    database = connection.settings_dict
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}",
        "REDIS_URL": REDIS_URL,
        "DJANGO_CONN_MAX_AGE": "0",
        **extra,
    }


def start_app(port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "dxportal.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"app on port {port} did not start")


def submit(port: int, index: int, items: list[int]) -> int:
    """GET the form for its CSRF cookie, then POST a valid request; return the status."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", FORM)
    response = conn.getresponse()
    response.read()
    cookie = response.getheader("Set-Cookie") or ""
    name, token = re.search(r"((?:__Host-)?csrftoken)=([^;]+)", cookie).groups()
    fields = {
        "csrfmiddlewaretoken": token, "started": started_token(now=time.time() - 10), "website": "",
        "company_name": f"並行テスト{index}", "industry": "E", "municipality": "青森市", "size": "1-5",
        "contact_name": "並行 太郎", "contact_kana": "ヘイコウ タロウ", "email": "p@example.jp",
        "phone": "017-000-0000", "preferred_contact": "email", "support_items": items,
        "subject": "件名", "details": "内容", "consent": "on",
        "submission_token": f"00000000-0000-0000-0000-{index:012d}",
        "confirmed": "1",
    }  # fmt: skip
    body = urllib.parse.urlencode(fields, doseq=True)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"{name}={token}"}
    conn.request("POST", FORM, body=body, headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status


def within_one_rate_window(margin: float = 30.0) -> None:
    """The app processes count in fixed windows of wall-clock time: if the current one ends
    within `margin` seconds, wait for the next, so twelve submissions fall in one window."""
    left = settings.CONSULTATION_RATE_WINDOW - time.time() % settings.CONSULTATION_RATE_WINDOW
    if left < margin:
        time.sleep(left + 0.5)


def test_rate_limit_and_receipt_numbers_hold_across_two_app_processes(seed):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = app_environment(CONSULTATION_RATE_LIMIT="8")
    ports = [free_port(), free_port()]
    apps = [start_app(port, env) for port in ports]
    try:
        for port in ports:
            wait_until_up(port)
        within_one_rate_window()
        statuses: list[int] = []
        items = list(SupportItem.objects.values_list("pk", flat=True)[:1])
        threads = [
            threading.Thread(target=lambda i=i: statuses.append(submit(ports[i % 2], i, items)))
            for i in range(12)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        for app in apps:
            app.terminate()
            app.wait(timeout=30)

    # Twelve clients from one address, six to each process: the shared limit lets eight through.
    assert sorted(statuses) == [302] * 8 + [429] * 4, statuses
    sequences = sorted(Consultation.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 9))
    assert Consultation.objects.values("receipt_number").distinct().count() == 8
    assert settings.CONSULTATION_RATE_LIMIT == 10  # this process kept its own setting
