"""The admin's own change history (who changed what and when), readable by the secretariat;
the portal's notices, page contacts and accessibility test runs."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from dxportal import library_admin
from dxportal.admin_links import ViewOnSiteMixin
from dxportal.lib.admin_query import CleanQueryAdminMixin
from dxportal.models import AccessibilityResult, AccessibilityTestRun, Notice, PageContact


def clean_queries_of_registered_admins(site: admin.AdminSite) -> None:
    """Give every admin registered so far the query-string cleaning, as a subclass of its class."""
    for model, model_admin in list(site._registry.items()):
        if not isinstance(model_admin, CleanQueryAdminMixin):
            admin_class = type(model_admin)
            site.unregister(model)
            site.register(
                model, type(admin_class.__name__, (CleanQueryAdminMixin, admin_class), {})
            )


# The libraries' admins (auth, axes, django-otp, django-tasks-db) are registered by now: Django
# imports each app's admin module in INSTALLED_APPS order, and the libraries come before dxportal.
# Without this a NUL in their lists' filters would still be a 500 on PostgreSQL.
# tests/dxportal/test_query_parameters.py checks that every registered admin has the cleaning.
library_admin.register(admin.site)
clean_queries_of_registered_admins(admin.site)


@admin.register(LogEntry)
class LogEntryAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    """Every change made through the admin, imports included; read-only."""

    list_display = [
        "action_time",
        "user",
        "content_type",
        "object_repr",
        "action_flag",
        "change_message",
    ]
    list_filter = ["action_flag", "content_type", "user"]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "change_message", "user__username"]
    date_hierarchy = "action_time"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(ViewOnSiteMixin, CleanQueryAdminMixin, admin.ModelAdmin):
    """お知らせ: what the secretariat publishes under 新着情報, with a page of its own."""

    list_display = ["title", "published_on", "area", "is_published"]
    list_filter = ["is_published", "area"]
    list_select_related = []
    search_fields = ["title", "body"]
    date_hierarchy = "published_on"
    fields = ["title", "body", "area", "published_on", "is_published"]


@admin.register(PageContact)
class PageContactAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    """Who answers for each part of the site (「このページに関するお問い合わせ」, the footer)."""

    list_display = ["area", "department", "role", "phone", "email", "desk"]
    list_filter = ["area"]
    list_select_related = ["department", "desk"]
    search_fields = ["role", "department__name"]
    autocomplete_fields = ["department"]


class AccessibilityResultInline(admin.TabularInline):
    model = AccessibilityResult
    fields = ["kind", "path", "title", "tool", "tool_version", "problems", "details"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AccessibilityTestRun)
class AccessibilityTestRunAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    """The runs of record_accessibility_results; only whether one is shown can be changed."""

    list_display = ["tested_at", "browser", "pages", "problems", "is_published"]
    list_filter = ["is_published"]
    list_select_related = []
    search_fields = ["browser", "results__path"]
    date_hierarchy = "tested_at"
    readonly_fields = ["tested_at", "target", "browser"]
    fields = [*readonly_fields, "is_published"]
    inlines = [AccessibilityResultInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                page_count=Count("results__path", distinct=True),
                problem_count=Sum("results__problems"),
            )
        )

    def has_add_permission(self, request):
        return False  # runs come from the command, never typed

    @admin.display(description=_("試験したページ"), ordering="page_count")
    def pages(self, run: AccessibilityTestRun) -> int:
        return run.page_count

    @admin.display(description=_("検出された問題"), ordering="problem_count")
    def problems(self, run: AccessibilityTestRun) -> int:
        return run.problem_count or 0
