"""Published editions: who may read what, the members' packet, and renders kept off page views."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from headquarters.meetings import editions, packets, tasks
from headquarters.meetings.models import Edition, EditionFile, Material, Meeting
from tests.conftest import publish
from tests.pdfs import pdftotext, small_pdf
from tests.text import squeeze

pytestmark = pytest.mark.django_db

MEETING_PAGE = reverse("headquarters:meeting-detail", args=[1])
MEMBERS_PACKET = reverse("headquarters:meeting-members-packet-pdf", args=[1])


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response.streaming_content)


@pytest.fixture
def private_upload(seed) -> Material:
    """The seed meeting with a private uploaded material (参考資料, 非公開), published."""
    meeting = Meeting.objects.get(pk=1)
    material = Material(
        meeting=meeting,
        order=4,
        label="参考資料",
        title="委員限りの検討メモ",
        file=SimpleUploadedFile("memo.pdf", small_pdf("KESTREL", pages=1), "application/pdf"),
        is_public=False,
    )
    material.full_clean()
    material.save()
    publish(meeting)
    return material


def test_the_public_never_reaches_a_private_material_or_the_members_packet(client, private_upload):
    page = client.get(MEETING_PAGE).content.decode()
    assert "委員限りの検討メモ" not in page and "全資料版" not in page
    material_pdf = reverse("headquarters:material-pdf", args=[1, private_upload.pk])
    assert client.get(material_pdf).status_code == 404
    assert "KESTREL" not in pdftotext(
        download(client, reverse("headquarters:meeting-packet-pdf", args=[1]))
    )
    response = client.get(MEMBERS_PACKET)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # Not even by the file's id in an edition, nor by the storage name of its upload.
    private_file = EditionFile.objects.get(material=private_upload)
    by_id = reverse("headquarters:edition-file-pdf", args=[1, 1, private_file.pk])
    assert client.get(by_id).status_code == 404
    assert private_file.storage_name.startswith("editions/private/")
    assert client.get(f"/media/{private_upload.file.name}").status_code == 404
    assert client.get(f"/media/{private_file.storage_name}").status_code == 404


@pytest.mark.parametrize("persona", ["secretariat_editor", "official"])
def test_staff_and_officials_get_private_materials_and_the_members_packet(
    client, private_upload, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(MEETING_PAGE).content.decode()
    assert "委員限りの検討メモ" in page and "非公開" in page
    assert MEMBERS_PACKET in page
    members = download(client, MEMBERS_PACKET)
    text = squeeze(pdftotext(members))
    assert "KESTREL" in text and squeeze("資料3 青森県DX総合窓口の開設について") in text
    response = client.get(reverse("headquarters:material-pdf", args=[1, private_upload.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    original = client.get(private_upload.file.url)
    assert original.status_code == 200 and original["Cache-Control"] == "private, no-store"


def test_a_concierge_gets_nothing_private(client, concierge, private_upload):
    client.force_login(concierge)
    assert client.get(MEMBERS_PACKET).status_code == 403
    assert (
        client.get(reverse("headquarters:material-pdf", args=[1, private_upload.pk])).status_code
        == 404
    )
    assert client.get(private_upload.file.url).status_code == 404


def test_an_edition_records_date_pages_size_and_hash_of_bytes_that_never_change(
    client, published_seed
):
    edition = published_seed
    assert edition.number == 1 and edition.published_on is not None
    kinds = sorted(edition.files.values_list("kind", flat=True))
    assert kinds == ["agenda", "material", "material", "material", "packet"]
    for file in edition.files.all():
        with default_storage.open(file.storage_name, "rb") as stored:
            data = stored.read()
        assert hashlib.sha256(data).hexdigest() == file.sha256
        assert len(data) == file.size and file.pages >= 1
        assert file.storage_name == f"editions/public/{file.sha256}.pdf"
    packet = edition.files.get(kind="packet")
    response = client.get(reverse("headquarters:meeting-packet-pdf", args=[1]))
    assert response["ETag"] == f'"{packet.sha256}"'
    assert int(response["Content-Length"]) == packet.size
    body = squeeze(client.get(MEETING_PAGE).content.decode())
    assert squeeze(f"{packet.pages}ページ") in body


def test_page_views_render_nothing_and_are_served_from_frozen_rows_or_the_page_cache(
    client, published_seed, monkeypatch
):
    monkeypatch.setattr(packets, "render", lambda *a, **k: pytest.fail("rendered in a request"))
    urls = [
        MEETING_PAGE,
        reverse("headquarters:material-detail", args=[1, 1]),
        reverse("headquarters:meeting-packet-pdf", args=[1]),
        reverse("headquarters:meeting-agenda-pdf", args=[1]),
        reverse("headquarters:material-pdf", args=[1, 2]),
    ]
    from django.db import connection

    for url in urls:
        assert client.get(url).status_code == 200, url  # the first view draws and caches a page
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        # A page again: the content version and the page from the cache; a PDF: its one row.
        assert len(queries) <= 2, (url, [q["sql"] for q in queries])


def test_edition_renders_run_on_their_own_queue_apart_from_mail():
    from consultations.tasks import send_consultation_mail

    assert tasks.build_edition_task.queue_name == "pdf"
    assert send_consultation_mail.queue_name == "default"


def test_an_earlier_edition_page_lists_its_own_files(client, published_seed):
    Meeting.objects.filter(pk=1).update(place="第一応接室")
    second = publish(Meeting.objects.get(pk=1), reason="会場の訂正")
    assert second.number == 2 and second.status == Edition.Status.PUBLISHED
    page = client.get(MEETING_PAGE).content.decode()
    assert reverse("headquarters:edition-detail", args=[1, 1]) in page
    assert squeeze("差替え（会場の訂正）") in squeeze(page)
    earlier = client.get(reverse("headquarters:edition-detail", args=[1, 1])).content.decode()
    for file in published_seed.files.all():
        assert reverse("headquarters:edition-file-pdf", args=[1, 1, file.pk]) in earlier
    old = published_seed.files.get(kind="agenda")
    old_bytes = download(client, reverse("headquarters:edition-file-pdf", args=[1, 1, old.pk]))
    assert "第三応接室" in pdftotext(old_bytes)
    current = download(client, reverse("headquarters:meeting-agenda-pdf", args=[1]))
    assert "第一応接室" in pdftotext(current)
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert reverse("headquarters:edition-detail", args=[1, 1]) in sitemap


@pytest.mark.django_db(transaction=True)
def test_mail_is_sent_while_an_edition_waits_for_the_render_worker(settings, seed, mailoutbox):
    """Two workers, one per queue (README): a long render queue never holds the desk's mail."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from consultations.tasks import send_consultation_mail
    from tests.consultations.factories import make_consultation

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "pdf"]}
    }
    # The worker closes and reopens database connections, so this test commits for real.
    edition = editions.request_edition(meeting=Meeting.objects.get(pk=1))
    consultation = make_consultation()
    send_consultation_mail.enqueue(consultation.pk)
    assert DBTaskResult.objects.filter(queue_name="pdf").count() == 1
    call_command("db_worker", queue_name="default", batch=True, no_startup_delay=True, verbosity=0)
    assert any(consultation.receipt_number in message.body for message in mailoutbox)
    edition.refresh_from_db()
    assert edition.status == Edition.Status.RENDERING  # still waiting for the pdf worker


def test_a_public_download_skips_sessions_and_a_signed_in_one_does_not(
    client, official, private_upload
):
    packet = reverse("headquarters:meeting-packet-pdf", args=[1])
    response = client.get(packet)
    assert response.status_code == 200 and "Set-Cookie" not in response
    assert response["X-Content-Type-Options"] == "nosniff" and "Permissions-Policy" in response
    private_pdf = reverse("headquarters:material-pdf", args=[1, private_upload.pk])
    assert client.get(private_pdf).status_code == 404
    client.force_login(official)  # now with a session cookie: the whole stack, private files
    assert client.get(private_pdf).status_code == 200


def test_a_replacement_becomes_the_only_current_edition_and_downloads_follow_it(
    client, published_seed
):
    agenda = reverse("headquarters:meeting-agenda-pdf", args=[1])
    assert "第三応接室" in pdftotext(download(client, agenda))  # cached for this content version
    Meeting.objects.filter(pk=1).update(place="第一応接室")
    second = publish(Meeting.objects.get(pk=1), reason="会場の訂正")
    assert list(Edition.objects.filter(is_current=True)) == [second]
    assert "第一応接室" in pdftotext(download(client, agenda))
    # A material the current edition lacks is a 404, and stays one until an edition has it.
    missing = reverse("headquarters:material-pdf", args=[1, 999])
    assert client.get(missing).status_code == 404
    assert client.get(missing).status_code == 404


def test_a_repeated_public_download_asks_no_query_and_the_cache_once(client, private_upload):
    """The public's file rows are kept for the content version in the app process
    (dxportal/versioned.py): a download after the first, and a URL with no file, cost no query
    and one read of the shared cache, for the version."""
    packet = reverse("headquarters:meeting-packet-pdf", args=[1])
    missing = reverse("headquarters:material-pdf", args=[1, 999999])
    first = download(client, packet)
    assert client.get(missing).status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert download(client, packet) == first
        assert client.get(missing).status_code == 404
    assert [q["sql"] for q in queries if "dxportal_cache" not in q["sql"]] == []
    cache_reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert len(cache_reads) == 2, cache_reads  # the content version, once per request
