"""Public pages: time and memory per request at 1× and 10× roster, against /healthz.

Run: DJANGO_DEBUG=true .venv/bin/python bench/pages.py [--requests N]
It builds a throwaway SQLite database (or uses DATABASE_URL's server with a test database), loads
the seed, and prints for each page the median time per request, its ratio to the trivial
/healthz view measured in the same run, the SQL query count, and the peak Python memory of one
request. Ratios, not seconds, are what to compare between machines.
"""

from __future__ import annotations

import argparse
import tracemalloc

from common import median_seconds, seeded_database
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

PAGES = [
    "/",
    "/headquarters/",
    "/headquarters/bodies/headquarters/",
    "/headquarters/bodies/steering-committee/",
    "/headquarters/charter/1/",
]


def page_seconds(client: Client, path: str, requests: int) -> float:
    assert client.get(path).status_code == 200, path
    return median_seconds(lambda: client.get(path), requests)


def peak_bytes(client: Client, path: str) -> int:
    tracemalloc.start()
    client.get(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def query_count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def grow_rosters(times: int) -> None:
    """Add 別表 posts with holders until each roster is `times` its seed size."""
    from headquarters import services
    from headquarters.models import Appointment, Body, Charter, Enactment, Person, Post

    # A post reaches the 別表 only through an amendment; list them all under one.
    amendment = Enactment.objects.create(
        charter=Charter.objects.order_by("id").first(),
        kind=Enactment.Kind.AMENDMENT,
        effective_on="2024-04-01",
    )
    schedules = {"headquarters": Post.Schedule.TABLE_1, "steering-committee": Post.Schedule.TABLE_2}
    for body in Body.objects.filter(slug__in=schedules):
        existing = body.posts.count()
        for i in range(existing * (times - 1)):
            post = Post(
                body=body,
                title=f"bench-{body.pk}-{i}",
                role=Post.Role.MEMBER,
                schedule=schedules[body.slug],
                order=1000 + i,
            )
            services.save_post(post=post, amendment=amendment)
            person = Person.objects.create(name=f"bench {i}")
            Appointment.objects.create(post=post, person=person, start="2024-04-01")


def report(client: Client, label: str, requests: int) -> None:
    baseline = page_seconds(client, "/healthz", requests)
    print(f"\n[{label}] baseline /healthz: {baseline * 1000:.2f} ms")
    print(f"{'page':45} {'ms':>8} {'× healthz':>10} {'queries':>8} {'peak KiB':>9}")
    for path in PAGES:
        seconds = page_seconds(client, path, requests)
        print(
            f"{path:45} {seconds * 1000:8.2f} {seconds / baseline:10.1f} "
            f"{query_count(client, path):8d} {peak_bytes(client, path) / 1024:9.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with seeded_database():
        client = Client()
        report(client, "seed roster (1×)", args.requests)
        grow_rosters(10)
        report(client, "roster grown tenfold (10×)", args.requests)


if __name__ == "__main__":
    main()
