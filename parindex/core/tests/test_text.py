import pytest

from parindex.core.text import collation_key, fold


def test_vietnamese_alphabetical_order():
    names = [
        "Mường Tùng",
        "Chiềng Sinh",
        "Núa Ngam",
        "Phường Mường Thanh",
        "Mường Ảng",
        "Chà Tở",
        "Nậm Kè",
        "Phường Điện Biên Phủ",
        "Dân",
        "Đội",
    ]
    assert sorted(names, key=collation_key) == [
        "Chà Tở",
        "Chiềng Sinh",
        "Dân",
        "Đội",
        "Mường Ảng",
        "Mường Tùng",
        "Nậm Kè",
        "Núa Ngam",
        "Phường Điện Biên Phủ",
        "Phường Mường Thanh",
    ]


def test_a_shorter_word_comes_before_a_longer_one():
    names = ["Xã Nam Po", "Xã Na Son", "Đơn vị 2", "Đơn vị", "Xã Na Sang"]
    assert sorted(names, key=collation_key) == [
        "Đơn vị",
        "Đơn vị 2",
        "Xã Na Sang",
        "Xã Na Son",
        "Xã Nam Po",
    ]


def test_fold_drops_diacritics_for_search():
    assert fold("Phường Điện Biên Phủ") == "phuong dien bien phu"


def test_tones_break_ties_in_the_dictionaries_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng (CLDR vi): letters first, then tones from left to right.
    expected = [
        "Bàn Ma",
        "Bản Mạ",
        "Ma",
        "Mà",
        "Mả",
        "Mã",
        "Má",
        "Mạ",
        "Mai",
        "Mài",
        "Mải",
        "Mãi",
        "Mái",
        "Mại",
        "Xã Mường Ảng",
        "Xã Mường Tùng",
    ]
    shuffled = sorted(expected, key=lambda name: name[::-1])
    assert sorted(shuffled, key=collation_key) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Thanh", "Thành"),
        ("Thành", "Thảnh"),
        ("Thảnh", "Thãnh"),
        ("Thãnh", "Thánh"),
        ("Thánh", "Thạnh"),
    ],
)
def test_names_that_differ_only_by_tone(first, second):
    assert collation_key(first) < collation_key(second)


def test_the_look_alike_eth_is_a_stroked_d():
    # U+00D0 / U+00F0 come from some keyboards and converted files and look like Đ / đ.
    assert fold("\u00d0iện Biên \u00f0ông") == "dien bien dong"
    names = ["Dân", "\u00d0ội", "Đa"]
    assert sorted(names, key=collation_key) == ["Dân", "Đa", "\u00d0ội"]
