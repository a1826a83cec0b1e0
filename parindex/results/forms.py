import re

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.core.forms import DayField, StyledForm
from parindex.core.text import nfc

from .reports import Decision

# "125/QĐ-UBND": the number, a slash, the sign of the kind of document and of its issuer.
DECISION_NUMBER = re.compile(r"[0-9]+/\S+")


class PublishForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do công bố lại"),
        help_text=gettext_lazy(
            "Bắt buộc khi năm này đã có phiên bản công bố, ví dụ: đính chính sai sót."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decision_number = forms.CharField(
        label=gettext_lazy("Số quyết định phê duyệt"),
        help_text=gettext_lazy(
            "Ví dụ: 125/QĐ-UBND. Để trống khi quyết định chưa ký: văn bản công bố để trống số "
            "và ngày để ghi tay."
        ),
        max_length=50,
        required=False,
    )
    decision_date = DayField(label=gettext_lazy("Ngày ký quyết định"), required=False)
    decision_by = forms.CharField(
        label=gettext_lazy("Thẩm quyền ban hành quyết định"),
        help_text=gettext_lazy("Ghi sau chữ “của” trong dòng “Kèm theo Quyết định số …”."),
        max_length=200,
        required=False,
    )
    decision_signer = forms.CharField(
        label=gettext_lazy("Người ký quyết định"), max_length=150, required=False
    )
    decision_signer_position = forms.CharField(
        label=gettext_lazy("Chức vụ người ký"),
        help_text=gettext_lazy("Ví dụ: Phó Chủ tịch UBND tỉnh."),
        max_length=150,
        required=False,
    )

    def __init__(self, data=None, *, republishing: bool):
        super().__init__(data, initial={"decision_by": settings.DOCUMENT_DECISION_BY})
        # publishing.publish refuses a new version without a reason; the form says so first.
        self.fields["reason"].required = republishing

    def clean_decision_number(self) -> str:
        number = " ".join(nfc(self.cleaned_data["decision_number"]).split())
        if number and not DECISION_NUMBER.fullmatch(number):
            raise forms.ValidationError(_("Ghi số quyết định theo dạng 125/QĐ-UBND."))
        return number

    def clean_decision_date(self):
        day = self.cleaned_data["decision_date"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Ngày ký quyết định không thể sau hôm nay."))
        return day

    def clean(self):
        data = super().clean()
        # publishing.publish refuses one without the other too.
        if data.get("decision_number") and not data.get("decision_date"):
            self.add_error("decision_date", _("Ghi ngày ký của quyết định."))
        elif data.get("decision_date") and not data.get("decision_number"):
            self.add_error("decision_number", _("Ghi số của quyết định."))
        return data

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            number=data["decision_number"],
            day=data["decision_date"],
            by=data["decision_by"],
            signer=data["decision_signer"],
            signer_position=data["decision_signer_position"],
        )


class VerifyForm(StyledForm, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp PDF cần kiểm tra"),
        help_text=gettext_lazy(
            "Báo cáo kết quả hoặc phiếu kết quả của đơn vị đã tải về từ trang này."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # A published document is a few hundred kilobytes; evidence files set the upper bound.
        if upload.size > settings.EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)d MB).")
                % {"mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)}
            )
        content = upload.read()
        if not content.startswith(b"%PDF-"):
            raise forms.ValidationError(_("Tệp không phải là PDF."))
        return content
