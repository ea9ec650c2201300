"""Control characters (a PowerPoint paste brings vertical tabs) never break a CSV or XLSX export.

XLSX cannot hold most C0 controls (openpyxl raises IllegalCharacterError); one such row used to
make every export that held it fail. The shared formats drop them, or turn a vertical tab or form
feed into a line break, in every export: the desk's consultations and the rosters alike.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
import tablib
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from consultations.models import Consultation, SupportItem
from dxportal.lib.spreadsheets import JapaneseCSV, SafeXLSX
from headquarters.models import Body, Post
from tests.conftest import make_appointment, make_person, make_post
from tests.consultations.factories import make_consultation
from tests.spreadsheets import CSV, XLSX, export, read_csv

pytestmark = pytest.mark.django_db

EVERY_C0_AND_DEL = "".join(chr(code) for code in range(0x20)) + "\x7f"
# What a database column can hold of it: PostgreSQL refuses NUL (and so do Django's forms).
STORABLE = EVERY_C0_AND_DEL.replace("\x00", "")
NOT_IN_ANY_CELL = {chr(code) for code in range(0x20) if chr(code) not in "\t\n\r"} | {"\x7f"}

# Every text field of a consultation; the export shows those in EXPORTED, under these headers.
TEXT_FIELDS = [
    "company_name", "corporate_number", "postal_code", "contact_name", "contact_kana", "email",
    "phone", "subject", "details",
]  # fmt: skip
EXPORTED = {
    "company_name": "事業者名",
    "corporate_number": "法人番号",
    "contact_name": "担当者名",
    "email": "メールアドレス",
    "phone": "電話番号",
    "subject": "件名",
    "details": "相談内容",
}
EXPORT_FIELDS = [
    "receipt_number", "submitted_at", "status", "company_name", "corporate_number", "industry",
    "municipality", "size", "contact_name", "email", "phone", "support", "subject", "details",
    "assignee", "first_response_due", "first_responded_at",
]  # fmt: skip


def chunks(field: str) -> list[str]:
    """STORABLE cut to fit the column (法人番号 holds 13 characters), each between 前 and 後."""
    size = Consultation._meta.get_field(field).max_length or len(STORABLE) + 2
    step = size - 2
    return [f"前{STORABLE[i : i + step]}後" for i in range(0, len(STORABLE), step)]


def left_of(text: str) -> str:
    """What an export should show of the text: written out here, not taken from the code."""
    return "".join(
        "\n" if c in "\x0b\x0c" else c
        for c in text
        if (c >= " " and c != "\x7f") or c in "\t\n\r\x0b\x0c"
    )


@pytest.fixture
def hostile(desk) -> dict[str, dict[str, str]]:
    """Requests that between them hold every C0 character (but NUL) and DEL in every text field,
    stored directly: the form lets most through, and this is sure of every one. By receipt
    number, the text stored in each field."""
    rows = max(len(chunks(field)) for field in TEXT_FIELDS)
    stored = {}
    for i in range(rows):
        consultation = make_consultation()
        values = {field: chunks(field)[i % len(chunks(field))] for field in TEXT_FIELDS}
        Consultation.objects.filter(pk=consultation.pk).update(**values)
        stored[consultation.receipt_number] = values
    for field in TEXT_FIELDS:
        assert set("".join(chunks(field))) >= set(STORABLE), field
    item = consultation.support_items.order_by("order").first()
    SupportItem.objects.filter(pk=item.pk).update(title=f"支援{STORABLE}項目")
    return stored


@pytest.fixture
def staff() -> Client:
    user = User.objects.create_superuser("root", "root@example.jp", "correct-horse-42")
    client = Client()
    client.force_login(user)
    return client


def export_consultations(staff: Client, file_format: int):
    data = {"resource": "0", "format": str(file_format)}
    data |= {f"consultationresource_{field}": "on" for field in EXPORT_FIELDS}
    response = staff.post(reverse("admin:consultations_consultation_export"), data)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response


def assert_clean(text: str) -> None:
    assert not set(text) & NOT_IN_ANY_CELL, repr(text)
    assert not ILLEGAL_CHARACTERS_RE.search(text), repr(text)


def test_every_control_character_leaves_the_csv_export_whole(hostile, staff):
    response = export_consultations(staff, CSV)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert_clean(text)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert {row["受付番号"] for row in rows} == set(hostile)
    for row in rows:
        stored = hostile[row["受付番号"]]
        for field, header in EXPORTED.items():
            assert row[header] == left_of(stored[field]), header
    assert any(row["希望する支援内容"].startswith("支援\t\n\n\n\r項目") for row in rows)


def test_every_control_character_leaves_the_xlsx_export_readable(hostile, staff):
    response = export_consultations(staff, XLSX)
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    header, *rows = workbook.active.iter_rows(values_only=True)
    assert len(rows) == len(hostile)
    for row in rows:
        cells = dict(zip(header, row, strict=True))
        stored = hostile[cells["受付番号"]]
        for field, header_text in EXPORTED.items():
            value = cells[header_text]
            assert_clean(value)
            # XML reads a carriage return back as a line feed; the rest is exactly what is left.
            expected = left_of(stored[field]).replace("\r", "\n")
            assert value.replace("\r", "\n") == expected, header_text
    assert any(str(row[header.index("希望する支援内容")]).startswith("支援\t\n") for row in rows)


def test_a_control_character_cannot_hide_a_formula_from_the_escape(desk, staff):
    consultation = make_consultation()
    Consultation.objects.filter(pk=consultation.pk).update(
        company_name='\x01=HYPERLINK("http://x")', subject="\x7f+SUM(A1:A9)"
    )
    for file_format in (CSV, XLSX):
        response = export_consultations(staff, file_format)
        if file_format == CSV:
            (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
        else:
            header, values = openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
                values_only=True
            )
            row = dict(zip(header, values, strict=True))
        assert row["事業者名"] == '\'=HYPERLINK("http://x")'
        assert row["件名"] == "'+SUM(A1:A9)"


def test_the_roster_export_takes_control_characters_too(desk, editor_client):
    post = make_post(Body.objects.get(name="青森県DX推進本部"), "テスト職\x0b（兼務）")
    make_appointment(post, make_person(name="青森\x0b太郎\x1f", kana="あおもり たろう"))
    assert Post.objects.filter(title__contains="\x0b").exists()

    header, *rows = read_csv(export(editor_client, "appointment", CSV).content)
    (row,) = [r for r in rows if r[header.index("氏名")].startswith("青森")]
    assert row[header.index("氏名")] == "青森\n太郎"
    assert row[header.index("職名")] == "テスト職\n（兼務）"

    response = export(editor_client, "appointment", XLSX)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[header.index("氏名")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "青森\n太郎" in names


def test_the_shared_formats_write_any_character_at_all():
    every_character = "".join(chr(code) for code in range(0x80)) + "\ufffe\uffff\u3042"
    dataset = tablib.Dataset(headers=[f"見出し{EVERY_C0_AND_DEL}"])
    dataset.append([every_character])
    dataset.append([f"\x0b={every_character}"])

    workbook = openpyxl.load_workbook(io.BytesIO(SafeXLSX().export_data(dataset)))
    values = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    # A carriage return reads back as itself with lxml installed and as a line feed without.
    assert values[0].replace("\r", "\n") == "見出し\t\n\n\n\n"
    for value in values[1:]:
        assert_clean(value)
        assert "\ufffe" not in value and "\uffff" not in value
        assert value.endswith("}~\u3042")

    text = JapaneseCSV().export_data(dataset)
    assert_clean(text)
    assert "\ufffe" not in text
