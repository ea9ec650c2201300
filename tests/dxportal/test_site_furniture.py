"""What every public page carries from data: 「このページに関するお問い合わせ」 naming the section
of its area, 更新日 from the last change of that area, the footer's links and secretariat, and
breadcrumbs that follow the URL."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from consultations.models import Desk
from dxportal.breadcrumbs import Crumb, trail
from dxportal.lib.wareki import format_wareki
from dxportal.models import AccessibilityTestRun, AreaUpdate, Notice, PageContact, SiteArea
from dxportal.public_content import changed_areas
from headquarters.models import Body, Department, Meeting
from plan.models import Plan
from tests.pages import sitemap_paths

pytestmark = pytest.mark.django_db

SECRETARIAT = "青森県DX推進本部 事務局（青森県 企画政策部 DX推進課）"
DESK_SECTION = "青森県 商工労働部 新産業創造課 産業DX推進グループ"
LONG_AGO = timezone.make_aware(datetime.datetime(2024, 1, 10, 9, 0))


def html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def contact_block(page: str) -> str:
    match = re.search(
        r'<section aria-labelledby="page-contact-heading".*?</section>', page, flags=re.S
    )
    assert match, "no 「このページに関するお問い合わせ」"
    return match.group(0)


def updated_on(page: str) -> str:
    match = re.search(r'更新日: <time datetime="([\d-]+)">([^<]+)</time>', page)
    assert match, "no 更新日"
    return match.group(2)


def crumbs(page: str) -> list[tuple[str, str]]:
    """The breadcrumb trail as (href, label); the current page has no href."""
    nav = re.search(r'<nav aria-label="パンくずリスト".*?</nav>', page, flags=re.S)
    if not nav:
        return []
    items = re.findall(r'<li(?: aria-current="page")?>(?:<a href="([^"]+)">)?([^<]+)', nav[0])
    return [(href, label) for href, label in items]


@pytest.fixture
def dated_seed(published_seed):
    """The seed, its meeting published, with a 更新日 recorded for every area (on a real server
    the record is written when the change commits; a test's transaction never commits)."""
    AreaUpdate.objects.record(list(SiteArea.values), when=LONG_AGO)
    return published_seed


def test_every_public_page_names_its_contact_dates_its_update_and_links_the_policies(
    client, dated_seed
):
    for path in [*sitemap_paths(client), "/desk/aomori-dx/consult/"]:
        page = html(client, path)
        assert "このページに関するお問い合わせ" in contact_block(page), path
        assert updated_on(page) == "令和6年1月10日", path
        assert 'href="/privacy/">個人情報の取扱い</a>' in page, path
        assert 'href="/accessibility/">ウェブアクセシビリティ方針</a>' in page, path
        assert 'href="/sitemap/">サイトマップ</a>' in page, path
        assert 'href="https://www.pref.aomori.lg.jp/">青森県ホームページ</a>' in page, path


def test_the_error_page_links_the_policies_too(client, dated_seed):
    page = client.get("/no-such-page/").content.decode()
    assert 'href="/privacy/"' in page and 'href="/accessibility/"' in page


@pytest.mark.parametrize(
    "path", ["/", "/headquarters/", "/headquarters/meetings/1/", "/plan/dx-plan/", "/privacy/"]
)
def test_headquarters_plan_and_site_pages_name_the_secretariat(client, dated_seed, path):
    block = contact_block(html(client, path))
    assert SECRETARIAT in block
    assert "新産業創造課" not in block
    # The source gives the secretariat no phone number or address: none is shown.
    assert "tel:" not in block and "mailto:" not in block
    assert "電話番号・メールアドレスは、このサイトには登録されていません。" in block


@pytest.mark.parametrize("path", ["/desk/aomori-dx/", "/desk/aomori-dx/consult/"])
def test_desk_pages_name_the_supervising_section_and_the_desk(client, dated_seed, path):
    block = contact_block(html(client, path))
    assert DESK_SECTION in block
    assert 'href="tel:017-734-9418"' in block
    assert 'href="mailto:sozoka@pref.aomori.lg.jp"' in block
    assert "青森県DX総合窓口" in block
    assert 'href="tel:080-7699-6065"' in block
    assert 'href="mailto:aomori-dx@aoit.jp"' in block
    assert "DX推進課" not in block


def test_the_contact_and_the_footer_follow_the_data(client, dated_seed):
    Department.objects.filter(name="DX推進課").update(name="デジタル推進課")
    PageContact.objects.filter(area=SiteArea.PLAN).update(phone="017-000-0000")
    Plan.objects.get().save()  # a change of public data: the cached pages are drawn anew

    plan_page = html(client, "/plan/dx-plan/")
    assert "青森県 企画政策部 デジタル推進課" in contact_block(plan_page)
    assert 'href="tel:017-000-0000"' in contact_block(plan_page)
    assert "青森県DX推進本部 事務局: 青森県 企画政策部 デジタル推進課" in plan_page
    assert "DX推進課" not in plan_page.split('class="site-footer"')[1]
    assert "017-000-0000" not in html(client, "/headquarters/")


def test_a_notice_names_the_contact_of_the_area_it_concerns(client, dated_seed):
    notice = Notice.objects.create(
        title="窓口の受付時間のお知らせ", area=SiteArea.DESK, is_published=True
    )
    block = contact_block(html(client, f"/news/{notice.pk}/"))
    assert DESK_SECTION in block and "青森県DX総合窓口" in block


def test_the_update_date_moves_when_the_area_changes_and_only_then(
    client, dated_seed, django_capture_on_commit_callbacks
):
    assert updated_on(html(client, "/plan/dx-plan/")) == "令和6年1月10日"

    with django_capture_on_commit_callbacks(execute=True):
        plan = Plan.objects.get()
        plan.title += "（改訂）"
        plan.save()

    today = format_wareki(timezone.localdate())
    assert updated_on(html(client, "/plan/dx-plan/")) == today
    assert updated_on(html(client, "/")) == today  # the home page shows every area
    assert updated_on(html(client, "/headquarters/")) == "令和6年1月10日"
    assert updated_on(html(client, "/desk/aomori-dx/")) == "令和6年1月10日"


def test_the_update_is_written_only_when_the_change_commits(
    dated_seed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Body.objects.filter(slug="headquarters").get().save()
    # Nothing is written until the change commits (and nothing if it never does).
    assert AreaUpdate.objects.get(area=SiteArea.HEADQUARTERS).changed_at == LONG_AGO
    assert len(callbacks) >= 2


def test_breadcrumbs_follow_the_url_on_every_page_and_name_each_level_once(client, dated_seed):
    names: dict[str, set[str]] = {}
    for path in sitemap_paths(client):
        trail = crumbs(html(client, path))
        if path == "/":
            assert trail == []
            continue
        urls = [href for href, _ in trail[:-1]]
        assert urls[0] == "/", path
        assert all(path.startswith(url) and url != path for url in urls), path
        assert urls == sorted(urls, key=len), path
        *_, (current_href, current_label) = trail
        assert current_href == "" and current_label, path
        for href, label in [*trail[:-1], (path, current_label)]:
            names.setdefault(href, set()).add(label)
    assert {url: labels for url, labels in names.items() if len(labels) > 1} == {}


def test_a_material_page_shows_every_level_above_it(client, dated_seed):
    *above, (href, label) = crumbs(html(client, "/headquarters/meetings/1/materials/2/"))
    assert above == [
        ("/", "ホーム"),
        ("/headquarters/", "推進体制と構成員"),
        ("/headquarters/meetings/", "会議の一覧"),
        ("/headquarters/meetings/1/", "第1回青森県DX推進本部会議"),
    ]
    assert href == "" and label.startswith("資料2")


def test_a_page_that_names_itself_keeps_its_name_and_one_that_does_not_gets_the_registry_name():
    assert trail("/privacy/") == [Crumb("/", "ホーム"), Crumb("/privacy/", "個人情報の取扱い")]
    assert trail("/privacy/", current="確認")[-1] == Crumb("/privacy/", "確認")
    assert trail("/no-such-page/") == []
    assert trail("/") == []


def test_the_consultation_form_sits_under_its_desk(client, dated_seed):
    trail = crumbs(html(client, "/desk/aomori-dx/consult/"))
    assert trail == [
        ("/", "ホーム"),
        ("/desk/aomori-dx/", "青森県DX総合窓口"),
        ("", "相談の申込み"),
    ]


def test_a_trail_never_names_what_the_public_may_not_see(client, dated_seed):
    hidden = Meeting.objects.create(
        body=Body.objects.get(slug="headquarters"),
        number=2,
        title="第2回（非公開の準備中）",
        date=datetime.date(2024, 3, 1),
        place="会議室",
    )
    response = client.get(f"/headquarters/meetings/{hidden.pk}/")
    assert response.status_code == 404
    assert "非公開の準備中" not in response.content.decode()


@pytest.mark.parametrize(
    "model,areas",
    [
        (Plan, {SiteArea.PLAN, SiteArea.SITE}),
        (Meeting, {SiteArea.HEADQUARTERS, SiteArea.SITE}),
        (Desk, {SiteArea.DESK, SiteArea.SITE}),
        (AccessibilityTestRun, {SiteArea.SITE}),
        (PageContact, set(SiteArea.values)),
        (Notice, set(SiteArea.values)),
        (None, set(SiteArea.values)),
    ],
)
def test_each_change_dates_the_areas_that_show_it(model, areas):
    assert set(changed_areas(model)) == areas
