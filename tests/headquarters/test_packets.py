"""The meeting packet as a PDF: the whole seed in order, fonts, tags, cache, uploads, privacy."""

from __future__ import annotations

import hashlib
import io
import re
import threading
import time
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from fontTools.ttLib import TTCollection
from pypdf import PdfReader, PdfWriter

from consultations.models import Desk
from dxportal.lib import pdf
from dxportal.lib.limits import LimitExceeded
from headquarters.meetings import editions, packets
from headquarters.meetings import views as meeting_views
from headquarters.meetings.models import Edition, Material, Meeting
from headquarters.models import Article, Body, Department, Item, Paragraph, SupplementaryProvision
from tests.admin_forms import change_form_data, form_errors
from tests.conftest import publish
from tests.pdfs import pdftotext, poppler, small_pdf
from tests.seed_content import AGENDA as AGENDA_LINES
from tests.seed_content import SCHEDULE_2023, SHIRYO_2, TABLE_1, TABLE_2
from tests.text import squeeze

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(seed):
    """The seed with its meeting published, as `make run` has it: these tests read it as the public."""
    publish(Meeting.objects.get(pk=1))


MEETING_PAGE = reverse("headquarters:meeting-detail", args=[1])
PACKET = reverse("headquarters:meeting-packet-pdf", args=[1])
AGENDA = reverse("headquarters:meeting-agenda-pdf", args=[1])
PACKET_TITLE = "第1回青森県DX推進本部会議_会議資料"
NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
# The top margin of an A4 page (22mm) in points: pdftotext -y 0 -H HEADER reads the page header.
HEADER = "62"


# --- reading PDFs with poppler ----------------------------------------------------------------


def raw_text(data: bytes) -> str:
    """The text in the order it is drawn: cell by cell, column by column (-raw)."""
    return pdftotext(data, "-raw")


def page_text(data: bytes, number: int) -> str:
    return pdftotext(data, "-f", str(number), "-l", str(number))


def header_text(data: bytes, number: int) -> str:
    """Only the running header of a page (1-based): the meeting and the material number."""
    page = str(number)
    return pdftotext(data, "-f", page, "-l", page, "-x", "0", "-y", "0", "-W", "596", "-H", HEADER)


def missing_in_order(text: str, lines: list[str], start: int = 0) -> list[str]:
    """Lines not found in the text after the line before them (whitespace squeezed, NFKC)."""
    page = squeeze(text)
    position, missing = start, []
    for line in lines:
        found = page.find(squeeze(line), position)
        if found < 0:
            missing.append(line)
        else:
            position = found + len(squeeze(line))
    return missing


def outline_pages(data: bytes) -> dict[str, int]:
    """Top-level bookmark title -> 1-based page number."""
    reader = PdfReader(io.BytesIO(data))
    return {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


# --- downloading -------------------------------------------------------------------------------


def download(client, url: str = PACKET) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def packet_from_meeting_page(client, pk: int = 1) -> bytes:
    """As a visitor gets it: open the meeting page, follow its 会議資料一式 link."""
    page = client.get(reverse("headquarters:meeting-detail", args=[pk]))
    assert page.status_code == 200
    links = re.findall(r'href="([^"]+/packet\.pdf)"', page.content.decode())
    assert links == [reverse("headquarters:meeting-packet-pdf", args=[pk])]
    return download(client, links[0])


def upload(meeting: Meeting, data: bytes, **fields) -> Material:
    """A material with an uploaded PDF, validated as the admin would before saving."""
    fields.setdefault("order", 4)
    fields.setdefault("label", "参考資料")
    fields.setdefault("title", "参考資料の説明")
    material = Material(
        meeting=meeting,
        file=SimpleUploadedFile("upload.pdf", data, content_type="application/pdf"),
        **fields,
    )
    material.full_clean()
    material.save()
    return material


@pytest.fixture
def render_forbidden(monkeypatch):
    """Any render from now on fails the request: what is served must come from the cache."""

    def refuse(*args, **kwargs):
        raise AssertionError("rendered again instead of serving the cached PDF")

    monkeypatch.setattr(packets, "render", refuse)


# --- the whole seed, in order ------------------------------------------------------------------

CHARTER_LINES = [
    "資料1 青森県DX推進本部設置要綱",
    "(目的)",
    "第1条 本県におけるDX（デジタルトランスフォーメーション）を推進するため",
    "(所掌事項)",
    "第2条 本部は、次に掲げる事項を所掌する。",
    "(1) 本県のDXの推進に向けた方針の策定及び推進に関すること",
    "(2) その他、本県のDXの推進に関すること",
    "(構成)",
    "第3条 本部は、知事、副知事及び本部員（別表第1に掲げる職にある者）をもって構成する。",
    "5 副本部長は、本部長を補佐し",
    "(本部会議)",
    "第4条",
    "(幹事会)",
    "第5条 本部の円滑な運営を図るため、本部に幹事会を置く。",
    "7 会長は、必要に応じて幹事会に分科会を置くことができる。",
    "(庶務)",
    "第6条 本部の庶務は、企画政策部DX推進課において処理する。",
    "(補則)",
    "第7条",
    "附則",
    "1 この要綱は、令和5年6月2日から施行する。",
    "2 IT戦略推進委員会設置要綱（平成16年4月1日制定）は、廃止する。",
    "別表第1（第3条関係）",
]
# 資料3 in the source's order, with its labels (住所：, TEL：, MAIL：).
DESK_LINES = [
    "資料3 青森県DX総合窓口の開設について",
    "【資料3】 青森県 商工労働部 新産業創造課",
    "開設要旨",
    "目的",
    "運営事業者概要",
    "NPO法人あおもりIT活用サポートセンター(AOIT)",
    "住所：青森県青森市古川1-8-2 倉内ビル3階",
    "TEL：017-718-0207",
    "法人概要",
    "窓口概要",
    "グラビティワーク(コワーキングスペース)",
    "住所：青森県青森市古川1-8-2 倉内ビル3階",
    "TEL：080-7699-6065",
    "MAIL：aomori-dx@aoit.jp",
    "担当者：風晴(かぜはれ)DXコンシェルジュ",
    "支援内容",
    "県庁所管課",
    "青森県 商工労働部 新産業創造課 産業DX推進グループ 担当 丸尾(まるお)",
    "TEL：017-734-9418",
    "MAIL：sozoka@pref.aomori.lg.jp",
]


def test_the_packet_behind_the_meeting_page_reads_like_the_seed_meeting_in_order(client, seed):
    data = packet_from_meeting_page(client)
    # 資料2 line by line, with the schedule's cells row by row after its heading.
    schedule = SHIRYO_2.index("2023年度スケジュール（予定）") + 1
    events = [event for _, _, event in SCHEDULE_2023]
    the_whole_seed = [
        *AGENDA_LINES,
        *CHARTER_LINES,
        *TABLE_1,
        "別表第2（第5条関係）",
        *TABLE_2,
        "資料2 (仮称) 青森県DX推進プランの策定及び推進について",
        *SHIRYO_2[:schedule],
        *events,
        "凡例",
        *SHIRYO_2[schedule:],
        *DESK_LINES,
    ]
    # In drawing order (-raw) the multi-column parts (別表, schedule) keep each cell whole, and
    # each 別表 is drawn as the charter lists it: down the left column, then the right.
    assert missing_in_order(raw_text(data), the_whole_seed) == []
    # In pdftotext's reading order, the section headings follow each other all the same.
    headings = [
        "日時",
        "次第",
        "【資料】",
        "資料1 青森県DX推進本部設置要綱",
        "第1条",
        "第7条",
        "附則",
        "別表第1",
        "別表第2",
        "資料2 (仮称) 青森県DX推進プランの策定及び推進について",
        "1 策定の趣旨",
        "5 構成案",
        "6 推進体制",
        "2023年度スケジュール（予定）",
        "趣旨",
        "DX推進の理念",
        "基本方針",
        "2023年度取組方針",
        "資料3 青森県DX総合窓口の開設について",
        "開設要旨",
        "運営事業者概要",
        "窓口概要",
        "支援内容",
        "県庁所管課",
        "丸尾",
    ]
    assert missing_in_order(pdftotext(data), headings) == []


# The three 基本方針 pillars stand side by side on the web page and one under another in the PDF;
# the sentences inside them are read in drawing order (-raw), whichever way they are laid out.
PILLARS = SHIRYO_2[
    SHIRYO_2.index("「産業・しごと」を支えるDX") : SHIRYO_2.index("2023年度取組方針")
]
PILLAR_HEADINGS = [
    "「産業・しごと」を支えるDX",
    "「暮らし・まち」を支えるDX",
    "「行政経営」を支えるDX",
]


def test_every_line_of_the_seed_is_in_the_packet_as_pdftotext_reads_it(client, seed):
    data = packet_from_meeting_page(client)
    text = squeeze(pdftotext(data))
    start = text.index(squeeze("資料2 (仮称)"), 1000)
    material_2 = text[start : text.index("資料3青森県DX", start)]
    expected = [*AGENDA_LINES, *CHARTER_LINES, *TABLE_1, *TABLE_2, *DESK_LINES]
    assert [line for line in expected if squeeze(line) not in text] == []
    across = [line for line in SHIRYO_2 if line not in PILLARS or line in PILLAR_HEADINGS]
    assert [line for line in across if squeeze(line) not in material_2] == []
    assert missing_in_order(material_2, PILLAR_HEADINGS) == []
    drawn = squeeze(raw_text(data))
    assert [line for line in PILLARS if squeeze(line) not in drawn] == []
    assert "令和5年6月2日(金)" in text
    # Only the source's wording: no sentence of the web page, no 開設日 the source's 資料3 lacks.
    assert "時点で効力を有する規定を表示しています" not in text
    assert "令和5年5月22日(月)" not in text and squeeze("(5月22日開設)") in text


def test_the_packet_embeds_one_japanese_font_subset_and_is_tagged_a4(client, seed):
    data = packet_from_meeting_page(client)
    fonts = poppler("pdffonts", data).splitlines()[2:]
    assert fonts
    rows = [line.split() for line in fonts]
    # name, type …, encoding, emb, sub, uni, object, generation: read from the right.
    assert [(row[-5], row[-4]) for row in rows] == [("yes", "yes")] * len(rows)
    names = [row[0] for row in rows]
    assert any(re.search(r"\+Noto-?Sans-?CJK-?JP", name) for name in names), names
    assert all("Noto" in name for name in names), names  # no fallback font for a missing glyph
    info = dict(
        line.split(":", 1) for line in poppler("pdfinfo", data, "-enc", "UTF-8").splitlines()
    )
    assert info["Tagged"].strip() == "yes"
    assert "(A4)" in info["Page size"]
    assert info["Title"].strip() == PACKET_TITLE
    titles = list(outline_pages(data))
    assert [t.split()[0] for t in titles if t.startswith("資料")] == ["資料1", "資料2", "資料3"]
    assert "資料2 (仮称) 青森県DX推進プランの策定及び推進について" in titles


def japanese_face():
    collection = TTCollection(NOTO_CJK, lazy=True)
    for font in collection.fonts:
        family = font["name"].getDebugName(1)
        if "CJK JP" in family and "Mono" not in family:
            return font
    raise AssertionError("no Noto Sans CJK JP in " + NOTO_CJK)


def test_the_japanese_font_has_a_glyph_for_every_character_of_the_seed(seed):
    desk = Desk.objects.get()
    desk_fields = [
        desk.name,
        desk.purpose,
        desk.supervisor,
        desk.operator_name,
        desk.operator_address,
        desk.operator_phone,
        desk.operator_profile,
        desk.place_name,
        desk.place_address,
        desk.phone,
        desk.email,
        desk.concierge,
        desk.website_url,
        desk.website_note,
        desk.section_name,
        desk.section_contact,
        desk.section_phone,
        desk.section_email,
        *desk.support_items.values_list("title", flat=True),
        *desk.support_items.values_list("description", flat=True),
    ]
    charter = [
        *Article.objects.values_list("caption", flat=True),
        *Paragraph.objects.values_list("text", flat=True),
        *Item.objects.values_list("text", flat=True),
        *SupplementaryProvision.objects.values_list("text", flat=True),
        *SupplementaryProvision.objects.values_list("repeals", flat=True),
        *Meeting.objects.values_list("title", "place").get(pk=1),
        *Material.objects.values_list("title", flat=True),
    ]
    text = "".join([*SHIRYO_2, *TABLE_1, *TABLE_2, *charter, *desk_fields])
    assert len(text) > 3000
    characters = {c for c in text if not c.isspace()}
    cmap = japanese_face().getBestCmap()
    assert {c for c in characters if ord(c) not in cmap} == set()


def test_every_page_of_material_2_is_headed_with_its_number(client, seed):
    data = packet_from_meeting_page(client)
    pages = outline_pages(data)
    first = next(p for title, p in pages.items() if title.startswith("資料2 "))
    after = next(p for title, p in pages.items() if title.startswith("資料3 "))
    assert after - first >= 2  # 資料2 runs over several pages
    for number in range(first, after):
        header = header_text(data, number)
        assert "資料2" in header, (number, header)
        assert "第1回青森県DX推進本部会議" in header
        assert "資料1" not in header and "資料3" not in header
    assert "次第" in header_text(data, 1)
    assert "資料3" in header_text(data, page_count(data))
    assert re.search(rf"{first}\s*/\s*{page_count(data)}", page_text(data, first))


# --- downloads ---------------------------------------------------------------------------------


def test_downloads_are_named_in_ascii_and_in_japanese(client, seed):
    response = client.get(PACKET)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="meeting-1-v1-packet.pdf"' in disposition
    encoded = re.search(r"filename\*=UTF-8''([^;\s]+)", disposition).group(1)
    assert encoded.isascii()
    assert unquote(encoded) == "第1回青森県DX推進本部会議_会議資料.pdf"
    b"".join(response.streaming_content)
    agenda = client.get(AGENDA)
    disposition = agenda["Content-Disposition"]
    assert 'filename="meeting-1-v1-agenda.pdf"' in disposition
    encoded = re.search(r"filename\*=UTF-8''([^;\s]+)", disposition).group(1)
    assert unquote(encoded) == "第1回青森県DX推進本部会議_次第.pdf"
    b"".join(agenda.streaming_content)


def test_the_japanese_filename_is_a_valid_rfc_5987_value_whatever_the_title():
    disposition = meeting_views.content_disposition(
        "第1回会議_資料1_令和5/6年度予算.pdf", "meeting-1-material-1.pdf"
    )
    value = disposition.split("filename*=UTF-8''", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9!#$&+.^_`|~%-]+", value), value


def test_the_agenda_alone_holds_the_cover_and_nothing_else(client, seed):
    data = download(client, AGENDA)
    agenda = pdftotext(data)
    assert missing_in_order(agenda, AGENDA_LINES) == []
    assert page_count(data) == 1
    for elsewhere in ["第1条", "別表第1", "策定の趣旨", "丸尾", "窓口概要"]:
        assert elsewhere not in agenda
    assert "次第" in header_text(data, 1)


def material_3_pdf(client) -> bytes:
    desk_material = Material.objects.get(meeting=1, label="資料3")
    return download(client, reverse("headquarters:material-pdf", args=[1, desk_material.pk]))


def test_a_material_alone_holds_that_material_and_nothing_else(client, seed):
    data = material_3_pdf(client)
    assert missing_in_order(raw_text(data), DESK_LINES) == []
    text = pdftotext(data)
    for elsewhere in [
        "第1条",
        "附則",
        "別表第",
        "策定の趣旨",
        "開会",
        "【資料】",
        "資料1",
        "資料2",
    ]:
        assert elsewhere not in text
    assert "次第" not in text
    for number in range(1, page_count(data) + 1):
        assert "資料3" in header_text(data, number)
        assert "第1回青森県DX推進本部会議" in header_text(data, number)
    assert [title.split()[0] for title in outline_pages(data)] == ["資料3"]


def test_a_material_alone_starts_on_its_first_page(client, seed):
    data = material_3_pdf(client)
    packet = download(client)
    first_in_packet = outline_pages(packet)["資料3 青森県DX総合窓口の開設について"]
    assert page_count(data) == page_count(packet) - first_in_packet + 1  # no blank page before
    assert raw_text(data).startswith("資料3 青森県DX総合窓口の開設について\n")
    assert re.search(rf"(^|\s)1\s*/\s*{page_count(data)}\s", page_text(data, 1))


def test_a_material_alone_has_no_hidden_text_in_its_reading_order(client, seed):
    data = material_3_pdf(client)
    first_page = page_text(data, 1)
    assert squeeze("資料3 青森県DX総合窓口の開設について") in squeeze(first_page)
    single_characters = [line for line in first_page.splitlines() if len(line.strip()) == 1]
    assert single_characters == []


# --- the cache ---------------------------------------------------------------------------------


def test_an_unchanged_packet_is_served_from_the_cache(client, seed, monkeypatch):
    first = packet_from_meeting_page(client)
    monkeypatch.setattr(pdf, "render", lambda *a, **k: pytest.fail("rendered again"))
    assert packet_from_meeting_page(client) == first
    # A department's name the packet never prints: editing it leaves the packet alone.
    department = Department.objects.get(name="財政課", parent__name="総務部")
    text = squeeze(pdftotext(first))
    assert department.full_name not in text
    department.name = "財務課"
    department.save()
    assert "財務課" not in text
    assert download(client) == first


def test_editing_the_place_changes_nothing_published_until_staff_replace_the_edition(
    superuser_client, seed, django_capture_on_commit_callbacks
):
    client = superuser_client
    before = download(client)
    change_url = reverse("admin:headquarters_meeting_change", args=[1])
    form = client.get(change_url)
    assert form.status_code == 200
    data = change_form_data(form)
    assert data["materials-TOTAL_FORMS"] == "3" and data["agenda-TOTAL_FORMS"] == "6"
    assert data["place"] == "第三応接室"
    data["place"] = "県庁北棟3階 会議室B"
    response = client.post(change_url, data)
    assert response.status_code == 302, form_errors(response)
    meeting = Meeting.objects.get(pk=1)
    assert meeting.place == "県庁北棟3階 会議室B"
    assert list(meeting.materials.values_list("generator", flat=True)) == [
        "charter",
        "plan",
        "desk",
    ]
    assert download(client) == before  # the published edition is as it was published

    replace_url = reverse("admin:headquarters_meeting_replace", args=[1])
    refused = client.post(replace_url, {"reason": ""})
    assert "このフィールドは必須です。" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        replaced = client.post(replace_url, {"reason": "会場の変更"}, follow=True)
    assert "第2版の作成を始めました。" in replaced.content.decode()
    after = download(client)
    text = pdftotext(after)
    assert "県庁北棟3階 会議室B" in text and "第三応接室" not in text
    page_text = squeeze(client.get(MEETING_PAGE).content.decode())
    assert squeeze("差替え（会場の変更）") in page_text
    first = meeting.editions.get(number=1)
    earlier_page = client.get(reverse("headquarters:edition-detail", args=[1, 1]))
    assert earlier_page.status_code == 200
    earlier_packet = first.files.get(kind="packet")
    earlier_url = reverse("headquarters:edition-file-pdf", args=[1, 1, earlier_packet.pk])
    assert earlier_url in earlier_page.content.decode()
    assert download(client, earlier_url) == before
    assert hashlib.sha256(before).hexdigest() == earlier_packet.sha256


def test_editing_the_charter_changes_the_packet_only_in_a_new_edition(client, seed):
    before = download(client)
    paragraph = Paragraph.objects.get(article__number=6)
    paragraph.text = "本部の庶務は、企画政策部デジタル戦略課において処理する。"
    paragraph.save()
    assert download(client) == before
    publish(Meeting.objects.get(pk=1), reason="第6条の誤りを訂正")
    text = squeeze(pdftotext(download(client)))
    assert "企画政策部デジタル戦略課において処理する" in text
    assert "企画政策部DX推進課において処理する" not in text
    assert "企画政策部DX推進課において処理する" in squeeze(pdftotext(before))


def test_a_second_edition_cannot_start_while_one_is_being_made(seed):
    meeting = Meeting.objects.get(pk=1)
    editions.request_edition(meeting=meeting, reason="誤字の訂正")
    with pytest.raises(editions.EditionInProgress):
        editions.request_edition(meeting=meeting, reason="もう一度")
    with pytest.raises(ValidationError, match="差替えの理由を入力してください。"):
        Edition.objects.filter(status=Edition.Status.RENDERING).delete()
        editions.request_edition(meeting=meeting, reason="  ")


def test_a_failed_render_is_recorded_once_and_the_published_edition_stays(
    client, seed, monkeypatch
):
    before = download(client)
    meeting = Meeting.objects.get(pk=1)
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise LimitExceeded("制限時間（600秒）内に作成が終わりませんでした。")

    monkeypatch.setattr(packets, "run_limited", broken)
    Paragraph.objects.filter(article__number=6).update(text="変更した条文。")
    edition = editions.publish_now(meeting=meeting, reason="条文の訂正")
    assert edition.status == Edition.Status.FAILED
    assert edition.error == "制限時間（600秒）内に作成が終わりませんでした。"
    assert len(calls) == 1
    # Page views never try again, and the public still gets the first edition.
    for _ in range(3):
        assert client.get(MEETING_PAGE).status_code == 200
    assert download(client) == before
    assert len(calls) == 1
    editions.build_edition(edition)  # a failed edition is not retried behind staff's back
    assert len(calls) == 1


def test_a_stored_file_is_never_seen_half_written(seed, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "storage"
    data = small_pdf("HALFWRITTEN", pages=3)
    name = f"editions/public/{hashlib.sha256(data).hexdigest()}.pdf"
    real_chunks = ContentFile.chunks

    def slow_chunks(self, chunk_size=None):
        for i, chunk in enumerate(real_chunks(self, 4096)):
            if i == 1:
                time.sleep(1.2)  # a slow disk or network share, mid-write
            yield chunk

    monkeypatch.setattr(ContentFile, "chunks", slow_chunks)
    seen: dict[str, bytes] = {}

    def reader() -> None:
        deadline = time.monotonic() + 20
        while not default_storage.exists(name) and time.monotonic() < deadline:
            time.sleep(0.05)
        with default_storage.open(name, "rb") as file:
            seen["data"] = file.read()

    waiter = threading.Thread(target=reader, daemon=True)
    waiter.start()
    packets.save_whole(name, data)
    waiter.join(timeout=30)
    assert seen["data"] == data


# --- uploaded materials ------------------------------------------------------------------------


def test_an_uploaded_pdf_joins_the_packet_page_for_page_under_its_label(client, seed):
    seed_packet = download(client)
    upload(Meeting.objects.get(pk=1), small_pdf("ZEBRAFINCH", pages=2, size="A5"))
    publish(Meeting.objects.get(pk=1), reason="参考資料を追加")
    data = download(client)
    count = page_count(data)
    assert count == page_count(seed_packet) + 2
    for number in (count - 1, count):
        assert "参考資料" in header_text(data, number)
        assert "第1回青森県DX推進本部会議" in header_text(data, number)
    assert "ZEBRAFINCH 1" in page_text(data, count - 1)
    assert "ZEBRAFINCH 2" in page_text(data, count)
    assert "ZEBRAFINCH" not in pdftotext(seed_packet)
    assert "参考資料 参考資料の説明" in pdftotext(data, "-l", "1")  # listed on the cover
    assert outline_pages(data)["参考資料 参考資料の説明"] == count - 1
    assert "A4" in poppler("pdfinfo", data, "-f", str(count), "-l", str(count))


def test_a_file_that_is_not_a_pdf_is_refused_in_japanese(seed):
    with pytest.raises(ValidationError) as refused:
        upload(Meeting.objects.get(pk=1), b"hello")
    assert refused.value.message_dict["file"] == [
        "PDFファイルではありません。PDF形式で保存したファイルを選んでください。"
    ]
    assert not Material.objects.filter(label="参考資料").exists()


def test_a_pdf_over_the_size_limit_is_refused_in_japanese(seed, settings):
    settings.MATERIAL_MAX_BYTES = 2048
    data = small_pdf("LARGE", pages=2)
    assert len(data) > 2048
    with pytest.raises(ValidationError) as refused:
        upload(Meeting.objects.get(pk=1), data)
    assert refused.value.message_dict["file"] == [
        f"ファイルが大きすぎます（{filesizeformat(len(data))}）。2.0\xa0KB以下のPDFにしてください。"
    ]


def test_a_password_protected_pdf_is_refused_in_japanese(seed):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(small_pdf("SECRET", pages=1))))
    writer.encrypt("himitsu")
    output = io.BytesIO()
    writer.write(output)
    with pytest.raises(ValidationError) as refused:
        upload(Meeting.objects.get(pk=1), output.getvalue())
    assert refused.value.message_dict["file"] == [
        "パスワード付きのPDFは添付できません。保護を解除してください。"
    ]


# --- what is not public ------------------------------------------------------------------------


def test_a_private_material_is_nowhere_public(client, seed):
    desk_material = Material.objects.get(meeting=1, label="資料3")
    desk_material.is_public = False
    desk_material.save()
    publish(Meeting.objects.get(pk=1), reason="公開範囲の見直し")
    page = client.get(MEETING_PAGE).content.decode()
    assert "資料3" not in page and "青森県DX総合窓口の開設について" not in page
    assert f"/materials/{desk_material.pk}" not in page
    text = squeeze(pdftotext(download(client)))
    for desk_line in ["資料3", "丸尾", "風晴", "運営事業者概要", "sozoka@pref.aomori.lg.jp"]:
        assert squeeze(desk_line) not in text
    assert "資料2" in text  # the rest of the packet is still there
    assert "資料3" not in pdftotext(download(client, AGENDA))
    for name in ["headquarters:material-detail", "headquarters:material-pdf"]:
        assert client.get(reverse(name, args=[1, desk_material.pk])).status_code == 404
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert reverse("headquarters:material-detail", args=[1, desk_material.pk]) not in sitemap
    assert reverse("headquarters:material-detail", args=[1, 1]) in sitemap


@pytest.mark.parametrize("hidden", ["meeting", "body"])
def test_a_private_meeting_is_nowhere_public(client, seed, render_forbidden, hidden):
    if hidden == "meeting":
        Meeting.objects.filter(pk=1).update(is_public=False)
    else:
        Body.objects.filter(pk=1).update(is_public=False)
    for url in [
        MEETING_PAGE,
        PACKET,
        AGENDA,
        reverse("headquarters:material-detail", args=[1, 1]),
        reverse("headquarters:material-pdf", args=[1, 1]),
    ]:
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("headquarters:meeting-list")).content.decode()
    assert "第1回青森県DX推進本部会議" not in listing and MEETING_PAGE not in listing
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert MEETING_PAGE not in sitemap
    calendar = client.get(reverse("headquarters:meetings-ics")).content.decode()
    assert "第1回青森県DX推進本部会議" not in calendar and "meeting-1@" not in calendar
