"""Media on an S3-compatible object store, proved with two app servers.

moto's standalone server speaks the real S3 API on a local port. Two gunicorn processes share
PostgreSQL, Redis and the bucket, and nothing else: each has a media folder of its own, which
stays empty. A meeting with an uploaded public material and a private one is published through
the first server's configuration; every PDF downloads through the second byte for byte as
through the first; the private material is unreachable without signing in through either, and
its objects in the bucket carry no public grant.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from dxportal.pdf_accessibility import linked_pdfs
from tests.ops.test_two_processes import app_environment, free_port, start_app, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
MEETING = "/headquarters/meetings/1/"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL shared by two processes"
    ),
]

# Run in the first server's configuration: a public uploaded material, a private one, publish.
PUBLISH = """
from django.core.files.base import ContentFile
from headquarters.meetings import editions
from headquarters.meetings.models import Material, Meeting
from tests.pdfs import small_pdf

meeting = Meeting.objects.get(pk=1)
for order, label, word, public in [(4, "参考資料1", "PUBLICBIRD", True), (5, "参考資料2", "PRIVATEBIRD", False)]:
    material = Material(meeting=meeting, order=order, label=label, title=label + "の説明", is_public=public)
    material.file.save("upload.pdf", ContentFile(small_pdf(word, pages=2)), save=False)
    material.full_clean()
    material.save()
edition = editions.publish_now(meeting=meeting)
print(edition.status, edition.error)
"""


@pytest.fixture
def object_store():
    """moto's S3 server on a free port, with an empty bucket; its settings for the app."""
    import boto3

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        client = boto3.client(
            "s3", endpoint_url=endpoint, region_name="ap-northeast-1", **lowercase(CREDENTIALS)
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                client.list_buckets()
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        bucket = f"dxportal-{uuid.uuid4().hex[:8]}"
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"}
        )
        yield (
            client,
            bucket,
            {
                **CREDENTIALS,
                "DJANGO_MEDIA_BUCKET": bucket,
                "DJANGO_MEDIA_S3_ENDPOINT_URL": endpoint,
                "DJANGO_MEDIA_S3_REGION": "ap-northeast-1",
                "DJANGO_MEDIA_S3_PATH_STYLE": "true",
            },
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def lowercase(credentials: dict[str, str]) -> dict[str, str]:
    return {
        "aws_access_key_id": credentials["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": credentials["AWS_SECRET_ACCESS_KEY"],
    }


def get(port: int, path: str) -> tuple[int, bytes, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body, response.getheader("Location") or ""


def test_two_servers_share_the_bucket_and_nothing_else(seed, object_store, tmp_path):
    from headquarters.meetings.models import EditionFile, Material

    client, bucket, store = object_store
    common = app_environment(**store)
    folders = [tmp_path / "media-a", tmp_path / "media-b"]
    envs = []
    for folder in folders:
        folder.mkdir()
        envs.append({**common, "DJANGO_TEST_MEDIA_ROOT": str(folder)})

    published = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PUBLISH],
        cwd=ROOT, env=envs[0], capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert published.stdout.strip().startswith("published"), published.stderr[-2000:]

    ports = [free_port(), free_port()]
    apps = [start_app(port, env) for port, env in zip(ports, envs, strict=True)]
    try:
        for port in ports:
            wait_until_up(port)
        status, page, _ = get(ports[1], MEETING)
        assert status == 200
        links = list(linked_pdfs({MEETING: page.decode()}))
        assert len(links) >= 6  # packet, agenda, 資料1〜3, 参考資料1
        for path in links:
            through = [get(port, path) for port in ports]
            assert [status for status, _, _ in through] == [200, 200], path
            assert through[0][1] == through[1][1], path  # byte for byte the same
            assert through[1][1].startswith(b"%PDF-")

        private = Material.objects.get(label="参考資料2")
        for port in ports:
            status, body, _ = get(port, f"/headquarters/meetings/1/materials/{private.pk}.pdf")
            assert status in (302, 404) and b"PRIVATEBIRD" not in body
            members = [f.storage_name for f in EditionFile.objects.filter(kind="members_packet")]
            assert members, "the members' packet was stored"
            for name in members:
                status, body, _ = get(port, f"/media/{name}")
                assert status == 404 and not body.startswith(b"%PDF-")
    finally:
        for app in apps:
            app.terminate()
            app.wait(timeout=30)

    # Everything went to the bucket, nothing to either server's folder.
    assert [list(folder.rglob("*.pdf")) for folder in folders] == [[], []]
    keys = [obj["Key"] for obj in client.list_objects_v2(Bucket=bucket)["Contents"]]
    assert any(key.startswith("editions/private/") for key in keys)
    assert any(key.startswith("materials/") for key in keys)
    for key in keys:  # no object is readable by anyone but its owner
        grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
        assert all(g["Grantee"].get("Type") == "CanonicalUser" for g in grants), key


def test_a_20_mb_upload_and_download_are_streamed_through_the_bucket(object_store, tmp_path):
    """The storage streams: saving a 20 MB file and reading it back never holds it whole."""
    from storages.backends.s3 import S3Storage

    from dxportal.media_storage import s3_options

    client, bucket, store = object_store
    credentials = {"access_key": "testing", "secret_key": "testing"}
    storage = S3Storage(**s3_options(store), **credentials)
    big = tmp_path / "big.pdf"
    size = 20 * 1024 * 1024
    with big.open("wb") as out:
        for _ in range(size // (1024 * 1024)):
            out.write(os.urandom(1024 * 1024))
    # The client and botocore's service descriptions (~10 MB, once per process) come first.
    storage.exists("materials/warm-up.pdf")
    tracemalloc.start()
    try:
        with big.open("rb") as upload:
            name = storage.save("materials/big.pdf", upload)
        _, uploading = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        with storage.open(name, "rb") as stored:
            read = sum(len(chunk) for chunk in iter(lambda: stored.read(64 * 1024), b""))
        _, downloading = tracemalloc.get_traced_memory()
        rendered = big.read_bytes()  # a rendered packet is bytes in memory: stored without a copy
        tracemalloc.reset_peak()
        storage.save("editions/public/big.pdf", ContentFile(rendered))
        _, storing = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read == size
    megabytes = " ".join(
        f"{what} {peak / 2**20:.1f} MB"
        for what, peak in [("upload", uploading), ("download", downloading), ("store", storing)]
    )
    print(megabytes)
    assert max(uploading, downloading) < size / 2, megabytes
    assert storing < size + size / 2, megabytes  # the bytes themselves, and no second copy
    assert client.head_object(Bucket=bucket, Key=name)["ContentLength"] == size
