"""施策・取組 and KPIs: the progress page, actuals entered in the admin, and spreadsheets.

Staff enter targets and actuals through the admin (one by one or by importing a spreadsheet);
the public progress page shows every KPI as an inline SVG chart and as a table of the same numbers.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from headquarters.models import Department
from plan.models import Initiative, Kpi, KpiValue, Pillar
from tests.conftest import make_user
from tests.spreadsheets import (
    ConfirmFormFields,
    error_on_row,
    has_confirm_button,
    outcome,
    preview_rows,
    text_of,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db

CSV, XLSX = 0, 1  # indexes into SPREADSHEET_FORMATS, as the admin's format <select> has them
BOM = b"\xef\xbb\xbf"
HEADERS = ["指標", "単位", "年度", "目標値", "実績値"]
EXPORT_FIELDS = ["kpi", "unit", "fiscal_year", "target", "actual"]
KPI_NAME = "DX総合窓口の相談件数"
TARGETS = {2024: Decimal(110), 2025: Decimal(120), 2026: Decimal(130)}


# --- helpers --------------------------------------------------------------------------------


@pytest.fixture
def planner_client(client):
    """Staff with every permission of the plan app (the secretariat editor has none)."""
    client.force_login(make_user("planner", perms=["plan.*"]))
    return client


def progress_url() -> str:
    return reverse("plan:progress", args=["dx-plan"])


def make_kpi(
    name: str = KPI_NAME,
    *,
    title: str = "DX総合窓口による事業者支援",
    pillar: str = "産業・しごと",
    department: Department | None = None,
    targets: dict[int, Decimal] = TARGETS,
) -> Kpi:
    """An initiative of 商工労働部 with one KPI (件, 2022 = 100) and a target per year."""
    initiative = Initiative.objects.create(
        pillar=Pillar.objects.get(plan__slug="dx-plan", name=pillar),
        title=title,
        description="事業者のDXの相談にワンストップで対応する。",
        department=department or Department.objects.get(name="商工労働部"),
        first_fiscal_year=2024,
        last_fiscal_year=2026,
    )
    kpi = Kpi.objects.create(
        initiative=initiative,
        name=name,
        unit="件",
        baseline_fiscal_year=2022,
        baseline_value=Decimal(100),
    )
    for year, target in targets.items():
        KpiValue.objects.create(kpi=kpi, fiscal_year=year, target=target)
    return kpi


@pytest.fixture
def kpi(seed) -> Kpi:
    return make_kpi()


def html(response) -> str:
    return response.content.decode()


def progress(client) -> str:
    response = client.get(progress_url())
    assert response.status_code == 200
    return html(response)


def figure_of(page: str, kpi: Kpi) -> str:
    """The <figure> of one KPI: its caption, chart and table."""
    for figure in re.findall(r'<figure class="kpi">(.*?)</figure>', page, re.S):
        if f'id="kpi-{kpi.pk}-title"' in figure:
            return figure
    raise AssertionError(f"no figure for KPI {kpi.pk}")


def chart_of(page: str, kpi: Kpi) -> str:
    figure = figure_of(page, kpi)
    match = re.search(r"<svg\b.*?</svg>", figure, re.S)
    assert match, "no inline chart"
    return match.group(0)


def table_rows(page: str, kpi: Kpi) -> dict[str, list[str]]:
    """The KPI's table as {row heading: [cells]}, markup removed."""
    figure = figure_of(page, kpi)
    table = re.search(r"<tbody>(.*?)</tbody>", figure, re.S).group(1)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        heading = re.search(r"<th[^>]*>(.*?)</th>", row, re.S).group(1).strip()
        rows[heading] = [cell.strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
    return rows


def chart_values(chart: str) -> list[str]:
    return re.findall(r'<text class="chart-value"[^>]*>(.*?)</text>', chart)


class FormFields(HTMLParser):
    """What a browser would send for the admin's change form: every field as it is shown."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.fields: dict[str, str] = {}
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self.inside = True
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[attrs["name"]] = attrs.get("value") or (
                "on" if attrs.get("type") == "checkbox" else ""
            )
        elif tag == "select":
            self.select = attrs["name"]
            self.fields.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value") or ""
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.fields[self.textarea] = ""

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def change_form(client, url: str, **changes):
    """Open an admin change form, change some fields and save it, as staff do."""
    page = client.get(url)
    assert page.status_code == 200
    parser = FormFields()
    parser.feed(html(page))
    data = parser.fields | {"_save": "保存"} | {k: str(v) for k, v in changes.items()}
    data.pop("csrfmiddlewaretoken", None)
    return client.post(url, data)


def export(client, file_format: int = CSV):
    data = {"resource": "0", "format": str(file_format)}
    data |= {f"kpivalueresource_{field}": "on" for field in EXPORT_FIELDS}
    return client.post(reverse("admin:plan_kpivalue_export"), data)


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(data: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def upload(client, data: bytes, filename: str, file_format: int = CSV):
    """Upload a file on the import page; the response is the dry-run preview (or the errors)."""
    return client.post(
        reverse("admin:plan_kpivalue_import"),
        {
            "resource": "0",
            "format": str(file_format),
            "import_file": SimpleUploadedFile(filename, data),
        },
    )


def confirm(client, preview):
    """Press 'インポート実行' on the preview; the response is the change list it redirects to."""
    parser = ConfirmFormFields()
    parser.feed(html(preview))
    assert "import_file_name" in parser.fields, f"no confirm form: {text_of(preview)[-2000:]}"
    return client.post(reverse("admin:plan_kpivalue_process_import"), parser.fields, follow=True)


def snapshot() -> list[tuple]:
    return list(KpiValue.objects.order_by("id").values_list())


# --- the progress page ----------------------------------------------------------------------


def test_the_progress_page_shows_the_initiative_its_department_chart_and_targets(client, kpi):
    page = progress(client)

    initiative = kpi.initiative
    pillar_heading = f'<h2 id="pillar-{initiative.pillar.pk}">「産業・しごと」を支えるDX</h2>'
    assert pillar_heading in page
    pillar_section = page.split(pillar_heading, 1)[1].split("<h2 ", 1)[0]
    assert f">{initiative.title}</h3>" in pillar_section
    assert "<dt>担当</dt><dd>商工労働部</dd>" in pillar_section
    assert "2024年度〜2026年度" in pillar_section
    assert initiative.description in pillar_section

    chart = chart_of(page, kpi)
    assert 'role="img"' in chart.split(">", 1)[0]
    assert f'aria-labelledby="kpi-{kpi.pk}-title kpi-{kpi.pk}-desc"' in chart
    title = re.search(r"<title[^>]*>(.*?)</title>", chart).group(1)
    assert KPI_NAME in title and "件" in title
    assert "基準値 100（2022年度）" in chart
    assert chart_values(chart) == ["110", "120", "130"]  # targets only: no actual yet
    assert 'class="chart-actual"' not in chart

    rows = table_rows(page, kpi)
    assert rows["2022年度（基準）"] == ["—", "100", "—"]
    assert rows["2024年度"] == ["110", "未確定", "—"]
    assert rows["2025年度"] == ["120", "未確定", "—"]
    assert rows["2026年度"] == ["130", "未確定", "—"]
    assert "目標値（件）" in figure_of(page, kpi)


def test_a_pillar_without_initiatives_is_left_out(client, kpi):
    page = progress(client)
    assert "「暮らし・まち」を支えるDX" not in page
    assert "まだ登録されていません" not in page


def test_a_plan_without_kpis_says_plainly_that_none_are_published(client, seed):
    page = client.get(reverse("plan:progress", args=["dx-plan"])).content.decode()
    assert "KPI（重要業績評価指標）の目標値・実績値は、まだ公表していません。" in page
    assert "グラフ" not in page


def test_officials_read_kpis_but_cannot_change_them_and_concierges_cannot_see_them(
    client, kpi, official, concierge
):
    value = kpi.values.get(fiscal_year=2025)
    url = reverse("admin:plan_kpivalue_change", args=[value.pk])
    client.force_login(official)
    page = client.get(url)
    assert page.status_code == 200 and 'name="actual"' not in page.content.decode()
    assert client.post(url, {"kpi": kpi.pk, "fiscal_year": 2025, "actual": "1"}).status_code == 403
    client.force_login(concierge)
    assert client.get(url).status_code == 403


def test_an_actual_entered_on_the_kpi_value_form_shows_on_the_chart_and_table(
    client, planner_client, kpi
):
    value = kpi.values.get(fiscal_year=2025)

    saved = change_form(
        planner_client, reverse("admin:plan_kpivalue_change", args=[value.pk]), actual="123"
    )

    assert saved.status_code == 302, text_of(saved)[-1500:]
    value.refresh_from_db()
    assert (value.target, value.actual) == (Decimal(120), Decimal(123))
    client.logout()
    page = progress(client)
    chart = chart_of(page, kpi)
    assert chart_values(chart) == ["110", "120", "123", "130"]
    assert chart.count('class="chart-actual"') == 1
    assert re.search(
        r'<rect class="chart-actual"[^>]*></rect><text class="chart-value"[^>]*>123<', chart
    )
    row = table_rows(page, kpi)["2025年度"]
    assert row[:2] == ["120", "123"]
    assert re.fullmatch(r"10[23]%", row[2])  # exactly 103%: see the test below
    assert table_rows(page, kpi)["2024年度"] == ["110", "未確定", "—"]


def test_target_120_actual_123_reads_103_percent(client, planner_client, kpi):
    value = kpi.values.get(fiscal_year=2025)
    saved = change_form(
        planner_client, reverse("admin:plan_kpivalue_change", args=[value.pk]), actual="123"
    )
    assert saved.status_code == 302

    assert table_rows(progress(client), kpi)["2025年度"] == ["120", "123", "103%"]


@pytest.mark.parametrize(
    ("target", "actual", "rate"),
    [("120", "126", "105%"), ("110", "115.5", "105%"), ("200", "150", "75%"), ("3", "2", "67%")],
)
def test_achievement_rates_that_need_no_tie_break(client, kpi, target, actual, rate):
    KpiValue.objects.filter(kpi=kpi, fiscal_year=2025).update(
        target=Decimal(target), actual=Decimal(actual)
    )
    assert table_rows(progress(client), kpi)["2025年度"] == [target, actual, rate]


def test_an_actual_entered_in_the_kpi_forms_inline_shows_on_the_progress_page(
    client, planner_client, kpi
):
    first = kpi.values.get(fiscal_year=2024)
    page = planner_client.get(reverse("admin:plan_kpi_change", args=[kpi.pk]))
    parser = FormFields()
    parser.feed(html(page))
    inline = next(
        re.match(r"(.+)-\d+-id$", name).group(1)
        for name, pk in parser.fields.items()
        if name.endswith("-0-id") and pk == str(first.pk)
    )

    saved = change_form(
        planner_client,
        reverse("admin:plan_kpi_change", args=[kpi.pk]),
        **{f"{inline}-0-actual": "115.5"},
    )

    assert saved.status_code == 302, text_of(saved)[-1500:]
    first.refresh_from_db()
    assert first.actual == Decimal("115.5")
    assert KpiValue.objects.filter(kpi=kpi).count() == 3  # the empty extra row added nothing
    page = progress(client)
    assert "115.5" in chart_values(chart_of(page, kpi))
    assert table_rows(page, kpi)["2024年度"] == ["110", "115.5", "105%"]


def test_a_kpi_to_decrease_counts_achievement_the_other_way(client, seed):
    kpi = make_kpi("紙の申請件数", targets={2024: Decimal(80)})
    kpi.direction = Kpi.Direction.DECREASE
    kpi.save()
    KpiValue.objects.filter(kpi=kpi).update(actual=Decimal(100))

    rows = table_rows(progress(client), kpi)

    assert rows["2024年度"] == ["80", "100", "80%"]
    assert "減らす" in figure_of(progress(client), kpi)


# --- import and export ----------------------------------------------------------------------


def test_csv_export_has_japanese_headers_and_every_value(planner_client, kpi):
    response = export(planner_client)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(BOM)
    header, *rows = read_csv(response.content)
    assert header == HEADERS
    assert [row[:3] for row in rows] == [
        [KPI_NAME, "件", "2024"],
        [KPI_NAME, "件", "2025"],
        [KPI_NAME, "件", "2026"],
    ]
    assert [Decimal(row[3]) for row in rows] == list(TARGETS.values())
    assert [row[4] for row in rows] == ["", "", ""]


def test_an_actual_changed_in_a_shift_jis_csv_is_imported(client, planner_client, kpi):
    header, *rows = read_csv(export(planner_client).content)
    row_2025 = next(row for row in rows if row[2] == "2025")
    row_2025[4] = "123"
    data = write_csv([header, *rows], encoding="cp932")
    before = snapshot()

    preview = upload(planner_client, data, "KPI実績.csv")

    assert preview.status_code == 200
    previewed = preview_rows(preview)
    assert sum(row.startswith("更新") for row in previewed) == 1, previewed
    assert sum(row.startswith("変更なし") for row in previewed) == 2, previewed
    assert snapshot() == before  # the preview saves nothing

    done = confirm(planner_client, preview)

    assert outcome(new=0, updated=1, skipped=2) in text_of(done)
    value = kpi.values.get(fiscal_year=2025)
    assert (value.target, value.actual) == (Decimal(120), Decimal(123))
    assert [v.actual for v in kpi.values.exclude(fiscal_year=2025)] == [None, None]
    assert table_rows(progress(client), kpi)["2025年度"][:2] == ["120", "123"]


@pytest.mark.parametrize(
    ("file_format", "filename"),
    [
        pytest.param(CSV, "kpi.csv", id="csv"),
        pytest.param(
            XLSX,
            "kpi.xlsx",
            id="xlsx",
        ),
    ],
)
def test_importing_an_export_unchanged_changes_nothing(planner_client, kpi, file_format, filename):
    KpiValue.objects.filter(kpi=kpi, fiscal_year=2024).update(actual=Decimal("105.25"))
    before = snapshot()
    exported = export(planner_client, file_format).content

    preview = upload(planner_client, exported, filename, file_format)

    assert preview.status_code == 200
    rows = preview_rows(preview)
    assert len(rows) == 3
    assert all(row.startswith("変更なし") for row in rows), rows
    done = confirm(planner_client, preview)
    assert outcome(new=0, updated=0, skipped=3) in text_of(done)
    assert snapshot() == before


def test_a_value_that_is_not_a_number_is_named_with_its_row_and_nothing_is_saved(
    planner_client, kpi
):
    header, *rows = read_csv(export(planner_client).content)
    rows[0][4] = "112"
    rows[1][4] = "abc"
    before = snapshot()

    page = upload(planner_client, write_csv([header, *rows]), "KPI実績.csv")

    assert page.status_code == 200
    assert "「abc」は数値ではありません。半角数字で入力してください。" in text_of(page)
    assert error_on_row(page, 2), text_of(page)[-2000:]
    assert not error_on_row(page, 1)
    assert not has_confirm_button(page)
    assert snapshot() == before


def test_an_unknown_kpi_is_named_in_japanese_and_nothing_is_saved(planner_client, kpi):
    data = write_csv([HEADERS, ["存在しない指標", "件", "2025", "120", "123"]])
    before = snapshot()

    page = upload(planner_client, data, "KPI実績.csv")

    assert page.status_code == 200
    assert "指標「存在しない指標」が登録されていません。" in text_of(page)
    assert not has_confirm_button(page)
    assert snapshot() == before


def test_an_xlsx_written_by_openpyxl_sets_actuals_and_adds_a_year(client, planner_client, kpi):
    data = write_xlsx(
        [
            HEADERS,
            [KPI_NAME, "件", 2024, 110, 115.5],
            [KPI_NAME, "件", 2025, 120, 123],
            [KPI_NAME, "件", 2027, 140, None],
        ]
    )

    preview = upload(planner_client, data, "KPI実績.xlsx", XLSX)
    assert preview.status_code == 200, text_of(preview)[-1500:]
    done = confirm(planner_client, preview)

    assert outcome(new=1, updated=2, skipped=0) in text_of(done)
    values = {v.fiscal_year: (v.target, v.actual) for v in kpi.values.all()}
    assert values == {
        2024: (Decimal(110), Decimal("115.5")),
        2025: (Decimal(120), Decimal(123)),
        2026: (Decimal(130), None),
        2027: (Decimal(140), None),
    }
    rows = table_rows(progress(client), kpi)
    assert rows["2024年度"] == ["110", "115.5", "105%"]
    assert rows["2025年度"][:2] == ["120", "123"]
    assert rows["2027年度"] == ["140", "未確定", "—"]


def test_an_xlsx_export_has_japanese_headers_and_every_value(planner_client, kpi):
    response = export(planner_client, XLSX)

    assert response.status_code == 200
    header, *rows = read_xlsx(response.content)
    assert header == HEADERS
    assert [(row[0], row[1], int(row[2])) for row in rows] == [
        (KPI_NAME, "件", year) for year in TARGETS
    ]
    assert [Decimal(str(row[3])) for row in rows] == list(TARGETS.values())


def test_an_xlsx_export_leaves_unknown_actuals_empty(planner_client, kpi):
    KpiValue.objects.filter(kpi=kpi, fiscal_year=2024).update(actual=Decimal(105))

    _header, *rows = read_xlsx(export(planner_client, XLSX).content)

    actuals = [row[4] for row in rows]
    assert Decimal(str(actuals[0])) == 105
    assert actuals[1:] == [None, None]


# --- constant query count -------------------------------------------------------------------


def test_the_progress_page_runs_the_same_number_of_queries_as_it_grows(client, seed):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(progress_url()).status_code == 200
        return len(captured)

    make_kpi(targets={2024 + i: Decimal(110 + 10 * i) for i in range(5)})
    small = queries()

    Initiative.objects.all().delete()
    pillars = ["産業・しごと", "暮らし・まち", "行政経営"]
    # Departments with a parent too, whose full name reads the parent's.
    departments = [
        *Department.objects.filter(parent__isnull=False)[:3],
        Department.objects.get(name="商工労働部"),
    ]
    assert departments[0].parent_id is not None
    for i in range(10):
        initiative = make_kpi(
            f"施策{i}の指標1",
            title=f"施策{i}",
            pillar=pillars[i % 3],
            department=departments[i % len(departments)],
            targets={2024 + y: Decimal(100 + y) for y in range(5)},
        ).initiative
        second = Kpi.objects.create(
            initiative=initiative,
            order=2,
            name=f"施策{i}の指標2",
            unit="%",
            baseline_fiscal_year=2022,
            baseline_value=Decimal(50),
        )
        for y in range(5):
            KpiValue.objects.create(
                kpi=second, fiscal_year=2024 + y, target=Decimal(60 + y), actual=Decimal(55 + y)
            )
    assert (Initiative.objects.count(), Kpi.objects.count(), KpiValue.objects.count()) == (
        10,
        20,
        100,
    )

    large = queries()
    assert progress(client).count('<svg class="kpi-chart"') == 20
    assert large == small


# --- charts never run script ----------------------------------------------------------------


def test_a_kpi_named_like_a_script_is_escaped_inside_the_chart(client, seed):
    kpi = make_kpi("<script>alert(1)</script>", title="<b>施策</b>")
    kpi.unit = "<i>件</i>"
    kpi.save()

    page = progress(client)

    assert "<script>alert" not in page
    assert "<b>施策</b>" not in page and "<i>件</i>" not in page
    title = re.search(r"<title[^>]*>(.*?)</title>", chart_of(page, kpi)).group(1)
    assert title.startswith("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "&lt;i&gt;件&lt;/i&gt;" in title
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in figure_of(page, kpi).split("<svg", 1)[0]
