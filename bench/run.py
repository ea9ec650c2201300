"""Every benchmark, one after the other: `make bench` (PostgreSQL from DATABASE_URL).

Each prints its own figures as ratios to a baseline measured in the same run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    ("Public pages: time, queries and memory at 1× and 10× data", "pages.py", []),
    ("Under gunicorn: throughput, and 200 concurrent submissions", "server.py", []),
    ("Public intake against django-helpdesk's ticket form", "intake.py", []),
    ("Roster import of 10,000 rows against a bulk insert", "roster_import.py", []),
    ("Meeting PDFs: cold render against cached download", "pdf.py", ["--repeat", "10"]),
]


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Set DATABASE_URL to PostgreSQL, e.g. postgres://postgres@127.0.0.1:5432/dxportal")
        return 2
    for title, script, arguments in BENCHMARKS:
        print(f"\n=== {title} ===", flush=True)
        result = subprocess.run([sys.executable, script, *arguments], cwd=HERE)
        if result.returncode:
            return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
