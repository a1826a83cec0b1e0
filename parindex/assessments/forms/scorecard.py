from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.core.dates import moment_text
from parindex.core.forms import NumberField, StyledForm
from parindex.core.numbers import format_exact, number_text
from parindex.scoring import EXTRA_KINDS, Entry, EntryError, Node, RuleKind

from ..models import RuleInputs
from ..scorecard import check_entry

# The engine's problems that reach the form (its fields refuse the others), worded for the user
# and attached to the input they concern.
ENGINE_MESSAGES = {
    "missing": _("Vui lòng nhập cả “%(label)s”."),
    "zero_denominator": _("“%(label)s” bằng 0 không được phép với tiêu chí này."),
    "above_limit": _("Điểm %(points)s lớn hơn mức tối đa %(limit)s."),
    "off_step": _("Điểm %(points)s không phải là bội số của bước chấm %(step)s."),
}


def initial_inputs(source) -> dict:
    """A stored row's rule inputs as its form shows them: 9 and 0,75, not 9.0000 or 0.75
    (a dot before three digits would be read back as thousands)."""
    return {
        name: Decimal(number_text(value)) if isinstance(value, Decimal) else value
        for name in RuleInputs.INPUT_FIELDS
        if (value := getattr(source, name)) not in (None, "")
    }


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
        # Once valid: the engine's reading of the inputs, and a warning about them (or "").
        self.entry = None
        self.warning = ""
        super().__init__(*args, **kwargs)
        rule = leaf.rule
        inputs = self._inputs(rule)
        # Inputs first, then N/A and the explanation, whatever order the class declares.
        self.style(inputs.values())
        self.fields = {**inputs, **self.fields}
        if not leaf.not_applicable_allowed:
            del self.fields["not_applicable"]
            del self.fields["not_applicable_reason"]
        # Opened to be typed in: the keyboard starts at the first input (htmx focuses it too).
        next(iter(self.fields.values())).widget.attrs["autofocus"] = True

    def _inputs(self, rule) -> dict:
        if rule.kind == RuleKind.LEVELS:
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
        if rule.kind in (RuleKind.RATIO_BANDS, RuleKind.RATIO_PROPORTIONAL):
            return {
                "numerator": NumberField(label=rule.numerator or _("Tử số"), required=False),
                "denominator": NumberField(label=rule.denominator or _("Mẫu số"), required=False),
            }
        if rule.kind == RuleKind.DEDUCTION:
            return {
                "count": NumberField(
                    label=rule.item_label or _("Số trường hợp"), required=False, whole=True
                )
            }
        limit = rule.cap if rule.kind in EXTRA_KINDS else self.leaf.max_points
        return {
            "points": NumberField(
                label=_("Điểm (tối đa %(max)s, bước %(step)s)")
                % {"max": format_exact(limit), "step": format_exact(rule.effective_step)},
                required=False,
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
                "at": moment_text(current.updated_at),
            },
        )

    def clean(self):
        data = super().clean()
        if data.get("not_applicable") and not data.get("not_applicable_reason", "").strip():
            self.add_error("not_applicable_reason", _("Vui lòng ghi lý do không áp dụng."))
            return data
        if data.get("not_applicable") and any(
            data.get(name) not in (None, "") for name in RuleInputs.INPUT_FIELDS
        ):
            raise forms.ValidationError(
                _(
                    "Tiêu chí đánh dấu không áp dụng thì không nhập số liệu; "
                    "hãy xóa số liệu hoặc bỏ đánh dấu."
                )
            )
        if self.errors:
            # A refused input is missing from `data`: the engine would say it was not entered.
            return data
        try:
            self.entry = self.read(self.leaf, data)
        except EntryError as error:
            self._refuse(error)
            return data
        self.warning = self._doubt(self.entry)
        return data

    def _refuse(self, error: EntryError) -> None:
        message = ENGINE_MESSAGES.get(error.problem)
        if message is None:
            # Not one of the rule's problems (check_entry's own message, translated there).
            raise forms.ValidationError(error.message)
        params = {name: format_exact(value) for name, value in error.params.items()}
        self.add_error(error.field, message % (params | {"label": self.fields[error.field].label}))

    def _doubt(self, entry: Entry) -> str:
        """A warning for inputs that are accepted but look wrong. "5 reports on time out of 4
        due" is impossible, yet revenue above its estimate is not, and the criteria format
        cannot tell counts from amounts: a ratio above 100 % is questioned, never refused. A zero
        denominator is no ratio: the rule says what it gives."""
        if entry.numerator is None or not entry.denominator or entry.numerator <= entry.denominator:
            return ""
        return _(
            "“%(numerator)s” (%(n)s) lớn hơn “%(denominator)s” (%(d)s): tỷ lệ vượt 100%%. "
            "Hãy kiểm tra lại số liệu, trừ khi tiêu chí cho phép vượt (ví dụ số thu vượt dự toán)."
        ) % {
            "numerator": self.fields["numerator"].label,
            "denominator": self.fields["denominator"].label,
            "n": format_exact(entry.numerator),
            "d": format_exact(entry.denominator),
        }
