"""別表第1・第2 change only by amendment: the 別表 of a past day never follows today's roster.

The bug this guards against: a post added through the roster import appeared in 別表第1 of the
第1回 (令和5年6月2日) packet and of /headquarters/charter/1/?on=2023-06-02, with no amendment.
"""

from __future__ import annotations

import datetime
import importlib
import io
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from headquarters import generators, services
from headquarters.models import Body, Charter, Enactment, Meeting, Post, ScheduleListing
from headquarters.selectors import charter_context
from tests.conftest import make_post
from tests.headquarters.factories import make_amendment
from tests.seed_content import TABLE_1, TABLE_2
from tests.spreadsheets import (
    CSV,
    admin_import,
    error_on_row,
    export,
    has_confirm_button,
    headquarters_rows,
    read_csv,
    row_for,
    text_of,
    today,
    upload,
    write_csv,
)
from tests.text import page_text

pytestmark = pytest.mark.django_db

FIRST_MEETING = datetime.date(2023, 6, 2)
NEW_POST = "デジタル政策統括監"


# --- helpers --------------------------------------------------------------------------------


def charter_url(on: datetime.date | None = None) -> str:
    url = reverse("headquarters:charter-detail", args=[Charter.objects.get().pk])
    return f"{url}?on={on.isoformat()}" if on else url


def schedule_cells(client, on: datetime.date | None = None) -> list[list[str]]:
    """Each 別表 on the charter page as the reader reads it: left column down, then right."""
    html = client.get(charter_url(on)).content.decode()
    tables = re.findall(r"<table class=\"schedule-table\">(.*?)</table>", html, re.S)
    cells = [re.findall(r"<td>([^<]*)</td>", table) for table in tables]
    return [[c for c in row[0::2] + row[1::2] if c] for row in cells]


def context_titles(on: datetime.date) -> list[list[str]]:
    """Both 別表 as charter_context (the page and the meeting packet) builds them."""
    context = charter_context(Charter.objects.get(), on)
    return [[listing.title for listing in table.listings] for table in context["schedules"]]


def post_form(post: Post, **changes) -> dict:
    """The post's admin change form as submitted, with some fields changed."""
    data = {
        "body": post.body_id,
        "title": post.title,
        "role": post.role,
        "department": post.department_id or "",
        "schedule": post.schedule,
        "order": post.order,
        "ex_officio": post.ex_officio,
        "basis": post.basis_id or "",
        "seats": post.seats,
        "appointments-TOTAL_FORMS": 0,
        "appointments-INITIAL_FORMS": 0,
    }
    return data | changes


# --- the seed -------------------------------------------------------------------------------


def test_the_seed_lists_both_schedules_by_its_enactment(client, seed):
    enactment = Enactment.objects.get(kind=Enactment.Kind.ENACTMENT)
    assert ScheduleListing.objects.count() == len(TABLE_1) + len(TABLE_2)
    assert set(ScheduleListing.objects.values_list("enacted_by", "repealed_by")) == {
        (enactment.pk, None)
    }
    assert schedule_cells(client, FIRST_MEETING) == [TABLE_1, TABLE_2]
    assert context_titles(FIRST_MEETING) == [TABLE_1, TABLE_2]
    # The day before the charter took effect, there was no 別表 at all.
    assert context_titles(FIRST_MEETING - datetime.timedelta(days=1)) == [[], []]


def test_loading_the_seed_again_adds_no_listing(seed):
    before = list(ScheduleListing.objects.values_list())
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    assert list(ScheduleListing.objects.values_list()) == before
    assert "追加 0 件" in out.getvalue()


def test_the_data_migration_lists_already_listed_posts_under_the_enactment(seed):
    migration = importlib.import_module(
        "headquarters.migrations.0004_schedule_listings_by_enactment"
    )
    ScheduleListing.objects.all().delete()

    migration.list_posts_under_the_enactment(apps, None)

    listings = ScheduleListing.objects.select_related("post", "enacted_by")
    assert len(listings) == len(TABLE_1) + len(TABLE_2)
    assert {x.enacted_by.kind for x in listings} == {Enactment.Kind.ENACTMENT}
    assert all(
        (x.schedule, x.order, x.title) == (x.post.schedule, x.post.order, x.post.title)
        for x in listings
    )
    assert context_titles(FIRST_MEETING) == [TABLE_1, TABLE_2]


# --- the roster import ----------------------------------------------------------------------


def test_a_post_added_by_import_is_in_todays_schedule_only(client, seed, editor_client):
    make_amendment(today())
    page_before = schedule_cells(client, FIRST_MEETING)
    packet_before = generators.charter_material(Meeting.objects.get(pk=1))
    packet_before = [[x.title for x in table.listings] for table in packet_before["schedules"]]
    header, _rows = headquarters_rows(editor_client)
    row = row_for(
        header,
        会議体="青森県DX推進本部",
        職名=NEW_POST,
        役割="本部員",
        別表="別表第1",
        表示順="122",
        改正施行日=today().isoformat(),
    )

    done = admin_import(editor_client, "post", write_csv([header, row]), "posts.csv", CSV)

    assert "新規 1 件、更新 0 件" in text_of(done)
    # The 第1回 meeting's 別表 (page, charter_context and the packet's 資料1) are as they were.
    assert schedule_cells(client, FIRST_MEETING) == page_before == [TABLE_1, TABLE_2]
    assert context_titles(FIRST_MEETING) == [TABLE_1, TABLE_2]
    packet_after = generators.charter_material(Meeting.objects.get(pk=1))
    assert [[x.title for x in t.listings] for t in packet_after["schedules"]] == packet_before
    assert NEW_POST not in page_text(client.get(charter_url(FIRST_MEETING)))
    # Today's charter lists it, after the 21 members of the seed.
    assert schedule_cells(client, today()) == [[*TABLE_1, NEW_POST], TABLE_2]
    assert schedule_cells(client) == [[*TABLE_1, NEW_POST], TABLE_2]
    listing = ScheduleListing.objects.get(post__title=NEW_POST)
    assert listing.enacted_by.effective_on == today() and listing.repealed_by is None


def test_removing_and_renaming_by_import_close_the_old_listing_on_the_amendment(
    client, seed, editor_client
):
    amendment = make_amendment(today())
    header, rows = headquarters_rows(editor_client)
    education = next(row for row in rows if row[2] == "教育長")
    education[header.index("別表")] = ""
    education[header.index("改正施行日")] = today().isoformat()
    police = next(row for row in rows if row[2] == "警察本部長")
    police[header.index("職名")] = "県警察本部長"
    police[header.index("改正施行日")] = today().strftime("%Y/%m/%d")

    done = admin_import(
        editor_client, "post", write_csv([header, education, police]), "posts.csv", CSV
    )

    assert "新規 0 件、更新 2 件" in text_of(done)
    assert schedule_cells(client, FIRST_MEETING) == [TABLE_1, TABLE_2]
    assert context_titles(FIRST_MEETING) == [TABLE_1, TABLE_2]
    expected = [t for t in TABLE_1 if t != "教育長"]
    expected[-1] = "県警察本部長"
    assert schedule_cells(client, today()) == [expected, TABLE_2]
    closed = ScheduleListing.objects.filter(repealed_by=amendment).order_by("title")
    assert [x.title for x in closed] == ["教育長", "警察本部長"]
    assert list(amendment.listings_enacted.values_list("title", flat=True)) == ["県警察本部長"]
    assert Post.objects.get(title="教育長").schedule == Post.Schedule.NONE


def test_a_listing_change_without_the_amendment_column_is_refused_naming_the_row(
    seed, editor_client
):
    make_amendment(today())
    header, rows = headquarters_rows(editor_client)
    old_header = header[: header.index("改正施行日")]  # a file in last year's format
    keep = next(row for row in rows if row[2] == "本部長")[: len(old_header)]
    keep[old_header.index("表示順")] = "5"  # outside the 別表: needs no amendment
    added = row_for(old_header, 会議体="青森県DX推進本部", 職名=NEW_POST, 役割="本部員")
    added[old_header.index("別表")] = "別表第1"
    added[old_header.index("表示順")] = "122"
    before = list(Post.objects.values_list()), list(ScheduleListing.objects.values_list())

    page = upload(editor_client, "post", write_csv([old_header, keep, added]), "p.csv", CSV)

    text = text_of(page)
    assert f"「{NEW_POST}」の行は別表の掲載（別表・表示順・職名）を変えるため" in text
    assert "「改正施行日」にその一部改正の施行日を入力してください" in text
    assert error_on_row(page, 2)
    assert not error_on_row(page, 1)
    assert not has_confirm_button(page)
    assert (list(Post.objects.values_list()), list(ScheduleListing.objects.values_list())) == before


def test_an_empty_amendment_cell_or_an_unregistered_date_is_refused(seed, editor_client):
    header, rows = headquarters_rows(editor_client)
    general_affairs = next(row for row in rows if row[2] == "総務部長")
    general_affairs[header.index("表示順")] = "150"
    education = next(row for row in rows if row[2] == "教育長")
    education[header.index("表示順")] = "160"
    education[header.index("改正施行日")] = "2030-04-01"

    page = upload(
        editor_client, "post", write_csv([header, general_affairs, education]), "p.csv", CSV
    )

    text = text_of(page)
    assert "「総務部長」の行は別表の掲載" in text
    assert "「教育長」の行: 施行日が令和12年4月1日の一部改正が登録されていません" in text
    assert not has_confirm_button(page)
    assert Post.objects.get(title="総務部長").order == 101
    assert not ScheduleListing.objects.exclude(enacted_by__kind=Enactment.Kind.ENACTMENT).exists()


def test_an_amendment_before_the_listing_it_would_close_is_refused(seed, editor_client):
    make_amendment(datetime.date(2023, 4, 1))
    header, rows = headquarters_rows(editor_client)
    row = next(row for row in rows if row[2] == "総務部長")
    row[header.index("職名")] = "総務部長（誤り）"
    row[header.index("改正施行日")] = "2023-04-01"

    page = upload(editor_client, "post", write_csv([header, row]), "p.csv", CSV)

    assert "より後の日にしてください" in text_of(page)
    assert not has_confirm_button(page)
    assert Post.objects.filter(title="総務部長").exists()


def test_an_export_imported_back_changes_no_listing(seed, editor_client):
    make_amendment(today())
    post = Post.objects.get(title="教育長")
    post.title = "教育長（改称）"
    services.save_post(post=post, amendment=Enactment.objects.get(effective_on=today()))
    listings = list(ScheduleListing.objects.order_by("id").values_list())
    exported = export(editor_client).content
    assert {row[-1] for row in read_csv(exported)[1:]} == {""}  # 改正施行日 is never exported

    done = admin_import(editor_client, "post", exported, "posts.csv", CSV)

    assert "新規 0 件、更新 0 件、変更なし 46 件" in text_of(done)
    assert list(ScheduleListing.objects.order_by("id").values_list()) == listings


# --- the admin ------------------------------------------------------------------------------


def test_the_admin_refuses_a_listing_change_without_an_amendment(seed, editor_client):
    post = Post.objects.get(title="教育長")
    url = reverse("admin:headquarters_post_change", args=[post.pk])

    response = editor_client.post(url, post_form(post, title="教育長（改称）"))

    assert response.status_code == 200
    assert "その改正（一部改正・施行日）を指定してください" in text_of(response)
    assert Post.objects.filter(title="教育長").exists()
    assert not Post.objects.filter(title="教育長（改称）").exists()
    assert ScheduleListing.objects.get(post=post).repealed_by is None


def test_the_admin_refuses_to_list_a_new_post_without_an_amendment(seed, editor_client):
    body = Body.objects.get(slug="headquarters")
    data = post_form(Post(body=body, title=NEW_POST, role=Post.Role.HEADQUARTERS_MEMBER))
    data |= {"schedule": Post.Schedule.TABLE_1, "order": 122}

    response = editor_client.post(reverse("admin:headquarters_post_add"), data)

    assert response.status_code == 200
    assert "設置要綱の改正です" in text_of(response)
    assert not Post.objects.filter(title=NEW_POST).exists()


def test_the_enactment_is_no_amendment_of_the_schedule(seed, editor_client):
    post = Post.objects.get(title="教育長")
    enactment = Enactment.objects.get(kind=Enactment.Kind.ENACTMENT)
    with pytest.raises(ValidationError, match="一部改正だけです"):
        post.title = "教育長（改称）"
        services.save_post(post=post, amendment=enactment)
    # Nor can staff pick it in the admin: only amendments are offered.
    make_amendment(datetime.date(2025, 4, 1))
    url = reverse("admin:headquarters_post_change", args=[post.pk])
    page = editor_client.get(url).content.decode()
    select = re.search(r'<select name="amendment".*?</select>', page, re.S).group(0)
    assert "（一部改正 2025-04-01施行）" in select
    assert "（制定" not in select


def test_the_admin_renames_a_listed_post_under_an_amendment_and_shows_the_history(
    client, seed, editor_client
):
    amendment = make_amendment(today())
    post = Post.objects.get(title="教育長")
    url = reverse("admin:headquarters_post_change", args=[post.pk])
    form = editor_client.get(url)
    assert "改正（施行日）" in text_of(form)
    assert "別表への掲載の履歴" in text_of(form)
    assert 'id="add_id_amendment"' in form.content.decode()  # staff may register the 改正 here

    response = editor_client.post(
        url, post_form(post, title="教育長（改称）", amendment=amendment.pk)
    )

    assert response.status_code == 302
    assert "教育長（改称）" in schedule_cells(client, today())[0]
    assert schedule_cells(client, FIRST_MEETING) == [TABLE_1, TABLE_2]
    history = text_of(editor_client.get(url))
    assert "令和5年6月2日施行（制定）" in history and "教育長 令和5年6月2日施行" in history
    enactment_page = text_of(
        editor_client.get(reverse("admin:headquarters_enactment_change", args=[amendment.pk]))
    )
    assert "この制定・改正で別表に掲げた職" in enactment_page
    assert "教育長（改称）" in enactment_page


def test_the_list_page_refuses_a_new_order_for_a_listed_post(seed, editor_client):
    posts = list(Post.objects.filter(title__in=["本部長", "総務部長"]).order_by("id"))
    url = reverse("admin:headquarters_post_changelist")
    page = editor_client.get(url).content.decode()
    rows = re.findall(r'name="form-(\d+)-id" value="(\d+)"', page)
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows), "_save": "保存"}
    orders = dict(Post.objects.values_list("pk", "order"))
    for index, pk in rows:
        data[f"form-{index}-id"] = pk
        data[f"form-{index}-order"] = orders[int(pk)]
    chief, general_affairs = posts
    for index, pk in rows:
        if int(pk) == chief.pk:
            data[f"form-{index}-order"] = 5
        if int(pk) == general_affairs.pk:
            data[f"form-{index}-order"] = 150

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "職の編集画面で改正を選んで変更してください" in text_of(response)
    assert Post.objects.get(pk=general_affairs.pk).order == 101


# --- what the database holds ----------------------------------------------------------------


def test_a_post_made_today_never_reaches_an_earlier_schedule(seed):
    body = Body.objects.get(slug="headquarters")
    # Outside the workflow there is no listing, so no 別表 shows the post at all.
    make_post(body, "台帳だけの職", order=130, schedule=Post.Schedule.TABLE_1)
    post = Post(body=body, title=NEW_POST, role=Post.Role.HEADQUARTERS_MEMBER, order=122)
    post.schedule = Post.Schedule.TABLE_1
    services.save_post(post=post, amendment=make_amendment(today()))

    for on in [FIRST_MEETING, today() - datetime.timedelta(days=1)]:
        assert context_titles(on) == [TABLE_1, TABLE_2]
    assert context_titles(today()) == [[*TABLE_1, NEW_POST], TABLE_2]


def test_changes_under_one_amendment_correct_its_listing_instead_of_adding_one(seed):
    amendment = make_amendment(today())
    body = Body.objects.get(slug="headquarters")
    post = Post(body=body, title=NEW_POST, role=Post.Role.HEADQUARTERS_MEMBER, order=122)
    post.schedule = Post.Schedule.TABLE_1
    services.save_post(post=post, amendment=amendment)
    post.order = 99
    services.save_post(post=post, amendment=amendment)
    assert list(post.listings.values_list("order", "enacted_by")) == [(99, amendment.pk)]
    assert context_titles(today())[0][0] == NEW_POST

    post.schedule = Post.Schedule.NONE
    services.save_post(post=post, amendment=amendment)
    assert not post.listings.exists()
    assert context_titles(today()) == [TABLE_1, TABLE_2]


def test_a_post_has_at_most_one_open_listing(seed):
    listing = ScheduleListing.objects.get(post__title="教育長")
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduleListing.objects.create(
            post=listing.post,
            schedule=listing.schedule,
            order=listing.order,
            title=listing.title,
            enacted_by=make_amendment(today()),
        )


# --- query count ----------------------------------------------------------------------------


def list_posts(count: int, amendment: Enactment) -> None:
    """List `count` more posts in each 別表 under `amendment`, and retire one seed post each."""
    bodies = {Post.Schedule.TABLE_1: "headquarters", Post.Schedule.TABLE_2: "steering-committee"}
    for schedule, slug in bodies.items():
        body = Body.objects.get(slug=slug)
        start = body.posts.count()
        for i in range(start, start + count):
            post = Post(body=body, title=f"追加{slug}-{i}", role=Post.Role.MEMBER, order=500 + i)
            post.schedule = schedule
            services.save_post(post=post, amendment=amendment)
        retired = Post.objects.filter(schedule=schedule).order_by("id")[count % 7]
        retired.schedule = Post.Schedule.NONE
        services.save_post(post=retired, amendment=amendment)


def test_the_charter_page_runs_the_same_queries_for_3_or_30_more_posts(
    client, seed, django_assert_max_num_queries
):
    list_posts(3, make_amendment(datetime.date(2024, 4, 1)))
    with CaptureQueriesContext(connection) as small:
        assert client.get(charter_url()).status_code == 200
    with CaptureQueriesContext(connection) as small_past:
        assert client.get(charter_url(FIRST_MEETING)).status_code == 200

    list_posts(30, make_amendment(datetime.date(2025, 4, 1)))

    with django_assert_max_num_queries(len(small)):
        response = client.get(charter_url())
    assert "追加headquarters-40" in page_text(response)
    with django_assert_max_num_queries(len(small_past)):
        response = client.get(charter_url(FIRST_MEETING))
    assert "追加headquarters" not in page_text(response)
    assert len(schedule_cells(client)[0]) == len(TABLE_1) + 33 - 2
