"""Who changed what and when, and who read which consultation: recorded and shown to the secretariat."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from consultations.models import AccessRecord
from headquarters.models import Charter, Enactment, Post
from tests.consultations.factories import make_consultation

pytestmark = pytest.mark.django_db


def test_a_roster_change_in_the_admin_is_in_the_history_the_secretariat_reads(
    client, seed, secretariat_editor, official
):
    post = Post.objects.get(title="総務部長")
    amendment = Enactment.objects.create(
        charter=Charter.objects.get(), kind=Enactment.Kind.AMENDMENT, effective_on="2025-04-01"
    )
    client.force_login(secretariat_editor)
    response = client.post(
        reverse("admin:headquarters_post_change", args=[post.pk]),
        {
            "body": post.body_id,
            "title": post.title,
            "role": post.role,
            "department": post.department_id,
            "schedule": post.schedule,
            "order": 999,
            "ex_officio": "",
            "basis": post.basis_id,
            "seats": 1,
            "amendment": amendment.pk,  # 総務部長 is in 別表第1: its order is the charter's
            "appointments-TOTAL_FORMS": 0,
            "appointments-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert entry.user == secretariat_editor and entry.object_repr == "総務部長"
    assert "表示順" in entry.get_change_message()
    history = client.get(reverse("admin:admin_logentry_changelist")).content.decode()
    assert "総務部長" in history
    client.force_login(official)
    assert client.get(reverse("admin:admin_logentry_changelist")).status_code == 403


def test_opening_or_exporting_consultations_is_recorded(
    client, seed, concierge, secretariat_editor
):
    consultation = make_consultation()
    client.force_login(concierge)
    client.get(reverse("admin:consultations_consultation_change", args=[consultation.pk]))
    client.post(
        reverse("admin:consultations_consultation_export"),
        {"resource": 0, "format": 0, "consultationresource_receipt_number": "on"},
    )
    records = list(AccessRecord.objects.order_by("at"))
    assert [(r.user, r.action) for r in records] == [(concierge, "view"), (concierge, "export")]
    assert records[0].consultation == consultation
    assert client.get(reverse("admin:consultations_accessrecord_changelist")).status_code == 403
    client.force_login(secretariat_editor)
    page = client.get(reverse("admin:consultations_accessrecord_changelist")).content.decode()
    assert consultation.receipt_number in page and "concierge" in page
