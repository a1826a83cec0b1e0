"""The demo's periodic PAR reports of 2025: the illustrative template, the first quarter and the
half-year closed with reports in every state (on time, late, returned, missing), and the year's
report open until ten days after the demo is loaded, Sở Tư pháp and Phường Điện Biên Phủ (the
units of the demo accounts) with drafts to finish. The units with demo accounts take part: their
officers type, their heads submit, through the same functions users use (and audited so)."""

import random
from datetime import datetime, timedelta
from pathlib import Path

from parindex.accounts.models import Role, User
from parindex.assessments import deadlines
from parindex.assessments.models import Evidence
from parindex.catalog.models import Unit
from parindex.reports import attaching, periods, workflow
from parindex.reports.models import ReportingPeriod, ReportTemplate, UnitReport
from parindex.reports.spec import Kind
from parindex.reports.template_format import read_template
from parindex.reports.template_store import save_template

from .accounts import DBP, PML, PMT, SCT, SGD, SNN, STP, SVH, SXD, SYT, XMP, XTG
from .self_assessment import DEMO_YEAR, moment, seeded

TEMPLATE = Path(__file__).resolve().parent / "data" / "report-template-2025.yaml"
UNITS = (STP, SCT, SXD, SYT, SGD, SNN, SVH, DBP, PMT, PML, XMP, XTG)
# How each closed period went: units late, returned (and, in the half-year, sent again) and
# missing; the others sent on time.
CLOSED = {
    Kind.Q1: {"late": (SXD, XMP), "returned": (SVH,), "resent": (), "missing": (XTG,)},
    Kind.HALF_YEAR: {"late": (PML,), "returned": (), "resent": (SYT,), "missing": (XTG,)},
}
RETURN_REASONS = {
    SVH: "Bảng số liệu thủ tục hành chính chưa tách hồ sơ trực tuyến; đề nghị bổ sung và gửi lại.",
    SYT: "Số hồ sơ giải quyết đúng hạn lớn hơn số hồ sơ tiếp nhận; đề nghị rà soát lại số liệu.",
}
NARRATIVES = {
    "CDDH": (
        "{unit} ban hành kế hoạch CCHC năm {year}, giao nhiệm vụ cụ thể cho từng phòng, bộ "
        "phận; tổ chức kiểm tra CCHC tại {n} đơn vị trực thuộc. Nhiệm vụ kỳ tới: tiếp tục kiểm "
        "tra, tuyên truyền."
    ),
    "THECHE": (
        "Rà soát các văn bản quy phạm pháp luật thuộc phạm vi quản lý, không phát hiện văn bản "
        "trái pháp luật. Nhiệm vụ kỳ tới: hoàn thành kế hoạch rà soát, hệ thống hóa văn bản."
    ),
    "TTHC": (
        "Duy trì tiếp nhận, trả kết quả qua bộ phận một cửa và dịch vụ công trực tuyến; công "
        "khai đầy đủ thủ tục hành chính. Nhiệm vụ kỳ tới: giảm hồ sơ quá hạn, tăng hồ sơ trực "
        "tuyến toàn trình."
    ),
    "TCBM": (
        "Thực hiện sắp xếp tổ chức bộ máy theo chủ trương của Trung ương và của tỉnh, quản lý "
        "biên chế được giao. Nhiệm vụ kỳ tới: hoàn thiện quy chế làm việc sau sắp xếp."
    ),
    "CONGVU": (
        "Cử cán bộ, công chức tham gia đào tạo, bồi dưỡng; thực hiện đánh giá, xếp loại theo "
        "quy định; tăng cường kỷ luật, kỷ cương hành chính."
    ),
    "TAICHINH": (
        "Thực hiện tự chủ tài chính, công khai ngân sách; đẩy nhanh giải ngân vốn đầu tư công."
    ),
    "CDS": (
        "Sử dụng hệ thống quản lý văn bản và điều hành, chữ ký số trong xử lý văn bản; duy trì "
        "cổng thông tin điện tử."
    ),
}

# The documents of a unit's evidence library (self_assessment.DOCUMENTS) a section cites.
ATTACHED = {
    "CDDH": "Kế hoạch cải cách hành chính năm",
    "TTHC": "Báo cáo tình hình, kết quả kiểm soát thủ tục hành chính",
}


def _figures(unit: Unit, kind: Kind, rng: random.Random) -> dict[str, dict[str, str]]:
    """Real-looking figures of one unit for one period, by section (as typed: decimal comma)."""
    scale = {Kind.Q1: 1, Kind.HALF_YEAR: 2, Kind.Q3: 3, Kind.YEAR: 4}[kind]
    commune = unit.level.code == "commune"
    received = rng.randint(60, 180) * scale if commune else rng.randint(150, 900) * scale
    online = received * rng.randint(35, 75) // 100
    late = rng.randint(0, max(1, received // 60))
    tasks = rng.randint(14, 26)
    spent, budget = rng.randint(8, 30) * scale * 100, rng.randint(45, 60) * 500
    signed = rng.randint(300, 900) * scale
    return {
        "CDDH": {
            "CDDH.1": "yes",
            "CDDH.2": str(rng.randint(1, 3) * scale),
            "CDDH.3/n": str(min(tasks, tasks * scale // 4 + rng.randint(0, 3))),
            "CDDH.3/d": str(tasks),
        },
        "THECHE": {
            "THECHE.1": str(rng.randint(0, 3 * scale)),
            "THECHE.2": str(rng.randint(4, 15) * scale),
        },
        "TTHC": {
            "TTHC.1/nhan/truc-tiep": f"{received - online:,}".replace(",", "."),
            "TTHC.1/nhan/truc-tuyen": f"{online:,}".replace(",", "."),
            "TTHC.1/dung-han/truc-tiep": f"{received - online - late:,}".replace(",", "."),
            "TTHC.1/dung-han/truc-tuyen": f"{online:,}".replace(",", "."),
            "TTHC.1/qua-han/truc-tiep": str(late),
            "TTHC.1/qua-han/truc-tuyen": "0",
        },
        "TCBM": {"TCBM.1": str(rng.randint(18, 30) if commune else rng.randint(40, 160))},
        "CONGVU": {"CONGVU.1": str(rng.randint(5, 30) * scale)},
        "TAICHINH": {
            "TAICHINH.1/n": f"{min(spent, budget):,}".replace(",", "."),
            "TAICHINH.1/d": f"{budget:,}".replace(",", "."),
        },
        "CDS": {"CDS.1/n": str(signed * rng.randint(88, 99) // 100), "CDS.1/d": str(signed)},
    }


def _fill(report: UnitReport, kind: Kind, *, sections: int | None = None) -> None:
    rng = seeded("reports", report.unit.code, kind)
    officer = User.objects.get(unit=report.unit, role=Role.UNIT_OFFICER)
    figures = list(_figures(report.unit, kind, rng).items())[:sections]
    for code, typed in figures:
        narrative = NARRATIVES[code].format(
            unit=report.unit.name, year=DEMO_YEAR, n=rng.randint(2, 5)
        )
        row = report.sections.filter(code=code).first()
        workflow.save_section(
            report,
            code,
            narrative=narrative,
            typed=typed,
            version=row.version if row else 0,
            by=officer,
        )
        if code in ATTACHED and not report.attachments.filter(section=code).exists():
            cited = Evidence.objects.filter(unit=report.unit, title__startswith=ATTACHED[code])
            for document in cited[:1]:
                attaching.attach(report, code, document, by=officer)


def _submit(report: UnitReport, at: datetime) -> None:
    head = User.objects.get(unit=report.unit, role=Role.UNIT_HEAD)
    workflow.submit_report(report, by=head, now=at)


def _closed_period(template: ReportTemplate, kind: Kind, units: list[Unit], admin: User) -> int:
    """A closed period of 2025 in its story (CLOSED); returns how many reports were submitted."""
    period = periods.create_period(template, kind=kind, year=DEMO_YEAR, units=units, by=admin)
    periods.open_period(period, by=admin)
    story = CLOSED[kind]
    sent = 0
    for report in period.reports.select_related("unit__level", "period__template"):
        code = report.unit.code
        if code in story["missing"]:
            continue
        rng = seeded("reports", code, kind, "day")
        _fill(report, kind)
        late = code in story["late"]
        day = (
            period.deadline + timedelta(days=rng.randint(1, 6))
            if late
            else period.deadline - timedelta(days=rng.randint(0, 6))
        )
        _submit(report, moment(day, rng.randint(30, 540)))
        sent += 1
        if code in story["returned"] or code in story["resent"]:
            workflow.return_report(report, reason=RETURN_REASONS[code], by=admin)
        if code in story["resent"]:
            _fill(report, kind)
            _submit(report, moment(period.deadline + timedelta(days=4), 120))
    return sent


def _open_year(template: ReportTemplate, units: list[Unit], admin: User, now: datetime) -> int:
    """The year's report, due ten days from now: half the units have sent it, the demo
    accounts' units have drafts."""
    deadline = deadlines.today(now) + timedelta(days=10)
    period = periods.create_period(
        template, kind=Kind.YEAR, year=DEMO_YEAR, units=units, by=admin, deadline=deadline
    )
    periods.open_period(period, by=admin)
    sent = 0
    for report in period.reports.select_related("unit__level", "period__template"):
        code = report.unit.code
        if code in (STP, DBP):
            _fill(report, Kind.YEAR, sections=3)
        elif code in (SCT, SYT, SGD, PMT, PML, SNN):
            _fill(report, Kind.YEAR)
            _submit(
                report, now - timedelta(days=seeded("reports", code, "year").randint(1, 4), hours=2)
            )
            sent += 1
    return sent


def load_reports(now: datetime) -> dict[str, int]:
    """The template and the 2025 periods when the template is not there yet (created is 0
    otherwise): {"report_periods": …, "reports_submitted": …}."""
    if ReportTemplate.objects.filter(code="bao-cao-cchc", year=DEMO_YEAR).exists():
        return {"report_periods": 0, "reports_submitted": 0}
    admin = User.objects.get(username="admin")
    template = save_template(read_template(TEMPLATE.read_bytes()), by=admin)
    units = list(Unit.objects.filter(code__in=UNITS).select_related("level"))
    sent = sum(_closed_period(template, kind, units, admin) for kind in CLOSED)
    sent += _open_year(template, units, admin, now)
    return {
        "report_periods": ReportingPeriod.objects.filter(template=template).count(),
        "reports_submitted": sent,
    }
