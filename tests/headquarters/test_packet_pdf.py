"""The seed meeting's PDF packet: its text in order, its fonts, its cache, and what stays private."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from consultations.models import Desk
from headquarters.meetings.models import Material, Meeting
from tests.conftest import publish
from tests.headquarters.test_seed import TABLE_1, TABLE_2
from tests.plan.test_content import SCHEDULE_2023, SHIRYO_2

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(seed):
    """The seed with its meeting published, as `make run` has it: these tests read it as the public."""
    publish(Meeting.objects.get(pk=1))


PACKET = reverse("headquarters:meeting-packet-pdf", args=[1])


def squeeze(text: str) -> str:
    return re.sub(r"[\s・]", "", unicodedata.normalize("NFKC", text))


def download(client, path: str = PACKET) -> bytes:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    file = tmp_path / "packet.pdf"
    file.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(file), "-"], capture_output=True, text=True, check=True
    ).stdout


def in_order(text: str, lines: list[str]) -> list[str]:
    """The lines that are missing, or found only before the line preceding them."""
    page = squeeze(text)
    position, missing = 0, []
    for line in lines:
        found = page.find(squeeze(line), position)
        if found < 0:
            missing.append(line)
        else:
            position = found
    return missing


def test_the_packet_from_the_meeting_page_carries_the_whole_seed_in_order(client, seed, tmp_path):
    page = client.get(reverse("headquarters:meeting-detail", args=[1])).content.decode()
    assert re.search(r"会議資料一式をダウンロード（PDF [0-9.]+\s?(KB|MB)", page)
    text = pdf_text(download(client), tmp_path)
    agenda = [
        "第1回青森県DX推進本部会議", "令和5年6月2日(金)", "第三応接室", "次第", "1. 開会", "2. 議題",
        "① 青森県DX推進本部の設置について", "② (仮称) 青森県DX推進プランの策定及び推進について",
        "3. 本部長指示事項", "4. 閉会", "【資料】", "資料1 青森県DX推進本部設置要綱",
        "資料2 (仮称) 青森県DX推進プランの策定及び推進について", "資料3 青森県DX総合窓口の開設について",
    ]  # fmt: skip
    charter = [
        "(目的)", "第1条", "(所掌事項)", "(1) 本県のDXの推進に向けた方針の策定及び推進に関すること",
        "(構成)", "5 副本部長は、本部長を補佐し", "(本部会議)", "(幹事会)", "7 会長は、必要に応じて",
        "(庶務)", "(補則)", "附則", "1 この要綱は、令和5年6月2日から施行する。",
        "2 IT戦略推進委員会設置要綱（平成16年4月1日制定）は、廃止する。", "別表第1（第3条関係）",
    ]  # fmt: skip
    assert in_order(text, agenda + charter) == []
    schedules = squeeze(text[text.index("別表第1") :])
    assert [t for t in TABLE_1 + TABLE_2 if squeeze(t) not in schedules] == []
    shiryo_2 = text[text.index("資料2") :]
    assert [line for line in SHIRYO_2 if squeeze(line) not in squeeze(shiryo_2)] == []
    assert [
        e for _, _, e in SCHEDULE_2023 if squeeze(e.split(" ", 1)[1]) not in squeeze(shiryo_2)
    ] == []
    desk = Desk.objects.get()
    shiryo_3 = squeeze(text[text.rindex("青森県DX総合窓口の開設について") :])
    for value in [desk.name, desk.operator_name, desk.operator_phone, desk.phone, desk.email,
                  desk.section_phone, desk.section_email, "丸尾(まるお)", "風晴(かぜはれ)"]:  # fmt: skip
        assert squeeze(value) in shiryo_3, value


def test_the_japanese_font_is_embedded_as_a_subset_and_the_pdf_is_tagged(client, seed, tmp_path):
    file = tmp_path / "packet.pdf"
    file.write_bytes(download(client))
    fonts = subprocess.run(["pdffonts", str(file)], capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and any("Noto-Sans-CJK-JP" in row[0] for row in rows)
    assert all(row[-5:-3] == ["yes", "yes"] for row in rows), fonts
    info = subprocess.run(["pdfinfo", str(file)], capture_output=True, text=True).stdout
    assert re.search(r"Tagged:\s+yes", info) and "(A4)" in info
    assert re.search(r"Title:\s+第1回青森県DX推進本部会議_会議資料", info)
    outline = [item.title for item in PdfReader(file).outline if not isinstance(item, list)]
    assert any("資料1" in t for t in outline) and any("資料3" in t for t in outline), outline


def test_every_character_of_the_seed_has_a_glyph_in_the_font(seed):
    from fontTools.ttLib import TTCollection

    collection = TTCollection("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    font = next(f for f in collection.fonts if "CJK JP" in f["name"].getDebugName(1))
    cmap = font.getBestCmap()
    text = "".join(SHIRYO_2 + TABLE_1 + TABLE_2) + str(Desk.objects.values_list().get())
    missing = {c for c in text if not c.isspace() and ord(c) not in cmap}
    assert missing == set()


def test_an_uploaded_pdf_is_checked_and_merged_with_its_header(client, seed, tmp_path, settings):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from weasyprint import HTML

    data = HTML(
        string='<html lang="ja"><body><p>参考の図表</p><p style="break-before:page">二枚目</p></body></html>'
    ).write_pdf()
    material = Material(
        meeting_id=1, order=9, label="参考資料", title="参考の図表",
        file=SimpleUploadedFile("ref.pdf", data, content_type="application/pdf"),
    )  # fmt: skip
    material.full_clean()
    material.save()
    publish(Meeting.objects.get(pk=1), reason="参考資料を追加")
    text = pdf_text(download(client), tmp_path)
    assert "参考の図表" in text and "二枚目" in text
    assert PdfReader(tmp_path / "packet.pdf").pages and text.count("参考資料") >= 3
    for bad in [b"hello, not a pdf", b"%PDF-1.7 broken"]:
        upload = Material(meeting_id=1, order=10, label="参考資料2", title="x",
                          file=SimpleUploadedFile("bad.pdf", bad))  # fmt: skip
        with pytest.raises(ValidationError):
            upload.full_clean()
    settings.MATERIAL_MAX_BYTES = 100
    too_big = Material(meeting_id=1, order=11, label="参考資料3", title="x",
                       file=SimpleUploadedFile("big.pdf", data))  # fmt: skip
    with pytest.raises(ValidationError, match="ファイルが大きすぎます"):
        too_big.full_clean()
