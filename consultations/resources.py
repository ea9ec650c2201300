"""Consultation export (CSV/XLSX) for the desk's reports; there is no import."""

from __future__ import annotations

from import_export import fields, resources

from consultations.models import Consultation


class ConsultationResource(resources.ModelResource):
    receipt_number = fields.Field(attribute="receipt_number", column_name="受付番号")
    submitted_at = fields.Field(attribute="submitted_at", column_name="受付日時")
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
    first_response_due = fields.Field(attribute="first_response_due", column_name="初回対応期限")
    first_responded_at = fields.Field(attribute="first_responded_at", column_name="初回対応日時")

    class Meta:
        model = Consultation
        fields = (
            "receipt_number", "submitted_at", "status", "company_name", "corporate_number",
            "industry", "municipality", "size", "contact_name", "email", "phone", "support",
            "subject", "details", "assignee", "first_response_due", "first_responded_at",
        )  # fmt: skip

    def get_queryset(self):
        return (
            Consultation.objects.select_related("assignee")
            .prefetch_related("support_items")
            .order_by("submitted_at")
        )

    def dehydrate_support(self, consultation: Consultation) -> str:
        return "、".join(item.title for item in consultation.support_items.all())
