"""Evidence: add, link and unlink an item's documents (htmx or plain POST), the unit's library,
a document's page (reference, versions, usage, history) and file downloads."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from parindex.catalog.models import Criterion
from parindex.core.http import HtmxHttpRequest

from .. import access, evidence, files, workflow
from ..forms.evidence import LinkForm, ReferenceForm, UploadForm, VersionForm
from ..models import Evidence, UnitAssessment

REFUSED = (workflow.WorkflowError, files.EvidenceError)


def _item(request: HttpRequest, pk: int, criterion_pk: int) -> tuple[UnitAssessment, Criterion]:
    """The assessment and leaf whose evidence the user changes; 404 unless a member of the unit."""
    assessment = access.get_assessment(request.user, pk, for_write=True)
    criterion = get_object_or_404(
        Criterion, pk=criterion_pk, criteria_set_id=assessment.criteria_set_id, rule__isnull=False
    )
    return assessment, criterion


def _respond(
    request: HtmxHttpRequest, assessment, criterion, *, notice="", error="", upload_form=None
):
    """htmx: the item's documents again (with the message; 200 so that htmx swaps it), and the
    event `evidence-changed`, to which the scorecard's parts that follow the documents listen.
    Plain POST: the upload page keeping what was typed, or back to the item (PRG)."""
    if request.htmx:
        context = evidence.item_context(assessment, criterion, request.user)
        context |= {"evidence_notice": notice, "evidence_error": error, "upload_form": upload_form}
        response = render(request, "assessments/scorecard.html#evidence", context)
        if not error:
            trigger_client_event(response, "evidence-changed", {"criterion": criterion.pk})
        return response
    if error and upload_form is not None:
        return _upload_page(request, assessment, criterion, upload_form, error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    url = reverse("assessments:scorecard", kwargs={"pk": assessment.pk})
    return redirect(f"{url}#item-{criterion.code}")


def _upload_page(request: HttpRequest, assessment, criterion, form, error=""):
    context = evidence.item_context(assessment, criterion, request.user)
    context |= {"criterion": criterion, "upload_form": form, "evidence_error": error}
    return render(request, "assessments/evidence_upload.html", context | {"open_upload": True})


def _form_error(form) -> str:
    """What the top of the block says about a rejected form: the file's or the form's own
    problem, or where to look."""
    found = [*form.non_field_errors(), *form.errors.get("file", [])]
    return " ".join(found) or _("Chưa thêm được tài liệu: xem lỗi bên dưới.")


def evidence_upload(request: HtmxHttpRequest, pk: int, criterion_pk: int):
    assessment, criterion = _item(request, pk, criterion_pk)
    if request.method != "POST":
        return _upload_page(request, assessment, criterion, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    try:
        workflow.check_can_change(assessment)  # before reading a file that would be refused
        if not form.is_valid():
            return _respond(
                request, assessment, criterion, error=_form_error(form), upload_form=form
            )
        document = evidence.upload_to_item(
            assessment,
            criterion,
            file=form.checked,
            reference=form.cleaned_data,
            by=request.user,
        )
    except REFUSED as refused:
        return _respond(request, assessment, criterion, error=str(refused), upload_form=form)
    notice = _("Đã thêm tài liệu “%(title)s” cho tiêu chí %(code)s.")
    notice %= {"title": document.title, "code": criterion.code}
    return _respond(request, assessment, criterion, notice=notice)


@require_POST
def evidence_link(request: HtmxHttpRequest, pk: int, criterion_pk: int):
    assessment, criterion = _item(request, pk, criterion_pk)
    form = LinkForm(request.POST, unit_id=assessment.unit_id)
    try:
        workflow.check_can_change(assessment)
        if not form.is_valid():
            raise files.EvidenceError(form.errors["evidence"][0])
        document = form.cleaned_data["evidence"]
        evidence.link_to_item(assessment, criterion, document, by=request.user)
    except REFUSED as refused:
        return _respond(request, assessment, criterion, error=str(refused))
    notice = _("Đã gắn tài liệu “%(title)s” với tiêu chí %(code)s.")
    notice %= {"title": document.title, "code": criterion.code}
    return _respond(request, assessment, criterion, notice=notice)


@require_POST
def evidence_unlink(request: HtmxHttpRequest, pk: int, criterion_pk: int, evidence_pk: int):
    assessment, criterion = _item(request, pk, criterion_pk)
    document = get_object_or_404(Evidence, pk=evidence_pk, unit_id=assessment.unit_id)
    try:
        evidence.unlink_from_item(assessment, criterion, document, by=request.user)
    except REFUSED as refused:
        return _respond(request, assessment, criterion, error=str(refused))
    notice = _(
        "Đã bỏ tài liệu “%(title)s” khỏi tiêu chí %(code)s; tài liệu vẫn còn trong thư viện."
    )
    notice %= {"title": document.title, "code": criterion.code}
    return _respond(request, assessment, criterion, notice=notice)


@require_GET
def evidence_library(request: HttpRequest):
    """The user's unit's library; an administrator names a unit with ?unit=<id>."""
    unit = access.get_library_unit(request.user, request.GET.get("unit"))
    page = Paginator(evidence.library(unit.pk), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/evidence_library.html",
        {"unit": unit, "page": page, "can_edit": access.can_edit_library(request.user, unit.pk)},
    )


def _detail_page(request: HttpRequest, document: Evidence, **forms):
    can_edit = access.can_edit_library(request.user, document.unit_id)
    context = {
        "document": document,
        "files": document.files.select_related("uploaded_by").order_by("-version"),
        "links": evidence.users_of(document),
        "entries": evidence.history(document)[:50],
        "can_edit": can_edit,
        "refusal": evidence.revise_refusal(document) if can_edit else "",
        "form": ReferenceForm.for_evidence(document),
        "version_form": VersionForm(),
    }
    return render(request, "assessments/evidence_detail.html", context | forms)


def evidence_detail(request: HttpRequest, pk: int):
    """A document: its reference (editable by the unit), versions, usage and history."""
    document = access.get_evidence(request.user, pk, for_write=request.method == "POST")
    if request.method != "POST":
        return _detail_page(request, document)
    form = ReferenceForm.for_evidence(document, request.POST)
    if form.is_valid():
        try:
            evidence.update_reference(document, form.cleaned_data, by=request.user)
        except REFUSED as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Đã lưu thông tin tài liệu."))
            return redirect("assessments:evidence_detail", pk=pk)
    return _detail_page(request, document, form=form)


@require_POST
def evidence_version(request: HttpRequest, pk: int):
    """Upload a new version of a document's file (the earlier ones stay)."""
    document = access.get_evidence(request.user, pk, for_write=True)
    form = VersionForm(request.POST, request.FILES)
    error = evidence.revise_refusal(document)  # before reading a file that would be refused
    if not error and form.is_valid():
        try:
            stored = evidence.add_version(document, form.checked, by=request.user)
        except REFUSED as refused:
            error = str(refused)
        else:
            notice = _("Đã tải lên phiên bản %(version)d của tài liệu.")
            messages.success(request, notice % {"version": stored.version})
            return redirect("assessments:evidence_detail", pk=pk)
    return _detail_page(request, document, version_form=form, version_error=error)


@require_GET
def evidence_file(request: HttpRequest, pk: int):
    """A file version, for members of its unit and administrators: downloaded, or shown in the
    browser with ?inline=1 when it is a PDF or an image."""
    stored = access.get_file(request.user, pk)
    return files.serve(stored, inline=request.GET.get("inline") == "1")
