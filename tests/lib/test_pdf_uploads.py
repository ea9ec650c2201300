"""Uploaded PDFs are hostile until proven otherwise: refused at upload, inert when stamped."""

from __future__ import annotations

import io
import time
import tracemalloc
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from dxportal.lib import pdf
from dxportal.lib.pdf_files import active_content, validate_pdf_upload
from headquarters.meetings.models import Material
from tests.admin_forms import change_form_data, form_errors
from tests.pdfs import small_pdf

A4 = (595, 842)
ENCRYPTED = "パスワード付きのPDFは添付できません。保護を解除してください。"


def name(value: str) -> NameObject:
    return NameObject(value)


def written(writer: PdfWriter) -> bytes:
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def blank(pages: int = 1) -> PdfWriter:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(*A4)
    return writer


def refusal(data: bytes) -> list[str]:
    """The messages validating `data` as an upload gives; the test fails if it passes."""
    with pytest.raises(ValidationError) as refused:
        validate_pdf_upload(SimpleUploadedFile("upload.pdf", data, "application/pdf"))
    return refused.value.messages


def action(kind: str, **entries) -> DictionaryObject:
    result = DictionaryObject({name("/S"): name(kind)})
    for key, value in entries.items():
        result[name(f"/{key}")] = TextStringObject(value)
    return result


def link(writer: PdfWriter, link_action: DictionaryObject, subtype: str = "/Link") -> None:
    annotation = DictionaryObject(
        {
            name("/Type"): name("/Annot"),
            name("/Subtype"): name(subtype),
            name("/Rect"): ArrayObject([NumberObject(n) for n in (50, 50, 200, 80)]),
            name("/A"): link_action,
        }
    )
    writer.add_annotation(0, annotation)


# --- pages: count and size ---------------------------------------------------------------------


def many_pages(count: int, declared: int | None = None) -> bytes:
    """`count` pages, all one page object (so the file stays small), /Count saying `declared`."""
    writer = blank()
    tree = writer.root_object["/Pages"]
    tree["/Kids"].extend([tree["/Kids"][0]] * (count - 1))
    tree[name("/Count")] = NumberObject(count if declared is None else declared)
    return written(writer)


def test_a_pdf_over_the_page_limit_is_refused_with_the_limit_in_the_message(settings):
    settings.MATERIAL_MAX_PAGES = 300
    assert refusal(many_pages(1_234)) == [
        "ページ数が多すぎます（1,234ページ）。300ページ以下のPDFにしてください。"
    ]
    validate_pdf_upload(SimpleUploadedFile("ok.pdf", many_pages(300)))


# The limits below are CPU seconds of this process (about ten times what the work takes), so a
# machine busy with other tests does not count against them.


@pytest.mark.parametrize("declared", [None, 1], ids=["true-count", "understated-count"])
def test_counting_20000_pages_takes_seconds_not_minutes(declared):
    data = many_pages(20_000, declared)
    started = time.process_time()
    messages = refusal(data)
    elapsed = time.process_time() - started
    assert messages == ["ページ数が多すぎます（20,000ページ）。300ページ以下のPDFにしてください。"]
    assert elapsed < 5, f"{elapsed:.1f} s"


def test_20000_distinct_pages_in_2_5_mb_are_refused_in_seconds():
    data = written(blank(20_000))
    assert 2_000_000 < len(data) < 3_000_000  # the file of the bug report
    started = time.process_time()
    assert refusal(data) == [
        "ページ数が多すぎます（20,000ページ）。300ページ以下のPDFにしてください。"
    ]
    assert time.process_time() - started < 5


def test_the_byte_limit_comes_before_any_parsing(settings, monkeypatch):
    from dxportal.lib import pdf_files

    monkeypatch.setattr(pdf_files, "PdfReader", lambda *a, **k: pytest.fail("parsed"))
    settings.MATERIAL_MAX_BYTES = 1024
    messages = refusal(many_pages(20_000))
    assert messages[0].startswith("ファイルが大きすぎます（") and "1.0\xa0KB以下" in messages[0]


BAD_BOXES = {
    "zero": ("/MediaBox", [0, 0, 0, 0]),
    "negative": ("/MediaBox", [0, 0, -595, 842]),
    "tiny": ("/MediaBox", [0, 0, 0.5, 842]),
    "absurd": ("/MediaBox", [0, 0, 20_000, 842]),
    "non-numeric": ("/MediaBox", [0, 0, "wide", 842]),
    "three-numbers": ("/MediaBox", [0, 0, 595]),
    "far-away": ("/MediaBox", [1e12, 0, 1e12 + 595, 842]),
    "zero-crop": ("/CropBox", [0, 0, 0, 0]),
}


@pytest.mark.parametrize("key, box", BAD_BOXES.values(), ids=BAD_BOXES.keys())
def test_a_page_of_no_size_or_absurd_size_is_refused(key, box):
    writer = blank(2)
    values = [TextStringObject(v) if isinstance(v, str) else FloatObject(v) for v in box]
    writer.pages[1][name(key)] = ArrayObject(values)
    assert refusal(written(writer)) == [
        "2ページ目の用紙サイズが正しくありません（幅・高さは1〜14,400ポイント）。"
        "PDFとして保存し直してから添付してください。"
    ]


def test_an_inherited_zero_media_box_is_refused():
    writer = blank()
    del writer.pages[0]["/MediaBox"]
    writer.root_object["/Pages"][name("/MediaBox")] = ArrayObject([NumberObject(0)] * 4)
    assert refusal(written(writer))[0].startswith("1ページ目の用紙サイズが正しくありません")


# --- decompression bombs -----------------------------------------------------------------------


def bomb(megabytes: int = 200, filters: list[str] | None = None) -> bytes:
    """One page whose content stream is a few hundred KB that inflate to `megabytes` MB."""
    deflater = zlib.compressobj(9)
    zeros = bytes(1024 * 1024)
    data = b"".join(deflater.compress(zeros) for _ in range(megabytes)) + deflater.flush()
    if filters == ["/ASCIIHexDecode", "/FlateDecode"]:
        data = data.hex().encode() + b">"
    stream = StreamObject()
    stream._data = data
    stream[name("/Filter")] = ArrayObject(name(f) for f in filters or ["/FlateDecode"])
    writer = blank()
    writer.pages[0][name("/Contents")] = writer._add_object(stream)
    return written(writer)


def test_a_decompression_bomb_is_refused_without_inflating_it_in_memory():
    data = bomb(200)
    assert len(data) < 1_000_000
    tracemalloc.start()
    started = time.process_time()
    try:
        messages = refusal(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.process_time() - started
    assert messages == [
        "展開すると大きくなりすぎる圧縮データが含まれています"
        "（1つあたり48.0\xa0MB、合計512.0\xa0MBまで）。PDFとして保存し直してから添付してください。"
    ]
    assert peak < 16 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    assert elapsed < 5, f"{elapsed:.1f} s"


def test_a_bomb_behind_another_filter_is_refused_too():
    assert refusal(bomb(60, ["/ASCIIHexDecode", "/FlateDecode"]))[0].startswith(
        "展開すると大きくなりすぎる圧縮データ"
    )


def test_a_stream_that_inflates_within_the_limit_passes():
    validate_pdf_upload(SimpleUploadedFile("ok.pdf", bomb(8)))


def test_an_image_of_absurd_declared_size_is_refused():
    writer = blank()
    image = StreamObject()
    image._data = b"\x00" * 16
    image.update(
        {
            name("/Type"): name("/XObject"),
            name("/Subtype"): name("/Image"),
            name("/Width"): NumberObject(100_000),
            name("/Height"): NumberObject(100_000),
            name("/ColorSpace"): name("/DeviceGray"),
            name("/BitsPerComponent"): NumberObject(8),
        }
    )
    resources = DictionaryObject(
        {name("/XObject"): DictionaryObject({name("/Im0"): writer._add_object(image)})}
    )
    writer.pages[0][name("/Resources")] = resources
    assert refusal(written(writer)) == [
        "画像が大きすぎます（100,000×100,000ピクセル）。"
        "解像度を下げて保存し直してから添付してください。"
    ]


# --- encryption --------------------------------------------------------------------------------


def encrypted_with(algorithm: str) -> bytes:
    """A PDF protected as Acrobat protects it, with an empty user password (opens without one).

    pypdf writes AES only with the optional `cryptography` package, which this project does not
    install (RC4 it writes itself). So the AES files carry the encryption dictionary a real one
    has; the validator must refuse them from that dictionary alone, as it cannot decrypt them.
    """
    writer = blank()
    if algorithm.startswith("RC4"):
        writer.encrypt(user_password="", owner_password="x", algorithm=algorithm)
        return written(writer)
    method, version, revision, key = {
        "AES-128": ("/AESV2", 4, 4, 16),
        "AES-256": ("/AESV3", 5, 6, 32),
    }[algorithm]
    filter_ = DictionaryObject(
        {
            name("/CFM"): name(method),
            name("/AuthEvent"): name("/DocOpen"),
            name("/Length"): NumberObject(key),
        }
    )
    entry = DictionaryObject(
        {
            name("/Filter"): name("/Standard"),
            name("/V"): NumberObject(version),
            name("/R"): NumberObject(revision),
            name("/Length"): NumberObject(key * 8),
            name("/CF"): DictionaryObject({name("/StdCF"): filter_}),
            name("/StmF"): name("/StdCF"),
            name("/StrF"): name("/StdCF"),
            name("/P"): NumberObject(-3904),
            name("/O"): ByteStringObject(bytes(range(48 if version == 5 else 32))),
            name("/U"): ByteStringObject(bytes(range(48 if version == 5 else 32))),
        }
    )
    if version == 5:
        entry[name("/OE")] = ByteStringObject(bytes(32))
        entry[name("/UE")] = ByteStringObject(bytes(32))
        entry[name("/Perms")] = ByteStringObject(bytes(16))
    writer._add_object(entry)
    writer._encrypt_entry = entry
    return written(writer)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_an_encrypted_pdf_is_refused_even_with_an_empty_password(algorithm):
    assert refusal(encrypted_with(algorithm)) == [ENCRYPTED]


def test_opening_an_aes_file_is_what_used_to_fail():
    """Why the check cannot simply ask pypdf: without `cryptography` it raises, not answers."""
    try:
        import cryptography  # noqa: F401
    except ImportError:
        with pytest.raises(Exception, match="cryptography"):
            reader = PdfReader(io.BytesIO(encrypted_with("AES-256")))
            reader.pages[0].extract_text()
    else:
        pytest.skip("cryptography is installed: pypdf can open AES files here")


# --- things that run, launch or carry files ----------------------------------------------------


def with_open_action() -> bytes:
    writer = blank()
    writer.root_object[name("/OpenAction")] = action("/JavaScript", JS="app.alert(1)")
    return written(writer)


def add_document_script(writer: PdfWriter, script: str) -> None:
    """A script the viewer runs on opening, in the document's /Names /JavaScript tree."""
    scripts = ArrayObject(
        [TextStringObject("init"), writer._add_object(action("/JavaScript", JS=script))]
    )
    if "/Names" not in writer.root_object:
        writer.root_object[name("/Names")] = DictionaryObject()
    names = writer.root_object["/Names"]
    names[name("/JavaScript")] = DictionaryObject({name("/Names"): scripts})


def with_document_script() -> bytes:
    writer = blank()
    add_document_script(writer, "app.alert(1);")
    return written(writer)


def with_page_script() -> bytes:
    writer = blank()
    writer.pages[0][name("/AA")] = DictionaryObject(
        {name("/O"): action("/JavaScript", JS="app.alert(1)")}
    )
    return written(writer)


def with_link(link_action: DictionaryObject) -> bytes:
    writer = blank()
    link(writer, link_action)
    return written(writer)


def with_embedded_file() -> bytes:
    writer = blank()
    writer.add_attachment("meibo.xlsx", b"PK\x03\x04 not really")
    return written(writer)


def with_attachment_annotation() -> bytes:
    writer = blank()
    link(writer, action("/URI", URI="https://example.jp/"), subtype="/FileAttachment")
    return written(writer)


def with_xfa() -> bytes:
    writer = blank()
    writer.root_object[name("/AcroForm")] = DictionaryObject(
        {name("/Fields"): ArrayObject(), name("/XFA"): TextStringObject("<xdp:xdp/>")}
    )
    return written(writer)


ACTIVE = {
    "open-action-javascript": (with_open_action, "JavaScript"),
    "document-javascript": (with_document_script, "JavaScript"),
    "page-aa-javascript": (with_page_script, "JavaScript"),
    "link-javascript": (lambda: with_link(action("/JavaScript", JS="this.print()")), "JavaScript"),
    "link-launch": (lambda: with_link(action("/Launch", F="calc.exe")), "外部プログラムの起動"),
    "embedded-file": (with_embedded_file, "添付ファイル"),
    "file-attachment-annotation": (with_attachment_annotation, "添付ファイル"),
    "xfa-form": (with_xfa, "XFAフォーム"),
}


@pytest.mark.parametrize("make, found", ACTIVE.values(), ids=ACTIVE.keys())
def test_active_content_is_refused_naming_what_was_found(make, found):
    assert refusal(make()) == [
        f"このPDFには登録できない内容（{found}）が含まれています。"
        "取り除いて保存し直してから添付してください。"
    ]


def test_every_kind_found_is_named_once_in_a_fixed_order():
    writer = blank()
    link(writer, action("/Launch", F="calc.exe"))
    writer.add_attachment("a.txt", b"a")
    add_document_script(writer, "app.alert(1);")
    assert refusal(written(writer)) == [
        "このPDFには登録できない内容（JavaScript、外部プログラムの起動、添付ファイル）が"
        "含まれています。取り除いて保存し直してから添付してください。"
    ]


# --- what keeps working ------------------------------------------------------------------------


def test_not_a_pdf_and_a_broken_pdf_keep_their_messages():
    assert refusal(b"hello") == [
        "PDFファイルではありません。PDF形式で保存したファイルを選んでください。"
    ]
    broken = "PDFファイルを読み取れませんでした。ファイルが壊れていないか確認してください。"
    assert refusal(b"%PDF-1.7 broken") == [broken]
    assert refusal(written(blank())[:300]) == [broken]


def test_an_ordinary_pdf_with_text_links_and_forms_passes():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(small_pdf("ORDINARY", pages=3))))
    link(writer, action("/URI", URI="https://www.pref.aomori.lg.jp/"))
    writer.add_blank_page(842, 595)
    writer.compress_identical_objects()
    data = written(writer)
    upload = SimpleUploadedFile("ok.pdf", data)
    validate_pdf_upload(upload)
    assert upload.read() == data  # the file is left at its start for storage


# --- defence in depth: stamping a hostile upload that skipped the check ------------------------


def hostile_upload() -> bytes:
    writer = blank(2)
    writer.root_object[name("/OpenAction")] = action("/JavaScript", JS="app.alert(1)")
    writer.add_attachment("payload.exe", b"MZ")
    add_document_script(writer, "app.alert(2);")
    writer.pages[0][name("/AA")] = DictionaryObject(
        {name("/O"): action("/JavaScript", JS="app.alert(3)")}
    )
    link(writer, action("/JavaScript", JS="app.alert(4)"))
    link(writer, action("/Launch", F="cmd.exe"))
    link(writer, action("/URI", URI="javascript:app.alert(5)"))
    link(writer, action("/URI", URI="https://www.pref.aomori.lg.jp/"))
    link(writer, action("/URI", URI="https://example.jp/"), subtype="/FileAttachment")
    goto = DictionaryObject(
        {
            name("/S"): name("/GoTo"),
            name("/D"): ArrayObject([writer.pages[1].indirect_reference, name("/Fit")]),
        }
    )
    link(writer, goto)
    writer.pages[1][name("/AA")] = DictionaryObject({name("/O"): action("/Launch", F="calc.exe")})
    return written(writer)


def every_object(reader: PdfReader):
    """Every dictionary in the file, reachable or not."""
    stack = [reader.get_object(i) for i in range(1, int(reader.trailer["/Size"]))]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            continue
        if isinstance(item, DictionaryObject):
            yield item
            stack.extend(dict.values(item))
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def test_a_stamped_hostile_page_carries_no_script_program_or_file_into_the_packet():
    hostile = hostile_upload()
    assert refusal(hostile)  # the validator would have stopped it; here it is stamped anyway
    base = written(blank(2))
    stamped = pdf.stamp_pages(
        base,
        [(i, pdf.Stamp(anchor=f"upload-{i}", data=hostile, source_page=i)) for i in range(2)],
    )
    reader = PdfReader(io.BytesIO(stamped))
    assert len(reader.pages) == 2
    root = reader.root_object
    assert "/OpenAction" not in root and "/AA" not in root
    assert "/JavaScript" not in root.get("/Names", {})
    assert "/EmbeddedFiles" not in root.get("/Names", {})
    for page in reader.pages:
        assert "/AA" not in page
    found = set().union(*(active_content(item) for item in every_object(reader)))
    assert found == set()
    annotations = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    assert [(a["/Subtype"], a["/A"]["/URI"]) for a in annotations] == [
        ("/Link", "https://www.pref.aomori.lg.jp/")
    ]
    assert "/Annots" not in reader.pages[1]


# --- through the admin -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, message",
    [
        (with_open_action, "このPDFには登録できない内容（JavaScript）が含まれています。"),
        (lambda: encrypted_with("AES-256"), ENCRYPTED),
        (lambda: many_pages(20_000), "ページ数が多すぎます（20,000ページ）。"),
    ],
    ids=["javascript", "aes-256", "20000-pages"],
)
def test_the_meeting_form_shows_the_refusal_in_japanese(
    editor_client, seed, monkeypatch, data, message
):
    monkeypatch.setattr(pdf, "render", lambda *a, **k: pytest.fail("rendered a PDF"))
    change = reverse("admin:headquarters_meeting_change", args=[1])
    form = change_form_data(editor_client.get(change))
    index = int(form["materials-TOTAL_FORMS"])
    form["materials-TOTAL_FORMS"] = str(index + 1)
    row = {
        "meeting": "1",
        "order": "4",
        "label": "参考資料",
        "title": "参考",
        "generator": "",
        "is_public": "on",
        "file": SimpleUploadedFile("ref.pdf", data(), "application/pdf"),
    }
    form.update({f"materials-{index}-{key}": value for key, value in row.items()})
    response = editor_client.post(change, form)
    assert response.status_code == 200, form_errors(response)
    assert message in response.content.decode()
    assert not Material.objects.filter(label="参考資料").exists()
