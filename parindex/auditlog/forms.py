from itertools import groupby

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.accounts.models import User
from parindex.catalog.models import Unit
from parindex.core import audit
from parindex.core.forms import DayField, StyledForm
from parindex.core.http import whole_number
from parindex.core.models import AuditEntry

from .objects import KINDS

# A choice that is not in the list comes from an edited or outdated address.
NOT_LISTED = {"invalid_choice": _("Không có lựa chọn này; hãy chọn trong danh sách.")}


class AuditFilterForm(StyledForm, forms.Form):
    """The filters of the audit log, read from the query string; every one may be left empty."""

    actor = forms.ModelChoiceField(
        label=_("Người thực hiện"),
        queryset=User.objects.none(),
        required=False,
        error_messages=NOT_LISTED,
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.select_related("level"),
        required=False,
        error_messages=NOT_LISTED,
        help_text=_(
            "Thay đổi trên hồ sơ, tài liệu, tài khoản của đơn vị hoặc do cán bộ đơn vị thực hiện."
        ),
    )
    target_type = forms.ChoiceField(
        label=_("Loại đối tượng"), required=False, error_messages=NOT_LISTED
    )
    target_id = forms.CharField(label=_("Mã đối tượng"), required=False, max_length=19)
    action = forms.ChoiceField(label=_("Hành động"), required=False, error_messages=NOT_LISTED)
    since = DayField(label=_("Từ ngày"), required=False)
    until = DayField(label=_("Đến ngày"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = ("", _("Tất cả"))
        # Only the people who did something: an account that never changed anything finds nothing.
        actor = self.fields["actor"]
        actor.queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=AuditEntry.objects.filter(actor__isnull=False).values("actor")
        ).order_by("username")
        actor.empty_label = everyone[1]  # type: ignore[attr-defined]
        units = sorted(Unit.objects.select_related("level"), key=Unit.sort_key)
        self.fields["unit"].choices = [everyone] + [  # type: ignore[attr-defined]
            (str(level), [(unit.pk, unit.name) for unit in members])
            for level, members in groupby(units, key=lambda unit: unit.level)
        ]
        self.fields["target_type"].choices = [everyone] + [  # type: ignore[attr-defined]
            (name, kind.label) for name, kind in KINDS.items()
        ]
        self.fields["action"].choices = [everyone, *audit.ACTION_LABELS.items()]  # type: ignore[attr-defined]

    def clean_target_id(self) -> str:
        value = self.cleaned_data["target_id"].strip()
        if value and whole_number(value) is None:
            raise forms.ValidationError(_("Mã đối tượng là một số, ví dụ 125."))
        return value

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if cleaned.get("target_id") and not cleaned.get("target_type"):
            self.add_error("target_type", _("Chọn loại đối tượng của mã đã nhập."))
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        return cleaned
