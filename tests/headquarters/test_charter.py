"""The charter page: the whole text, the generated 別表, and amendments with history."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from headquarters import services
from headquarters.models import Article, Charter, Enactment, Paragraph, Post
from tests.seed_content import TABLE_1, TABLE_2
from tests.text import page_text

pytestmark = pytest.mark.django_db


def charter_url(**query) -> str:
    url = reverse("headquarters:charter-detail", args=[Charter.objects.get().pk])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def test_charter_page_shows_every_article_paragraph_item_and_provision(client, seed):
    text = page_text(client.get(charter_url()))
    expected = [
        "(目的)",
        "第1条 本県におけるDX（デジタルトランスフォーメーション）を推進するため、",
        "(所掌事項)",
        "(1) 本県のDXの推進に向けた方針の策定及び推進に関すること",
        "(2) その他、本県のDXの推進に関すること",
        "2 本部長は知事をもって充て、副本部長はCIO（最高情報責任者）をもって充てる。",
        "5 副本部長は、本部長を補佐し、",
        "7 会長は、必要に応じて幹事会に分科会を置くことができる。",
        "第6条 本部の庶務は、企画政策部DX推進課において処理する。",
        "第7条 この要綱に定めるもののほか、",
        "附則",
        "1 この要綱は、令和5年6月2日から施行する。",
        "2 IT戦略推進委員会設置要綱（平成16年4月1日制定）は、廃止する。",
        "別表第1（第3条関係）",
        "別表第2（第5条関係）",
    ]
    positions = [text.index(fragment) for fragment in expected]
    assert positions == sorted(positions), "the charter reads out of order"


def test_schedules_list_every_post_in_the_seeds_order(client, seed):
    html = client.get(charter_url()).content.decode()
    table_1, table_2 = re.findall(r"<table class=\"schedule-table\">(.*?)</table>", html, re.S)
    cells_1 = re.findall(r"<td>([^<]*)</td>", table_1)
    cells_2 = re.findall(r"<td>([^<]*)</td>", table_2)
    # Rows hold (left, right) pairs; the charter reads the left column down, then the right.
    assert [c for c in cells_1[0::2] + cells_1[1::2] if c] == TABLE_1
    assert [c for c in cells_2[0::2] + cells_2[1::2] if c] == TABLE_2


def test_schedule_follows_the_posts_not_a_second_copy(client, seed):
    amendment = Enactment.objects.create(
        charter=Charter.objects.get(),
        kind=Enactment.Kind.AMENDMENT,
        effective_on=timezone.localdate(),
    )
    post = Post.objects.get(title="教育長")
    post.title = "教育長（改称）"
    services.save_post(post=post, amendment=amendment)
    assert "教育長（改称）" in page_text(client.get(charter_url()))
    assert "教育長（改称）" not in page_text(client.get(charter_url(on="2023-06-02")))


def amend_article_3(on: datetime.date) -> Article:
    charter = Charter.objects.get()
    amendment = Enactment.objects.create(
        charter=charter, kind=Enactment.Kind.AMENDMENT, effective_on=on
    )
    article = Article.objects.create(
        charter=charter, number=3, caption="構成", introduced_by=amendment
    )
    Paragraph.objects.create(
        article=article, number=1, text="本部は、知事及び本部員をもって構成する。"
    )
    services.supersede_earlier_versions(article)
    return article


def test_amendment_shows_the_new_text_and_keeps_the_old_one_for_earlier_dates(client, seed):
    amend_article_3(datetime.date(2024, 4, 1))
    today = page_text(client.get(charter_url()))
    assert "第3条 本部は、知事及び本部員をもって構成する。" in today
    assert "知事、副知事及び本部員" not in today

    before = page_text(client.get(charter_url(on="2024-03-31")))
    assert "第3条 本部は、知事、副知事及び本部員（別表第1に掲げる職にある者）" in before
    assert "知事及び本部員をもって構成する" not in before
    old = Article.objects.get(number=3, introduced_by__kind=Enactment.Kind.ENACTMENT)
    assert old.repealed_on == datetime.date(2024, 4, 1)


def test_amending_through_the_admin_supersedes_the_earlier_version(editor_client, seed):
    charter = Charter.objects.get()
    amendment = Enactment.objects.create(
        charter=charter, kind=Enactment.Kind.AMENDMENT, effective_on=datetime.date(2025, 4, 1)
    )
    response = editor_client.post(
        reverse("admin:headquarters_article_add"),
        {
            "charter": charter.pk,
            "number": 6,
            "caption": "庶務",
            "introduced_by": amendment.pk,
            "paragraphs-TOTAL_FORMS": 1,
            "paragraphs-INITIAL_FORMS": 0,
            "paragraphs-0-number": 1,
            "paragraphs-0-text": "本部の庶務は、総務部において処理する。",
        },
    )
    assert response.status_code == 302
    text = page_text(editor_client.get(charter_url()))
    assert "第6条 本部の庶務は、総務部において処理する。" in text
    assert "企画政策部DX推進課において処理する" not in text
    assert "企画政策部DX推進課において処理する" in page_text(
        editor_client.get(charter_url(on="2025-03-31"))
    )


def test_a_bad_date_is_a_404_not_a_server_error(client, seed):
    assert client.get(charter_url(on="2024-13-01")).status_code == 404
