"""Accounts in bulk: the Excel template the admin fills in (a row per person: unit, name, role,
email, position, phone), the reading of a filled-in workbook into rows checked exactly as the
account form checks one account, and the creation of them all at once.

The sheet and its headers are part of the file format and are never translated: a template
downloaded in an English session must read back in a Vietnamese one. A row without a user name
gets one made from the person's name ("Lò Thị Hoa" → "hoalt"), numbered when it is taken.
"""

import io
from dataclasses import dataclass, field

import openpyxl
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from parindex.catalog.models import Unit
from parindex.core.text import collation_key, fold, nfc
from parindex.core.workbooks import HEADER_FILL, HEADER_FONT, WorkbookError, put, read_sheets

from . import lifecycle
from .forms import AccountForm
from .models import ROLES_BY_KIND, Role, User

SHEET, UNITS_SHEET = "Tài khoản", "Đơn vị"
COLUMNS = (  # (key, header, width)
    ("unit", "Mã đơn vị", 26),
    ("unit_name", "Tên đơn vị (để đối chiếu)", 36),
    ("full_name", "Họ và tên", 26),
    ("role", "Vai trò", 24),
    ("email", "Email", 28),
    ("job_title", "Chức vụ", 22),
    ("phone", "Điện thoại", 14),
    ("username", "Tên đăng nhập (để trống: tự tạo)", 22),
)
HEADERS = {header: key for key, header, _width in COLUMNS}
# The roles a row may name, by the words of the file (never translated).
ROLE_WORDS = {
    "Cán bộ đơn vị": Role.UNIT_OFFICER,
    "Lãnh đạo đơn vị": Role.UNIT_HEAD,
    "Thành viên Tổ thẩm định": Role.APPRAISER,
    "Tổ trưởng Tổ thẩm định": Role.APPRAISAL_LEAD,
}
KIND_OF_ROLE = {role: kind for kind, roles in ROLES_BY_KIND.items() for role in roles}
MAX_ROWS = 2000
# How long a preview may be confirmed: the rows are kept in the confirmation form, signed.
KEPT_SECONDS = 3600
SALT = "parindex.accounts.importing"


class AccountsImportError(Exception):
    """The file cannot be read at all; the message says why, in the user's language."""


@dataclass
class Row:
    """One row of the file: its values, the account it would create, what is wrong with it."""

    number: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    account: User | None = None
    username: str = ""  # as given, or made from the name

    @property
    def unit_name(self) -> str:
        return self.account.unit.name if self.account and self.account.unit else ""


def template_workbook() -> bytes:
    """The empty workbook: headers, a drop-down of roles, and the units with their codes."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    for number, (_key, header, width) in enumerate(COLUMNS, start=1):
        put(sheet, 1, number, header, font=HEADER_FONT, fill=HEADER_FILL)
        sheet.column_dimensions[get_column_letter(number)].width = width
    roles = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(ROLE_WORDS)),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Vai trò không hợp lệ"),
        error=_("Chọn một vai trò trong danh sách."),
    )
    roles.add(f"D2:D{MAX_ROWS}")
    sheet.add_data_validation(roles)
    sheet.freeze_panes = "A2"
    units = book.create_sheet(UNITS_SHEET)
    put(units, 1, 1, "Mã đơn vị", font=HEADER_FONT, fill=HEADER_FILL)
    put(units, 1, 2, "Tên đơn vị", font=HEADER_FONT, fill=HEADER_FILL)
    units.column_dimensions["A"].width, units.column_dimensions["B"].width = 34, 60
    for number, unit in enumerate(sorted(Unit.objects.all(), key=Unit.sort_key), start=2):
        put(units, number, 1, unit.code)
        put(units, number, 2, unit.name)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_rows(data: bytes) -> list[Row]:
    """The rows of a filled-in template, each checked as the account form checks an account
    (and against the other rows: a user name or an email twice). Raises AccountsImportError for a
    file that is not such a workbook."""
    try:
        sheets = read_sheets(data)
    except WorkbookError as error:
        raise AccountsImportError(error.message) from None
    cells = sheets.get(SHEET) or []
    header = [
        nfc(str(value)).strip() if value is not None else "" for value, _t in (cells or [[]])[0]
    ]
    positions = {HEADERS[text]: i for i, text in enumerate(header) if text in HEADERS}
    missing = [
        h for k, h, _w in COLUMNS if k in ("unit", "full_name", "role") and k not in positions
    ]
    if missing:
        raise AccountsImportError(
            _("Trang tính “%(sheet)s” thiếu cột %(columns)s; hãy dùng mẫu tải về từ trang này.")
            % {"sheet": SHEET, "columns": ", ".join(f"“{h}”" for h in missing)}
        )
    # Rows past the limit were once dropped without a word: the file is refused instead.
    if any(any(value not in (None, "") for value, _t in row) for row in cells[MAX_ROWS + 1 :]):
        raise AccountsImportError(
            _(
                "Tệp có hơn %(n)d dòng tài khoản; chưa tạo tài khoản nào. Hãy chia thành nhiều "
                "tệp, mỗi tệp tối đa %(n)d dòng."
            )
            % {"n": MAX_ROWS}
        )
    found = []
    for number, row in enumerate(cells[1 : MAX_ROWS + 1], start=2):
        values = {key: _text(row[i][0]) if i < len(row) else "" for key, i in positions.items()}
        if any(values.values()):
            found.append((number, values))
    return checked(found)


def checked(found: list[tuple[int, dict[str, str]]]) -> list[Row]:
    """Rows (their number in the file and their values) checked again, e.g. when the admin
    confirms a preview: the catalogue and the accounts may have changed since."""
    units = Unit.objects.in_bulk(field_name="code")
    taken = {name.lower() for name in User.objects.values_list("username", flat=True)}
    suggested: set[str] = set()
    rows = [_checked(Row(number, values), units, taken, suggested) for number, values in found]
    _across(rows)
    return rows


def kept(rows: list[Row]) -> str:
    """The rows as the admin previewed them, signed, for the confirmation to create without the
    file being uploaded again; each with the user name shown, so that a confirmation sent twice
    finds it taken instead of numbering a second account."""
    found = [(row.number, row.values | {"username": row.username}) for row in rows]
    return signing.dumps(found, salt=SALT, compress=True)


def unkept(token: str) -> list[Row]:
    """The rows kept by `kept`, checked again. Raises AccountsImportError when the token is
    altered or older than KEPT_SECONDS."""
    try:
        found = signing.loads(token, salt=SALT, max_age=KEPT_SECONDS)
    except signing.BadSignature:
        raise AccountsImportError(
            _("Bản xem trước đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại.")
        ) from None
    return checked([(number, values) for number, values in found])


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def _checked(row: Row, units: dict[str, Unit], taken: set[str], suggested: set[str]) -> Row:
    values = row.values
    role = ROLE_WORDS.get(values.get("role", ""))
    unit = units.get(values.get("unit", ""))
    if role is None:
        row.errors.append(
            _("vai trò “%(role)s” không có; chọn một trong: %(roles)s")
            % {"role": values.get("role", ""), "roles": ", ".join(ROLE_WORDS)}
        )
        return row
    if unit is None:
        row.errors.append(_("không có đơn vị mã “%(code)s”") % {"code": values.get("unit", "")})
        return row
    row.username = values.get("username") or suggested_username(
        values.get("full_name", ""), taken=taken | suggested
    )
    suggested.add(row.username.lower())
    data = {
        "username": row.username,
        "full_name": values.get("full_name", ""),
        "email": values.get("email", ""),
        "job_title": values.get("job_title", ""),
        "phone": values.get("phone", ""),
        "role": role,
    }
    form = AccountForm(data, kind=KIND_OF_ROLE[role], unit=unit, taken=taken)
    if form.is_valid():
        row.account = form.save(commit=False)
    else:
        row.errors += [
            f"{form.fields[name].label if name in form.fields else ''}: {error}".lstrip(": ")
            for name, errors in form.errors.items()
            for error in errors
        ]
    return row


def _across(rows: list[Row]) -> None:
    """A user name or an email given to two people of the file."""
    given = (
        (_("tên đăng nhập"), lambda row: row.username.lower()),
        (_("email"), lambda row: row.values.get("email", "").lower()),
    )
    for label, value_of in given:
        seen: dict[str, int] = {}
        for row in rows:
            value = value_of(row)
            if not value:
                continue
            if value in seen:
                row.errors.append(
                    _("%(what)s “%(value)s” trùng với dòng %(row)d")
                    % {"what": label, "value": value, "row": seen[value]}
                )
            else:
                seen[value] = row.number


def suggested_username(full_name: str, *, taken: set[str] | None = None) -> str:
    """The given name and the initials of the other names, without diacritics ("Lò Thị Hoa" →
    "hoalt"), numbered when the name is taken ("hoalt2"): in the database, or in `taken` when
    given (lowercase)."""
    words = fold(full_name).replace("-", " ").split()
    if not words:
        return ""
    base = words[-1] + "".join(word[0] for word in words[:-1])
    base = "".join(ch for ch in base if ch.isalnum())
    if taken is None:
        taken = set(
            User.objects.filter(username__startswith=base).values_list("username", flat=True)
        )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{number}"
    return candidate


@dataclass(frozen=True)
class Created:
    account: User
    link: str
    emailed: bool


def create_accounts(
    rows: list[Row], *, by: User, request: HttpRequest, mail: bool = True
) -> list[Created]:
    """Create the accounts of rows without errors, by unit and name, all or none; each gets its
    one-time set-password link, emailed when `mail` and mail is configured once all are saved
    (so no link is mailed for an account rolled back, and a failing mail server undoes nothing).
    Raises AccountsImportError, creating nothing, when a row has errors or a user name has been
    taken since the file was read. Side effects: the users, an audit entry each, the emails."""
    wrong = [row.number for row in rows if row.errors or row.account is None]
    if wrong:
        raise AccountsImportError(
            _("Còn dòng có lỗi (%(rows)s): sửa trong tệp rồi tải lên lại.")
            % {"rows": ", ".join(str(n) for n in wrong)}
        )
    accounts = sorted(
        (row.account for row in rows if row.account is not None),
        key=lambda account: (collation_key(account.unit.name), collation_key(account.full_name)),
    )
    with transaction.atomic():
        names = [account.username for account in accounts]
        taken = sorted(User.objects.filter(username__in=names).values_list("username", flat=True))
        if taken:
            raise AccountsImportError(
                _("Tên đăng nhập đã được dùng từ khi đọc tệp: %(names)s. Hãy tải tệp lên lại.")
                % {"names": ", ".join(taken)}
            )
        links = [lifecycle.save_new(account, by=by, request=request) for account in accounts]
    return [
        Created(account, link, mail and lifecycle.mail_link(account, link))
        for account, link in zip(accounts, links, strict=True)
    ]
