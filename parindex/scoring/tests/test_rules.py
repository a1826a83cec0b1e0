"""Every rule kind: the points an entry gives (boundaries included), the entries it refuses, and the
rule definitions the catalog refuses. Expected values are worked out by hand in the tables."""

import unicodedata
from decimal import Decimal as D

import pytest

from parindex.scoring.answers import Entry, EntryError, parse_entry
from parindex.scoring.criteria import CriteriaError, Node, Problem, Rule
from parindex.scoring.criteria_format import parse_rule
from parindex.scoring.engine import LeafScore, leaf_points
from parindex.scoring.validation import validate_rule


def leaf(kind: str, max_points: str = "1", *, na: bool = False, **rule) -> Node:
    return Node(
        code="1.1",
        title="Tiêu chí thử",
        max_points=D(max_points),
        method="self",
        evidence="none",
        not_applicable_allowed=na,
        rule=parse_rule({"kind": kind, **rule}, code="1.1", max_points=D(max_points)),
    )


LEVELS = leaf(
    "levels",
    levels=[
        {"label": "Ban hành đúng hạn", "points": 1},
        {"label": "Ban hành chậm", "points": 0.5},
        {"label": "Không ban hành", "points": 0},
    ],
)
BANDS = {"numerator": "Số hoàn thành", "denominator": "Số được giao"}
RATIO_BANDS = leaf(
    "ratio_bands",
    "2",
    bands=[
        {"min": 100, "points": 2},
        {"min": 90, "points": 1.5},
        {"min": 80, "points": 1},
        {"min": 70, "points": 0.5},
        {"min": 0, "points": 0},
    ],
    **BANDS,
)
THIRDS = leaf(
    "ratio_bands", bands=[{"min": "66.67", "points": 1}, {"min": 0, "points": 0}], **BANDS
)
BANDS_ZERO_FULL = leaf(
    "ratio_bands",
    "2",
    zero_denominator="full_points",
    bands=[{"min": 50, "points": 2}, {"min": 0, "points": 0}],
    **BANDS,
)
BANDS_ZERO_NA = leaf(
    "ratio_bands",
    "2",
    zero_denominator="not_applicable",
    na=True,
    bands=[{"min": 50, "points": 2}, {"min": 0, "points": 0}],
    **BANDS,
)
PROPORTIONAL = leaf("ratio_proportional", "1.5", **BANDS)
PROPORTIONAL_ZERO_FULL = leaf("ratio_proportional", "1.5", zero_denominator="full_points", **BANDS)
DEDUCTION = leaf("deduction", per_item="0.25", item_label="Số nhiệm vụ quá hạn")
MANUAL = leaf("manual", "1.5")
SURVEY = leaf("manual", "2", step="0.01")
BONUS = leaf("bonus", "0", cap=1)
PENALTY = leaf("penalty", "0", cap=2, step="0.5")


def score(node: Node, data: dict, policy: str = "exclude") -> LeafScore:
    return leaf_points(node, parse_entry(node, data), not_applicable_policy=policy)


@pytest.mark.parametrize(
    ("node", "data", "points"),
    [
        (LEVELS, {"level": "Ban hành đúng hạn"}, "1"),
        (LEVELS, {"level": "Ban hành chậm"}, "0.5"),
        (LEVELS, {"level": unicodedata.normalize("NFD", "Ban hành chậm")}, "0.5"),
        (LEVELS, {"level": 3}, "0"),
        (LEVELS, {"level": "2"}, "0.5"),
        # ratio_bands: exactly on a band's min, just below it, above 100 %, 0 %.
        (RATIO_BANDS, {"numerator": 20, "denominator": 20}, "2"),
        (RATIO_BANDS, {"numerator": 21, "denominator": 20}, "2"),
        (RATIO_BANDS, {"numerator": 199, "denominator": 200}, "1.5"),
        (RATIO_BANDS, {"numerator": 18, "denominator": 20}, "1.5"),
        (RATIO_BANDS, {"numerator": 179, "denominator": 200}, "1"),
        (RATIO_BANDS, {"numerator": "17.5", "denominator": 20}, "1"),
        (RATIO_BANDS, {"numerator": 16, "denominator": 20}, "1"),
        (RATIO_BANDS, {"numerator": 159, "denominator": 200}, "0.5"),
        (RATIO_BANDS, {"numerator": 7, "denominator": 10}, "0.5"),
        (RATIO_BANDS, {"numerator": 139, "denominator": 200}, "0"),
        (RATIO_BANDS, {"numerator": 0, "denominator": 20}, "0"),
        # 2/3 = 66.666…% stays below 66.67 however many digits a division would keep.
        (THIRDS, {"numerator": 2, "denominator": 3}, "0"),
        (THIRDS, {"numerator": 6667, "denominator": 10000}, "1"),
        (THIRDS, {"numerator": 6666, "denominator": 10000}, "0"),
        (BANDS_ZERO_FULL, {"numerator": 0, "denominator": 0}, "2"),
        (BANDS_ZERO_FULL, {"numerator": 1, "denominator": 4}, "0"),
        # ratio_proportional: 1.5 × n / d, capped at the max.
        (PROPORTIONAL, {"numerator": 2, "denominator": 3}, "1"),
        (PROPORTIONAL, {"numerator": 1, "denominator": 3}, "0.5"),
        (PROPORTIONAL, {"numerator": 1, "denominator": 7}, "0.2142857142857142857142857143"),
        (PROPORTIONAL, {"numerator": 3, "denominator": 3}, "1.5"),
        (PROPORTIONAL, {"numerator": 4, "denominator": 3}, "1.5"),
        (PROPORTIONAL, {"numerator": 0, "denominator": 5}, "0"),
        (PROPORTIONAL_ZERO_FULL, {"numerator": 0, "denominator": 0}, "1.5"),
        # deduction: max(0, 1 − n × 0.25)
        (DEDUCTION, {"count": 0}, "1"),
        (DEDUCTION, {"count": 1}, "0.75"),
        (DEDUCTION, {"count": "3"}, "0.25"),
        (DEDUCTION, {"count": 4.0}, "0"),
        (DEDUCTION, {"count": 9}, "0"),
        (MANUAL, {"points": 1.5}, "1.5"),
        (MANUAL, {"points": "1.25"}, "1.25"),
        (MANUAL, {"points": 0}, "0"),
        (MANUAL, {"points": "-0"}, "0"),
        (SURVEY, {"points": 1.87}, "1.87"),
        (SURVEY, {"points": 2}, "2"),
        # Left empty: "not scored yet", 0 points.
        (LEVELS, {}, "0"),
        (RATIO_BANDS, {"reason": "chưa có số liệu"}, "0"),
        (DEDUCTION, {}, "0"),
    ],
)
def test_points_of_a_scored_leaf(node, data, points):
    assert score(node, data) == LeafScore(D(points), node.max_points)


@pytest.mark.parametrize(
    ("node", "data", "amount"),
    [
        (BONUS, {"points": 1, "reason": "Khen thưởng"}, "1"),
        (BONUS, {"points": 0.75}, "0.75"),
        (PENALTY, {"points": 2}, "2"),
        (PENALTY, {"points": "1.5"}, "1.5"),
        (PENALTY, {}, "0"),
    ],
)
def test_bonus_and_penalty_give_their_amount_outside_the_max(node, data, amount):
    assert score(node, data) == LeafScore(D(amount), D(0))


def test_a_leaf_without_entry_scores_zero_and_keeps_its_max():
    assert leaf_points(RATIO_BANDS, None, not_applicable_policy="exclude") == LeafScore(D(0), D(2))
    assert leaf_points(BONUS, None, not_applicable_policy="exclude") == LeafScore(D(0), D(0))


NA = {"not_applicable": True, "reason": "Không có nhiệm vụ trong năm"}
ZERO_OVER_ZERO = {"numerator": 0, "denominator": 0}


@pytest.mark.parametrize(
    ("data", "policy", "expected"),
    [
        (NA, "exclude", LeafScore(D(0), D(0), not_applicable=True)),
        (NA, "full_points", LeafScore(D(2), D(2), not_applicable=True)),
        (ZERO_OVER_ZERO, "exclude", LeafScore(D(0), D(0), not_applicable=True)),
        (ZERO_OVER_ZERO, "full_points", LeafScore(D(2), D(2), not_applicable=True)),
    ],
)
def test_not_applicable_under_both_policies(data, policy, expected):
    assert score(BANDS_ZERO_NA, data, policy) == expected


def test_entries_are_stored_exactly_with_the_level_label():
    assert parse_entry(LEVELS, {"level": 2}) == Entry(level="Ban hành chậm")
    assert parse_entry(RATIO_BANDS, {"numerator": 0.1, "denominator": "20"}) == Entry(
        numerator=D("0.1"), denominator=D(20)
    )
    assert parse_entry(BANDS_ZERO_NA, NA) == Entry(
        not_applicable=True, reason="Không có nhiệm vụ trong năm"
    )


@pytest.mark.parametrize(
    ("node", "data", "message"),
    [
        (LEVELS, {"level": "Ban hành sớm"}, "mức “Ban hành sớm” không có trong danh sách 3 mức"),
        (LEVELS, {"level": 4}, "mức “4” không có trong danh sách 3 mức"),
        (LEVELS, {"level": 0}, "mức “0” không có trong danh sách 3 mức"),
        (LEVELS, {"level": True}, "mức “True” không có trong danh sách 3 mức"),
        (LEVELS, {"points": 1}, "khóa “points” không dùng cho cách chấm levels"),
        (RATIO_BANDS, {"numerator": 18}, "thiếu mẫu số (denominator)"),
        (RATIO_BANDS, {"denominator": 18}, "thiếu tử số (numerator)"),
        (RATIO_BANDS, {"numerator": -1, "denominator": 20}, "numerator không được âm (-1)"),
        (RATIO_BANDS, {"numerator": "abc", "denominator": 20}, "numerator: “abc” không phải là số"),
        (RATIO_BANDS, {"numerator": "1,5", "denominator": 20}, "numerator: “1,5” không phải là số"),
        (RATIO_BANDS, ZERO_OVER_ZERO, "mẫu số bằng 0 không được phép với tiêu chí này"),
        (
            PROPORTIONAL,
            {"numerator": 3, "denominator": 0},
            "mẫu số bằng 0 không được phép với tiêu chí này",
        ),
        (DEDUCTION, {"count": 2.5}, "số trường hợp (count) phải là số nguyên (2,5)"),
        (DEDUCTION, {"count": -1}, "count không được âm (-1)"),
        (MANUAL, {"points": 1.3}, "điểm (1,3) không phải bội số của bước chấm (0,25)"),
        (MANUAL, {"points": 1.75}, "điểm (1,75) lớn hơn điểm tối đa (1,5)"),
        (MANUAL, {"points": -0.25}, "points không được âm (-0,25)"),
        (SURVEY, {"points": 1.875}, "điểm (1,875) không phải bội số của bước chấm (0,01)"),
        (BONUS, {"points": 1.25}, "điểm (1,25) lớn hơn mức tối đa (1)"),
        (PENALTY, {"points": 0.25}, "điểm (0,25) không phải bội số của bước chấm (0,5)"),
        (LEVELS, NA, "tiêu chí này không được đánh dấu không áp dụng"),
        (
            BANDS_ZERO_NA,
            NA | {"numerator": 1, "denominator": 2},
            "mục đã đánh dấu không áp dụng thì không nhập số liệu",
        ),
        (BANDS_ZERO_NA, {"not_applicable": "có"}, "not_applicable phải là true hoặc false"),
        (LEVELS, {"level": 1, "reason": 5}, "lý do (reason) phải là chuỗi ký tự"),
        (LEVELS, "Ban hành đúng hạn", "mục nhập phải là một bảng khóa–giá trị"),
    ],
)
def test_invalid_entries_are_refused_with_the_reason(node, data, message):
    with pytest.raises(EntryError) as caught:
        parse_entry(node, data)
    assert (caught.value.code, caught.value.message) == ("1.1", message)


@pytest.mark.parametrize(
    ("node", "data", "problem", "field", "params"),
    [
        (RATIO_BANDS, {"numerator": 18}, "missing", "denominator", {}),
        (RATIO_BANDS, {"denominator": 18}, "missing", "numerator", {}),
        (RATIO_BANDS, ZERO_OVER_ZERO, "zero_denominator", "denominator", {}),
        (
            MANUAL,
            {"points": 1.75},
            "above_limit",
            "points",
            {"points": D("1.75"), "limit": D("1.5")},
        ),
        (BONUS, {"points": 1.25}, "above_limit", "points", {"points": D("1.25"), "limit": D(1)}),
        (MANUAL, {"points": 1.3}, "off_step", "points", {"points": D("1.3"), "step": D("0.25")}),
        # Problems a form's own fields refuse first carry no name.
        (MANUAL, {"points": -0.25}, "", "", {}),
    ],
)
def test_problems_a_form_can_meet_name_themselves(node, data, problem, field, params):
    """The web forms word and translate these themselves, next to the input concerned."""
    with pytest.raises(EntryError) as caught:
        parse_entry(node, data)
    assert (caught.value.problem, caught.value.field, caught.value.params) == (
        problem,
        field,
        params,
    )


def test_the_engine_refuses_inputs_it_cannot_score():
    with pytest.raises(EntryError, match="không có trong danh sách"):
        leaf_points(LEVELS, Entry(level="Sớm"), not_applicable_policy="exclude")
    with pytest.raises(EntryError, match="mẫu số bằng 0"):
        leaf_points(
            RATIO_BANDS, Entry(numerator=D(0), denominator=D(0)), not_applicable_policy="exclude"
        )


def test_numbers_may_be_int_float_decimal_or_numeric_text():
    rule = parse_rule(
        {
            "kind": "levels",
            "levels": [
                {"label": "a", "points": 1},
                {"label": "b", "points": 0.1},
                {"label": "c", "points": D("0.25")},
                {"label": "d", "points": " 0.5 "},
            ],
        },
        code="1.1",
        max_points=D(1),
    )
    assert [level.points for level in rule.levels] == [D(1), D("0.1"), D("0.25"), D("0.5")]


LEVELS_AB = [{"label": "Đạt", "points": 1}, {"label": "Không đạt", "points": 0}]
TWO_BANDS = [{"min": 100, "points": 1}, {"min": 0, "points": 0}]
RATIO = {"numerator": "Số hoàn thành", "denominator": "Số được giao"}


@pytest.mark.parametrize(
    ("data", "max_points", "messages"),
    [
        (
            {"kind": "levels", "levels": [{"label": "Đúng hạn", "points": 5}, *LEVELS_AB]},
            "1",
            ["mức “Đúng hạn”: điểm (5) phải từ 0 đến điểm tối đa (1)"],
        ),
        ({"kind": "levels", "levels": []}, "1", ["cần ít nhất một mức (levels)"]),
        (
            {"kind": "levels", "levels": [*LEVELS_AB, {"label": "Đạt", "points": 0.5}]},
            "1",
            ["mức “Đạt” bị trùng"],
        ),
        (
            {"kind": "levels", "levels": [{"label": " ", "points": 1}]},
            "1",
            ["mức thứ 1 thiếu tên (label)"],
        ),
        (
            {
                "kind": "ratio_bands",
                **RATIO,
                "bands": [{"min": 100, "points": 1.5}, {"min": 0, "points": 0}],
            },
            "1",
            ["ngưỡng 100%: điểm (1,5) phải từ 0 đến điểm tối đa (1)"],
        ),
        (
            {
                "kind": "ratio_bands",
                **RATIO,
                "bands": [
                    {"min": 80, "points": 0.5},
                    {"min": 90, "points": 1},
                    {"min": 0, "points": 0},
                ],
            },
            "1",
            ["các ngưỡng phải xếp từ min cao nhất xuống, không trùng nhau"],
        ),
        (
            {
                "kind": "ratio_bands",
                **RATIO,
                "bands": [{"min": 100, "points": 1}, {"min": 50, "points": 0}],
            },
            "1",
            ["các ngưỡng: mức cuối cùng phải có min 0 (đang là 50)"],
        ),
        ({"kind": "ratio_bands", **RATIO}, "1", ["cần ít nhất một ngưỡng (bands)"]),
        (
            {"kind": "ratio_proportional", "denominator": "Số được giao"},
            "1",
            ["thiếu tên tử số (numerator)"],
        ),
        (
            {"kind": "ratio_proportional", **RATIO, "zero_denominator": "zero"},
            "1",
            ["zero_denominator “zero” không hợp lệ; dùng full_points hoặc not_applicable"],
        ),
        ({"kind": "deduction"}, "1", ["thiếu số điểm trừ mỗi trường hợp (per_item)"]),
        (
            {"kind": "deduction", "per_item": 0},
            "1",
            ["số điểm trừ mỗi trường hợp (per_item) phải lớn hơn 0"],
        ),
        (
            {"kind": "manual"},
            "1.3",
            ["điểm tối đa (1,3) không phải bội số của bước chấm (0,25)"],
        ),
        ({"kind": "manual", "step": 0}, "1", ["bước chấm (step) phải lớn hơn 0"]),
        ({"kind": "manual"}, "0", ["tiêu chí được chấm điểm phải có điểm tối đa lớn hơn 0"]),
        ({"kind": "bonus"}, "0", ["thiếu mức tối đa (cap) của điểm thưởng, điểm trừ"]),
        (
            {"kind": "penalty", "cap": 1},
            "1",
            ["điểm thưởng, điểm trừ nằm ngoài tổng điểm: điểm tối đa phải là 0 (đang là 1)"],
        ),
        ({"kind": "bonus", "cap": 0}, "0", ["mức tối đa (cap) phải lớn hơn 0"]),
        (
            {"kind": "bonus", "cap": 0.3},
            "0",
            ["mức tối đa (0,3) không phải bội số của bước chấm (0,25)"],
        ),
        (
            {"kind": "scale"},
            "1",
            [
                "cách chấm “scale” không hợp lệ; dùng một trong: levels, ratio_bands, "
                "ratio_proportional, deduction, manual, bonus, penalty"
            ],
        ),
        (
            {"levels": LEVELS_AB},
            "1",
            [
                "thiếu cách chấm (kind); dùng một trong: levels, ratio_bands, "
                "ratio_proportional, deduction, manual, bonus, penalty"
            ],
        ),
        (
            {"kind": "levels", "levels": LEVELS_AB, "cap": 1, "step": 0.5},
            "1",
            ["“cap” không dùng cho cách chấm levels", "“step” không dùng cho cách chấm levels"],
        ),
        ({"kind": "manual", "stepp": 0.5}, "1", ["khóa không hợp lệ trong rule: “stepp”"]),
        (
            {"kind": "levels", "levels": [{"label": "Đạt", "points": -1}, {"label": "Không"}]},
            "1",
            ["points không được âm (-1)", "thiếu “points”"],
        ),
        (
            {"kind": "levels", "levels": [{"label": "a", "points": x} for x in (True, [1], "NaN")]},
            "1",
            [
                "points: “True” không phải là số",
                "points: “[1]” không phải là số",
                "points: “NaN” không phải là số",
            ],
        ),
        (
            {"kind": "levels", "levels": "Đạt = 1"},
            "1",
            ["levels phải là một danh sách các bảng khóa–giá trị"],
        ),
        ({"kind": "manual", "step": "0,5"}, "1", ["step: “0,5” không phải là số"]),
        ("manual", "1", ["rule phải là một bảng khóa–giá trị"]),
    ],
)
def test_invalid_rules_are_refused_naming_the_code(data, max_points, messages):
    with pytest.raises(CriteriaError) as caught:
        parse_rule(data, code="1.2", max_points=D(max_points))
    assert caught.value.problems == [Problem("1.2", message) for message in messages]


def test_validate_rule_checks_a_rule_built_by_the_editor():
    rule = Rule("levels", levels=(), cap=D(1))
    assert validate_rule(rule, code="3.1", max_points=D(2)) == [
        Problem("3.1", "“cap” không dùng cho cách chấm levels"),
        Problem("3.1", "cần ít nhất một mức (levels)"),
    ]
    assert validate_rule(Rule("manual", step=D("0.5")), code="3.1", max_points=D(2)) == []
