from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.core.forms import NumberField, StyledForm
from parindex.core.numbers import NumberError, parse_number

from .models import CriteriaSet, Criterion, Field, Unit, UnitLevel
from .rules_text import RULE_KIND_LABELS, rule_from_form, rule_to_form


class UnitLevelForm(StyledForm, forms.ModelForm):
    class Meta:
        model = UnitLevel
        fields = ["code", "name", "ranking_group", "order", "is_active"]
        error_messages = {"code": {"unique": gettext_lazy("Mã này đã được dùng cho một cấp khác.")}}


class FieldForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Field
        fields = ["code", "name", "order"]
        error_messages = {
            "code": {"unique": gettext_lazy("Mã này đã được dùng cho một lĩnh vực khác.")}
        }

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()


class UnitForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "code",
            "level",
            "kind",
            "parent",
            "admin_code",
            "active_from_year",
            "active_to_year",
            "predecessors",
            "lineage_note",
        ]
        widgets = {
            "predecessors": forms.SelectMultiple(attrs={"size": 8}),
            "lineage_note": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "code": {"unique": gettext_lazy("Mã này đã được dùng cho một đơn vị khác.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Unit.objects.select_related("level")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = others
        self.fields["predecessors"].queryset = others
        # Offered in the province's order (the querysets still check what is sent).
        choices = [(unit.pk, str(unit)) for unit in sorted(others, key=Unit.sort_key)]
        self.fields["parent"].widget.choices = [("", self.fields["parent"].empty_label), *choices]
        self.fields["predecessors"].widget.choices = choices

    def clean(self):
        data = super().clean()
        start, end = data.get("active_from_year"), data.get("active_to_year")
        if start and end and end < start:
            self.add_error("active_to_year", _("Năm kết thúc không được nhỏ hơn năm bắt đầu."))
        return data


def parse_classification(text: str) -> list[dict]:
    """ "Tốt: 90" lines -> [{"label": "Tốt", "min": "90"}]; the engine validates the order."""
    bands = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, sep, minimum = line.rpartition(":")
        try:
            value = parse_number(minimum)
        except NumberError:
            value = None
        if not sep or not label.strip() or value is None:
            raise forms.ValidationError(
                _("Dòng %(n)d: cần dạng “Xếp loại: chỉ số tối thiểu”, ví dụ “Tốt: 90”.")
                % {"n": number}
            )
        bands.append({"label": label.strip(), "min": str(value)})
    return bands


class CriteriaSetForm(StyledForm, forms.ModelForm):
    classification_text = forms.CharField(
        label=gettext_lazy("Xếp loại (mỗi dòng: tên xếp loại: chỉ số tối thiểu %)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Từ cao xuống thấp; dòng cuối có mức 0. Ví dụ: Tốt: 90"),
    )

    class Meta:
        model = CriteriaSet
        fields = ["title", "legal_basis", "illustrative", "max_points", "not_applicable"]
        field_classes = {"max_points": NumberField}
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bands = self.instance.classification or []
        self.fields["classification_text"].initial = "\n".join(
            f"{band['label']}: {band['min']}" for band in bands
        )

    def clean_classification_text(self) -> list[dict]:
        return parse_classification(self.cleaned_data["classification_text"])

    def save(self, commit: bool = True) -> CriteriaSet:
        self.instance.classification = self.cleaned_data["classification_text"]
        return super().save(commit)


class CriterionForm(StyledForm, forms.ModelForm):
    """A node of the tree. A leaf has a rule; its parameters are typed as readable text."""

    rule_kind = forms.ChoiceField(
        label=gettext_lazy("Cách chấm"),
        choices=[("", gettext_lazy("— Không chấm (nhóm tiêu chí) —")), *RULE_KIND_LABELS.items()],
        required=False,
    )
    rule_levels = forms.CharField(
        label=gettext_lazy("Các mức (mỗi dòng: mô tả = điểm)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    rule_bands = forms.CharField(
        label=gettext_lazy(
            "Các ngưỡng tỷ lệ (mỗi dòng: tỷ lệ % tối thiểu = điểm, từ cao xuống thấp)"
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    rule_numerator = forms.CharField(label=gettext_lazy("Tử số (mô tả)"), required=False)
    rule_denominator = forms.CharField(label=gettext_lazy("Mẫu số (mô tả)"), required=False)
    rule_zero_denominator = forms.ChoiceField(
        label=gettext_lazy("Khi mẫu số bằng 0"),
        required=False,
        choices=[
            ("", gettext_lazy("Báo lỗi nhập liệu")),
            ("full_points", gettext_lazy("Tính đủ điểm")),
            ("not_applicable", gettext_lazy("Coi như không áp dụng")),
        ],
    )
    rule_per_item = NumberField(label=gettext_lazy("Điểm trừ mỗi trường hợp"), required=False)
    rule_item_label = forms.CharField(label=gettext_lazy("Mô tả trường hợp bị trừ"), required=False)
    rule_step = NumberField(label=gettext_lazy("Bước điểm"), required=False)
    rule_cap = NumberField(
        label=gettext_lazy("Mức tối đa (điểm thưởng / điểm trừ)"), required=False
    )

    class Meta:
        model = Criterion
        fields = [
            "code",
            "title",
            "field",
            "max_points",
            "method",
            "evidence",
            "evidence_hint",
            "guidance",
            "not_applicable_allowed",
            "suggest_from",
        ]
        field_classes = {"max_points": NumberField}
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "evidence_hint": forms.Textarea(attrs={"rows": 2}),
            "guidance": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.rule:
            for name, value in rule_to_form(self.instance.rule).items():
                self.fields[f"rule_{name}"].initial = value

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()

    def clean(self):
        data = super().clean()
        kind = data.get("rule_kind")
        if not kind or "max_points" not in data:
            data["rule"] = None
            return data
        params = {
            name.removeprefix("rule_"): value
            for name, value in data.items()
            if name.startswith("rule_") and name != "rule_kind"
        }
        rule, problems = rule_from_form(
            kind, params, code=data.get("code", ""), max_points=data["max_points"]
        )
        for problem in problems:
            self.add_error(None, problem.message)
        data["rule"] = rule
        if not data.get("method"):
            self.add_error("method", _("Tiêu chí được chấm điểm phải có phương thức chấm."))
        return data

    def save(self, commit: bool = True) -> Criterion:
        self.instance.rule = self.cleaned_data["rule"]
        if self.instance.rule is None:
            self.instance.method = ""
            self.instance.evidence = ""
        return super().save(commit)


class CriteriaUploadForm(StyledForm, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp bộ tiêu chí (.yaml hoặc .xlsx)"),
        help_text=gettext_lazy(
            "Định dạng parindex.criteria/1 (YAML) hoặc mẫu Excel tải về từ trang này."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.CRITERIA_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)d MB).")
                % {"mb": settings.CRITERIA_UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class CloneForm(StyledForm, forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Năm áp dụng của bộ mới"), min_value=2000, max_value=2100
    )


class DiffForm(StyledForm, forms.Form):
    old = forms.ModelChoiceField(
        label=gettext_lazy("Bộ tiêu chí gốc"), queryset=CriteriaSet.objects.none()
    )
    new = forms.ModelChoiceField(
        label=gettext_lazy("Bộ tiêu chí so sánh"), queryset=CriteriaSet.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sets = CriteriaSet.objects.select_related("level")
        self.fields["old"].queryset = sets
        self.fields["new"].queryset = sets
