import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from .numbers import NUMBER_MESSAGES, NumberError, parse_number
from .text import nfc


class StyledForm(forms.BaseForm):
    """Bootstrap classes on every widget, `is-invalid` on fields with errors, text kept as NFC.
    Mixed in before a form class: `class ReasonForm(StyledForm, forms.Form)`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style(self.fields.values())

    @staticmethod
    def style(fields) -> None:
        """Bootstrap classes for `fields` (also for fields a form adds after __init__)."""
        for field in fields:
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        if self.is_bound and isinstance(self.data, MultiValueDict):  # a request's QueryDict
            # Text typed on some systems (or pasted from Word) arrives as NFD; forms only see NFC.
            # Passwords are left exactly as typed.
            self.data = self.data.copy()
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                if key in self.data and not isinstance(field.widget, forms.PasswordInput):
                    self.data.setlist(key, [nfc(v) for v in self.data.getlist(key)])
        super().full_clean()

    def add_error(self, field, error):
        # Django's own validation comes through here too, as do errors a view adds after
        # is_valid() (a rule of the domain refusing one field): all are marked the same way.
        super().add_error(field, error)
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if widget is not None and "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid"
                widget.attrs["aria-invalid"] = "true"


class ReasonForm(StyledForm, forms.Form):
    """Why: every change that needs a reason (a reopening, a removal, a deactivation) asks it
    the same way."""

    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Vui lòng ghi lý do.")},
    )


class NumberField(forms.DecimalField):
    """A quantity (≥ 0) as the province writes it whatever the interface language, read by
    `parse_number` like every import: 2.000, 1.234,5, 1 234,5, 0,5; "0.5" stays a half.
    `whole=True` for counts.

    Django reads thousands separators only with USE_THOUSAND_SEPARATOR, which would also print
    years as 2.026; so they are read here."""

    default_error_messages = NUMBER_MESSAGES

    def __init__(self, *, whole: bool = False, **kwargs):
        self.whole = whole
        super().__init__(localize=True, **kwargs)
        # The phone's keypad: digits only for counts.
        self.widget.attrs["inputmode"] = "numeric" if whole else "decimal"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_number(value, whole=self.whole)
        except NumberError as error:
            raise ValidationError(
                self.error_messages[error.code], error.code, {"label": self.label}
            ) from None


# A date written the right way, whether or not the calendar has it.
WELL_FORMED_DAY = re.compile(r"\s*\d{1,2}/\d{1,2}/\d{4}\s*")


class DayField(forms.DateField):
    """A date typed as dd/mm/yyyy (ISO accepted too) and shown back so. A day written the right
    way that the calendar does not have (31/02/2026) is told apart from a badly written one."""

    widget = forms.DateInput(
        format="%d/%m/%Y",
        attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
    )
    default_error_messages = {
        "invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 31/03/2026."),
        "no_such_day": _("Ngày %(value)s không tồn tại; hãy kiểm tra lại ngày và tháng."),
    }

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            if isinstance(value, str) and WELL_FORMED_DAY.fullmatch(value):
                raise ValidationError(
                    self.error_messages["no_such_day"],
                    code="no_such_day",
                    params={"value": value.strip()},
                ) from None
            raise
