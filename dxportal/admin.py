"""The admin's own change history (who changed what and when), readable by the secretariat."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.models import LogEntry


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
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
