"""What every benchmark shares: Django set up on a throwaway database holding the seed."""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


@contextlib.contextmanager
def seeded_database() -> Iterator[None]:
    """A test database (SQLite, or DATABASE_URL's server) with the seed loaded and its meeting
    published (as `make run` has it), removed after."""
    setup_test_environment()
    # Its own name, so a benchmark never drops the database a test run is using.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_dxportal"
    old_config = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with open(os.devnull, "w") as quiet:
            call_command("load_seed", stdout=quiet)
            call_command("publish_meetings", stdout=quiet)
        yield
    finally:
        connection.creation.destroy_test_db(old_config, verbosity=0)


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]
