"""The seed packet measured against its source: every line, in order, read as readers read it.

SOURCE is the seed meeting packet line by line, as the fixtures carry it: the flattened two-column
tables put back (別表 post by post in the charter's order, the schedule cell by cell, track by
track) and the source's misprint あもり read as the desk's name あおもり. A line counts as found
when pdftotext's text holds it (whitespace and width folded); in order, when it also follows the
lines found before it, as the longest chain of lines found in the source's order.
"""

from __future__ import annotations

import bisect
import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from consultations.models import Desk, SupportItem
from headquarters.meetings import packets
from headquarters.meetings.models import Meeting
from tests.conftest import publish
from tests.pdfs import pdftotext
from tests.seed_content import AGENDA, CHARTER, DESK, SCHEDULE_2023, SHIRYO_2, TABLE_1, TABLE_2
from tests.text import squeeze

pytestmark = pytest.mark.django_db

PACKET = reverse("headquarters:meeting-packet-pdf", args=[1])
MM = 72 / 25.4
EDGE = 10 * MM  # what a printer may clip: nothing is drawn closer to an edge of the sheet

SCHEDULE_HEADING = "2023年度スケジュール（予定）"
SCHEDULE_TRACKS = ["プラン策定委員会", "DX推進本部", "幹事会"]
SCHEDULE = [
    "4月 5月 6月 7月 8月 9月 10月 11月 12月 1月 2月 3月",
    *[
        line
        for track in SCHEDULE_TRACKS
        for line in [track, *(cell for name, _, cell in SCHEDULE_2023 if name == track)]
    ],
]
PLAN = [
    *SHIRYO_2[: SHIRYO_2.index(SCHEDULE_HEADING) + 1],
    *SCHEDULE,
    *SHIRYO_2[SHIRYO_2.index(SCHEDULE_HEADING) + 1 :],
]
SOURCE = [*AGENDA, *CHARTER, *PLAN, *DESK]


# --- measuring ---------------------------------------------------------------------------------


def occurrences(text: str, line: str) -> list[tuple[int, int]]:
    """Where the line stands in the text: (start, end) of every occurrence."""
    found, start = [], text.find(line)
    while start >= 0:
        found.append((start, start + len(line)))
        start = text.find(line, start + 1)
    return found


def longest_chain(text: str, lines: list[str]) -> list[int]:
    """The indices of the most lines found one after another in the text, in their order.

    Patience sorting over each line's occurrences: ends[k] is the earliest end in the text of a
    chain of k + 1 lines so far, and chains[k] is that chain. A line extends the longest chain
    that ends before one of its occurrences starts.
    """
    ends: list[int] = []
    chains: list[list[int]] = []
    for index, line in enumerate(lines):
        reach: dict[int, int] = {}  # chain length before this line -> earliest end of the line
        for start, end in occurrences(text, line):
            length = bisect.bisect_right(ends, start)
            reach[length] = min(end, reach.get(length, end))
        for length in sorted(reach, reverse=True):  # longest first: each uses chains before
            chain = [*(chains[length - 1] if length else []), index]
            if length == len(ends):
                ends.append(reach[length])
                chains.append(chain)
            elif reach[length] < ends[length]:
                ends[length], chains[length] = reach[length], chain
    return chains[-1] if chains else []


def measure(pdf_text: str, source: list[str]) -> tuple[float, float, list[str], list[str]]:
    """(share found, share in order, lines missing, lines found but out of order)."""
    text = squeeze(pdf_text)
    lines = [squeeze(line) for line in source]
    missing = [source[i] for i, line in enumerate(lines) if line not in text]
    in_order = set(longest_chain(text, lines))
    out_of_order = [source[i] for i, line in enumerate(lines) if line in text and i not in in_order]
    return (
        (len(lines) - len(missing)) / len(lines),
        len(in_order) / len(lines),
        missing,
        out_of_order,
    )


def download(client, url: str = PACKET) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


@pytest.fixture
def packet(client, published_seed) -> bytes:
    return download(client)


def lines_after(text: str, heading: str, count: int) -> list[str]:
    """The `count` non-empty lines after the heading's line, as pdftotext reads them."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = lines.index(heading) + 1
    return lines[start : start + count]


# --- the whole source --------------------------------------------------------------------------


def test_the_packet_carries_the_source_line_for_line_and_in_order(packet, capsys):
    found, in_order, missing, out_of_order = measure(pdftotext(packet), SOURCE)
    with capsys.disabled():
        print(
            f"\n資料一式 と原資料: {len(SOURCE)} 行、見つかった行 {found:.1%}、順序どおり {in_order:.1%}"
        )
        for line in missing:
            print(f"  見つからない: {line}")
        for line in out_of_order:
            print(f"  順序が違う: {line}")
    assert found >= 0.98, missing
    assert in_order >= 0.95, out_of_order


def test_the_measure_counts_missing_and_reordered_lines():
    source = ["第1条 目的", "第2条 所掌", "第3条 構成", "第4条 会議"]
    found, in_order, missing, out_of_order = measure("第2条 所掌\n第1条 目的\n第3条 構成", source)
    assert (found, in_order) == (0.75, 0.5)
    assert missing == ["第4条 会議"]
    assert out_of_order == ["第1条 目的"]
    assert measure("\n".join(source), source)[:2] == (1.0, 1.0)


def test_the_beppyo_read_down_the_left_column_then_the_right_and_nothing_else(packet):
    text = pdftotext(packet)
    assert lines_after(text, "別表第1（第3条関係）", len(TABLE_1)) == TABLE_1
    assert lines_after(text, "別表第2（第5条関係）", len(TABLE_2)) == TABLE_2


def schedule_text(data: bytes, until: str) -> str:
    """資料2's schedule as pdftotext reads it, from its heading to `until`, squeezed."""
    text = squeeze(pdftotext(data))
    start = text.index(squeeze(SCHEDULE_HEADING))
    return text[start : text.index(squeeze(until), start)]


def test_every_schedule_cell_reads_whole_and_in_order(packet):
    cells = [line for line in SCHEDULE[1:] if line not in SCHEDULE_TRACKS]
    _, _, missing, out_of_order = measure(schedule_text(packet, "趣旨"), cells)
    assert missing == [] and out_of_order == []


def test_the_schedule_grid_reads_row_by_row(packet):
    # Issue 12: in print each track is a band over its events (static/css/schedule.css), so that
    # pdftotext reads the months, then each track's name and its events month by month, as the
    # source's table reads.
    _, _, missing, out_of_order = measure(schedule_text(packet, "凡例"), SCHEDULE)
    assert missing == [] and out_of_order == []


def test_each_printed_cell_of_the_schedule_keeps_its_track_and_month_as_headers(packet):
    """The grid is not laid out as a table on paper, but is still tagged as one: each cell is
    headed by its track (the band) and its month (区分 stays in the header row, unseen)."""

    def kids(element: DictionaryObject) -> list[DictionaryObject]:
        found = element.get("/K")
        found = found if isinstance(found, ArrayObject) else [found]
        found = [kid.get_object() if hasattr(kid, "get_object") else kid for kid in found]
        return [kid for kid in found if isinstance(kid, DictionaryObject) and "/S" in kid]

    def tables(element: DictionaryObject) -> list[DictionaryObject]:
        found = [element] if element.get("/S") == "/Table" else []
        return found + [table for kid in kids(element) for table in tables(kid)]

    root = PdfReader(io.BytesIO(packet)).trailer["/Root"]["/StructTreeRoot"].get_object()
    grids = [
        table
        for table in tables(root)
        if [len(kids(row)) for part in kids(table) if part["/S"] == "/THead" for row in kids(part)]
        == [13]
    ]
    assert len(grids) == 1
    parts = {part["/S"]: part for part in kids(grids[0])}
    table = str(kids(kids(parts["/THead"])[0])[0]["/ID"]).split("-")[0]
    rows = kids(parts["/TBody"])
    assert len(rows) == len(SCHEDULE_TRACKS)
    for number, row in enumerate(rows, start=1):
        band, *cells = kids(row)
        assert (band["/S"], str(band["/ID"])) == ("/TH", f"{table}-{number}-0")
        assert [[str(header) for header in cell["/A"]["/Headers"]] for cell in cells] == [
            [f"{table}-{number}-0", f"{table}-0-{month}"] for month in range(1, 13)
        ]


# --- text that is not there --------------------------------------------------------------------

HIDDEN = re.compile(
    r'<(\w+) class="[^"]*\b(?:visually-hidden|screen-only)\b[^"]*"[^>]*>(.*?)</\1>', re.S
)


def test_no_text_kept_for_web_pages_is_in_the_pdfs_text(packet):
    meeting = Meeting.objects.get(pk=1)
    html = next(doc.html for doc in packets.meeting_documents(meeting) if doc.kind == "packet")
    hidden = [squeeze(re.sub(r"<[^>]+>", "", inner)) for _, inner in HIDDEN.findall(html)]
    hidden = [words for words in hidden if len(words) >= 4]
    assert any("左の列を上から読み" in words for words in hidden)  # the 別表's caption
    assert any("時点で効力を有する規定を表示しています" in words for words in hidden)
    text = squeeze(pdftotext(packet))
    assert [words for words in hidden if words in text] == []
    # What a hidden caption leaves when it is drawn one pixel wide: a character a line (資料1).
    text = pdftotext(packet)
    start = text.index("(目的)")
    charter = text[start : text.index("(仮称) 青森県DX推進プラン", start)]
    lines = [line.strip() for line in charter.splitlines() if line.strip()]
    assert len(lines) > 80
    assert [line for line in lines if len(line) == 1 and not line.isdigit()] == []


# --- the sheet ---------------------------------------------------------------------------------


def text_boxes(data: bytes) -> list[tuple[int, float, float, float, float, float, float, str]]:
    """Every word: (page, page width, page height, xMin, yMin, xMax, yMax, word) in points."""
    pages = re.findall(
        r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', pdftotext(data, "-bbox"), re.S
    )
    word = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [
        (number, float(width), float(height), *map(float, box[:4]), box[4])
        for number, (width, height, body) in enumerate(pages, start=1)
        for box in re.findall(word, body)
    ]


def test_no_text_lies_within_10mm_of_an_edge_of_the_sheet(packet):
    boxes = text_boxes(packet)
    assert len({box[0] for box in boxes}) == len(PdfReader(io.BytesIO(packet)).pages)
    too_close = [
        (page, word, round(min(x0, y0, width - x1, height - y1) / MM, 1))
        for page, width, height, x0, y0, x1, y1, word in boxes
        if min(x0, y0, width - x1, height - y1) < EDGE
    ]
    assert too_close == []
    # The 資料番号 and the page number are there, in the margins, on every page.
    headers = [box for box in boxes if box[7] in {"資料1", "資料2", "資料3", "次第"}]
    assert {box[0] for box in headers if box[4] < 22 * MM} == {box[0] for box in boxes}


def test_nothing_is_drawn_within_10mm_of_an_edge_the_material_box_included(packet):
    dpi = 50
    band = int(10 / 25.4 * dpi)  # 10mm in pixels, rounded down
    with tempfile.TemporaryDirectory() as folder:
        pdf_file = Path(folder) / "packet.pdf"
        pdf_file.write_bytes(packet)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf_file), f"{folder}/page"],
            check=True,
        )
        sheets = sorted(Path(folder).glob("page-*.png"))
        assert len(sheets) == len(PdfReader(io.BytesIO(packet)).pages)
        marked = []
        for number, sheet in enumerate(sheets, start=1):
            image = Image.open(sheet).convert("L")
            width, height = image.size
            pixels = image.load()
            edges = [(x, y) for x in range(width) for y in range(band)]
            edges += [(x, height - 1 - y) for x in range(width) for y in range(band)]
            edges += [(x, y) for y in range(height) for x in range(band)]
            edges += [(width - 1 - x, y) for y in range(height) for x in range(band)]
            if any(pixels[x, y] < 250 for x, y in edges):
                marked.append(number)
            # The material box is drawn: dark pixels just inside the top band, at the right.
            assert any(
                pixels[x, y] < 128
                for x in range(width // 2, width - band)
                for y in range(band, band + int(12 / 25.4 * dpi))
            ), number
    assert marked == []


# --- nothing split across pages ----------------------------------------------------------------


def structure_elements(data: bytes, kind: str) -> list[tuple[str, int | None]]:
    """Each tagged element of a kind (e.g. /TR) with the /S of its parent and its page index."""
    reader = PdfReader(io.BytesIO(data))
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    found = []

    def visit(element: DictionaryObject, parent: str) -> None:
        if element.get("/S") == kind:
            page = element.get("/Pg")
            found.append((parent, pages.get(page.idnum) if page is not None else None))
        kids = element.get("/K")
        kids = kids if isinstance(kids, ArrayObject) else [kids]
        for kid in kids:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                visit(kid, str(element.get("/S")))

    visit(reader.trailer["/Root"]["/StructTreeRoot"].get_object(), "")
    return found


def test_no_table_row_is_split_across_pages(packet):
    meeting = Meeting.objects.get(pk=1)
    html = next(doc.html for doc in packets.meeting_documents(meeting) if doc.kind == "packet")
    # The tables the PDF prints (pdf.css prints each 別表 as a list, not as its web table).
    printed = [
        table
        for table in re.findall(r"<table[^>]*>.*?</table>", html, re.S)
        if 'class="schedule-table"' not in table
    ]
    body_rows = sum(
        len(re.findall(r"<tr[\s>]", body))
        for table in printed
        for body in re.findall(r"<tbody>(.*?)</tbody>", table, re.S)
    )
    assert body_rows >= 3  # the schedule's tracks
    # A row cut by a page break is tagged twice, once on each page.
    rows = [parent for parent, _ in structure_elements(packet, "/TR") if parent == "/TBody"]
    assert len(rows) == body_rows


def pages_holding(data: bytes, words: str) -> set[int]:
    reader_pages = len(PdfReader(io.BytesIO(data)).pages)
    return {
        number
        for number in range(1, reader_pages + 1)
        if squeeze(words) in squeeze(pdftotext(data, "-f", str(number), "-l", str(number)))
    }


def test_the_structure_figure_and_each_beppyo_stand_whole_on_one_page(packet):
    figure = pages_holding(packet, "（知事、副知事及び本部員）") | pages_holding(
        packet, "所管: 商工労働部新産業創造課"
    )
    assert len(figure) == 1, figure
    for heading, posts in [("別表第1（第3条関係）", TABLE_1), ("別表第2（第5条関係）", TABLE_2)]:
        pages = pages_holding(packet, heading) | pages_holding(packet, posts[-1])
        assert len(pages) == 1, (heading, pages)


# --- 資料3: the source's wording, and no rebuilt figure -----------------------------------------


def material_3(client) -> bytes:
    desk = Meeting.objects.get(pk=1).materials.get(generator="desk")
    return download(client, reverse("headquarters:material-pdf", args=[1, desk.pk]))


def test_material_3_says_its_support_figure_is_not_reproduced_rather_than_invent_it(
    client, published_seed
):
    text = squeeze(pdftotext(material_3(client)))
    assert squeeze("【資料3】 青森県 商工労働部 新産業創造課") in text
    # Where the desk's data corrects the source's misprint (あもり), the material says so.
    note = Desk.objects.get().source_note
    assert "あもり" in note and squeeze(f"注：{note}") in text
    assert squeeze("支援内容（図：支援内容　原資料の図は掲載していません）") in text
    provisional = SupportItem.objects.filter(is_provisional=True)
    assert provisional.count() == 7
    assert [item.title for item in provisional if squeeze(item.title) in text] == []
    # The desk's page still lists them for the form, saying they are being confirmed.
    page = client.get(reverse("consultations:desk-detail", args=["aomori-dx"])).content.decode()
    assert page.count("（内容は確認中です）") == 7
    assert "DXに関する総合相談" in page


def test_material_3_lists_the_support_items_once_staff_have_confirmed_them(client, seed):
    SupportItem.objects.update(is_provisional=False)
    publish(Meeting.objects.get(pk=1))
    text = squeeze(pdftotext(material_3(client)))
    assert squeeze("DXに関する総合相談") in text
    assert squeeze("専門家・支援機関の紹介") in text
    assert squeeze("原資料の図は掲載していません") not in text
