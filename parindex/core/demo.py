"""The Điện Biên demonstration data, loaded by `manage.py load_demo`.

The real unit levels and units of the province from the reference files, the three illustrative
criteria sets through the importer users use (read_yaml → parse_criteria → save_criteria_set),
accounts for every role, and the 2025 round in its appraisal: ten units have submitted their
self-assessment, two are reopened, the team is assigned every field and has begun appraising.
Everything goes through the functions the application uses, so it is checked and audited as a
user's work would be. Loading twice changes nothing: rows are found by code or username first,
and the round is filled only when it is created.
"""

import os
import random
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from math import ceil
from pathlib import Path

import yaml
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.accounts.models import Role, User
from parindex.appraisal import access as appraisal_access
from parindex.appraisal import appraising, team
from parindex.appraisal.assignments import coverage, leaf_fields
from parindex.appraisal.models import Round
from parindex.assessments import deadlines, evidence, scorecard, workflow
from parindex.assessments.models import AssessmentPeriod, Entry, UnitAssessment
from parindex.assessments.periods import create_period
from parindex.catalog.interchange import read_yaml, save_criteria_set
from parindex.catalog.models import CriteriaSet, Criterion, Field, Unit, UnitLevel
from parindex.catalog.specs import load_spec
from parindex.core.text import nfc
from parindex.scoring import Node, leaf_points
from parindex.scoring.criteria import CriteriaSet as Spec
from parindex.scoring.criteria import parse_criteria, show

LEVEL_ORDER = {"department": 1, "district": 2, "commune": 3}
DEPARTMENT_KINDS = (
    ("Sở ", Unit.Kind.DEPARTMENT),
    ("Ban ", Unit.Kind.BOARD),
    ("Văn phòng ", Unit.Kind.OFFICE),
    ("Thanh tra ", Unit.Kind.INSPECTORATE),
)

# A copy of the reference data (../shared/reference, sources in its README.md), so a fresh clone
# and CI need nothing outside the repository.
REFERENCE_DIR = Path(__file__).resolve().parent / "demo_data"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    unit_code: str | None
    job_title: str


NSV, STP, DBP = "dept-noi-vu", "dept-tu-phap", "commune-phuong-dien-bien-phu"
VP, STC, KHCN = "dept-vp-ubnd", "dept-tai-chinh", "dept-khoa-hoc-cong-nghe"
SCT, SXD, SYT = "dept-cong-thuong", "dept-xay-dung", "dept-y-te"
SGD, SNN, SVH = "dept-giao-duc-dao-tao", "dept-nong-nghiep-moi-truong", "dept-van-hoa-tt-dl"
PMT, PML = "commune-phuong-muong-thanh", "commune-phuong-muong-lay"
XMP, XTG = "commune-xa-muong-phang", "commune-xa-tuan-giao"
ACCOUNTS = (
    DemoAccount("admin", "Nguyễn Mạnh Hùng", Role.ADMIN, None, "Chuyên viên Phòng CCHC, Sở Nội vụ"),
    DemoAccount("snv.totruong", "Trần Thị Thanh Lan", Role.APPRAISAL_LEAD, NSV, "Phó Giám đốc"),
    DemoAccount("snv.thamdinh", "Đỗ Minh Tâm", Role.APPRAISER, NSV, "Chuyên viên"),
    DemoAccount("stp.thamdinh", "Vũ Thị Hằng", Role.APPRAISER, STP, "Chuyên viên"),
    DemoAccount("stp.canbo", "Lò Thị Hoa", Role.UNIT_OFFICER, STP, "Chuyên viên"),
    DemoAccount("stp.lanhdao", "Quàng Văn Bình", Role.UNIT_HEAD, STP, "Giám đốc"),
    DemoAccount("dbp.canbo", "Lường Văn Xuân", Role.UNIT_OFFICER, DBP, "Công chức"),
    DemoAccount("dbp.lanhdao", "Cà Thị Mai", Role.UNIT_HEAD, DBP, "Chủ tịch UBND phường"),
    # The other agencies of the appraisal team (units-dien-bien.yaml, appraisal_team).
    DemoAccount("vp.thamdinh", "Phạm Thu Trang", Role.APPRAISER, VP, "Chuyên viên"),
    DemoAccount("stc.thamdinh", "Lê Quang Vinh", Role.APPRAISER, STC, "Chuyên viên"),
    DemoAccount("skhcn.thamdinh", "Hoàng Thị Lan Anh", Role.APPRAISER, KHCN, "Chuyên viên"),
    # The units that have submitted their self-assessment: who entered it and who submitted it.
    DemoAccount("sct.canbo", "Nguyễn Thị Thu Hà", Role.UNIT_OFFICER, SCT, "Chuyên viên"),
    DemoAccount("sct.lanhdao", "Phạm Văn Dũng", Role.UNIT_HEAD, SCT, "Giám đốc"),
    DemoAccount("sxd.canbo", "Lò Văn Thắng", Role.UNIT_OFFICER, SXD, "Chuyên viên"),
    DemoAccount("sxd.lanhdao", "Đặng Quốc Huy", Role.UNIT_HEAD, SXD, "Phó Giám đốc"),
    DemoAccount("syt.canbo", "Bùi Thị Ngọc Anh", Role.UNIT_OFFICER, SYT, "Chuyên viên"),
    DemoAccount("syt.lanhdao", "Hoàng Minh Tuấn", Role.UNIT_HEAD, SYT, "Giám đốc"),
    DemoAccount("sgddt.canbo", "Tòng Thị Phương", Role.UNIT_OFFICER, SGD, "Chuyên viên"),
    DemoAccount("sgddt.lanhdao", "Lê Văn Quý", Role.UNIT_HEAD, SGD, "Giám đốc"),
    DemoAccount("snnmt.canbo", "Vũ Đức Anh", Role.UNIT_OFFICER, SNN, "Chuyên viên"),
    DemoAccount("snnmt.lanhdao", "Lường Văn Chiến", Role.UNIT_HEAD, SNN, "Phó Giám đốc"),
    DemoAccount("svhttdl.canbo", "Điêu Thị Hương", Role.UNIT_OFFICER, SVH, "Chuyên viên"),
    DemoAccount("svhttdl.lanhdao", "Nguyễn Văn Hải", Role.UNIT_HEAD, SVH, "Giám đốc"),
    DemoAccount("muongthanh.canbo", "Quàng Thị Dung", Role.UNIT_OFFICER, PMT, "Công chức"),
    DemoAccount("muongthanh.lanhdao", "Trần Văn Long", Role.UNIT_HEAD, PMT, "Chủ tịch UBND phường"),
    DemoAccount("muonglay.canbo", "Lò Văn Hưng", Role.UNIT_OFFICER, PML, "Công chức"),
    DemoAccount("muonglay.lanhdao", "Vì Văn Sơn", Role.UNIT_HEAD, PML, "Chủ tịch UBND phường"),
    DemoAccount("muongphang.canbo", "Lò Thị Ngân", Role.UNIT_OFFICER, XMP, "Công chức"),
    DemoAccount("muongphang.lanhdao", "Cà Văn Thanh", Role.UNIT_HEAD, XMP, "Chủ tịch UBND xã"),
    DemoAccount("tuangiao.canbo", "Lường Thị Thu", Role.UNIT_OFFICER, XTG, "Công chức"),
    DemoAccount("tuangiao.lanhdao", "Giàng A Dình", Role.UNIT_HEAD, XTG, "Chủ tịch UBND xã"),
)


def reference_dir(option: str | None = None) -> Path:
    """--reference, else $PARINDEX_REFERENCE_DIR, else the reference data shipped with the code."""
    chosen = option or os.environ.get("PARINDEX_REFERENCE_DIR")
    return Path(chosen) if chosen else REFERENCE_DIR


def demo_password(path: Path) -> tuple[str, bool]:
    """The demo accounts' password: read from `path`, or generated and written there (mode 600).

    Returns (password, generated now). Side effect: creates the file on first use.
    """
    if path.exists() and path.read_text(encoding="utf-8").strip():
        return path.read_text(encoding="utf-8").strip(), False
    password = secrets.token_urlsafe(12)
    path.touch(mode=0o600)
    path.write_text(password + "\n", encoding="utf-8")
    return password, True


def unit_code(reference_id: str) -> str:
    """ "dept.noi-vu" -> "dept-noi-vu": the reference ids, as slugs (a slug has no dots)."""
    return reference_id.replace(".", "-")


def _vietnamese_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day:02d}/{day.month}/{day.year}"


def _unit(reference_id: str, name: str, level: UnitLevel, **values) -> bool:
    _unit_row, created = Unit.objects.get_or_create(
        code=unit_code(reference_id), defaults={"name": nfc(name), "level": level, **values}
    )
    return created


def _levels(units: dict) -> tuple[dict[str, UnitLevel], int]:
    levels, created = {}, 0
    for item in units["unit_levels"]:
        levels[item["code"]], new = UnitLevel.objects.get_or_create(
            code=item["code"],
            defaults={
                "name": nfc(item["name"]),
                "order": LEVEL_ORDER.get(item["code"], len(LEVEL_ORDER) + 1),
                # The district level ended on 30/6/2025; its 2024 results stay in the catalogue.
                "is_active": "valid_to" not in item,
            },
        )
        created += new
    return levels, created


def _department_kind(name: str) -> str:
    return next((kind for prefix, kind in DEPARTMENT_KINDS if name.startswith(prefix)), "khac")


def _departments(units: dict, level: UnitLevel) -> int:
    """The 19 departments before 01/3/2025 and the 14 after: one unit per reference id."""
    before = {item["id"]: item for item in units["departments_before_2025"]["units"]}
    after = {item["id"]: item for item in units["departments_after_2025"]["units"]}
    first_year = date.fromisoformat(units["departments_after_2025"]["valid_from"]).year
    created = 0
    for reference_id, item in (before | after).items():
        created += _unit(
            reference_id,
            item["name"],
            level,
            kind=_department_kind(item["name"]),
            active_from_year=None if reference_id in before else first_year,
            active_to_year=None if reference_id in after else first_year - 1,
            lineage_note=nfc(item.get("note", "")),
        )
    for reference_id, item in after.items():
        earlier = [unit_code(p) for p in item.get("predecessors", []) if p != reference_id]
        unit = Unit.objects.get(code=unit_code(reference_id))
        unit.predecessors.add(*Unit.objects.filter(code__in=earlier))
    return created


def _districts(units: dict, level: UnitLevel, last_year: int) -> int:
    return sum(
        _unit(item["id"], item["name"], level, kind=item["kind"], active_to_year=last_year)
        for item in units["districts"]["units"]
    )


def _commune_note(item: dict, since: str) -> str:
    # The communes merged in 2025 are not units of their own, so their names are kept as text.
    if item.get("predecessors"):
        return _("Hình thành từ %(date)s trên cơ sở: %(names)s.") % {
            "date": since,
            "names": ", ".join(item["predecessors"]),
        }
    return _(
        "Hình thành từ %(date)s; địa bàn chính thuộc %(district)s cũ; các đơn vị hợp thành "
        "chưa được xác nhận từ nguồn."
    ) % {"date": since, "district": item["main_former_district"]}


def _communes(units: dict, level: UnitLevel, level_item: dict) -> int:
    since = _vietnamese_date(level_item["valid_from"])
    return sum(
        _unit(
            item["id"],
            item["name"],
            level,
            kind=item["kind"],
            admin_code=item["code_dvhc"],
            active_from_year=level_item["first_assessed_year"],
            lineage_note=nfc(_commune_note(item, since)),
        )
        for item in units["communes_2025"]["units"]
    )


def _fields(specs: list[Spec]) -> int:
    """The PAR fields the sets use, named after their area: the shortest title, since the sets
    word some areas differently ("… thủ tục hành chính" vs "… và thực hiện cơ chế một cửa …")."""
    names: dict[str, str] = {}
    for spec in specs:
        for node in spec.walk():
            if node.field:
                names[node.field] = min(names.get(node.field, node.title), node.title, key=len)
    return sum(
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})[1]
        for order, (code, name) in enumerate(names.items(), start=1)
    )


def _criteria_sets(specs: list[Spec]) -> int:
    created = 0
    for spec in specs:
        if not CriteriaSet.objects.filter(level__code=spec.level, year=spec.year).exists():
            save_criteria_set(spec, by=None)
            created += 1
    return created


def _accounts(password: str, *, reset_passwords: bool) -> int:
    created, hashed = 0, None
    for account in ACCOUNTS:
        user, new = User.objects.get_or_create(
            username=account.username,
            defaults={
                "full_name": account.full_name,
                "role": account.role,
                "job_title": account.job_title,
                "unit": Unit.objects.get(code=account.unit_code) if account.unit_code else None,
                "is_staff": account.role == Role.ADMIN,
                "is_superuser": account.role == Role.ADMIN,
            },
        )
        # A new password file means the old password is lost: give the accounts the new one.
        if new or reset_passwords:
            # One hash of the shared password for all: hashing it per account takes seconds.
            hashed = hashed or make_password(password)
            user.password = hashed
            user.save(update_fields=["password"])
        created += new
    return created


DEMO_YEAR = 2025
# Days from the day the demo is loaded: the units' self-assessment is over, the appraisal is on.
DEADLINES = {
    "self_assessment_opens": -40,
    "self_assessment_closes": -3,
    "appraisal_closes": 14,
    "explanation_closes": 21,
    "final_appraisal_closes": 28,
}
# The units with demo accounts can still show the self-assessment: the admin reopened them, until
# before the appraisal deadline so that the team can still appraise them afterwards.
REOPENED_DAYS = 7
REOPENINGS = (
    (
        STP,
        "Sở đề nghị gia hạn do thay đổi công chức phụ trách cải cách hành chính sau sắp xếp bộ "
        "máy; Sở Nội vụ đồng ý mở lại để đơn vị hoàn thiện hồ sơ tự đánh giá.",
    ),
    (
        DBP,
        "Phường hình thành từ 01/7/2025, đang tổng hợp số liệu của các đơn vị hành chính cũ; "
        "đồng ý mở lại tự đánh giá theo đề nghị của UBND phường.",
    ),
)

# Who appraises what: each agency its own field (units-dien-bien.yaml, appraisal_team) for every
# unit, Sở Nội vụ the others. An agency never appraises itself, so for its own unit its field goes
# to Sở Nội vụ, and Sở Nội vụ's fields to Văn phòng UBND tỉnh (a choice made for the demo).
NSV_FIELDS = ("CDDH", "TCBM", "CONGVU", "TACDONG", "THUONGTRU")
ASSIGNMENTS = (
    *((NSV, field, ()) for field in NSV_FIELDS),
    (STP, "THECHE", ()),
    (VP, "TTHC", ()),
    (STC, "TAICHINH", ()),
    (KHCN, "CDS", ()),
    (NSV, "THECHE", (STP,)),
    (NSV, "TTHC", (VP,)),
    (NSV, "TAICHINH", (STC,)),
    (NSV, "CDS", (KHCN,)),
    *((VP, field, (NSV,)) for field in NSV_FIELDS),
)


@dataclass(frozen=True)
class DemoSelfAssessment:
    """A unit whose self-assessment the demo enters and submits."""

    unit_code: str
    sign: str  # the issuing sign of its documents, as in 125/KH-SCT
    not_applicable: tuple[tuple[str, str], ...] = ()  # (leaf code, reason)
    awarded: bool = False  # a Bằng khen for its PAR work: the first bonus item


SELF_ASSESSMENTS = (
    DemoSelfAssessment(
        SCT, "SCT", (("6.1", "Năm 2025 Sở không được giao kế hoạch vốn đầu tư công."),)
    ),
    DemoSelfAssessment(SXD, "SXD", awarded=True),
    DemoSelfAssessment(SYT, "SYT"),
    DemoSelfAssessment(SGD, "SGDĐT"),
    DemoSelfAssessment(SNN, "SNNMT"),
    DemoSelfAssessment(
        SVH,
        "SVHTTDL",
        (("2.1.1", "Năm 2025 Sở không được giao chủ trì soạn thảo văn bản quy phạm pháp luật."),),
    ),
    DemoSelfAssessment(PMT, "UBND", awarded=True),
    DemoSelfAssessment(
        PML,
        "UBND",
        (
            (
                "3.4.2",
                "Trong năm không phát sinh hồ sơ thủ tục hành chính có nghĩa vụ tài chính thuộc "
                "thẩm quyền giải quyết của UBND phường.",
            ),
        ),
    ),
    DemoSelfAssessment(
        XMP,
        "UBND",
        (
            ("2.1.1", "Năm 2025 UBND xã không ban hành văn bản quy phạm pháp luật."),
            ("6.1", "UBND xã không được giao kế hoạch vốn đầu tư công năm 2025."),
        ),
    ),
    DemoSelfAssessment(
        XTG, "UBND", (("2.1.1", "Năm 2025 UBND xã không ban hành văn bản quy phạm pháp luật."),)
    ),
)


@dataclass(frozen=True)
class DemoDocument:
    """A document units cite for the items of one field, as an official reference."""

    field: str
    kind: str  # KH, BC, QĐ: the sign of its number, as in 125/KH-SCT
    title: str
    month: int  # of DEMO_YEAR, when it is issued
    by_province: bool = False  # issued by UBND tỉnh rather than the unit
    summary: str = "{title} của {unit}"


DOCUMENTS = {
    "department": (
        DemoDocument("CDDH", "KH", "Kế hoạch cải cách hành chính năm {year}", 1),
        DemoDocument(
            "THECHE",
            "BC",
            "Báo cáo kết quả công tác xây dựng, kiểm tra, rà soát văn bản quy phạm pháp luật "
            "năm {year}",
            12,
        ),
        DemoDocument(
            "TTHC",
            "BC",
            "Báo cáo tình hình, kết quả kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, "
            "một cửa liên thông năm {year}",
            12,
        ),
        DemoDocument(
            "TCBM",
            "QĐ",
            "Quyết định quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức",
            3,
            by_province=True,
        ),
        DemoDocument(
            "CONGVU",
            "KH",
            "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm {year}",
            2,
        ),
        DemoDocument(
            "TAICHINH",
            "BC",
            "Báo cáo tình hình thực hiện dự toán ngân sách nhà nước năm {year}",
            12,
        ),
        DemoDocument(
            "CDS", "BC", "Báo cáo kết quả chuyển đổi số, phát triển chính quyền số năm {year}", 12
        ),
        DemoDocument(
            "TACDONG",
            "BC",
            "Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội năm {year}",
            12,
        ),
    ),
    "commune": (
        DemoDocument("CDDH", "KH", "Kế hoạch cải cách hành chính năm {year}", 7),
        DemoDocument(
            "THECHE", "BC", "Báo cáo kết quả công tác xây dựng, thi hành pháp luật năm {year}", 12
        ),
        DemoDocument(
            "TTHC",
            "BC",
            "Báo cáo kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa năm {year}",
            12,
        ),
        DemoDocument("TCBM", "QĐ", "Quyết định ban hành Quy chế làm việc", 7),
        DemoDocument("CONGVU", "KH", "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức năm {year}", 8),
        DemoDocument(
            "TAICHINH",
            "BC",
            "Báo cáo tình hình thực hiện dự toán thu, chi ngân sách xã năm {year}",
            12,
        ),
        DemoDocument("CDS", "BC", "Báo cáo kết quả chuyển đổi số năm {year}", 12),
        DemoDocument(
            "TACDONG",
            "BC",
            "Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội, bảo đảm quốc phòng, "
            "an ninh năm {year}",
            12,
        ),
    ),
}
AWARD = DemoDocument(
    "THUONGTRU",
    "QĐ",
    "Quyết định tặng Bằng khen của Chủ tịch UBND tỉnh về thành tích cải cách hành chính năm {year}",
    12,
    by_province=True,
    summary="Về việc tặng Bằng khen của Chủ tịch UBND tỉnh cho {unit} đã có thành tích xuất sắc "
    "trong công tác cải cách hành chính năm {year}",
)
PROVINCE = "UBND tỉnh Điện Biên"
# Documents are numbered in order through the year: about this many a year by each issuer.
YEARLY_DOCUMENTS = {True: 3_000, False: 500}
# Where required evidence is not attached, the unit says why (workflow.blockers).
EXPLANATIONS = (
    "Hồ sơ gốc lưu tại bộ phận văn thư của đơn vị; đơn vị sẽ xuất trình khi Tổ thẩm định kiểm tra "
    "thực tế.",
    "Số liệu tổng hợp từ Hệ thống quản lý văn bản và điều hành của tỉnh; đơn vị đang trích xuất "
    "báo cáo có chữ ký số để bổ sung.",
    "Kết quả đã nêu trong báo cáo gửi Sở Nội vụ qua Hệ thống quản lý văn bản và điều hành; đơn vị "
    "sẽ bổ sung bản chụp khi có yêu cầu.",
)
EXPLAINED_SHARE = 0.1
# The size of a ratio's denominator, by what it counts (the first word found in its label).
DENOMINATORS = (
    ("báo cáo", 4, 4),
    ("triệu đồng", 2_000, 45_000),
    ("quá hạn", 0, 6),
    ("phản ánh", 2, 18),
    ("kiến nghị", 2, 9),
    ("tồn tại", 2, 8),
    ("đơn vị sự nghiệp", 2, 6),
    ("phòng", 4, 9),
    ("văn bản đi", 900, 3_600),
    ("văn bản", 2, 12),
    ("hồ sơ", 150, 4_200),
    ("tthc", 40, 160),
    ("lượt", 25, 90),
    ("chỉ tiêu", 5, 14),
    ("nhiệm vụ", 12, 40),
    ("cbcc", 18, 32),
    ("công chức", 25, 70),
)
OTHER_DENOMINATOR = (10, 40)

# Sở Nội vụ's appraiser has begun: the share of their items done in two units; the first unit is
# asked to explain the first item whose points were lowered.
APPRAISER = "snv.thamdinh"
APPRAISED = ((SCT, 0.85), (PMT, 0.6))
LOWERED_SHARE = 0.15
APPRAISED_STRENGTH = 0.8
SEED = "parindex-demo-2025"


def _period(now: datetime) -> AssessmentPeriod | None:
    """The demo round of DEMO_YEAR for the levels whose criteria set is of that year, its
    deadlines counted from today; None when it exists already."""
    if AssessmentPeriod.objects.filter(year=DEMO_YEAR).exists():
        return None
    criteria_sets = list(CriteriaSet.objects.filter(year=DEMO_YEAR).select_related("level"))
    levels = {criteria_set.level_id for criteria_set in criteria_sets}
    units = [
        unit
        for unit in Unit.objects.filter(level_id__in=levels).select_related("level")
        if unit.is_active_in(DEMO_YEAR)
    ]
    today = deadlines.today(now)
    return create_period(
        year=DEMO_YEAR,
        title=_("Đánh giá, xác định Chỉ số CCHC năm %(year)d (minh họa)") % {"year": DEMO_YEAR},
        dates={name: today + timedelta(days=offset) for name, offset in DEADLINES.items()},
        criteria_sets=criteria_sets,
        units=units,
        by=User.objects.get(username=ACCOUNTS[0].username),
    )


def _team(period: AssessmentPeriod) -> tuple[int, int]:
    """The admin puts every demo appraisal account on the team and makes ASSIGNMENTS (audited, as
    on the team page); returns (members, assignments)."""
    admin = User.objects.get(username=ACCOUNTS[0].username)
    roles = (Role.APPRAISER, Role.APPRAISAL_LEAD)
    usernames = [account.username for account in ACCOUNTS if account.role in roles]
    members = User.objects.filter(username__in=usernames).select_related("unit")
    for user in members:
        team.add_member(period, user, by=admin)
    units = Unit.objects.in_bulk(field_name="code")
    fields = Field.objects.in_bulk(field_name="code")
    for agency, field, only in ASSIGNMENTS:
        team.save_assignment(
            period, units[agency], fields[field], [units[code] for code in only], by=admin
        )
    return len(members), len(ASSIGNMENTS)


def _rng(*key: str) -> random.Random:
    # Demo data, not secrets: the same seed gives the same province on every load.
    return random.Random(":".join((SEED, *key)))  # noqa: S311


def _moment(day: date, minutes: int) -> datetime:
    """`minutes` after 8:00 on `day` in the province."""
    return deadlines.starts(day) + timedelta(hours=8, minutes=minutes)


def _denominator(label: str, rng: random.Random) -> int:
    low, high = next(
        ((low, high) for word, low, high in DENOMINATORS if word in label.lower()),
        OTHER_DENOMINATOR,
    )
    return rng.randint(low, high)


def _ratio(leaf: Node, rng: random.Random, good: bool) -> dict:
    """A numerator in the rule's best band (all of the denominator for a proportional rule) when
    `good`, else in the band below."""
    rule = leaf.rule
    denominator = _denominator(rule.denominator, rng)
    if rule.zero_denominator is None:
        denominator = max(denominator, 1)
    if rule.kind == "ratio_bands":
        best = rule.bands[0].min
        below = rule.bands[1].min if len(rule.bands) > 1 else best
    else:
        best, below = 100, 75
    lowest_best = ceil(denominator * best / 100)
    lowest_below = ceil(denominator * below / 100)
    if good or lowest_below >= lowest_best:
        numerator = rng.randint(lowest_best, denominator)
    else:
        numerator = rng.randint(lowest_below, lowest_best - 1)
    return {"numerator": numerator, "denominator": denominator}


def _inputs(leaf: Node, rng: random.Random, strength: float, *, awarded: bool = False) -> dict:
    """Plausible inputs for a leaf: its best answer with probability `strength`, else a step lower
    (rarely the lowest level); a bonus only when `awarded`."""
    rule = leaf.rule
    good = rng.random() < strength
    if rule.kind == "levels":
        index = 0 if good else len(rule.levels) - 1 if rng.random() < 0.1 else 1
        return {"level": rule.levels[index].label}
    if rule.kind == "deduction":
        return {"count": 0 if good else rng.choice((1, 1, 2))}
    if rule.kind in ("bonus", "penalty"):
        return {"points": rule.cap / 2 if awarded else 0}
    if rule.kind == "manual":
        return {"points": leaf.max_points if good else leaf.max_points - rule.effective_step}
    return _ratio(leaf, rng, good)


def _issuer(unit: Unit) -> str:
    """How a unit signs its documents: "Sở Công Thương", "UBND phường Mường Thanh"."""
    if unit.level.code == "commune":
        return f"UBND {unit.name[0].lower()}{unit.name[1:]}"
    return unit.name


def _reference(
    document: DemoDocument, unit: Unit, sign: str, rng: random.Random, *, latest: date
) -> dict:
    """An official reference (số/ký hiệu, ngày, cơ quan, trích yếu) for `document`, issued in
    DEMO_YEAR and not after `latest`."""
    issued_on = min(date(DEMO_YEAR, document.month, rng.randint(3, 27)), latest)
    day_of_year = issued_on.timetuple().tm_yday
    number = day_of_year * YEARLY_DOCUMENTS[document.by_province] // 366 + rng.randint(1, 5)
    names = {"year": DEMO_YEAR, "unit": _issuer(unit)}
    title = document.title.format(**names)
    return {
        "title": title,
        "reference_number": f"{number}/{document.kind}-{'UBND' if document.by_province else sign}",
        "issued_on": issued_on,
        "issuer": PROVINCE if document.by_province else _issuer(unit),
        "summary": document.summary.format(title=title, **names),
    }


def _self_assessment(
    assessment: UnitAssessment,
    plan: DemoSelfAssessment,
    spec: Spec,
    criteria: dict[str, Criterion],
) -> tuple[int, int]:
    """Enter every self-scored leaf, attach the unit's documents and submit, on days inside the
    window (the officer enters, the head submits); returns (entries, documents)."""
    rng = _rng(plan.unit_code)
    officer = User.objects.get(unit=assessment.unit, role=Role.UNIT_OFFICER)
    head = User.objects.get(unit=assessment.unit, role=Role.UNIT_HEAD)
    period = assessment.period
    work_day = period.self_assessment_opens + timedelta(days=rng.randint(5, 20))
    strength = rng.uniform(0.72, 0.92)
    not_applicable = dict(plan.not_applicable)
    fields = leaf_fields(spec)
    award = next((leaf.code for leaf in spec.leaves() if leaf.rule.kind == "bonus"), None)
    backed: dict[str, list[Node]] = {}
    minutes = entries = 0
    for leaf in spec.leaves():
        if leaf.method != "self":
            continue
        if leaf.code in not_applicable and leaf.not_applicable_allowed:
            data = {"not_applicable": True, "not_applicable_reason": not_applicable[leaf.code]}
        else:
            awarded = plan.awarded and leaf.code == award
            data = _inputs(leaf, rng, strength, awarded=awarded)
        points = leaf_points(
            leaf, scorecard.read_inputs(leaf, data), not_applicable_policy=spec.not_applicable
        ).points
        if points > 0 and leaf.evidence != "none" and not data.get("not_applicable"):
            if leaf.evidence == "required" and rng.random() < EXPLAINED_SHARE:
                data["explanation"] = rng.choice(EXPLANATIONS)
            else:
                backed.setdefault(fields[leaf.code], []).append(leaf)
        minutes += rng.randint(2, 6)
        scorecard.save_entry(
            assessment,
            criteria[leaf.code].pk,
            data,
            version=0,
            by=officer,
            now=_moment(work_day, minutes),
        )
        entries += 1
    documents = 0
    for document in (*DOCUMENTS[assessment.unit.level.code], AWARD):
        leaves = backed.get(document.field, [])
        if not leaves:
            continue
        minutes += rng.randint(5, 15)
        now = _moment(work_day, minutes)
        reference = _reference(
            document, assessment.unit, plan.sign, rng, latest=period.self_assessment_opens
        )
        created = evidence.upload_to_item(
            assessment,
            criteria[leaves[0].code],
            file=None,
            reference=reference,
            by=officer,
            now=now,
        )
        for leaf in leaves[1:]:
            evidence.link_to_item(assessment, criteria[leaf.code], created, by=officer, now=now)
        documents += 1
    submit_day = period.self_assessment_closes - timedelta(days=rng.randint(0, 4))
    workflow.submit(assessment, by=head, now=_moment(submit_day, rng.randint(420, 510)))
    return entries, documents


def _self_assessments(period: AssessmentPeriod) -> tuple[int, int, int]:
    """SELF_ASSESSMENTS entered and submitted; (units, entries, documents)."""
    assessments = {
        a.unit.code: a
        for a in period.assessments.select_related("period", "unit__level", "criteria_set__level")
    }
    specs: dict[int, tuple[Spec, dict[str, Criterion]]] = {}
    units = entries = documents = 0
    for plan in SELF_ASSESSMENTS:
        assessment = assessments[plan.unit_code]
        if assessment.criteria_set_id not in specs:
            spec = load_spec(assessment.criteria_set).spec
            criteria = {c.code: c for c in assessment.criteria_set.nodes.all()}
            specs[assessment.criteria_set_id] = spec, criteria
        made, cited = _self_assessment(assessment, plan, *specs[assessment.criteria_set_id])
        units, entries, documents = units + 1, entries + made, documents + cited
    return units, entries, documents


def _reopen(period: AssessmentPeriod, now: datetime) -> int:
    admin = User.objects.get(username=ACCOUNTS[0].username)
    until = deadlines.today(now) + timedelta(days=REOPENED_DAYS)
    for unit_code, reason in REOPENINGS:
        assessment = period.assessments.get(unit__code=unit_code)
        workflow.reopen(assessment, by=admin, reason=reason, until=until)
    return len(REOPENINGS)


def _lowered(leaf: Node, entry: Entry) -> dict | None:
    """The unit's answer one step lower, with the appraiser's reason; None when there is none."""
    rule = leaf.rule
    if rule.kind == "levels":
        best, next_best = (level.label for level in rule.levels[:2])
        if entry.level != best:
            return None
        return {
            "level": next_best,
            "comment": f"Tài liệu kiểm chứng chưa đáp ứng đầy đủ yêu cầu của mức “{best}”; "
            f"Tổ thẩm định đánh giá ở mức “{next_best}”.",
        }
    if rule.kind == "deduction":
        what = f"{rule.item_label[0].lower()}{rule.item_label[1:]}"
        return {
            "count": entry.count + 1,
            "comment": f"Qua kiểm tra, phát hiện thêm 01 trường hợp chưa được đơn vị kê khai "
            f"({what}).",
        }
    if rule.kind in ("ratio_bands", "ratio_proportional") and entry.numerator:
        numerator = max(entry.numerator - max(1, round(entry.denominator / 20)), 0)
        what = f"{rule.numerator[0].lower()}{rule.numerator[1:]}"
        return {
            "numerator": numerator,
            "denominator": entry.denominator,
            "comment": f"Đối chiếu phụ lục số liệu kèm báo cáo năm: {what} là {show(numerator)}, "
            f"không phải {show(entry.numerator)} như đơn vị kê khai.",
        }
    return None


def _appraised_inputs(item: appraising.SheetItem, rng: random.Random) -> dict:
    """Round 1 of one item: for the unit's items their own answer, or (LOWERED_SHARE of them) one
    step lower with the reason; for the team's own items, as a unit would be scored."""
    leaf, entry = item.node, item.entry
    if leaf.method != "self":
        return _inputs(leaf, rng, APPRAISED_STRENGTH)
    if entry.not_applicable:
        return {"not_applicable": True, "not_applicable_reason": entry.not_applicable_reason}
    if rng.random() < LOWERED_SHARE:
        lowered = _lowered(leaf, entry)
        if lowered:
            return lowered
    return {name: getattr(entry, name) for name in Entry.INPUT_FIELDS}


def _appraisal(period: AssessmentPeriod, now: datetime) -> tuple[int, int]:
    """Round 1 by Sở Nội vụ's appraiser on part of their fields in the APPRAISED units, and one
    explanation request; (appraised items, requests)."""
    appraiser = User.objects.get(username=APPRAISER)
    cover = coverage(period)
    saved = requests = 0
    for position, (unit_code, share) in enumerate(APPRAISED):
        assessment = period.assessments.select_related("period", "unit", "criteria_set").get(
            unit__code=unit_code
        )
        fields = appraisal_access.fields_of(appraiser, assessment, cover)
        items = appraising.load(assessment, fields).items
        rng = _rng("appraisal", unit_code)
        lowered = []
        for item in items[: round(len(items) * share)]:
            data = _appraised_inputs(item, rng)
            row = appraising.save(
                assessment, item.criterion_id, Round.FIRST, data, version=0, by=appraiser, now=now
            )
            saved += 1
            if item.entry and row.appraised_points != item.entry.self_points:
                lowered.append((item, row))
        if position == 0 and lowered:
            item, row = lowered[0]
            question = (
                f"Đơn vị tự chấm {show(item.entry.self_points)} điểm, Tổ thẩm định tạm đánh giá "
                f"{show(row.appraised_points)} điểm. Đề nghị đơn vị giải trình và bổ sung tài liệu "
                "kiểm chứng (văn bản, số liệu chi tiết) chứng minh kết quả tự chấm."
            )
            appraising.request_explanation(
                assessment, item.criterion_id, question, by=appraiser, now=now
            )
            requests += 1
    return saved, requests


ROUND_COUNTS = (
    "periods",
    "submitted",
    "entries",
    "evidence",
    "reopened",
    "team",
    "assignments",
    "appraised",
    "requests",
)


def _round(now: datetime) -> dict[str, int]:
    """The demo round, filled as described in the module docstring when it is created now."""
    period = _period(now)
    if period is None:
        return dict.fromkeys(ROUND_COUNTS, 0)
    members, assignments = _team(period)
    submitted, entries, documents = _self_assessments(period)
    reopened = _reopen(period, now)
    appraised, requests = _appraisal(period, now)
    return {
        "periods": 1,
        "submitted": submitted,
        "entries": entries,
        "evidence": documents,
        "reopened": reopened,
        "team": members,
        "assignments": assignments,
        "appraised": appraised,
        "requests": requests,
    }


@transaction.atomic
def load_demo(reference: Path, *, password: str, reset_passwords: bool = False) -> dict[str, int]:
    """Load the demonstration data from the reference folder; returns what was created, by kind.

    Side effects, in one transaction: rows for levels, fields, units, criteria sets (with their
    audit entries) and accounts that do not exist yet; the demo round with its self-assessments,
    team and appraisal when it does not exist yet (audited like users' work). Raises CriteriaError
    if a criteria file is invalid, FileNotFoundError if a reference file is missing.
    """
    units = yaml.safe_load((reference / "units-dien-bien.yaml").read_text(encoding="utf-8"))
    specs = [
        parse_criteria(read_yaml(path.read_bytes()))
        for path in sorted(reference.glob("criteria-*.yaml"))
    ]
    levels, level_count = _levels(units)
    level_items = {item["code"]: item for item in units["unit_levels"]}
    unit_count = _departments(units, levels["department"])
    last_district_year = level_items["district"]["last_assessed_year"]
    unit_count += _districts(units, levels["district"], last_district_year)
    unit_count += _communes(units, levels["commune"], level_items["commune"])
    return {
        "levels": level_count,
        "fields": _fields(specs),
        "units": unit_count,
        "criteria_sets": _criteria_sets(specs),
        "accounts": _accounts(password, reset_passwords=reset_passwords),
        **_round(timezone.now()),
    }


def demo_accounts() -> list[User]:
    """The demo accounts that exist, in the order of ACCOUNTS."""
    users = User.objects.select_related("unit").in_bulk(
        [account.username for account in ACCOUNTS], field_name="username"
    )
    return [users[a.username] for a in ACCOUNTS if a.username in users]
