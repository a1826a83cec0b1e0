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


def test_fold_drops_diacritics_for_search():
    assert fold("Phường Điện Biên Phủ") == "phuong dien bien phu"
