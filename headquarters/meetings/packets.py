"""A meeting's documents: drawn as of the meeting, rendered to PDF in the task worker only.

A document (the packet, the members' packet, the 次第, one material) is HTML drawn from the
meeting's materials plus the pages of any uploaded PDF. Each generated material is drawn once, as
of the meeting's date, and that one drawing serves both the material's web page and every PDF it
goes into. Rendering runs in a child process with a time and a memory limit; its output is kept
under a fingerprint of its input, so publishing the same content again renders nothing.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from dxportal.lib import materials, pdf
from dxportal.lib.limits import run_limited
from headquarters.meetings.models import EditionFile, Material, Meeting

TEMPLATE_VERSION = "8"  # bump when the packet's layout changes, so nothing old is reused
RENDER_CACHE = "renders"


@dataclass
class Part:
    """One material in a PDF: its drawn HTML, or pages reserved for its uploaded PDF."""

    material: Material
    html: str = ""
    upload: bytes = b""
    reserved_pages: list[str] = field(default_factory=list)
    # What a screen reader says for each uploaded page (the alternative text of its figure).
    page_descriptions: list[str] = field(default_factory=list)

    @property
    def reserved_pages_described(self) -> list[tuple[str, str]]:
        return list(zip(self.reserved_pages, self.page_descriptions, strict=True))


@dataclass
class Document:
    """One PDF of a meeting before rendering: what it is, its HTML and the pages stamped on it."""

    kind: str
    title: str
    filename: str
    is_public: bool
    html: str
    stamps: list[pdf.Stamp]
    part: Part | None = None  # the material of a single-material document

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256(f"{TEMPLATE_VERSION}:{self.kind}:".encode())
        digest.update(pdf.stylesheets_digest())
        digest.update(self.html.encode())
        for stamp in self.stamps:
            digest.update(hashlib.sha256(stamp.data).digest())
        return digest.hexdigest()


def draw_parts(meeting: Meeting, meeting_materials: list[Material]) -> list[Part]:
    """Each material ready for a PDF, in order; each generator drawn once, as of the meeting."""
    drawn: dict[str, str] = {}
    parts = []
    for material in meeting_materials:
        if material.is_generated:
            if material.generator not in drawn:
                drawn[material.generator] = materials.render(material.generator, meeting)
            parts.append(Part(material=material, html=drawn[material.generator]))
            continue
        with material.file.open("rb") as upload:
            data = upload.read()
        texts = pdf.page_texts(data)
        anchors = [f"upload-{material.pk}-{i}" for i in range(len(texts))]
        descriptions = [
            upload_page_description(material, number, len(texts), text)
            for number, text in enumerate(texts, start=1)
        ]
        parts.append(
            Part(
                material=material,
                upload=data,
                reserved_pages=anchors,
                page_descriptions=descriptions,
            )
        )
    return parts


def upload_page_description(material: Material, number: int, count: int, text: str) -> str:
    """An uploaded page as a screen reader hears it: which material and page, then the page's
    text as the upload carries it (nothing when it carries none, e.g. a scanned page)."""
    said = f"{material.label} {material.title}（{number}/{count}ページ、提出されたPDFのページ）"
    return f"{said}：{text}" if text else said


def document(
    meeting: Meeting, *, kind: str, title: str, parts: list[Part], listed: list[Material]
) -> Document:
    """A meeting PDF of one kind: a cover and 次第 for packets and the 次第, then its parts."""
    filename = f"{meeting.title}_{title}.pdf"
    html = render_to_string(
        "headquarters/pdf/packet.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda.all(),
            "listed_materials": listed,
            "with_cover": kind != EditionFile.Kind.MATERIAL,
            "parts": parts,
            "title": filename.removesuffix(".pdf"),
            "upload_figure": pdf.UPLOAD_FIGURE,
        },
    )
    stamps = [
        pdf.Stamp(anchor=anchor, data=part.upload, source_page=i)
        for part in parts
        for i, anchor in enumerate(part.reserved_pages)
    ]
    return Document(
        kind=kind,
        title=title,
        filename=filename,
        is_public=all(part.material.is_public for part in parts),
        html=html,
        stamps=stamps,
        part=parts[0] if kind == EditionFile.Kind.MATERIAL else None,
    )


def meeting_documents(meeting: Meeting) -> list[Document]:
    """Every document an edition freezes: packet, 次第, each material, and the members' packet.

    The public packet holds the public materials; the members' packet (全資料版) holds all of
    them and is made only when some material is private.
    """
    every = list(meeting.materials.order_by("order", "pk"))
    parts = draw_parts(meeting, every)
    public = [part for part in parts if part.material.is_public]
    public_materials = [part.material for part in public]
    docs = [
        document(meeting, kind="packet", title="会議資料", parts=public, listed=public_materials),
        document(meeting, kind="agenda", title="次第", parts=[], listed=public_materials),
    ]
    docs += [
        document(
            meeting,
            kind=EditionFile.Kind.MATERIAL,
            title=f"{part.material.label}_{part.material.title}",
            parts=[part],
            listed=[part.material],
        )
        for part in parts
    ]
    if len(public) < len(parts):
        docs.append(
            document(
                meeting, kind="members_packet", title="会議資料_全資料版", parts=parts, listed=every
            )
        )
    return docs


def render(doc: Document) -> bytes:
    """The document's PDF: reused when the same input was rendered before, else rendered now.

    Call this from the task worker (or a management command), never from a page view.
    """
    cached = f"{RENDER_CACHE}/{doc.fingerprint}.pdf"
    if default_storage.exists(cached):
        with default_storage.open(cached, "rb") as stored:
            return stored.read()
    data = run_limited(
        pdf.render,
        doc.html,
        base_url=f"{settings.SITE_URL}/",  # links in the PDF lead to the portal's pages
        stamps=doc.stamps,
        seconds=settings.PDF_RENDER_SECONDS,
        memory_bytes=settings.PDF_RENDER_MEMORY_MB * 1024 * 1024,
    )
    save_whole(cached, data)
    return data


def save_whole(name: str, data: bytes) -> None:
    """Store bytes under a name no reader ever sees half written; a name already there is kept.

    Names are made from content (a fingerprint or a hash), so a name that exists already holds
    these bytes. On a file system the bytes are written under another name and renamed into place
    (atomic); an object store makes an upload visible only once it is complete.
    """
    if default_storage.exists(name):
        return
    try:
        final_path = default_storage.path(name)
    except NotImplementedError:
        default_storage.save(name, ContentFile(data))
        return
    partial = default_storage.save(f"{name}.part", ContentFile(data))
    os.replace(default_storage.path(partial), final_path)
