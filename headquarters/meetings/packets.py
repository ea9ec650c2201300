"""Meeting PDFs: the 次第 alone, each material alone, and the whole packet, cached by content.

A PDF is keyed by a fingerprint of everything in it: the HTML it is drawn from and the bytes of
any uploaded PDF. Editing anything that appears in a packet (the meeting, a material, the charter,
the plan, the desk) changes that HTML and so the fingerprint; anything that does not appear leaves
it alone. So the cache needs no invalidation rules, and an edit invalidates exactly the packets it
appears in. At most one process renders a given PDF at a time; the others wait for its file.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from dxportal.lib import materials, pdf
from headquarters.meetings.models import Material, Meeting

RENDER_LOCK_SECONDS = 300
WAIT_SECONDS = 60
TEMPLATE_VERSION = "5"  # bump when the packet's layout changes, to re-render every PDF


class RenderBusy(Exception):
    """Another process is still rendering this PDF."""


@dataclass
class Part:
    """One material in a PDF: its drawn HTML, or pages reserved for its uploaded PDF."""

    material: Material
    html: str = ""
    upload: bytes = b""
    reserved_pages: list[str] = field(default_factory=list)


@dataclass
class Document:
    """What a PDF is made of, before rendering: enough to fingerprint it and to draw it."""

    kind: str
    filename: str
    ascii_filename: str
    html: str
    stamps: list[pdf.Stamp]

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256(f"{TEMPLATE_VERSION}:{self.kind}:".encode())
        digest.update(self.html.encode())
        for stamp in self.stamps:
            digest.update(hashlib.sha256(stamp.data).digest())
        return digest.hexdigest()

    @property
    def storage_name(self) -> str:
        return f"packets/{self.fingerprint}.pdf"


def part_for(material: Material, meeting: Meeting, drawn: dict[str, str] | None = None) -> Part:
    """A material ready for a PDF; `drawn` keeps HTML already drawn by the same generator."""
    if material.is_generated:
        drawn = {} if drawn is None else drawn
        if material.generator not in drawn:
            drawn[material.generator] = materials.render(material.generator, meeting)
        return Part(material=material, html=drawn[material.generator])
    with material.file.open("rb") as upload:
        data = upload.read()
    anchors = [f"upload-{material.pk}-{i}" for i in range(pdf.page_count(data))]
    return Part(material=material, upload=data, reserved_pages=anchors)


def document(meeting: Meeting, *, kind: str, parts: list[Part], filename: str) -> Document:
    """The HTML of a meeting PDF of one kind (packet, agenda, material-<pk>), not yet rendered."""
    html = render_to_string(
        "headquarters/pdf/packet.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda.all(),
            "listed_materials": meeting.materials.public(),
            "with_cover": kind in ("packet", "agenda"),
            "parts": parts,
            "title": filename.removesuffix(".pdf"),
        },
    )
    stamps = [
        pdf.Stamp(anchor=anchor, data=part.upload, source_page=i)
        for part in parts
        for i, anchor in enumerate(part.reserved_pages)
    ]
    return Document(
        kind=kind,
        filename=filename,
        ascii_filename=f"meeting-{meeting.pk}-{kind}.pdf",
        html=html,
        stamps=stamps,
    )


def public_parts(meeting: Meeting) -> list[Part]:
    """Every public material of the meeting, in order, each generator drawn once."""
    drawn: dict[str, str] = {}
    return [part_for(m, meeting, drawn) for m in meeting.materials.public()]


def packet_document(meeting: Meeting, parts: list[Part] | None = None) -> Document:
    """The whole packet: cover and 次第, then every public material in order."""
    parts = public_parts(meeting) if parts is None else parts
    return document(meeting, kind="packet", parts=parts, filename=f"{meeting.title}_会議資料.pdf")


def agenda_document(meeting: Meeting) -> Document:
    return document(meeting, kind="agenda", parts=[], filename=f"{meeting.title}_次第.pdf")


def material_document(material: Material, part: Part | None = None) -> Document:
    meeting = material.meeting
    return document(
        meeting,
        kind=f"material-{material.pk}",
        parts=[part or part_for(material, meeting)],
        filename=f"{meeting.title}_{material.label}_{material.title}.pdf",
    )


def rendered(doc: Document) -> str:
    """The storage name of the document's PDF, rendering it first if no process has yet."""
    name = doc.storage_name
    if default_storage.exists(name):
        return name
    lock = f"pdf-render:{doc.fingerprint}"
    if not cache.add(lock, 1, timeout=RENDER_LOCK_SECONDS):
        return wait_for(name)
    try:
        if not default_storage.exists(name):
            data = pdf.render(doc.html, base_url=str(settings.BASE_DIR), stamps=doc.stamps)
            save_whole(name, data)
    finally:
        cache.delete(lock)
    return name


def save_whole(name: str, data: bytes) -> None:
    """Store the PDF so that no reader ever sees it half written.

    On a file system it is written under another name and renamed into place (atomic); an object
    store makes an upload visible only once it is complete.
    """
    try:
        final_path = default_storage.path(name)
    except NotImplementedError:
        default_storage.save(name, ContentFile(data))
        return
    partial = default_storage.save(f"{name}.part", ContentFile(data))
    os.replace(default_storage.path(partial), final_path)


def wait_for(name: str) -> str:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if default_storage.exists(name):
            return name
        time.sleep(0.5)
    raise RenderBusy(name)
