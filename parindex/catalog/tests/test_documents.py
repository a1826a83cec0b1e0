"""How a unit is written on its documents: pure functions, table-driven."""

import pytest

from parindex.catalog.documents import formal_name, is_deputy, issuing_body, signature
from parindex.catalog.models import Unit
from parindex.core.documents import IssuingBody, Signature

Kind = Unit.Kind
TM = "TM. ỦY BAN NHÂN DÂN"


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        (
            "Sở Tư pháp",
            Kind.DEPARTMENT,
            IssuingBody("UBND tỉnh Điện Biên", ("Sở Tư pháp",), "Điện Biên"),
        ),
        (
            "Văn phòng UBND tỉnh",
            Kind.OFFICE,
            IssuingBody("UBND tỉnh Điện Biên", ("Văn phòng UBND tỉnh",), "Điện Biên"),
        ),
        (
            "Ban Quản lý các khu kinh tế",
            Kind.BOARD,
            IssuingBody("UBND tỉnh Điện Biên", ("Ban Quản lý các khu kinh tế",), "Điện Biên"),
        ),
        (
            "Thanh tra tỉnh",
            Kind.INSPECTORATE,
            IssuingBody("UBND tỉnh Điện Biên", ("Thanh tra tỉnh",), "Điện Biên"),
        ),
        # A unit of no known kind is taken for a provincial agency.
        (
            "Đài Phát thanh  và Truyền hình",
            Kind.OTHER,
            IssuingBody("UBND tỉnh Điện Biên", ("Đài Phát thanh và Truyền hình",), "Điện Biên"),
        ),
        (
            "Xã Mường Phăng",
            Kind.COMMUNE,
            IssuingBody("", ("Ủy ban nhân dân", "Xã Mường Phăng"), "Mường Phăng"),
        ),
        (
            "Phường Điện Biên Phủ",
            Kind.WARD,
            IssuingBody("", ("Ủy ban nhân dân", "Phường Điện Biên Phủ"), "Điện Biên Phủ"),
        ),
        (
            "UBND xã Tuần Giáo",
            Kind.COMMUNE,
            IssuingBody("", ("Ủy ban nhân dân", "xã Tuần Giáo"), "Tuần Giáo"),
        ),
        (
            "Thị xã Mường Lay",
            Kind.TOWN,
            IssuingBody("", ("Ủy ban nhân dân", "Thị xã Mường Lay"), "Mường Lay"),
        ),
        (
            "Thành phố Điện Biên Phủ",
            Kind.CITY,
            IssuingBody("", ("Ủy ban nhân dân", "Thành phố Điện Biên Phủ"), "Điện Biên Phủ"),
        ),
        (
            "Huyện Tủa Chùa",
            Kind.DISTRICT,
            IssuingBody("", ("Ủy ban nhân dân", "Huyện Tủa Chùa"), "Tủa Chùa"),
        ),
        (
            "Thị trấn Tuần Giáo",
            Kind.TOWNLET,
            IssuingBody("", ("Ủy ban nhân dân", "Thị trấn Tuần Giáo"), "Tuần Giáo"),
        ),
    ],
)
def test_the_issuing_body_of_a_unit(name, kind, expected):
    assert issuing_body(name, kind, authority="UBND tỉnh Điện Biên", province="Điện Biên") == (
        expected
    )


@pytest.mark.parametrize(
    ("position", "kind", "lines"),
    [
        ("Giám đốc", Kind.DEPARTMENT, ("GIÁM ĐỐC",)),
        ("Phó Giám đốc", Kind.DEPARTMENT, ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
        ("phó giám đốc Sở Tư pháp", Kind.DEPARTMENT, ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
        ("Phó Giám đốc phụ trách", Kind.DEPARTMENT, ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
        ("Quyền Giám đốc", Kind.DEPARTMENT, ("Q. GIÁM ĐỐC",)),
        ("Chánh Văn phòng", Kind.OFFICE, ("CHÁNH VĂN PHÒNG",)),
        ("Phó Chánh Văn phòng", Kind.OFFICE, ("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG")),
        ("Phó Trưởng ban", Kind.BOARD, ("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")),
        ("Chánh Thanh tra", Kind.INSPECTORATE, ("CHÁNH THANH TRA",)),
        ("Chủ tịch UBND xã", Kind.COMMUNE, (TM, "CHỦ TỊCH")),
        ("Chủ tịch Ủy ban nhân dân phường", Kind.WARD, (TM, "CHỦ TỊCH")),
        ("Phó Chủ tịch UBND xã", Kind.COMMUNE, (TM, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        ("Phó Chủ tịch", Kind.DISTRICT, (TM, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        ("Chủ tịch", Kind.CITY, (TM, "CHỦ TỊCH")),
        # Someone else heading a committee's account signs under their own title only.
        ("Công chức Văn phòng - Thống kê", Kind.COMMUNE, ("CÔNG CHỨC VĂN PHÒNG - THỐNG KÊ",)),
        # A chair of something other than a committee is no committee's chair.
        ("Chủ tịch", Kind.DEPARTMENT, ("CHỦ TỊCH",)),
        ("  Giám   đốc ", Kind.DEPARTMENT, ("GIÁM ĐỐC",)),
        ("", Kind.DEPARTMENT, ()),
        ("", Kind.COMMUNE, ()),
    ],
)
def test_the_signature_block_follows_the_position(position, kind, lines):
    assert signature(position, "Quàng Văn  Bình", kind) == Signature(lines, "Quàng Văn Bình")


def test_no_head_leaves_blanks():
    assert signature("", "", Kind.DEPARTMENT) == Signature((), "")


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Sở Tư pháp", Kind.DEPARTMENT, "Sở Tư pháp"),
        ("Xã Mường Phăng", Kind.COMMUNE, "UBND xã Mường Phăng"),
        ("Phường  Điện Biên Phủ", Kind.WARD, "UBND phường Điện Biên Phủ"),
        ("UBND xã Tuần Giáo", Kind.COMMUNE, "UBND xã Tuần Giáo"),
    ],
)
def test_the_formal_name_of_a_unit(name, kind, expected):
    assert formal_name(name, kind) == expected


@pytest.mark.parametrize(
    ("position", "deputy"),
    [("Phó Giám đốc", True), ("phó chủ tịch UBND xã", True), ("Giám đốc", False), ("", False)],
)
def test_a_deputy_is_told_by_the_position(position, deputy):
    assert is_deputy(position) is deputy
