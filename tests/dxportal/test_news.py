"""新着情報: published meetings, plan versions and notices, newest first, on the home page, on
/news/ and as an Atom feed that keeps the rules of RFC 4287."""

from __future__ import annotations

import datetime
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from dxportal.lib.wareki import format_wareki
from dxportal.models import Notice, SiteArea
from dxportal.news import latest_news
from headquarters.models import Meeting
from plan.models import Version
from tests.conftest import publish
from tests.pages import sitemap_paths

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def atom_problems(xml: bytes) -> list[str]:
    """What breaks a MUST of RFC 4287 (sections 3.3, 4.1.1, 4.1.2, 4.2.7): a hand check of the
    rules a feed reader relies on, as no Atom schema ships with the project."""
    problems = []
    feed = ElementTree.fromstring(xml)  # well-formed, or this raises
    if feed.tag != f"{ATOM}feed":
        return [f"root is {feed.tag}"]

    def one(element, name: str, where: str) -> ElementTree.Element | None:
        found = element.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} atom:{name}")
        return found[0] if found else None

    def date(element, name: str, where: str) -> None:
        node = one(element, name, where)
        if node is not None and not RFC3339.match(node.text or ""):
            problems.append(f"{where}: atom:{name} {node.text!r} is no RFC 3339 date")

    def absolute_id(element, where: str) -> str:
        node = one(element, "id", where)
        text = node.text if node is not None else ""
        if not re.match(r"^[a-z][a-z0-9+.-]*:", text or ""):
            problems.append(f"{where}: atom:id {text!r} is no absolute IRI")
        return text or ""

    feed_id = absolute_id(feed, "feed")
    one(feed, "title", "feed")
    date(feed, "updated", "feed")
    feed_has_author = bool(feed.findall(f"{ATOM}author/{ATOM}name"))
    alternates = [
        (link.get("type"), link.get("hreflang"))
        for link in feed.findall(f"{ATOM}link")
        if link.get("rel", "alternate") == "alternate"
    ]
    if len(alternates) != len(set(alternates)):
        problems.append("feed: two alternate links of one type and language")
    ids = [feed_id]
    for number, entry in enumerate(feed.findall(f"{ATOM}entry"), start=1):
        where = f"entry {number}"
        ids.append(absolute_id(entry, where))
        one(entry, "title", where)
        date(entry, "updated", where)
        if entry.find(f"{ATOM}published") is not None:
            date(entry, "published", where)
        links = [link for link in entry.findall(f"{ATOM}link") if link.get("href")]
        if entry.find(f"{ATOM}content") is None and not any(
            link.get("rel", "alternate") == "alternate" for link in links
        ):
            problems.append(f"{where}: neither atom:content nor an alternate link")
        if not feed_has_author and entry.find(f"{ATOM}author") is None:
            problems.append(f"{where}: no author, and the feed has none")
    if len(ids) != len(set(ids)):
        problems.append("two elements share an atom:id")
    return problems


def feed_entries(client) -> list[dict]:
    response = client.get(reverse("news-feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert atom_problems(response.content) == []
    feed = ElementTree.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def make_notice(title: str, on: datetime.date, **fields) -> Notice:
    fields.setdefault("is_published", True)
    return Notice.objects.create(title=title, published_on=on, **fields)


def test_the_checker_does_find_broken_feeds():
    broken = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><id>relative</id>'
        b"<entry><title>a</title><id>tag:x,2024:1</id><updated>yesterday</updated></entry>"
        b"<entry><title>b</title><id>tag:x,2024:1</id></entry></feed>"
    )
    problems = atom_problems(broken)
    assert "feed: 1 atom:updated" not in problems
    assert "feed: 0 atom:updated" in problems
    assert any("is no absolute IRI" in p for p in problems)
    assert any("is no RFC 3339 date" in p for p in problems)
    assert "two elements share an atom:id" in problems
    assert any("no author" in p for p in problems)


def test_the_feed_is_valid_atom_with_the_published_meeting_and_plan_version(client, published_seed):
    entries = feed_entries(client)
    today = timezone.localdate().isoformat()
    assert entries == [
        {
            "title": "第1回青森県DX推進本部会議の次第・資料を掲載しました",
            "link": "http://testserver/headquarters/meetings/1/",
            "id": f"http://127.0.0.1:8000/news/#edition-{published_seed.pk}",
            "updated": f"{today}T00:00:00+09:00",
        },
        {
            "title": "(仮称)青森県DX推進プラン 第1版（DX推進方向）を公開しました",
            "link": "http://testserver/plan/dx-plan/versions/1/",
            "id": f"http://127.0.0.1:8000/news/#version-{Version.objects.get().pk}",
            "updated": "2023-06-02T00:00:00+09:00",
        },
    ]


def test_notices_replacements_and_versions_come_newest_first(client, published_seed):
    make_notice("窓口からのお知らせ", datetime.date(2024, 5, 1), area=SiteArea.DESK)
    make_notice("下書きのお知らせ", datetime.date(2024, 5, 2), is_published=False)
    # Two days ahead: still tomorrow if midnight passes while the edition is published.
    make_notice("来年のお知らせ", timezone.localdate() + datetime.timedelta(days=2))
    publish(Meeting.objects.get(pk=1), reason="資料2の誤字を訂正")

    titles = [entry["title"] for entry in feed_entries(client)]
    assert titles[:2] == [
        "第1回青森県DX推進本部会議の資料を差し替えました（資料2の誤字を訂正）",
        "第1回青森県DX推進本部会議の次第・資料を掲載しました",
    ]
    assert titles[2:] == [
        "窓口からのお知らせ",
        "(仮称)青森県DX推進プラン 第1版（DX推進方向）を公開しました",
    ]


def test_on_one_day_the_later_record_comes_first_by_number_not_as_text(db):
    on = datetime.date(2024, 5, 1)
    make_notice("九番目のお知らせ", on, pk=9)
    make_notice("十番目のお知らせ", on, pk=10)
    assert [item.key for item in latest_news()] == ["notice-10", "notice-9"]


def test_the_home_page_shows_the_news_links_the_feed_and_the_meetings(client, published_seed):
    notice = make_notice("ポータルサイトを開設しました", datetime.date(2024, 4, 1))
    page = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="青森県DX推進本部 新着情報" '
        'href="/news/feed.atom">' in page
    )
    assert f'<a href="/news/{notice.pk}/">ポータルサイトを開設しました</a>' in page
    assert "令和6年4月1日(月)" in page
    assert 'href="/news/">新着情報の一覧</a>' in page
    assert 'href="/headquarters/meetings/">会議の一覧' in page
    assert '<a href="/headquarters/meetings/1/">第1回青森県DX推進本部会議</a>' in page
    for pk, title in [
        (1, "資料1 青森県DX推進本部設置要綱"),
        (3, "資料3 青森県DX総合窓口の開設について"),
    ]:
        assert f'<a href="/headquarters/meetings/1/materials/{pk}/">{title}</a>' in page


def test_the_news_page_and_a_notice_page(client, published_seed):
    notice = make_notice(
        "年末年始の窓口について", datetime.date(2024, 12, 20), body="- 12月29日から休みます"
    )
    news = client.get("/news/").content.decode()
    assert news.index("年末年始の窓口について") < news.index("第1版（DX推進方向）を公開しました")
    page = client.get(f"/news/{notice.pk}/").content.decode()
    assert "<h1>年末年始の窓口について</h1>" in page
    assert format_wareki(notice.published_on, weekday=True) in page
    assert "12月29日から休みます" in page
    assert f"/news/{notice.pk}/" in sitemap_paths(client)


def test_an_unpublished_notice_has_no_page(client, published_seed):
    notice = make_notice("準備中のお知らせ", datetime.date(2024, 1, 1), is_published=False)
    assert client.get(f"/news/{notice.pk}/").status_code == 404
    assert f"/news/{notice.pk}/" not in sitemap_paths(client)
    assert "準備中のお知らせ" not in client.get("/").content.decode()


def test_a_new_notice_shows_at_once_on_cached_pages(client, published_seed):
    client.get("/")
    client.get("/news/feed.atom")
    make_notice("新しいお知らせ", timezone.localdate())
    assert "新しいお知らせ" in client.get("/").content.decode()
    assert "新しいお知らせ" in client.get("/news/feed.atom").content.decode()


def test_staff_write_notices_in_a_japanese_admin(superuser_client, seed):
    form = superuser_client.get(reverse("admin:dxportal_notice_add")).content.decode()
    for label in ["件名", "本文", "関係する分野", "掲載日", "公開"]:
        assert f">{label}" in form, label
    response = superuser_client.post(
        reverse("admin:dxportal_notice_add"),
        {
            "title": "相談会のお知らせ",
            "body": "",
            "area": SiteArea.DESK,
            "published_on": "2024-06-03",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert (notice.area, notice.published_on) == (SiteArea.DESK, datetime.date(2024, 6, 3))
    listing = superuser_client.get(reverse("admin:dxportal_notice_changelist")).content.decode()
    assert "相談会のお知らせ" in listing and "お知らせ" in listing
