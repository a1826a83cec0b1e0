"""Forms of the admin's period pages: the period itself, the unit filter, reopening a unit."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from parindex.catalog.models import CriteriaSet, Unit, UnitLevel
from parindex.catalog.years import Text
from parindex.core.forms import DayField, StyledForm

from .. import periods
from ..models import AssessmentPeriod


def date_field(label: str) -> DayField:
    return DayField(label=label, error_messages={"required": gettext_lazy("Vui lòng nhập ngày.")})


@dataclass
class UnitChoice:
    unit: Unit
    checked: bool
    locked: bool  # started: stays in the period
    active: bool  # active in the period's year


@dataclass
class LevelGroup:
    level: UnitLevel
    set_field: forms.BoundField
    units: list[UnitChoice]
    other_years: list[Text]  # of the chosen draft set, once the form is sent


class PeriodForm(StyledForm, forms.Form):
    """A period of `year`: title, deadlines, a criteria set (or none) per level, the units.

    For a new period every unit active in the year is checked; for an existing one its units are,
    and units that have started (and the sets of their levels) cannot be changed here.
    """

    title = forms.CharField(label=gettext_lazy("Tên kỳ đánh giá"), max_length=300)
    self_assessment_opens = date_field(gettext_lazy("Bắt đầu tự đánh giá"))
    self_assessment_closes = date_field(gettext_lazy("Hạn tự đánh giá"))
    appraisal_closes = date_field(gettext_lazy("Hạn thẩm định"))
    explanation_closes = date_field(gettext_lazy("Hạn giải trình"))
    final_appraisal_closes = date_field(gettext_lazy("Hạn thẩm định lần cuối"))
    other_years_checked = forms.BooleanField(
        label=gettext_lazy(
            "Tôi đã kiểm tra: vẫn đưa các bộ tiêu chí trên vào áp dụng (không sửa được nữa)"
        ),
        required=False,
    )

    def __init__(self, data=None, *, year: int, period: AssessmentPeriod | None = None):
        self.year = year
        self.period = period
        initial = {"title": _("Đánh giá Chỉ số CCHC năm %(year)d") % {"year": year}}
        current_sets: dict[int, CriteriaSet] = {}
        current_units: set[int] = set()
        self.locked: dict[int, int] = {}
        self.other_years: dict[int, list[Text]] = {}  # level id → texts of its draft set
        if period is not None:
            initial = {"title": period.title} | {n: getattr(period, n) for n in periods.DEADLINES}
            current_sets = {s.level_id: s for s in period.criteria_sets.all()}
            current_units = set(period.assessments.order_by().values_list("unit_id", flat=True))
            self.locked = periods.locked_units(period)
        super().__init__(data, initial=initial)
        self.levels = list(
            UnitLevel.objects.filter(is_active=True)
            | UnitLevel.objects.filter(pk__in=current_sets.keys())
        )
        candidates = list(
            CriteriaSet.objects.filter(year=year, level__in=self.levels).order_by(
                "level__order", "-version"
            )
        )
        self.candidate_count = len(candidates)
        units = Unit.objects.filter(level__in=self.levels).active_in(year) | Unit.objects.filter(
            pk__in=current_units
        )
        self.units = sorted(units.select_related("level"), key=Unit.sort_key)
        for level in self.levels:
            self._add_set_field(level, [s for s in candidates if s.level_id == level.pk])
            if level.pk in current_sets:
                self.initial[self.set_name(level)] = current_sets[level.pk].pk
            if level.pk in set(self.locked.values()):
                self.fields[self.set_name(level)].disabled = True
        self.fields["units"] = forms.ModelMultipleChoiceField(
            queryset=units.distinct(),
            required=False,
            error_messages={
                "invalid_choice": gettext_lazy(
                    "Đơn vị (mã số %(value)s) không thể tham gia kỳ đánh giá năm này."
                )
            },
        )
        self.initial["units"] = sorted(current_units) if period else [u.pk for u in self.units]

    def deadline_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in periods.DEADLINES]

    @staticmethod
    def set_name(level: UnitLevel) -> str:
        return f"set_{level.pk}"

    def _add_set_field(self, level: UnitLevel, sets: list[CriteriaSet]) -> None:
        field = forms.ModelChoiceField(
            label=level.name,
            # Any set is accepted here so that a wrong one gets a clear message in clean().
            queryset=CriteriaSet.objects.select_related("level"),
            required=False,
            empty_label=_("— Không tham gia —"),
            error_messages={"invalid_choice": gettext_lazy("Bộ tiêu chí đã chọn không tồn tại.")},
        )
        field.widget.attrs["class"] = "form-select"
        field.widget.choices = [
            ("", _("— Không tham gia —")),
            *((s.pk, f"{s} – {s.get_status_display()}") for s in sets),
        ]
        # The year's only set, or else its only set in use: choosing between several is the
        # admin's.
        in_use = [s for s in sets if s.is_frozen]
        only = sets if len(sets) == 1 else in_use if len(in_use) == 1 else []
        if only and self.period is None:
            self.initial[self.set_name(level)] = only[0].pk
        self.fields[self.set_name(level)] = field

    def level_groups(self) -> list[LevelGroup]:
        """Each level with its set field and its units, checked as typed (or as initially)."""
        chosen = {str(pk) for pk in (self["units"].value() or [])}
        groups = []
        for level in self.levels:
            choices = [
                UnitChoice(
                    unit,
                    checked=str(unit.pk) in chosen or unit.pk in self.locked,
                    locked=unit.pk in self.locked,
                    active=unit.is_active_in(self.year),
                )
                for unit in self.units
                if unit.level_id == level.pk
            ]
            groups.append(
                LevelGroup(
                    level,
                    self[self.set_name(level)],
                    choices,
                    self.other_years.get(level.pk, []),
                )
            )
        return groups

    def clean(self):
        data = super().clean()
        dates = {name: data.get(name) for name in periods.DEADLINES}
        for name, message in periods.deadline_problems(dates).items():
            self.add_error(name, message)
        sets = {}
        for level in self.levels:
            name = self.set_name(level)
            if data.get(name) is not None:
                sets[level.pk] = data[name]
                problems = periods.set_problems(data[name], level=level, year=self.year)
                for message in problems:
                    self.add_error(name, message)
                if not problems:
                    self._check_other_years(name, level, data[name])
        if not sets and not any(self.set_name(level) in self.errors for level in self.levels):
            self.add_error(None, _("Chọn bộ tiêu chí cho ít nhất một cấp đơn vị tham gia."))
        chosen = {unit.pk for unit in data.get("units") or []} | self.locked.keys()
        participants = [u for u in self.units if u.pk in chosen and u.level_id in sets]
        for level_id, criteria_set in sets.items():
            if not any(unit.level_id == level_id for unit in participants):
                self.add_error(
                    self.set_name(criteria_set.level),
                    _("Cấp “%(level)s” tham gia nhưng chưa chọn đơn vị nào.")
                    % {"level": criteria_set.level.name},
                )
        data["criteria_sets"] = list(sets.values())
        data["participants"] = participants
        return data

    def _check_other_years(self, name: str, level: UnitLevel, criteria_set: CriteriaSet) -> None:
        """A draft still naming another year is frozen as it is only once the admin says so."""
        texts = periods.other_years(criteria_set)
        if not texts:
            return
        self.other_years[level.pk] = texts
        if not self.cleaned_data.get("other_years_checked"):
            self.add_error(
                name,
                ngettext(
                    "Bộ tiêu chí “%(set)s” là bản nháp còn %(n)d đoạn văn ghi năm khác năm "
                    "%(year)d (xem bên dưới). Khi lưu kỳ đánh giá, bộ này được đưa vào áp dụng và "
                    "không sửa được nữa: hãy sửa bộ tiêu chí trước, hoặc đánh dấu ô xác nhận "
                    "cuối trang.",
                    "Bộ tiêu chí “%(set)s” là bản nháp còn %(n)d đoạn văn ghi năm khác năm "
                    "%(year)d (xem bên dưới). Khi lưu kỳ đánh giá, bộ này được đưa vào áp dụng và "
                    "không sửa được nữa: hãy sửa bộ tiêu chí trước, hoặc đánh dấu ô xác nhận "
                    "cuối trang.",
                    len(texts),
                )
                % {"set": criteria_set, "n": len(texts), "year": self.year},
            )

    def values(self) -> dict:
        """What `periods.create_period` / `update_period` take."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "dates": {name: data[name] for name in periods.DEADLINES},
            "criteria_sets": data["criteria_sets"],
            "units": data["participants"],
        }


class UnitFilterForm(StyledForm, forms.Form):
    """The period page's filters (GET); anything not understood shows every unit."""

    level = forms.ChoiceField(label=gettext_lazy("Cấp"), required=False)
    progress = forms.ChoiceField(
        label=gettext_lazy("Trạng thái"),
        required=False,
        choices=[("", gettext_lazy("Mọi trạng thái")), *periods.Progress.choices],
    )

    def __init__(self, data, *, levels: list[UnitLevel]):
        super().__init__(data)
        self.fields["level"].choices = [("", _("Mọi cấp")), *((lv.code, lv.name) for lv in levels)]

    def filters(self) -> dict:
        self.is_valid()  # a value not understood is left out, the other filter still applies
        return {name: self.cleaned_data.get(name, "") for name in ("level", "progress")}


class ReopenForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do mở lại"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Vui lòng ghi lý do mở lại.")},
    )
    until = date_field(gettext_lazy("Cho phép tự đánh giá đến hết ngày"))


class StartAppraisalForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do kết thúc tự đánh giá"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Vui lòng ghi lý do kết thúc sớm tự đánh giá.")},
    )
