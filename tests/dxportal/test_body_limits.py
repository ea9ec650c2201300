"""Request bodies: public forms take a little text, the admin takes staff's PDFs.

Past the limits the answer is 413 with a Japanese page in the site's layout and headers, and
nothing is saved; a meeting PDF larger than the public limit still uploads in the admin.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from consultations.models import Consultation
from headquarters.meetings.models import Material
from plan.models import Comment
from tests.admin_forms import change_form_data, form_errors
from tests.consultations.form_client import form_url as consultation_url
from tests.consultations.form_client import typed
from tests.headquarters.meeting_admin import CHANGE, add_material_row
from tests.plan.comment_client import form_data as comment_data
from tests.plan.comment_client import form_url as comment_url
from tests.plan.factories import make_open_period

pytestmark = pytest.mark.django_db

TOO_LARGE = "送信内容が大きすぎます"


@pytest.fixture(autouse=True)
def fresh_cache(db, settings):
    cache.clear()
    settings.CONSULTATION_RATE_LIMIT = 100000
    yield
    cache.clear()


def pdf_of(size: int) -> bytes:
    """A valid one-page PDF of about `size` bytes (an uncompressed content stream of no-ops)."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    stream = DecodedStreamObject()
    line = b"q 1 0 0 1 0 0 cm Q\n"
    stream.set_data(line * (size // len(line) + 1))
    page[NameObject("/Contents")] = writer._add_object(stream)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def assert_japanese_413(response) -> None:
    assert response.status_code == 413
    page = response.content.decode()
    assert f"<h1>{TOO_LARGE}</h1>" in page
    assert "KB" in page
    assert 'class="site-header"' in page  # the site's layout, not a bare error
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def as_browser_sends(client, url: str, data: dict):
    """A form posted as browsers post one without an enctype: url-encoded."""
    body = urlencode(data, doseq=True)
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def test_a_consultation_over_the_public_limit_is_a_japanese_413_and_saves_nothing(seed, client):
    # 30,000 characters: 270 KB url-encoded (9 bytes a character).
    response = as_browser_sends(client, consultation_url(), typed(details="あ" * 30_000))
    assert_japanese_413(response)
    assert "256 KB" in response.content.decode()
    assert not Consultation.objects.exists()


def test_a_file_sent_to_a_public_form_counts_too(seed, client):
    # Django leaves file parts out of DATA_UPLOAD_MAX_MEMORY_SIZE; the public limit does not.
    period = make_open_period()
    data = comment_data() | {"attachment": SimpleUploadedFile("big.bin", b"\0" * 1_000_000)}
    response = client.post(comment_url(period), data)
    assert_japanese_413(response)
    assert not Comment.objects.exists()


def test_a_form_within_the_limit_is_taken(seed, client):
    response = as_browser_sends(client, consultation_url(), typed(details="あ" * 4000))
    assert response.status_code == 302
    assert Consultation.objects.count() == 1


def test_a_meeting_pdf_larger_than_the_public_limit_uploads_in_the_admin(
    superuser_client,
    seed,
    settings,
):
    data = pdf_of(2 * settings.PUBLIC_REQUEST_MAX_BYTES)
    assert len(data) > settings.PUBLIC_REQUEST_MAX_BYTES
    assert len(data) < settings.MATERIAL_MAX_BYTES
    form = change_form_data(superuser_client.get(CHANGE))
    add_material_row(
        form,
        order="4",
        label="参考資料",
        title="参考",
        generator="",
        is_public="on",
        file=SimpleUploadedFile("ref.pdf", data, "application/pdf"),
    )
    response = superuser_client.post(CHANGE, form)
    assert response.status_code == 302, form_errors(response)
    material = Material.objects.get(label="参考資料")
    assert material.file.size == len(data)


def test_admin_form_fields_past_their_own_limit_are_a_japanese_413(
    superuser_client,
    seed,
    settings,
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    form = change_form_data(superuser_client.get(CHANGE))
    form["title"] = "会" * 30_000  # 90 KB as a multipart field (3 bytes a character)
    response = superuser_client.post(CHANGE, form)
    assert_japanese_413(response)
    assert "64 KB" in response.content.decode()
