"""Workflows of the desk: taking a request in, mailing about it, following it up, anonymising."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation, Desk, FollowUp, ReceiptCounter
from dxportal.lib.business_days import add_business_days
from dxportal.lib.fiscal import fiscal_year
from dxportal.lib.mail import send_text_mail

logger = logging.getLogger(__name__)

ANONYMISED = "（保存期間の経過により削除）"


def locked_counter(year: int) -> ReceiptCounter:
    """The fiscal year's receipt counter, locked until the transaction ends (one query once the
    year's first request has created it)."""
    counters = ReceiptCounter.objects.select_for_update()
    try:
        return counters.get(fiscal_year=year)
    except ReceiptCounter.DoesNotExist:
        ReceiptCounter.objects.get_or_create(fiscal_year=year)
        return counters.get(fiscal_year=year)


@transaction.atomic
def submit_consultation(*, desk: Desk, data: dict) -> tuple[Consultation, bool]:
    """Save a request once and give it a receipt number; mail about it after commit.

    The same submission sent twice (a double click, a reload) returns the first request with
    created=False. Numbers are consecutive per fiscal year: the counter lock is taken before the
    duplicate check, so a duplicate never uses up a number.
    """
    now = timezone.now()
    year = fiscal_year(timezone.localdate(now))
    counter = locked_counter(year)
    duplicates = Consultation.objects.filter(submission_token=data["submission_token"])
    existing = duplicates.only("pk").first()  # the caller needs its pk only (the receipt link)
    if existing:
        return existing, False
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    consultation = Consultation.objects.create(
        desk=desk,
        receipt_number=f"{desk.receipt_prefix}-{year}-{counter.last_sequence:04d}",
        fiscal_year=year,
        sequence=counter.last_sequence,
        submission_token=data["submission_token"],
        submitted_at=now,
        consented_at=now,
        first_response_due=add_business_days(timezone.localdate(now), desk.response_target_days),
        **{field: data[field] for field in SUBMITTED_FIELDS},
    )
    # A new row has no items yet: insert the links at once, without asking which exist.
    Chosen = Consultation.support_items.through
    Chosen.objects.bulk_create(
        Chosen(consultation=consultation, supportitem=item) for item in data["support_items"]
    )
    transaction.on_commit(lambda: enqueue_mail(consultation.pk))
    return consultation, True


def enqueue_mail(consultation_id: int) -> None:
    """Hand the mails to the task worker; if even that fails, send_pending_mail catches up."""
    # Imported here: the task module imports this one.
    from consultations.tasks import send_consultation_mail as task

    try:
        task.enqueue(consultation_id)
    except Exception:  # the request is saved; its mail stays pending and visible to staff
        logger.exception("Could not enqueue the mail of consultation %s", consultation_id)


SUBMITTED_FIELDS = [
    "company_name",
    "corporate_number",
    "industry",
    "municipality",
    "size",
    "postal_code",
    "contact_name",
    "contact_kana",
    "email",
    "phone",
    "preferred_contact",
    "subject",
    "details",
]


def admin_url(consultation: Consultation) -> str:
    path = reverse("admin:consultations_consultation_change", args=[consultation.pk])
    return f"{settings.SITE_URL}{path}"


def send_consultation_mail(consultation_id: int) -> bool:
    """Send whichever of the two mails has not gone yet; a failure is recorded, never raised.

    The request is already saved: a mail server that is down loses nothing. Staff see requests
    whose mail failed in the admin, and `send_pending_mail` tries them again.
    """
    consultation = Consultation.objects.select_related("desk").get(pk=consultation_id)
    desk = consultation.desk
    context = {"consultation": consultation, "desk": desk, "admin_url": admin_url(consultation)}
    sent = {}  # what went, recorded in one statement whatever happens next
    try:
        if consultation.requester_mailed_at is None:
            send_text_mail("consultation_received", context, to=[consultation.email])
            sent["requester_mailed_at"] = timezone.now()
        if consultation.desk_notified_at is None:
            send_text_mail("consultation_desk_notice", context, to=[desk.notification_address])
            sent["desk_notified_at"] = timezone.now()
    except Exception as error:  # any failure of the mail system, whatever its type
        logger.exception("Mail for consultation %s failed", consultation.receipt_number)
        Consultation.objects.filter(pk=consultation.pk).update(
            mail_failures=consultation.mail_failures + 1,
            mail_error=f"{type(error).__name__}: {error}"[:1000],
            **sent,
        )
        return False
    if sent:
        Consultation.objects.filter(pk=consultation.pk).update(**sent)
    return True


@transaction.atomic
def record_follow_up(*, follow_up: FollowUp, user) -> FollowUp:
    """Save a follow-up; the first one that reached the requester is the first response."""
    follow_up.recorded_by = follow_up.recorded_by or user
    follow_up.save()
    consultation = follow_up.consultation
    if follow_up.counts_as_response and consultation.first_responded_at is None:
        consultation.first_responded_at = follow_up.happened_at
        consultation.save(update_fields=["first_responded_at"])
    return follow_up


def anonymise_old_consultations(*, older_than: datetime.datetime, dry_run: bool) -> int:
    """Remove the personal data of requests submitted before `older_than`; return how many.

    What names the business or the person goes, and with it what they typed (the company name,
    corporate number and subject identify a business as well as its contact does). What the
    statistics count stays: dates, status, industry, municipality, size and 支援内容.
    """
    old = Consultation.objects.filter(submitted_at__lt=older_than, anonymised_at__isnull=True)
    count = old.count()
    if dry_run or not count:
        return count
    with transaction.atomic():
        ids = list(old.select_for_update().values_list("pk", flat=True))
        FollowUp.objects.filter(consultation_id__in=ids).update(note=ANONYMISED)
        Consultation.objects.filter(pk__in=ids).update(
            company_name=ANONYMISED,
            corporate_number="",
            subject=ANONYMISED,
            contact_name=ANONYMISED,
            contact_kana="",
            email="",
            phone="",
            postal_code="",
            details=ANONYMISED,
            mail_error="",
            anonymised_at=timezone.now(),
        )
    return count
