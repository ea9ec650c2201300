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
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, IndirectObject, NameObject
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from dxportal.lib.pdf_tags import annotation_ids, join_figure, new_annotations, tag_annotations

PDF_VARIANT = "pdf/ua-1"
# pdf.css, then the schedule grid's own rules where that stylesheet exists.
STYLESHEETS = ("css/pdf.css", "css/schedule.css")
MM = 72 / 25.4
# The body box of a reserved page, as pdf.css lays it out (A4 with its margins), in points.
BODY_LEFT, BODY_BOTTOM = 18 * MM, 20 * MM
BODY_WIDTH, BODY_HEIGHT = (210 - 36) * MM, (297 - 20 - 22) * MM
# The image of a reserved page's figure (packet.html): one transparent dot, drawn from data.
UPLOAD_FIGURE = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E"
)


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
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=scope_header_cells)
    if not stamps:
        return pdf
    page_of_anchor = {
        anchor: index for index, page in enumerate(document.pages) for anchor in page.anchors
    }
    return stamp_pages(pdf, [(page_of_anchor[s.anchor], s) for s in stamps])


def scope_header_cells(document, pdf) -> None:
    """Give every table header cell its /Scope, as PDF/UA checkers ask: WeasyPrint 70 writes the
    header cells' /ID and the data cells' /Headers, but no /Scope (Kozea/WeasyPrint#2508). As
    WeasyPrint pairs them, a <th scope="row"> heads its row and any other <th> its column.

    A WeasyPrint finisher: it runs on the tagged document before the PDF is written, where each
    cell's box keeps its structure element (box.mark, set by weasyprint/pdf/tags.py)."""
    for page in document.pages:
        for box in page._page_box.descendants():
            mark = getattr(box, "mark", None)
            if mark is not None and getattr(box, "element_tag", None) == "th":
                scope = "/Row" if box.element.attrib.get("scope") == "row" else "/Column"
                mark["A"]["Scope"] = scope


def stamp_pages(pdf: bytes, placements: list[tuple[int, Stamp]]) -> bytes:
    """Scale each uploaded page into the body box of its reserved page, keeping the outline and,
    in a tagged PDF, tagging it as the figure of its reserved page."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    # Rendered PDFs are tagged; what is stamped joins their tags (dxportal/lib/pdf_tags.py).
    tagged = "/StructTreeRoot" in writer.root_object
    readers: dict[int, PdfReader] = {}
    for page_index, stamp in placements:
        if id(stamp.data) not in readers:
            readers[id(stamp.data)] = PdfReader(io.BytesIO(stamp.data))
        reader = readers[id(stamp.data)]
        page = writer.pages[page_index]
        source = inert_page(reader.pages[stamp.source_page])
        if tagged:
            source, figure = join_figure(writer, page, source)
        known = annotation_ids(page)
        width, height = float(source.mediabox.width), float(source.mediabox.height)
        scale = min(BODY_WIDTH / width, BODY_HEIGHT / height)
        x = BODY_LEFT + (BODY_WIDTH - width * scale) / 2
        y = BODY_BOTTOM + (BODY_HEIGHT - height * scale) / 2
        transform = Transformation().translate(
            -float(source.mediabox.left), -float(source.mediabox.bottom)
        )
        placed = transform.scale(scale).translate(x, y)
        page.merge_transformed_page(source, placed)
        added = new_annotations(writer, page, known)
        for annotation in added:  # pypdf merges annotations where they were on the upload
            place_rectangle(annotation.get_object(), placed)
        if tagged:
            tag_annotations(writer, page, added, figure)
    strip_document_actions(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def place_rectangle(annotation: DictionaryObject, placed: Transformation) -> None:
    """Move an annotation's /Rect (and a link's /QuadPoints) as its page was moved."""
    left, bottom, right, top = (float(v) for v in annotation["/Rect"])
    (x1, y1), (x2, y2) = placed.apply_on((left, bottom)), placed.apply_on((right, top))
    annotation[NameObject("/Rect")] = ArrayObject(
        FloatObject(v) for v in (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    )
    quads = annotation.get("/QuadPoints")
    if isinstance(quads, ArrayObject):
        points = [
            placed.apply_on((float(quads[i]), float(quads[i + 1])))
            for i in range(0, len(quads) - 1, 2)
        ]
        annotation[NameObject("/QuadPoints")] = ArrayObject(
            FloatObject(v) for point in points for v in point
        )


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


def page_texts(data: bytes) -> list[str]:
    """The text each page of an uploaded PDF carries, whitespace folded ("" for a page whose
    text cannot be read, e.g. a scan)."""
    texts = []
    for page in PdfReader(io.BytesIO(data)).pages:
        try:
            text = page.extract_text()
        except Exception:  # a damaged content stream: the page is still stamped as it is
            text = ""
        texts.append(" ".join(text.split()))
    return texts
