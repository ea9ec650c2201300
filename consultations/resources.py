"""Consultation export (CSV/XLSX) for the desk's reports; there is no import.

Times are Japan time to the minute, as the admin shows them; in XLSX dates and times are Excel's
own. The follow-ups go in one cell, a line each, so a report reads the whole course of a request.
"""

from __future__ import annotations

import re

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from import_export import fields, resources

from consultations.models import Consultation, FollowUp
from dxportal.lib.spreadsheets import JapaneseDateWidget, JapanTimeWidget, SpreadsheetResourceMixin

# A follow-up's note shown on its line: whitespace as single spaces, cut at this length.
SUMMARY_LENGTH = 200


def follow_up_line(follow_up: FollowUp) -> str:
    """2026-11-30 10:15 電話 社長と面談の日程を調整."""
    happened_at = timezone.localtime(follow_up.happened_at)
    summary = re.sub(r"\s+", " ", follow_up.note).strip()
    if len(summary) > SUMMARY_LENGTH:
        summary = summary[: SUMMARY_LENGTH - 1] + "…"
    return f"{happened_at:%Y-%m-%d %H:%M} {follow_up.get_kind_display()} {summary}"


class ConsultationResource(SpreadsheetResourceMixin, resources.ModelResource):
    export_name = "相談一覧"

    receipt_number = fields.Field(attribute="receipt_number", column_name="受付番号")
    submitted_at = fields.Field(
        attribute="submitted_at", column_name="受付日時", widget=JapanTimeWidget()
    )
    status = fields.Field(attribute="get_status_display", column_name="状況")
    company_name = fields.Field(attribute="company_name", column_name="事業者名")
    corporate_number = fields.Field(attribute="corporate_number", column_name="法人番号")
    industry = fields.Field(attribute="get_industry_display", column_name="業種")
    municipality = fields.Field(attribute="municipality", column_name="所在市町村")
    size = fields.Field(attribute="get_size_display", column_name="従業員数")
    contact_name = fields.Field(attribute="contact_name", column_name="担当者名")
    email = fields.Field(attribute="email", column_name="メールアドレス")
    phone = fields.Field(attribute="phone", column_name="電話番号")
    support = fields.Field(column_name="希望する支援内容")
    subject = fields.Field(attribute="subject", column_name="件名")
    details = fields.Field(attribute="details", column_name="相談内容")
    assignee = fields.Field(attribute="assignee__username", column_name="担当")
    first_response_due = fields.Field(
        attribute="first_response_due", column_name="初回対応期限", widget=JapaneseDateWidget()
    )
    first_responded_at = fields.Field(
        attribute="first_responded_at", column_name="初回対応日時", widget=JapanTimeWidget()
    )
    closed_at = fields.Field(
        attribute="closed_at", column_name="終了日時", widget=JapanTimeWidget()
    )
    follow_ups = fields.Field(column_name="対応記録")

    class Meta:
        model = Consultation
        fields = (
            "receipt_number", "submitted_at", "status", "company_name", "corporate_number",
            "industry", "municipality", "size", "contact_name", "email", "phone", "support",
            "subject", "details", "assignee", "first_response_due", "first_responded_at",
            "closed_at", "follow_ups",
        )  # fmt: skip

    def get_queryset(self) -> QuerySet[Consultation]:
        return Consultation.objects.order_by("submitted_at")

    def filter_export(self, queryset: QuerySet[Consultation], **kwargs) -> QuerySet[Consultation]:
        # The admin exports its own list's queryset, not get_queryset(): the related rows are
        # fetched here, so the export's queries do not grow with its rows.
        follow_ups = FollowUp.objects.order_by("happened_at", "pk")
        return queryset.select_related("assignee").prefetch_related(
            "support_items", Prefetch("follow_ups", queryset=follow_ups)
        )

    def dehydrate_support(self, consultation: Consultation) -> str:
        return "、".join(item.title for item in consultation.support_items.all())

    def dehydrate_follow_ups(self, consultation: Consultation) -> str:
        return "\n".join(follow_up_line(follow_up) for follow_up in consultation.follow_ups.all())
