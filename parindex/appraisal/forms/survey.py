from django import forms
from django.utils.translation import gettext_lazy

from parindex.core.forms import StyledForm


class SurveyUploadForm(StyledForm, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp điểm điều tra (.xlsx)"),
        help_text=gettext_lazy("Mẫu Excel tải về từ trang này, đã điền điểm."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
