"""Importing a plan's task table (Excel or Word) with a preview, the Excel template, and the plan
with its progress as a workbook. The preview carries the rows read, signed, to the confirmation:
nothing is stored in between, and nothing is saved unless every row is sound."""

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parindex.core.forms import StyledForm

from .. import access, documents, interchange
from ..models import Plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_AGE = 3600  # a preview confirmed within the hour


class UploadForm(StyledForm, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp bảng nhiệm vụ (.xlsx hoặc .docx)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.docx"}),
    )


def _salt(plan: Plan) -> str:
    return f"plans.import.{plan.pk}"


def _editable(request: HttpRequest, pk: int) -> Plan:
    plan = access.get_plan(request.user, pk, for_write=True)
    if plan.is_issued:
        messages.error(request, _("Kế hoạch đã ban hành: bổ sung nhiệm vụ bằng một điều chỉnh."))
    return plan


def import_page(request: HttpRequest, pk: int):
    plan = _editable(request, pk)
    if plan.is_issued:
        return redirect("plans:plan", plan.pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict = {"plan": plan, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = interchange.read_table(upload.read(), upload.name, plan)
        except interchange.TableError as error:
            form.add_error("file", str(error))
        else:
            sound = not any(row.errors for row in rows)
            context |= {
                "rows": rows,
                "sound": sound,
                "file_name": upload.name,
                "payload": signing.dumps([row.values for row in rows], salt=_salt(plan))
                if sound
                else "",
            }
    return render(request, "plans/import.html", context)


@require_POST
def import_confirm(request: HttpRequest, pk: int):
    plan = _editable(request, pk)
    if plan.is_issued:
        return redirect("plans:plan", plan.pk)
    try:
        rows = signing.loads(request.POST.get("payload", ""), salt=_salt(plan), max_age=MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("Bản xem trước đã hết hạn; hãy tải tệp lên lại."))
        return redirect("plans:plan_import", plan.pk)
    try:
        count = interchange.save_rows(plan, rows, by=request.user)
    except interchange.PlanError as error:
        messages.error(request, _("Chưa nhập nhiệm vụ nào: %(error)s") % {"error": error})
        return redirect("plans:plan_import", plan.pk)
    messages.success(request, _("Đã nhập %(n)d nhiệm vụ.") % {"n": count})
    return redirect("plans:plan", plan.pk)


def _attachment(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def import_template(request: HttpRequest):
    return _attachment(interchange.template_workbook(), "mau-bang-nhiem-vu.xlsx")


def plan_export(request: HttpRequest, pk: int):
    plan = access.get_plan(request.user, pk)
    return _attachment(interchange.plan_workbook(plan), f"ke-hoach-{plan.year}-{plan.pk}.xlsx")


def plan_pdf(request: HttpRequest, pk: int):
    plan = access.get_plan(request.user, pk)
    response = HttpResponse(documents.progress_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tien-do-{plan.year}-{plan.pk}.pdf"'
    return response
