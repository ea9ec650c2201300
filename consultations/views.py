"""Public pages of the desk: what it offers, the consultation form and the receipt."""

from __future__ import annotations

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView

from consultations import confirm_page, services
from consultations.blank_form import blank_form_page
from consultations.forms import ConsultationForm, typed_values
from consultations.models import Consultation, Desk
from consultations.offer import desk_offer
from consultations.receipt_page import FIELDS, receipt_page
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


# The names of the confirmation page's two buttons (consultation_confirm.html). Only a POST
# that says 送信する saves; bench/server.py and bench/intake.py send it too.
CONFIRMED = "confirmed"
EDIT = "edit"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_form(request: HttpRequest, slug: str) -> HttpResponse:
    """入力 → 確認 → 完了. The blank form comes from consultations/blank_form.py; a valid form
    is shown back for confirmation; the confirmed one is checked again, saved, and the visitor is
    sent to its receipt page."""
    if request.method != "POST":
        return HttpResponse(blank_form_page(request, slug))
    offer = desk_offer(slug)
    desk = offer.desk
    if EDIT in request.POST:  # 修正する: the form again, as it was typed, without messages
        form = ConsultationForm(desk=desk, items=offer.items, initial=typed_values(request.POST))
        return form_page(request, desk, form)
    form = ConsultationForm(request.POST, desk=desk, items=offer.items)
    if CONFIRMED in request.POST:
        return send(request, desk, form)
    if form.is_valid():
        return confirmation_page(request, desk, form)
    return form_page(request, desk, form)


def send(request: HttpRequest, desk: Desk, form: ConsultationForm) -> HttpResponse:
    """The confirmed submission: counted by the rate limit, every check run again (the hidden
    inputs are whatever the client sent), saved once per submission token."""
    verdict = ratelimit.hit_public_form(request, "consultation")
    if not verdict.allowed:
        return form_page(request, desk, form, limited_message=verdict.message, status=429)
    if form.is_valid():
        consultation, _created = services.submit_consultation(desk=desk, data=form.cleaned_data)
        token = signing.dumps(consultation.pk, salt=RECEIPT_SALT)
        return redirect("consultations:receipt", slug=desk.slug, token=token)
    if form.refused_only_for_time():
        # Sent faster than a person reads the page: that page again, with the one message.
        return confirmation_page(request, desk, form)
    return form_page(request, desk, form)


def form_page(
    request: HttpRequest,
    desk: Desk,
    form: ConsultationForm,
    *,
    limited_message: str = "",
    status: int = 200,
) -> HttpResponse:
    """The form drawn in full from what was sent, with its error summary."""
    context = {"desk": desk, "form": form, "limited_message": limited_message}
    return render(request, "consultations/consultation_form.html", context, status=status)


def confirmation_page(request: HttpRequest, desk: Desk, form: ConsultationForm) -> HttpResponse:
    """What will be sent, read-only (consultations/confirm_page.py)."""
    return HttpResponse(confirm_page.confirmation_page(request, desk, form))


@never_cache
def receipt(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The receipt number and what happens next; the signed link expires after a day."""
    try:
        pk = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        raise Http404("受付内容を表示できません。") from None
    desk = desk_offer(slug).desk  # kept for the content version: no query for the desk
    consultation = get_object_or_404(Consultation.objects.only(*FIELDS), pk=pk, desk=desk)
    return HttpResponse(receipt_page(request, desk, consultation))
