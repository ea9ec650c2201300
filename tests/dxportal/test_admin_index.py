"""The admin's index by task: groups in the order staff work, plain Japanese names, only what the
user may see, and links to the desk's statistics and the public site."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from consultations.models import FollowUp
from dxportal.admin_index import GROUPS, task_groups
from tests.conftest import PASSWORD
from tests.text import english_words

pytestmark = pytest.mark.django_db

STATISTICS = "相談の統計（年度ごとの件数・内訳）"
PUBLIC_SITE = "公開サイトを見る"


def index_of(client, user: User):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response


def groups(response) -> list[tuple[str, list[str]]]:
    """Each group's title and its models' names, as the page lists them."""
    page = response.content.decode()
    sections = re.findall(r'<section class="module task-group".*?</section>', page, re.S)
    return [
        (
            re.search(r"<h2[^>]*>(.*?)</h2>", section).group(1),
            re.findall(r'<th scope="row"[^>]*><a href="[^"]*">(.*?)</a></th>', section),
        )
        for section in sections
    ]


def links(response) -> dict[str, str]:
    found = re.findall(r'<a href="([^"]*)"[^>]*>([^<]+)</a>', response.content.decode())
    return {text.strip(): href for href, text in found}


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root", "root@example.jp", PASSWORD)


def test_a_superuser_sees_every_group_in_task_order_under_plain_names(client, superuser):
    listed = groups(index_of(client, superuser))
    assert [title for title, _models in listed] == [
        "名簿・要綱",
        "会議",
        "DX推進プラン",
        "総合窓口",
        "サイト",
        "アカウント",
    ]
    roster = dict(listed)["名簿・要綱"]
    assert roster[:3] == ["会議体の職（名簿）", "在任（職に就いた人と任期）", "人物"]
    assert "要綱の条の項" in roster  # not the bare 項
    plan = dict(listed)["DX推進プラン"]
    assert plan[:2] == ["プラン（本文・構成）", "プランの公表版"]  # not 版
    assert "年度スケジュールの行（会議体・工程ごと）" in plan  # not 行
    assert dict(listed)["会議"] == ["会議（次第・資料・出席）", "本部長指示事項"]


def test_every_registered_model_has_its_place_in_a_group(client, superuser):
    listed = groups(index_of(client, superuser))
    assert sum(len(models) for _title, models in listed) == len(admin.site._registry)
    assert "その他" not in dict(listed)


def test_a_model_no_group_lists_still_appears_under_others():
    follow_up = {"model": FollowUp, "name": "フォローアップ", "object_name": "FollowUp"}
    grouped = task_groups([{"app_label": "consultations", "models": [follow_up]}])
    assert [(group["name"], [m["name"] for m in group["models"]]) for group in grouped] == [
        ("その他", ["フォローアップ"])
    ]


def test_the_groups_name_each_model_once():
    labels = [label for group in GROUPS for label, _name in group.models]
    assert len(labels) == len(set(labels))


def test_a_concierge_sees_only_the_desk_and_the_statistics(client, concierge):
    response = index_of(client, concierge)
    assert groups(response) == [
        ("総合窓口", ["相談（対応の記録を含む）", "相談窓口（支援メニュー）"])
    ]
    assert links(response)[STATISTICS] == reverse("consultations:statistics")
    assert links(response)[PUBLIC_SITE] == reverse("home")
    assert links(response)["相談の統計"] == reverse("consultations:statistics")  # the header
    assert english_words(response, allow=("concierge",)) == []


def test_an_official_gets_no_link_to_the_statistics_they_may_not_see(client, official):
    response = index_of(client, official)
    titles = [title for title, _models in groups(response)]
    assert titles == ["名簿・要綱", "会議", "DX推進プラン", "サイト"]
    assert STATISTICS not in links(response) and "相談の統計" not in links(response)
    assert links(response)[PUBLIC_SITE] == reverse("home")


def test_the_index_is_japanese_only(client, superuser):
    response = index_of(client, superuser)
    assert english_words(response, allow=("root",)) == []


def test_recent_actions_name_what_changed_plainly(client, superuser):
    device = TOTPDevice.objects.create(user=superuser, name="認証アプリ", confirmed=True)
    LogEntry.objects.log_actions(
        user_id=superuser.pk, queryset=[device], action_flag=ADDITION, single_object=True
    )
    response = index_of(client, superuser)
    assert "二要素認証の端末（認証アプリ）" in response.content.decode()
    assert english_words(response, allow=("root",)) == []
    assert ContentType.objects.get_for_model(TOTPDevice).name == "TOTP device"  # what it replaces


def test_other_admin_pages_carry_the_groups_and_the_links(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:plan_track_changelist"))
    assert response.status_code == 200
    sidebar = response.content.decode().split('id="nav-sidebar"')[1].split("</nav>")[0]
    assert "名簿・要綱" in sidebar and "年度スケジュールの行（会議体・工程ごと）" in sidebar
    assert links(response)[PUBLIC_SITE] == reverse("home")
    assert links(response)["相談の統計"] == reverse("consultations:statistics")


def test_an_apps_own_page_uses_the_plain_names(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:app_list", args=["plan"]))
    assert response.status_code == 200
    assert "年度スケジュールの行（会議体・工程ごと）" in response.content.decode()
