"""Public pages of the desk: what it offers, the consultation form and the receipt."""

from __future__ import annotations

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView

from consultations import services
from consultations.blank_form import blank_form_page
from consultations.forms import ConsultationForm
from consultations.models import Consultation, Desk
from dxportal.lib import ratelimit
from dxportal.pagecache import cached_public_page

RECEIPT_SALT = "consultations.receipt"
RECEIPT_MAX_AGE = 60 * 60 * 24


def current_desk(request: HttpRequest) -> HttpResponse:
    """/desk/ leads to the desk (there is one today; the URL allows more)."""
    desk = Desk.objects.order_by("id").first()
    if desk is None:
        raise Http404("相談窓口は登録されていません。")
    return redirect("consultations:desk-detail", slug=desk.slug)


@method_decorator(cached_public_page, name="dispatch")
class DeskDetailView(DetailView):
    """What the desk is for, who runs it, where it is, and its 支援内容."""

    model = Desk
    template_name = "consultations/desk_detail.html"
    context_object_name = "desk"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["support_items"] = self.object.support_items.active()
        return context


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_form(request: HttpRequest, slug: str) -> HttpResponse:
    """The form (blank: consultations/blank_form.py); a valid request is saved, then the visitor
    is sent to its receipt page."""
    if request.method != "POST":
        return HttpResponse(blank_form_page(request, slug))
    desk = get_object_or_404(Desk, slug=slug)
    form = ConsultationForm(request.POST, desk=desk)
    status = 200
    limited_message = ""
    verdict = ratelimit.hit_public_form(request, "consultation")
    if not verdict.allowed:
        limited_message = verdict.message
        status = 429
    elif form.is_valid():
        consultation, _created = services.submit_consultation(desk=desk, data=form.cleaned_data)
        token = signing.dumps(consultation.pk, salt=RECEIPT_SALT)
        return redirect("consultations:receipt", slug=desk.slug, token=token)
    return render(
        request,
        "consultations/consultation_form.html",
        {"desk": desk, "form": form, "limited_message": limited_message},
        status=status,
    )


@never_cache
def receipt(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The receipt number and what happens next; the signed link expires after a day."""
    try:
        pk = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        raise Http404("受付内容を表示できません。") from None
    consultation = get_object_or_404(
        Consultation.objects.select_related("desk"), pk=pk, desk__slug=slug
    )
    return render(
        request,
        "consultations/consultation_receipt.html",
        {"desk": consultation.desk, "consultation": consultation},
    )
