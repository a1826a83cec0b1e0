from django.contrib import admin

from .models import Amendment, Plan, PlanTask, PlanYear, ProgressUpdate


@admin.register(PlanYear)
class PlanYearAdmin(admin.ModelAdmin):
    list_display = ["year", "unit_deadline", "is_public"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "year", "scope", "state", "issued_on", "deadline"]
    list_filter = ["year", "state", "scope"]
    search_fields = ["title", "reference_number", "unit__name"]


@admin.register(PlanTask)
class PlanTaskAdmin(admin.ModelAdmin):
    list_display = ["code", "plan", "lead_unit", "due_on", "done_on", "cancelled"]
    list_filter = ["plan__year", "cancelled"]
    search_fields = ["content", "product"]
    raw_id_fields = ["plan", "carries"]


# Updates and amendments are append-only records: read in the back office, never changed there.
@admin.register(ProgressUpdate, Amendment)
class ReadOnlyAdmin(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
