from django import forms
from django.utils.translation import gettext_lazy

from parindex.assessments.forms.scorecard import EntryForm
from parindex.assessments.scorecard import read_inputs
from parindex.core.forms import StyledForm


class AppraisalForm(EntryForm):
    """An appraiser's answer for one leaf: the rule's inputs (the unit's, to accept them as they
    are), and a comment, mandatory when the points differ from the unit's (checked on saving)."""

    read = staticmethod(read_inputs)

    comment = forms.CharField(
        label=gettext_lazy("Nhận xét của Tổ thẩm định"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Bắt buộc khi điểm thẩm định khác điểm tự chấm."),
    )

    def __init__(self, leaf, *args, **kwargs):
        super().__init__(leaf, *args, **kwargs)
        del self.fields["explanation"]


class RequestForm(StyledForm, forms.Form):
    question = forms.CharField(
        label=gettext_lazy("Nội dung yêu cầu giải trình"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )
