"""Scoring engine benchmark: a province (160 units) and a national round (4,000 units), 60 items.

Run from the repository root: `python benchmarks/bench_scoring.py` (no Django needed). Times the
engine (evaluate every unit, then rank and classify within each ranking group) and, in the same
run, the floor: a plain loop that only adds up the same leaf points. Reports best-of-N times and
the ratio engine / floor. Targets: province < 0.2 s, national < 5 s.
"""

import os
import platform
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

# Run as a script, so the repository root goes on the path before the engine is imported.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parindex.scoring import (
    EXTRA_KINDS,
    CriteriaSet,
    Entry,
    RuleKind,
    classify,
    evaluate,
    parse_criteria,
    parse_entry,
    rank,
)

KINDS = ("levels", "ratio_bands", "ratio_proportional", "deduction", "manual")
RULES = {
    "levels": {
        "kind": "levels",
        "levels": [
            {"label": "Đạt", "points": 1},
            {"label": "Đạt một phần", "points": 0.5},
            {"label": "Không đạt", "points": 0},
        ],
    },
    "ratio_bands": {
        "kind": "ratio_bands",
        "numerator": "Số hoàn thành",
        "denominator": "Số được giao",
        "zero_denominator": "not_applicable",
        "bands": [{"min": 100, "points": 1}, {"min": 80, "points": 0.5}, {"min": 0, "points": 0}],
    },
    "ratio_proportional": {
        "kind": "ratio_proportional",
        "numerator": "Số đã xử lý",
        "denominator": "Số phải xử lý",
        "zero_denominator": "full_points",
    },
    "deduction": {"kind": "deduction", "per_item": 0.25, "item_label": "Số vi phạm"},
    "manual": {"kind": "manual", "step": 0.01},
    "bonus": {"kind": "bonus", "cap": 1},
    "penalty": {"kind": "penalty", "cap": 1},
}


def leaf(code: str, kind: str) -> dict:
    return {
        "code": code,
        "title": f"Tiêu chí {code}",
        "max_points": 0 if kind in EXTRA_KINDS else 1,
        "method": "survey" if kind == RuleKind.MANUAL else "self",
        "evidence": "required",
        "not_applicable_allowed": kind not in EXTRA_KINDS,
        "rule": RULES[kind],
    }


def parent(code: str, children: list[dict]) -> dict:
    total = sum(child["max_points"] for child in children)
    return {"code": code, "title": f"Tiêu chí {code}", "max_points": total, "children": children}


def synthetic_set() -> CriteriaSet:
    """Like the reference sets: 8 areas of 2 criteria with 4 + 3 items, rule kinds in turn (max 1
    each), and a ninth area of 2 bonus and 2 penalty items; 60 items, 85 nodes."""
    areas = [
        parent(
            str(area),
            [
                parent(
                    f"{area}.{c}",
                    [
                        leaf(f"{area}.{c}.{i}", KINDS[(area + c + i) % 5])
                        for i in range(1, size + 1)
                    ],
                )
                for c, size in ((1, 4), (2, 3))
            ],
        )
        for area in range(1, 9)
    ]
    extras = ("bonus", "bonus", "penalty", "penalty")
    areas.append(parent("9", [leaf(f"9.{n}", kind) for n, kind in enumerate(extras, start=1)]))
    return parse_criteria(
        {
            "format": "parindex.criteria/1",
            "title": "Bộ tiêu chí tổng hợp để đo hiệu năng",
            "level": "department",
            "year": 2025,
            "max_points": 56,
            "classification": [
                {"label": "Tốt", "min": 90},
                {"label": "Khá", "min": 80},
                {"label": "Trung bình", "min": 70},
                {"label": "Yếu", "min": 0},
            ],
            "nodes": areas,
        }
    )


def random_input(kind: str, rng: random.Random) -> dict:
    if kind in EXTRA_KINDS:
        return {"points": Decimal(rng.randint(0, 4)) / 4}
    if rng.random() < 0.03:
        return {"not_applicable": True, "reason": "Không phát sinh"}
    if kind == RuleKind.LEVELS:
        return {"level": rng.randint(1, 3)}
    if kind in (RuleKind.RATIO_BANDS, RuleKind.RATIO_PROPORTIONAL):
        denominator = rng.randint(0, 40)
        return {"numerator": rng.randint(0, denominator), "denominator": denominator}
    if kind == RuleKind.DEDUCTION:
        return {"count": rng.randint(0, 5)}
    return {"points": Decimal(rng.randint(0, 100)) / 100}


def units(cs: CriteriaSet, count: int, rng: random.Random) -> list[dict[str, Entry]]:
    leaves = cs.leaves()
    return [
        {leaf.code: parse_entry(leaf, random_input(leaf.rule.kind, rng)) for leaf in leaves}
        for _ in range(count)
    ]


def score_round(cs: CriteriaSet, round_: list[dict[str, Entry]], group: int) -> list[tuple]:
    """Every unit's (result, rank, class); ranks within groups of `group` units, as for one level
    of one province."""
    results = [evaluate(cs, entries) for entries in round_]
    scored = []
    for start in range(0, len(results), group):
        chunk = results[start : start + group]
        ranks = rank({n: result.index for n, result in enumerate(chunk)})
        scored += [
            (result, ranks[n], classify(result.index, cs.classification))
            for n, result in enumerate(chunk)
        ]
    return scored


def best(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(name: str, cs: CriteriaSet, count: int, group: int, repeat: int, target: float) -> None:
    round_ = units(cs, count, random.Random(2025))
    leaves = cs.leaves()
    # The same numbers the engine produced, as plain lists: all the floor does is add them up.
    numbers = [
        [result.nodes[leaf.code].points for leaf in leaves]
        for result, _, _ in score_round(cs, round_, group)
    ]
    zero = Decimal(0)

    def floor() -> list[Decimal]:
        return [sum(points, zero) for points in numbers]

    engine_time = best(lambda: score_round(cs, round_, group), repeat)
    floor_time = best(floor, repeat)
    verdict = "ok" if engine_time < target else "SLOWER THAN TARGET"
    print(
        f"{name:<9} {count:>5} units × {len(numbers[0])} items: engine {engine_time:.3f} s, "
        f"floor {floor_time * 1000:.1f} ms, ratio {engine_time / floor_time:.0f}× "
        f"(target < {target} s: {verdict})"
    )


def main() -> None:
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPU, best of N runs")
    cs = synthetic_set()
    measure("province", cs, 160, group=160, repeat=20, target=0.2)
    measure("national", cs, 4000, group=118, repeat=3, target=5.0)


if __name__ == "__main__":
    main()
