"""The demo's PAR plans: an illustrative province plan for DEMO_YEAR (40 tasks over the PAR
fields, modelled on Điện Biên's KH 5933/KH-UBND of 30/12/2024, its wording ours), the plans of
five units carrying the tasks assigned to them (one unit's plan still a draft, one plan issued
late, gaps left for the coverage page), their progress (done on time, late, overdue, one task
cancelled by an amendment), and, when the demo is loaded after DEMO_YEAR, a short plan for the
current year whose due dates are counted from the day of loading, so that every status shows.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from parindex.accounts.models import Role, User
from parindex.assessments.evidence import create_document
from parindex.catalog.models import Field, Unit
from parindex.plans import amending, planning, reporting
from parindex.plans.models import Plan, PlanTask

from .accounts import DBP, KHCN, NSV, PMT, SCT, STC, STP, SYT, VP
from .self_assessment import DEMO_YEAR, _issuer, seeded


@dataclass(frozen=True)
class DemoTask:
    field: str
    content: str
    product: str
    lead: str
    due: str  # as the plan writes it
    coordinating: tuple[str, ...] = ()


# The annex as offices write it, one task a line (see the file's header).
ANNEX = Path(__file__).with_name("plan_annex.txt")
UNITS = {
    "NSV": NSV,
    "STP": STP,
    "VP": VP,
    "STC": STC,
    "KHCN": KHCN,
    "SCT": SCT,
    "SYT": SYT,
    "DBP": DBP,
    "PMT": PMT,
}


def _annex() -> list[DemoTask]:
    tasks = []
    for line in ANNEX.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        field, content, product, lead, due, *rest = (cell.strip() for cell in line.split("|"))
        coordinating = tuple(UNITS[name] for name in (rest[0].split() if rest else []))
        tasks.append(DemoTask(field, content, product, UNITS[lead], due, coordinating))
    return tasks


PROVINCE_TASKS = _annex()


# Each unit's own tasks beside those it carries: (content, product, office, funding, due).
OWN_TASKS = {
    STP: (
        (
            "Cập nhật cơ sở dữ liệu quốc gia về pháp luật",
            "Văn bản được cập nhật",
            "Phòng Xây dựng và kiểm tra văn bản",
            "Ngân sách chi thường xuyên",
            "Thường xuyên",
        ),
    ),
    SCT: (
        (
            "Đơn giản hóa thủ tục cấp giấy phép kinh doanh rượu",
            "Phương án đơn giản hóa",
            "",
            "",
            "Quý III",
        ),
    ),
    DBP: (
        (
            "Hướng dẫn người dân nộp hồ sơ trực tuyến tại Bộ phận Một cửa phường",
            "Báo cáo số hồ sơ trực tuyến",
            "Bộ phận Một cửa",
            "Ngân sách phường",
            "Quý IV",
        ),
    ),
    PMT: (),
    KHCN: (),
}
# Unit plans: issued on (None: a draft), and a province task left out to show on coverage.
UNIT_PLANS = (
    (STP, date(DEMO_YEAR, 1, 10), None),
    (SCT, date(DEMO_YEAR, 1, 24), None),
    (DBP, date(DEMO_YEAR, 7, 18), None),
    (PMT, date(DEMO_YEAR, 7, 25), "Khảo sát sự hài lòng"),
    (KHCN, None, None),
)
UNIT_DEADLINE = date(DEMO_YEAR, 1, 15)
OFFICE = "Văn phòng"
FUNDING = "Ngân sách chi thường xuyên"
CANCELLED = "Rà soát văn bản do sắp xếp đơn vị hành chính"


def _writer(unit: Unit, admin: User) -> User:
    """Who records a unit's work: its officer, else the admin (Sở Nội vụ) on its behalf."""
    return User.objects.filter(unit=unit, role=Role.UNIT_OFFICER).first() or admin


def _province_plan(units: dict[str, Unit], fields: dict[str, Field], admin: User) -> Plan:
    plan = planning.create_plan(
        unit=None,
        year=DEMO_YEAR,
        by=admin,
        title=f"Kế hoạch cải cách hành chính tỉnh Điện Biên năm {DEMO_YEAR} (minh họa)",
    )
    names = {"year": DEMO_YEAR, "prior": DEMO_YEAR - 1}
    for number, task in enumerate(PROVINCE_TASKS, start=1):
        planning.add_task(
            plan,
            by=admin,
            code=str(number),
            field=fields.get(task.field),
            content=task.content.format(**names),
            product=task.product,
            lead_unit=units[task.lead],
            coordinating=[units[code] for code in task.coordinating],
            due_label=task.due,
            funding_source=FUNDING,
        )
    return planning.issue(
        plan,
        by=admin,
        reference_number="5933/KH-UBND",
        issued_on=date(DEMO_YEAR - 1, 12, 30),
        signer="Lê Thành Đô",
    )


def _unit_plan(unit: Unit, province: Plan, issued_on, left_out, admin: User) -> Plan:
    writer = _writer(unit, admin)
    second_half = unit.level.code == "commune"  # communes formed on 01/7 plan the second half
    plan = planning.create_plan(
        unit=unit,
        year=DEMO_YEAR,
        by=writer,
        title=f"Kế hoạch cải cách hành chính năm {DEMO_YEAR} – {unit.name}",
        scope=Plan.Scope.SECOND_HALF if second_half else Plan.Scope.YEAR,
        deadline=date(DEMO_YEAR, 7, 31) if second_half else UNIT_DEADLINE,
    )
    for task in _assigned(province, unit):
        if left_out and task.content.startswith(left_out):
            continue
        carried = planning.carry(plan, task, by=writer)
        # Most carried tasks name their office and funding; a few do not (criterion 1.1.3).
        if int(carried.code) % 4:
            PlanTask.objects.filter(pk=carried.pk).update(
                responsible_office=OFFICE, funding_source=FUNDING
            )
    for content, product, office, funding, due in OWN_TASKS[unit.code]:
        planning.add_task(
            plan,
            by=writer,
            code=str(plan.tasks.count() + 1),
            content=content,
            product=product,
            responsible_office=office,
            funding_source=funding,
            due_label=due,
        )
    if issued_on is None:
        return plan
    return planning.issue(
        plan,
        by=writer,
        reference_number=f"{issued_on.timetuple().tm_yday}/KH-{unit.short_name or 'UBND'}",
        issued_on=issued_on,
        signer=User.objects.filter(unit=unit, role=Role.UNIT_HEAD)
        .values_list("full_name", flat=True)
        .first()
        or "Thủ trưởng đơn vị",
    )


def _assigned(province: Plan, unit: Unit) -> list[PlanTask]:
    return [
        task
        for task in province.tasks.prefetch_related("coordinating_units").order_by("position")
        if task.lead_unit_id == unit.pk or unit in task.coordinating_units.all()
    ]


def _progress(task: PlanTask, writer: User, today: date) -> int:
    """An outcome drawn for the task (the same on every load): done on time, done late or
    overdue; returns how many updates were recorded."""
    rng = seeded("plan", task.plan.unit.code if task.plan.unit else "province", task.code)
    draw = rng.random()
    started = task.due_on - timedelta(days=rng.randint(30, 60))
    if started > today:
        return 0
    reporting.record_progress(
        task,
        by=writer,
        on=started,
        status="in_progress",
        percent=rng.choice((20, 30, 50)),
        note="Đã xây dựng dự thảo, lấy ý kiến các phòng chuyên môn.",
    )
    if draw < 0.2:  # overdue: still in progress
        return 1
    done_on = task.due_on + timedelta(
        days=rng.randint(5, 25) if draw < 0.35 else -rng.randint(1, 10)
    )
    if done_on > today:
        return 1
    unit = task.owner
    assert unit is not None
    product, _stored = create_document(
        unit,
        file=None,
        reference={
            "title": task.product or task.content[:200],
            "reference_number": f"{done_on.timetuple().tm_yday}/BC-{unit.short_name or 'DV'}",
            "issued_on": done_on,
            "issuer": _issuer(unit),
        },
        by=writer,
    )
    reporting.record_progress(
        task,
        by=writer,
        on=done_on,
        status="done",
        percent=100,
        evidence_ids=[product.pk],
        note="Đã hoàn thành, sản phẩm đính kèm.",
    )
    return 2


def _current_year(units: dict[str, Unit], admin: User, today: date) -> int:
    """A short province plan for this year, due dates counted from today: every status."""
    plan = planning.create_plan(
        unit=None,
        year=today.year,
        by=admin,
        title=f"Kế hoạch cải cách hành chính tỉnh Điện Biên năm {today.year} (minh họa)",
    )
    offsets = (
        (-20, "done"),
        (-10, None),
        (3, None),
        (5, "in_progress"),
        (40, "in_progress"),
        (80, None),
        (60, None),
    )
    contents = [task for task in PROVINCE_TASKS if task.lead in (STP, DBP, VP)]
    for number, ((days, _), task) in enumerate(zip(offsets, contents, strict=False), start=1):
        planning.add_task(
            plan,
            by=admin,
            code=str(number),
            content=task.content.format(year=today.year, prior=today.year - 1),
            product=task.product,
            lead_unit=units[task.lead],
            due_on=today + timedelta(days=days),
        )
    planning.issue(
        plan,
        by=admin,
        reference_number="3462/KH-UBND",
        issued_on=date(today.year, 1, 5),
        signer="Lê Thành Đô",
    )
    for task, (days, state) in zip(plan.tasks.order_by("position"), offsets, strict=False):
        assert task.lead_unit is not None
        writer = _writer(task.lead_unit, admin)
        if state:
            reporting.record_progress(
                task, by=writer, on=today - timedelta(days=25), status="in_progress", percent=40
            )
        if state == "done":
            doc, _ = create_document(
                task.lead_unit, file=None, reference={"title": task.product}, by=writer
            )
            reporting.record_progress(
                task,
                by=writer,
                on=today + timedelta(days=days - 2),
                status="done",
                percent=100,
                evidence_ids=[doc.pk],
            )
    last = plan.tasks.order_by("position").last()
    assert last is not None
    amending.amend_task(
        last,
        "cancel",
        by=admin,
        decision="Công văn 812/UBND-NC",
        reason="Nhiệm vụ đã được thực hiện trong chương trình khác.",
    )
    return 1


def load_plans(now=None) -> dict[str, int]:
    """The demo's plans, when the province's plan of DEMO_YEAR does not exist yet."""
    if Plan.objects.filter(year=DEMO_YEAR, unit__isnull=True).exists():
        return {"plans": 0, "tasks": 0, "updates": 0}
    today = timezone.localdate(now)
    admin = User.objects.get(username="admin")
    codes = {NSV, STP, VP, STC, KHCN, SCT, SYT, DBP, PMT}
    units = {
        unit.code: unit for unit in Unit.objects.filter(code__in=codes).select_related("level")
    }
    fields = {field.code: field for field in Field.objects.all()}
    planning.save_year(DEMO_YEAR, by=admin, unit_deadline=UNIT_DEADLINE, is_public=True)
    province = _province_plan(units, fields, admin)
    plans = [province]
    for code, issued_on, left_out in UNIT_PLANS:
        plans.append(_unit_plan(units[code], province, issued_on, left_out, admin))
    cancelled = province.tasks.get(content__startswith=CANCELLED)
    amending.amend_task(
        cancelled,
        "cancel",
        by=admin,
        decision="Quyết định 1020/QĐ-UBND",
        reason="Nội dung đã thực hiện theo kế hoạch sắp xếp đơn vị hành chính riêng.",
    )
    updates = 0
    for plan in plans:
        if not plan.is_issued:
            continue
        for task in plan.tasks.select_related("plan", "lead_unit").filter(cancelled=False):
            carried = task.carried_by.filter(plan__unit=task.lead_unit_id, plan__state="issued")
            if plan.is_province and carried.exists():
                continue  # followed in the unit's plan
            updates += _progress(task, _writer(task.owner, admin), today)
    extra = _current_year(units, admin, today) if today.year > DEMO_YEAR else 0
    return {
        "plans": len(plans) + extra,
        "tasks": PlanTask.objects.count(),
        "updates": updates,
    }
