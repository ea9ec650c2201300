"""Admin for the plan: its text, versions, content, progress, schedule and public comment."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from dxportal.admin_links import ViewOnSiteMixin
from dxportal.lib.admin_query import CleanQueryAdminMixin
from dxportal.lib.spreadsheet_admin import SpreadsheetAdminMixin
from dxportal.public_content import content_changed
from plan import bodies, forms, selectors, services, text
from plan.models import (
    ActionPolicy,
    Comment,
    CommentPeriod,
    Event,
    FiscalSchedule,
    Initiative,
    Kpi,
    KpiValue,
    OutlineItem,
    Philosophy,
    Pillar,
    PillarPoint,
    Plan,
    Section,
    Track,
    Trend,
    Version,
)
from plan.resources import KpiValueResource


class SectionInline(admin.StackedInline):
    # Folded (a <details> element): the plan's form was one page some 10,900 px tall.
    classes = ["collapse"]
    model = Section
    extra = 0
    fields = [("order", "number", "heading", "kind"), "part", "body", "closing"]


class OutlineItemInline(admin.TabularInline):
    classes = ["collapse"]
    model = OutlineItem
    extra = 0


class TrendInline(admin.TabularInline):
    classes = ["collapse"]
    model = Trend
    extra = 0


class PhilosophyInline(admin.StackedInline):
    classes = ["collapse"]
    model = Philosophy
    extra = 0


@admin.register(Plan)
class PlanAdmin(ViewOnSiteMixin, CleanQueryAdminMixin, admin.ModelAdmin):
    """The plan and its prose: the live rows are the draft, which only a published version shows."""

    list_display = ["title", "first_fiscal_year", "last_fiscal_year", "stage", "preview_link"]
    list_filter = ["stage"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SectionInline, OutlineItemInline, TrendInline, PhilosophyInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["preview_link"]
        # The stage moves when a version is published (plan/services.py).
        return ["stage", "preview_link"]

    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="plan_plan_preview",
        )
        return [preview, *super().get_urls()]

    @admin.display(description=_("下書き"))
    def preview_link(self, plan: Plan) -> str:
        if plan.pk is None:
            return "—"
        url = reverse("admin:plan_plan_preview", args=[plan.pk])
        return format_html('<a href="{}">{}</a>', url, _("下書きをプレビュー"))

    def preview_view(self, request, object_id: str) -> HttpResponse:
        """The draft as the public page would show it once published: staff only."""
        plan = self.get_object(request, object_id)
        if plan is None:
            raise Http404(_("プランが見つかりません。"))
        if not self.has_view_permission(request, plan):
            raise PermissionDenied
        context = {
            "plan": plan,
            "preview": True,
            "version": selectors.current_version(plan),
            "stage_of": plan,
            "body": bodies.draft_body(plan),
        }
        return render(request, "plan/plan_detail.html", context)


@admin.register(Version)
class VersionAdmin(ViewOnSiteMixin, CleanQueryAdminMixin, admin.ModelAdmin):
    """Versions are published from their own page, with a 公開日, freezing the draft as it is."""

    list_display = ["__str__", "plan", "stage", "published_on", "publish_link"]
    list_filter = ["plan", "stage", ("published_on", admin.EmptyFieldListFilter)]
    list_select_related = ["plan"]
    search_fields = ["title", "changelog"]
    actions = ["publish"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            # The public page shows a published version's number and stage.
            return ["number", "stage", "published_on", "publish_link"]
        return ["published_on", "publish_link"]

    def get_urls(self):
        publish = path(
            "<path:object_id>/publish/",
            self.admin_site.admin_view(self.publish_view),
            name="plan_version_publish",
        )
        return [publish, *super().get_urls()]

    @admin.display(description=_("公開"))
    def publish_link(self, version: Version) -> str:
        if version.pk is None:
            return _("保存すると公開できます。")
        if version.is_published:
            return _("公開済み")
        url = reverse("admin:plan_version_publish", args=[version.pk])
        return format_html('<a href="{}">{}</a>', url, _("この版を公開する"))

    @admin.action(description=_("選択した版を公開する（公開日を指定して下書きを写す）"))
    def publish(self, request, queryset):
        # One at a time: each version freezes the draft as it is, with its own 公開日.
        versions = list(queryset)
        if len(versions) != 1 or versions[0].is_published:
            messages.error(request, _("公開する版を、未公開のものから1件だけ選んでください。"))
            return None
        return redirect("admin:plan_version_publish", versions[0].pk)

    def publish_view(self, request, object_id: str) -> HttpResponse:
        """Ask for the 公開日, then freeze the draft into the version and publish it."""
        version = self.get_object(request, object_id)
        if version is None:
            raise Http404(_("版が見つかりません。"))
        if not self.has_change_permission(request, version):
            raise PermissionDenied
        change_url = reverse("admin:plan_version_change", args=[version.pk])
        if version.is_published:
            messages.warning(request, _("この版は公開済みです。"))
            return redirect(change_url)
        form = forms.PublishForm(request.POST or None, version=version)
        if request.method == "POST" and form.is_valid():
            try:
                services.publish_version(version=version, on=form.cleaned_data["published_on"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(version)sを公開しました。公開ページはこの版を表示します。")
                    % {"version": version},
                )
                return redirect(change_url)
        current = selectors.current_version(version.plan)
        changes = None
        if current is not None:
            changes = text.changed_lines(current.snapshot, text.plan_text(version.plan))
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(version)sを公開する") % {"version": version},
            "opts": self.opts,
            "version": version,
            "current": current,
            "changes": changes,
            "form": form,
            "preview_url": reverse("admin:plan_plan_preview", args=[version.plan_id]),
            "change_url": change_url,
        }
        return render(request, "plan/admin/version_publish.html", context)


class PillarPointInline(admin.TabularInline):
    model = PillarPoint
    extra = 0


@admin.register(Pillar)
class PillarAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    list_display = ["title", "plan", "order", "conclusion"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["name", "conclusion", "points__text"]
    inlines = [PillarPointInline]


@admin.register(ActionPolicy)
class ActionPolicyAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "plan", "fiscal_year"]
    list_filter = ["plan", "fiscal_year"]
    list_select_related = ["plan"]
    search_fields = ["title", "description", "examples"]


class KpiInline(admin.TabularInline):
    model = Kpi
    extra = 0
    show_change_link = True


@admin.register(Initiative)
class InitiativeAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    list_display = ["title", "pillar", "department", "first_fiscal_year", "last_fiscal_year"]
    list_filter = ["pillar", ("department", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["pillar", "department"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["department"]
    inlines = [KpiInline]


class KpiValueInline(admin.TabularInline):
    model = KpiValue
    extra = 1


@admin.register(Kpi)
class KpiAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "initiative", "unit", "baseline_fiscal_year", "baseline_value"]
    list_filter = ["initiative__pillar"]
    list_select_related = ["initiative"]
    search_fields = ["name", "initiative__title"]
    autocomplete_fields = ["initiative"]
    inlines = [KpiValueInline]


@admin.register(KpiValue)
class KpiValueAdmin(CleanQueryAdminMixin, SpreadsheetAdminMixin, ImportExportModelAdmin):
    resource_classes = [KpiValueResource]
    list_display = ["kpi", "fiscal_year", "target", "actual"]
    list_filter = ["fiscal_year", "kpi__initiative__pillar"]
    list_select_related = ["kpi"]
    list_editable = ["target", "actual"]
    search_fields = ["kpi__name"]
    autocomplete_fields = ["kpi"]


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0
    show_change_link = True


@admin.register(FiscalSchedule)
class FiscalScheduleAdmin(ViewOnSiteMixin, CleanQueryAdminMixin, admin.ModelAdmin):
    list_display = ["title", "plan", "fiscal_year"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["title", "note"]
    inlines = [TrackInline]


class EventInline(admin.TabularInline):
    model = Event
    extra = 1
    autocomplete_fields = ["meeting"]


@admin.register(Track)
class TrackAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "schedule", "order", "body"]
    list_filter = ["schedule"]
    list_select_related = ["schedule", "body"]
    search_fields = ["name", "events__label"]
    autocomplete_fields = ["body"]
    inlines = [EventInline]


@admin.register(CommentPeriod)
class CommentPeriodAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    list_display = ["title", "version", "opens_at", "closes_at", "results_published_on"]
    list_filter = ["version__plan"]
    list_select_related = ["version"]
    search_fields = ["title"]


@admin.register(Comment)
class CommentAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    """Staff read each comment, write its summary and the prefecture's answer, then publish."""

    list_display = ["__str__", "period", "section", "submitted_at", "has_answer", "is_published"]
    list_filter = ["period", "is_published", "section"]
    list_select_related = ["period", "section"]
    search_fields = ["body", "summary", "response"]
    readonly_fields = ["period", "section", "body", "name", "email", "consented_at", "submitted_at"]
    fields = [*readonly_fields, "summary", "response", "is_published"]
    actions = ["publish"]

    def has_add_permission(self, request):
        # Comments come from the public form only.
        return False

    @admin.display(description=_("回答"), boolean=True)
    def has_answer(self, comment: Comment) -> bool:
        return bool(comment.summary and comment.response)

    @admin.action(description=_("選択した意見を公開する（概要と県の考え方があるもの）"))
    def publish(self, request, queryset):
        ready = queryset.exclude(summary="").exclude(response="")
        count = ready.update(is_published=True)
        content_changed(
            sender=Comment
        )  # an update sends no save signal; the results page shows these
        skipped = queryset.count() - count
        messages.success(request, f"{count}件を公開しました。")
        if skipped:
            messages.warning(
                request, f"概要または県の考え方が未記入の{skipped}件は公開していません。"
            )
