"""The concierges' desk in the admin: triage, assign, follow up, close, export."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from consultations import services
from consultations.models import AccessRecord, Consultation, Desk, FollowUp, SupportItem
from consultations.resources import ConsultationResource
from dxportal import roles
from dxportal.admin_links import ViewOnSiteMixin
from dxportal.lib.admin_query import CleanQueryAdminMixin
from dxportal.lib.spreadsheet_admin import SpreadsheetAdminMixin


class SupportItemInline(admin.TabularInline):
    model = SupportItem
    extra = 0


@admin.register(Desk)
class DeskAdmin(ViewOnSiteMixin, CleanQueryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "operator_name", "phone", "email", "opened_on"]
    search_fields = ["name", "operator_name"]
    autocomplete_fields = ["body"]
    inlines = [SupportItemInline]


class OverdueFilter(admin.SimpleListFilter):
    title = _("初回対応")
    parameter_name = "first_response"

    def lookups(self, request, model_admin):
        return [("overdue", _("期限切れ（未対応）")), ("waiting", _("未対応"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "waiting":
            return queryset.open().filter(first_responded_at__isnull=True)
        return queryset


class AssigneeStateFilter(admin.SimpleListFilter):
    title = _("担当")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("no", _("未割当て")), ("me", _("自分の担当"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.unassigned()
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        return queryset


class MailFilter(admin.SimpleListFilter):
    title = _("メール")
    parameter_name = "mail"

    def lookups(self, request, model_admin):
        return [("pending", _("未送信・失敗あり"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(requester_mailed_at__isnull=True) | queryset.filter(
                desk_notified_at__isnull=True
            )
        return queryset


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 1
    fields = ["kind", "happened_at", "note", "recorded_by"]
    readonly_fields = ["recorded_by"]


SUBMITTED = [
    "receipt_number", "submitted_at", "company_name", "corporate_number", "industry",
    "municipality", "size", "postal_code", "contact_name", "contact_kana", "email", "phone",
    "preferred_contact", "support_items", "subject", "details", "consented_at",
]  # fmt: skip


User = get_user_model()


def concierges(also: int | None = None):
    """Active members of the concierge group (and the account `also`, if given), by name."""
    members = Q(is_active=True, groups__name=roles.CONCIERGE)
    if also:
        members |= Q(pk=also)
    return User.objects.filter(members).distinct().order_by("last_name", "first_name", "username")


def staff_name(user) -> str:
    return roles.staff_display_name(user.last_name, user.first_name, user.username)


@admin.register(Consultation)
class ConsultationAdmin(CleanQueryAdminMixin, SpreadsheetAdminMixin, ExportMixin, admin.ModelAdmin):
    resource_classes = [ConsultationResource]
    list_display = [
        "receipt_number", "submitted_at", "company_name", "subject", "status", "assignee_name",
        "first_response_due", "is_overdue", "mail_sent",
    ]  # fmt: skip
    list_filter = [
        OverdueFilter, AssigneeStateFilter, "status", MailFilter, "support_items", "industry",
        "municipality",
    ]  # fmt: skip
    list_select_related = ["assignee"]
    search_fields = ["receipt_number"]
    search_help_text = _(
        "受付番号、事業者名、担当者名、件名、相談内容の一部で検索できます（空白区切りで絞り込み）。"
    )
    date_hierarchy = "submitted_at"
    readonly_fields = [
        *SUBMITTED, "first_responded_at", "closed_at", "requester_mailed_at", "desk_notified_at",
        "mail_failures", "mail_error", "anonymised_at",
    ]  # fmt: skip
    fieldsets = [
        (
            _("対応"),
            {
                "fields": [
                    "status",
                    "assignee",
                    "first_response_due",
                    "first_responded_at",
                    "closed_at",
                ]
            },
        ),
        (_("相談者からの送信内容"), {"fields": SUBMITTED}),
        (
            _("メール"),
            {"fields": ["requester_mailed_at", "desk_notified_at", "mail_failures", "mail_error"]},
        ),
        (_("個人情報"), {"fields": ["anonymised_at"]}),
    ]
    inlines = [FollowUpInline]
    actions = ["assign_to_me", "mark_done", "resend_mail"]

    def has_add_permission(self, request):
        # Requests come from the public form only, so their receipt numbers stay in order.
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            AccessRecord.objects.create(
                consultation_id=object_id, user=request.user, action=AccessRecord.Action.VIEW
            )
        return response

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        AccessRecord.objects.create(
            user=request.user,
            action=AccessRecord.Action.EXPORT,
            detail=f"{queryset.count()}件を{file_format.get_title()}で出力",
        )
        return data

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The assignee field keeps a request's current concierge among its choices, even one who
        # has since left the concierge group (formfield_for_foreignkey reads it).
        request.current_assignee_id = obj.assignee_id if obj else None
        return super().get_form(request, obj, change, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """担当コンシェルジュ: the desk's concierges by name, not every staff account."""
        if db_field.name != "assignee":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        current = getattr(request, "current_assignee_id", None)
        kwargs["queryset"] = concierges(also=current)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        field.label_from_instance = staff_name
        return field

    @admin.display(description=_("担当コンシェルジュ"), ordering="assignee__last_name")
    def assignee_name(self, consultation: Consultation) -> str:
        return staff_name(consultation.assignee) if consultation.assignee else "－"

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False

    @admin.display(description=_("期限切れ"), boolean=True)
    def is_overdue(self, consultation: Consultation) -> bool:
        return (
            not consultation.is_closed
            and consultation.first_responded_at is None
            and consultation.first_response_due < timezone.localdate()
        )

    @admin.display(description=_("メール送信"), boolean=True)
    def mail_sent(self, consultation: Consultation) -> bool:
        return not consultation.mail_pending

    def save_formset(self, request, form, formset, change):
        if formset.model is not FollowUp:
            return super().save_formset(request, form, formset, change)
        for follow_up in formset.save(commit=False):
            services.record_follow_up(follow_up=follow_up, user=request.user)
        for deleted in formset.deleted_objects:
            deleted.delete()
        return None

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.is_closed and obj.closed_at is None:
            obj.closed_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("選択した相談を自分の担当にする"))
    def assign_to_me(self, request, queryset):
        for consultation in queryset:
            consultation.assign(to=request.user)
        messages.success(request, f"{queryset.count()}件を担当にしました。")

    @admin.action(description=_("選択した相談を完了にする"))
    def mark_done(self, request, queryset):
        for consultation in queryset.open():
            consultation.close()
        messages.success(request, "選択した相談を完了にしました。")

    @admin.action(description=_("未送信のメールを再送する"))
    def resend_mail(self, request, queryset):
        pending = [c for c in queryset if c.mail_pending]
        sent = sum(services.send_consultation_mail(c.pk) for c in pending)
        messages.info(request, f"{len(pending)}件中{sent}件のメールを送信しました。")


@admin.register(AccessRecord)
class AccessRecordAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    """Who read which request when; nobody edits or deletes the record."""

    list_display = ["at", "user", "action", "consultation", "detail"]
    list_filter = ["action", "user"]
    list_select_related = ["user", "consultation"]
    search_fields = ["consultation__receipt_number", "user__username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
