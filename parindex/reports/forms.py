"""Forms of the reports: importing a template, a period, a section of a unit's report, a return."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.catalog.models import Unit
from parindex.core.forms import DayField, StyledForm

from .models import PeriodKind, ReportTemplate
from .spec import IndicatorType, Section
from .values import NO, YES


class TemplateImportForm(StyledForm, forms.Form):
    file = forms.FileField(
        label=_("Tệp mẫu báo cáo (YAML)"),
        help_text=_(
            "Định dạng parindex.report-template/1, xem hướng dẫn trong docs/report-templates.md."
        ),
    )


class CloneForm(StyledForm, forms.Form):
    year = forms.IntegerField(label=_("Năm của bản sao"), min_value=2000, max_value=2100)


class PeriodForm(StyledForm, forms.Form):
    """A new period. Dates left empty take the Ministry's defaults for the kind and year."""

    template = forms.ModelChoiceField(label=_("Mẫu báo cáo"), queryset=ReportTemplate.objects.all())
    kind = forms.ChoiceField(label=_("Loại kỳ"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên kỳ báo cáo"), max_length=300, required=False)
    window_starts = DayField(label=_("Số liệu từ ngày"), required=False)
    window_ends = DayField(label=_("Số liệu đến ngày"), required=False)
    deadline = DayField(label=_("Hạn nộp của đơn vị"), required=False)
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị báo cáo"),
        queryset=Unit.objects.select_related("level").order_by("level__order", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Để trống: mọi đơn vị thuộc các cấp của mẫu báo cáo."),
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("window_starts"), data.get("window_ends")
        if bool(starts) != bool(ends):
            self.add_error(
                "window_ends", _("Nhập cả ngày bắt đầu và ngày kết thúc, hoặc để trống cả hai.")
            )
        elif starts and ends and starts > ends:
            self.add_error("window_ends", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class SectionForm(StyledForm, forms.Form):
    """One section of a report: the narrative and every indicator's inputs, all as text, so that a
    value its indicator refuses is still kept (workflow.save_section says what is wrong)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    narrative = forms.CharField(
        label=_("Kết quả thực hiện và nhiệm vụ kỳ tới"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=50000,
    )

    def __init__(self, section: Section, *args, **kwargs):
        self.section = section
        super().__init__(*args, **kwargs)
        self.fields["narrative"].help_text = section.prompt
        for indicator in section.indicators:
            for key in indicator.input_keys():
                self.fields[key] = self._field(indicator.type)
        self.style(self.fields.values())

    @staticmethod
    def _field(kind: IndicatorType) -> forms.Field:
        if kind == IndicatorType.YES_NO:
            choices = [("", "—"), (YES, _("Có")), (NO, _("Không"))]
            return forms.ChoiceField(choices=choices, required=False)
        if kind == IndicatorType.TEXT:
            return forms.CharField(
                required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
            )
        attrs = (
            {"placeholder": "dd/mm/yyyy"}
            if kind == IndicatorType.DATE
            else {"inputmode": "decimal"}
        )
        return forms.CharField(required=False, max_length=100, widget=forms.TextInput(attrs=attrs))

    def typed(self) -> dict[str, str]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("version", "narrative")
        }


class ReturnForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Vui lòng ghi lý do trả lại.")},
    )


class ExtensionForm(StyledForm, forms.Form):
    until = DayField(label=_("Gia hạn đến hết ngày"))
    reason = forms.CharField(
        label=_("Lý do gia hạn"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Vui lòng ghi lý do gia hạn.")},
    )
