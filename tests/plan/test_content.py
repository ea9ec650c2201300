"""The plan pages carry every sentence of 資料2 of the seed, and the schedule every event."""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.urls import reverse

from plan.models import Event, FiscalSchedule
from plan.selectors import month_grid, schedules_with_events

pytestmark = pytest.mark.django_db

# 資料2 of the seed meeting packet, line by line (the schedule table is checked separately).
SHIRYO_2 = [
    "1 策定の趣旨",
    "人口減少やコロナ禍の長期化を経て、社会情勢が大きく変化し、これまで以上にデジタル技術を活用して、新たなしごとや働き方を創出する必要性が高まっている。",
    "デジタル技術の進展により、一人ひとりの状況に応じたきめ細かいサービスが低コストで提供できるようになり、国ではデジタル技術の活用による地方創生に舵を切っている。",
    "令和5年3月に作成した「青森県DX推進方向」(以下、DX推進方向)を基に、本県におけるDX推進の指針となる「(仮称)青森県DX推進プラン」(以下、DXプラン)を策定する。",
    "2 次期青森県基本計画及び行財政改革大綱との関係",
    "DXプランは、次期青森県基本計画及び行財政改革大綱と整合性を図りつつ、あらゆる分野におけるDX推進の指針(取組方針)を示すとともに、各施策の取組を加速化する個別計画(アクションプラン)として位置づけられるものとする。",
    "3 期間",
    "2024年度(令和6年度)～2028年度(令和10年度)の5年間",
    "4 策定時期",
    "次期青森県基本計画及び行財政改革大綱の策定と整合を図りつつ、今年度中に策定する予定。",
    "5 構成案",
    "○基本的な考え(青森県はDXでもっとおもしろくなる)",
    "○はじめに(趣旨・目的、位置づけ、期間、構成)",
    "1 現状、課題、ニーズ(国や県、市町村の動向等)",
    "2 めざす姿(「産業・しごと」、「暮らし・まち」、「行政経営」)",
    "3 施策・取組の体系",
    "(「産業・しごと」、「暮らし・まち」、「行政経営」)",
    "4 めざす姿の実現に向けた主な取組(体系別)",
    "5 重点分野・重点化",
    "6 推進体制",
    "7 資料等",
    "※ DX推進方向をたたき台として、めざす姿や施策・取組内容等について、具体的な内容を盛り込むこととする。",
    "6 推進体制",
    "(1) 青森県DX推進本部等の設置",
    "DX推進のため、IT戦略推進委員会を改組し、以下の組織で構成する「青森県DX推進本部」を設置するとともに、令和5年4月に企画政策部内にDX推進課を新設した。また、推進本部の外部組織として有識者等で構成する「(仮称)青森県DX推進プラン策定委員会」を設置する。(次頁参照)",
    "① 本部会議（庁議メンバー）",
    "② 情報システム投資委員会（行政経営課所管）",
    "③ 情報セキュリティ委員会（行政経営課所管）",
    "④ 幹事会（各部局の主管課の課長代理等、地域県民局地域連携部地域支援チームリーダー）",
    "⑤ (仮称)青森県DX推進プラン策定委員会（外部有識者）",
    "(2) 青森県DX総合窓口の設置",
    "県内事業者等の相談にワンストップで対応するため、新産業創造課が設置する「青森県DX総合窓口」が中心となり、各主体の取組を促進する。(5月22日開設)",
    "推進体制",
    "2023年度スケジュール（予定）",
    "※ 次期青森県基本計画及び行財政改革大綱の策定スケジュールと整合を図りながら策定作業を進めることとする。",
    "趣旨",
    "人口減少やコロナ禍の長期化により社会情勢が大きく変化",
    "⇒ 新たなしごとや働き方の創出に向け、これまで以上にデジタル技術を活用",
    "デジタル技術の進展により、一人ひとりの状況に応じたきめ細かいサービスが提供可能に",
    "⇒ 国ではデジタル技術の活用による地方創生に舵",
    "▶ 令和5年度に策定予定の「青森県DX推進プラン(仮称)」の基本となる方向性を整理",
    "国や県、市町村の動向",
    "(国) デジタル庁の創設や新たな総合戦略「デジタル田園都市国家構想総合戦略」の策定など、デジタル技術の活用を強力に推進している。",
    "(産業) 慢性的な人手不足が続く一方、農林水産業といった産業は、全国と比較し優位性がある。また、約8割の中小企業は、DXの必要性を認識している。",
    "(暮らし) Well-Being指標を全国と比較すると、「医療・健康」、「多様性」等が低い。県民の意識調査では、育児環境や働く場について充足度が低い。また、県や市町村の総合戦略から見ると、地域で共に支え合い、助け合う体制づくり等に関するKPIが設定され、多くの取組が進められている。",
    "(市町村) DXの推進に取り組んでいる自治体は21あり、きっかけは、上層部からの指示や庁内での検討結果の反映などが多くなっている。",
    "DX推進の理念",
    "新たなしごとや働き方で、産業を未来に紡ぐ。",
    "人と人がつながり、豊かさと安心を築く。",
    "日々わくわくする青森県を目指し、県民とともにDXを推進します。",
    "～青森県はDXでもっとおもしろくなる～",
    "基本方針",
    "めざす姿実現のため、特に「X(変革)」を意識しながら、以下3つの基本方針を柱としてDX推進に取り組む。",
    "「産業・しごと」を支えるDX",
    "様々な変革を契機とした新たなビジネスモデルの創出や創業・起業への挑戦を支援",
    "労働力人口の減少に伴う生産力の低下や多様な働き方への対応",
    "⇒ 産業・しごと両面からの視点でDXを推進",
    "「暮らし・まち」を支えるDX",
    "県民のニーズを把握するとともに、その実現に向けた生活サービスの提供体制の構築",
    "必要なつながりを維持できる環境づくり",
    "デジタル技術を活用するための知識や機会等の格差の解消",
    "⇒ 住民目線でのDXの推進に取り組む。",
    "「行政経営」を支えるDX",
    "複雑化・高度化する行政課題の解消に向けて、デジタル技術を活用し、持続可能かつ効率的であり、地域全体として最適化された行政サービスを実現",
    "⇒ 産業・しごと分野や暮らし・まち分野のDXを実現するための下支え",
    "2023年度取組方針",
    "取組方針1 青森県DX推進プラン(仮称)を策定",
    "3つの基本方針を柱とする、本県におけるDX推進の指針となるプランを策定する。",
    "取組方針2 R5年度事業",
    "あらゆる分野でのデジタルによる変革を進める。",
    "(例) スマート農業・林業の実証試験、県産品のEC展開の強化、事業者等の相談窓口の設置、インフラや観光客等のデータ利活用の基盤構築、暮らし・まち分野の市町村等のデジタル実装モデル構築支援、保健所業務の効率化、行政手続きや内部業務、税務などのデジタル化 など",
    "取組方針3 企画政策部が司令塔となり、全庁的に取組を推進",
    "「青森県DX推進プラン(仮称)」の策定と並行して、DX推進の取組を加速!",
]

# The flattened 2023年度スケジュール, put back: (track, month, what the cell says).
SCHEDULE_2023 = [
    ("プラン策定委員会", 5, "◆ 第1回 5/10"),
    ("プラン策定委員会", 6, "◆ 第2回 6/7 骨子案検討"),
    ("プラン策定委員会", 7, "◆ 第3回 7/26 素案検討"),
    ("プラン策定委員会", 9, "↔ パブコメ"),
    ("プラン策定委員会", 10, "◆ 第4回 原案検討"),
    ("DX推進本部", 6, "◎ 6/2 設立"),
    ("DX推進本部", 3, "◆ プラン了承"),
    ("幹事会", 5, "◇ 5/22 準備会"),
    ("幹事会", 8, "◇ プラン素案 検討"),
    ("幹事会", 9, "↔ R 6 事業構築等に向け適宜開催"),
    ("幹事会", 1, "◇ プラン原案 検討"),
]


def squeeze(text: str) -> str:
    """Text compared without layout: NFKC, no whitespace, no bullet marks."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s・]", "", text)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html).replace("&amp;", "&")


def test_every_sentence_of_shiryo_2_is_on_the_plan_page(client, seed):
    response = client.get(reverse("plan:plan-detail", args=["dx-plan"]))
    page = squeeze(visible_text(response.content.decode()))
    missing = [line for line in SHIRYO_2 if squeeze(line) not in page]
    assert missing == []


def test_the_plan_page_reads_in_the_packets_order(client, seed):
    response = client.get(reverse("plan:plan-detail", args=["dx-plan"]))
    page = squeeze(visible_text(response.content.decode()))
    anchors = [
        "1策定の趣旨",
        "5構成案",
        "6推進体制",
        "2023年度スケジュール",
        "趣旨",
        "DX推進の理念",
        "基本方針",
        "2023年度取組方針",
        "DX推進の取組を加速!",
    ]
    positions = []
    start = page.index("1策定の趣旨")
    for anchor in anchors:
        start = page.index(anchor, start)
        positions.append(start)
    assert positions == sorted(positions)


def test_every_seed_event_is_in_its_month_and_track(seed):
    schedule = schedules_with_events(FiscalSchedule.objects.get().plan).get()
    grid = month_grid(schedule)
    placed = [
        (row.track.name, month.month, f"{event.symbol} {event.label}")
        for row in grid.rows
        for month, events in zip(grid.months, row.cells, strict=True)
        for event in events
    ]
    assert sorted(placed) == sorted(SCHEDULE_2023)
    assert [m.month for m in grid.months] == [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]
    assert grid.months[-1].year == 2024


def test_schedule_page_is_a_real_table_with_headers(client, seed):
    html = client.get(reverse("plan:schedule-detail", args=["dx-plan", 2023])).content.decode()
    table = re.search(r"<table class=\"schedule-grid\">.*?</table>", html, re.S).group(0)
    assert "<caption>2023年度スケジュール（予定）</caption>" in table
    headers = re.findall(r"<th scope=\"col\">([^<]+)</th>", table)
    assert headers == ["区分", *[f"{m}月" for m in [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]]]
    rows = re.findall(r"<tr>\s*<th scope=\"row\">([^<]+)</th>(.*?)</tr>", table, re.S)
    assert [name for name, _ in rows] == ["プラン策定委員会", "DX推進本部", "幹事会"]
    for track, month, text in SCHEDULE_2023:
        cells = re.findall(r"<td>(.*?)</td>", dict(rows)[track], re.S)
        column = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3].index(month)
        label = text.split(" ", 1)[1]
        assert label in cells[column], (track, month, text)


def test_dated_events_keep_their_day_and_undated_ones_their_month(seed):
    first = Event.objects.get(label="第1回 5/10")
    assert (first.start.isoformat(), first.precision) == ("2023-05-10", Event.Precision.DAY)
    approval = Event.objects.get(label="プラン了承")
    assert (approval.start.isoformat(), approval.precision) == ("2024-03-01", "month")
    assert approval.last_day.isoformat() == "2024-03-31"


def test_a_milestone_links_to_its_meeting(client, seed):
    html = client.get(reverse("plan:schedule-detail", args=["dx-plan", 2023])).content.decode()
    link = reverse("headquarters:meeting-detail", args=[1])
    assert f'<a href="{link}">6/2 設立</a>' in html
