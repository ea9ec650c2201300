"""Checking uploaded PDFs: hostile until proven otherwise.

An uploaded PDF is read here once, at upload, with every limit in place, so that a public page or
a packet render is never where a hostile file is discovered. A file passes when it is a readable,
unencrypted PDF within the size and page limits, every page has a sane size, no compressed stream
inflates past a bound (counted while inflating, never inflated whole first), and nothing in it
runs, launches or carries other files.
"""

from __future__ import annotations

import io
import math
import zlib
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import LimitReachedError
from pypdf.filters import ASCII85Decode, ASCIIHexDecode, LZWDecode, RunLengthDecode
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    PdfObject,
    StreamObject,
)

PDF_MAGIC = b"%PDF-"
ENCRYPT_KEY = b"/Encrypt"

# A page side in points: under 1 pt nothing can be drawn; 14,400 pt (200 in) is the PDF limit.
MIN_PAGE_SIDE, MAX_PAGE_SIDE = 1.0, 14_400.0
MAX_COORDINATE = 1_000_000.0
# One stream may inflate to this much, all streams together to the second: below pypdf's own
# 75 MB per stream, so that a file passing here is never one pypdf refuses while stamping.
MAX_STREAM_BYTES = 48 * 1024 * 1024
MAX_DECODED_BYTES = 512 * 1024 * 1024
# Images are not inflated here (nothing on the server decodes them); their declared size is what
# a viewer will allocate. 200 megapixels is more than an A0 page scanned at 350 dpi.
MAX_IMAGE_PIXELS = 200_000_000
# More objects than this take too long to check; a 300-page report has a few thousand.
MAX_OBJECTS = 1_000_000
INFLATE_CHUNK = 1024 * 1024

NOT_A_PDF = "PDFファイルではありません。PDF形式で保存したファイルを選んでください。"
BROKEN = "PDFファイルを読み取れませんでした。ファイルが壊れていないか確認してください。"
ENCRYPTED = "パスワード付きのPDFは添付できません。保護を解除してください。"
NO_PAGES = "ページのないPDFです。"
TOO_COMPLEX = "PDFの構造が複雑すぎて確認できません。PDFとして保存し直してから添付してください。"

JAVASCRIPT = "JavaScript"
LAUNCH = "外部プログラムの起動"
ATTACHMENT = "添付ファイル"
XFA = "XFAフォーム"
ACTIVE_CONTENT_ORDER = [JAVASCRIPT, LAUNCH, ATTACHMENT, XFA]

FLATE = {"/FlateDecode", "/Fl"}
WHOLE_DECODERS = {
    "/ASCIIHexDecode": ASCIIHexDecode,
    "/AHx": ASCIIHexDecode,
    "/ASCII85Decode": ASCII85Decode,
    "/A85": ASCII85Decode,
    "/LZWDecode": LZWDecode,
    "/LZW": LZWDecode,
    "/RunLengthDecode": RunLengthDecode,
    "/RL": RunLengthDecode,
}
IMAGE_CODECS = {
    "/DCTDecode",
    "/DCT",
    "/JPXDecode",
    "/JBIG2Decode",
    "/CCITTFaxDecode",
    "/CCF",
}


def validate_pdf_upload(file) -> None:
    """Refuse, with a message in Japanese, anything but a harmless PDF within the limits."""
    limit = settings.MATERIAL_MAX_BYTES
    if file.size > limit:
        raise too_large(file.size, limit)
    file.seek(0)
    try:
        data = file.read(limit + 1)
    finally:
        file.seek(0)
    if len(data) > limit:
        raise too_large(len(data), limit)
    check_pdf(data)


def too_large(size: int, limit: int) -> ValidationError:
    return ValidationError(
        f"ファイルが大きすぎます（{filesizeformat(size)}）。"
        f"{filesizeformat(limit)}以下のPDFにしてください。",
        code="pdf_size",
    )


def check_pdf(data: bytes) -> None:
    """Raise ValidationError unless `data` is a PDF that is safe to publish and to stamp."""
    if PDF_MAGIC not in data[:1024]:
        raise ValidationError(NOT_A_PDF, code="pdf_type")
    reader = open_reader(data)
    # pypdf raises many kinds of exception on malformed input (its own, ValueError, KeyError,
    # TypeError, RecursionError...); an upload check answers each with a message, never a 500.
    try:
        check_pages(reader)
        found = scan_objects(reader)
    except ValidationError:
        raise
    except LimitReachedError:
        raise ValidationError(TOO_COMPLEX, code="pdf_complex") from None
    except Exception:
        raise ValidationError(BROKEN, code="pdf_broken") from None
    if found:
        names = "、".join(kind for kind in ACTIVE_CONTENT_ORDER if kind in found)
        raise ValidationError(
            f"このPDFには登録できない内容（{names}）が含まれています。"
            "取り除いて保存し直してから添付してください。",
            code="pdf_active_content",
        )


def open_reader(data: bytes) -> PdfReader:
    """A reader of `data`; an encrypted file is refused, even one pypdf cannot open."""
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception:
        # Opening an AES-encrypted file needs the optional `cryptography` package; without it
        # pypdf raises before we can ask, so look for the encryption dictionary ourselves.
        if ENCRYPT_KEY in data:
            raise ValidationError(ENCRYPTED, code="pdf_encrypted") from None
        raise ValidationError(BROKEN, code="pdf_broken") from None
    if encrypted:
        raise ValidationError(ENCRYPTED, code="pdf_encrypted")
    return reader


def check_pages(reader: PdfReader) -> None:
    """At least one and at most MATERIAL_MAX_PAGES pages, each of a drawable size."""
    limit = settings.MATERIAL_MAX_PAGES
    # The declared count answers a huge file at once; the page tree is walked only below it
    # (and the walk is what counts, as /Count may understate).
    declared = resolve(resolve(reader.trailer["/Root"]).get("/Pages"))
    declared_count = resolve(declared.get("/Count")) if isinstance(declared, dict) else None
    if isinstance(declared_count, int) and declared_count > limit:
        raise too_many_pages(declared_count, limit)
    count = len(reader.pages)
    if count == 0:
        raise ValidationError(NO_PAGES, code="pdf_empty")
    if count > limit:
        raise too_many_pages(count, limit)
    for number, page in enumerate(reader.pages, start=1):
        for key in ("/MediaBox", "/CropBox"):
            if key == "/MediaBox" or key in page:
                if not is_sane_box(resolve(page.get(key))):
                    raise ValidationError(
                        f"{number}ページ目の用紙サイズが正しくありません"
                        f"（幅・高さは1〜{MAX_PAGE_SIDE:,.0f}ポイント）。"
                        "PDFとして保存し直してから添付してください。",
                        code="pdf_page_size",
                    )


def too_many_pages(count: int, limit: int) -> ValidationError:
    return ValidationError(
        f"ページ数が多すぎます（{count:,}ページ）。{limit:,}ページ以下のPDFにしてください。",
        code="pdf_pages",
    )


def is_sane_box(box: PdfObject | None) -> bool:
    """A rectangle [left bottom right top] of finite numbers, 1 to 14,400 pt each way."""
    if not isinstance(box, ArrayObject) or len(box) != 4:
        return False
    values = [resolve(value) for value in box]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return False
    left, bottom, right, top = (float(v) for v in values)
    if not all(math.isfinite(v) and abs(v) <= MAX_COORDINATE for v in (left, bottom, right, top)):
        return False
    return all(MIN_PAGE_SIDE <= side <= MAX_PAGE_SIDE for side in (right - left, top - bottom))


def scan_objects(reader: PdfReader) -> set[str]:
    """Check every stream reachable from the document and return the active content found."""
    budget = DecodeBudget()
    # Reading any object kept in an object stream inflates its whole container: check those first.
    for container in sorted({number for number, _ in reader.xref_objStm.values()}):
        stream = reader.get_object(int(container))
        if isinstance(stream, StreamObject):
            check_stream(stream, budget)
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list[PdfObject] = [reader.trailer.raw_get("/Root")]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > MAX_OBJECTS:
            raise ValidationError(TOO_COMPLEX, code="pdf_complex")
        if isinstance(item, DictionaryObject):
            found |= active_content(item)
            if isinstance(item, StreamObject):
                check_stream(item, budget)
            stack.extend(dict.values(item))
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
    return found


def active_content(item: DictionaryObject) -> set[str]:
    """What in this dictionary would run a script, start a program or carry a file."""
    found = set()
    action = resolve(item.get("/S"))
    if "/JS" in item or "/JavaScript" in item or action == "/JavaScript":
        found.add(JAVASCRIPT)
    if action == "/Launch":
        found.add(LAUNCH)
    if (
        "/EmbeddedFiles" in item
        or "/EF" in item
        or action == "/GoToE"
        or resolve(item.get("/Subtype")) == "/FileAttachment"
    ):
        found.add(ATTACHMENT)
    if "/XFA" in item:
        found.add(XFA)
    return found


def resolve(value: PdfObject | None) -> PdfObject | None:
    return value.get_object() if isinstance(value, IndirectObject) else value


class DecodeBudget:
    """Decoded bytes so far, across all the streams of one file."""

    def __init__(self) -> None:
        self.total = 0

    def add(self, size: int) -> None:
        self.total += size
        if self.total > MAX_DECODED_BYTES:
            raise inflates_too_far()


def inflates_too_far() -> ValidationError:
    return ValidationError(
        "展開すると大きくなりすぎる圧縮データが含まれています"
        f"（1つあたり{filesizeformat(MAX_STREAM_BYTES)}、"
        f"合計{filesizeformat(MAX_DECODED_BYTES)}まで）。"
        "PDFとして保存し直してから添付してください。",
        code="pdf_bomb",
    )


def bounded(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Pass `chunks` on, refusing the file as soon as they add up to more than one stream may."""
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_STREAM_BYTES:
            raise inflates_too_far()
        yield chunk


def check_stream(stream: StreamObject, budget: DecodeBudget) -> None:
    """Inflate the stream chunk by chunk, counting, and keep none of it."""
    if resolve(stream.get("/Subtype")) == "/Image":
        check_image(stream)
        return
    filters = resolve(stream.get("/Filter"))
    if filters is None:
        return
    names = [resolve(f) for f in filters] if isinstance(filters, ArrayObject) else [filters]
    parms = resolve(stream.get("/DecodeParms"))
    parms_list = [resolve(p) for p in parms] if isinstance(parms, ArrayObject) else [parms]
    chunks: Iterable[bytes] = [stream._data]  # the raw bytes as stored; pypdf has no public name
    for index, name in enumerate(names):
        if name in IMAGE_CODECS:
            break
        if name in FLATE:
            chunks = bounded(inflate(chunks))
        elif name in WHOLE_DECODERS:
            # Rare, and not streamable with pypdf's decoders: their input is bounded by the stage
            # before, their output by pypdf's own limit, then by ours.
            parm = parms_list[index] if index < len(parms_list) else None
            decoded = WHOLE_DECODERS[name].decode(
                b"".join(chunks), parm if isinstance(parm, DictionaryObject) else None
            )
            chunks = bounded([decoded])
        else:
            raise ValidationError(BROKEN, code="pdf_broken")
    for chunk in chunks:
        budget.add(len(chunk))


def inflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """FlateDecode, yielding at most INFLATE_CHUNK bytes at a time."""
    inflater = zlib.decompressobj()
    try:
        for data in chunks:
            while data and not inflater.eof:
                out = inflater.decompress(data, INFLATE_CHUNK)
                data = inflater.unconsumed_tail
                if out:
                    yield out
        while not inflater.eof:  # output zlib still holds back for lack of room
            out = inflater.decompress(b"", INFLATE_CHUNK)
            if not out:
                break
            yield out
    except zlib.error:
        raise ValidationError(BROKEN, code="pdf_broken") from None


def check_image(stream: StreamObject) -> None:
    width, height = resolve(stream.get("/Width")), resolve(stream.get("/Height"))
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (width, height)):
        return  # not a drawable image; a viewer skips it
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            f"画像が大きすぎます（{width:,}×{height:,}ピクセル）。"
            "解像度を下げて保存し直してから添付してください。",
            code="pdf_image",
        )
