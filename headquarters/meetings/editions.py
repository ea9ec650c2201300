"""Publishing a meeting freezes an edition (公開版); a replacement (差替え) is a new one.

Staff ask for an edition; the task worker draws every document as of the meeting, renders it,
and stores its bytes under their SHA-256 (public and private files apart). Only then does the
edition become the one the public sees, so a failed render leaves the earlier edition in place and
is recorded once, for staff to read. Nothing changes an edition's bytes afterwards.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dxportal.lib import pdf
from dxportal.public_content import content_changed
from headquarters.meetings import packets
from headquarters.meetings.models import Edition, EditionFile, Meeting

logger = logging.getLogger(__name__)

PUBLIC_PREFIX = "editions/public"
PRIVATE_PREFIX = "editions/private"


class EditionInProgress(Exception):
    """An edition of this meeting is still being made."""


def request_edition(*, meeting: Meeting, reason: str = "", requested_by=None) -> Edition:
    """Start a new edition of the meeting; the worker renders it once the request is saved."""
    from headquarters.meetings.tasks import build_edition_task

    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.editions.filter(status=Edition.Status.RENDERING).exists():
            raise EditionInProgress(meeting.pk)
        number = (meeting.editions.aggregate(last=Max("number"))["last"] or 0) + 1
        if number > 1 and not reason.strip():
            raise ValidationError("差替えの理由を入力してください。")
        edition = Edition.objects.create(
            meeting=meeting, number=number, reason=reason.strip(), requested_by=requested_by
        )
        transaction.on_commit(lambda: build_edition_task.enqueue(edition.pk))
    return edition


def build_edition(edition: Edition) -> Edition:
    """Render and store every document of the edition, then publish it; record a failure once."""
    if edition.status != Edition.Status.RENDERING:
        return edition
    meeting = edition.meeting
    try:
        rendered = [(doc, packets.render(doc)) for doc in packets.meeting_documents(meeting)]
        files = [stored_file(edition, doc, data) for doc, data in rendered]
    except Exception as error:
        logger.exception("edition %s of meeting %s failed", edition.number, meeting.pk)
        edition.status = Edition.Status.FAILED
        edition.error = str(error) or type(error).__name__
        edition.save(update_fields=["status", "error"])
        return edition
    with transaction.atomic():
        EditionFile.objects.bulk_create(files)
        meeting.editions.filter(is_current=True).update(is_current=False)
        edition.status = Edition.Status.PUBLISHED
        edition.published_on = timezone.localdate()
        edition.is_current = True
        edition.save(update_fields=["status", "published_on", "is_current"])
        Meeting.objects.filter(pk=meeting.pk).update(is_public=True)
    content_changed(sender=Edition)
    return edition


def publish_now(*, meeting: Meeting, reason: str = "", requested_by=None) -> Edition:
    """Request and build an edition in this process (management commands, the seed)."""
    with transaction.atomic():
        edition = request_edition(meeting=meeting, reason=reason, requested_by=requested_by)
        # The worker's copy of this edition finds it already built and does nothing.
        return build_edition(edition)


def stored_file(edition: Edition, doc: packets.Document, data: bytes) -> EditionFile:
    """Store the bytes under their hash, where their visibility says, and describe them."""
    sha256 = hashlib.sha256(data).hexdigest()
    prefix = PUBLIC_PREFIX if doc.is_public else PRIVATE_PREFIX
    name = f"{prefix}/{sha256}.pdf"
    packets.save_whole(name, data)
    material = doc.part.material if doc.part else None
    return EditionFile(
        edition=edition,
        kind=doc.kind,
        material=material,
        order=material.order if material else 0,
        label=material.label if material else "",
        title=material.title if material else doc.title,
        is_public=doc.is_public,
        body_html=doc.part.html if doc.part else "",
        storage_name=name,
        filename=doc.filename,
        pages=pdf.page_count(data),
        size=len(data),
        sha256=sha256,
    )
