"""The audit trail: every domain function that changes state calls `record` in its transaction."""

import json
import re
from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext, gettext_lazy

from .dates import day_text
from .models import AuditEntry
from .numbers import format_exact, format_size
from .text import nfc


def _jsonable(value: Any) -> Any:
    # Decimals and dates are stored as the strings DjangoJSONEncoder writes, never as floats.
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def record(
    action: str,
    target: models.Model,
    *,
    # Any user model (AUTH_USER_MODEL): core imports no app of the project.
    by: AbstractBaseUser | None,
    old: Any = None,
    new: Any = None,
    reason: str = "",
) -> AuditEntry:
    """Write one audit entry for `target`, by `by` (None: the system, e.g. a loading command).
    Side effect: one INSERT."""
    return AuditEntry.objects.create(
        actor_id=getattr(by, "pk", None),
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:300],
        old=_jsonable(old),
        new=_jsonable(new),
        # Some reasons come straight from the request, without a form's NFC (a withdrawal's).
        reason=nfc(reason),
    )


def history_of(target: models.Model):
    """The audit entries of one object, newest first, with their actors (one query)."""
    return AuditEntry.objects.for_target(target).select_related("actor")


def changes(old: dict, new: dict) -> tuple[dict, dict]:
    """The values of `new` that differ from `old`, before and after: what an edit records.
    A key missing from `old` had no value."""
    changed = [name for name, value in new.items() if old.get(name) != value]
    before = {name: old[name] for name in changed if name in old}
    return before, {name: new[name] for name in changed}


# How histories name what they show: every action recorded and every key of its old and new
# values (parindex/core/tests/test_audit_labels.py checks the actions). Keys not listed are shown
# as stored.
FIELD_LABELS = {
    # Self-assessment and appraisal of an item
    "level": gettext_lazy("Mức"),
    "numerator": gettext_lazy("Tử số"),
    "denominator": gettext_lazy("Mẫu số"),
    "count": gettext_lazy("Số trường hợp"),
    "points": gettext_lazy("Điểm chấm"),
    "not_applicable": gettext_lazy("Không áp dụng"),
    "not_applicable_reason": gettext_lazy("Lý do không áp dụng"),
    "explanation": gettext_lazy("Giải trình"),
    "self_points": gettext_lazy("Điểm tự chấm"),
    "appraised_points": gettext_lazy("Điểm thẩm định"),
    "round": gettext_lazy("Lần thẩm định"),
    "comment": gettext_lazy("Nhận xét"),
    "question": gettext_lazy("Nội dung yêu cầu giải trình"),
    "answer": gettext_lazy("Nội dung giải trình"),
    "code": gettext_lazy("Mã"),
    "title": gettext_lazy("Tên"),
    # Self-assessment and appraisal of a unit
    "state": gettext_lazy("Trạng thái"),
    "submitted_at": gettext_lazy("Thời điểm nộp"),
    "submitted_by": gettext_lazy("Người nộp"),
    "reopened_until": gettext_lazy("Mở lại đến hết ngày"),
    "answers_sent_at": gettext_lazy("Thời điểm gửi giải trình"),
    "items": gettext_lazy("Số tiêu chí"),
    "finalized_at": gettext_lazy("Thời điểm hoàn tất thẩm định"),
    "finalized_by": gettext_lazy("Người hoàn tất thẩm định"),
    "appraised_total": gettext_lazy("Tổng điểm thẩm định"),
    # Evidence
    "evidence_id": gettext_lazy("Mã tài liệu"),
    "reference_number": gettext_lazy("Số, ký hiệu"),
    "issued_on": gettext_lazy("Ngày ban hành"),
    "issuer": gettext_lazy("Cơ quan ban hành"),
    "summary": gettext_lazy("Trích yếu"),
    "file": gettext_lazy("Tệp"),
    "version": gettext_lazy("Phiên bản"),
    "size": gettext_lazy("Dung lượng"),
    "sha256": gettext_lazy("Mã băm SHA-256"),
    # Appraisal team and survey
    "agency": gettext_lazy("Cơ quan thẩm định"),
    "field": gettext_lazy("Lĩnh vực"),
    "units": gettext_lazy("Đơn vị"),
    "every_unit": gettext_lazy("Mọi đơn vị"),
    "role": gettext_lazy("Vai trò"),
    "user": gettext_lazy("Tài khoản"),
    "rows": gettext_lazy("Số dòng"),
    "at": gettext_lazy("Thời điểm"),
    "changes": gettext_lazy("Các thay đổi"),
    # Periods and results
    "year": gettext_lazy("Năm"),
    "self_assessment_opens": gettext_lazy("Bắt đầu tự đánh giá"),
    "self_assessment_closes": gettext_lazy("Hạn tự đánh giá"),
    "appraisal_closes": gettext_lazy("Hạn thẩm định"),
    "explanation_closes": gettext_lazy("Hạn giải trình"),
    "final_appraisal_closes": gettext_lazy("Hạn thẩm định lần cuối"),
    "criteria_sets": gettext_lazy("Bộ tiêu chí"),
    "units_added": gettext_lazy("Đơn vị thêm vào"),
    "units_removed": gettext_lazy("Đơn vị bỏ ra"),
    "levels": gettext_lazy("Số cấp đơn vị"),
    "decision_number": gettext_lazy("Số quyết định phê duyệt"),
    "decision_date": gettext_lazy("Ngày quyết định"),
    "decision_by": gettext_lazy("Thẩm quyền ban hành quyết định"),
    "decision_signer": gettext_lazy("Người ký quyết định"),
    "decision_signer_position": gettext_lazy("Chức vụ người ký"),
    # Accounts
    "username": gettext_lazy("Tên đăng nhập"),
    "full_name": gettext_lazy("Họ và tên"),
    "email": gettext_lazy("Email"),
    "unit_id": gettext_lazy("Đơn vị"),
    "job_title": gettext_lazy("Chức vụ"),
    "phone": gettext_lazy("Điện thoại"),
    "is_active": gettext_lazy("Đang hoạt động"),
    # Catalogue: levels, units, fields, criteria sets and criteria
    "name": gettext_lazy("Tên"),
    "short_name": gettext_lazy("Tên viết tắt"),
    "ranking_group": gettext_lazy("Khối xếp hạng"),
    "order": gettext_lazy("Thứ tự"),
    "kind": gettext_lazy("Loại hình"),
    "parent": gettext_lazy("Thuộc địa bàn"),
    "admin_code": gettext_lazy("Mã ĐVHC"),
    "active_from_year": gettext_lazy("Hoạt động từ năm"),
    "active_to_year": gettext_lazy("Hoạt động đến năm"),
    "predecessors": gettext_lazy("Đơn vị tiền thân"),
    "lineage_note": gettext_lazy("Ghi chú hình thành"),
    "legal_basis": gettext_lazy("Căn cứ pháp lý"),
    "illustrative": gettext_lazy("Bản minh họa"),
    "max_points": gettext_lazy("Điểm tối đa"),
    "classification": gettext_lazy("Xếp loại"),
    "status": gettext_lazy("Trạng thái"),
    "nodes": gettext_lazy("Số tiêu chí"),
    "from": gettext_lazy("Sao chép từ"),
    "cloned_from": gettext_lazy("Sao chép từ"),
    "field_id": gettext_lazy("Lĩnh vực"),
    "method": gettext_lazy("Phương thức chấm"),
    "evidence": gettext_lazy("Tài liệu kiểm chứng"),
    "evidence_hint": gettext_lazy("Gợi ý tài liệu kiểm chứng"),
    "guidance": gettext_lazy("Hướng dẫn chấm"),
    "not_applicable_allowed": gettext_lazy("Được đánh dấu không áp dụng"),
    "suggest_from": gettext_lazy("Gợi ý từ dữ liệu hệ thống"),
    "rule": gettext_lazy("Cách chấm"),
    # Periodic reports
    "narrative": gettext_lazy("Nội dung báo cáo"),
    "deadline": gettext_lazy("Hạn nộp"),
    "late": gettext_lazy("Nộp muộn"),
    "extended_until": gettext_lazy("Gia hạn đến hết ngày"),
    "indicators": gettext_lazy("Số chỉ tiêu"),
    # PAR plans and their tasks
    "content": gettext_lazy("Nội dung nhiệm vụ"),
    "product": gettext_lazy("Sản phẩm"),
    "lead_unit_id": gettext_lazy("Cơ quan chủ trì"),
    "responsible_office": gettext_lazy("Bộ phận chủ trì"),
    "due_on": gettext_lazy("Hạn hoàn thành"),
    "due_label": gettext_lazy("Thời gian hoàn thành"),
    "budget": gettext_lazy("Kinh phí"),
    "funding_source": gettext_lazy("Nguồn kinh phí"),
    "counts": gettext_lazy("Tính vào tỷ lệ hoàn thành"),
    "weight": gettext_lazy("Trọng số"),
    "carries_id": gettext_lazy("Nhiệm vụ của tỉnh"),
    "cancelled": gettext_lazy("Đã hủy"),
    "tasks": gettext_lazy("Số nhiệm vụ"),
    "unit_deadline": gettext_lazy("Hạn ban hành kế hoạch của đơn vị"),
    "is_public": gettext_lazy("Công khai tiến độ"),
    "on": gettext_lazy("Ngày báo cáo"),
    "percent": gettext_lazy("Tiến độ (%)"),
    "note": gettext_lazy("Ghi chú"),
}
# The same key means something else in the entries of these objects (by their target_type).
TARGET_FIELD_LABELS = {
    ("assessments.entry", "code"): gettext_lazy("Tiêu chí"),
    ("appraisal.explanationrequest", "code"): gettext_lazy("Tiêu chí"),
    ("catalog.unit", "level"): gettext_lazy("Cấp"),
    ("catalog.criteriaset", "level"): gettext_lazy("Cấp"),
    ("catalog.criteriaset", "not_applicable"): gettext_lazy("Cách tính tiêu chí không áp dụng"),
    ("reports.reportingperiod", "kind"): gettext_lazy("Loại kỳ"),
}
# Stored as exact decimal strings ("0.5"); shown with a decimal comma.
NUMBER_KEYS = {"numerator", "denominator", "points", "self_points", "appraised_points"}
# Stored in bytes; shown as 1,5 MB.
SIZE_KEYS = {"size"}
# Shown shortened, the whole value on hover; the document's page shows it in full.
HASH_KEYS = {"sha256"}
ACTION_LABELS = {
    # Periodic reports
    "report_template.import": gettext_lazy("Nhập mẫu báo cáo"),
    "report_template.clone": gettext_lazy("Sao chép mẫu báo cáo"),
    "report_period.create": gettext_lazy("Tạo kỳ báo cáo"),
    "report_period.open": gettext_lazy("Mở kỳ báo cáo"),
    "report_period.remind": gettext_lazy("Nhắc đơn vị nộp báo cáo"),
    "report.section": gettext_lazy("Soạn báo cáo"),
    "report.attach": gettext_lazy("Đính kèm tài liệu vào báo cáo"),
    "report.detach": gettext_lazy("Bỏ tài liệu đính kèm báo cáo"),
    "report.submit": gettext_lazy("Nộp báo cáo"),
    "report.return": gettext_lazy("Trả lại báo cáo"),
    "report.extend": gettext_lazy("Gia hạn nộp báo cáo"),
    "self_assessment.entry": gettext_lazy("Tự chấm"),
    "self_assessment.submit": gettext_lazy("Nộp kết quả tự đánh giá"),
    "self_assessment.withdraw": gettext_lazy("Rút lại kết quả tự đánh giá"),
    "self_assessment.reopen": gettext_lazy("Mở lại tự đánh giá"),
    "evidence.create": gettext_lazy("Tạo tài liệu"),
    "evidence.upload": gettext_lazy("Tải lên tài liệu cho tiêu chí"),
    "evidence.link": gettext_lazy("Gắn tài liệu với tiêu chí"),
    "evidence.unlink": gettext_lazy("Bỏ gắn tài liệu khỏi tiêu chí"),
    "evidence.edit": gettext_lazy("Sửa thông tin tài liệu"),
    "evidence.version": gettext_lazy("Tải lên phiên bản mới"),
    "appraisal.entry": gettext_lazy("Thẩm định"),
    "appraisal.request": gettext_lazy("Yêu cầu giải trình"),
    "appraisal.request_withdrawn": gettext_lazy("Rút yêu cầu giải trình"),
    "appraisal.answers_sent": gettext_lazy("Gửi giải trình"),
    "appraisal.finalize": gettext_lazy("Hoàn tất thẩm định"),
    "appraisal.reopen": gettext_lazy("Mở lại kết quả thẩm định"),
    "explanation.answer": gettext_lazy("Giải trình"),
    "explanation.upload": gettext_lazy("Tải lên tài liệu giải trình"),
    "explanation.link": gettext_lazy("Gắn tài liệu với giải trình"),
    "explanation.unlink": gettext_lazy("Bỏ gắn tài liệu khỏi giải trình"),
    "team.add": gettext_lazy("Thêm thành viên"),
    "team.remove": gettext_lazy("Xóa thành viên"),
    "assignment.save": gettext_lazy("Phân công thẩm định"),
    "assignment.delete": gettext_lazy("Xóa phân công"),
    "survey.import": gettext_lazy("Nhập điểm điều tra xã hội học"),
    "period.create": gettext_lazy("Tạo kỳ đánh giá"),
    "period.update": gettext_lazy("Sửa kỳ đánh giá"),
    "period.start_appraisal": gettext_lazy("Kết thúc tự đánh giá, bắt đầu thẩm định"),
    "results.publish": gettext_lazy("Công bố kết quả"),
    "results.load_history": gettext_lazy("Nạp kết quả các năm trước"),
    "account.create": gettext_lazy("Tạo tài khoản"),
    "account.update": gettext_lazy("Sửa tài khoản"),
    "account.deactivate": gettext_lazy("Khóa tài khoản"),
    "account.reactivate": gettext_lazy("Mở lại tài khoản"),
    "account.reset_password": gettext_lazy("Cấp lại liên kết đặt mật khẩu"),
    "account.second_factor_on": gettext_lazy("Bật xác thực hai lớp"),
    "account.recovery_codes": gettext_lazy("Tạo mã khôi phục mới"),
    "account.recovery_code_used": gettext_lazy("Đăng nhập bằng mã khôi phục"),
    "unitlevel.create": gettext_lazy("Thêm cấp đơn vị"),
    "unitlevel.update": gettext_lazy("Sửa cấp đơn vị"),
    "unit.create": gettext_lazy("Thêm đơn vị"),
    "unit.update": gettext_lazy("Sửa đơn vị"),
    "field.create": gettext_lazy("Thêm lĩnh vực"),
    "field.update": gettext_lazy("Sửa lĩnh vực"),
    "criteria_set.import": gettext_lazy("Nhập bộ tiêu chí"),
    "criteria_set.clone": gettext_lazy("Sao chép bộ tiêu chí"),
    "criteria_set.update": gettext_lazy("Sửa thông tin bộ tiêu chí"),
    "criteria_set.in_use": gettext_lazy("Đưa bộ tiêu chí vào áp dụng"),
    "criterion.create": gettext_lazy("Thêm tiêu chí"),
    "criterion.update": gettext_lazy("Sửa tiêu chí"),
    "criterion.delete": gettext_lazy("Xóa tiêu chí"),
    # PAR plans (parindex/plans)
    "plan.create": gettext_lazy("Tạo kế hoạch CCHC"),
    "plan.task_add": gettext_lazy("Thêm nhiệm vụ"),
    "plan.task_update": gettext_lazy("Sửa nhiệm vụ"),
    "plan.task_remove": gettext_lazy("Xóa nhiệm vụ"),
    "plan.issue": gettext_lazy("Ban hành kế hoạch CCHC"),
    "plan.year": gettext_lazy("Thiết lập kế hoạch năm"),
    "plan.progress": gettext_lazy("Báo cáo tiến độ nhiệm vụ"),
    "plan.amend": gettext_lazy("Điều chỉnh kế hoạch CCHC"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return action if label is None else str(label)


def key_label(key: str, target_type: str = "") -> str:
    """The label of a key of an entry's values; `target_type` when the entry is about an object
    where the key means something else (TARGET_FIELD_LABELS)."""
    label = TARGET_FIELD_LABELS.get((target_type, key)) or FIELD_LABELS.get(key)
    return key if label is None else str(label)


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def value_text(value: Any, key: str = "") -> str:
    """A value as the trail stored it (JSON), written as the province writes it."""
    if value is None or value == "":
        return "–"
    if key in NUMBER_KEYS and isinstance(value, str):
        return format_exact(value)
    if key in SIZE_KEYS and isinstance(value, int):
        return format_size(value)
    if isinstance(value, bool):
        return gettext("Có") if value else gettext("Không")
    if isinstance(value, list):
        return "; ".join(value_text(item) for item in value)
    if isinstance(value, str) and ISO_DATE.match(value):
        return day_text(date.fromisoformat(value))
    return str(value)
