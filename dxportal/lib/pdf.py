"""HTML to tagged PDF with WeasyPrint, and stamping uploaded PDFs onto reserved pages.

Every PDF is PDF/UA-1 (tagged, so screen readers can read it), A4, in the Japanese font the
stylesheet names, which WeasyPrint embeds as a subset. An uploaded PDF cannot be re-flowed: the
packet reserves one page per uploaded page (so headers and page numbers run through it) and the
uploaded page is scaled onto it afterwards.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from pypdf import PdfReader, PdfWriter, Transformation
from weasyprint import CSS, HTML

PDF_VARIANT = "pdf/ua-1"
STYLESHEET = "css/pdf.css"
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


def stylesheet() -> CSS:
    return CSS(filename=finders.find(STYLESHEET))


def render(html: str, *, base_url: str, stamps: list[Stamp] = ()) -> bytes:
    """The PDF of an HTML document, with uploaded pages stamped where it reserved them."""
    document = HTML(string=html, base_url=base_url).render(stylesheets=[stylesheet()])
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
        source = reader.pages[stamp.source_page]
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
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)
