"""A unit's report: its list, the page with every section, saving a section (htmx autosave or a
plain POST), submission, versions; the province's return. htmx renders `report.html#section`."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.accounts.models import User
from parindex.assessments.access import get_evidence
from parindex.core import audit
from parindex.core.http import HtmxHttpRequest, whole_number

from .. import access, attaching, filling, pdf, workflow
from ..forms import ExtensionForm, ReturnForm, SectionForm
from ..models import UnitReport

PAGE = "reports/report.html"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # every page here is behind login


def mine(request: HttpRequest):
    reports = access.get_own_reports(_user(request))
    return render(request, "reports/mine.html", {"reports": reports})


def _form(view: filling.SectionView, data=None) -> SectionForm:
    initial = {"version": view.version, "narrative": view.narrative, **view.typed}
    return SectionForm(view.section, data, initial=initial, prefix=f"s-{view.section.code}")


def _context(request: HttpRequest, report: UnitReport, views: list, **extra) -> dict:
    user = _user(request)
    can_change = access.can_fill(user, report) and workflow.change_refusal(report) is None
    for view in views:
        if can_change and view.form is None:
            view.form = _form(view)
    return {
        "report": report,
        "sections": views,
        "can_change": can_change,
        "can_submit": access.can_submit(user, report) and workflow.change_refusal(report) is None,
        "can_return": access.can_manage_reports(user) and report.is_submitted,
        "refusal": workflow.change_refusal(report),
        "versions": report.versions.select_related("submitted_by"),
        "return_form": extra.pop("return_form", None) or ReturnForm(),
        "library": list(attaching.library(report)) if can_change else [],
        "can_extend": access.can_manage_reports(user) and not report.is_submitted,
        "extension_form": extra.pop("extension_form", None) or ExtensionForm(),
        "history": audit.history_of(report)[:50],
        **extra,
    }


def report_page(request: HttpRequest, pk: int):
    report = access.get_report(_user(request), pk)
    return render(request, PAGE, _context(request, report, filling.load(report)))


@require_POST
def section_save(request: HtmxHttpRequest, pk: int, code: str):
    """Save one section; a value refused stays as typed, with the reason beside it."""
    report = access.get_report(_user(request), pk, for_write=True)
    views = filling.load(report)
    view = next((v for v in views if v.section.code == code), None)
    if view is None:
        raise Http404
    form = _form(view, request.POST)
    conflict = None
    if form.is_valid():
        try:
            view.row, view.errors = workflow.save_section(
                report,
                code,
                narrative=form.cleaned_data["narrative"],
                typed=form.typed(),
                version=form.cleaned_data["version"],
                by=_user(request),
            )
        except workflow.Conflict as error:
            conflict = {k: v for k, v in form.cleaned_data.items() if v and k != "version"}
            view.row, view.errors = error.section, {}
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
            return redirect(report)
        view.form = _form(view)
    else:
        view.form = form
    if not request.htmx:
        if conflict is None and form.is_valid():
            messages.success(request, _("Đã lưu phần “%(title)s”.") % {"title": view.section.title})
            return redirect(f"{report.get_absolute_url()}#section-{code}")
        context = _context(request, report, views, conflict=conflict, conflict_code=code)
        return render(request, PAGE, context, status=409 if conflict else 200)
    context = _context(request, report, views, conflict=conflict, conflict_code=code)
    refused = (
        [str(e) for errors in form.errors.values() for e in errors] if not form.is_valid() else []
    )
    return render(request, f"{PAGE}#saved", context | {"view": view, "refused": refused})


def submit(request: HttpRequest, pk: int):
    """What would stop the submission (GET), and the submission itself (POST, the unit head)."""
    report = access.get_report(_user(request), pk, for_submit=True)
    blockers = workflow.blockers(
        report.period.template.spec, {r.code: r for r in report.sections.all()}
    )
    if request.method == "POST":
        try:
            version = workflow.submit_report(report, by=_user(request))
        except workflow.SubmitError as error:
            blockers = error.blockers
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
            return redirect(report)
        else:
            text = _("Đã nộp báo cáo (lần %(n)d).") % {"n": version.number}
            if version.late:
                text += " " + _("Báo cáo nộp sau hạn nên được ghi nhận là nộp muộn.")
            messages.success(request, text)
            return redirect(report)
    return render(request, "reports/submit.html", {"report": report, "blockers": blockers})


@require_POST
def return_report(request: HttpRequest, pk: int):
    report = access.get_report(_user(request), pk, for_return=True)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            workflow.return_report(report, reason=form.cleaned_data["reason"], by=_user(request))
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã trả lại báo cáo cho đơn vị."))
        return redirect(report)
    context = _context(request, report, filling.load(report), return_form=form)
    return render(request, PAGE, context, status=400)


def version_page(request: HttpRequest, pk: int, number: int):
    version = access.get_version(_user(request), pk, number)
    context = {"version": version, "sections": filling.load_version(version)}
    return render(request, "reports/version.html", context)


@require_POST
def extend(request: HttpRequest, pk: int):
    """The province gives one unit more time, with a reason."""
    report = access.get_report(_user(request), pk, for_return=True)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            workflow.grant_extension(report, by=_user(request), **form.cleaned_data)
        except workflow.WorkflowError as error:
            form.add_error("until", str(error))
        else:
            messages.success(request, _("Đã gia hạn nộp báo cáo cho đơn vị."))
            return redirect(report)
    context = _context(request, report, filling.load(report), extension_form=form)
    return render(request, PAGE, context, status=400)


def version_pdf(request: HttpRequest, pk: int, number: int):
    """A submitted version as the unit's signed document (PDF)."""
    version = access.get_version(_user(request), pk, number)
    response = HttpResponse(pdf.version_pdf(version), content_type="application/pdf")
    name = f"bao-cao-{version.report.unit.code}-{version.report.period.kind}-{version.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _attachment_answer(
    request: HtmxHttpRequest, report: UnitReport, code: str, error: str = ""
) -> HttpResponse:
    """The section's documents again (htmx), or the page at the section; a refusal is said."""
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(f"{report.get_absolute_url()}#section-{code}")
    views = filling.load(report)
    view = next(v for v in views if v.section.code == code)
    context = _context(request, report, views) | {"view": view, "attach_error": error}
    return render(request, f"{PAGE}#attachments", context, status=400 if error else 200)


@require_POST
def attach(request: HtmxHttpRequest, pk: int, code: str):
    """A member of the unit attaches a document of its own library to one section."""
    user = _user(request)
    report = access.get_report(user, pk, for_write=True)
    evidence_pk = whole_number(request.POST.get("evidence"))
    if evidence_pk is None:
        return _attachment_answer(request, report, code, _("Hãy chọn một tài liệu trong thư viện."))
    evidence = get_evidence(user, evidence_pk, for_write=True)
    try:
        attaching.attach(report, code, evidence, by=user)
    except workflow.WorkflowError as error:
        return _attachment_answer(request, report, code, str(error))
    return _attachment_answer(request, report, code)


@require_POST
def detach(request: HtmxHttpRequest, pk: int, code: str, evidence_pk: int):
    """Take a document off a section; the library keeps it."""
    user = _user(request)
    report = access.get_report(user, pk, for_write=True)
    evidence = get_evidence(user, evidence_pk, for_write=True)
    try:
        attaching.detach(report, code, evidence, by=user)
    except workflow.WorkflowError as error:
        return _attachment_answer(request, report, code, str(error))
    return _attachment_answer(request, report, code)
