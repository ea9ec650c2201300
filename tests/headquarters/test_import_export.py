"""Roster import and export through the admin, in the files Japanese offices actually exchange.

Every test goes through the admin pages as staff do: export, upload, read the dry-run preview,
press the confirm button; and checks what the pages say and what the database holds.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from headquarters.models import Appointment, Body, Person, Post
from tests.headquarters.factories import make_amendment
from tests.spreadsheets import (
    CSV,
    HEADQUARTERS,
    XLSX,
    admin_import,
    confirm,
    error_on_row,
    export,
    has_confirm_button,
    headquarters_rows,
    outcome,
    preview_rows,
    read_csv,
    text_of,
    upload,
    write_csv,
    write_xlsx,
)

BOM = b"\xef\xbb\xbf"
POST_HEADERS = "ID 会議体 職名 役割 別表 表示順 所属 充て職 定員 改正施行日".split()
APPOINTMENT_HEADERS = ["ID", "会議体", "職名", "氏名", "区分", "就任日", "退任日", "備考"]

# --- helpers --------------------------------------------------------------------------------


def seed_posts() -> list[dict]:
    """The posts of fixtures/headquarters.json in roster order (body, then order, then id)."""
    path = Path(settings.BASE_DIR) / "fixtures" / "headquarters.json"
    objects = json.loads(path.read_text(encoding="utf-8"))
    body_order = {o["pk"]: o["fields"]["order"] for o in objects if o["model"].endswith(".body")}
    posts = [{"pk": o["pk"], **o["fields"]} for o in objects if o["model"].endswith(".post")]
    return sorted(posts, key=lambda p: (body_order[p["body"]], p["order"], p["pk"]))


def snapshot() -> list[tuple]:
    """Every value of every post, to show what an import changed (or that it changed nothing)."""
    return list(Post.objects.order_by("id").values_list())


def without(rows: list[tuple], *pks: int) -> list[tuple]:
    return [row for row in rows if row[0] not in pks]


# --- export ---------------------------------------------------------------------------------


def test_csv_export_is_utf8_with_bom_japanese_headers_and_the_roster_in_order(seed, editor_client):
    response = export(editor_client)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(BOM)
    header, *rows = read_csv(response.content)
    assert header == POST_HEADERS
    posts = seed_posts()
    assert len(rows) == len(posts) == 46  # 本部 3 + 別表第1 21, 幹事会 1 + 別表第2 21
    assert [row[0] for row in rows] == [str(post["pk"]) for post in posts]
    assert [row[2] for row in rows] == [post["title"] for post in posts]
    chief = ["1", HEADQUARTERS, "本部長", "本部長", "（別表外）", "1", "", "知事", "1", ""]
    assert rows[0] == chief
    table_1 = [row for row in rows if row[4] == "別表第1"]
    assert [row[2] for row in table_1] == [p["title"] for p in posts if p["schedule"] == "table1"]
    assert table_1[0][1:] == [
        HEADQUARTERS,
        "総務部長",
        "本部員",
        "別表第1",
        "101",
        "総務部",
        "",
        "1",
        "",
    ]
    assert table_1[-1][2] == "警察本部長"
    assert {row[1] for row in rows} == {HEADQUARTERS, "幹事会"}


# --- round trip -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_format", "filename"),
    [
        pytest.param(CSV, "posts.csv", id="csv"),
        pytest.param(XLSX, "posts.xlsx", id="xlsx"),
    ],
)
def test_importing_an_export_unchanged_changes_nothing(seed, editor_client, file_format, filename):
    before = snapshot()
    exported = export(editor_client, file_format=file_format).content

    preview = upload(editor_client, "post", exported, filename, file_format)

    assert preview.status_code == 200
    rows = preview_rows(preview)
    assert len(rows) == len(before)
    assert all(row.startswith("変更なし") for row in rows), rows
    done = confirm(editor_client, "post", preview)
    assert done.status_code == 200
    assert outcome(new=0, updated=0, skipped=len(before)) in text_of(done)
    assert snapshot() == before


# --- encodings and file types ---------------------------------------------------------------


def test_shift_jis_csv_with_crlf_updates_a_post_and_adds_one(seed, editor_client):
    header, rows = headquarters_rows(editor_client)
    general_affairs = next(row for row in rows if row[2] == "総務部長")
    make_amendment()
    general_affairs[2] = "総務部長（テスト）"
    general_affairs[9] = "2025-04-01"
    new_row = ["", "幹事会", "デジタル戦略課長代理", "幹事", "別表第2", "122", "", "", "1"]
    new_row.append("2025/4/1")  # 改正施行日, as Excel in Japan writes a date
    data = write_csv([header, *rows, new_row], encoding="cp932")
    assert b"\r\n" in data and not data.startswith(BOM)
    before = snapshot()

    preview = upload(editor_client, "post", data, "名簿.csv", CSV)

    assert preview.status_code == 200
    previewed = preview_rows(preview)
    assert any(r.startswith("更新 4 ") and "総務部長（テスト）" in r for r in previewed), previewed
    assert re.search(r"<ins[^>]*>（テスト）</ins>", preview.content.decode())
    assert any(r.startswith("新規") and "デジタル戦略課長代理" in r for r in previewed), previewed
    assert sum(r.startswith("変更なし") for r in previewed) == len(rows) - 1
    assert snapshot() == before  # the preview saves nothing

    done = confirm(editor_client, "post", preview)

    assert outcome(new=1, updated=1, skipped=len(rows) - 1) in text_of(done)
    renamed = Post.objects.get(pk=general_affairs[0])
    assert renamed.title == "総務部長（テスト）"
    added = Post.objects.get(title="デジタル戦略課長代理")
    assert added.body == Body.objects.get(name="幹事会")
    assert added.role == Post.Role.SECRETARY
    assert (added.schedule, added.order, added.seats) == (Post.Schedule.TABLE_2, 122, 1)
    assert added.department is None and added.ex_officio == ""
    assert without(snapshot(), renamed.pk, added.pk) == without(before, renamed.pk)


def test_utf8_csv_without_bom_imports(seed, editor_client):
    header, rows = headquarters_rows(editor_client)
    chief = next(row for row in rows if row[2] == "本部長")
    chief[5] = "5"
    data = write_csv([header, *rows], encoding="utf-8")
    assert not data.startswith(BOM)
    before = snapshot()

    done = admin_import(editor_client, "post", data, "posts.csv", CSV)

    assert outcome(new=0, updated=1, skipped=len(rows) - 1) in text_of(done)
    assert Post.objects.get(pk=chief[0]).order == 5
    assert without(snapshot(), int(chief[0])) == without(before, int(chief[0]))


def test_xlsx_written_by_openpyxl_changes_a_posts_order(seed, editor_client):
    chief = Post.objects.get(title="本部長")
    row = [chief.pk, HEADQUARTERS, "本部長", "本部長", "（別表外）", 5, None, "知事", 1]
    data = write_xlsx([POST_HEADERS, row])
    before = snapshot()

    done = admin_import(editor_client, "post", data, "順番.xlsx", XLSX)

    assert outcome(new=0, updated=1, skipped=0) in text_of(done)
    chief.refresh_from_db()
    assert chief.order == 5
    assert chief.department is None and chief.ex_officio == "知事"
    assert without(snapshot(), chief.pk) == without(before, chief.pk)


def test_xlsx_with_an_empty_ex_officio_cell_imports(seed, editor_client):
    post = Post.objects.select_related("department").get(title="総務部長")
    assert post.ex_officio == ""
    row = [
        post.pk,
        HEADQUARTERS,
        "総務部長",
        "本部員",
        "別表第1",
        150,
        post.department.name,
        None,
        1,
        datetime.datetime(2025, 4, 1),  # a date cell, as Excel stores one
    ]
    make_amendment()
    before = snapshot()

    done = admin_import(editor_client, "post", write_xlsx([POST_HEADERS, row]), "順番.xlsx", XLSX)

    assert outcome(new=0, updated=1, skipped=0) in text_of(done)
    post.refresh_from_db()
    assert (post.order, post.ex_officio) == (150, "")
    assert without(snapshot(), post.pk) == without(before, post.pk)


# --- files that cannot be read --------------------------------------------------------------


def test_random_bytes_declared_as_xlsx_are_refused_with_a_message(seed, editor_client):
    before = snapshot()

    page = upload(editor_client, "post", b"\x00\x01not a workbook\xff" * 50, "posts.xlsx", XLSX)

    assert page.status_code == 200
    assert 'class="errorlist' in page.content.decode()
    assert "ファイルを読み込めませんでした" in text_of(page)
    assert "形式（CSV または XLSX）" in text_of(page)
    assert not has_confirm_button(page)
    assert Post.objects.count() == len(before)
    assert snapshot() == before


def test_csv_that_is_neither_utf8_nor_shift_jis_is_refused_in_japanese(seed, editor_client):
    before = snapshot()

    page = upload(editor_client, "post", b"\x81\x00\xff\xfe" * 20, "posts.csv", CSV)

    assert page.status_code == 200
    assert 'class="errorlist' in page.content.decode()
    assert "文字コードを判別できません。UTF-8 または Shift_JIS で保存してください。" in text_of(
        page
    )
    assert not has_confirm_button(page)
    assert Post.objects.count() == len(before)
    assert snapshot() == before


# --- rows that cannot be imported -----------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "bad_value", "message"),
    [
        ("会議体", "存在しない会議", "会議体「存在しない会議」が登録されていません"),
        ("役割", "社長", "「社長」は選べません"),
        ("表示順", "abc", "「abc」は整数ではありません"),
    ],
    ids=["unknown-body", "unknown-role", "order-not-a-number"],
)
def test_one_bad_row_stops_the_whole_file_and_the_page_names_its_row(
    seed, editor_client, column, bad_value, message
):
    header, rows = headquarters_rows(editor_client)
    make_amendment()
    good = next(row for row in rows if row[2] == "総務部長")
    good[5] = "999"
    good[9] = "2025-04-01"
    bad = next(row for row in rows if row[2] == "教育長")
    bad[header.index(column)] = bad_value
    before = snapshot()

    page = upload(editor_client, "post", write_csv([header, good, bad]), "posts.csv", CSV)

    assert page.status_code == 200
    assert message in text_of(page)
    assert error_on_row(page, 2), text_of(page)[-2000:]
    assert not error_on_row(page, 1)
    assert not has_confirm_button(page)  # so not even the good row can be imported
    assert snapshot() == before
    assert Post.objects.get(title="総務部長").order == 101


# --- appointments ---------------------------------------------------------------------------


def test_appointment_from_shift_jis_creates_the_person_and_shows_on_the_roster(
    seed, editor_client, client
):
    row = ["", "幹事会", "財政課長代理", "新しい人", "本務", "2024-04-01", "", ""]
    data = write_csv([APPOINTMENT_HEADERS, row])

    done = admin_import(editor_client, "appointment", data, "在任.csv", CSV)

    assert outcome(new=1, updated=0, skipped=0) in text_of(done)
    person = Person.objects.get(name="新しい人")
    appointment = Appointment.objects.get(person=person)
    assert appointment.post == Post.objects.get(body__name="幹事会", title="財政課長代理")
    assert appointment.kind == Appointment.Kind.REGULAR
    assert appointment.start.isoformat() == "2024-04-01" and appointment.end is None

    client.logout()
    page = client.get(reverse("headquarters:body-detail", args=["steering-committee"]))
    assert page.status_code == 200
    roster_rows = re.findall(r"<tr>(.*?)</tr>", page.content.decode(), re.S)
    treasury = next(r for r in roster_rows if '<th scope="row">財政課長代理' in r)
    assert "新しい人" in treasury
    assert sum("新しい人" in r for r in roster_rows) == 1


def test_appointment_for_an_unknown_post_is_refused_and_creates_nobody(seed, editor_client):
    data = write_csv(
        [
            APPOINTMENT_HEADERS,
            ["", "幹事会", "財政課長代理", "正しい人", "本務", "2024-04-01", "", ""],
            ["", "幹事会", "存在しない課長", "新しい人", "本務", "2024-04-01", "", ""],
        ]
    )
    people = Person.objects.count()

    page = upload(editor_client, "appointment", data, "在任.csv", CSV)

    assert page.status_code == 200
    assert "職名「存在しない課長」の職が見つかりません" in text_of(page)
    assert error_on_row(page, 2), text_of(page)[-2000:]
    assert not has_confirm_button(page)
    assert Person.objects.count() == people
    assert not Person.objects.filter(name__in=["新しい人", "正しい人"]).exists()
    assert not Appointment.objects.exists()


# --- permissions ----------------------------------------------------------------------------


def test_official_can_export_but_not_import(seed, client, official):
    client.force_login(official)

    response = export(client)
    assert response.status_code == 200
    assert read_csv(response.content)[0] == POST_HEADERS

    assert client.get(reverse("admin:headquarters_post_import")).status_code == 403
    row = ["", "幹事会", "乗っ取り", "幹事", "（別表外）", "1", "", "", "1"]
    before = snapshot()
    assert upload(client, "post", write_csv([POST_HEADERS, row]), "p.csv", CSV).status_code == 403
    assert snapshot() == before


def test_appointment_dates_written_the_excel_way_import(seed, editor_client, client):
    row = ["", "幹事会", "財政課長代理", "日付 一郎", "本務", "2024/4/1", "", ""]
    header = ["ID", "会議体", "職名", "氏名", "区分", "就任日", "退任日", "備考"]
    page = upload(
        editor_client, "appointment", write_csv([header, row], encoding="cp932"), "a.csv", CSV
    )
    assert has_confirm_button(page), text_of(page)[-1500:]
    confirm(editor_client, "appointment", page)
    assert Appointment.objects.get(person__name="日付 一郎").start == datetime.date(2024, 4, 1)


def test_an_empty_schedule_cell_means_outside_the_schedules(seed, editor_client):
    header, _ = headquarters_rows(editor_client)
    row = ["", "幹事会", "臨時幹事", "幹事", "", "500", "DX推進課", "", "1"]
    page = upload(editor_client, "post", write_csv([header, row]), "posts.csv", CSV)
    assert has_confirm_button(page), text_of(page)[-1500:]
    confirm(editor_client, "post", page)
    post = Post.objects.get(title="臨時幹事")
    assert post.schedule == Post.Schedule.NONE
    assert post.department.full_name == "企画政策部DX推進課"
