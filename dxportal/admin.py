"""The admin's own change history (who changed what and when), readable by the secretariat."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.models import LogEntry

from dxportal.lib.admin_query import CleanQueryAdminMixin


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
