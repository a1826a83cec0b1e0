from django import forms

from .text import nfc


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
