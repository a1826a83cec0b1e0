"""A unit's result on a small set with every kind of node, and ranking and classification of
units; each expected figure is worked out by hand beside the case."""

import dataclasses
from decimal import Decimal as D

import pytest
import yaml

from parindex.scoring.answers import Entry, EntryError, parse_answers
from parindex.scoring.criteria import ClassBand
from parindex.scoring.criteria_format import parse_criteria
from parindex.scoring.engine import NodeResult, UnitResult, evaluate, final_entries
from parindex.scoring.ranking import classify, rank, round2

SET = parse_criteria(
    yaml.safe_load(
        """
format: parindex.criteria/1
title: "Bộ tiêu chí kiểm thử"
level: department
year: 2025
max_points: 10
classification:
  - {label: "Tốt", min: 90}
  - {label: "Khá", min: 80}
  - {label: "Trung bình", min: 70}
  - {label: "Yếu", min: 0}
nodes:
  - code: "1"
    title: "Chỉ đạo, điều hành"
    max_points: 6
    children:
      - code: "1.1"
        title: "Kế hoạch"
        max_points: 2
        method: self
        evidence: required
        rule:
          kind: levels
          levels:
            - {label: "Đúng hạn", points: 2}
            - {label: "Chậm", points: 1}
            - {label: "Không", points: 0}
      - code: "1.2"
        title: "Thực hiện"
        max_points: 4
        children:
          - code: "1.2.1"
            title: "Tỷ lệ văn bản trình đúng tiến độ"
            max_points: 3
            method: self
            evidence: required
            not_applicable_allowed: true
            rule:
              kind: ratio_bands
              numerator: "Số văn bản trình đúng tiến độ"
              denominator: "Số văn bản được giao"
              zero_denominator: not_applicable
              bands: [{min: 100, points: 3}, {min: 50, points: 1.5}, {min: 0, points: 0}]
          - code: "1.2.2"
            title: "Nhiệm vụ quá hạn"
            max_points: 1
            method: self
            evidence: optional
            rule: {kind: deduction, per_item: 0.5, item_label: "Số nhiệm vụ quá hạn"}
  - code: "2"
    title: "Tác động"
    max_points: 4
    children:
      - code: "2.1"
        title: "Nhiệm vụ trọng tâm"
        max_points: 2
        method: appraisal
        evidence: none
        rule: {kind: manual, step: 0.5}
      - code: "2.2"
        title: "Khảo sát"
        max_points: 2
        method: survey
        evidence: none
        rule: {kind: ratio_proportional, numerator: "Điểm quy đổi", denominator: "Điểm tối đa"}
  - code: "3"
    title: "Điểm thưởng, điểm trừ"
    max_points: 0
    children:
      - {code: "3.1", title: "Khen thưởng", max_points: 0, method: self, evidence: required,
         rule: {kind: bonus, cap: 1}}
      - {code: "3.2", title: "Phê bình", max_points: 0, method: appraisal, evidence: optional,
         rule: {kind: penalty, cap: 2}}
"""
    )
)
NA = Entry(not_applicable=True, reason="Không được giao")


def answers(entries: dict) -> dict:
    _, parsed = parse_answers(
        SET, {"format": "parindex.answers/1", "unit": "Sở A", "entries": entries}
    )
    return parsed


def test_every_item_at_its_best_plus_a_bonus_takes_the_index_above_100():
    result = evaluate(
        SET,
        answers(
            {
                "1.1": {"level": 1},
                "1.2.1": {"numerator": 12, "denominator": 12},
                "1.2.2": {"count": 0},
                "2.1": {"points": 2},
                "2.2": {"numerator": 5, "denominator": 5},
                "3.1": {"points": 1, "reason": "Bằng khen"},
            }
        ),
    )
    # points 2 + 3 + 1 + 2 + 2 = 10 of 10; total 10 + 1 = 11; index 11 / 10 = 110 %.
    assert (result.points, result.max, result.bonus, result.penalty) == (10, 10, 1, 0)
    assert (result.total, result.index) == (11, 110)
    assert classify(result.index, SET.classification) == "Tốt"


def test_an_item_not_applicable_leaves_the_max_under_exclude():
    result = evaluate(
        SET,
        answers(
            {
                "1.1": {"level": "Chậm"},
                "1.2.1": {"not_applicable": True, "reason": "Không được giao văn bản"},
                "1.2.2": {"count": 1},
                "2.1": {"points": 1.5},
                "2.2": {"numerator": 3, "denominator": 4},
                "3.2": {"points": 0.5, "reason": "Bị phê bình"},
            }
        ),
    )
    # 1.1 → 1; 1.2.1 N/A (its 3 leave the max); 1.2.2 → 1 − 0.5 = 0.5; 2.1 → 1.5; 2.2 → 2 × 3/4.
    assert result.nodes == {
        "1": NodeResult(D("1.5"), D(3), D(50)),
        "1.1": NodeResult(D(1), D(2), D(50)),
        "1.2": NodeResult(D("0.5"), D(1), D(50)),
        "1.2.1": NodeResult(D(0), D(0), None, not_applicable=True),
        "1.2.2": NodeResult(D("0.5"), D(1), D(50)),
        "2": NodeResult(D(3), D(4), D(75)),
        "2.1": NodeResult(D("1.5"), D(2), D(75)),
        "2.2": NodeResult(D("1.5"), D(2), D(75)),
        "3": NodeResult(D(0), D(0), None),
        "3.1": NodeResult(D(0), D(0), None),
        "3.2": NodeResult(D("0.5"), D(0), None),
    }
    # points 4.5 of 7; total 4.5 − 0.5 = 4; index 4 / 7 × 100, exact to 28 digits.
    assert (result.points, result.max, result.total) == (D("4.5"), D(7), D(4))
    assert result.index == D("57.14285714285714285714285714")
    assert (round2(result.index), classify(result.index, SET.classification)) == (D("57.14"), "Yếu")


def test_an_item_not_applicable_earns_its_max_under_full_points():
    full = dataclasses.replace(SET, not_applicable="full_points")
    entries = answers(
        {
            "1.1": {"level": "Chậm"},
            "1.2.1": {"numerator": 0, "denominator": 0},
            "1.2.2": {"count": 1},
            "2.1": {"points": 1.5},
            "2.2": {"numerator": 3, "denominator": 4},
            "3.2": {"points": 0.5},
        }
    )
    result = evaluate(full, entries)
    # 1 + 3 (N/A: full points) + 0.5 + 1.5 + 1.5 = 7.5 of 10; total 7; index exactly 70.
    assert result.nodes["1.2.1"] == NodeResult(D(3), D(3), D(100), not_applicable=True)
    assert (result.points, result.max, result.total, result.index) == (D("7.5"), 10, 7, 70)
    assert classify(result.index, SET.classification) == "Trung bình"
    # The same 0/0 under exclude: the item leaves the max.
    assert evaluate(SET, entries).nodes["1.2.1"] == NodeResult(D(0), D(0), None, True)


def test_nothing_entered_scores_zero_against_the_full_max():
    result = evaluate(SET, {})
    assert (result.points, result.max, result.total, result.index) == (0, 10, 0, 0)
    assert result.nodes["1.2.1"] == NodeResult(D(0), D(3), D(0))
    assert list(result.nodes) == [
        "1",
        "1.1",
        "1.2",
        "1.2.1",
        "1.2.2",
        "2",
        "2.1",
        "2.2",
        "3",
        "3.1",
        "3.2",
    ]


def test_a_penalty_larger_than_the_points_leaves_a_total_of_zero():
    result = evaluate(SET, answers({"1.2.2": {"count": 1}, "3.2": {"points": 2}}))
    # points 0.5, penalty 2: total max(0, 0.5 − 2) = 0.
    assert (result.points, result.penalty, result.total, result.index) == (D("0.5"), 2, 0, 0)


def test_a_parent_is_not_applicable_when_all_its_items_are():
    entries = {"1.2.1": NA, "1.2.2": NA}
    result = evaluate(SET, entries)
    assert result.nodes["1.2"] == NodeResult(D(0), D(0), None, not_applicable=True)
    assert result.nodes["1"] == NodeResult(D(0), D(2), D(0))
    assert result.max == 6


def test_a_unit_with_every_item_not_applicable_has_no_index():
    codes = ("1.1", "1.2.1", "1.2.2", "2.1", "2.2")
    result = evaluate(SET, dict.fromkeys(codes, NA) | {"3.1": Entry(points=D(1))})
    assert (result.points, result.max, result.total, result.index) == (0, 0, 1, None)
    assert classify(result.index, SET.classification) is None


@pytest.mark.parametrize("code", ["9.9", "1", "1.2"])
def test_an_entry_for_a_code_that_is_no_leaf_is_refused(code):
    with pytest.raises(EntryError) as caught:
        evaluate(SET, {code: Entry(points=D(1))})
    assert caught.value.code == code


def test_self_appraised_and_final_results_come_from_their_own_entries():
    self_entries = answers({"1.1": {"level": 1}, "2.1": {"points": 2}})
    appraised = answers(
        {"1.1": {"level": 2}, "2.1": {"points": 1}, "2.2": {"numerator": 1, "denominator": 1}}
    )
    survey = answers({"2.2": {"numerator": 1, "denominator": 2}, "2.1": {"points": 2}})
    final = final_entries(SET, appraised, survey)
    assert final == {"1.1": Entry(level="Chậm"), "2.1": Entry(points=D(1)), "2.2": survey["2.2"]}
    # self: 2 + 2; appraised: 1 + 1 + 2; final: 1 + 1 + 2 × 1/2.
    assert [evaluate(SET, e).total for e in (self_entries, appraised, final)] == [4, 4, 3]


def test_results_are_frozen():
    result = evaluate(SET, {})
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.total = D(100)  # type: ignore[misc]
    assert isinstance(result, UnitResult)


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("0.125", "0.13"),
        ("0.135", "0.14"),
        ("2.675", "2.68"),
        ("1.005", "1.01"),
        ("89.06499", "89.06"),
        ("89.065", "89.07"),
        ("96.81481481481481481481481481", "96.81"),
        ("0E+1", "0.00"),
        ("100", "100.00"),
    ],
)
def test_round2_rounds_half_up_to_two_decimals(value, rounded):
    assert str(round2(D(value))) == rounded


@pytest.mark.parametrize(
    ("indices", "ranks"),
    [
        ({"a": "90", "b": "85.5", "c": "85.5", "d": "80"}, {"a": 1, "b": 2, "c": 2, "d": 4}),
        ({"a": "80", "b": "85.5", "c": "90", "d": "85.5"}, {"a": 4, "b": 2, "c": 1, "d": 2}),
        # Rank uses the rounded index: 89.995 and 90.004 are both 90.00, 89.994 is 89.99.
        ({"a": "89.995", "b": "90.004", "c": "89.994"}, {"a": 1, "b": 1, "c": 3}),
        ({"a": None, "b": "50", "c": "50"}, {"a": None, "b": 1, "c": 1}),
        ({"a": "70", "b": "70", "c": "70"}, {"a": 1, "b": 1, "c": 1}),
        ({}, {}),
    ],
)
def test_rank_shares_places_between_equal_rounded_indices(indices, ranks):
    assert rank({k: None if v is None else D(v) for k, v in indices.items()}) == ranks


BANDS = (
    ClassBand("Tốt", D(90)),
    ClassBand("Khá", D(80)),
    ClassBand("Trung bình", D(70)),
    ClassBand("Yếu", D(0)),
)


@pytest.mark.parametrize(
    ("index", "label"),
    [
        ("110", "Tốt"),
        ("90", "Tốt"),
        ("89.995", "Tốt"),
        ("89.9949", "Khá"),
        ("80", "Khá"),
        ("79.99", "Trung bình"),
        ("70.00", "Trung bình"),
        ("69.994", "Yếu"),
        ("0", "Yếu"),
        (None, None),
    ],
)
def test_classify_takes_the_first_band_whose_min_the_rounded_index_reaches(index, label):
    assert classify(None if index is None else D(index), BANDS) == label


def test_classify_without_bands_gives_no_class():
    assert classify(D(95), ()) is None
