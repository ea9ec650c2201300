"""Admin for the plan: its text, versions, content, progress, schedule and public comment."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from dxportal.lib.spreadsheets import SpreadsheetAdminMixin
from plan import services
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
    model = Section
    extra = 0
    fields = [("order", "number", "heading", "kind"), "part", "body", "closing"]


class OutlineItemInline(admin.TabularInline):
    model = OutlineItem
    extra = 0


class TrendInline(admin.TabularInline):
    model = Trend
    extra = 0


class PhilosophyInline(admin.StackedInline):
    model = Philosophy
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "first_fiscal_year", "last_fiscal_year", "stage"]
    list_filter = ["stage"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SectionInline, OutlineItemInline, TrendInline, PhilosophyInline]


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "stage", "published_on"]
    list_filter = ["plan", "stage", ("published_on", admin.EmptyFieldListFilter)]
    list_select_related = ["plan"]
    search_fields = ["title", "changelog"]
    readonly_fields = ["published_on"]
    actions = ["publish"]

    @admin.action(description=_("選択した版を公開する（現在の本文を写して保存）"))
    def publish(self, request, queryset):
        for version in queryset:
            services.publish_version(version=version)
        messages.success(request, f"{queryset.count()}件の版を公開しました。")


class PillarPointInline(admin.TabularInline):
    model = PillarPoint
    extra = 0


@admin.register(Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "order", "conclusion"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["name", "conclusion", "points__text"]
    inlines = [PillarPointInline]


@admin.register(ActionPolicy)
class ActionPolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "fiscal_year"]
    list_filter = ["plan", "fiscal_year"]
    list_select_related = ["plan"]
    search_fields = ["title", "description", "examples"]


class KpiInline(admin.TabularInline):
    model = Kpi
    extra = 0
    show_change_link = True


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
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
class KpiAdmin(admin.ModelAdmin):
    list_display = ["name", "initiative", "unit", "baseline_fiscal_year", "baseline_value"]
    list_filter = ["initiative__pillar"]
    list_select_related = ["initiative"]
    search_fields = ["name", "initiative__title"]
    autocomplete_fields = ["initiative"]
    inlines = [KpiValueInline]


@admin.register(KpiValue)
class KpiValueAdmin(SpreadsheetAdminMixin, ImportExportModelAdmin):
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
class FiscalScheduleAdmin(admin.ModelAdmin):
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
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "schedule", "order", "body"]
    list_filter = ["schedule"]
    list_select_related = ["schedule", "body"]
    search_fields = ["name", "events__label"]
    autocomplete_fields = ["body"]
    inlines = [EventInline]


@admin.register(CommentPeriod)
class CommentPeriodAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "opens_at", "closes_at", "results_published_on"]
    list_filter = ["version__plan"]
    list_select_related = ["version"]
    search_fields = ["title"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
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
        skipped = queryset.count() - count
        messages.success(request, f"{count}件を公開しました。")
        if skipped:
            messages.warning(
                request, f"概要または県の考え方が未記入の{skipped}件は公開していません。"
            )
