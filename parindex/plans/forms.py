"""The plans' forms: a plan, a task, issuing, a progress update, the year's settings and the
dashboard's filters. Dates are typed dd/mm/yyyy, amounts as the province writes them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.assessments import files
from parindex.assessments.models import Evidence
from parindex.catalog.models import Field, Unit
from parindex.core.forms import DayField, NumberField, StyledForm

from .models import Amendment, Plan, ProgressUpdate
from .progress import STATUS_ORDER
from .tracking import Filters


def _checked(upload) -> files.CheckedFile | None:
    """An uploaded document accepted as the evidence library accepts its files, or None."""
    if not upload:
        return None
    try:
        return files.check_upload(upload)
    except files.EvidenceError as error:
        raise forms.ValidationError(str(error)) from None


class PlanForm(StyledForm, forms.Form):
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=500)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    scope = forms.ChoiceField(label=_("Phạm vi"), choices=Plan.Scope.choices)
    document_kind = forms.ChoiceField(label=_("Loại văn bản"), choices=Plan.DocumentKind.choices)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Kế hoạch của tỉnh —"),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units


class TaskForm(StyledForm, forms.Form):
    code = forms.CharField(label=_("Số thứ tự"), max_length=32)
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), required=False
    )
    content = forms.CharField(
        label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 2})
    )
    product = forms.CharField(label=_("Sản phẩm"), max_length=500, required=False)
    lead_unit = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì"), queryset=Unit.objects.all(), required=False
    )
    responsible_office = forms.CharField(label=_("Bộ phận chủ trì"), max_length=300, required=False)
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Cơ quan phối hợp"), queryset=Unit.objects.all(), required=False
    )
    due_on = DayField(label=_("Hạn hoàn thành"), required=False)
    due_label = forms.CharField(
        label=_("hoặc kỳ hoàn thành"),
        max_length=100,
        required=False,
        help_text=_("Ví dụ: Quý II, Tháng 9, 6 tháng đầu năm, Thường xuyên (hết ngày cuối kỳ)."),
    )
    budget = NumberField(label=_("Kinh phí (đồng)"), whole=True, required=False)
    funding_source = forms.CharField(label=_("Nguồn kinh phí"), max_length=300, required=False)
    counts = forms.BooleanField(label=_("Tính vào tỷ lệ hoàn thành"), required=False, initial=True)
    weight = NumberField(label=_("Trọng số"), required=False, initial=1)

    def __init__(self, *args, province: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # A province task is led by a unit; a unit's task by the unit (or another it names, as
        # its annex may) and one of its offices, with coordinating units as the province's.
        if province:
            del self.fields["responsible_office"]


def task_values(form: TaskForm) -> dict:
    """A valid task form's values as the planning functions take them."""
    values = dict(form.cleaned_data)
    values.pop("decision", None)
    values.pop("reason", None)
    values["coordinating"] = values.pop("coordinating_units", [])
    if values["weight"] is None:
        values["weight"] = 1
    return values


class IssueForm(StyledForm, forms.Form):
    reference_number = forms.CharField(label=_("Số, ký hiệu"), max_length=100)
    issued_on = DayField(label=_("Ngày ban hành"))
    signer = forms.CharField(label=_("Người ký"), max_length=200)
    document = forms.FileField(
        label=_("Văn bản ban hành (tệp đã ký)"),
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": files.ACCEPT}),
    )

    def clean_document(self) -> files.CheckedFile | None:
        return _checked(self.cleaned_data.get("document"))


class ProgressForm(StyledForm, forms.Form):
    on = DayField(label=_("Ngày báo cáo"))
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ProgressUpdate.Status.choices)
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100, initial=0)
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    evidence = forms.ModelMultipleChoiceField(
        label=_("Tài liệu trong thư viện"), queryset=Evidence.objects.none(), required=False
    )
    file = forms.FileField(
        label=_("hoặc tải lên tài liệu sản phẩm"),
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": files.ACCEPT}),
    )

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = library

    def clean_file(self) -> files.CheckedFile | None:
        return _checked(self.cleaned_data.get("file"))


class YearForm(StyledForm, forms.Form):
    unit_deadline = DayField(label=_("Hạn ban hành kế hoạch của đơn vị"), required=False)
    is_public = forms.BooleanField(
        label=_("Công khai tiến độ trên trang công khai"), required=False
    )


class FilterForm(StyledForm, forms.Form):
    level = forms.ChoiceField(label=_("Cấp"), required=False)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), required=False)
    unit = forms.CharField(label=_("Đơn vị"), required=False, max_length=100)

    def __init__(self, *args, levels, fields, status_labels, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tất cả"))]
        self.fields["level"].choices = everything + [(lv.code, lv.name) for lv in levels]
        self.fields["field"].choices = everything + [(f.code, f.name) for f in fields]
        self.fields["status"].choices = everything + [
            (s.value, status_labels[s]) for s in STATUS_ORDER
        ]

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        return Filters(**{name: self.cleaned_data[name] or "" for name in self.fields})


class AmendForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(
        label=_("Điều chỉnh"),
        choices=[(k, label) for k, label in Amendment.Kind.choices if k != Amendment.Kind.ADD],
    )
    decision = forms.CharField(label=_("Văn bản quyết định điều chỉnh"), max_length=300)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = DayField(label=_("Hạn mới"), required=False)
    lead_unit = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì mới"), queryset=Unit.objects.all(), required=False
    )


class AddTaskForm(TaskForm):
    """A task added to an issued plan: an amendment, with its deciding document and reason."""

    decision = forms.CharField(label=_("Văn bản quyết định bổ sung"), max_length=300)
    reason = forms.CharField(label=_("Lý do bổ sung"), widget=forms.Textarea(attrs={"rows": 2}))
