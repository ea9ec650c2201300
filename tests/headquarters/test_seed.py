"""The seed content: the whole 設置要綱 and both 別表, exactly as the meeting packet has them."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from headquarters.models import Appointment, Article, Body, Charter, Person, Post
from headquarters.selectors import two_column_rows
from tests.seed_content import TABLE_1, TABLE_2

pytestmark = pytest.mark.django_db


def test_schedule_1_lists_every_headquarters_member_in_the_charters_order(seed):
    posts = Post.objects.in_schedule(Post.Schedule.TABLE_1)
    assert [p.title for p in posts] == TABLE_1
    assert {p.body.name for p in posts} == {"青森県DX推進本部"}
    assert {p.role for p in posts} == {Post.Role.HEADQUARTERS_MEMBER}


def test_schedule_2_joins_the_cells_the_pdf_split_across_lines(seed):
    posts = Post.objects.in_schedule(Post.Schedule.TABLE_2)
    assert [p.title for p in posts] == TABLE_2
    assert not Post.objects.filter(title="地域支援チームリーダー").exists()
    assert {p.body.name for p in posts} == {"幹事会"}


def test_schedule_1_prints_in_the_packets_two_columns():
    rows = two_column_rows(TABLE_1)
    assert rows[0] == ("総務部長", "会計管理者")
    assert rows[9] == ("エネルギー総合対策局長", "警察本部長")
    assert rows[10] == ("国スポ・障スポ局長", None)


def test_ex_officio_rules_of_articles_3_and_5(seed):
    chief = Post.objects.get(body__slug="headquarters", role=Post.Role.CHIEF)
    deputy = Post.objects.get(body__slug="headquarters", role=Post.Role.DEPUTY_CHIEF)
    chair = Post.objects.get(body__slug="steering-committee", role=Post.Role.CHAIR)
    assert chief.ex_officio == "知事"
    assert "CIO" in deputy.ex_officio and "知事が指名する副知事" in deputy.ex_officio
    assert chair.ex_officio == "企画政策部DX推進課長"
    assert str(chief.basis) == "第3条第2項"
    assert str(chair.basis) == "第5条第3項"
    assert chair.department.full_name == "企画政策部DX推進課"


def test_charter_has_articles_1_to_7_with_their_paragraphs_and_items(seed):
    charter = Charter.objects.get()
    assert charter.title == "青森県DX推進本部設置要綱"
    articles = list(charter.articles_in_force(datetime.date(2023, 6, 2)))
    assert [(a.number, a.caption) for a in articles] == [
        (1, "目的"),
        (2, "所掌事項"),
        (3, "構成"),
        (4, "本部会議"),
        (5, "幹事会"),
        (6, "庶務"),
        (7, "補則"),
    ]
    assert [a.paragraphs.count() for a in articles] == [1, 1, 5, 2, 7, 1, 1]
    items = articles[1].paragraphs.get().items.all()
    assert [i.text for i in items] == [
        "本県のDXの推進に向けた方針の策定及び推進に関すること",
        "その他、本県のDXの推進に関すること",
    ]


def test_supplementary_provisions_hold_the_effective_date_and_what_they_repeal(seed):
    enactment = Charter.objects.get().enactments.get()
    assert enactment.effective_on == datetime.date(2023, 6, 2)
    provisions = list(enactment.provisions.all())
    assert provisions[0].text == "この要綱は、令和5年6月2日から施行する。"
    assert provisions[1].repeals == "IT戦略推進委員会設置要綱（平成16年4月1日制定）"


def test_charter_was_not_in_force_before_its_effective_date(seed):
    assert not Charter.objects.get().articles_in_force(datetime.date(2023, 6, 1)).exists()


def test_bodies_of_the_promotion_structure(seed):
    names = list(Body.objects.values_list("name", flat=True))
    assert names == [
        "青森県DX推進本部",
        "本部会議",
        "情報システム投資委員会",
        "情報セキュリティ委員会",
        "幹事会",
        "(仮称)青森県DX推進プラン策定委員会",
        "青森県DX総合窓口",
    ]
    committee = Body.objects.get(slug="plan-committee")
    assert committee.relation == Body.Relation.EXTERNAL
    assert Body.objects.get(slug="it-investment-committee").managed_by.name == "行政経営課"


def test_seed_invents_no_people(seed):
    assert not Person.objects.exists()
    assert not Appointment.objects.exists()


def test_loading_the_seed_twice_changes_nothing(seed):
    before = list(Article.objects.values_list("pk", "caption")) + list(
        Post.objects.values_list("pk", "title", "order")
    )
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    after = list(Article.objects.values_list("pk", "caption")) + list(
        Post.objects.values_list("pk", "title", "order")
    )
    assert after == before
    assert "追加 0 件" in out.getvalue()


def test_seed_keeps_staff_edits_and_new_rows_get_fresh_ids(seed):
    Post.objects.filter(title="総務部長").update(order=999)
    call_command("load_seed", stdout=io.StringIO())
    assert Post.objects.get(title="総務部長").order == 999
    body = Body.objects.get(slug="steering-committee")
    new_post = Post.objects.create(body=body, title="新しい幹事", role=Post.Role.SECRETARY)
    assert new_post.pk > Post.objects.exclude(pk=new_post.pk).order_by("-pk").first().pk
