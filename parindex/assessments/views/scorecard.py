"""The unit's scorecard: view, save one item (htmx or plain POST), item history, submission.
htmx renders the page's partials (`scorecard.html#item`, …); every action has its plain twin."""

from functools import partial

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parindex.catalog.specs import load_spec
from parindex.core import audit, page_cache
from parindex.core.dates import moment_text
from parindex.core.http import HtmxHttpRequest, whole_number
from parindex.scoring import EntryError

from .. import access, scorecard, suggestions, workflow
from ..deadlines import today
from ..forms.scorecard import EntryForm, initial_inputs
from ..models import Entry
from ..saving import Conflict

PAGE = "assessments/scorecard.html"


def _initial(item: scorecard.Item) -> dict:
    entry = item.entry
    if entry is None:
        return {"version": 0}
    return initial_inputs(entry) | {
        "version": entry.version,
        "not_applicable": entry.not_applicable,
        "not_applicable_reason": entry.not_applicable_reason,
        "explanation": entry.explanation,
    }


def _form(item: scorecard.Item, data=None) -> EntryForm:
    return EntryForm(item.node, data, initial=_initial(item), prefix=f"c{item.criterion_id}")


def _page_context(request: HttpRequest, assessment, card, bound: dict | None = None) -> dict:
    """Everything the scorecard page shows. Items are shown read-only; only the items in
    `bound` (criterion id → form: one being edited, or a rejected save keeping what was typed)
    carry a form — rendering 60 forms on every visit made the page several times slower.

    Without `bound`, `card` may be lazy: the read-only tree is a cached fragment of the
    template and the scorecard is loaded only when that fragment is rendered."""
    can_change = access.can_edit_entries(request.user, assessment) and (
        workflow.can_change_entries(assessment)
    )
    can_submit = access.can_submit(request.user, assessment)
    bound = bound or {}
    if bound:
        for item in card.items:
            form = bound.get(item.criterion_id)
            # A save refused because the window closed meanwhile (the deadline passed while the
            # form was open) still shows what was typed, so that nothing typed is lost.
            kept = form is not None and form.is_bound
            item.form = form if can_change or kept else None
            if item.form is not None and "numerator" in item.form.fields:
                item.suggestion = suggestions.for_item(
                    item.node.suggest_from, assessment.unit, assessment.period.year, today()
                )
    return {
        "assessment": assessment,
        "card": card,
        "bound": bound,
        "can_change": can_change,
        "can_submit": can_submit,
        "can_withdraw": can_submit and workflow.can_withdraw(assessment),
        "is_open": workflow.is_open(assessment),
        "deadline": workflow.self_assessment_deadline(assessment),
        # The library feeds only the "link a document" choice of an item being edited.
        "library": card.library if bound else (),
        "closed_reason": workflow.change_refusal(assessment),
    }


def _page_key(context: dict) -> list:
    """What the read-only page shows besides the layout. The tree and the totals change only
    with the unit's activity (every save, upload, link or document change moves
    last_activity_at) and its criteria set; the rest is the context's own values. Submitting
    does not move last_activity_at: who submitted and when are in the key themselves (a
    withdrawal and a new submission leave the state as it was). The submitter by id: every
    request reads the key, and joining the user for a name that rarely changes cost a fifth
    of a cached page."""
    assessment = context["assessment"]
    return [
        "scorecard",
        assessment.pk,
        assessment.last_activity_at,
        assessment.criteria_set_id,
        assessment.state,
        assessment.submitted_at,
        assessment.submitted_by_id,
        assessment.unit.name,
        assessment.period.title,
        assessment.criteria_set.title,
        *(
            context[name]
            for name in (
                "can_change",
                "can_submit",
                "can_withdraw",
                "is_open",
                "deadline",
                "closed_reason",
            )
        ),
    ]


def scorecard_page(request: HttpRequest, pk: int):
    """The scorecard; `?edit=<criterion id>` opens that item's form (the way without JS)."""
    assessment = access.get_assessment(request.user, pk)
    edit = whole_number(request.GET.get("edit"))
    if edit is None:
        # Loaded only when the page is not in the cache.
        card = SimpleLazyObject(partial(scorecard.load, assessment))
        context = _page_context(request, assessment, card)
        return page_cache.serve(
            request,
            _page_key(context),
            lambda: TemplateResponse(request, PAGE, context),
            compress=True,
        )
    card = scorecard.load(assessment)
    item = _find(card, edit)
    bound = {item.criterion_id: _form(item)}
    return render(request, PAGE, _page_context(request, card.assessment, card, bound))


def _find(card: scorecard.Scorecard, criterion_pk: int) -> scorecard.Item:
    try:
        return card.item(criterion_pk)
    except StopIteration:
        raise Http404 from None


def entry_edit(request: HtmxHttpRequest, pk: int, criterion_pk: int):
    """One item with its form (htmx), or back to read-only with `?cancel=1`."""
    assessment = access.get_assessment(request.user, pk)
    if not request.htmx:
        return redirect(f"{assessment.get_absolute_url()}?edit={criterion_pk}")
    card = scorecard.load(assessment)
    item = _find(card, criterion_pk)
    bound = {} if request.GET.get("cancel") else {criterion_pk: _form(item)}
    context = _page_context(request, card.assessment, card, bound) | {"item": item}
    return render(request, f"{PAGE}#item", context)


def _item_response(
    request: HttpRequest,
    card,
    item,
    *,
    conflict: Entry | None = None,
    saved: bool = False,
    warning: str = "",
):
    bound = {item.criterion_id: item.form} if item.form else {}
    context = _page_context(request, card.assessment, card, bound)
    context |= {"item": item, "conflict": conflict, "saved": saved, "warning": warning}
    return render(request, f"{PAGE}#item_saved", context)


@require_POST
def entry_save(request: HtmxHttpRequest, pk: int, criterion_pk: int):
    assessment = access.get_assessment(request.user, pk, for_write=True)
    card = scorecard.load(assessment)
    item = _find(card, criterion_pk)
    form = _form(item, request.POST)
    conflict = None
    if form.is_valid():
        try:
            scorecard.save_entry(
                assessment,
                criterion_pk,
                form.cleaned_data,
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        except EntryError as error:
            form.add_error(None, error.message)
        except Conflict as clash:
            conflict = clash.entry
            form.refuse_stale(conflict)
        else:
            if not request.htmx:
                messages.success(request, _("Đã lưu tiêu chí %(code)s.") % {"code": item.code})
                if form.warning:
                    messages.warning(request, form.warning)
                return redirect(f"{assessment.get_absolute_url()}#item-{item.code}")
            card = scorecard.load(assessment)
            item = card.item(criterion_pk)
            item.form = None
            return _item_response(request, card, item, saved=True, warning=form.warning)
    item.form = form
    if request.htmx:
        return _item_response(request, card, item, conflict=conflict, warning=form.warning)
    context = _page_context(request, card.assessment, card, {criterion_pk: form})
    context |= {"focus": item.code, "warning": form.warning, "conflict": conflict}
    messages.error(
        request, _("Chưa lưu tiêu chí %(code)s: xem lỗi bên dưới.") % {"code": item.code}
    )
    return render(request, PAGE, context, status=200)


@require_POST
def entry_preview(request: HttpRequest, pk: int, criterion_pk: int):
    """The points the engine gives for what is typed, before saving (htmx, on change)."""
    assessment = access.get_assessment(request.user, pk, for_write=True)
    # Only the criteria set is read: a preview neither needs nor waits for the unit's entries.
    stored = load_spec(assessment.criteria_set)
    spec, leaf = stored.spec, stored.leaf(criterion_pk)
    if leaf is None:
        raise Http404
    form = EntryForm(leaf, request.POST, prefix=f"c{criterion_pk}")
    item = {"criterion_id": criterion_pk}
    if form.is_valid():
        item |= scorecard.preview(spec, leaf, form.entry)
    context = {"item": item, "typed": True, "warning": form.warning}
    return render(request, f"{PAGE}#points", context)


@require_GET
def contents(request, pk: int):
    """The contents' summary and list, out of band (htmx: asked for when an item's documents
    change, the event `evidence-changed`)."""
    assessment = access.get_assessment(request.user, pk)
    if not request.htmx:
        return redirect(f"{assessment.get_absolute_url()}#contents")
    context = {"assessment": assessment, "card": scorecard.load(assessment)}
    return render(request, f"{PAGE}#contents_oob", context)


@require_GET
def explanation_needed(request, pk: int, criterion_pk: int):
    """Whether the item still needs an explanation (htmx: asked for when its documents change)."""
    assessment = access.get_assessment(request.user, pk)
    card = scorecard.load(assessment)
    item = _find(card, criterion_pk)
    if not request.htmx:
        return redirect(f"{assessment.get_absolute_url()}#item-{item.code}")
    can_change = access.can_edit_entries(request.user, assessment) and (
        workflow.can_change_entries(assessment)
    )
    context = {"assessment": assessment, "item": item, "can_change": can_change}
    return render(request, f"{PAGE}#explanation_needed", context)


def entry_history(request: HttpRequest, pk: int, criterion_pk: int):
    assessment = access.get_assessment(request.user, pk)
    card = scorecard.load(assessment)
    item = _find(card, criterion_pk)
    entries = audit.history_of(item.entry) if item.entry else []
    return render(
        request,
        "assessments/entry_history.html",
        {"assessment": assessment, "item": item, "entries": entries},
    )


def _already_submitted(assessment) -> str:
    return _("Kết quả tự đánh giá đã được nộp lúc %(moment)s; không cần nộp lại.") % {
        "moment": moment_text(assessment.submitted_at)
    }


def submit(request: HttpRequest, pk: int):
    """The last check before submitting: the totals so far, the items that block, the items not
    entered (they count 0 points). Only the head submits; the unit's officers see the same
    check and are told so, rather than a bare 404."""
    assessment = access.get_assessment(request.user, pk, for_write=True)
    can_submit = access.can_submit(request.user, assessment)
    if request.method == "POST" and can_submit:
        try:
            workflow.submit(assessment, by=request.user)
        except workflow.WorkflowError as error:
            # A double click: the other POST submitted while this one waited for the lock.
            assessment.refresh_from_db(fields=["state", "submitted_at"])
            if assessment.is_submitted:
                messages.info(request, _already_submitted(assessment))
                return redirect(assessment)
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã nộp kết quả tự đánh giá."))
            return redirect(assessment)
    card = scorecard.load(assessment)
    return render(
        request,
        "assessments/submit.html",
        {
            "assessment": assessment,
            "card": card,
            "can_submit": can_submit,
            "blockers": workflow.blockers(assessment),
            "not_entered": card.not_entered,
            "deadline": workflow.self_assessment_deadline(assessment),
            "closed_reason": workflow.change_refusal(assessment),
        },
    )


@require_POST
def withdraw(request: HttpRequest, pk: int):
    assessment = access.get_assessment(request.user, pk, for_submit=True)
    try:
        workflow.withdraw(assessment, by=request.user, reason=request.POST.get("reason", ""))
    except workflow.WorkflowError as error:
        if not workflow.can_withdraw(assessment):
            messages.error(request, str(error))
            return redirect(assessment)
        # Only the reason was missing: the page again with the box open, the error by its field.
        context = _page_context(request, assessment, scorecard.load(assessment))
        context["withdraw_error"] = str(error)
        return render(request, PAGE, context)
    messages.success(request, _("Đã rút lại kết quả tự đánh giá để chỉnh sửa."))
    return redirect(assessment)


def mine(request: HttpRequest):
    """The user's unit's assessments, each with its own deadline (the period's, or the unit's
    reopening)."""
    assessments = access.get_own_assessments(request.user)
    rows = [(a, workflow.self_assessment_deadline(a)) for a in assessments]
    return render(request, "assessments/mine.html", {"rows": rows})
