from django.contrib import admin

from parindex.core.admin import ReadOnlyAdmin

from .models import CriteriaSet, Criterion, Field, Unit, UnitLevel


@admin.register(UnitLevel)
class UnitLevelAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "ranking_group", "order", "is_active"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "level", "active_from_year", "active_to_year"]
    list_filter = ["level"]
    search_fields = ["name", "code", "search_key"]
    filter_horizontal = ["predecessors"]
    list_select_related = ["level"]


@admin.register(Field)
class FieldAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "order"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["code", "title", "max_points", "method", "evidence"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ReadOnlyAdmin):
    list_display = ["title", "level", "year", "version", "status"]
    list_filter = ["level", "year", "status"]
    inlines = [CriterionInline]
