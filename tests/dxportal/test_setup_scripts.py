"""Set-up: apt-get waits for a lock another process holds, and SQLite takes simultaneous writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = [ROOT / "scripts" / "system-deps.sh", ROOT / ".ci" / "run"]
LOCK_TIMEOUT = "-o DPkg::Lock::Timeout=600"

FAKE_APT_GET = """#!/usr/bin/env bash
echo "$*" >> "$FAKE_LOG"
if [ "$FAKE_ERROR" != "" ] && [ ! -e "$FAKE_LOG.failed" ]; then
  touch "$FAKE_LOG.failed"
  echo "$FAKE_ERROR" >&2
  exit 100
fi
"""


def commands_running_apt_get(script: Path) -> list[str]:
    """The lines of a script that run apt-get (not comments, not advice printed to the user)."""
    lines = (line.strip() for line in script.read_text().splitlines())
    return [
        line
        for line in lines
        if "apt-get" in line
        and not line.startswith(("#", "echo"))
        and "apt-get or dpkg" not in line
    ]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_every_apt_get_of_the_set_up_scripts_waits_for_the_lock(script):
    for command in commands_running_apt_get(script):
        assert LOCK_TIMEOUT in command, command


def test_ci_installs_through_system_deps_and_so_waits_for_the_lock_too():
    ci = (ROOT / ".ci" / "run").read_text()
    assert commands_running_apt_get(ROOT / ".ci" / "run") == []
    assert "scripts/system-deps.sh only postgresql" in ci
    assert "scripts/system-deps.sh only redis-server" in ci


def run_system_deps(tmp_path: Path, error: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """system-deps.sh as root on a machine missing one package, with apt-get faked: its first
    call fails with `error`. Returns the result and the apt-get calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fakes = {
        "apt-get": FAKE_APT_GET,
        "dpkg-query": "#!/bin/sh\nexit 1\n",
        "id": "#!/bin/sh\necho 0\n",
    }
    for name, text in fakes.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    log = tmp_path / "apt-get.log"
    environment = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "FAKE_LOG": str(log),
        "FAKE_ERROR": error,
    }
    result = subprocess.run(
        ["bash", "scripts/system-deps.sh", "only", "fonts-noto-cjk"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result, log.read_text().splitlines() if log.exists() else []


def test_system_deps_waits_while_another_apt_get_holds_the_package_lists(tmp_path):
    held = "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)"
    result, calls = run_system_deps(tmp_path, held)
    assert result.returncode == 0, result.stderr
    assert "Waiting for another apt-get or dpkg to finish" in result.stderr
    assert [call.split()[2] for call in calls] == ["update", "update", "install"]
    assert all(call.startswith("-o DPkg::Lock::Timeout=600 ") for call in calls)
    assert calls[-1].endswith("fonts-noto-cjk")


def test_system_deps_stops_at_once_on_any_other_apt_get_error(tmp_path):
    result, calls = run_system_deps(tmp_path, "E: Unable to locate package fonts-noto-cjk")
    assert result.returncode != 0
    assert "Unable to locate package" in result.stderr
    assert len(calls) == 1


def sqlite_options(**env: str) -> dict:
    """DATABASES["default"]["OPTIONS"] as dxportal.settings builds them from `env`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.pop("DATABASE_URL", None)
    environment.update(DJANGO_DEBUG="true", **env)
    code = "import json; from dxportal import settings; print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_sqlite_waits_for_the_write_lock_and_runs_in_wal_mode():
    options = sqlite_options()
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    assert "PRAGMA journal_mode=WAL" in options["init_command"]
    assert "PRAGMA synchronous=NORMAL" in options["init_command"]


def test_postgresql_gets_none_of_the_sqlite_options():
    options = sqlite_options(DATABASE_URL="postgres://postgres@127.0.0.1:5432/dxportal")
    assert not {"transaction_mode", "timeout", "init_command"} & set(options)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own busy timeout")
def test_the_connection_of_the_suite_waits_twenty_seconds_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20_000
