"""The unit's answer to an explanation request; documents use the evidence forms
(`assessments.forms.evidence.UploadForm`, `LinkForm`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.core.forms import StyledForm


class AnswerForm(StyledForm, forms.Form):
    answer = forms.CharField(
        label=_("Nội dung giải trình"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Vui lòng ghi nội dung giải trình.")},
    )
    # The request's version when the page was opened: a later save by someone else is a conflict.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
