"""Criteria set import and export: YAML, the Excel template, and the database in between."""

import io
import unicodedata
import zipfile
from decimal import Decimal

import openpyxl
import pytest
import yaml

from parindex.catalog import interchange
from parindex.catalog.interchange import excel_format
from parindex.catalog.models import CriteriaSet, Criterion, Field, UnitLevel
from parindex.catalog.specs import load_spec, rule_to_json
from parindex.core.models import AuditEntry
from parindex.demo.catalog import REFERENCE_DIR as REFERENCE
from parindex.scoring import criteria
from parindex.scoring.criteria import CriteriaError
from parindex.scoring.criteria_format import parse_criteria
from parindex.scoring.validation import validate_tree
from parindex.testing.factories import criteria_document, many_leaves
from parindex.testing.samples import SMALL_WITH_OPTIONS

pytestmark = pytest.mark.django_db


REFERENCE_FILES = sorted(path.name for path in REFERENCE.glob("criteria-*.yaml"))


@pytest.fixture
def catalogue(db) -> None:
    """The levels and fields the reference sets name."""
    for order, code in enumerate(("department", "district", "commune"), start=1):
        UnitLevel.objects.create(code=code, name=code, order=order)
    codes = ("CDDH", "THECHE", "TTHC", "TCBM", "CONGVU", "TAICHINH", "CDS", "TACDONG", "THUONGTRU")
    Field.objects.bulk_create(Field(code=code, name=code) for code in codes)


def small_spec(**changes) -> criteria.CriteriaSet:
    return parse_criteria(yaml.safe_load(SMALL_WITH_OPTIONS) | changes)


def reference_spec(name: str) -> criteria.CriteriaSet:
    return parse_criteria(interchange.read_yaml((REFERENCE / name).read_bytes()))


def import_file(name: str, data: bytes) -> CriteriaSet:
    """The whole import path a user's upload takes."""
    return interchange.save_criteria_set(
        parse_criteria(interchange.read_upload(name, data)), by=None
    )


def row_counts() -> tuple[int, int, int]:
    return CriteriaSet.objects.count(), Criterion.objects.count(), AuditEntry.objects.count()


def messages_of(error: pytest.ExceptionInfo) -> list[str]:
    return [str(problem) for problem in error.value.problems]


def edited(workbook: bytes, sheet: str, cells: dict[str, object]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    for ref, value in cells.items():
        book[sheet][ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_values(workbook: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


# ---------------------------------------------------------------------------------------------
# Round trips


@pytest.mark.parametrize("name", REFERENCE_FILES)
def test_reference_set_round_trips_yaml_db_yaml(catalogue, name):
    spec = reference_spec(name)
    stored = import_file(name, (REFERENCE / name).read_bytes())
    exported = interchange.write_yaml(load_spec(stored).spec)
    assert parse_criteria(interchange.read_yaml(exported.encode())) == spec
    assert stored.nodes.count() == sum(1 for _node in spec.walk())


@pytest.mark.parametrize("name", REFERENCE_FILES)
def test_reference_set_round_trips_excel_db_excel(catalogue, name):
    spec = reference_spec(name)
    workbook = interchange.write_xlsx(spec)
    stored = import_file("bo-tieu-chi.xlsx", workbook)
    again = interchange.write_xlsx(load_spec(stored).spec)
    assert parse_criteria(interchange.read_xlsx(again)) == spec
    assert sheet_values(again) == sheet_values(workbook)


def test_reference_files_are_the_three_expected():
    assert REFERENCE_FILES == [
        "criteria-2024-district.yaml",
        "criteria-2025-commune.yaml",
        "criteria-2025-department.yaml",
    ]


def test_save_writes_depth_first_rows_with_exact_strings(catalogue, admin_user):
    stored = interchange.save_criteria_set(small_spec(), by=admin_user)
    rows = list(stored.nodes.order_by("position").values_list("code", "position", "parent__code"))
    assert rows == [("1", 0, None), ("1.1", 1, "1"), ("1.2", 2, "1")]
    assert (stored.version, stored.status, stored.max_points) == (1, "draft", Decimal("3"))
    assert stored.classification == [{"label": "Tốt", "min": "90"}, {"label": "Yếu", "min": "0"}]
    assert stored.nodes.get(code="1.1").rule == {
        "kind": "levels",
        "levels": [
            {"label": "Đúng hạn", "points": "1"},
            {"label": "Chậm", "points": "0.5"},
            {"label": "Không ban hành", "points": "0"},
        ],
    }
    leaf = stored.nodes.get(code="1.2")
    assert (leaf.method, leaf.evidence, leaf.suggest_from, leaf.not_applicable_allowed) == (
        "self",
        "optional",
        "plans.completion_rate",
        True,
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.target_id) == (
        "criteria_set.import",
        admin_user,
        str(stored.pk),
    )
    assert entry.new == {
        "level": "department",
        "year": 2025,
        "version": 1,
        "nodes": 3,
        "cloned_from": None,
    }


def test_each_save_is_the_next_version_of_its_level_and_year(catalogue):
    first = interchange.save_criteria_set(small_spec(), by=None)
    second = interchange.save_criteria_set(small_spec(), by=None, cloned_from=first)
    other_year = interchange.save_criteria_set(small_spec(year=2026), by=None)
    assert (first.version, second.version, other_year.version) == (1, 2, 1)
    assert second.cloned_from == first


@pytest.mark.parametrize(
    ("document", "leaves"),
    [
        (criteria_document("department", 2025, leaves=many_leaves(1)), 1),
        (criteria_document("department", 2025, leaves=many_leaves(3)), 3),
        (yaml.safe_load((REFERENCE / "criteria-2025-department.yaml").read_bytes()), 63),
    ],
    ids=["1 leaf", "3 leaves", "the department reference set"],
)
def test_load_takes_two_queries_whatever_the_size(
    catalogue, document, leaves, django_assert_num_queries
):
    stored = interchange.save_criteria_set(parse_criteria(document), by=None)
    fresh = CriteriaSet.objects.get(pk=stored.pk)

    with django_assert_num_queries(2):
        spec = load_spec(fresh).spec

    assert len(spec.leaves()) == leaves
    assert spec == parse_criteria(document)


def test_load_keeps_a_draft_that_is_not_valid(catalogue):
    stored = interchange.save_criteria_set(small_spec(), by=None)
    Criterion.objects.filter(code="1.2").update(max_points=Decimal("5"))
    spec = load_spec(stored).spec
    assert spec.find("1.2").max_points == Decimal("5")
    assert [str(p) for p in validate_tree(spec)] == [
        "1: điểm tối đa (3) khác tổng điểm tối đa các tiêu chí con (6)",
        "tổng điểm tối đa các tiêu chí lá (6) khác điểm tối đa của bộ tiêu chí (3)",
    ]


def test_rule_to_json_writes_exact_decimal_strings():
    rule = criteria.Rule(kind="manual", step=Decimal("0.010"))
    assert rule_to_json(rule) == {"kind": "manual", "step": "0.01"}
    bonus = criteria.Rule(kind="bonus", cap=Decimal("1E+1"))
    assert rule_to_json(bonus) == {"kind": "bonus", "cap": "10"}


# ---------------------------------------------------------------------------------------------
# References and storage limits


def test_unknown_level_and_field_are_refused_and_nothing_is_written(catalogue):
    before = row_counts()
    text = SMALL_WITH_OPTIONS.replace("level: department", "level: province").replace(
        "CDDH", "KHAC"
    )
    with pytest.raises(CriteriaError) as error:
        import_file("bo.yaml", text.encode())
    assert messages_of(error) == [
        "cấp đơn vị “province” chưa có trong danh mục",
        "1: lĩnh vực “KHAC” chưa có trong danh mục",
    ]
    assert row_counts() == before


def test_check_references_writes_nothing(catalogue):
    spec = small_spec(level="province")
    with pytest.raises(CriteriaError) as error:
        interchange.check_references(spec)
    assert messages_of(error) == ["cấp đơn vị “province” chưa có trong danh mục"]
    assert interchange.check_references(small_spec()) is None
    assert row_counts() == (0, 0, 0)


def test_points_finer_than_the_database_holds_are_refused(catalogue):
    text = (
        SMALL_WITH_OPTIONS.replace("max_points: 3\n", "max_points: 3.00001\n")
        .replace("max_points: 2\n", "max_points: 2.00001\n")
        .replace("{min: 100, points: 2}", "{min: 100, points: 2.00001}")
    )
    with pytest.raises(CriteriaError) as error:
        import_file("bo.yaml", text.encode())
    message = "điểm tối đa %s phải nhỏ hơn 100.000 và có tối đa 4 chữ số thập phân"
    assert messages_of(error) == [
        message % "3,00001",
        "1: " + message % "3,00001",
        "1.2: " + message % "2,00001",
    ]
    assert row_counts() == (0, 0, 0)


# ---------------------------------------------------------------------------------------------
# YAML


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'format: parindex.criteria/1\ntitle: "abc\nlevel: x\n',
            "Tệp YAML không hợp lệ: dòng 4: found unexpected end of stream "
            "(while scanning a quoted scalar, từ dòng 2)",
        ),
        (b"title: a: b\n", "Tệp YAML không hợp lệ: dòng 1: mapping values are not allowed here"),
        (
            b"- 1\n- 2\n",
            "Tệp YAML không hợp lệ: nội dung phải là một bảng khóa–giá trị "
            "(format, title, level, …)",
        ),
        (b"\xff\xfe\x00", "Tệp YAML không hợp lệ: tệp không phải văn bản UTF-8"),
        (
            b"a: &x [1]\nb: *x\n",
            "Tệp YAML không hợp lệ: dòng 2: không dùng bí danh (alias *…) trong bộ tiêu chí",
        ),
    ],
)
def test_unreadable_yaml_is_refused_and_nothing_is_written(catalogue, data, message):
    with pytest.raises(CriteriaError) as error:
        import_file("bo.yaml", data)
    assert messages_of(error) == [message]
    assert row_counts() == (0, 0, 0)


def test_a_key_written_twice_is_refused_with_its_lines(catalogue):
    # YAML libraries keep the last of two `max_points:` silently: an annex typed by hand would
    # lose a figure without anybody seeing it.
    lines = SMALL_WITH_OPTIONS.splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.strip() == "max_points: 2")
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    doubled = "".join([*lines[: at + 1], f"{indent}max_points: 3\n", *lines[at + 1 :]])
    with pytest.raises(CriteriaError) as error:
        import_file("bo.yaml", doubled.encode())
    assert messages_of(error) == [
        f"Tệp YAML không hợp lệ: dòng {at + 2}: khóa “max_points” viết hai lần "
        f"(lần đầu ở dòng {at + 1})"
    ]
    assert row_counts() == (0, 0, 0)


def test_parent_max_not_the_sum_of_its_children_is_refused(catalogue):
    broken = SMALL_WITH_OPTIONS.replace("max_points: 2\n", "max_points: 2.5\n")
    with pytest.raises(CriteriaError) as error:
        import_file("bo.yaml", broken.encode())
    assert messages_of(error) == [
        "1: điểm tối đa (3) khác tổng điểm tối đa các tiêu chí con (3,5)",
        "tổng điểm tối đa các tiêu chí lá (3,5) khác điểm tối đa của bộ tiêu chí (3)",
    ]
    assert row_counts() == (0, 0, 0)


def test_read_yaml_keeps_decimals_exact_and_text_nfc():
    decomposed = unicodedata.normalize("NFD", "Điện Biên")
    data = f"title: {decomposed}\nmax_points: 0.1\nstep: 1.0000000000000000000001\n".encode()
    assert interchange.read_yaml(data) == {
        "title": "Điện Biên",
        "max_points": Decimal("0.1"),
        "step": Decimal("1.0000000000000000000001"),
    }
    assert interchange.read_yaml("\ufefftitle: x\n".encode()) == {"title": "x"}


SMALL_WRITTEN = """\
# Bộ tiêu chí xác định Chỉ số CCHC – định dạng parindex.criteria/1 (YAML, UTF-8).
# Có thể sửa tệp này rồi nhập lại tại Danh mục → Bộ tiêu chí → Nhập bộ tiêu chí.
format: parindex.criteria/1
title: Bộ tiêu chí thử nghiệm năm 2025
level: department
year: 2025
legal_basis: QĐ số 1/QĐ-UBND
illustrative: true
max_points: 3
not_applicable: exclude
classification:
- {label: Tốt, min: 90}
- {label: Yếu, min: 0}
nodes:
- code: "1"
  title: Công tác chỉ đạo, điều hành
  field: CDDH
  max_points: 3
  children:
  - code: "1.10"
    title: Ban hành kế hoạch CCHC
    max_points: 1
    method: self
    evidence: required
    evidence_hint: ''
    guidance: ''
    not_applicable_allowed: false
    suggest_from: null
    rule:
      kind: levels
      levels:
      - {label: Đúng hạn, points: 1}
      - {label: Chậm, points: 0.5}
      - {label: Không ban hành, points: 0}
  - code: "1.2"
    title: Tỷ lệ hoàn thành kế hoạch
    max_points: 2
    method: self
    evidence: optional
    evidence_hint: ''
    guidance: ''
    not_applicable_allowed: true
    suggest_from: plans.completion_rate
    rule:
      kind: ratio_bands
      numerator: Số nhiệm vụ hoàn thành
      denominator: Số nhiệm vụ
      zero_denominator: not_applicable
      bands:
      - {min: 100, points: 2}
      - {min: 0, points: 0}
"""


def test_write_yaml_writes_the_format_as_people_read_it():
    # "1.10" is quoted: bare, YAML would read it back as the number 1.1.
    spec = parse_criteria(yaml.safe_load(SMALL_WITH_OPTIONS.replace('"1.1"', '"1.10"')))
    assert interchange.write_yaml(spec) == SMALL_WRITTEN


def test_write_yaml_never_writes_float_noise():
    leaves = [
        {"code": f"1.{n}", "title": "Một", "max_points": "0.1", "method": "self"}
        | {"evidence": "none", "rule": {"kind": "manual", "step": "0.1"}}
        for n in (1, 2, 3)
    ]
    area = {"code": "1", "title": "Lĩnh vực", "max_points": "0.3", "children": leaves}
    doc = yaml.safe_load(SMALL_WITH_OPTIONS) | {"max_points": "0.3", "nodes": [area]}
    lines = interchange.write_yaml(parse_criteria(doc)).splitlines()
    assert lines.count("max_points: 0.3") == 1
    assert lines.count("  max_points: 0.3") == 1
    assert lines.count("    max_points: 0.1") == 3
    assert lines.count("      step: 0.1") == 3


# ---------------------------------------------------------------------------------------------
# Excel


def test_blank_template_has_the_three_sheets_and_drop_downs():
    book = openpyxl.load_workbook(io.BytesIO(interchange.blank_template()))
    assert book.sheetnames == ["Hướng dẫn", "Bộ tiêu chí", "Tiêu chí"]
    nodes = book["Tiêu chí"]
    assert [cell.value for cell in nodes[1]] == [c.header for c in excel_format.NODE_COLUMNS]
    assert nodes.freeze_panes == "C2"
    validations = {str(v.sqref): v.type for v in nodes.data_validations.dataValidation}
    assert validations == {
        "D2:D2000": "decimal",  # max points
        "E2:E2000": "list",
        "F2:F2000": "list",
        "I2:I2000": "list",
        "J2:J2000": "list",
        "K2:K2000": "list",
        "P2:P2000": "list",
        "R2:R2000": "decimal",  # per item, step, cap
        "S2:S2000": "decimal",
        "T2:T2000": "decimal",
    }
    warning = nodes.data_validations.dataValidation[-1]
    assert (warning.errorStyle, warning.error) == (
        "warning",
        "Nhập một số, ví dụ 2.000 hoặc 1.234,5.",
    )
    set_sheet = {str(v.sqref): v.type for v in book["Bộ tiêu chí"].data_validations.dataValidation}
    assert set_sheet == {"B6": "list", "B7": "decimal", "B8": "list", "B11:B60": "decimal"}
    assert nodes.column_dimensions["A"].number_format == "@"
    assert [row[0].value for row in book["Bộ tiêu chí"].iter_rows(min_row=2, max_row=10)] == [
        "Tên bộ tiêu chí",
        "Cấp đơn vị (mã)",
        "Năm",
        "Căn cứ pháp lý",
        "Bản minh họa",
        "Tổng điểm tối đa",
        "Tiêu chí không áp dụng",
        None,
        "Xếp loại",
    ]


def test_instructions_explain_every_column_and_rule_kind():
    book = openpyxl.load_workbook(io.BytesIO(interchange.blank_template()))
    terms = {row[0] for row in book["Hướng dẫn"].iter_rows(values_only=True)}
    headers = {c.header for c in excel_format.NODE_COLUMNS + excel_format.SET_ROWS}
    assert headers - terms == set()
    assert set(excel_format.KINDS.values()) - terms == set()


def test_blank_template_reads_as_an_empty_set():
    doc = interchange.read_xlsx(interchange.blank_template())
    assert doc == {"format": "parindex.criteria/1", "classification": [], "nodes": []}


def test_drop_down_words_cover_exactly_the_engine_values():
    assert set(excel_format.METHODS) == set(criteria.METHODS)
    assert set(excel_format.EVIDENCE) == set(criteria.EVIDENCE)
    assert set(excel_format.SUGGESTIONS) == set(criteria.SUGGESTIONS)
    assert set(excel_format.KINDS) == set(criteria.RuleKind)
    assert set(excel_format.ZERO_DENOMINATOR) == set(criteria.ZERO_DENOMINATOR)
    assert set(excel_format.NOT_APPLICABLE) == set(criteria.NOT_APPLICABLE_POLICIES)


def test_rows_are_written_readably():
    rows = sheet_values(interchange.write_xlsx(small_spec()))["Tiêu chí"]
    assert rows[1][:4] == ("1", "Công tác chỉ đạo, điều hành", "CDDH", 3)
    assert rows[3][:16] == (
        "1.2",
        "Tỷ lệ hoàn thành kế hoạch",
        None,
        2,
        "Tự chấm",
        "Không bắt buộc",
        None,
        None,
        "Có",
        "Tỷ lệ hoàn thành kế hoạch CCHC",
        "Tỷ lệ theo ngưỡng",
        None,
        "100 = 2\n0 = 0",
        "Số nhiệm vụ hoàn thành",
        "Số nhiệm vụ",
        "Tính là không áp dụng",
    )
    assert rows[2][11] == "Đúng hạn = 1\nChậm = 0,5\nKhông ban hành = 0"
    sheet = openpyxl.load_workbook(io.BytesIO(interchange.write_xlsx(small_spec())))["Tiêu chí"]
    assert (sheet["A3"].number_format, sheet["B3"].alignment.indent) == ("@", 1)
    assert (sheet["E2"].value, sheet["E2"].fill.fgColor.rgb) == (None, "00F2F2F2")


def test_text_that_looks_like_a_formula_stays_text_both_ways():
    title = '=HYPERLINK("http://x")'
    spec = small_spec(title="+84 Điện Biên", legal_basis="@import", nodes=_retitled(title))
    workbook = interchange.write_xlsx(spec)
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if "worksheets" in n)
    assert b"<f>" not in xml
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    cell = book["Tiêu chí"]["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (title, "s", True)
    assert parse_criteria(interchange.read_xlsx(workbook)) == spec


def _retitled(title: str) -> list[dict]:
    area = yaml.safe_load(SMALL_WITH_OPTIONS)["nodes"][0]
    area["children"][0]["guidance"] = "- chỉ tính văn bản đúng thể thức"
    return [area | {"title": title}]


def test_words_and_codes_are_both_accepted_with_or_without_diacritics(catalogue):
    workbook = edited(
        interchange.write_xlsx(small_spec()),
        "Tiêu chí",
        {
            "E3": "tu cham",
            "F3": "required",
            "K3": "CHỌN MỨC",
            "I4": "co",
            "D3": "1,0",
            "L3": "Đúng hạn = 1\n\n≥ Chậm = 0.5\nKhông ban hành = 0",
            "M4": "≥ 100% = 2\n0 = 0",
        },
    )
    spec = parse_criteria(interchange.read_xlsx(workbook))
    leaf = spec.find("1.1")
    assert (leaf.method, leaf.evidence, leaf.rule.kind, leaf.max_points) == (
        "self",
        "required",
        "levels",
        Decimal("1.0"),
    )
    assert spec.find("1.2").not_applicable_allowed is True
    assert [(lv.label, lv.points) for lv in leaf.rule.levels] == [
        ("Đúng hạn", Decimal("1")),
        ("≥ Chậm", Decimal("0.5")),
        ("Không ban hành", Decimal("0")),
    ]
    assert spec.find("1.2").rule.bands == small_spec().find("1.2").rule.bands


HOW_TO_WRITE = (
    "ví dụ 2.000 hoặc 1.234,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân)."
)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            {"D4": "hai"},
            f"Tiêu chí, dòng 4 (mã 1.2): ô có “hai”: “Điểm tối đa” phải là một số, {HOW_TO_WRITE}",
        ),
        (
            {"D4": "1.2.3"},
            "Tiêu chí, dòng 4 (mã 1.2): ô có “1.2.3”: “Điểm tối đa” phải là một số, "
            + HOW_TO_WRITE,
        ),
        (
            {"B3": '=CONCAT("a","b")'},
            "Tiêu chí, dòng 3 (mã 1.1): cột 'Tên tiêu chí' chứa công thức; hãy nhập giá trị, "
            "không dùng công thức",
        ),
        (
            {"E3": "Tự đánh giá"},
            "Tiêu chí, dòng 3 (mã 1.1): cột 'Phương thức chấm': “Tự đánh giá” không hợp lệ; "
            "chọn một trong: Tự chấm, Tổ thẩm định chấm, Điều tra xã hội học",
        ),
        (
            {"L3": "Đúng hạn = 1\nChậm: 0,5"},
            "Tiêu chí, dòng 3 (mã 1.1): cột 'Các mức (tên mức = điểm)', dòng 2 trong ô: "
            "cần dạng “tên mức = điểm”",
        ),
        (
            {"A4": "2.1"},
            "Tiêu chí, dòng 4 (mã 2.1): không tìm thấy tiêu chí cha “2” ở các dòng phía trên",
        ),
        ({"A3": None}, "Tiêu chí, dòng 3: thiếu mã"),
        ({"A3": "1." + "1" * 31}, f"Tiêu chí, dòng 3 (mã 1.{'1' * 31}): mã dài quá 32 ký tự"),
    ],
)
def test_unreadable_cells_name_sheet_row_and_code(catalogue, cells, message):
    workbook = edited(interchange.write_xlsx(small_spec()), "Tiêu chí", cells)
    with pytest.raises(CriteriaError) as error:
        import_file("bo.xlsx", workbook)
    assert messages_of(error) == [message]
    assert row_counts() == (0, 0, 0)


def test_a_date_excel_made_of_a_code_is_explained(catalogue):
    from datetime import datetime

    workbook = edited(
        interchange.write_xlsx(small_spec()), "Tiêu chí", {"A3": datetime(2025, 1, 1)}
    )
    with pytest.raises(CriteriaError) as error:
        interchange.read_xlsx(workbook)
    assert messages_of(error)[0] == (
        "Tiêu chí, dòng 3: cột 'Mã' bị Excel đổi thành ngày tháng; định dạng ô là Văn bản rồi "
        "nhập lại"
    )


def test_set_sheet_problems_name_the_row():
    workbook = edited(
        interchange.write_xlsx(small_spec()), "Bộ tiêu chí", {"B7": "một trăm", "B12": "x"}
    )
    with pytest.raises(CriteriaError) as error:
        interchange.read_xlsx(workbook)
    assert messages_of(error) == [
        f"Bộ tiêu chí, dòng 7: ô có “một trăm”: “Tổng điểm tối đa” phải là một số, {HOW_TO_WRITE}",
        f"Bộ tiêu chí, dòng 12: ô có “x”: “Chỉ số tối thiểu (%)” phải là một số, {HOW_TO_WRITE}",
    ]


def test_missing_sheet_is_named():
    book = openpyxl.load_workbook(io.BytesIO(interchange.blank_template()))
    del book["Tiêu chí"]
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(CriteriaError) as error:
        interchange.read_xlsx(buffer.getvalue())
    assert messages_of(error) == [
        "Tệp Excel thiếu trang tính 'Tiêu chí'; hãy dùng mẫu Excel của phần mềm."
    ]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


TOO_BIG = (
    "Tệp Excel có cấu trúc nén bất thường (khi giải nén quá 50 MB, quá 2000 thành phần hoặc nén "
    "quá mức); hãy mở tệp bằng Excel, lưu lại rồi tải lên lại."
)
NOT_XLSX = "Tệp không phải là tệp Excel (.xlsx) hợp lệ."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_zip({"xl/worksheets/sheet1.xml": bytes(51 * 1024 * 1024)}), TOO_BIG),
        (_zip({f"{n}": b"" for n in range(2001)}), TOO_BIG),
        (b"%PDF-1.7 not a workbook", NOT_XLSX),
        (_zip({"readme.txt": b"a zip, but not a workbook"}), NOT_XLSX),
    ],
    ids=["zip-bomb", "too-many-entries", "not-a-zip", "zip-not-xlsx"],
)
def test_files_that_are_not_safe_workbooks_are_refused(catalogue, data, message):
    assert len(data) < 200_000
    with pytest.raises(CriteriaError) as error:
        import_file("bo-tieu-chi.xlsx", data)
    assert messages_of(error) == [message]
    assert row_counts() == (0, 0, 0)


# ---------------------------------------------------------------------------------------------
# Choosing the reader


def test_read_upload_chooses_the_reader_by_extension():
    text = SMALL_WITH_OPTIONS.encode()
    assert interchange.read_upload("BO.YML", text) == interchange.read_yaml(text)
    workbook = interchange.write_xlsx(small_spec())
    assert parse_criteria(interchange.read_upload("bo.xlsx", workbook)) == small_spec()


@pytest.mark.parametrize("name", ["bo.xls", "bo.pdf", "bo", "bo.yaml"])
def test_read_upload_refuses_other_types(name):
    data = interchange.write_xlsx(small_spec()) if name == "bo.yaml" else b"format: x\n"
    with pytest.raises(CriteriaError) as error:
        interchange.read_upload(name, data)
    assert messages_of(error) == [
        f"Chỉ nhận tệp bộ tiêu chí YAML (.yaml, .yml) hoặc Excel (.xlsx); tệp “{name}” không "
        "phải loại này. Tệp Excel cũ (.xls) cần lưu lại dưới dạng .xlsx."
    ]
