"""Admin for meetings: edit with inlines, preview the packet, publish."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

import dxportal.lib.converters  # noqa: F401 (registers <num:…>)
from dxportal.admin_links import ViewOnSiteMixin
from dxportal.lib import materials
from dxportal.lib.admin_query import CleanQueryAdminMixin
from dxportal.lib.japanese_search import JapaneseSearchMixin
from dxportal.lib.limits import LimitExceeded
from dxportal.public_content import content_changed
from headquarters.meetings import editions, packets
from headquarters.meetings.models import (
    AgendaItem,
    Attendance,
    Directive,
    Edition,
    Material,
    Meeting,
)


class MaterialForm(forms.ModelForm):
    """The generator is chosen from what the apps registered, not typed."""

    generator = forms.ChoiceField(label=_("自動作成する内容"), required=False, choices=())

    class Meta:
        model = Material
        fields = ["order", "label", "title", "generator", "file", "is_public"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["generator"].choices = [("", _("（PDFを添付する）")), *materials.choices()]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class MaterialInline(admin.TabularInline):
    model = Material
    form = MaterialForm
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["post"]


class DirectiveInline(admin.StackedInline):
    model = Directive
    fk_name = "meeting"
    extra = 0
    autocomplete_fields = ["department", "reported_at"]
    fields = [("order", "status", "department", "due_on"), "text", "reported_at", "report"]


class ReplaceForm(forms.Form):
    reason = forms.CharField(
        label=_("差替えの理由"),
        max_length=200,
        help_text=_("会議のページに「差替え（理由）」と表示されます。例: 資料2の誤字を訂正"),
    )


@admin.register(Meeting)
class MeetingAdmin(ViewOnSiteMixin, JapaneseSearchMixin, CleanQueryAdminMixin, admin.ModelAdmin):
    list_display = ["title", "body", "date", "place", "is_public", "edition_status"]
    list_filter = ["body", "is_public"]
    list_select_related = ["body"]
    search_fields = ["title", "place", "minutes"]
    date_hierarchy = "date"
    autocomplete_fields = ["body"]
    readonly_fields = ["is_public", "publication"]
    inlines = [AgendaItemInline, MaterialInline, AttendanceInline, DirectiveInline]
    actions = ["publish", "unpublish"]

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_packet)
        replace = self.admin_site.admin_view(self.replace_edition)
        return [
            path("<num:pk>/packet-preview/", preview, name="headquarters_meeting_packet_preview"),
            path("<num:pk>/replace/", replace, name="headquarters_meeting_replace"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        latest = Edition.objects.filter(meeting=OuterRef("pk")).order_by("-number")
        return (
            super()
            .get_queryset(request)
            .annotate(
                latest_edition_status=Subquery(latest.values("status")[:1]),
                latest_edition_number=Subquery(latest.values("number")[:1]),
            )
        )

    @admin.display(description=_("公開版"))
    def edition_status(self, meeting: Meeting) -> str:
        status = getattr(meeting, "latest_edition_status", None)
        if status is None:
            return "未公開"
        label = Edition.Status(status).label
        return f"第{meeting.latest_edition_number}版 {label}"

    @admin.display(description=_("公開版と差替え"))
    def publication(self, meeting: Meeting) -> str:
        """Every edition with its state, and the links to check, publish or replace."""
        if meeting.pk is None:
            return "保存すると、資料を確認して公開できます。"
        preview = reverse("admin:headquarters_meeting_packet_preview", args=[meeting.pk])
        rows = format_html_join(
            "",
            "<li>{}（{}）{}{}{}</li>",
            (
                (
                    edition.label,
                    edition.get_status_display(),
                    f" {edition.published_on:%Y-%m-%d}公開" if edition.published_on else "",
                    f" 差替えの理由: {edition.reason}" if edition.reason else "",
                    f" 作成できなかった理由: {edition.error}" if edition.error else "",
                )
                for edition in meeting.editions.all()
            ),
        )
        links = format_html('<a href="{}">公開前の資料一式（PDF）を確認</a>', preview)
        if meeting.editions.published().exists():
            replace = reverse("admin:headquarters_meeting_replace", args=[meeting.pk])
            links = format_html('{}　<a href="{}">差し替える（新しい版を公開）</a>', links, replace)
        return format_html("<ul>{}</ul><p>{}</p>", rows or "未公開", links)

    def preview_packet(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The packet as it would be published now (all materials), shown to staff only."""
        meeting = get_object_or_404(Meeting, pk=pk)
        if not self.has_view_permission(request, meeting):
            raise PermissionDenied
        by_kind = {doc.kind: doc for doc in packets.meeting_documents(meeting)}
        packet = by_kind.get("members_packet") or by_kind["packet"]
        try:
            data = packets.render(packet)
        except LimitExceeded as error:
            messages.error(request, f"資料一式を作成できませんでした。{error}")
            return redirect("admin:headquarters_meeting_change", pk)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = "inline"
        response["Cache-Control"] = "private, no-store"
        return response

    def replace_edition(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Publish a new edition with a reason; the earlier ones stay as they were."""
        meeting = get_object_or_404(Meeting, pk=pk)
        if not self.has_change_permission(request, meeting):
            raise PermissionDenied
        form = ReplaceForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                edition = editions.request_edition(
                    meeting=meeting, reason=form.cleaned_data["reason"], requested_by=request.user
                )
            except editions.EditionInProgress:
                messages.error(
                    request, "この会議の公開版を作成中です。完了してから差し替えてください。"
                )
            else:
                messages.success(
                    request,
                    f"{edition.label}の作成を始めました。完了すると会議のページが差し替わります。",
                )
            return redirect("admin:headquarters_meeting_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{meeting.title}の資料を差し替える",
            "meeting": meeting,
            "form": form,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/headquarters/meeting/replace.html", context)

    @admin.action(description=_("選択した会議を公開する（公開版を作成）"))
    def publish(self, request, queryset):
        started = skipped = 0
        for meeting in queryset:
            if meeting.editions.exclude(status=Edition.Status.FAILED).exists():
                skipped += 1
                continue
            try:
                editions.request_edition(meeting=meeting, requested_by=request.user)
            except editions.EditionInProgress:
                skipped += 1
                continue
            started += 1
        if started:
            messages.success(
                request,
                f"{started}件の会議の公開版を作成しています。作成が終わると公開されます。",
            )
        if skipped:
            messages.warning(
                request,
                f"{skipped}件は公開済みか作成中のため、そのままです。"
                "資料を直したときは、会議の画面の「差し替える」から新しい版を公開してください。",
            )

    @admin.action(description=_("選択した会議を非公開にする"))
    def unpublish(self, request, queryset):
        count = queryset.update(is_public=False)
        content_changed(sender=Meeting)  # an update sends no save signal
        messages.success(request, f"{count}件の会議を非公開にしました。")


@admin.register(Directive)
class DirectiveAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    """Directives across meetings, to follow each one to its closure."""

    list_display = ["__str__", "meeting", "department", "due_on", "status", "reported_at"]
    list_filter = ["status", ("department", admin.RelatedOnlyFieldListFilter), "meeting__body"]
    list_select_related = ["meeting", "department", "reported_at"]
    search_fields = ["text", "report"]
    autocomplete_fields = ["meeting", "department", "reported_at"]
