"""Admin for meetings: edit with inlines, preview the packet, publish."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dxportal.lib import materials, pdf
from headquarters.meetings import packets
from headquarters.meetings.models import AgendaItem, Attendance, Directive, Material, Meeting
from headquarters.meetings.tasks import render_meeting_pdfs


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


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "date", "place", "is_public", "packet_preview"]
    list_filter = ["body", "is_public"]
    list_select_related = ["body"]
    search_fields = ["title", "place", "minutes"]
    date_hierarchy = "date"
    autocomplete_fields = ["body"]
    inlines = [AgendaItemInline, MaterialInline, AttendanceInline, DirectiveInline]
    actions = ["publish", "unpublish"]

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_packet)
        return [
            path("<int:pk>/packet-preview/", preview, name="headquarters_meeting_packet_preview"),
            *super().get_urls(),
        ]

    @admin.display(description=_("資料一式"))
    def packet_preview(self, meeting: Meeting) -> str:
        return format_html('<a href="{}/packet-preview/">PDFを確認</a>', meeting.pk)

    def preview_packet(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The packet as it would be published, rendered now, shown to staff only."""
        meeting = get_object_or_404(Meeting, pk=pk)
        if not self.has_view_permission(request, meeting):
            return HttpResponse(status=403)
        doc = packets.packet_document(meeting)
        data = pdf.render(doc.html, base_url=".", stamps=doc.stamps)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = "inline"
        return response

    @admin.action(description=_("選択した会議を公開する（資料のPDFも作成）"))
    def publish(self, request, queryset):
        for meeting in queryset:
            meeting.is_public = True
            meeting.save(update_fields=["is_public"])
            render_meeting_pdfs.enqueue(meeting.pk)
        messages.success(
            request, f"{queryset.count()}件の会議を公開しました。PDFは順に作成します。"
        )

    @admin.action(description=_("選択した会議を非公開にする"))
    def unpublish(self, request, queryset):
        count = queryset.update(is_public=False)
        messages.success(request, f"{count}件の会議を非公開にしました。")


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    """Directives across meetings, to follow each one to its closure."""

    list_display = ["__str__", "meeting", "department", "due_on", "status", "reported_at"]
    list_filter = ["status", ("department", admin.RelatedOnlyFieldListFilter), "meeting__body"]
    list_select_related = ["meeting", "department", "reported_at"]
    search_fields = ["text", "report"]
    autocomplete_fields = ["meeting", "department", "reported_at"]
