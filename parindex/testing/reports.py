"""Periodic reports for tests: the illustrative template, a small one, an opened period."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from parindex.assessments import suggestions
from parindex.reports import periods
from parindex.reports.models import ReportingPeriod, ReportTemplate
from parindex.reports.spec import Kind, parse_template
from parindex.reports.template_format import read_template
from parindex.reports.template_store import save_template

ILLUSTRATIVE = (
    Path(__file__).resolve().parent.parent / "demo" / "data" / "report-template-2025.yaml"
)

# Plan progress as plans would suggest it: 3 of 4 tasks done.
PLAN = suggestions.Suggestion(
    source="Kế hoạch CCHC",
    numerator=Decimal(3),
    denominator=Decimal(4),
    as_of=date(2026, 3, 14),
    url="/plans/rate/",
    link_text="Xem các nhiệm vụ được tính",
)


def small_document(level_code: str = "department", year: int = 2025) -> dict:
    """Two sections, one indicator of each type: what the forms and aggregates are tested on."""
    return {
        "format": "parindex.report-template/1",
        "code": "bao-cao-thu",
        "title": "Báo cáo thử",
        "year": year,
        "kinds": ["q1", "h1", "q3", "year"],
        "levels": [level_code],
        "sections": [
            {
                "code": "A",
                "title": "Chỉ đạo, điều hành",
                "prompt": "Kết quả và nhiệm vụ kỳ tới",
                "indicators": [
                    {
                        "code": "A1",
                        "title": "Số cuộc kiểm tra",
                        "type": "number",
                        "unit": "cuộc",
                        "min": "0",
                        "max": "100",
                        "required": True,
                    },
                    {
                        "code": "A2",
                        "title": "Hồ sơ đúng hạn",
                        "type": "percentage",
                        "unit": "hồ sơ",
                    },
                    {"code": "A3", "title": "Đã ban hành kế hoạch", "type": "yes_no"},
                ],
            },
            {
                "code": "B",
                "title": "Thủ tục hành chính",
                "indicators": [
                    {"code": "B1", "title": "Ngày công bố", "type": "date"},
                    {"code": "B2", "title": "Ghi chú", "type": "text"},
                    {
                        "code": "B3",
                        "title": "Hồ sơ",
                        "type": "table",
                        "rows": [
                            {"code": "nhan", "title": "Tiếp nhận"},
                            {"code": "tre", "title": "Quá hạn"},
                        ],
                        "columns": [
                            {"code": "tt", "title": "Trực tiếp"},
                            {"code": "tructuyen", "title": "Trực tuyến"},
                        ],
                    },
                ],
            },
        ],
    }


def make_template(level_code: str = "department", year: int = 2025, *, by=None) -> ReportTemplate:
    return save_template(parse_template(small_document(level_code, year)), by=by)


def illustrative_template(*, by=None) -> ReportTemplate:
    return save_template(read_template(ILLUSTRATIVE.read_bytes()), by=by)


def open_report_period(
    template: ReportTemplate, units, *, kind: Kind = Kind.Q1, deadline: date | None = None
) -> ReportingPeriod:
    period = periods.create_period(
        template, kind=kind, year=template.year, units=units, by=None, deadline=deadline
    )
    periods.open_period(period, by=None)
    period.refresh_from_db()
    return period
