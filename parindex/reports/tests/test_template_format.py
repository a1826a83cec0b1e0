"""The parindex.report-template/1 file: the illustrative template reads, round-trips, and every
mistake is named in Vietnamese with its line."""

from decimal import Decimal

import pytest

from parindex.reports.spec import Aggregate, IndicatorType, Kind, TemplateError, parse_template
from parindex.reports.template_format import read_template, write_template
from parindex.testing.reports import ILLUSTRATIVE, small_document

HEAD = """format: parindex.report-template/1
code: thu
title: Thử
year: 2025
kinds: [q1]
levels: [department]
sections:
  - code: A
    title: Phần A
    indicators:
"""


def problems(text: str) -> list[str]:
    with pytest.raises(TemplateError) as caught:
        read_template(text.encode())
    return [str(problem) for problem in caught.value.problems]


def test_the_illustrative_template_reads():
    spec = read_template(ILLUSTRATIVE.read_bytes())
    assert spec.illustrative is True
    assert spec.kinds == (Kind.Q1, Kind.HALF_YEAR, Kind.Q3, Kind.YEAR)
    assert [s.code for s in spec.sections] == [
        "CDDH",
        "THECHE",
        "TTHC",
        "TCBM",
        "CONGVU",
        "TAICHINH",
        "CDS",
    ]
    table = spec.section("TTHC").indicators[0]
    assert table.type == IndicatorType.TABLE
    assert table.input_keys()[:2] == ["TTHC.1/nhan/truc-tiep", "TTHC.1/nhan/truc-tuyen"]
    assert spec.section("CDDH").indicators[1].min == Decimal(0)


def test_a_template_written_reads_back_the_same():
    spec = read_template(ILLUSTRATIVE.read_bytes())
    assert read_template(write_template(spec).encode()) == spec
    small = parse_template(small_document())
    assert read_template(write_template(small).encode()) == small


def test_defaults_of_aggregation_follow_the_type():
    spec = parse_template(small_document())
    assert [i.aggregate for _s, i in spec.indicators()] == [
        Aggregate.SUM,
        Aggregate.SUM,
        Aggregate.COUNT_YES,
        Aggregate.NONE,
        Aggregate.NONE,
        Aggregate.SUM,
    ]


def test_mistakes_are_named_with_their_line():
    text = HEAD + (
        "      - {code: A1, title: Số, type: numbr}\n"
        "      - {code: A2, title: Tỷ lệ, type: percentage, aggregate: count_yes}\n"
        "      - {code: A1, title: Lần hai, type: number, min: 5, max: 1}\n"
        "      - {code: A3, title: Bảng, type: table}\n"
        "      - {title: Không mã, type: text, colour: red}\n"
    )
    assert problems(text) == [
        "dòng 11: Chỉ tiêu “A1”: “type” là “numbr”, phải là một trong: number, percentage, "
        "yes_no, text, date, table",
        "dòng 12: Chỉ tiêu “A2”: loại “percentage” không cộng gộp kiểu “count_yes” "
        "(được: sum, mean, none)",
        "dòng 13: mã “A1” dùng hai lần",
        "dòng 13: Chỉ tiêu “A1”: “min” lớn hơn “max”",
        "dòng 14: Chỉ tiêu “A3”: bảng phải có “rows” và “columns”",
        "dòng 15: Một chỉ tiêu thiếu “code”",
        "dòng 15: Chỉ tiêu “”: không có khóa “colour” trong định dạng (các khóa: code, title, "
        "type, unit, min, max, required, aggregate, source, rows, columns, help)",
    ]


def test_the_top_of_the_file_is_checked():
    text = (
        "format: parindex.criteria/1\ncode: x\ntitle: X\nyear: 25\nkinds: [q2]\nlevels: []\n"
        "sections: []\n"
    )
    assert problems(text) == [
        "dòng 1: “format” phải là “parindex.report-template/1” (tệp có “parindex.criteria/1”)",
        "dòng 1: “year” phải là một năm, ví dụ 2025",
        "dòng 1: Mẫu báo cáo: “kinds” là “q2”, phải là một trong: q1, h1, q3, year, topic",
        "dòng 1: Mẫu báo cáo phải có ít nhất một phần (sections)",
    ]


def test_yaml_mistakes_keep_the_strict_loaders_rules():
    assert problems(HEAD.replace("title: Thử\n", "title: Thử\ntitle: Lại\n")) == [
        "Tệp YAML không hợp lệ: dòng 4: khóa “title” viết hai lần (lần đầu ở dòng 3)"
    ]
    assert problems("a: &x [1]\nb: *x\n") == [
        "Tệp YAML không hợp lệ: dòng 2: không dùng bí danh (alias *…) trong mẫu báo cáo"
    ]
    assert problems("title: 'chưa đóng\n") == [
        "Tệp YAML không hợp lệ: dòng 2: found unexpected end of stream "
        "(while scanning a quoted scalar, từ dòng 1)"
    ]
    assert problems("- a\n") == [
        "Tệp YAML không hợp lệ: nội dung phải là một bảng khóa–giá trị (format, code, title, …)"
    ]
    with pytest.raises(TemplateError, match="không phải văn bản UTF-8"):
        read_template(b"\xff\xfe")


def test_text_is_read_as_nfc():
    decomposed = "Th\u01b0\u0309"  # "Thử" typed as a base letter and a combining hook
    spec = read_template(
        (HEAD.replace("title: Thử", f"title: {decomposed}") + "      []\n")
        .encode()
        .replace(b"indicators:\n      []", b"indicators: []")
    )
    assert spec.title == "Thử"
