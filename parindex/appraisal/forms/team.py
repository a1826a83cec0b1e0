"""Forms of the team page. Choices are built from rows the page has loaded already (no query
while rendering); any row is accepted on submission so that `team` explains a wrong one."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.accounts.models import User
from parindex.catalog.models import Field, Unit
from parindex.core.forms import StyledForm


def _grouped(rows, group, label) -> list[tuple[str, list[tuple[int, str]]]]:
    groups: dict[str, list[tuple[int, str]]] = {}
    for row in rows:
        groups.setdefault(group(row), []).append((row.pk, label(row)))
    return list(groups.items())


def account_label(user: User) -> str:
    label = f"{user.full_name or user.username} – {user.get_role_display()}"
    return f"{label} ({user.email})" if user.email else label


class MemberForm(StyledForm, forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("Tài khoản thẩm định"),
        queryset=User.objects.select_related("unit"),
        error_messages={
            "required": gettext_lazy("Chọn tài khoản cần thêm."),
            "invalid_choice": gettext_lazy("Tài khoản đã chọn không tồn tại."),
        },
    )

    def __init__(self, data=None, *, candidates: list[User]):
        super().__init__(data)
        self.candidate_count = len(candidates)
        self.fields["user"].widget.choices = [
            ("", _("— Chọn tài khoản —")),
            *_grouped(candidates, lambda account: account.unit.name, account_label),
        ]


class AssignmentForm(StyledForm, forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan thẩm định"),
        queryset=Unit.objects.all(),
        error_messages={
            "required": gettext_lazy("Chọn cơ quan thẩm định."),
            "invalid_choice": gettext_lazy("Cơ quan đã chọn không tồn tại."),
        },
    )
    field = forms.ModelChoiceField(
        label=gettext_lazy("Lĩnh vực"),
        queryset=Field.objects.all(),
        error_messages={
            "required": gettext_lazy("Chọn lĩnh vực."),
            "invalid_choice": gettext_lazy("Lĩnh vực đã chọn không tồn tại."),
        },
    )
    units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Chỉ thẩm định các đơn vị"),
        queryset=Unit.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy(
            "Để trống: mọi đơn vị của kỳ đánh giá. Giữ phím Ctrl (⌘ trên máy Mac) để chọn nhiều "
            "đơn vị."
        ),
        error_messages={"invalid_choice": gettext_lazy("Đơn vị (mã số %(value)s) không tồn tại.")},
    )

    def __init__(
        self,
        data=None,
        *,
        agencies: list[Unit],
        fields: list[Field],
        units: list[Unit],
        initial: dict | None = None,
    ):
        """`units`: the period's, with their level."""
        super().__init__(data, initial=initial)
        self.fields["agency"].widget.choices = [
            ("", _("— Chọn cơ quan —")),
            *((agency.pk, agency.name) for agency in agencies),
        ]
        self.fields["field"].widget.choices = [
            ("", _("— Chọn lĩnh vực —")),
            *((field.pk, str(field)) for field in fields),
        ]
        self.fields["units"].widget.choices = _grouped(
            units, lambda unit: unit.level.name, lambda unit: unit.name
        )
