"""The catalogue of the demo: Điện Biên's real unit levels and units (reference files), the PAR
fields named after the criteria sets' areas, and the three illustrative criteria sets, imported
as a user imports them (read_yaml → parse_criteria → save_criteria_set)."""

import os
from datetime import date
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from parindex.catalog.interchange import read_yaml, save_criteria_set
from parindex.catalog.models import CriteriaSet, Field, Unit, UnitLevel, reference_code
from parindex.core.text import nfc
from parindex.scoring.criteria import CriteriaSet as Spec
from parindex.scoring.criteria_format import parse_criteria

LEVEL_ORDER = {"department": 1, "district": 2, "commune": 3}
DEPARTMENT_KINDS = (
    ("Sở ", Unit.Kind.DEPARTMENT),
    ("Ban ", Unit.Kind.BOARD),
    ("Văn phòng ", Unit.Kind.OFFICE),
    ("Thanh tra ", Unit.Kind.INSPECTORATE),
)
# A copy of the reference data (../shared/reference, sources in its README.md), so a fresh clone
# and CI need nothing outside the repository.
REFERENCE_DIR = Path(__file__).resolve().parent / "data"


def reference_dir(option: str | None = None) -> Path:
    """--reference, else $PARINDEX_REFERENCE_DIR, else the reference data shipped with the code."""
    chosen = option or os.environ.get("PARINDEX_REFERENCE_DIR")
    return Path(chosen) if chosen else REFERENCE_DIR


def _vietnamese_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day:02d}/{day.month}/{day.year}"


def _unit(reference_id: str, name: str, level: UnitLevel, **values) -> bool:
    _unit_row, created = Unit.objects.get_or_create(
        code=reference_code(reference_id), defaults={"name": nfc(name), "level": level, **values}
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
        earlier = [reference_code(p) for p in item.get("predecessors", []) if p != reference_id]
        unit = Unit.objects.get(code=reference_code(reference_id))
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


def load_catalog(reference: Path) -> dict[str, int]:
    """Levels, units, fields and criteria sets that do not exist yet; returns how many of each
    were created. Raises CriteriaError (an invalid criteria file), FileNotFoundError."""
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
    }
