"""A period's results for the admin and the appraisal lead (everyone else: 404), during the round:
the preview the engine computes from the current data, per level and per area, sortable by any
figure without JavaScript; the year's publications; and publishing a new version."""

import re
from collections.abc import Callable
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parindex.accounts.access import is_admin
from parindex.appraisal.access import get_period_for_lead
from parindex.assessments.models import AssessmentPeriod
from parindex.core.forms import DayField, StyledForm
from parindex.core.text import collation_key, nfc

from .. import publishing
from ..models import Publication
from ..reports import Decision

# Sortable columns: the key in ?sort=, the heading, the figure of a UnitRow.
COLUMNS: tuple[tuple[str, str, Callable[[publishing.UnitRow], object]], ...] = (
    ("rank", gettext_lazy("Hạng"), lambda row: row.rank),
    ("unit", gettext_lazy("Đơn vị"), lambda row: collation_key(row.unit.name)),
    ("self", gettext_lazy("Điểm tự chấm"), lambda row: row.self_result.total),
    ("appraised", gettext_lazy("Điểm thẩm định"), lambda row: row.appraised_points),
    ("survey", gettext_lazy("Điểm điều tra"), lambda row: row.survey_points),
    ("bonus", gettext_lazy("Điểm thưởng"), lambda row: row.final_result.bonus),
    ("penalty", gettext_lazy("Điểm trừ"), lambda row: row.final_result.penalty),
    ("total", gettext_lazy("Tổng điểm"), lambda row: row.final_result.total),
    ("max", gettext_lazy("Điểm tối đa"), lambda row: row.final_result.max),
    ("index", gettext_lazy("Chỉ số"), lambda row: row.index),
)
FIGURES = {key: figure for key, _label, figure in COLUMNS}
# A first click lists positions and names from the top, points from the highest.
ASCENDING_FIRST = {"rank", "unit"}


# "125/QĐ-UBND": the number, a slash, the sign of the kind of document and of its issuer.
DECISION_NUMBER = re.compile(r"[0-9]+/\S+")


class PublishForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do công bố lại"),
        help_text=gettext_lazy(
            "Bắt buộc khi năm này đã có phiên bản công bố, ví dụ: đính chính sai sót."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decision_number = forms.CharField(
        label=gettext_lazy("Số quyết định phê duyệt"),
        help_text=gettext_lazy(
            "Ví dụ: 125/QĐ-UBND. Để trống khi quyết định chưa ký: văn bản công bố để trống số "
            "và ngày để ghi tay."
        ),
        max_length=50,
        required=False,
    )
    decision_date = DayField(label=gettext_lazy("Ngày ký quyết định"), required=False)
    decision_by = forms.CharField(
        label=gettext_lazy("Thẩm quyền ban hành quyết định"),
        help_text=gettext_lazy("Ghi sau chữ “của” trong dòng “Kèm theo Quyết định số …”."),
        max_length=200,
        required=False,
    )
    decision_signer = forms.CharField(
        label=gettext_lazy("Người ký quyết định"), max_length=150, required=False
    )
    decision_signer_position = forms.CharField(
        label=gettext_lazy("Chức vụ người ký"),
        help_text=gettext_lazy("Ví dụ: Phó Chủ tịch UBND tỉnh."),
        max_length=150,
        required=False,
    )

    def __init__(self, data=None, *, republishing: bool):
        super().__init__(data, initial={"decision_by": settings.DOCUMENT_DECISION_BY})
        # publishing.publish refuses a new version without a reason; the form says so first.
        self.fields["reason"].required = republishing

    def clean_decision_number(self) -> str:
        number = " ".join(nfc(self.cleaned_data["decision_number"]).split())
        if number and not DECISION_NUMBER.fullmatch(number):
            raise forms.ValidationError(_("Ghi số quyết định theo dạng 125/QĐ-UBND."))
        return number

    def clean_decision_date(self):
        day = self.cleaned_data["decision_date"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Ngày ký quyết định không thể sau hôm nay."))
        return day

    def clean(self):
        data = super().clean()
        # publishing.publish refuses one without the other too.
        if data.get("decision_number") and not data.get("decision_date"):
            self.add_error("decision_date", _("Ghi ngày ký của quyết định."))
        elif data.get("decision_date") and not data.get("decision_number"):
            self.add_error("decision_number", _("Ghi số của quyết định."))
        return data

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            number=data["decision_number"],
            day=data["decision_date"],
            by=data["decision_by"],
            signer=data["decision_signer"],
            signer_position=data["decision_signer_position"],
        )


def _sorting(params) -> tuple[str, bool]:
    key = params.get("sort", "")
    if key not in FIGURES:
        return "rank", False
    return key, params.get("dir") == "desc"


def _sorted(rows: list[publishing.UnitRow], key: str, descending: bool):
    """Rows by one figure; rows without it (no index, so no rank) last either way, and ties in
    the engine's order (rank, then name)."""
    figure = FIGURES[key]
    known = [row for row in rows if figure(row) is not None]
    unknown = [row for row in rows if figure(row) is None]
    return sorted(known, key=figure, reverse=descending) + unknown


def _headings(key: str, descending: bool) -> list[dict]:
    headings = []
    for column, label, _figure in COLUMNS:
        active = column == key
        descending_next = not descending if active else column not in ASCENDING_FIRST
        query = urlencode({"sort": column, "dir": "desc" if descending_next else "asc"})
        headings.append(
            {
                "key": column,
                "label": label,
                "active": active,
                "query": query,
                "numeric": column != "unit",
            }
        )
    return headings


def _level(block: publishing.LevelBlock, key: str, descending: bool) -> dict:
    # Area 9 (bonus and penalty) has no max: its amounts are the bonus and penalty columns.
    areas = [area for area in block.rows[0].spec.nodes if area.max_points > 0]
    return {
        "level": block.level,
        "mean_index": block.mean_index,
        "areas": areas,
        "units": [
            {"row": row, "areas": [row.final_result.nodes[area.code] for area in areas]}
            for row in _sorted(block.rows, key, descending)
        ],
    }


def _page(request: HttpRequest, period: AssessmentPeriod, form: PublishForm | None = None):
    blocks = publishing.compute(period)
    publications = list(Publication.objects.filter(year=period.year).select_related("published_by"))
    key, descending = _sorting(request.GET)
    return render(
        request,
        "results/admin_preview.html",
        {
            "period": period,
            "levels": [_level(block, key, descending) for block in blocks],
            "headings": _headings(key, descending),
            "descending": descending,
            "publications": publications,
            "next_version": publications[0].version + 1 if publications else 1,
            "problems": publishing.problems(blocks),
            "form": form or PublishForm(republishing=bool(publications)),
            "can_publish": is_admin(request.user),
        },
    )


def preview(request: HttpRequest, period_pk: int):
    return _page(request, get_period_for_lead(request.user, period_pk))


@require_POST
def publish(request: HttpRequest, period_pk: int):
    """The admin publishes (the lead prepares and checks the results, DESIGN.md)."""
    if not is_admin(request.user):
        raise Http404
    period = get_period_for_lead(request.user, period_pk)
    form = PublishForm(
        request.POST, republishing=Publication.objects.filter(year=period.year).exists()
    )
    if form.is_valid():
        try:
            publication = publishing.publish(
                period,
                by=request.user,
                reason=form.cleaned_data["reason"],
                decision=form.decision(),
            )
        except publishing.PublishError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Đã công bố kết quả năm %(year)s, phiên bản %(version)s.")
                % {"year": publication.year, "version": publication.version},
            )
            return redirect("results:preview", period_pk=period.pk)
    return _page(request, period, form)


urlpatterns = [
    path("quan-tri/<int:period_pk>/", preview, name="preview"),
    path("quan-tri/<int:period_pk>/cong-bo/", publish, name="publish"),
]
