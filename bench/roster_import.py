"""A 10,000-row roster import through the admin's resource, against a raw bulk insert.

Run: .venv/bin/python bench/roster_import.py [--rows N]   (DATABASE_URL for PostgreSQL)
"""

from __future__ import annotations

import argparse
import time

import tablib
from common import seeded_database
from django.db import transaction

from headquarters.models import Body, Post
from headquarters.resources import PostResource

HEADERS = ["ID", "会議体", "職名", "役割", "別表", "表示順", "所属", "充て職", "定員"]


def roster(rows: int, prefix: str) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=HEADERS)
    for i in range(rows):
        dataset.append(
            ["", "幹事会", f"{prefix}{i}", "幹事", "（別表外）", str(1000 + i), "", "", "1"]
        )
    return dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with seeded_database():
        body = Body.objects.get(slug="steering-committee")
        start = time.perf_counter()
        with transaction.atomic():
            Post.objects.bulk_create(
                Post(body=body, title=f"raw{i}", role=Post.Role.SECRETARY, order=1000 + i)
                for i in range(args.rows)
            )
        raw = time.perf_counter() - start

        dataset = roster(args.rows, "imported")
        start = time.perf_counter()
        result = PostResource().import_data(dataset, dry_run=False, raise_errors=True)
        imported = time.perf_counter() - start
        assert not result.has_errors() and not result.has_validation_errors()
        assert Post.objects.filter(title__startswith="imported").count() == args.rows

        print(f"{args.rows} roster rows")
        print(f"  raw bulk insert:           {raw:8.2f} s   1.0×")
        print(f"  import (validated, diffed): {imported:8.2f} s   {imported / raw:6.1f}×")
        print(f"  import per row:            {imported / args.rows * 1000:8.2f} ms")


if __name__ == "__main__":
    main()
