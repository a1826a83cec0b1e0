"""The Điện Biên demonstration data, loaded by `manage.py load_demo`.

The real unit levels and units of the province from the reference files, the three illustrative
criteria sets through the importer users use (read_yaml → parse_criteria → save_criteria_set),
and one account per role. Loading twice changes nothing: rows are found by code or username first.
"""

import os
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from parindex.accounts.models import Role, User
from parindex.assessments import deadlines
from parindex.assessments.models import AssessmentPeriod
from parindex.assessments.periods import create_period
from parindex.catalog.interchange import read_yaml, save_criteria_set
from parindex.catalog.models import CriteriaSet, Field, Unit, UnitLevel
from parindex.core.text import nfc
from parindex.scoring.criteria import CriteriaSet as Spec
from parindex.scoring.criteria import parse_criteria

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
ACCOUNTS = (
    DemoAccount("admin", "Nguyễn Mạnh Hùng", Role.ADMIN, None, "Chuyên viên Phòng CCHC, Sở Nội vụ"),
    DemoAccount("snv.totruong", "Trần Thị Thanh Lan", Role.APPRAISAL_LEAD, NSV, "Phó Giám đốc"),
    DemoAccount("snv.thamdinh", "Đỗ Minh Tâm", Role.APPRAISER, NSV, "Chuyên viên"),
    DemoAccount("stp.thamdinh", "Vũ Thị Hằng", Role.APPRAISER, STP, "Chuyên viên"),
    DemoAccount("stp.canbo", "Lò Thị Hoa", Role.UNIT_OFFICER, STP, "Chuyên viên"),
    DemoAccount("stp.lanhdao", "Quàng Văn Bình", Role.UNIT_HEAD, STP, "Giám đốc"),
    DemoAccount("dbp.canbo", "Lường Văn Xuân", Role.UNIT_OFFICER, DBP, "Công chức"),
    DemoAccount("dbp.lanhdao", "Cà Thị Mai", Role.UNIT_HEAD, DBP, "Chủ tịch UBND phường"),
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
    created = 0
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
            user.set_password(password)
            user.save()
        created += new
    return created


DEMO_YEAR = 2025


def _period() -> int:
    """The demo round of DEMO_YEAR, its self-assessment open whenever the demo is loaded (the
    deadlines count from today), for the levels whose criteria set is of that year."""
    if AssessmentPeriod.objects.filter(year=DEMO_YEAR).exists():
        return 0
    criteria_sets = list(CriteriaSet.objects.filter(year=DEMO_YEAR).select_related("level"))
    levels = {criteria_set.level_id for criteria_set in criteria_sets}
    units = [
        unit
        for unit in Unit.objects.filter(level_id__in=levels).select_related("level")
        if unit.is_active_in(DEMO_YEAR)
    ]
    today = deadlines.today()
    days = {
        "self_assessment_opens": -7,
        "self_assessment_closes": 21,
        "appraisal_closes": 35,
        "explanation_closes": 42,
        "final_appraisal_closes": 49,
    }
    create_period(
        year=DEMO_YEAR,
        title=_("Đánh giá, xác định Chỉ số CCHC năm %(year)d (minh họa)") % {"year": DEMO_YEAR},
        dates={name: today + timedelta(days=offset) for name, offset in days.items()},
        criteria_sets=criteria_sets,
        units=units,
        by=User.objects.get(username=ACCOUNTS[0].username),
    )
    return 1


@transaction.atomic
def load_demo(reference: Path, *, password: str, reset_passwords: bool = False) -> dict[str, int]:
    """Load the demonstration data from the reference folder; returns what was created, by kind.

    Side effects, in one transaction: rows for levels, fields, units, criteria sets (with their
    audit entries) and accounts that do not exist yet. Raises CriteriaError if a criteria file is
    invalid, FileNotFoundError if a reference file is missing.
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
        "periods": _period(),
    }


def demo_accounts() -> list[User]:
    """The demo accounts that exist, in the order of ACCOUNTS."""
    users = User.objects.select_related("unit").in_bulk(
        [account.username for account in ACCOUNTS], field_name="username"
    )
    return [users[a.username] for a in ACCOUNTS if a.username in users]
