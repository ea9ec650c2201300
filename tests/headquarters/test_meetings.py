"""Meeting pages: the list by body and year, a meeting, attendance, directives, ics and admin."""

from __future__ import annotations

import datetime
import html
import io
import re

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.template.defaultfilters import filesizeformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfWriter

from dxportal.lib import materials, pdf
from headquarters.meetings import packets
from headquarters.meetings.models import Attendance, Directive, Edition, Material, Meeting
from headquarters.models import Body, Department, Post
from tests.admin_forms import change_form_data, form_errors
from tests.conftest import publish
from tests.headquarters.meeting_admin import CHANGE, add_material_row
from tests.pdfs import pdftotext, small_pdf
from tests.text import squeeze

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(seed):
    """The seed with its meeting published, as `make run` has it: these tests read it as the public."""
    publish(Meeting.objects.get(pk=1))


LIST = reverse("headquarters:meeting-list")
SEED_TITLE = "第1回青森県DX推進本部会議"
CONSTRAINT_MESSAGE = "「自動作成する内容」を選ぶか、PDFファイルを添付してください（どちらか一方）。"


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


BLANK_PDF = blank_pdf()


@pytest.fixture
def fast_pdfs(settings, tmp_path, monkeypatch):
    """Pages that render PDFs on the way get a blank page at once, in storage of their own
    (so no stand-in ever lands in the cache other tests read real packets from)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(pdf, "render", lambda *args, **kwargs: BLANK_PDF)


def page(client, pk: int = 1) -> str:
    response = client.get(reverse("headquarters:meeting-detail", args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def text_of(markup: str) -> str:
    """The page's visible text, tags dropped and entities decoded, whitespace squeezed."""
    markup = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", markup, flags=re.S)
    return squeeze(html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def make_meeting(body_slug: str = "headquarters", number: int = 2, **fields) -> Meeting:
    body = Body.objects.get(slug=body_slug)
    fields.setdefault("title", f"第{number}回{body.name}会議")
    fields.setdefault("date", datetime.date(2023, 11, 10))
    fields.setdefault("place", "県庁北棟会議室")
    is_public = fields.pop("is_public", True)
    meeting = Meeting.objects.create(body=body, number=number, **fields)
    if is_public:
        publish(meeting)
    return meeting


def dx_division() -> Department:
    return Department.objects.get(name="DX推進課", parent__name="企画政策部")


# --- the list ----------------------------------------------------------------------------------


def listed(client, query: str = "") -> str:
    response = client.get(LIST + query)
    assert response.status_code == 200
    table = re.search(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S).group(1)
    return table


def test_the_list_filters_by_body_and_fiscal_year(client, seed):
    steering = make_meeting(
        "steering-committee", number=1, title="第1回幹事会", date=datetime.date(2024, 3, 29)
    )
    earlier = make_meeting(
        "headquarters", number=9, title="準備会合", date=datetime.date(2023, 3, 31)
    )
    make_meeting("headquarters", number=10, title="非公開の会合", is_public=False)
    everything = listed(client)
    titles = re.findall(r'">([^<]+)</a></th>', everything)
    assert titles == ["第1回幹事会", SEED_TITLE, "準備会合"]  # newest first
    assert "非公開の会合" not in everything
    by_body = listed(client, "?body=headquarters")
    assert SEED_TITLE in by_body and "準備会合" in by_body and "第1回幹事会" not in by_body
    assert listed(client, "?body=steering-committee").count("</th>") == 1
    fy_2023 = listed(client, "?year=2023")  # 2023-04-01 … 2024-03-31
    assert SEED_TITLE in fy_2023 and "第1回幹事会" in fy_2023 and "準備会合" not in fy_2023
    fy_2022 = listed(client, "?year=2022")
    assert SEED_TITLE not in fy_2022 and "準備会合" in fy_2022
    both = listed(client, "?body=steering-committee&year=2023")
    assert "第1回幹事会" in both and SEED_TITLE not in both
    assert "該当する会議はありません。" in listed(client, "?body=steering-committee&year=2022")
    options = client.get(LIST).content.decode()
    assert re.findall(r'<option value="(\d{4})"', options) == ["2023", "2022"]
    assert steering.fiscal_year == 2023 and earlier.fiscal_year == 2022
    selected = client.get(LIST + "?year=2022").content.decode()
    assert '<option value="2022" selected>' in selected


def test_the_list_shows_the_seed_meeting_with_its_date_and_place(client, seed):
    row = listed(client, "?body=headquarters&year=2023")
    assert "令和5年6月2日(金)" in row and "第三応接室" in row
    assert f'href="{reverse("headquarters:meeting-detail", args=[1])}"' in row


# --- a meeting's page --------------------------------------------------------------------------

# filesizeformat in Japanese: "460.4\xa0KB", "1.2\xa0MB", "500\xa0バイト".
SIZE = r"PDF [0-9.]+\s?(KB|MB|バイト)"


def test_file_sizes_read_as_the_link_pattern_expects():
    assert [filesizeformat(n) for n in (500, 471461, 3 * 1024 * 1024)] == [
        "500\xa0バイト",
        "460.4\xa0KB",
        "3.0\xa0MB",
    ]
    assert all(re.fullmatch(SIZE, f"PDF {filesizeformat(n)}") for n in (500, 471461, 3 << 20))


def test_the_meeting_page_shows_the_agenda_each_material_with_its_size_directives_and_minutes(
    client, seed
):
    meeting = Meeting.objects.get(pk=1)
    meeting.minutes = "本部長から、全庁を挙げてDXに取り組むよう指示があった。"
    meeting.save()
    Directive.objects.create(
        meeting=meeting,
        order=1,
        text="DX推進プランの骨子案を幹事会で検討すること。",
        department=dx_division(),
        due_on=datetime.date(2023, 8, 31),
        status=Directive.Status.IN_PROGRESS,
    )
    markup = page(client)
    text = text_of(markup)
    agenda = [
        "次第",
        "1.開会",
        "2.議題",
        "①青森県DX推進本部の設置について",
        "②(仮称)青森県DX推進プランの策定及び推進について",
        "3.本部長指示事項",
        "4.閉会",
    ]
    position = 0
    for line in agenda:
        position = text.index(squeeze(line), position)
    assert "令和5年6月2日(金)" in text_of(markup) and "第三応接室" in text
    assert re.search(rf"会議資料一式をダウンロード（{SIZE}、\d+ページ）", markup)
    assert re.search(rf"次第をダウンロード（{SIZE}）", markup)
    for material in Material.objects.filter(meeting=meeting):
        pdf_url = reverse("headquarters:material-pdf", args=[1, material.pk])
        assert re.search(rf'<a href="{pdf_url}">{material.label}（{SIZE}）</a>', markup), material
        detail_url = reverse("headquarters:material-detail", args=[1, material.pk])
        assert f'<a href="{detail_url}">{material.title}</a>' in markup
    assert "作成中" not in markup
    assert "DX推進プランの骨子案を幹事会で検討すること。" in markup
    assert squeeze("担当: 企画政策部DX推進課／期限: 令和5年8月31日／状況: 対応中") in text
    assert "本部長から、全庁を挙げてDXに取り組むよう指示があった。" in markup
    assert "議事概要は準備中です。" not in markup


def test_a_meeting_without_directives_or_minutes_leaves_those_sections_out(client, seed, fast_pdfs):
    markup = page(client)
    assert 'id="directives-heading"' not in markup
    assert 'id="minutes-heading"' not in markup
    assert "指示事項は登録されていません" not in markup and "準備中" not in markup
    assert "出席状況" not in markup  # no attendance recorded


def test_a_material_page_shows_the_generated_body_and_its_pdf_link(client, seed, fast_pdfs):
    desk = Material.objects.get(meeting=1, generator="desk")
    response = client.get(reverse("headquarters:material-detail", args=[1, desk.pk]))
    assert response.status_code == 200
    markup = response.content.decode()
    assert "資料3 青森県DX総合窓口の開設について" in markup and "丸尾(まるお)" in markup
    pdf_url = reverse("headquarters:material-pdf", args=[1, desk.pk])
    assert re.search(rf'<a href="{pdf_url}">PDF版をダウンロード（{SIZE}）</a>', markup)


def test_attendance_shows_present_absent_and_the_deputys_name(client, seed, fast_pdfs):
    meeting = Meeting.objects.get(pk=1)
    soumu, kikaku, kankyo = (
        Post.objects.get(title=t) for t in ["総務部長", "企画政策部長", "環境生活部長"]
    )
    Attendance.objects.create(meeting=meeting, post=kikaku, status=Attendance.Status.PRESENT)
    Attendance.objects.create(meeting=meeting, post=kankyo, status=Attendance.Status.ABSENT)
    deputy = Attendance(
        meeting=meeting,
        post=soumu,
        status=Attendance.Status.DEPUTY,
        deputy_name="総務部次長 青森一郎",
    )
    deputy.full_clean()
    deputy.save()
    markup = page(client)
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td></tr>', markup))
    assert rows == {
        "総務部長": "代理出席（総務部次長 青森一郎）",
        "企画政策部長": "出席",
        "環境生活部長": "欠席",
    }
    assert "出席状況" in markup


def test_a_deputy_without_a_name_is_refused_in_japanese(seed):
    meeting = Meeting.objects.get(pk=1)
    post = Post.objects.get(title="総務部長")
    unnamed = Attendance(meeting=meeting, post=post, status=Attendance.Status.DEPUTY)
    with pytest.raises(ValidationError) as refused:
        unnamed.full_clean()
    assert refused.value.messages == ["代理出席のときは、代理出席者を入力してください。"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=meeting, post=post, status=Attendance.Status.DEPUTY)
    Attendance(meeting=meeting, post=post, status=Attendance.Status.ABSENT).full_clean()


def test_a_directive_reported_at_a_later_meeting_shows_on_both_pages(client, seed, fast_pdfs):
    first = Meeting.objects.get(pk=1)
    second = make_meeting(number=2, title="第2回青森県DX推進本部会議")
    Directive.objects.create(
        meeting=first,
        text="市町村のDX推進状況を調査すること。",
        department=dx_division(),
        status=Directive.Status.DONE,
        reported_at=second,
        report="全40市町村の取組状況を取りまとめた。",
    )
    later = page(client, second.pk)
    reported = later[later.index("この会議で報告された指示事項") :]
    assert "<h3>この会議で報告された指示事項</h3>" in later
    assert "市町村のDX推進状況を調査すること。" in reported
    first_url = reverse("headquarters:meeting-detail", args=[first.pk])
    assert f'<a href="{first_url}">第1回青森県DX推進本部会議</a>での指示' in reported
    assert "報告: 全40市町村の取組状況を取りまとめた。" in reported
    # The second meeting gave no directive of its own.
    assert "指示事項は登録されていません" not in later
    earlier = page(client, first.pk)
    second_url = reverse("headquarters:meeting-detail", args=[second.pk])
    assert f'<a href="{second_url}">第2回青森県DX推進本部会議</a>で報告' in earlier
    assert "状況: 完了" in earlier
    assert "この会議で報告された指示事項" not in earlier


# --- the calendar ------------------------------------------------------------------------------


def test_the_ics_feed_has_the_seed_meeting_on_its_day_and_place(client, seed):
    make_meeting(
        number=2,
        title="第2回青森県DX推進本部会議",
        starts_at=datetime.time(10, 0),
        ends_at=datetime.time(11, 30),
    )
    make_meeting(number=3, title="非公開の会合", is_public=False)
    response = client.get(reverse("headquarters:meetings-ics"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {SEED_TITLE, "第2回青森県DX推進本部会議"}
    seed_event = events[SEED_TITLE]
    assert seed_event.decoded("dtstart") == datetime.date(2023, 6, 2)
    assert seed_event.decoded("dtend") == datetime.date(2023, 6, 3)
    assert str(seed_event["location"]) == "第三応接室"
    assert str(seed_event["uid"]) == "meeting-1@dxportal"
    timed = events["第2回青森県DX推進本部会議"].decoded("dtstart")
    assert timed.isoformat() == "2023-11-10T10:00:00+09:00"


# --- the admin ---------------------------------------------------------------------------------


def test_a_superuser_opens_the_change_form_with_every_inline(superuser_client, seed):
    response = superuser_client.get(CHANGE)
    assert response.status_code == 200
    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == ["agenda", "materials", "attendance", "directives"]
    markup = response.content.decode()
    assert 'value="第三応接室"' in markup
    assert "packet-preview" in markup and "差し替える（新しい版を公開）" in markup
    changelist = superuser_client.get(reverse("admin:headquarters_meeting_changelist"))
    assert "第1版 公開済み" in changelist.content.decode()


def test_the_packet_preview_is_the_packet_as_it_would_be_published(superuser_client, seed):
    preview = superuser_client.get(reverse("admin:headquarters_meeting_packet_preview", args=[1]))
    assert preview.status_code == 200
    assert preview["Content-Type"] == "application/pdf"
    assert preview.content.startswith(b"%PDF-")
    published = b"".join(
        superuser_client.get(reverse("headquarters:meeting-packet-pdf", args=[1])).streaming_content
    )
    assert pdftotext(preview.content) == pdftotext(published)


def test_the_packet_preview_is_for_staff_only(client, seed, render_refused):
    url = reverse("admin:headquarters_meeting_packet_preview", args=[1])
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.fixture
def render_refused(monkeypatch):
    monkeypatch.setattr(packets, "render", lambda *a, **k: pytest.fail("rendered a PDF"))


def test_the_publish_action_freezes_a_first_edition_and_makes_the_meeting_public(
    superuser_client, seed, fast_pdfs, django_capture_on_commit_callbacks
):
    private = make_meeting(number=2, title="第2回青森県DX推進本部会議", is_public=False)
    detail = reverse("headquarters:meeting-detail", args=[private.pk])
    assert superuser_client.get(detail).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            reverse("admin:headquarters_meeting_changelist"),
            {"action": "publish", "_selected_action": [private.pk]},
            follow=True,
        )
    assert response.status_code == 200
    assert "1件の会議の公開版を作成しています。" in response.content.decode()
    private.refresh_from_db()
    assert private.is_public
    edition = private.editions.get()
    assert (edition.number, edition.status) == (1, Edition.Status.PUBLISHED)
    kinds = sorted(edition.files.values_list("kind", flat=True))
    assert kinds == ["agenda", "packet"]
    for file in edition.files.all():
        assert default_storage.exists(file.storage_name)
    assert superuser_client.get(detail).status_code == 200
    # Publishing again does not make a second edition: a replacement needs a reason.
    with django_capture_on_commit_callbacks(execute=True):
        again = superuser_client.post(
            reverse("admin:headquarters_meeting_changelist"),
            {"action": "publish", "_selected_action": [private.pk]},
            follow=True,
        )
    assert "1件は公開済みか作成中のため、そのままです。" in again.content.decode()
    assert private.editions.count() == 1
    superuser_client.post(
        reverse("admin:headquarters_meeting_changelist"),
        {"action": "unpublish", "_selected_action": [private.pk]},
    )
    private.refresh_from_db()
    assert not private.is_public
    assert superuser_client.get(detail).status_code == 404


def test_the_material_inline_offers_the_three_registered_generators(superuser_client, seed):
    markup = superuser_client.get(CHANGE).content.decode()
    select = re.search(r'<select name="materials-0-generator"[^>]*>(.*?)</select>', markup, re.S)
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))
    assert [value for value, _ in options] == ["", "charter", "desk", "plan"]
    assert options[0][1] == "（PDFを添付する）"
    assert dict(options[1:]) == dict(materials.choices())
    assert '<option value="charter" selected>' in select.group(0)


def test_the_material_inline_refuses_a_row_with_neither_generator_nor_file(
    superuser_client, seed, render_refused
):
    data = change_form_data(superuser_client.get(CHANGE))
    add_material_row(data, order="4", label="参考資料", title="参考", generator="", is_public="on")
    response = superuser_client.post(CHANGE, data)
    assert response.status_code == 200, "saved a material with neither generator nor file"
    assert CONSTRAINT_MESSAGE in response.content.decode()
    assert CONSTRAINT_MESSAGE in str(form_errors(response))
    assert not Material.objects.filter(label="参考資料").exists()


def test_the_material_inline_refuses_a_row_with_both_generator_and_file(
    superuser_client, seed, render_refused
):
    data = change_form_data(superuser_client.get(CHANGE))
    add_material_row(
        data,
        order="4",
        label="参考資料",
        title="参考",
        generator="desk",
        is_public="on",
        file=SimpleUploadedFile("ref.pdf", small_pdf("BOTH", pages=1), "application/pdf"),
    )
    response = superuser_client.post(CHANGE, data)
    assert response.status_code == 200
    assert CONSTRAINT_MESSAGE in response.content.decode()
    assert not Material.objects.filter(label="参考資料").exists()


def test_the_material_inline_saves_an_uploaded_pdf(superuser_client, seed, render_refused):
    data = change_form_data(superuser_client.get(CHANGE))
    add_material_row(
        data,
        order="4",
        label="参考資料",
        title="参考",
        generator="",
        is_public="on",
        file=SimpleUploadedFile("ref.pdf", small_pdf("SAVED", pages=1), "application/pdf"),
    )
    response = superuser_client.post(CHANGE, data)
    assert response.status_code == 302, form_errors(response)
    material = Material.objects.get(label="参考資料")
    assert not material.is_generated and material.file.name.endswith(".pdf")


# --- query counts ------------------------------------------------------------------------------


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(meeting: Meeting, later: Meeting, start: int, stop: int) -> None:
    """Materials (資料4…, drawn by the desk generator), directives and attendance rows."""
    departments = list(Department.objects.filter(parent__isnull=False).order_by("pk"))
    posts = list(Post.objects.order_by("pk"))
    for i in range(start, stop):
        if i >= 3:
            Material.objects.create(
                meeting=meeting,
                order=i + 1,
                label=f"資料{i + 1}",
                title=f"追加資料{i + 1}",
                generator="desk",
            )
        Directive.objects.create(
            meeting=meeting,
            order=i,
            text=f"指示事項{i}",
            department=departments[i % len(departments)],
            due_on=datetime.date(2023, 12, 1),
            reported_at=later if i % 2 else None,
        )
        Directive.objects.create(
            meeting=later, order=i, text=f"次回の指示{i}", department=departments[0]
        )
        Attendance.objects.create(
            meeting=meeting,
            post=posts[i],
            status=Attendance.Status.DEPUTY if i % 3 == 0 else Attendance.Status.PRESENT,
            deputy_name="代理 太郎" if i % 3 == 0 else "",
        )


def test_meeting_pages_run_the_same_queries_for_3_or_30_rows(client, seed, fast_pdfs):
    meeting = Meeting.objects.get(pk=1)
    later = make_meeting(number=2)
    pages = [reverse("headquarters:meeting-detail", args=[pk]) for pk in (meeting.pk, later.pk)]
    grow(meeting, later, 0, 3)
    assert meeting.materials.count() == 3
    publish(meeting, reason="指示事項と出欠を追加")
    small = [queries(client, url) for url in pages]
    grow(meeting, later, 3, 30)
    assert meeting.materials.count() == 30 and meeting.directives.count() == 30
    assert meeting.attendance.count() == 30 and later.reported_directives.count() == 15
    publish(meeting, reason="資料を追加")
    publish(later, reason="報告を追加")
    assert [queries(client, url) for url in pages] == small
    markup = client.get(pages[0]).content.decode()
    assert markup.count('class="directive"') == 30
    assert len(re.findall(r"資料\d+（PDF", markup)) == 30
    assert markup.count("代理出席（代理 太郎）") == 10
