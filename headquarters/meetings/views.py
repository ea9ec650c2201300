"""Public meeting pages: lists by body and fiscal year, a meeting, its materials and PDFs."""

from __future__ import annotations

from urllib.parse import quote

from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from dxportal.lib.fiscal import fiscal_year
from headquarters.meetings import packets
from headquarters.meetings.feeds import meetings_calendar
from headquarters.meetings.models import Directive, Material, Meeting
from headquarters.meetings.tasks import render_meeting_pdfs
from headquarters.models import Body


def public_meetings():
    return Meeting.objects.public().select_related("body")


def meeting_list(request: HttpRequest) -> HttpResponse:
    """Meetings by body and fiscal year (?body=<slug>&year=<年度>)."""
    meetings = public_meetings()
    body_slug = request.GET.get("body", "")
    year = request.GET.get("year", "")
    if body_slug:
        meetings = meetings.filter(body__slug=body_slug)
    if year.isdigit():
        meetings = meetings.in_fiscal_year(int(year))
    years = sorted(
        {fiscal_year(d) for d in public_meetings().values_list("date", flat=True)}, reverse=True
    )
    return render(
        request,
        "headquarters/meeting_list.html",
        {
            "meetings": meetings.order_by("-date"),
            "bodies": Body.objects.public().filter(meetings__is_public=True).distinct(),
            "years": years,
            "selected_body": body_slug,
            "selected_year": int(year) if year.isdigit() else None,
        },
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        public_meetings().prefetch_related(
            "agenda",
            Prefetch("materials", queryset=Material.objects.public(), to_attr="public_materials"),
            Prefetch(
                "directives",
                queryset=Directive.objects.select_related("department__parent", "reported_at"),
            ),
            Prefetch(
                "reported_directives",
                queryset=Directive.objects.select_related("department__parent", "meeting"),
            ),
            "attendance__post",
        ),
        pk=pk,
    )
    parts = packets.public_parts(meeting)
    packet = packets.packet_document(meeting, parts)
    agenda = packets.agenda_document(meeting)
    material_docs = [packets.material_document(part.material, part) for part in parts]
    if not all(default_storage.exists(d.storage_name) for d in [packet, agenda, *material_docs]):
        # The worker renders them (at once in development); until then links say so.
        render_meeting_pdfs.enqueue(meeting.pk)
    downloads = {"packet": pdf_link(packet), "agenda": pdf_link(agenda)}
    material_links = [
        (doc_part.material, pdf_link(doc))
        for doc_part, doc in zip(parts, material_docs, strict=True)
    ]
    return render(
        request,
        "headquarters/meeting_detail.html",
        {"meeting": meeting, "downloads": downloads, "material_links": material_links},
    )


def pdf_link(doc: packets.Document) -> dict:
    """What a download link says: the PDF's size, or None while it is still being rendered."""
    name = doc.storage_name
    return {"size": default_storage.size(name) if default_storage.exists(name) else None}


def material_detail(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    """The HTML version of a generated material (uploaded ones are PDFs only)."""
    meeting = get_object_or_404(public_meetings(), pk=pk)
    material = get_object_or_404(meeting.materials.public(), pk=material_pk)
    if not material.is_generated:
        raise Http404("この資料はPDFのみです。")
    part = packets.part_for(material, meeting)  # drawn once, for the page and its PDF
    doc = packets.material_document(material, part)
    if not default_storage.exists(doc.storage_name):
        render_meeting_pdfs.enqueue(meeting.pk)
    return render(
        request,
        "headquarters/material_detail.html",
        {"meeting": meeting, "material": material, "body": part.html, "link": pdf_link(doc)},
    )


def pdf_response(doc: packets.Document) -> HttpResponse:
    try:
        name = packets.rendered(doc)
    except packets.RenderBusy:
        response = HttpResponse(
            "資料を作成しています。1分ほどしてから、もう一度お試しください。",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "60"
        return response
    response = FileResponse(default_storage.open(name, "rb"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(doc.filename, doc.ascii_filename)
    response["Cache-Control"] = "public, max-age=300"
    return response


def content_disposition(filename: str, fallback: str) -> str:
    """RFC 6266 / 5987: an ASCII name for old clients, the Japanese name for every other."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@require_safe
def packet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return pdf_response(packets.packet_document(get_object_or_404(public_meetings(), pk=pk)))


@require_safe
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return pdf_response(packets.agenda_document(get_object_or_404(public_meetings(), pk=pk)))


@require_safe
def material_pdf(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    meeting = get_object_or_404(public_meetings(), pk=pk)
    material = get_object_or_404(meeting.materials.public(), pk=material_pk)
    return pdf_response(packets.material_document(material))


def meetings_ics(request: HttpRequest) -> HttpResponse:
    body = meetings_calendar(public_meetings(), stamped_at=timezone.now())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
