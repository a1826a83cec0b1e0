from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.core.forms import StyledForm
from parindex.core.numbers import format_exact
from parindex.scoring import EntryError, Node

from .scorecard import check_entry


class EntryForm(StyledForm, forms.Form):
    """One leaf's answer: only the inputs its rule asks for; the points come from the engine."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    not_applicable = forms.BooleanField(label=_("Không áp dụng đối với đơn vị"), required=False)
    not_applicable_reason = forms.CharField(
        label=_("Lý do không áp dụng"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    explanation = forms.CharField(
        label=_("Giải trình"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi có điểm mà thiếu tài liệu kiểm chứng bắt buộc."),
    )

    # How the inputs are read and checked: the unit's reading refuses leaves it does not score.
    read = staticmethod(check_entry)

    def __init__(self, leaf: Node, *args, **kwargs):
        self.leaf = leaf
        super().__init__(*args, **kwargs)
        rule = leaf.rule
        inputs = self._inputs(rule)
        # Inputs first, then N/A and the explanation, whatever order the class declares.
        self.style(inputs.values())
        self.fields = {**inputs, **self.fields}
        if not leaf.not_applicable_allowed:
            del self.fields["not_applicable"]
            del self.fields["not_applicable_reason"]

    def _inputs(self, rule) -> dict:
        number = {"required": False, "min_value": 0, "localize": True}
        if rule.kind == "levels":
            choices = [
                (
                    level.label,
                    _("%(label)s (%(points)s điểm)")
                    % {"label": level.label, "points": format_exact(level.points)},
                )
                for level in rule.levels
            ]
            return {
                "level": forms.ChoiceField(
                    label=_("Mức đạt được"),
                    choices=[*choices, ("", _("Chưa chọn mức"))],
                    required=False,
                    widget=forms.RadioSelect,
                )
            }
        if rule.kind in ("ratio_bands", "ratio_proportional"):
            return {
                "numerator": forms.DecimalField(label=rule.numerator or _("Tử số"), **number),
                "denominator": forms.DecimalField(label=rule.denominator or _("Mẫu số"), **number),
            }
        if rule.kind == "deduction":
            return {
                "count": forms.IntegerField(
                    label=rule.item_label or _("Số trường hợp"), required=False, min_value=0
                )
            }
        limit = rule.cap if rule.kind in ("bonus", "penalty") else self.leaf.max_points
        return {
            "points": forms.DecimalField(
                label=_("Điểm (tối đa %(max)s, bước %(step)s)")
                % {"max": format_exact(limit), "step": format_exact(rule.effective_step)},
                **number,
            )
        }

    def refuse_stale(self, current) -> None:
        """Someone saved `current` since this form was read: say who and when, keep what was
        typed, and take the current version so that the next save is a deliberate overwrite."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(current.version)
        self.add_error(
            None,
            _(
                "%(who)s đã lưu tiêu chí này lúc %(at)s, sau khi bạn mở trang. Nội dung "
                "bạn nhập chưa được lưu: hãy xem giá trị hiện tại bên dưới, sửa nếu cần "
                "rồi lưu lại."
            )
            % {
                "who": current.updated_by.full_name if current.updated_by else "—",
                "at": timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y"),
            },
        )

    def clean(self):
        data = super().clean()
        if data.get("not_applicable") and not data.get("not_applicable_reason", "").strip():
            self.add_error("not_applicable_reason", _("Vui lòng ghi lý do không áp dụng."))
            return data
        if data.get("not_applicable") and any(
            data.get(name) not in (None, "")
            for name in ("level", "numerator", "denominator", "count", "points")
        ):
            raise forms.ValidationError(
                _(
                    "Tiêu chí đánh dấu không áp dụng thì không nhập số liệu; "
                    "hãy xóa số liệu hoặc bỏ đánh dấu."
                )
            )
        try:
            self.read(self.leaf, data)
        except EntryError as error:
            raise forms.ValidationError(error.message) from None
        return data
