"""Forms of the evidence pages: a document's official reference, an upload, a new version, a
link to a document of the library. Files are checked by `files.check_upload`."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from parindex.core.forms import DayField, StyledForm

from .. import evidence, files
from ..models import Evidence


def _file_field(*, required: bool) -> forms.FileField:
    # Empty files reach check_upload, which says so in its own words.
    return forms.FileField(
        label=_("Tệp"),
        required=required,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": files.ACCEPT}),
        help_text=lazy(files.upload_hint, str)(),
    )


def _checked(form: forms.Form) -> files.CheckedFile | None:
    upload = form.cleaned_data.get("file")
    if not upload:
        return None
    try:
        return files.check_upload(upload)
    except files.EvidenceError as error:
        raise forms.ValidationError(str(error)) from None


class ReferenceForm(StyledForm, forms.Form):
    """A document's title and official reference: số, ký hiệu; ngày; cơ quan; trích yếu."""

    title = forms.CharField(label=_("Tên tài liệu"), max_length=500)
    reference_number = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=100,
        required=False,
        help_text=_("Ví dụ: 125/QĐ-UBND"),
    )
    issued_on = DayField(label=_("Ngày ban hành"), required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=300, required=False)
    summary = forms.CharField(
        label=_("Trích yếu"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def for_evidence(cls, document: Evidence, data=None) -> "ReferenceForm":
        initial = {name: getattr(document, name) for name in evidence.REFERENCE_FIELDS}
        return cls(data, initial=initial)


class UploadForm(ReferenceForm):
    """A new document for an item: a file, a reference with no file, or both."""

    file = _file_field(required=False)
    field_order = ["file", *evidence.REFERENCE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Để trống thì lấy theo tên tệp.")
        self.checked: files.CheckedFile | None = None

    def clean_file(self):
        self.checked = _checked(self)
        return self.cleaned_data.get("file")

    def clean(self):
        data = super().clean()
        # A refused file or name has its own error; a document with neither needs a name.
        refused = "file" in self.errors or "title" in self.errors
        if not refused and not data.get("file") and not data.get("title"):
            self.add_error(
                "title", _("Chọn tệp, hoặc nhập tên tài liệu nếu chỉ ghi thông tin văn bản.")
            )
        return data

    @property
    def file_lost(self) -> bool:
        """A file came with a refused form: browsers never fill a file input again, so the user
        must choose it again."""
        return bool(self.errors) and self.add_prefix("file") in self.files


class VersionForm(StyledForm, forms.Form):
    """A new version of a document's file."""

    file = _file_field(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked: files.CheckedFile | None = None

    def clean_file(self):
        self.checked = _checked(self)
        return self.cleaned_data["file"]


class LinkForm(StyledForm, forms.Form):
    """A document of the unit's library to attach to an item."""

    evidence = forms.ModelChoiceField(
        label=_("Tài liệu trong thư viện"),
        queryset=Evidence.objects.none(),
        error_messages={
            "required": _("Chọn một tài liệu trong thư viện của đơn vị."),
            "invalid_choice": _("Chọn một tài liệu trong thư viện của đơn vị."),
        },
    )

    def __init__(self, data=None, *, unit_id: int):
        super().__init__(data)
        self.fields["evidence"].queryset = Evidence.objects.filter(unit_id=unit_id)
