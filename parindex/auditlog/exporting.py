"""The filtered audit trail as an Excel workbook: one row an entry, as the page shows it."""

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from parindex.core import audit
from parindex.core.models import AuditEntry
from parindex.core.workbooks import HEADER_FILL, HEADER_FONT, put

from .objects import kind_label

# Excel's own number format for a day and a time, shown as 31/03/2026 08:30.
MOMENT_FORMAT = "dd/mm/yyyy hh:mm"


def _values(values: dict | None, target_type: str) -> str:
    """Old or new values one a line: "Label: value"."""
    return "\n".join(
        f"{audit.key_label(key, target_type)}: {audit.value_text(value, key)}"
        for key, value in (values or {}).items()
    )


def workbook(entries: Iterable[AuditEntry]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Nhật ký thay đổi")
    columns = [
        (_("Thời điểm"), 17),
        (_("Người thực hiện"), 28),
        (_("Hành động"), 28),
        (_("Loại đối tượng"), 20),
        (_("Mã đối tượng"), 12),
        (_("Đối tượng"), 40),
        (_("Giá trị cũ"), 40),
        (_("Giá trị mới"), 40),
        (_("Lý do"), 40),
    ]
    for number, (header, width) in enumerate(columns, start=1):
        put(sheet, 1, number, header, font=HEADER_FONT, fill=HEADER_FILL)
        sheet.column_dimensions[get_column_letter(number)].width = width
    for row, entry in enumerate(entries, start=2):
        # Excel has no time zones: the moment as read in Vietnam.
        moment = timezone.localtime(entry.at).replace(tzinfo=None, microsecond=0)
        put(sheet, row, 1, moment, number_format=MOMENT_FORMAT)
        put(sheet, row, 2, str(entry.actor) if entry.actor else _("Hệ thống"))
        put(sheet, row, 3, audit.action_label(entry.action))
        put(sheet, row, 4, kind_label(entry.target_type))
        put(sheet, row, 5, entry.target_id)
        put(sheet, row, 6, entry.target_label)
        put(sheet, row, 7, _values(entry.old, entry.target_type))
        put(sheet, row, 8, _values(entry.new, entry.target_type))
        put(sheet, row, 9, entry.reason)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
