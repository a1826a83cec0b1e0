"""Criteria sets: list, tree, node editor, status, clone, diff, import and export (admin only)."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from parindex.accounts.access import admin_required
from parindex.core import audit
from parindex.scoring.criteria import CriteriaError
from parindex.scoring.criteria_format import parse_criteria

from .. import editing, interchange, years
from ..diff import diff_sets
from ..forms import CloneForm, CriteriaSetForm, CriteriaUploadForm, CriterionForm, DiffForm
from ..models import CriteriaSet, Criterion
from ..specs import load_spec
from ..tree import tree_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_SESSION_KEY = "criteria_import"


def _get_set(pk: int) -> CriteriaSet:
    return get_object_or_404(CriteriaSet.objects.select_related("level", "cloned_from"), pk=pk)


@admin_required
def criteria_set_list(request: HttpRequest):
    sets = CriteriaSet.objects.select_related("level").annotate(node_count=Count("nodes"))
    return render(request, "catalog/criteria_set_list.html", {"sets": sets})


@admin_required
def criteria_set_detail(request: HttpRequest, pk: int):
    criteria_set = _get_set(pk)
    nodes = list(criteria_set.nodes.select_related("field").order_by("position"))
    review = editing.review(criteria_set)
    return render(
        request,
        "catalog/criteria_set_detail.html",
        {
            "set": criteria_set,
            "rows": tree_rows(nodes),
            "problems": review.problems,
            "other_years": [] if criteria_set.is_frozen else review.other_years,
            "history": audit.history_of(criteria_set)[:20],
            "clone_form": CloneForm(initial={"year": criteria_set.year + 1}),
        },
    )


@admin_required
def criteria_set_edit(request: HttpRequest, pk: int):
    criteria_set = _get_set(pk)
    if criteria_set.is_frozen:
        messages.error(request, _("Bộ tiêu chí đang áp dụng, không được sửa."))
        return redirect("catalog:criteria_set", pk=pk)
    before = editing.set_snapshot(criteria_set)
    form = CriteriaSetForm(request.POST or None, instance=criteria_set)
    if request.method == "POST" and form.is_valid():
        editing.update_set(form.save(commit=False), by=request.user, before=before)
        messages.success(request, _("Đã lưu thông tin bộ tiêu chí."))
        return redirect("catalog:criteria_set", pk=pk)
    return render(request, "catalog/criteria_set_form.html", {"form": form, "set": criteria_set})


@admin_required
def node_edit(request: HttpRequest, pk: int, node_pk: int | None = None):
    criteria_set = _get_set(pk)
    node = get_object_or_404(criteria_set.nodes, pk=node_pk) if node_pk else None
    if criteria_set.is_frozen:
        messages.error(request, _("Bộ tiêu chí đang áp dụng, không được sửa."))
        return redirect("catalog:criteria_set", pk=pk)
    parent = node.parent if node else _parent_from(request, criteria_set)
    before = editing.node_snapshot(node) if node else None
    instance = node or Criterion(criteria_set=criteria_set, parent=parent)
    form = CriterionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        editing.save_node(form.save(commit=False), by=request.user, before=before)
        messages.success(request, _("Đã lưu tiêu chí %(code)s.") % {"code": form.instance.code})
        return redirect(f"{criteria_set.get_absolute_url()}#node-{form.instance.pk}")
    return render(
        request,
        "catalog/node_form.html",
        {"form": form, "set": criteria_set, "node": node, "parent": parent},
    )


def _parent_from(request: HttpRequest, criteria_set: CriteriaSet) -> Criterion | None:
    parent_pk = request.GET.get("parent") or request.POST.get("parent")
    return get_object_or_404(criteria_set.nodes, pk=parent_pk) if parent_pk else None


@require_POST
@admin_required
def node_delete(request: HttpRequest, pk: int, node_pk: int):
    criteria_set = _get_set(pk)
    node = get_object_or_404(criteria_set.nodes, pk=node_pk)
    try:
        editing.delete_node(node, by=request.user)
    except editing.FrozenError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Đã xóa tiêu chí %(code)s và các tiêu chí con.") % {"code": node.code}
        )
    return redirect("catalog:criteria_set", pk=pk)


@admin_required
def put_in_use(request: HttpRequest, pk: int):
    """A review of the draft (what prevents it, the texts still naming another year), then,
    confirmed, the set is put in use."""
    criteria_set = _get_set(pk)
    if criteria_set.is_frozen:
        messages.info(request, _("Bộ tiêu chí đã ở trạng thái đang áp dụng."))
        return redirect("catalog:criteria_set", pk=pk)
    if request.method != "POST":
        return render(
            request,
            "catalog/criteria_set_in_use.html",
            {"set": criteria_set, "review": editing.review(criteria_set)},
        )
    problems = editing.put_in_use(criteria_set, by=request.user)
    if problems:
        messages.error(
            request,
            ngettext(
                "Chưa thể áp dụng: bộ tiêu chí còn %(n)d lỗi (xem danh sách bên dưới).",
                "Chưa thể áp dụng: bộ tiêu chí còn %(n)d lỗi (xem danh sách bên dưới).",
                len(problems),
            )
            % {"n": len(problems)},
        )
    else:
        messages.success(request, _("Bộ tiêu chí đã chuyển sang trạng thái đang áp dụng."))
    return redirect("catalog:criteria_set", pk=pk)


@admin_required
def clone(request: HttpRequest, pk: int):
    """Every text naming the set's year on its own, as it reads with the new year, each to
    change or not (all ticked); confirmed, the copy is made with the ticked ones changed."""
    criteria_set = _get_set(pk)
    form = CloneForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        messages.error(request, _("Năm không hợp lệ."))
        return redirect("catalog:criteria_set", pk=pk)
    year = form.cleaned_data["year"]
    spec = load_spec(criteria_set).spec
    changes = [] if year == spec.year else years.year_changes(spec, spec.year, year)
    if request.method == "POST":
        chosen = set(request.POST.getlist("text"))
        copy = editing.clone_to_year(
            criteria_set,
            year=year,
            by=request.user,
            replacements=[change for change in changes if change.key in chosen],
        )
        messages.success(
            request, _("Đã sao chép thành bộ tiêu chí năm %(y)d (bản nháp).") % {"y": copy.year}
        )
        return redirect("catalog:criteria_set", pk=copy.pk)
    existing = CriteriaSet.objects.filter(level=criteria_set.level, year=year).order_by("version")
    return render(
        request,
        "catalog/criteria_set_clone.html",
        {"set": criteria_set, "year": year, "changes": changes, "existing": list(existing)},
    )


@admin_required
def compare(request: HttpRequest):
    form = DiffForm(request.GET or None)
    rows = counts = None
    if form.is_valid():
        old = load_spec(form.cleaned_data["old"]).spec
        new = load_spec(form.cleaned_data["new"]).spec
        rows = diff_sets(old, new)
        counts = {s: sum(r.status == s for r in rows) for s in ("added", "removed", "changed")}
    return render(
        request, "catalog/criteria_diff.html", {"form": form, "rows": rows, "counts": counts}
    )


def _filename(criteria_set: CriteriaSet, extension: str) -> str:
    name = slugify(
        f"bo-tieu-chi-{criteria_set.level.code}-{criteria_set.year}-v{criteria_set.version}"
    )
    return f"{name}.{extension}"


@admin_required
def export(request: HttpRequest, pk: int, fmt: str):
    criteria_set = _get_set(pk)
    spec = load_spec(criteria_set).spec
    if fmt == "yaml":
        response = HttpResponse(
            interchange.write_yaml(spec), content_type="application/yaml; charset=utf-8"
        )
    else:
        response = HttpResponse(interchange.write_xlsx(spec), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(criteria_set, fmt)}"'
    return response


@admin_required
def blank_template(request: HttpRequest):
    response = HttpResponse(interchange.blank_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-bo-tieu-chi.xlsx"'
    return response


@admin_required
def import_upload(request: HttpRequest):
    """Step 1: read and validate the file; a valid one is kept in the session for the preview."""
    form = CriteriaUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            doc = interchange.read_upload(upload.name, upload.read())
            spec = parse_criteria(doc)
            interchange.check_references(spec)
        except CriteriaError as error:
            problems = error.problems
        else:
            request.session[IMPORT_SESSION_KEY] = interchange.write_yaml(spec)
            return redirect("catalog:criteria_import_preview")
    return render(request, "catalog/criteria_import.html", {"form": form, "problems": problems})


@admin_required
def import_preview(request: HttpRequest):
    """Step 2: show the tree that will be created; confirm writes it in one transaction."""
    text = request.session.get(IMPORT_SESSION_KEY)
    if text is None:
        messages.info(request, _("Chưa có tệp nào đang chờ nhập."))
        return redirect("catalog:criteria_import")
    spec = parse_criteria(interchange.read_yaml(text.encode()))
    if request.method == "POST":
        try:
            created = interchange.save_criteria_set(spec, by=request.user)
        except CriteriaError as error:
            return render(
                request,
                "catalog/criteria_import.html",
                {"form": CriteriaUploadForm(), "problems": error.problems},
            )
        del request.session[IMPORT_SESSION_KEY]
        messages.success(
            request, _("Đã nhập bộ tiêu chí “%(t)s” (bản nháp).") % {"t": created.title}
        )
        return redirect("catalog:criteria_set", pk=created.pk)
    return render(
        request,
        "catalog/criteria_import_preview.html",
        {"spec": spec, "rows": tree_rows(spec.nodes)},
    )
