"""The appraiser's work: the worklist, a unit's sheet (the unit's answers beside the team's), saving
one item (htmx or plain POST), explanation requests; the lead's progress page and finalization."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from parindex.accounts.access import is_lead
from parindex.assessments import suggestions
from parindex.assessments.deadlines import today
from parindex.assessments.forms.scorecard import initial_inputs
from parindex.assessments.models import AssessmentPeriod, UnitAssessment
from parindex.assessments.saving import Conflict
from parindex.catalog.models import Field
from parindex.core import audit
from parindex.core.forms import ReasonForm
from parindex.core.http import HtmxHttpRequest, whole_number
from parindex.scoring import EntryError

from .. import access, appraising, workflow, worklist
from ..assignments import gaps
from ..forms.appraise import AppraisalForm, RequestForm
from ..models import Round


def _initial(item: appraising.SheetItem, round: int) -> dict:
    """The round's own values; else the round before; else the unit's (accepted as they are)."""
    own = item.final if round == Round.FINAL else item.first
    source = own or (item.first if round == Round.FINAL else None) or item.entry
    if source is None:
        return {"version": 0}
    values = initial_inputs(source) | {
        "not_applicable": source.not_applicable,
        "not_applicable_reason": source.not_applicable_reason,
        "version": own.version if own else 0,
    }
    if own:
        values["comment"] = own.comment
    return values


def _form(item: appraising.SheetItem, round: int, data=None) -> AppraisalForm:
    return AppraisalForm(
        item.node, data, initial=_initial(item, round), prefix=f"a{item.criterion_id}"
    )


@dataclass
class ItemView:
    """What the page shows of an item besides the sheet's: the round the reader may write now,
    whether they may ask for an explanation, and its form when open."""

    item: appraising.SheetItem
    round: int | None
    can_request: bool
    form: AppraisalForm | None = None
    # What the system suggests for the item (`suggest_from`), beside the unit's answer.
    suggestion: suggestions.Suggestion | None = None

    @property
    def can_accept(self) -> bool:
        """May take the unit's own answer as round 1 in one step (with others)."""
        item = self.item
        return (
            self.round == Round.FIRST
            and item.is_self_scored
            and item.first is None
            and item.entry is not None
            and item.entry.answered
        )


def _sheet(request: HttpRequest, assessment: UnitAssessment, fields: set[str]) -> appraising.Sheet:
    # The lead reads every field (unless they ask for theirs only); an appraiser only theirs.
    every_field = is_lead(request.user) and request.GET.get("all") != "0"
    return appraising.load(assessment, fields, every_field=every_field)


def _suggestions(sheet: appraising.Sheet) -> dict[str, suggestions.Suggestion | None]:
    """The suggestion of each source the sheet's criteria name, counted once per source: the
    figures cost queries, and most items have none."""
    assessment = sheet.assessment
    keys = {item.node.suggest_from for item in sheet.items if item.node.suggest_from}
    return {
        key: suggestions.for_item(key, assessment.unit, assessment.period.year, today())
        for key in keys
    }


def _views(sheet: appraising.Sheet, bound: dict | None = None) -> dict[int, ItemView]:
    """Each item's view, by criterion id; `bound`: criterion id → an open form."""
    refusals = workflow.refusals(sheet.assessment, sheet.status)
    bound = bound or {}
    suggested = _suggestions(sheet)
    return {
        item.criterion_id: ItemView(
            item,
            sheet.round_for(item, refusals),
            sheet.may_request(item, refusals),
            bound.get(item.criterion_id),
            suggested.get(item.node.suggest_from or ""),
        )
        for item in sheet.items
    }


def _context(
    request: HttpRequest, sheet: appraising.Sheet, fields: set[str], bound: dict | None = None
):
    views = _views(sheet, bound)
    acceptable = [view for view in views.values() if view.can_accept]
    return {
        "acceptable": acceptable,
        "acceptable_codes": [view.item.code for view in acceptable],
        "next_open": next((v.item for v in views.values() if v.round and not v.item.current), None),
        "sheet": sheet,
        "assessment": sheet.assessment,
        "status": sheet.status,
        "fields": fields,
        "areas": [
            (area, [views[item.criterion_id] for item in items]) for area, items in sheet.areas()
        ],
        "views": views,
        "refusals": workflow.refusals(sheet.assessment, sheet.status),
        "is_lead": is_lead(request.user),
        "request_form": RequestForm(),
    }


def sheet_page(request: HttpRequest, pk: int):
    """A unit's items to appraise; `?edit=<criterion id>` opens one item's form (without JS).
    A unit the user will appraise whose self-assessment is still open: when it opens."""
    try:
        assessment, fields = access.get_assessment_for_team(request.user, pk)
    except access.NotYetOpen as waiting:
        context = {"assessment": waiting.assessment, "until": waiting.until}
        return render(request, "appraisal/not_yet_open.html", context)
    sheet = _sheet(request, assessment, fields)
    bound = {}
    edit = whole_number(request.GET.get("edit"))
    if edit is not None:
        view = _view(sheet, edit)
        if view.round:
            bound[view.item.criterion_id] = _form(view.item, view.round)
    context = _context(request, sheet, fields, bound)
    context["field_names"] = (
        Field.objects.filter(code__in=fields).order_by("code").values_list("name", flat=True)
    )
    return render(request, "appraisal/sheet.html", context)


def _view(sheet: appraising.Sheet, criterion_pk: int, bound: dict | None = None) -> ItemView:
    view = _views(sheet, bound).get(criterion_pk)
    if view is None:  # not an item of the sheet
        raise Http404
    return view


def _item_response(
    request: HttpRequest, sheet, fields, criterion_pk, *, form=None, conflict=None, saved=False
):
    context = _context(request, sheet, fields, {criterion_pk: form} if form else {})
    context |= {"view": context["views"][criterion_pk], "conflict": conflict, "saved": saved}
    if saved:
        # The next item of the user's still to appraise, to go on from the keyboard.
        after = list(context["views"])
        after = after[after.index(criterion_pk) + 1 :]
        context["next_open"] = next(
            (
                context["views"][pk].item
                for pk in after
                if context["views"][pk].round and not context["views"][pk].item.current
            ),
            None,
        )
    return render(request, "appraisal/sheet.html#item", context)


def item_edit(request: HtmxHttpRequest, pk: int, criterion_pk: int):
    """One item with its form (htmx), or back to read-only with `?cancel=1`."""
    assessment, fields = access.get_assessment_for_team(request.user, pk)
    if not request.htmx:
        return redirect(f"{reverse('appraisal:sheet', args=[pk])}?edit={criterion_pk}")
    sheet = _sheet(request, assessment, fields)
    view = _view(sheet, criterion_pk)
    form = _form(view.item, view.round) if view.round and not request.GET.get("cancel") else None
    return _item_response(request, sheet, fields, criterion_pk, form=form)


@require_POST
def item_save(request: HtmxHttpRequest, pk: int, criterion_pk: int):
    assessment, fields = access.get_item_to_appraise(request.user, pk, criterion_pk)
    sheet = _sheet(request, assessment, fields)
    view = _view(sheet, criterion_pk)
    item, round = view.item, view.round or Round.FIRST
    form = _form(item, round, request.POST)
    conflict = None
    if form.is_valid():
        try:
            appraising.appraise_item(
                sheet.assessment,
                criterion_pk,
                round,
                form.cleaned_data,
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except appraising.CommentRequired as error:
            form.add_error("comment", str(error))
        except workflow.AppraisalError as error:
            form.add_error(None, str(error))
        except EntryError as error:
            form.add_error(None, error.message)
        except Conflict as clash:
            conflict = clash.entry
            form.refuse_stale(conflict)
        else:
            if not request.htmx:
                messages.success(
                    request, _("Đã lưu kết quả thẩm định %(code)s.") % {"code": item.code}
                )
                return redirect(f"{_sheet_url(sheet)}#item-{item.code}")
            sheet = _sheet(request, assessment, fields)
            return _item_response(request, sheet, fields, criterion_pk, saved=True)
    if request.htmx:
        return _item_response(request, sheet, fields, criterion_pk, form=form, conflict=conflict)
    messages.error(
        request, _("Chưa lưu tiêu chí %(code)s: xem lỗi bên dưới.") % {"code": item.code}
    )
    context = _context(request, sheet, fields, {criterion_pk: form}) | {"conflict": conflict}
    return render(request, "appraisal/sheet.html", context)


def _sheet_url(sheet: appraising.Sheet) -> str:
    return reverse("appraisal:sheet", args=[sheet.assessment.pk])


@require_POST
def accept_self_scores(request: HttpRequest, pk: int):
    """Round 1 of the chosen items (or of every remaining item of the user's fields) as the unit
    answered them; one audit entry per item."""
    assessment, fields = access.get_assessment_for_team(request.user, pk)
    chosen = [
        number
        for number in map(whole_number, request.POST.getlist("criterion"))
        if number is not None
    ]
    every = request.POST.get("every") == "1"
    if not chosen and not every:
        messages.error(request, _("Chọn tiêu chí để đồng ý điểm tự chấm."))
        return redirect("appraisal:sheet", pk=pk)
    try:
        done = appraising.accept_self_scores(
            assessment, fields, by=request.user, criterion_ids=None if every else chosen
        )
    except workflow.AppraisalError as error:
        messages.error(request, str(error))
        return redirect("appraisal:sheet", pk=pk)
    if done.saved:
        messages.success(
            request,
            ngettext(
                "Đã đồng ý điểm tự chấm của %(n)d tiêu chí: %(codes)s.",
                "Đã đồng ý điểm tự chấm của %(n)d tiêu chí: %(codes)s.",
                len(done.saved),
            )
            % {"n": len(done.saved), "codes": ", ".join(done.saved)},
        )
    if done.skipped:
        messages.info(
            request,
            _("Không thay đổi: %(items)s.")
            % {"items": "; ".join(f"{code} ({why})" for code, why in done.skipped)},
        )
    return redirect("appraisal:sheet", pk=pk)


@require_POST
def request_save(request: HttpRequest, pk: int, criterion_pk: int):
    assessment, fields = access.get_item_to_appraise(request.user, pk, criterion_pk)
    sheet = _sheet(request, assessment, fields)
    item = _view(sheet, criterion_pk).item
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng ghi nội dung yêu cầu giải trình."))
    else:
        try:
            appraising.request_explanation(
                sheet.assessment, criterion_pk, form.cleaned_data["question"], by=request.user
            )
        except workflow.AppraisalError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Đã yêu cầu đơn vị giải trình tiêu chí %(code)s.") % {"code": item.code}
            )
    return redirect(f"{_sheet_url(sheet)}#item-{item.code}")


@require_POST
def request_withdraw(request: HttpRequest, pk: int, criterion_pk: int):
    assessment, fields = access.get_item_to_appraise(request.user, pk, criterion_pk)
    sheet = _sheet(request, assessment, fields)
    item = _view(sheet, criterion_pk).item
    try:
        appraising.withdraw_request(
            sheet.assessment, criterion_pk, by=request.user, reason=request.POST.get("reason", "")
        )
    except workflow.AppraisalError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Đã rút yêu cầu giải trình tiêu chí %(code)s.") % {"code": item.code}
        )
    return redirect(f"{_sheet_url(sheet)}#item-{item.code}")


def item_history(request: HttpRequest, pk: int, criterion_pk: int):
    assessment, fields = access.get_assessment_for_team(request.user, pk)
    sheet = _sheet(request, assessment, fields)
    item = _view(sheet, criterion_pk).item
    rows = [row for row in (item.first, item.final) if row]
    entries = sorted(
        (entry for row in rows for entry in audit.history_of(row)),
        key=lambda entry: entry.at,
        reverse=True,
    )
    return render(
        request,
        "appraisal/item_history.html",
        {"sheet": sheet, "assessment": sheet.assessment, "item": item, "entries": entries},
    )


def worklist_page(request: HttpRequest):
    """Units × assigned fields of the periods where the user is on the team, with progress."""
    periods = access.get_team_periods(request.user)
    period = _chosen(periods, request.GET.get("period"))
    rows = worklist.rows(request.user, period) if period else []
    found = worklist.filtered(
        rows,
        level=request.GET.get("level", ""),
        state=request.GET.get("state", ""),
        query=request.GET.get("q", ""),
        submission=request.GET.get("submission", "submitted"),
    )
    context = {
        "periods": periods,
        "period": period,
        "rows": found,
        "levels": worklist.levels(rows),
        "filters": request.GET,
        "is_lead": is_lead(request.user),
    }
    return render(request, "appraisal/worklist.html", context)


def _chosen(periods: list[AssessmentPeriod], wanted: str | None) -> AssessmentPeriod | None:
    for period in periods:
        if str(period.pk) == wanted:
            return period
    return periods[0] if periods else None


def progress_page(request: HttpRequest, pk: int):
    """The lead's view of a period: per unit and field, the progress; finalize and reopen."""
    period = access.get_period_for_lead(request.user, pk)
    fields, rows = worklist.progress_table(period, with_figures=True)
    context = {
        "period": period,
        "rows": rows,
        "fields": fields,
        "gaps": gaps(period),
        "reason_form": ReasonForm(),
    }
    return render(request, "appraisal/progress.html", context)


@require_POST
def finalize(request: HttpRequest, pk: int):
    assessment = access.get_assessment_for_lead(request.user, pk)
    try:
        workflow.finalize(
            assessment, by=request.user, without_survey=request.POST.get("without_survey") == "1"
        )
    except workflow.AppraisalError as error:
        messages.error(request, f"{assessment.unit.name}: {error}")
    else:
        messages.success(
            request, _("Đã hoàn tất thẩm định: %(unit)s.") % {"unit": assessment.unit.name}
        )
    return redirect("appraisal:progress", pk=assessment.period_id)


@require_POST
def reopen(request: HttpRequest, pk: int):
    assessment = access.get_assessment_for_lead(request.user, pk)
    try:
        workflow.reopen_appraisal(
            assessment, by=request.user, reason=request.POST.get("reason", "")
        )
    except workflow.AppraisalError as error:
        messages.error(request, f"{assessment.unit.name}: {error}")
    else:
        messages.success(
            request, _("Đã mở lại kết quả thẩm định: %(unit)s.") % {"unit": assessment.unit.name}
        )
    return redirect("appraisal:progress", pk=assessment.period_id)
