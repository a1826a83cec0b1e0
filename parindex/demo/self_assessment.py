"""The units' self-assessments of the demo round: believable inputs drawn from a seeded generator
(the same province on every load), documents cited as Điện Biên issues them, explanations where
required evidence is missing; ten units submit."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from math import ceil

from parindex.accounts.models import Role, User
from parindex.appraisal.assignments import leaf_fields
from parindex.assessments import deadlines, evidence, scorecard, workflow
from parindex.assessments.models import AssessmentPeriod, UnitAssessment
from parindex.catalog.models import Criterion, Unit
from parindex.catalog.specs import load_spec
from parindex.scoring import EXTRA_KINDS, Node, RuleKind, leaf_points
from parindex.scoring.criteria import CriteriaSet as Spec

from .accounts import PML, PMT, SCT, SGD, SNN, SVH, SXD, SYT, XMP, XTG

DEMO_YEAR = 2025
SEED = "parindex-demo-2025"


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


def seeded(*key: str) -> random.Random:
    # Demo data, not secrets: the same seed gives the same province on every load.
    return random.Random(":".join((SEED, *key)))  # noqa: S311


def moment(day: date, minutes: int) -> datetime:
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
    if rule.kind == RuleKind.RATIO_BANDS:
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


def draw_inputs(leaf: Node, rng: random.Random, strength: float, *, awarded: bool = False) -> dict:
    """Plausible inputs for a leaf: its best answer with probability `strength`, else a step lower
    (rarely the lowest level); a bonus only when `awarded`."""
    rule = leaf.rule
    good = rng.random() < strength
    if rule.kind == RuleKind.LEVELS:
        index = 0 if good else len(rule.levels) - 1 if rng.random() < 0.1 else 1
        return {"level": rule.levels[index].label}
    if rule.kind == RuleKind.DEDUCTION:
        return {"count": 0 if good else rng.choice((1, 1, 2))}
    if rule.kind in EXTRA_KINDS:
        return {"points": rule.cap / 2 if awarded else 0}
    if rule.kind == RuleKind.MANUAL:
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
    rng = seeded(plan.unit_code)
    officer = User.objects.get(unit=assessment.unit, role=Role.UNIT_OFFICER)
    head = User.objects.get(unit=assessment.unit, role=Role.UNIT_HEAD)
    period = assessment.period
    work_day = period.self_assessment_opens + timedelta(days=rng.randint(5, 20))
    strength = rng.uniform(0.72, 0.92)
    not_applicable = dict(plan.not_applicable)
    fields = leaf_fields(spec)
    award = next((leaf.code for leaf in spec.leaves() if leaf.rule.kind == RuleKind.BONUS), None)
    backed: dict[str, list[Node]] = {}
    minutes = entries = 0
    for leaf in spec.leaves():
        if leaf.method != "self":
            continue
        if leaf.code in not_applicable and leaf.not_applicable_allowed:
            data = {"not_applicable": True, "not_applicable_reason": not_applicable[leaf.code]}
        else:
            awarded = plan.awarded and leaf.code == award
            data = draw_inputs(leaf, rng, strength, awarded=awarded)
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
            now=moment(work_day, minutes),
        )
        entries += 1
    documents = 0
    for document in (*DOCUMENTS[assessment.unit.level.code], AWARD):
        leaves = backed.get(document.field, [])
        if not leaves:
            continue
        minutes += rng.randint(5, 15)
        now = moment(work_day, minutes)
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
    workflow.submit(assessment, by=head, now=moment(submit_day, rng.randint(420, 510)))
    return entries, documents


def fill_self_assessments(period: AssessmentPeriod) -> tuple[int, int, int]:
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
