"""The unit's scorecard: view, save one item (htmx or plain POST), item history, submission."""

from decimal import Decimal
from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.catalog.interchange import load_criteria_set_with_ids
from parindex.catalog.interchange.store import number_text
from parindex.core import audit, page_cache
from parindex.scoring import EntryError

from .. import access, scorecard, workflow
from ..forms import EntryForm
from ..models import Entry

INPUT_NAMES = ("level", "numerator", "denominator", "count", "points")


def _initial(item: scorecard.Item) -> dict:
    entry = item.entry
    if entry is None:
        return {"version": 0}
    values = {name: getattr(entry, name) for name in INPUT_NAMES}
    # Stored as 9.0000; shown as typed: 9, 0,75.
    values |= {
        name: Decimal(number_text(value))
        for name, value in values.items()
        if isinstance(value, Decimal)
    }
    return values | {
        "version": entry.version,
        "not_applicable": entry.not_applicable,
        "not_applicable_reason": entry.not_applicable_reason,
        "explanation": entry.explanation,
    }


def _form(item: scorecard.Item, data=None) -> EntryForm:
    return EntryForm(item.node, data, initial=_initial(item), prefix=f"c{item.criterion_id}")


def _page_context(request, assessment, card, bound: dict | None = None) -> dict:
    """Everything the scorecard page shows. Items are shown read-only; only the items in
    `bound` (criterion id → form: one being edited, or a rejected save keeping what was typed)
    carry a form — rendering 60 forms on every visit made the page several times slower.

    Without `bound`, `card` may be lazy: the read-only tree is a cached fragment of the
    template and the scorecard is loaded only when that fragment is rendered."""
    can_change = access.can_edit_entries(request.user, assessment) and (
        workflow.can_change_entries(assessment)
    )
    bound = bound or {}
    if bound:
        for item in card.items:
            item.form = bound.get(item.criterion_id) if can_change else None
    return {
        "assessment": assessment,
        "card": card,
        "bound": bound,
        "can_change": can_change,
        "can_submit": access.can_submit(request.user, assessment),
        "is_open": workflow.is_open(assessment),
        "deadline": workflow.self_assessment_deadline(assessment),
        # The library feeds only the "link a document" choice of an item being edited.
        "library": card.library if bound else (),
        "closed_reason": _closed_reason(assessment),
    }


def _page_key(context: dict) -> list:
    """What the read-only page shows besides the layout. The tree and the totals change only
    with the unit's activity (every save, upload, link or document change moves
    last_activity_at) and its criteria set; the rest is the context's own values."""
    assessment = context["assessment"]
    return [
        "scorecard",
        assessment.pk,
        assessment.last_activity_at,
        assessment.criteria_set_id,
        assessment.state,
        assessment.unit.name,
        assessment.period.title,
        assessment.criteria_set.title,
        *(
            context[name]
            for name in ("can_change", "can_submit", "is_open", "deadline", "closed_reason")
        ),
    ]


def _closed_reason(assessment) -> str:
    try:
        workflow.check_can_change(assessment)
    except workflow.WorkflowError as error:
        return str(error)
    return ""


def scorecard_page(request, pk: int):
    """The scorecard; `?edit=<criterion id>` opens that item's form (the way without JS)."""
    assessment = access.get_assessment(request.user, pk)
    if not request.GET.get("edit", "").isdigit():
        # Loaded only when the page is not in the cache.
        card = SimpleLazyObject(partial(scorecard.load, assessment))
        context = _page_context(request, assessment, card)
        return page_cache.serve(
            request,
            _page_key(context),
            lambda: TemplateResponse(request, "assessments/scorecard.html", context),
        )
    card = scorecard.load(assessment)
    item = _find(card, int(request.GET["edit"]))
    bound = {item.criterion_id: _form(item)}
    return render(
        request, "assessments/scorecard.html", _page_context(request, card.assessment, card, bound)
    )


def _find(card: scorecard.Scorecard, criterion_pk: int) -> scorecard.Item:
    try:
        return card.item(criterion_pk)
    except StopIteration:
        raise Http404 from None


def entry_edit(request, pk: int, criterion_pk: int):
    """One item with its form (htmx), or back to read-only with `?cancel=1`."""
    assessment = access.get_assessment(request.user, pk)
    if not request.htmx:
        return redirect(f"{assessment.get_absolute_url()}?edit={criterion_pk}")
    card = scorecard.load(assessment)
    item = _find(card, criterion_pk)
    bound = {} if request.GET.get("cancel") else {criterion_pk: _form(item)}
    context = _page_context(request, card.assessment, card, bound) | {"item": item}
    return render(request, "assessments/_item.html", context)


def _item_response(request, card, item, *, conflict: Entry | None = None, saved: bool = False):
    bound = {item.criterion_id: item.form} if item.form else {}
    context = _page_context(request, card.assessment, card, bound)
    context |= {"item": item, "conflict": conflict, "saved": saved}
    return render(request, "assessments/_item_saved.html", context)


@require_POST
def entry_save(request, pk: int, criterion_pk: int):
    assessment = access.get_assessment(request.user, pk)
    if not access.can_edit_entries(request.user, assessment):
        raise Http404
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
        except scorecard.Conflict as clash:
            conflict = clash.entry
            form.refuse_stale(conflict)
        else:
            if not request.htmx:
                messages.success(request, _("Đã lưu tiêu chí %(code)s.") % {"code": item.code})
                return redirect(f"{assessment.get_absolute_url()}#item-{item.code}")
            card = scorecard.load(assessment)
            item = card.item(criterion_pk)
            item.form = None
            return _item_response(request, card, item, saved=True)
    item.form = form
    if request.htmx:
        return _item_response(request, card, item, conflict=conflict)
    context = _page_context(request, card.assessment, card, {criterion_pk: form})
    context["focus"] = item.code
    messages.error(
        request, _("Chưa lưu tiêu chí %(code)s: xem lỗi bên dưới.") % {"code": item.code}
    )
    return render(request, "assessments/scorecard.html", context, status=200)


@require_POST
def entry_preview(request, pk: int, criterion_pk: int):
    """The points the engine gives for what is typed, before saving (htmx, on change)."""
    assessment = access.get_assessment(request.user, pk)
    if not access.can_edit_entries(request.user, assessment):
        raise Http404
    # Only the criteria set is read: a preview neither needs nor waits for the unit's entries.
    spec, ids = load_criteria_set_with_ids(assessment.criteria_set)
    code = next((code for code, node_id in ids.items() if node_id == criterion_pk), None)
    leaf = next((leaf for leaf in spec.leaves() if leaf.code == code), None)
    if leaf is None:
        raise Http404
    form = EntryForm(leaf, request.POST, prefix=f"c{criterion_pk}")
    points = None
    if form.is_valid():
        points = scorecard.points_preview(leaf, form.cleaned_data, spec.not_applicable)
    context = {"item": {"criterion_id": criterion_pk}, "preview": points, "typed": True}
    return render(request, "assessments/_points.html", context)


def entry_history(request, pk: int, criterion_pk: int):
    assessment = access.get_assessment(request.user, pk)
    card = scorecard.load(assessment)
    item = _find(card, criterion_pk)
    entries = audit.history_of(item.entry) if item.entry else []
    return render(
        request,
        "assessments/entry_history.html",
        {"assessment": assessment, "item": item, "entries": entries},
    )


def submit(request, pk: int):
    assessment = access.get_assessment(request.user, pk)
    if not access.can_submit(request.user, assessment):
        raise Http404
    if request.method == "POST":
        try:
            workflow.submit(assessment, by=request.user)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã nộp kết quả tự đánh giá."))
            return redirect(assessment)
    return render(
        request,
        "assessments/submit.html",
        {
            "assessment": assessment,
            "blockers": workflow.blockers(assessment),
            "closed_reason": _closed_reason(assessment),
        },
    )


@require_POST
def withdraw(request, pk: int):
    assessment = access.get_assessment(request.user, pk)
    if not access.can_submit(request.user, assessment):
        raise Http404
    try:
        workflow.withdraw(assessment, by=request.user, reason=request.POST.get("reason", ""))
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã rút lại kết quả tự đánh giá để chỉnh sửa."))
    return redirect(assessment)


def mine(request):
    """The user's unit's assessments; straight to the scorecard when there is only one open."""
    assessments = list(access.own_assessments(request.user).select_related("criteria_set"))
    if not assessments and not access.is_unit_member(request.user, request.user.unit_id):
        raise Http404
    return render(request, "assessments/mine.html", {"assessments": assessments})


urlpatterns = [
    path("mine/", mine, name="mine"),
    path("<int:pk>/", scorecard_page, name="scorecard"),
    path("<int:pk>/items/<int:criterion_pk>/", entry_save, name="entry_save"),
    path("<int:pk>/items/<int:criterion_pk>/edit/", entry_edit, name="entry_edit"),
    path("<int:pk>/items/<int:criterion_pk>/preview/", entry_preview, name="entry_preview"),
    path("<int:pk>/items/<int:criterion_pk>/history/", entry_history, name="entry_history"),
    path("<int:pk>/submit/", submit, name="submit"),
    path("<int:pk>/withdraw/", withdraw, name="withdraw"),
]
