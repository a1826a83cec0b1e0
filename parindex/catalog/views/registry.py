"""Pages for the simple catalogues: unit levels, units, fields (admin only)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, prefetch_related_objects
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from parindex.accounts.access import admin_required
from parindex.core import audit
from parindex.core.http import whole_number

from ..forms import FieldForm, UnitForm, UnitLevelForm
from ..models import Field, Unit, UnitLevel
from ..registry import save_entry


@admin_required
def level_list(request: HttpRequest):
    levels = UnitLevel.objects.annotate(unit_count=Count("units"))
    return render(request, "catalog/level_list.html", {"levels": levels})


@admin_required
def level_edit(request: HttpRequest, pk: int | None = None):
    level = get_object_or_404(UnitLevel, pk=pk) if pk else None
    form = UnitLevelForm(request.POST or None, instance=level)
    if request.method == "POST" and form.is_valid():
        save_entry(form, by=request.user)
        messages.success(request, _("Đã lưu cấp đơn vị “%(name)s”.") % {"name": form.instance})
        return redirect("catalog:levels")
    return render(
        request,
        "catalog/simple_form.html",
        {"form": form, "object": level, "kind": _("cấp đơn vị"), "back": "catalog:levels"},
    )


@admin_required
def field_list(request: HttpRequest):
    return render(request, "catalog/field_list.html", {"fields": Field.objects.all()})


@admin_required
def field_edit(request: HttpRequest, pk: int | None = None):
    field = get_object_or_404(Field, pk=pk) if pk else None
    form = FieldForm(request.POST or None, instance=field)
    if request.method == "POST" and form.is_valid():
        save_entry(form, by=request.user)
        messages.success(request, _("Đã lưu lĩnh vực “%(name)s”.") % {"name": form.instance})
        return redirect("catalog:fields")
    return render(
        request,
        "catalog/simple_form.html",
        {"form": form, "object": field, "kind": _("lĩnh vực"), "back": "catalog:fields"},
    )


@admin_required
def unit_list(request: HttpRequest):
    units = Unit.objects.select_related("level", "parent")
    query = request.GET.get("q", "").strip()
    if query:
        units = units.search(query)
    level = request.GET.get("level", "")
    if level:
        units = units.filter(level__code=level)
    year = whole_number(request.GET.get("year"))
    if year is not None:
        units = units.active_in(year)
    # A province has a few hundred units: all are sorted (Unit.sort_key), one page's predecessors
    # are loaded.
    page = Paginator(sorted(units, key=Unit.sort_key), 50).get_page(request.GET.get("page"))
    prefetch_related_objects(page.object_list, "predecessors")
    return render(
        request,
        "catalog/unit_list.html",
        {
            "page": page,
            "levels": UnitLevel.objects.all(),
            "query": query,
            "level": level,
            "year": year,
        },
    )


@admin_required
def unit_detail(request: HttpRequest, pk: int):
    unit = get_object_or_404(
        Unit.objects.select_related("level", "parent").prefetch_related(
            "predecessors", "successors", "users"
        ),
        pk=pk,
    )
    return render(
        request, "catalog/unit_detail.html", {"unit": unit, "history": audit.history_of(unit)}
    )


@admin_required
def unit_edit(request: HttpRequest, pk: int | None = None):
    unit = get_object_or_404(Unit, pk=pk) if pk else None
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        saved = save_entry(form, by=request.user)
        messages.success(request, _("Đã lưu đơn vị “%(name)s”.") % {"name": saved})
        return redirect("catalog:unit_detail", pk=saved.pk)
    return render(
        request,
        "catalog/simple_form.html",
        {"form": form, "object": unit, "kind": _("đơn vị"), "back": "catalog:units"},
    )
