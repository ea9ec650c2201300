"""Exports as Japanese offices use them: named in Japanese, Japan time, typed cells in Excel.

A request received at 20:49 in Aomori was exported as "2026-11-29 11:49:48.518389+00:00", every
XLSX cell was text, and files were called Consultation-2026-11-29.csv. Files are read back here
with the csv module and openpyxl, as a report would read them.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from urllib.parse import unquote

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation, FollowUp
from headquarters.models import Body, Post
from tests.admin_import.pages import CSV, XLSX
from tests.conftest import make_appointment, make_person, make_post, make_user
from tests.consultations.factories import make_consultation
from tests.plan.test_progress import make_kpi
from tests.spreadsheets import export

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
CONSULTATION_FIELDS = [
    "receipt_number", "submitted_at", "status", "company_name", "corporate_number", "industry",
    "municipality", "size", "contact_name", "email", "phone", "support", "subject", "details",
    "assignee", "first_response_due", "first_responded_at", "closed_at", "follow_ups",
]  # fmt: skip
SUBMITTED = datetime.datetime(2026, 11, 29, 11, 49, 48, 518389, tzinfo=UTC)  # 20:49 in Japan


def export_consultations(client, file_format: int):
    data = {"resource": "0", "format": str(file_format)}
    data |= {f"consultationresource_{field}": "on" for field in CONSULTATION_FIELDS}
    response = client.post(reverse("admin:consultations_consultation_export"), data)
    assert response.status_code == 200
    return response


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def xlsx_sheet(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def xlsx_cells(response) -> list[dict[str, openpyxl.cell.Cell]]:
    header, *rows = xlsx_sheet(response).iter_rows()
    return [{h.value: cell for h, cell in zip(header, row, strict=True)} for row in rows]


@pytest.fixture
def received(desk) -> Consultation:
    """A request received at 20:49 Japan time, answered, followed up twice and closed."""
    consultation = make_consultation()
    Consultation.objects.filter(pk=consultation.pk).update(
        submitted_at=SUBMITTED,
        first_responded_at=datetime.datetime(2026, 11, 30, 1, 15, 30, 1, tzinfo=UTC),
        closed_at=datetime.datetime(2026, 12, 1, 15, 30, tzinfo=UTC),  # 2 Dec, 00:30 in Japan
    )
    FollowUp.objects.create(
        consultation=consultation,
        kind=FollowUp.Kind.VISIT,
        happened_at=datetime.datetime(2026, 12, 1, 0, 0, tzinfo=UTC),
        note="工場を訪問し、\n受発注の流れを\u3000確認した。",
    )
    FollowUp.objects.create(
        consultation=consultation,
        kind=FollowUp.Kind.PHONE,
        happened_at=datetime.datetime(2026, 11, 30, 1, 15, tzinfo=UTC),
        note="社長と面談の日程を調整",
    )
    return Consultation.objects.get(pk=consultation.pk)


# --- file names -----------------------------------------------------------------------------


def test_files_are_named_in_japanese_by_the_day_in_japan(superuser_client, desk, monkeypatch):
    # 23:30 on 28 November in UTC is already 29 November in Japan.
    moment = datetime.datetime(2026, 11, 28, 23, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    make_consultation()

    for file_format, extension in ((CSV, "csv"), (XLSX, "xlsx")):
        disposition = export_consultations(superuser_client, file_format)["Content-Disposition"]
        plain, encoded = disposition.split("; filename*=UTF-8''")
        assert plain == f'attachment; filename="consultation_2026-11-29.{extension}"'
        assert unquote(encoded) == f"相談一覧_2026-11-29.{extension}"
        assert encoded.isascii() and " " not in encoded


@pytest.mark.parametrize(
    ("model", "name"),
    [("post", "職一覧"), ("appointment", "在任一覧")],
    ids=["post", "appointment"],
)
def test_roster_files_are_named_in_japanese(seed, editor_client, model, name):
    disposition = export(editor_client, model, XLSX)["Content-Disposition"]
    today = timezone.localdate().isoformat()
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"{name}_{today}.xlsx"


# --- times and typed cells ------------------------------------------------------------------


def test_csv_times_are_japan_time_to_the_minute(superuser_client, received):
    (row,) = csv_rows(export_consultations(superuser_client, CSV))

    assert row["受付日時"] == "2026-11-29 20:49"
    assert row["初回対応日時"] == "2026-11-30 10:15"
    assert row["終了日時"] == "2026-12-02 00:30"
    assert row["初回対応期限"] == received.first_response_due.isoformat()


def test_xlsx_times_and_dates_are_excel_dates_in_japan_time(superuser_client, received):
    (row,) = xlsx_cells(export_consultations(superuser_client, XLSX))

    submitted = row["受付日時"]
    assert submitted.is_date and submitted.data_type == "d"
    assert submitted.value == datetime.datetime(2026, 11, 29, 20, 49, 48)  # no microseconds
    assert submitted.number_format == "yyyy-mm-dd hh:mm"
    assert row["終了日時"].value == datetime.datetime(2026, 12, 2, 0, 30)
    due = row["初回対応期限"]
    assert due.is_date and due.number_format == "yyyy-mm-dd"
    assert due.value == datetime.datetime.combine(received.first_response_due, datetime.time())
    assert row["受付番号"].data_type == "s"
    assert row["法人番号"].data_type == "s"  # a code, not a number: it keeps its digits as typed


def test_an_empty_time_is_an_empty_cell(superuser_client, desk):
    make_consultation()
    (row,) = xlsx_cells(export_consultations(superuser_client, XLSX))
    assert row["終了日時"].value is None
    (row,) = csv_rows(export_consultations(superuser_client, CSV))
    assert row["終了日時"] == ""


def test_roster_numbers_and_dates_are_typed_in_xlsx(seed, editor_client):
    body = Body.objects.get(name="青森県DX推進本部")
    post = make_post(body, "臨時委員", order=901, seats=2, schedule=Post.Schedule.NONE)
    make_appointment(post, make_person("日付 花子"), start=datetime.date(2024, 4, 1))

    posts = xlsx_cells(export(editor_client, "post", XLSX))
    row = next(r for r in posts if r["職名"].value == "臨時委員")
    assert (row["ID"].data_type, row["ID"].value) == ("n", post.pk)
    assert (row["表示順"].data_type, row["表示順"].value) == ("n", 901)
    assert (row["定員"].data_type, row["定員"].value) == ("n", 2)
    assert row["職名"].data_type == "s"

    appointments = xlsx_cells(export(editor_client, "appointment", XLSX))
    row = next(r for r in appointments if r["氏名"].value == "日付 花子")
    assert row["就任日"].is_date and row["就任日"].number_format == "yyyy-mm-dd"
    assert row["就任日"].value == datetime.datetime(2024, 4, 1)
    assert row["退任日"].value is None
    sheet = xlsx_sheet(export(editor_client, "appointment", XLSX))
    assert sheet.title == "在任一覧" and sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in next(sheet.iter_rows(max_row=1)))


def test_kpi_values_are_numbers_in_xlsx(client, seed):
    client.force_login(make_user("planner", perms=["plan.*"]))
    make_kpi()
    data = {"resource": "0", "format": str(XLSX)}
    data |= {f"kpivalueresource_{f}": "on" for f in ("kpi", "unit", "fiscal_year", "target")}
    response = client.post(reverse("admin:plan_kpivalue_export"), data)

    rows = xlsx_cells(response)
    assert [(r["年度"].data_type, r["年度"].value) for r in rows] == [
        ("n", 2024), ("n", 2025), ("n", 2026)
    ]  # fmt: skip
    assert [Decimal(str(r["目標値"].value)) for r in rows] == [110, 120, 130]
    assert {r["目標値"].data_type for r in rows} == {"n"}


# --- the follow-up log ----------------------------------------------------------------------


def test_the_follow_ups_are_one_cell_a_line_each_in_order(superuser_client, received):
    expected = (
        "2026-11-30 10:15 電話 社長と面談の日程を調整\n"
        "2026-12-01 09:00 訪問 工場を訪問し、 受発注の流れを 確認した。"
    )
    (row,) = csv_rows(export_consultations(superuser_client, CSV))
    assert row["対応記録"] == expected
    (row,) = xlsx_cells(export_consultations(superuser_client, XLSX))
    assert row["対応記録"].value == expected
    assert row["対応記録"].alignment.wrap_text


def test_a_long_note_is_cut_on_its_line(superuser_client, received):
    FollowUp.objects.filter(consultation=received).update(note="長" * 500)
    (row,) = csv_rows(export_consultations(superuser_client, CSV))
    first = row["対応記録"].split("\n")[0]
    assert first.endswith("長…") and len(first) == len("2026-11-30 10:15 電話 ") + 200


# --- queries --------------------------------------------------------------------------------


def export_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        export_consultations(client, XLSX)
    return len(captured)


def test_the_export_queries_do_not_grow_with_its_rows(superuser_client, desk):
    def add(count: int) -> None:
        for _ in range(count):
            consultation = make_consultation()
            for kind in (FollowUp.Kind.PHONE, FollowUp.Kind.EMAIL):
                FollowUp.objects.create(consultation=consultation, kind=kind, note="記録")

    add(2)
    few = export_queries(superuser_client)
    add(8)
    many = export_queries(superuser_client)

    assert many == few
    assert len(xlsx_cells(export_consultations(superuser_client, XLSX))) == 10
