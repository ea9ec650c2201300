"""The statistics page counts by status, response time, due date and concierge, and as CSV."""

from __future__ import annotations

import csv
import datetime
import io
from urllib.parse import unquote

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation
from tests.consultations.factories import make_consultation


def table(html: str, label: str, count: int) -> bool:
    return f'<th scope="row">{label}</th><td>{count}</td>' in html


def test_status_response_time_due_date_and_concierge(client, desk, concierge):
    concierge.last_name, concierge.first_name = "八戸", "花子"
    concierge.save()
    now = timezone.now()
    quick, late, waiting, overdue = (make_consultation() for _ in range(4))
    Consultation.objects.filter(pk=quick.pk).update(
        first_responded_at=quick.submitted_at, status="in_progress", assignee=concierge
    )
    Consultation.objects.filter(pk=late.pk).update(
        first_responded_at=now + datetime.timedelta(days=10),
        first_response_due=timezone.localdate(),
        status="done",
        assignee=concierge,
    )
    Consultation.objects.filter(pk=overdue.pk).update(
        first_response_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(concierge)
    html = client.get(reverse("consultations:statistics")).content.decode()
    for heading in (
        "状況別の相談件数",
        "初回対応までの日数",
        "初回対応の期限",
        "担当コンシェルジュ別の相談件数",
    ):
        assert heading in html
    assert table(html, "受付", 2) and table(html, "対応中", 1) and table(html, "完了", 1)
    assert table(html, "当日", 1) and table(html, "8日以上", 1) and table(html, "未対応", 2)
    assert table(html, "期限内に初回対応", 1) and table(html, "期限後に初回対応", 1)
    assert table(html, "未対応（期限切れ）", 1) and table(html, "未対応（期限前）", 1)
    assert table(html, "八戸 花子", 2) and table(html, "未割当", 2)
    assert waiting.pk  # counted among 未対応（期限前）


def test_every_table_downloads_as_one_csv_for_excel(client, desk, concierge):
    make_consultation(industry="E")
    client.force_login(concierge)
    year = (
        timezone.localdate().year
        if timezone.localdate().month >= 4
        else timezone.localdate().year - 1
    )
    response = client.get(reverse("consultations:statistics"), {"year": year, "format": "csv"})
    assert response.status_code == 200
    assert unquote(response["Content-Disposition"]).endswith(f"相談の統計_{year}年度.csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["年度", "表", "区分", "件数"]
    assert [f"{year}年度", "業種別の相談件数", "製造業", "1"] in rows


def test_the_statistics_page_takes_the_same_queries_at_two_sizes(client, desk, concierge):
    client.force_login(concierge)
    counts = []
    for size in (2, 20):
        while Consultation.objects.count() < size:
            make_consultation()
        client.get(reverse("consultations:statistics"))  # the page's furniture kept
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("consultations:statistics")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
