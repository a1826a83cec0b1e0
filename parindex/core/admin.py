from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """The back office only shows: every change goes through the application's pages and their
    domain functions, which check what may change (a criteria set in use is frozen) and write
    the audit trail; the generic admin forms would do neither."""

    def has_add_permission(self, request: HttpRequest, obj=None):
        return False

    def has_change_permission(self, request: HttpRequest, obj=None):
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit trail is never edited, not even in the back office."""

    list_display = ["at", "actor", "action", "target_label", "reason"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_label", "reason", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
