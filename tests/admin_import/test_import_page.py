"""The admin's import pages say what is wrong with a file in Japanese, on the page, by its line.

Every test uploads a file as staff do and reads the page: what stops the import (each problem
with its line in the spreadsheet, the header being line 1), the counts before the confirmation,
and the changed rows apart from the unchanged ones; then what the database holds.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse

from dxportal.lib import spreadsheets
from dxportal.lib.spreadsheets import (
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    SpreadsheetError,
    dataset_from_rows,
)
from headquarters.models import Appointment, Person, Post
from plan.models import KpiValue
from tests.admin_import.pages import (
    CSV,
    XLSX,
    confirm,
    confirm_fields,
    latin_words,
    preview,
    problems,
    root,
    summary,
    upload,
)
from tests.conftest import make_user
from tests.plan.test_progress import make_kpi
from tests.spreadsheets import export, headquarters_rows, read_csv, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

APPOINTMENTS = "headquarters_appointment"
POSTS = "headquarters_post"
KPI_VALUES = "plan_kpivalue"
APPOINTMENT_HEADERS = ["ID", "会議体", "職名", "氏名", "区分", "就任日", "退任日", "備考"]
KINDS = "本務、職務代理、事務取扱"


def appointment(post: str = "財政課長代理", person: str = "新しい人", **cells: str) -> list[str]:
    row = {"会議体": "幹事会", "職名": post, "氏名": person, "区分": "本務", "就任日": "2024-04-01"}
    row |= cells
    return [row.get(header, "") for header in APPOINTMENT_HEADERS]


def assert_no_traceback(response) -> None:
    html = response.content.decode()
    for trace in ("Traceback", "traceback", str(settings.BASE_DIR), "site-packages", "Error:"):
        assert trace not in html, trace


@pytest.fixture
def planner_client(client, seed):
    client.force_login(make_user("planner", perms=["plan.*"]))
    return client


# --- the file's headers ---------------------------------------------------------------------


def test_wrong_headers_are_named_with_the_expected_ones_never_a_traceback(seed, editor_client):
    headers = ["ID", "会議体", "職名", "名前", "区分", "開始日", "退任日", "備考"]
    data = write_csv([headers, appointment()])

    page = upload(editor_client, APPOINTMENTS, data, "在任.csv")

    assert page.status_code == 200
    assert problems(page) == [
        "1行目の見出しに「氏名」「就任日」がありません。使わない見出し: 「名前」「開始日」。"
        "1行目には次の見出しを並べてください（エクスポートしたファイルの1行目と同じです）: "
        "ID、会議体、職名、氏名、区分、就任日、退任日、備考"
    ]
    assert summary(page) == {}  # no row was read
    assert_no_traceback(page)
    assert root(page).query('form[action$="/process_import/"]') is None
    assert not Appointment.objects.exists()
    assert not Person.objects.filter(name="新しい人").exists()


def test_a_kpi_file_without_its_key_columns_is_refused_in_japanese(planner_client):
    """The library raised FieldError for missing key columns and showed its traceback."""
    data = write_csv([["KPI", "年", "目標値"], ["DX総合窓口の相談件数", "2025", "120"]])

    page = upload(planner_client, KPI_VALUES, data, "kpi.csv")

    (problem,) = problems(page)
    assert problem.startswith("1行目の見出しに「指標」「年度」「実績値」がありません。")
    assert problem.endswith(": 指標、単位、年度、目標値、実績値")
    assert_no_traceback(page)
    assert latin_words(page) == set()


def test_a_header_given_twice_is_named(seed, editor_client):
    headers = [*APPOINTMENT_HEADERS, "氏名"]
    page = upload(editor_client, APPOINTMENTS, write_csv([headers, appointment()]), "在任.csv")
    assert problems(page)[0].startswith("1行目に同じ見出し「氏名」が2つ以上あります。")


def test_headers_with_spaces_around_them_are_read(seed, editor_client):
    headers = [f" {header}\u3000" for header in APPOINTMENT_HEADERS]
    page = upload(editor_client, APPOINTMENTS, write_csv([headers, appointment()]), "在任.csv")
    assert problems(page) == []
    assert summary(page)["新規"] == 1


# --- rows that cannot be imported -----------------------------------------------------------


def test_a_bad_row_is_named_on_the_page_by_its_excel_line_and_column(seed, editor_client):
    data = write_csv([APPOINTMENT_HEADERS, appointment(), appointment(区分="社長")])

    page = upload(editor_client, APPOINTMENTS, data, "在任.csv")

    assert page.status_code == 200
    # Line 1 is the header: the second data row is line 3, as Excel numbers it.
    assert problems(page) == [
        f"3行目「区分」「社長」は選べません。次のいずれかを入力してください: {KINDS}"
    ]
    # In the page itself, not in a box that shows on hover: the library's hover stylesheet is
    # not loaded, and ours hides nothing.
    html = page.content.decode()
    assert "import_export/import.css" not in html
    assert "validation-error-container" not in html
    css = (Path(settings.BASE_DIR) / "static/css/admin-import.css").read_text()
    assert "opacity" not in css and "display: none" not in css and ":hover" not in css
    assert summary(page) == {"新規": 1, "更新": 0, "変更なし": 0, "エラー": 1}
    assert root(page).query('form[action$="/process_import/"]') is None
    assert not Appointment.objects.exists()


def test_line_numbers_count_blank_lines_as_excel_does(seed, editor_client):
    blank = [""] * len(APPOINTMENT_HEADERS)
    rows = [APPOINTMENT_HEADERS, appointment(), blank, blank, appointment(就任日="2024-13-01")]

    page = upload(editor_client, APPOINTMENTS, write_csv(rows), "在任.csv")

    assert problems(page) == ["5行目「就任日」「2024-13-01」という日はありません。"]


def test_an_xlsx_names_its_lines_too(seed, editor_client):
    rows = [APPOINTMENT_HEADERS, appointment(), [None] * 8, appointment(post="存在しない課長")]

    page = upload(editor_client, APPOINTMENTS, write_xlsx(rows), "在任.xlsx", XLSX)

    assert problems(page) == ["4行目「職名」職名「存在しない課長」の職が見つかりません。"]


def test_several_problems_are_listed_by_line(seed, editor_client):
    rows = [
        APPOINTMENT_HEADERS,
        appointment(post="存在しない課長", 就任日="06/02/2024"),
        appointment(),
        appointment(person="", 区分="社長"),
    ]

    page = upload(editor_client, APPOINTMENTS, write_csv(rows), "在任.csv")

    found = problems(page)
    assert [re.match(r"\d+行目", problem)[0] for problem in found] == ["2行目"] * 2 + ["4行目"] * 2
    assert "2行目「就任日」「06/02/2024」は日付として読めません。日付は 2023-06-02、" in " ".join(
        found
    )
    assert "4行目「氏名」氏名を入力してください。" in found
    assert latin_words(page) == set()


def test_an_unknown_post_is_named_and_an_unknown_person_is_pointed_out(seed, editor_client):
    rows = [APPOINTMENT_HEADERS, appointment(person="新しい人"), appointment(post="存在しない課長")]

    page = upload(editor_client, APPOINTMENTS, write_csv(rows), "在任.csv")

    assert problems(page) == ["3行目「職名」職名「存在しない課長」の職が見つかりません。"]
    assert not Person.objects.filter(name="新しい人").exists()  # the dry run left nothing

    page = upload(editor_client, APPOINTMENTS, write_csv(rows[:2]), "在任.csv")

    notices = [
        n.strip() for n in re.findall(r'class="import-notice">([^<]*)<', page.content.decode())
    ]
    assert notices == [
        "次の氏名は登録されていないため、新しい人物として登録します: 新しい人。"
        "登録済みの人物の書き誤りでないか確かめてください。"
    ]
    confirm(editor_client, APPOINTMENTS, page)
    assert Appointment.objects.get().person == Person.objects.get(name="新しい人")


def test_an_unknown_kpi_is_an_error_of_its_column(planner_client):
    make_kpi()
    rows = [
        ["指標", "単位", "年度", "目標値", "実績値"],
        ["存在しない指標", "件", "2025", "1", "2"],
    ]
    rows.append(["DX総合窓口の相談件数", "件", "二〇二五", "1", "2"])

    page = upload(planner_client, KPI_VALUES, write_csv(rows), "kpi.csv")

    assert problems(page) == [
        "2行目「指標」指標「存在しない指標」が登録されていません。",
        "3行目「年度」「二〇二五」は整数ではありません。半角数字で入力してください。",
    ]
    assert_no_traceback(page)


# --- files that are not read at all ---------------------------------------------------------


def form_errors(response) -> list[str]:
    page = root(response)
    return [
        text for text in (e.etree_element.text for e in page.query_all(".errorlist li")) if text
    ]


def test_an_empty_file_is_refused(seed, editor_client):
    page = upload(editor_client, APPOINTMENTS, b"", "在任.csv")
    assert form_errors(page) == ["入力されたファイルは空です。"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\r\n\r\n  \r\n", "ファイルが空です。1行目に見出し、2行目からデータを入れてください。"),
        (
            write_csv([APPOINTMENT_HEADERS, [""] * 8]),
            "見出しの行の下にデータの行がありません。2行目からデータを入れてください。",
        ),
    ],
    ids=["blank-lines", "header-only"],
)
def test_a_file_without_data_is_refused(seed, editor_client, data, message):
    page = upload(editor_client, APPOINTMENTS, data, "在任.csv")
    assert form_errors(page) == [message]
    assert_no_traceback(page)


def test_an_oversized_file_is_refused_before_it_is_read(seed, editor_client, monkeypatch):
    def unread(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(spreadsheets.JapaneseCSV, "create_dataset", unread)
    data = write_csv([APPOINTMENT_HEADERS, appointment()]) + b"x" * MAX_UPLOAD_BYTES

    page = upload(editor_client, APPOINTMENTS, data, "在任.csv")

    assert form_errors(page) == [
        "ファイルが大きすぎます（2.0 MB）。一度に取り込めるのは 2 MB までです。"
        "ファイルを分けて取り込んでください。"
    ]


@pytest.mark.parametrize("file_format", [CSV, XLSX], ids=["csv", "xlsx"])
def test_too_many_rows_are_refused(seed, editor_client, file_format):
    rows = [APPOINTMENT_HEADERS, *[appointment(person=f"人{i}") for i in range(MAX_ROWS + 1)]]
    data = write_csv(rows) if file_format == CSV else write_xlsx(rows)

    page = upload(editor_client, APPOINTMENTS, data, "在任", file_format)

    assert form_errors(page) == [
        "データの行が多すぎます。一度に取り込めるのは 5,000 行までです。"
        "ファイルを分けて取り込んでください。"
    ]
    assert not Person.objects.filter(name__startswith="人").exists()


def test_rows_are_counted_before_the_rest_of_the_file_is_read(seed, editor_client):
    """Past the limit the reading stops: a broken line further on is never reached."""
    rows = [APPOINTMENT_HEADERS, *[appointment() for _ in range(MAX_ROWS + 1)]]
    data = write_csv(rows) + b'"unterminated\x00\r\n' * 10

    page = upload(editor_client, APPOINTMENTS, data, "在任.csv")

    assert form_errors(page)[0].startswith("データの行が多すぎます。")


def test_the_row_limit_is_exact():
    header = [["見出し"]]
    assert len(dataset_from_rows(header + [["値"]] * MAX_ROWS)) == MAX_ROWS
    with pytest.raises(SpreadsheetError, match="5,000 行まで"):
        dataset_from_rows(header + [["値"]] * (MAX_ROWS + 1))
    blank_lines = [[""]] * 10
    dataset = dataset_from_rows(header + blank_lines + [["値"]])
    assert dataset.lines == [12]


# --- the preview: counts, changed rows, confirmation ----------------------------------------


@pytest.fixture
def changed_roster(seed, editor_client):
    """The roster's export with one post changed and one added: its CSV, and its rows."""
    header, rows = headquarters_rows(editor_client)
    changed = next(row for row in rows if row[2] == "総務部長")
    changed[7] = "総務部長（兼務）"  # 充て職, empty before
    changed[8] = "2"  # 定員, 1 before
    added = ["", "幹事会", "臨時幹事", "幹事", "", "500", "DX推進課", "", "1", ""]
    return write_csv([header, *rows, added]), rows


def test_the_counts_come_before_the_confirmation(editor_client, changed_roster):
    data, rows = changed_roster

    page = upload(editor_client, POSTS, data, "職.csv")

    assert problems(page) == []
    assert summary(page) == {"新規": 1, "更新": 1, "変更なし": len(rows) - 1, "エラー": 0}
    assert set(confirm_fields(page)) >= {"import_file_name", "original_file_name", "format"}


def test_changed_rows_are_shown_and_unchanged_ones_folded_away(editor_client, changed_roster):
    data, rows = changed_roster
    line = 2 + next(i for i, row in enumerate(rows) if row[2] == "総務部長")

    page = upload(editor_client, POSTS, data, "職.csv")

    changed, unchanged = preview(page)
    # Each row names its line: the changed post's, and the added one after the last.
    assert [(row[:2], row[3:5]) for row in changed] == [
        ([str(line), "更新"], ["青森県DX推進本部", "総務部長"]),
        ([str(len(rows) + 2), "新規"], ["幹事会", "臨時幹事"]),
    ]
    assert len(unchanged) == len(rows) - 1
    assert {row[1] for row in unchanged} == {"変更なし"}
    html = page.content.decode()
    changed_cells = re.findall(r'<td class="cell-changed">(.*?)</td>', html, re.S)
    assert changed_cells == [
        '<ins class="diff-added">総務部長（兼務）</ins>',
        '<del class="diff-removed">1</del><ins class="diff-added">2</ins>',
    ]
    assert "<details" in html and "変更のない行（" in html


def test_confirming_says_what_was_done_in_japanese_and_in_the_history(
    editor_client, changed_roster, secretariat_editor
):
    data, rows = changed_roster
    page = upload(editor_client, POSTS, data, "職.csv")

    done = confirm(editor_client, POSTS, page)

    assert done.status_code == 200
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        f"職をインポートしました（新規 1 件、更新 1 件、変更なし {len(rows) - 1} 件）。"
    ]
    entries = LogEntry.objects.filter(user=secretariat_editor).order_by("action_flag")
    assert [(e.action_flag, e.object_repr, e.get_change_message()) for e in entries] == [
        (
            ADDITION,
            str(Post.objects.get(title="臨時幹事")),
            "ファイル「職.csv」のインポートで追加しました。",
        ),
        (
            CHANGE,
            str(Post.objects.get(title="総務部長")),
            "ファイル「職.csv」のインポートで変更しました。",
        ),
    ]
    assert Post.objects.get(title="総務部長").ex_officio == "総務部長（兼務）"
    history = editor_client.get(reverse("admin:admin_logentry_changelist"))
    assert "ファイル「職.csv」のインポートで変更しました。" in history.content.decode()


def test_a_kpi_import_counts_and_confirms(planner_client):
    kpi = make_kpi()
    header, *rows = read_csv(export_kpis(planner_client))
    rows[1][4] = "123"

    page = upload(planner_client, KPI_VALUES, write_csv([header, *rows]), "kpi.csv")

    assert summary(page) == {"新規": 0, "更新": 1, "変更なし": 2, "エラー": 0}
    confirm(planner_client, KPI_VALUES, page)
    assert kpi.values.get(fiscal_year=2025).actual == Decimal(123)
    assert KpiValue.objects.count() == 3


def export_kpis(client) -> bytes:
    data = {"resource": "0", "format": str(CSV)}
    data |= {
        f"kpivalueresource_{name}": "on"
        for name in ("kpi", "unit", "fiscal_year", "target", "actual")
    }
    return client.post(reverse("admin:plan_kpivalue_export"), data).content


def test_an_exported_xlsx_imports_back_unchanged(seed, editor_client):
    """Typed cells (numbers, dates) read back as what they were exported from."""
    before = list(Appointment.objects.values_list())
    page = upload(
        editor_client, APPOINTMENTS, write_csv([APPOINTMENT_HEADERS, appointment()]), "a.csv"
    )
    confirm(editor_client, APPOINTMENTS, page)
    exported = export(editor_client, "appointment", XLSX).content

    page = upload(editor_client, APPOINTMENTS, exported, "在任.xlsx", XLSX)

    assert problems(page) == []
    assert summary(page)["変更なし"] == Appointment.objects.count() == len(before) + 1


def test_a_file_wrong_in_every_row_lists_its_first_problems(seed, editor_client):
    rows = [APPOINTMENT_HEADERS, *[appointment(区分="社長") for _ in range(120)]]

    page = upload(editor_client, APPOINTMENTS, write_csv(rows), "在任.csv")

    assert len(problems(page)) == 100
    assert problems(page)[-1].startswith("101行目")
    headings = [
        text for text in page.content.decode().split("\n") if "import-problems-title" in text
    ]
    assert "取り込めません（120 か所）" in headings[-1]
    assert "最初の 100 か所を示します。" in page.content.decode()
    assert summary(page)["エラー"] == 120
