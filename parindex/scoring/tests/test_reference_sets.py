"""The three reference criteria sets of ../shared/reference: they read, write back unchanged, and
score sample answers to totals worked out by hand; random answers agree with a separate
reckoning in fractions written straight from the format's text."""

from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.scoring.answers import parse_answers
from parindex.scoring.criteria_format import criteria_to_dict, parse_criteria
from parindex.scoring.engine import evaluate
from parindex.scoring.ranking import classify, rank, round2
from parindex.testing.samples import (
    DEPARTMENT_SAMPLE,
    FILES,
    answers,
    raw,
    raw_leaves,
    reference,
)

from .strategies import raw_entries


@pytest.mark.parametrize(
    ("name", "leaves"), [("department", 63), ("commune", 59), ("district", 62)]
)
def test_reference_set_reads_and_writes_back_unchanged(name, leaves):
    cs = reference(name)
    assert (cs.max_points, cs.illustrative, len(cs.leaves())) == (100, True, leaves)
    assert [band.label for band in cs.classification] == ["Tốt", "Khá", "Trung bình", "Yếu"]
    assert parse_criteria(criteria_to_dict(cs)) == cs


@pytest.mark.parametrize("name", FILES)
def test_every_item_at_its_best_scores_100(name):
    _, entries = parse_answers(reference(name), answers(name, "Đơn vị mẫu", {}))
    result = evaluate(reference(name), entries)
    assert (result.points, result.max, result.total, result.index) == (100, 100, 100, 100)


def test_department_sample_scores_as_reckoned_by_hand():
    cs = reference("department")
    _, entries = parse_answers(cs, answers("department", "Sở Tư pháp", DEPARTMENT_SAMPLE))
    result = evaluate(cs, entries)
    # max 100 − 2.5 − 3 = 94.5; points 94.5 − 3.51 = 90.99; total 90.99 + 1 − 0.5 = 91.49;
    # index 91.49 / 94.5 × 100 = 96.8148148…
    assert (result.points, result.max, result.bonus, result.penalty) == (
        D("90.99"),
        D("94.5"),
        1,
        D("0.5"),
    )
    assert result.total == D("91.49")
    assert result.index == D("96.81481481481481481481481481")
    assert classify(result.index, cs.classification) == "Tốt"
    # Area 1: 13 − 2 = 11 (84.615…); area 2: 5 of 5.5 (90.909…); area 8: 16.24 of 17 (95.529…).
    shown = {code: (result.nodes[code].points, result.nodes[code].max) for code in "1289"}
    assert shown == {"1": (11, 13), "2": (5, D("5.5")), "8": (D("16.24"), 17), "9": (0, 0)}
    assert [round2(result.nodes[code].index) for code in "128"] == [
        D("84.62"),
        D("90.91"),
        D("95.53"),
    ]
    assert result.nodes["9"].index is None


COMMUNE_SAMPLE = {
    "1.1.2": {"numerator": 9, "denominator": 10},  # 90 % exactly: 2 of 2.5: −0.5
    "1.2.1": {"numerator": 1, "denominator": 2},  # 50 % exactly: 0.5 of 1: −0.5
    "1.6.1": {"numerator": 0, "denominator": 0},  # zero_denominator full_points: 2.5
    "2.1.1": {"not_applicable": True, "reason": "Không ban hành văn bản QPPL"},  # max −2
    "3.1.1": {"count": 2},  # 1.5 − 2 × 0.25 = 1: −0.5
    "3.3.1": {"numerator": 97, "denominator": 100},  # band 95: 3 of 5: −2
    "3.4.2": {"numerator": 0, "denominator": 0},  # zero_denominator not_applicable: max −2
    "5.1.2": {"numerator": 3, "denominator": 5},  # 1.5 × 0.6 = 0.9: −0.6
    "7.2.1": {"numerator": 39, "denominator": 100},  # just below 40: band 20: 1.5 of 3.5: −2
    "8.1.1": {"points": 2.31},  # −0.19
    "8.2": {"numerator": 41, "denominator": 50},  # 5 × 0.82 = 4.1: −0.9
    "9.1.2": {"points": 0.5},
    "9.2.1": {"points": 1.5},
}


def test_commune_sample_scores_as_reckoned_by_hand():
    cs = reference("commune")
    _, entries = parse_answers(cs, answers("commune", "Phường Điện Biên Phủ", COMMUNE_SAMPLE))
    result = evaluate(cs, entries)
    # max 100 − 2 − 2 = 96; losses 7.19: points 88.81; total 88.81 + 0.5 − 1.5 = 87.81;
    # index 87.81 / 96 × 100 = 91.46875 exactly, shown 91.47.
    assert (result.points, result.max, result.total) == (D("88.81"), 96, D("87.81"))
    assert result.index == D("91.46875")
    assert round2(result.index) == D("91.47")
    # Area 3: 20 − 2 (3.4.2) = 18, losses 0.5 + 2: 15.5 (86.11).
    assert (result.nodes["3"].points, result.nodes["3"].max) == (D("15.5"), 18)
    assert round2(result.nodes["3"].index) == D("86.11")
    assert result.nodes["3.4.2"].not_applicable


DISTRICT_SAMPLE = {
    "1.2.1": {"numerator": 3, "denominator": 4},  # 75 % exactly: 0.5 of 1: −0.5
    "1.3.1": {"numerator": 3, "denominator": 10},  # 30 % exactly: 1 of 1
    "2.1.2": {"not_applicable": True, "reason": "Không có văn bản phải kiểm tra"},  # max −1
    "3.3.1": {"numerator": 489, "denominator": 500},  # 97.8 %: band 95: 1.5 of 3: −1.5
    "4.2.2": {"level": 2},  # 1 of 2: −1
    "5.4.1": {"numerator": 7, "denominator": 10},  # 1.5 × 0.7 = 1.05: −0.45
    "6.3.1": {"numerator": 0, "denominator": 0},  # zero_denominator not_applicable: max −2
    "7.5.1": {"level": 3},  # 0.5 of 2.5: −2
    "8.1.1": {"points": 1.75},  # −0.25
    "8.1.2": {"points": 1.8},  # −0.2
    "8.1.3": {"points": 1.92},  # −0.08
    "8.2.1": {"numerator": 180, "denominator": 200},  # 3.5 × 0.9 = 3.15: −0.35
    "9.1.1": {"points": 1},
    "9.2.2": {"points": 1},
}


def test_district_sample_scores_as_reckoned_by_hand():
    cs = reference("district")
    _, entries = parse_answers(cs, answers("district", "Huyện Mường Chà", DISTRICT_SAMPLE))
    result = evaluate(cs, entries)
    # max 100 − 1 − 2 = 97; losses 6.33: points 90.67; total 90.67 + 1 − 1 = 90.67;
    # index 90.67 / 97 × 100 = 93.4742268…
    assert (result.points, result.max, result.total) == (D("90.67"), 97, D("90.67"))
    assert round2(result.index) == D("93.47")
    assert classify(result.index, cs.classification) == "Tốt"


def test_units_of_one_level_rank_by_index():
    cs = reference("department")
    documents = [
        answers("department", "Sở Tư pháp", DEPARTMENT_SAMPLE),
        answers("department", "Sở Nội vụ", {}),
        {"format": "parindex.answers/1", "unit": "Sở Y tế", "entries": {}},
        answers("department", "Sở Tài chính", {"1.1.1": {"level": 2}, "9.1.1": {"points": 0.25}}),
    ]
    results = {}
    for document in documents:
        unit, entries = parse_answers(cs, document)
        results[unit] = evaluate(cs, entries).index
    # 96.81; 100; 0; (100 − 0.25 + 0.25) / 100 = 100: two share first place, then 3, then 4.
    assert rank(results) == {"Sở Tư pháp": 3, "Sở Nội vụ": 1, "Sở Y tế": 4, "Sở Tài chính": 1}


# A second reckoning, in fractions, straight from the format's "Exact arithmetic" section.


def fraction(value: object) -> Fraction:
    return Fraction(str(value))


def reckon_leaf(leaf: dict, entry: dict) -> Fraction | None:
    """The leaf's points for a (valid) entry; None when it counts as not applicable."""
    rule, top = leaf["rule"], fraction(leaf["max_points"])
    if entry.get("not_applicable"):
        return None
    if rule["kind"] == "levels":
        level = entry["level"]
        chosen = (
            rule["levels"][level - 1]
            if isinstance(level, int)
            else next(item for item in rule["levels"] if item["label"] == level)
        )
        return fraction(chosen["points"])
    if rule["kind"] == "deduction":
        return max(Fraction(0), top - entry["count"] * fraction(rule["per_item"]))
    if rule["kind"] in ("manual", "bonus", "penalty"):
        return fraction(entry["points"])
    numerator, denominator = fraction(entry["numerator"]), fraction(entry["denominator"])
    if denominator == 0:
        return top if rule["zero_denominator"] == "full_points" else None
    if rule["kind"] == "ratio_proportional":
        return min(top, top * numerator / denominator)
    percent = numerator / denominator * 100
    return next(fraction(b["points"]) for b in rule["bands"] if percent >= fraction(b["min"]))


def reckon(doc: dict, entries: dict) -> dict[str, Fraction]:
    sums = dict.fromkeys(("points", "max", "bonus", "penalty"), Fraction(0))
    for leaf in raw_leaves(doc["nodes"]):
        entry, kind = entries.get(leaf["code"]), leaf["rule"]["kind"]
        if kind in ("bonus", "penalty"):
            sums[kind] += reckon_leaf(leaf, entry) if entry else 0
            continue
        top = fraction(leaf["max_points"])
        points = reckon_leaf(leaf, entry) if entry else Fraction(0)
        if points is None and doc.get("not_applicable", "exclude") == "exclude":
            continue
        sums["points"] += top if points is None else points
        sums["max"] += top
    sums["total"] = max(Fraction(0), sums["points"] + sums["bonus"] - sums["penalty"])
    return sums


@st.composite
def reference_answers(draw, name: str) -> dict:
    return {
        leaf.code: entry
        for leaf in reference(name).leaves()
        if (entry := draw(raw_entries(leaf))) is not None
    }


@pytest.mark.parametrize("name", FILES)
@settings(max_examples=30)
@given(data=st.data())
def test_random_answers_agree_with_a_reckoning_in_fractions(name, data):
    entries = data.draw(reference_answers(name))
    _, parsed = parse_answers(
        reference(name), {"format": "parindex.answers/1", "unit": "X", "entries": entries}
    )
    result = evaluate(reference(name), parsed)
    expected = reckon(raw(name), entries)
    for field in ("points", "max", "bonus", "penalty", "total"):
        assert abs(fraction(getattr(result, field)) - expected[field]) < Fraction(1, 10**20)
    if expected["max"]:
        index = expected["total"] * 100 / expected["max"]
        assert abs(fraction(result.index) - index) < Fraction(1, 10**20)
    else:
        assert result.index is None
