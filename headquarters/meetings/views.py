"""Meeting pages and downloads, served from published editions: nothing is drawn in a request.

The public sees the current edition (the newest published one) and every earlier one; signed-in
staff and officials also get the private materials and the members' packet. A private file is
never at a public URL: every download goes through these views, which check who is asking.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from dxportal.lib.fiscal import fiscal_year
from dxportal.lib.params import EARLIEST_YEAR, LATEST_YEAR, choice_param, int_param
from dxportal.pagecache import cached_public_page
from dxportal.versioned import versioned
from headquarters.meetings.feeds import meetings_calendar
from headquarters.meetings.models import Directive, Edition, EditionFile, Meeting
from headquarters.models import Body

MEMBERS_PERMISSION = "headquarters.view_editionfile"
NO_FILE = "none"  # kept for a download URL without a file, so repeated 404s cost no query


def public_meetings():
    return Meeting.objects.public().select_related("body")


def is_member(request: HttpRequest) -> bool:
    """Signed-in secretariat staff and officials: they may read private materials."""
    user = request.user
    return user.is_authenticated and user.is_staff and user.has_perm(MEMBERS_PERMISSION)


@cached_public_page(params=("body", "year"))
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Meetings by body and fiscal year (?body=<slug>&year=<年度>)."""
    meetings = public_meetings()
    bodies = list(Body.objects.public().filter(meetings__is_public=True).distinct())
    # A filter that cannot apply (a slug not in the menu, a year no 年度 can be) is dropped: the
    # page then lists every meeting and its menus say so, rather than an error or an empty list.
    body_slug = choice_param(request, "body", [body.slug for body in bodies], default="")
    year = int_param(request, "year", default=None, minimum=EARLIEST_YEAR, maximum=LATEST_YEAR)
    if body_slug:
        meetings = meetings.filter(body__slug=body_slug)
    if year is not None:
        meetings = meetings.in_fiscal_year(year)
    years = sorted(
        {fiscal_year(d) for d in public_meetings().values_list("date", flat=True)}, reverse=True
    )
    return render(
        request,
        "headquarters/meeting_list.html",
        {
            "meetings": meetings.order_by("-date"),
            "bodies": bodies,
            "years": years,
            "selected_body": body_slug,
            "selected_year": year,
        },
    )


def visible_files(request: HttpRequest) -> Q:
    return Q() if is_member(request) else Q(is_public=True)


# A directive names its department as it was called on the meeting's day.
DEPARTMENT_NAMES = ("department__former_names", "department__parent__former_names")


@cached_public_page
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    files = EditionFile.objects.filter(visible_files(request))
    meeting = get_object_or_404(
        public_meetings().prefetch_related(
            "agenda",
            Prefetch(
                "directives",
                queryset=Directive.objects.select_related(
                    "department__parent", "reported_at"
                ).prefetch_related(*DEPARTMENT_NAMES),
            ),
            Prefetch(
                "reported_directives",
                queryset=Directive.objects.select_related(
                    "department__parent", "meeting"
                ).prefetch_related(*DEPARTMENT_NAMES),
            ),
            "attendance__post",
            Prefetch(
                "editions",
                queryset=Edition.objects.published().prefetch_related(
                    Prefetch("files", queryset=files)
                ),
                to_attr="published_editions",
            ),
        ),
        pk=pk,
    )
    current, *earlier = meeting.published_editions
    return render(
        request,
        "headquarters/meeting_detail.html",
        {
            "meeting": meeting,
            "edition": current,
            "earlier_editions": earlier,
            "is_member": is_member(request),
        },
    )


@cached_public_page
def edition_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """An earlier (or the current) edition as it was published, with its downloads."""
    meeting = get_object_or_404(public_meetings(), pk=pk)
    edition = get_object_or_404(
        meeting.editions.published().prefetch_related(
            Prefetch("files", queryset=EditionFile.objects.filter(visible_files(request)))
        ),
        number=number,
    )
    return render(
        request, "headquarters/edition_detail.html", {"meeting": meeting, "edition": edition}
    )


def public_files(request: HttpRequest, pk: int):
    """Files of the meeting's published editions the asker may read (plain joins: one query)."""
    return (
        EditionFile.objects.filter(visible_files(request))
        .filter(
            edition__meeting_id=pk,
            edition__status=Edition.Status.PUBLISHED,
            edition__meeting__is_public=True,
            edition__meeting__body__is_public=True,
        )
        .select_related("edition")
    )


def current_files(request: HttpRequest, pk: int):
    """The files of the meeting's current edition the asker may read."""
    return public_files(request, pk).filter(edition__is_current=True)


@cached_public_page
def material_detail(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    """The web version of a generated material, as the current edition froze it."""
    file = current_files(request, pk).filter(
        kind=EditionFile.Kind.MATERIAL, material_id=material_pk
    )
    file = get_object_or_404(file.select_related("edition__meeting"))
    if not file.body_html:
        raise Http404("この資料はPDFのみです。")
    return render(
        request,
        "headquarters/material_detail.html",
        {"meeting": file.edition.meeting, "file": file},
    )


def file_response(request: HttpRequest, file: EditionFile) -> HttpResponse:
    """The frozen bytes of a file, with its Japanese name and caching that fits who may read it.

    A browser that already has these bytes (its If-None-Match names the file's hash) gets a 304.
    """
    etag = f'"{file.sha256}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return not_modified
    response = FileResponse(
        default_storage.open(file.storage_name, "rb"), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition(file.filename, file.ascii_filename)
    response["Content-Length"] = str(file.size)
    response["ETag"] = etag
    if file.is_public:
        response["Cache-Control"] = "public, max-age=300"
    else:
        response["Cache-Control"] = "private, no-store"
    return response


def content_disposition(filename: str, fallback: str) -> str:
    """RFC 6266 / 5987: an ASCII name for old clients, the Japanese name for every other."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def current_file(request: HttpRequest, pk: int, kind: str, material_pk: int | None = None):
    """One file of the current edition, or 404; the public's answer kept per content version."""

    def files():
        return current_files(request, pk).filter(kind=kind, material_id=material_pk)

    if is_member(request):
        return get_object_or_404(files())
    # Kept for the content version in this process and the shared cache (dxportal/versioned.py):
    # a download then asks Redis only for the version. The web version's HTML is not needed.
    key = f"edition-file:{pk}:{kind}:{material_pk}"
    file = versioned(key, lambda: files().defer("body_html").first() or NO_FILE)
    if file == NO_FILE:
        raise Http404
    return file


@require_safe
def packet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return file_response(request, current_file(request, pk, EditionFile.Kind.PACKET))


@require_safe
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return file_response(request, current_file(request, pk, EditionFile.Kind.AGENDA))


@require_safe
def material_pdf(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    return file_response(request, current_file(request, pk, EditionFile.Kind.MATERIAL, material_pk))


@require_safe
@login_required
def members_packet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The members' packet (全資料版, private materials included): staff and officials only."""
    if not is_member(request):
        raise PermissionDenied
    return file_response(request, current_file(request, pk, EditionFile.Kind.MEMBERS_PACKET))


@require_safe
def edition_file_pdf(request: HttpRequest, pk: int, number: int, file_pk: int) -> HttpResponse:
    """A file of any published edition, earlier ones included; these bytes never change."""
    file = get_object_or_404(public_files(request, pk), pk=file_pk, edition__number=number)
    response = file_response(request, file)
    if file.is_public:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_safe
def uploaded_material(request: HttpRequest, name: str) -> HttpResponse:
    """An uploaded material as staff uploaded it (the admin's file link); nobody else gets it."""
    storage_name = f"materials/{name}"
    if not is_member(request) or ".." in name or not default_storage.exists(storage_name):
        raise Http404
    response = FileResponse(default_storage.open(storage_name, "rb"), as_attachment=True)
    response["Cache-Control"] = "private, no-store"
    return response


@cached_public_page
def meetings_ics(request: HttpRequest) -> HttpResponse:
    body = meetings_calendar(public_meetings(), stamped_at=timezone.now())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
