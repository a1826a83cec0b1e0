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
