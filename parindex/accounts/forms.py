from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from parindex.catalog.models import Unit
from parindex.core.forms import StyledForm
from parindex.core.text import nfc

from .models import ROLES_BY_KIND, AccountKind, Role, User


class AccountForm(StyledForm, forms.ModelForm):
    """Create or edit an account of one kind (unit, appraisal, system)."""

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "job_title", "phone", "role", "unit"]
        help_texts = {
            "username": _("Chữ thường, số và các ký tự . _ - ; dùng để đăng nhập."),
            "job_title": _(
                "Như ghi trên văn bản, ví dụ: Giám đốc, Phó Giám đốc, Chủ tịch UBND xã. Phiếu kết "
                "quả của đơn vị ghi chức vụ và họ tên của lãnh đạo đơn vị ở phần chữ ký."
            ),
        }

    def __init__(
        self,
        *args,
        kind: AccountKind,
        unit: Unit | None = None,
        taken: set[str] | None = None,
        **kwargs,
    ):
        """`unit` and `taken` serve the rows of an import, checked by the hundred: the unit read
        once with the file's (not offered then), and the user names already taken (lowercase)
        known once, instead of a few queries a row."""
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.taken = taken
        self.fields["full_name"].required = True
        roles = ROLES_BY_KIND[kind]
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        if unit is not None:
            self.instance.unit = unit
        if kind == AccountKind.SYSTEM or unit is not None:
            del self.fields["unit"]
        else:
            self.fields["unit"].required = True
            units = Unit.objects.select_related("level")
            self.fields["unit"].queryset = units
            # Offered in the province's order (the queryset still checks what is sent).
            self.fields["unit"].widget.choices = [
                ("", self.fields["unit"].empty_label),
                *((unit.pk, str(unit)) for unit in sorted(units, key=Unit.sort_key)),
            ]
            self.fields["unit"].label = (
                _("Cơ quan thành viên Tổ thẩm định")
                if kind == AccountKind.APPRAISAL
                else _("Đơn vị")
            )
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip().lower()
        if self.taken is not None:
            clash = username in self.taken
        else:
            clash = (
                User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk).exists()
            )
        if clash:
            raise forms.ValidationError(_("Tên đăng nhập này đã được dùng."))
        return username

    def clean_full_name(self) -> str:
        return nfc(self.cleaned_data["full_name"].strip())

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self) -> None:
        if self.taken is None:  # else clean_username has checked the only unique field
            super().validate_unique()

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        if self.kind == AccountKind.SYSTEM:
            user.role = Role.ADMIN
            user.unit = None
        if commit:
            user.save()
        return user


class LoginForm(StyledForm, AuthenticationForm):
    # Django's Vietnamese catalog phrases this awkwardly; say plainly what to check.
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng (mật khẩu phân biệt chữ hoa, chữ thường). "
            "Nếu tài khoản đã bị khóa, vui lòng liên hệ quản trị hệ thống."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
    }


# Said in our own words, like the password rules (accounts/passwords.py): Django's Vietnamese
# catalogue does not have them all.
PASSWORD_MISMATCH = _("Hai lần nhập mật khẩu mới không khớp nhau.")


class StyledPasswordChangeForm(StyledForm, PasswordChangeForm):
    error_messages = {
        "password_incorrect": _("Mật khẩu hiện tại không đúng."),
        "password_mismatch": PASSWORD_MISMATCH,
    }


class StyledSetPasswordForm(StyledForm, SetPasswordForm):
    error_messages = {"password_mismatch": PASSWORD_MISMATCH}


class CodeForm(StyledForm, forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=20,
        help_text=_("6 chữ số trong ứng dụng xác thực, hoặc một mã khôi phục."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class AccountsUploadForm(StyledForm, forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách tài khoản (.xlsx)"),
        help_text=_("Mẫu Excel tải về từ trang này, mỗi dòng một người."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.CRITERIA_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)d MB).") % {"mb": limit // (1024 * 1024)}
            )
        return upload


class AccountsConfirmForm(StyledForm, forms.Form):
    """The rows of a preview, kept signed (importing.kept), and whether to email the links."""

    rows = forms.CharField(widget=forms.HiddenInput)
    send_email = forms.BooleanField(
        label=_("Gửi liên kết đặt mật khẩu qua email cho người có địa chỉ email"),
        required=False,
        initial=True,
    )
