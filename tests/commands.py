"""Running manage.py as an operator would, with the production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-long-production-secret-key-that-is-only-for-this-test-0123456789",
    "DJANGO_ALLOWED_HOSTS": "dx.example.jp",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.pop("DATABASE_URL", None)
    environment.update(DJANGO_SETTINGS_MODULE="dxportal.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
