"""Reading, validating and writing a whole criteria set (parindex.criteria/1)."""

import copy
import dataclasses
import unicodedata
from decimal import Decimal as D

import pytest
import yaml

from parindex.scoring.criteria import (
    Band,
    ClassBand,
    CriteriaError,
    CriteriaSet,
    Level,
    Node,
    Problem,
    Rule,
)
from parindex.scoring.criteria_format import criteria_to_dict, parse_criteria
from parindex.scoring.validation import validate_tree
from parindex.testing.samples import SMALL

SMALL_SET = CriteriaSet(
    title="Bộ tiêu chí thử nghiệm năm 2025",
    level="department",
    year=2025,
    max_points=D(3),
    not_applicable="exclude",
    classification=(ClassBand("Tốt", D(90)), ClassBand("Yếu", D(0))),
    nodes=(
        Node(
            code="1",
            title="Công tác chỉ đạo, điều hành",
            field="CDDH",
            max_points=D(3),
            children=(
                Node(
                    code="1.1",
                    title="Ban hành kế hoạch CCHC",
                    max_points=D(1),
                    method="self",
                    evidence="required",
                    rule=Rule(
                        "levels",
                        levels=(
                            Level("Đúng hạn", D(1)),
                            Level("Chậm", D("0.5")),
                            Level("Không ban hành", D(0)),
                        ),
                    ),
                ),
                Node(
                    code="1.2",
                    title="Tỷ lệ hoàn thành kế hoạch",
                    max_points=D(2),
                    method="self",
                    evidence="optional",
                    rule=Rule(
                        "ratio_bands",
                        numerator="Số nhiệm vụ hoàn thành",
                        denominator="Số nhiệm vụ",
                        bands=(Band(D(100), D(2)), Band(D(0), D(0))),
                    ),
                ),
            ),
        ),
    ),
)


def small() -> dict:
    return yaml.safe_load(SMALL)


def problems_of(doc: dict) -> list[Problem]:
    with pytest.raises(CriteriaError) as caught:
        parse_criteria(doc)
    return caught.value.problems


def test_a_valid_set_reads_into_the_frozen_tree():
    cs = parse_criteria(small())
    assert cs == SMALL_SET
    assert [leaf.code for leaf in cs.leaves()] == ["1.1", "1.2"]
    assert [node.code for node in cs.walk()] == ["1", "1.1", "1.2"]
    assert cs.find("1.2").rule.kind == "ratio_bands"
    assert cs.find("1.3") is None


def test_text_is_stored_nfc_whatever_form_it_arrives_in():
    doc = small()
    doc["nodes"][0]["title"] = unicodedata.normalize("NFD", "Công tác chỉ đạo, điều hành")
    assert parse_criteria(doc) == SMALL_SET


def test_the_mapping_written_back_reads_into_the_same_set_with_the_keys_in_order():
    written = criteria_to_dict(SMALL_SET)
    assert list(written) == [
        "format",
        "title",
        "level",
        "year",
        "legal_basis",
        "illustrative",
        "max_points",
        "not_applicable",
        "classification",
        "nodes",
    ]
    assert written["nodes"][0]["children"][1] == {
        "code": "1.2",
        "title": "Tỷ lệ hoàn thành kế hoạch",
        "max_points": D(2),
        "method": "self",
        "evidence": "optional",
        "evidence_hint": "",
        "guidance": "",
        "not_applicable_allowed": False,
        "suggest_from": None,
        "rule": {
            "kind": "ratio_bands",
            "numerator": "Số nhiệm vụ hoàn thành",
            "denominator": "Số nhiệm vụ",
            "bands": [{"min": D(100), "points": D(2)}, {"min": D(0), "points": D(0)}],
        },
    }
    assert list(written["nodes"][0]) == ["code", "title", "field", "max_points", "children"]
    assert parse_criteria(written) == SMALL_SET


def test_a_leaf_added_in_the_editor_is_reported_on_its_parent_and_on_the_set():
    extra = Node("1.3", "Kiểm tra công tác CCHC", D(1), method="self", evidence="required")
    extra = dataclasses.replace(extra, rule=Rule("levels", levels=(Level("Đạt", D(1)),)))
    area = SMALL_SET.nodes[0]
    edited = dataclasses.replace(
        SMALL_SET, nodes=(dataclasses.replace(area, children=(*area.children, extra)),)
    )
    assert validate_tree(edited) == [
        Problem("1", "điểm tối đa (3) khác tổng điểm tối đa các tiêu chí con (4)"),
        Problem("", "tổng điểm tối đa các tiêu chí lá (4) khác điểm tối đa của bộ tiêu chí (3)"),
    ]


def test_every_problem_is_reported_at_once_each_naming_its_code():
    doc = small()
    doc["max_points"] = 4
    area = doc["nodes"][0]
    area["children"][0]["rule"]["levels"][0]["points"] = 5
    area["children"][1]["max_points"] = "2.5"
    area["children"][1]["method"] = "phone"
    area["children"].append({"code": "1.2", "title": "Trùng mã", "max_points": 0})
    assert problems_of(doc) == [
        Problem("1", "điểm tối đa (3) khác tổng điểm tối đa các tiêu chí con (3,5)"),
        Problem("1.1", "mức “Đúng hạn”: điểm (5) phải từ 0 đến điểm tối đa (1)"),
        Problem("1.2", "“method” không hợp lệ: “phone”; dùng một trong: self, appraisal, survey"),
        Problem("1.2", "mã bị trùng với một tiêu chí khác"),
        Problem("1.2", "thiếu “method”; dùng một trong: self, appraisal, survey"),
        Problem("1.2", "thiếu “evidence”; dùng một trong: required, optional, none"),
        Problem("1.2", "tiêu chí lá thiếu cách chấm (rule)"),
        Problem("", "điểm tối đa của bộ tiêu chí (4) khác tổng điểm tối đa các lĩnh vực (3)"),
    ]


def node_with(**changes) -> dict:
    doc = small()
    doc["nodes"][0]["children"][1].update(changes)
    return doc


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (
            node_with(code="2.2"),
            [Problem("2.2", "mã phải mở rộng mã của tiêu chí cha, dạng “1.x”")],
        ),
        (
            node_with(code="1.2.1"),
            [Problem("1.2.1", "mã phải mở rộng mã của tiêu chí cha, dạng “1.x”")],
        ),
        (node_with(code="1. 2"), [Problem("1. 2", "mã không được chứa khoảng trắng")]),
        (
            node_with(code=1.2),
            [
                Problem(
                    "1",
                    "tiêu chí con thứ 2 của 1 thiếu mã (code) hoặc mã không viết trong ngoặc kép",
                )
            ],
        ),
        (node_with(title=""), [Problem("1.2", "thiếu tên tiêu chí (title)")]),
        (node_with(max_points=None), [Problem("1.2", "thiếu “max_points”")]),
        (node_with(max_points=-2), [Problem("1.2", "max_points không được âm (-2)")]),
        (node_with(max_points="hai"), [Problem("1.2", "max_points: “hai” không phải là số")]),
        (
            node_with(evidence="always"),
            [
                Problem(
                    "1.2",
                    "“evidence” không hợp lệ: “always”; dùng một trong: required, optional, none",
                )
            ],
        ),
        (
            node_with(suggest_from="plans.total"),
            [
                Problem(
                    "1.2",
                    "suggest_from “plans.total” không hợp lệ; dùng một trong: "
                    "plans.completion_rate, reports.on_time",
                )
            ],
        ),
        (
            node_with(not_applicable_allowed="yes"),
            [Problem("1.2", "not_applicable_allowed phải là true hoặc false, không phải “yes”")],
        ),
        (node_with(rule=None), [Problem("1.2", "tiêu chí lá thiếu cách chấm (rule)")]),
        (node_with(weight=2), [Problem("1.2", "khóa không hợp lệ: “weight”")]),
        (
            node_with(title=5),
            [
                Problem("1.2", "title phải là chuỗi ký tự, không phải “5”"),
                Problem("1.2", "thiếu tên tiêu chí (title)"),
            ],
        ),
        (node_with(children="1.2.1"), [Problem("1.2", "children phải là một danh sách tiêu chí")]),
        (
            small() | {"format": "parindex.criteria/2"},
            [Problem("", "format phải là parindex.criteria/1 (đang là “parindex.criteria/2”)")],
        ),
        (small() | {"year": "năm nay"}, [Problem("", "year “năm nay” không phải là một năm")]),
        (small() | {"title": ""}, [Problem("", "thiếu “title”")]),
        (
            small() | {"not_applicable": "ignore"},
            [Problem("", "not_applicable “ignore” không hợp lệ; dùng exclude hoặc full_points")],
        ),
        (
            small() | {"illustrative": "có"},
            [Problem("", "illustrative phải là true hoặc false, không phải “có”")],
        ),
        (small() | {"version": 2}, [Problem("", "khóa không hợp lệ: “version”")]),
        (
            small()
            | {"classification": [{"label": "Khá", "min": 80}, {"label": "Tốt", "min": 90}]},
            [
                Problem("", "các mức xếp loại phải xếp từ min cao nhất xuống, không trùng nhau"),
                Problem("", "các mức xếp loại: mức cuối cùng phải có min 0 (đang là 90)"),
            ],
        ),
        (
            small() | {"classification": [{"label": "Tốt", "min": 90}, {"label": "Tốt", "min": 0}]},
            [Problem("", "xếp loại “Tốt” bị trùng")],
        ),
        (
            small() | {"nodes": None},
            [Problem("", "thiếu danh sách tiêu chí (nodes)")],
        ),
        (small() | {"nodes": ["1"]}, [Problem("", "lĩnh vực thứ 1 phải là một bảng khóa–giá trị")]),
    ],
)
def test_each_invalid_part_is_named(doc, expected):
    assert problems_of(doc) == expected


def test_a_parent_may_not_carry_what_only_a_leaf_has():
    doc = small()
    doc["nodes"][0] |= {
        "method": "self",
        "not_applicable_allowed": True,
        "rule": {"kind": "manual"},
    }
    assert problems_of(doc) == [
        Problem(
            "1", "tiêu chí có tiêu chí con không được có “method” (chỉ tiêu chí lá được chấm điểm)"
        ),
        Problem(
            "1", "tiêu chí có tiêu chí con không được có “rule” (chỉ tiêu chí lá được chấm điểm)"
        ),
        Problem("1", "chỉ tiêu chí lá mới được đánh dấu không áp dụng"),
    ]


def test_a_top_level_code_has_no_dot_and_codes_may_be_unquoted_integers():
    doc = small()
    doc["nodes"][0]["code"] = "1.0"
    assert Problem("1.0", "mã lĩnh vực (cấp cao nhất) không được chứa dấu chấm") in problems_of(doc)
    doc = copy.deepcopy(small())
    doc["nodes"][0]["code"] = 1
    assert parse_criteria(doc) == SMALL_SET


def test_a_number_that_cannot_be_read_is_not_reported_again_as_a_wrong_sum():
    doc = small()
    doc["nodes"][0]["children"][0]["max_points"] = "một"
    assert problems_of(doc) == [Problem("1.1", "max_points: “một” không phải là số")]


def test_numbers_in_every_accepted_form_give_the_same_set():
    doc = small()
    doc["max_points"] = "3"
    doc["nodes"][0]["max_points"] = 3.0
    doc["nodes"][0]["children"][0]["max_points"] = D("1.00")
    assert parse_criteria(doc) == SMALL_SET


def test_a_document_that_is_not_a_mapping():
    assert problems_of(["format"]) == [
        Problem("", "tệp không phải là một bộ tiêu chí (bảng khóa–giá trị)")
    ]


def test_a_tree_loaded_from_storage_may_hold_empty_text_where_the_format_has_null():
    area = SMALL_SET.nodes[0]
    leaves = tuple(dataclasses.replace(leaf, suggest_from="", field="") for leaf in area.children)
    stored = dataclasses.replace(area, method="", evidence="", suggest_from="", children=leaves)
    assert validate_tree(dataclasses.replace(SMALL_SET, nodes=(stored,))) == []
