import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import nfc

# What is left of a number once its separators are read: Decimal() alone would also take
# "1e2", "NaN" or "Infinity".
PLAIN_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


class StyledForm:
    """Bootstrap classes on every widget, `is-invalid` on fields with errors, text kept as NFC."""

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
        if self.is_bound and hasattr(self.data, "setlist"):
            # Text typed on some systems (or pasted from Word) arrives as NFD; forms only see NFC.
            # Passwords are left exactly as typed.
            self.data = self.data.copy()
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                if key in self.data and not isinstance(field.widget, forms.PasswordInput):
                    self.data.setlist(key, [nfc(v) for v in self.data.getlist(key)])
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid"
                widget.attrs["aria-invalid"] = "true"


class NumberField(forms.DecimalField):
    """A quantity (≥ 0) as the province writes it whatever the interface language: 2.000,
    1.234,5, 1 234,5, 0,5; "0.5" stays a half. `whole=True` for counts.

    Django reads thousands separators only with USE_THOUSAND_SEPARATOR, which would also print
    years as 2.026; so the dots are read here, by the rule of its sanitize_separators (#22171):
    a single dot not followed by exactly three digits is a decimal point."""

    default_error_messages = {
        "invalid": _(
            "“%(label)s” phải là một số, ví dụ 2.000 hoặc 1.234,5 (dấu chấm ngăn cách "
            "hàng nghìn, dấu phẩy trước phần thập phân)."
        ),
        "negative": _("“%(label)s” không được là số âm."),
        "whole": _("“%(label)s” phải là số nguyên."),
    }

    def __init__(self, *, whole: bool = False, **kwargs):
        self.whole = whole
        super().__init__(localize=True, **kwargs)
        # The phone's keypad: digits only for counts.
        self.widget.attrs["inputmode"] = "numeric" if whole else "decimal"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        # Spaces (also non-breaking ones) group thousands: 1 234,5.
        text = "".join(str(value).split())
        integral, comma, decimals = text.partition(",")
        if integral.count(".") != 1 or len(integral.split(".")[-1]) == 3:
            integral = integral.replace(".", "")
        text = f"{integral}.{decimals}" if comma else integral
        params = {"label": self.label}
        if not PLAIN_NUMBER.fullmatch(text):
            raise ValidationError(self.error_messages["invalid"], "invalid", params)
        number = Decimal(text)
        if number < 0:
            raise ValidationError(self.error_messages["negative"], "negative", params)
        if self.whole and number != number.to_integral_value():
            raise ValidationError(self.error_messages["whole"], "whole", params)
        return number


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
