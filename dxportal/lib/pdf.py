"""HTML to tagged PDF with WeasyPrint, and stamping uploaded PDFs onto reserved pages.

Every PDF is PDF/UA-1 (tagged, so screen readers can read it), A4, in the Japanese font the
stylesheet names, which WeasyPrint embeds as a subset. An uploaded PDF cannot be re-flowed: the
packet reserves one page per uploaded page (so headers and page numbers run through it) and the
uploaded page is scaled onto it afterwards.

WeasyPrint (70) tags headings, paragraphs, lists and tables, and gives a Figure its alternative
text only from an <img alt> or an inline SVG's <title>; it writes no ActualText and reads no
aria-label. So what a PDF reader should hear is real, visible text, and text kept for screen
readers of the web page only is left out of the PDF (pdf.css: display: none).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/ua-1"
# pdf.css, then the schedule grid's own rules where that stylesheet exists.
STYLESHEETS = ("css/pdf.css", "css/schedule.css")
MM = 72 / 25.4
# The body box of a reserved page, as pdf.css lays it out (A4 with its margins), in points.
BODY_LEFT, BODY_BOTTOM = 18 * MM, 20 * MM
BODY_WIDTH, BODY_HEIGHT = (210 - 36) * MM, (297 - 20 - 22) * MM


@dataclass(frozen=True)
class Stamp:
    """Put page `source_page` of an uploaded PDF on the rendered page marked by `anchor`."""

    anchor: str
    data: bytes
    source_page: int


def stylesheet_files() -> list[str]:
    """The PDF stylesheets that exist, in the order they apply."""
    found = (finders.find(name) for name in STYLESHEETS)
    return [path for path in found if path]


def stylesheets_digest() -> bytes:
    """What the stylesheets say, so that a changed rule is never served from an old render."""
    digest = hashlib.sha256()
    for path in stylesheet_files():
        digest.update(Path(path).read_bytes())
    return digest.digest()


def render(html: str, *, base_url: str, stamps: list[Stamp] = ()) -> bytes:
    """The PDF of an HTML document, with uploaded pages stamped where it reserved them.

    `base_url` makes the document's links absolute (the portal's address). Nothing is fetched
    from it: a material is drawn from data, and its HTML names no image or stylesheet to load.
    """
    stylesheets = [CSS(filename=path) for path in stylesheet_files()]
    no_fetching = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, base_url=base_url, url_fetcher=no_fetching).render(
        stylesheets=stylesheets
    )
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    if not stamps:
        return pdf
    page_of_anchor = {
        anchor: index for index, page in enumerate(document.pages) for anchor in page.anchors
    }
    return stamp_pages(pdf, [(page_of_anchor[s.anchor], s) for s in stamps])


def stamp_pages(pdf: bytes, placements: list[tuple[int, Stamp]]) -> bytes:
    """Scale each uploaded page into the body box of its reserved page, keeping the outline."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    readers: dict[int, PdfReader] = {}
    for page_index, stamp in placements:
        if id(stamp.data) not in readers:
            readers[id(stamp.data)] = PdfReader(io.BytesIO(stamp.data))
        reader = readers[id(stamp.data)]
        source = inert_page(reader.pages[stamp.source_page])
        width, height = float(source.mediabox.width), float(source.mediabox.height)
        scale = min(BODY_WIDTH / width, BODY_HEIGHT / height)
        x = BODY_LEFT + (BODY_WIDTH - width * scale) / 2
        y = BODY_BOTTOM + (BODY_HEIGHT - height * scale) / 2
        transform = Transformation().translate(
            -float(source.mediabox.left), -float(source.mediabox.bottom)
        )
        writer.pages[page_index].merge_transformed_page(
            source, transform.scale(scale).translate(x, y)
        )
    strip_document_actions(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


# Uploads are checked at upload (dxportal/lib/pdf_files.py); these keep an uploaded page inert in
# the packet all the same: a printed page needs its content and its annotations' appearance, and
# nothing of it may run, launch, carry a file or point at pages the packet does not have.
PASSIVE_ANNOTATIONS = {
    "/Text", "/FreeText", "/Line", "/Square", "/Circle", "/Polygon", "/PolyLine", "/Highlight",
    "/Underline", "/Squiggly", "/StrikeOut", "/Stamp", "/Caret", "/Ink", "/Redact", "/Widget",
    "/Link",
}  # fmt: skip
ANNOTATION_LINKS = {
    "/A", "/AA", "/Dest", "/PA", "/Popup", "/IRT", "/Parent", "/P", "/FS", "/RT", "/Kids",
}  # fmt: skip
SAFE_URI_PREFIXES = ("http://", "https://", "mailto:")


def inert_page(page: PageObject) -> PageObject:
    """A copy of an uploaded page without page actions and with only passive annotations."""
    copy = PageObject(page.pdf)
    for key, value in dict.items(page):
        if key not in ("/AA", "/Annots"):
            copy[NameObject(key)] = value
    annotations = page.get("/Annots")
    kept = (
        [inert_annotation(a.get_object()) for a in annotations or []]
        if isinstance(annotations, ArrayObject)
        else []
    )
    if any(kept):
        copy[NameObject("/Annots")] = ArrayObject(a for a in kept if a is not None)
    return copy


def inert_annotation(annotation: object) -> DictionaryObject | None:
    """The annotation without actions or links to other objects, or None to leave it out."""
    if not isinstance(annotation, DictionaryObject) or "/Rect" not in annotation:
        return None
    subtype = annotation.get("/Subtype")
    if subtype not in PASSIVE_ANNOTATIONS:
        return None
    copy = DictionaryObject(
        (NameObject(key), value)
        for key, value in dict.items(annotation)
        if key not in ANNOTATION_LINKS
    )
    if subtype == "/Link":
        uri = safe_uri(annotation.get("/A"))
        if uri is None:
            return None  # a link into the upload's own pages, a script or a program: all dead here
        copy[NameObject("/A")] = DictionaryObject(
            {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): uri}
        )
    return copy


def safe_uri(action: object) -> object | None:
    """The address of a plain web or mail link action, else None."""
    action = action.get_object() if isinstance(action, IndirectObject) else action
    if not isinstance(action, DictionaryObject) or action.get("/S") != "/URI" or "/Next" in action:
        return None
    uri = action.get("/URI")
    text = uri.decode("latin-1") if isinstance(uri, bytes) else str(uri or "")
    return uri if text.strip().lower().startswith(SAFE_URI_PREFIXES) else None


def strip_document_actions(writer: PdfWriter) -> None:
    """No document-level script, program or attached file in the packet, whatever came in."""
    root = writer.root_object
    for key in ("/OpenAction", "/AA"):
        action = root.get(key)
        action = action.get_object() if isinstance(action, IndirectObject) else action
        if key == "/AA" or (isinstance(action, DictionaryObject) and action.get("/S") != "/GoTo"):
            root.pop(key, None)
    names = root.get("/Names")
    names = names.get_object() if isinstance(names, IndirectObject) else names
    if isinstance(names, DictionaryObject):
        for key in ("/JavaScript", "/EmbeddedFiles"):
            names.pop(key, None)


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)
