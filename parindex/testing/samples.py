"""Criteria and answers as plain data, for the engine's tests (which run without Django too) and
the catalog's: a small criteria set in parindex.criteria/1, and the reference sets of the demo with
answers that earn every leaf its max."""

from functools import cache
from pathlib import Path

import yaml

from parindex.scoring import CriteriaSet, parse_criteria

# A set of two leaves in one area.
SMALL = """
format: parindex.criteria/1
title: "Bộ tiêu chí thử nghiệm năm 2025"
level: department
year: 2025
max_points: 3
not_applicable: exclude
classification:
  - {label: "Tốt", min: 90}
  - {label: "Yếu", min: 0}
nodes:
  - code: "1"
    title: "Công tác chỉ đạo, điều hành"
    field: CDDH
    max_points: 3
    children:
      - code: "1.1"
        title: "Ban hành kế hoạch CCHC"
        max_points: 1
        method: self
        evidence: required
        rule:
          kind: levels
          levels:
            - {label: "Đúng hạn", points: 1}
            - {label: "Chậm", points: 0.5}
            - {label: "Không ban hành", points: 0}
      - code: "1.2"
        title: "Tỷ lệ hoàn thành kế hoạch"
        max_points: 2
        method: self
        evidence: optional
        rule:
          kind: ratio_bands
          numerator: "Số nhiệm vụ hoàn thành"
          denominator: "Số nhiệm vụ"
          bands:
            - {min: 100, points: 2}
            - {min: 0, points: 0}
"""

# The same with the optional keys the catalog keeps: the legal basis, "illustrative", and a ratio
# that may be not applicable, is suggested from the plans and counts 0 / 0 as not applicable.
SMALL_WITH_OPTIONS = (
    SMALL.replace(
        "year: 2025\n", 'year: 2025\nlegal_basis: "QĐ số 1/QĐ-UBND"\nillustrative: true\n'
    )
    .replace(
        "evidence: optional\n",
        "evidence: optional\n        not_applicable_allowed: true\n"
        "        suggest_from: plans.completion_rate\n",
    )
    .replace('"Số nhiệm vụ"\n', '"Số nhiệm vụ"\n          zero_denominator: not_applicable\n')
)


REFERENCE = Path(__file__).resolve().parents[1] / "demo" / "data"
FILES = {
    "department": "criteria-2025-department.yaml",
    "commune": "criteria-2025-commune.yaml",
    "district": "criteria-2024-district.yaml",
}


@cache
def raw(name: str) -> dict:
    return yaml.safe_load((REFERENCE / FILES[name]).read_text(encoding="utf-8"))


@cache
def reference(name: str) -> CriteriaSet:
    return parse_criteria(raw(name))


def raw_leaves(nodes: list[dict]) -> list[dict]:
    leaves = []
    for node in nodes:
        leaves += raw_leaves(node["children"]) if node.get("children") else [node]
    return leaves


def best_input(leaf: dict) -> dict | None:
    """What earns the leaf its max, read from the raw rule; bonus and penalty left out."""
    rule = leaf["rule"]
    if rule["kind"] == "levels":
        return {"level": max(rule["levels"], key=lambda level: level["points"])["label"]}
    if rule["kind"] in ("ratio_bands", "ratio_proportional"):
        return {"numerator": 1, "denominator": 1}
    if rule["kind"] == "deduction":
        return {"count": 0}
    if rule["kind"] == "manual":
        return {"points": leaf["max_points"]}
    return None


def answers(name: str, unit: str, changes: dict) -> dict:
    entries = {leaf["code"]: best_input(leaf) for leaf in raw_leaves(raw(name)["nodes"])}
    entries = {code: data for code, data in (entries | changes).items() if data is not None}
    return {"format": "parindex.answers/1", "unit": unit, "entries": entries}


# Sở Tư pháp's answers to the department set, reckoned by hand in the engine's tests.
DEPARTMENT_SAMPLE = {
    "1.1.1": {"level": "Ban hành chậm so với thời hạn"},  # 0.25 of 0.5: −0.25
    "1.1.3": {"numerator": 17, "denominator": 20},  # 85 % → band 80: 1 of 2: −1
    "1.3.2": {"numerator": 0, "denominator": 0},  # zero_denominator full_points: 1 of 1
    "1.6.2": {"count": 3},  # 1 − 3 × 0.25 = 0.25: −0.75
    "2.1.1": {"not_applicable": True, "reason": "Không được giao soạn thảo"},  # max −2.5
    "2.2.2": {"numerator": 2, "denominator": 3},  # 1.5 × 2/3 = 1: −0.5
    "7.5.2": {"points": 1.25},  # −0.25
    "8.1.1": {"points": 1.87},  # −0.13
    "8.2.1": {"numerator": 410, "denominator": 500},  # 3.5 × 0.82 = 2.87: −0.63
    "8.3.1": {"numerator": 0, "denominator": 0},  # zero_denominator not_applicable: max −3
    "9.1.1": {"points": 1, "reason": "Bằng khen của UBND tỉnh"},
    "9.2.2": {"points": 0.5, "reason": "Một văn bản phê bình"},
}
