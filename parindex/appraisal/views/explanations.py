"""The unit's explanation round (giải trình): its requests with the answer and documents of each
(htmx per item, or plain POST-redirect-GET), sending the answers (the unit head), and the list of
the unit's assessments with requests. Only the unit's own officers and head: anyone else, the
appraisers included, gets 404."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parindex.accounts.models import User
from parindex.assessments.files import EvidenceError
from parindex.assessments.forms.evidence import LinkForm, UploadForm
from parindex.assessments.models import Evidence
from parindex.assessments.saving import Conflict
from parindex.core.dates import moment_text
from parindex.core.http import HtmxHttpRequest

from .. import access, appraising, explaining, workflow
from ..forms.explanations import AnswerForm
from ..models import ExplanationRequest, UnitAppraisal

PAGE = "appraisal/explanations.html"


@dataclass
class ExplanationView:
    """An item with a request, and its forms (answer, upload) while the unit may answer."""

    item: appraising.SheetItem
    forms: dict


REFUSED = (workflow.AppraisalError, EvidenceError)


def _forms(explanation: ExplanationRequest) -> dict:
    return {
        "answer": AnswerForm(
            prefix=f"r{explanation.pk}",
            initial={"answer": explanation.answer, "version": explanation.version},
        ),
        "upload": UploadForm(prefix=f"r{explanation.pk}-doc"),
    }


def _context(user: User, assessment, *, focus: int | None = None, forms=None, **feedback) -> dict:
    """The page's context, in a constant number of queries. `focus` is the request acted on:
    `forms` (a rejected form keeping what was typed) and `feedback` (saved, answer_error,
    conflict, typed, documents_notice, documents_error) are about that item."""
    sheet = appraising.load(assessment, set(), every_field=True)
    items = [item for item in sheet.items if item.request]
    closed_reason = explaining.closed_reason(sheet.assessment, sheet.status)
    views = [
        ExplanationView(
            item,
            {}
            if closed_reason
            else _forms(item.request) | (forms or {} if item.request.pk == focus else {}),
        )
        for item in items
    ]
    unanswered = [item for item in items if not item.request.answer]
    library = Evidence.objects.filter(unit_id=assessment.unit_id).order_by("title")
    return {
        "assessment": sheet.assessment,
        "status": sheet.status,
        "items": views,
        "unanswered": unanswered,
        "answered": len(items) - len(unanswered),
        "closed_reason": closed_reason,
        "can_send": access.can_send_answers(user, assessment) and not closed_reason,
        "library": [] if closed_reason else list(library),
        "focus": focus,
        **feedback,
    }


def _focused(context: dict, explanation: ExplanationRequest) -> dict:
    view = next((v for v in context["items"] if v.item.request.pk == explanation.pk), None)
    if view is None:  # withdrawn by the appraiser meanwhile
        raise Http404
    return context | {"view": view, "item": view.item}


def _item_url(explanation: ExplanationRequest) -> str:
    url = reverse("appraisal:explanations", kwargs={"pk": explanation.assessment_id})
    return f"{url}#request-{explanation.pk}"


@require_GET
def my_explanations(request: HttpRequest):
    """The unit's assessments with explanation requests, newest period first."""
    unit = access.get_own_unit(request.user)
    rows = explaining.assessments_with_requests(unit)
    return render(request, "appraisal/explanation_list.html", {"rows": rows})


@require_GET
def explanations(request: HttpRequest, pk: int):
    assessment = access.get_own_assessment(request.user, pk)
    return render(request, PAGE, _context(request.user, assessment))


def _conflict_message(current: ExplanationRequest) -> str:
    return _(
        "%(who)s đã lưu nội dung giải trình lúc %(at)s, sau khi bạn mở trang. Nội dung bạn "
        "nhập chưa được lưu: hãy xem nội dung hiện tại bên dưới, sửa nếu cần rồi lưu lại."
    ) % {
        "who": current.answered_by.full_name if current.answered_by else "—",
        "at": moment_text(current.answered_at) if current.answered_at else "—",
    }


def _answer_response(request: HtmxHttpRequest, explanation, *, form=None, **feedback):
    """htmx: the item's answer (and the summary, out of band). Plain POST: the page, keeping
    what was typed in a rejected form, or back to the item (PRG)."""
    code = explanation.criterion.code
    if form is None and not request.htmx:
        messages.success(request, _("Đã lưu giải trình tiêu chí %(code)s.") % {"code": code})
        return redirect(_item_url(explanation))
    context = _context(
        request.user,
        explanation.assessment,
        focus=explanation.pk,
        forms={"answer": form} if form is not None else None,
        **feedback,
    )
    if request.htmx:
        return render(request, f"{PAGE}#answer_saved", _focused(context, explanation))
    messages.error(
        request, _("Chưa lưu giải trình tiêu chí %(code)s: xem lỗi bên dưới.") % {"code": code}
    )
    return render(request, PAGE, context)


@require_POST
def explanation_answer(request: HtmxHttpRequest, pk: int):
    explanation = access.get_own_request(request.user, pk)
    form = AnswerForm(request.POST, prefix=f"r{explanation.pk}")
    if not form.is_valid():
        return _answer_response(request, explanation, form=form)
    try:
        explaining.save_answer(
            explanation,
            form.cleaned_data["answer"],
            version=form.cleaned_data["version"],
            by=request.user,
        )
    except workflow.AppraisalError as error:
        return _answer_response(
            request,
            explanation,
            form=form,
            answer_error=str(error),
            typed=form.cleaned_data["answer"],
        )
    except Conflict as clash:
        current = clash.entry
        # What was typed stays in the form; saving again is then a deliberate overwrite.
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(current.version)
        return _answer_response(
            request,
            explanation,
            form=form,
            answer_error=_conflict_message(current),
            conflict=current,
        )
    return _answer_response(request, explanation, saved=True)


def _documents_response(
    request: HtmxHttpRequest, explanation, *, notice="", error="", upload_form=None
):
    """htmx: the item's documents again, with the message. Plain POST: the page keeping what
    was typed in a rejected upload, or back to the item (PRG)."""
    if request.htmx or (error and upload_form is not None):
        context = _context(
            request.user,
            explanation.assessment,
            focus=explanation.pk,
            forms={"upload": upload_form} if upload_form is not None else None,
            documents_notice=notice,
            documents_error=error,
        )
        if request.htmx:
            return render(request, f"{PAGE}#documents", _focused(context, explanation))
        return render(request, PAGE, context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(_item_url(explanation))


@require_POST
def explanation_upload(request: HtmxHttpRequest, pk: int):
    explanation = access.get_own_request(request.user, pk)
    assessment = explanation.assessment
    # Checked before the form reads (and hashes) a file that would be refused anyway.
    status = workflow.existing_status(assessment) or UnitAppraisal(assessment=assessment)
    error = explaining.closed_reason(assessment, status)
    if error:
        return _documents_response(request, explanation, error=error)
    form = UploadForm(request.POST, request.FILES, prefix=f"r{explanation.pk}-doc")
    if not form.is_valid():
        error = " ".join(form.non_field_errors()) or _("Chưa thêm được tài liệu: xem lỗi bên dưới.")
        return _documents_response(request, explanation, error=error, upload_form=form)
    try:
        document = explaining.add_document(
            explanation, file=form.checked, reference=form.cleaned_data, by=request.user
        )
    except REFUSED as refused:
        return _documents_response(request, explanation, error=str(refused), upload_form=form)
    notice = _("Đã thêm tài liệu “%(title)s” cho giải trình tiêu chí %(code)s.")
    notice %= {"title": document.title, "code": explanation.criterion.code}
    return _documents_response(request, explanation, notice=notice)


@require_POST
def explanation_link(request: HtmxHttpRequest, pk: int):
    explanation = access.get_own_request(request.user, pk)
    form = LinkForm(request.POST, unit_id=explanation.assessment.unit_id)
    if not form.is_valid():
        return _documents_response(request, explanation, error=form.errors["evidence"][0])
    document = form.cleaned_data["evidence"]
    try:
        explaining.link_document(explanation, document, by=request.user)
    except REFUSED as refused:
        return _documents_response(request, explanation, error=str(refused))
    notice = _("Đã gắn tài liệu “%(title)s” với giải trình tiêu chí %(code)s.")
    notice %= {"title": document.title, "code": explanation.criterion.code}
    return _documents_response(request, explanation, notice=notice)


@require_POST
def explanation_unlink(request: HtmxHttpRequest, pk: int, evidence_pk: int):
    explanation = access.get_own_request(request.user, pk)
    document = get_object_or_404(Evidence, pk=evidence_pk, unit_id=explanation.assessment.unit_id)
    try:
        explaining.unlink_document(explanation, document, by=request.user)
    except REFUSED as refused:
        return _documents_response(request, explanation, error=str(refused))
    notice = _(
        "Đã bỏ tài liệu “%(title)s” khỏi giải trình tiêu chí %(code)s; tài liệu vẫn còn trong "
        "thư viện."
    )
    notice %= {"title": document.title, "code": explanation.criterion.code}
    return _documents_response(request, explanation, notice=notice)


@require_POST
def explanations_send(request: HttpRequest, pk: int):
    """The unit head sends the answers; refused (with the items still unanswered) otherwise."""
    assessment = access.get_own_assessment(request.user, pk, for_send=True)
    try:
        workflow.send_answers(assessment, by=request.user)
    except workflow.AppraisalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã gửi giải trình tới Tổ thẩm định."))
    return redirect("appraisal:explanations", pk=assessment.pk)
