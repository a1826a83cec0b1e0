"""A national-scale publication for measuring the annual report: `units` units over three levels,
each with a tree of 8 areas and 80 leaves, published for two consecutive years, the second after
a tenth of the units were merged in pairs (lineage), so that every comparison is exercised.
Written straight as snapshots (what the report reads), in bulk."""

import random
from datetime import UTC, datetime
from decimal import Decimal

from django.db import transaction

from parindex.catalog.models import Unit, UnitLevel
from parindex.results.models import Publication, PublishedLevel, PublishedResult
from parindex.scoring import round2

AREAS = 8
LEAVES = 10  # per area
LEAF_MAX = Decimal("1.25")  # 8 × 10 × 1,25 = 100 points
CLASSES = ((Decimal(90), "Xuất sắc"), (Decimal(80), "Tốt"), (Decimal(70), "Khá"), (0, "Trung bình"))
LEVELS = (("qg-tinh", "Khối tỉnh (quy mô quốc gia)"), ("qg-xa", "Khối xã (quy mô quốc gia)"))
PREFIX = "qg-"


def _tree(rng: random.Random, strength: float) -> tuple[list[dict], Decimal, Decimal]:
    nodes, own_total, total = [], Decimal(0), Decimal(0)
    for area in range(1, AREAS + 1):
        leaves = []
        for leaf in range(1, LEAVES + 1):
            final = LEAF_MAX if rng.random() < strength else LEAF_MAX / 2
            own = LEAF_MAX if rng.random() < 0.95 else final
            leaves.append(
                {
                    "code": f"{area}.{leaf}",
                    "title": f"Tiêu chí thành phần {area}.{leaf}",
                    "depth": 1,
                    "leaf": True,
                    "method": "self",
                    "max": str(LEAF_MAX),
                    "self": str(own),
                    "round1": str(final),
                    "final": str(final),
                    "index": None,
                    "comment": "",
                }
            )
        area_final = sum((Decimal(n["final"]) for n in leaves), Decimal(0))
        area_self = sum((Decimal(n["self"]) for n in leaves), Decimal(0))
        area_max = LEAF_MAX * LEAVES
        nodes.append(
            {
                "code": str(area),
                "title": f"Lĩnh vực {area}",
                "depth": 0,
                "leaf": False,
                "method": "",
                "max": str(area_max),
                "self": str(area_self),
                "round1": str(area_final),
                "final": str(area_final),
                "index": str(round2(area_final * 100 / area_max)),
                "comment": "",
            }
        )
        nodes.extend(leaves)
        own_total += area_self
        total += area_final
    return nodes, own_total, total


def _classify(index: Decimal) -> str:
    return next(label for floor, label in CLASSES if index >= floor)


def _publish(year: int, units: list[Unit], levels: dict[int, UnitLevel], seed: int) -> Publication:
    rng = random.Random(seed)  # noqa: S311 - measurement data, not a secret
    publication = Publication.objects.create(
        year=year,
        version=1,
        title=f"Chỉ số CCHC năm {year} (quy mô quốc gia, sinh để đo)",
        published_at=datetime(year + 1, 3, 1, 2, tzinfo=UTC),
    )
    rows: dict[int, list[PublishedResult]] = {}
    for unit in units:
        nodes, own, total = _tree(rng, rng.uniform(0.6, 0.95))
        index = round2(total)
        rows.setdefault(unit.level_id, []).append(
            PublishedResult(
                publication=publication,
                unit=unit,
                level_id=unit.level_id,
                unit_name=unit.name,
                self_total=own,
                appraised_points=total,
                survey_points=Decimal(0),
                bonus=Decimal(0),
                penalty=Decimal(0),
                total=total,
                max_points=Decimal(100),
                index=index,
                classification=_classify(index),
                nodes=nodes,
            )
        )
    for level_id, found in rows.items():
        found.sort(key=lambda r: -r.index)  # type: ignore[operator]
        for rank, result in enumerate(found, start=1):
            result.rank = rank
        mean = round2(sum((r.index for r in found), Decimal(0)) / len(found))  # type: ignore[misc]
        PublishedLevel.objects.create(
            publication=publication,
            level=levels[level_id],
            level_name=levels[level_id].name,
            units_ranked=len(found),
            mean_index=mean,
            areas=[
                {"code": str(a), "title": f"Lĩnh vực {a}", "max": "12.5", "mean_index": str(mean)}
                for a in range(1, AREAS + 1)
            ],
        )
        PublishedResult.objects.bulk_create(found, batch_size=500)
    return publication


@transaction.atomic
def generate(units: int, year: int) -> Publication:
    """Publications of `year - 1` and `year` for `units` new units (a tenth of the first
    year's units merged in pairs into the second year's); returns the second."""
    levels = [
        UnitLevel.objects.get_or_create(code=code, defaults={"name": name, "order": 90 + n})[0]
        for n, (code, name) in enumerate(LEVELS)
    ]
    by_id = {level.pk: level for level in levels}
    start = Unit.objects.filter(code__startswith=PREFIX).count()
    made = Unit.objects.bulk_create(
        [
            Unit(
                code=f"{PREFIX}{start + n}",
                name=f"Đơn vị {start + n}",
                search_key=f"don vi {start + n}",
                level=levels[0] if n % 10 == 0 else levels[1],
            )
            for n in range(units)
        ],
        batch_size=1000,
    )
    merged = made[: units // 10 // 2 * 2]
    successors = Unit.objects.bulk_create(
        [
            Unit(
                code=f"{PREFIX}{start + units + n}",
                name=f"Đơn vị hợp nhất {start + units + n}",
                search_key=f"don vi hop nhat {start + units + n}",
                level=merged[2 * n].level,
            )
            for n in range(len(merged) // 2)
        ]
    )
    Unit.predecessors.through.objects.bulk_create(
        [
            Unit.predecessors.through(from_unit=successor, to_unit=merged[2 * n + k])
            for n, successor in enumerate(successors)
            for k in (0, 1)
        ]
    )
    _publish(year - 1, made, by_id, seed=year - 1)
    return _publish(year, [*made[len(merged) :], *successors], by_id, seed=year)
