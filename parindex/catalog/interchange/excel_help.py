"""The text of the workbook's "Hướng dẫn" sheet, for Sở Nội vụ staff entering an official annex.

Kept apart from the layout code because it is prose: it may be reworded freely, while the headers
and drop-down words in excel_format.py are part of the file format.
"""

from django.utils.translation import gettext as _

# Row styles of the sheet: a title, a section heading, or an explanation (term, text, example).
TITLE, SECTION, ROW = "title", "section", "row"


def _steps() -> list[tuple[str, str, str, str]]:
    return [
        (SECTION, _("Cách điền"), "", ""),
        (
            ROW,
            "1",
            _(
                "Ở trang 'Bộ tiêu chí', điền thông tin chung (tên, cấp đơn vị, năm, căn cứ, tổng "
                "điểm) và các mức xếp loại."
            ),
            "",
        ),
        (
            ROW,
            "2",
            _(
                "Ở trang 'Tiêu chí', điền mỗi lĩnh vực, tiêu chí, tiêu chí thành phần trên một "
                "dòng, theo đúng thứ tự của phụ lục. Tiêu chí cha phải nằm ở dòng phía trên "
                "các tiêu chí con của nó."
            ),
            "",
        ),
        (
            ROW,
            "3",
            _(
                "Mã thể hiện cấp bậc: mã của tiêu chí con là mã của tiêu chí cha thêm dấu chấm và "
                "số thứ tự."
            ),
            _("1 (lĩnh vực) → 1.2 (tiêu chí) → 1.2.3 (tiêu chí thành phần)"),
        ),
        (
            ROW,
            "4",
            _(
                "Tiêu chí không có tiêu chí con là tiêu chí được chấm điểm: điền phương thức chấm, "
                "tài liệu kiểm chứng, cách chấm và các cột tham số của cách chấm đó. Tiêu chí có "
                "tiêu chí con chỉ điền mã, tên, lĩnh vực (ở cấp lĩnh vực) và điểm tối đa."
            ),
            "",
        ),
        (
            ROW,
            "5",
            _(
                "Lưu tệp dạng Excel (.xlsx), rồi nhập tại Danh mục → Bộ tiêu chí → Nhập bộ tiêu "
                "chí. Phần mềm kiểm tra toàn bộ tệp, liệt kê mọi lỗi kèm tên trang, số dòng và "
                "mã tiêu chí, và chưa lưu gì cho đến khi bạn xác nhận."
            ),
            "",
        ),
    ]


def _set_rows() -> list[tuple[str, str, str, str]]:
    return [
        (SECTION, _("Trang 'Bộ tiêu chí'"), "", ""),
        (ROW, "Tên bộ tiêu chí", _("Tên đầy đủ như trong quyết định."), ""),
        (
            ROW,
            "Cấp đơn vị (mã)",
            _("Mã cấp đơn vị áp dụng, như trong Danh mục → Cấp đơn vị."),
            _("department (sở, ban, ngành); district (huyện); commune (xã, phường)"),
        ),
        (ROW, "Năm", _("Năm đánh giá."), "2025"),
        (
            ROW,
            "Căn cứ pháp lý",
            _("Số, ký hiệu, ngày của quyết định ban hành bộ tiêu chí."),
            _("QĐ số 2879/QĐ-UBND ngày 19/12/2025"),
        ),
        (ROW, "Bản minh họa", _("Có: dữ liệu minh họa; Không: phụ lục chính thức."), "Không"),
        (
            ROW,
            "Tổng điểm tối đa",
            _(
                "Phải bằng tổng điểm tối đa các lĩnh vực. Điểm thưởng, điểm trừ nằm ngoài tổng "
                "điểm này."
            ),
            "100",
        ),
        (
            ROW,
            "Tiêu chí không áp dụng",
            _(
                "Cách tính tiêu chí đơn vị đánh dấu không áp dụng: loại khỏi điểm tối đa của đơn "
                "vị, hoặc tính đủ điểm tối đa. Để trống: loại khỏi điểm tối đa."
            ),
            "Loại khỏi điểm tối đa",
        ),
        (
            ROW,
            "Xếp loại",
            _(
                "Bảng dưới dòng 'Xếp loại': mỗi dòng một mức, từ mức cao nhất; chỉ số tối thiểu "
                "tính bằng %, mức cuối cùng phải là 0."
            ),
            _("Tốt 90 · Khá 80 · Trung bình 70 · Yếu 0"),
        ),
    ]


def _node_rows() -> list[tuple[str, str, str, str]]:
    return [
        (SECTION, _("Trang 'Tiêu chí' – từng cột"), "", ""),
        (ROW, "Mã", _("Mã tiêu chí, không trùng nhau; xác định tiêu chí cha."), "1.2.3"),
        (ROW, "Tên tiêu chí", _("Nội dung tiêu chí như trong phụ lục."), ""),
        (
            ROW,
            "Lĩnh vực (mã)",
            _("Mã lĩnh vực CCHC, điền ở dòng lĩnh vực; chuyển tiêu chí đến người thẩm định."),
            "CDDH, THECHE, TTHC, TCBM, CONGVU, TAICHINH, CDS, TACDONG, THUONGTRU",
        ),
        (
            ROW,
            "Điểm tối đa",
            _(
                "Số điểm tối đa. Của tiêu chí cha: bằng tổng các tiêu chí con. Điểm thưởng, điểm "
                "trừ: 0."
            ),
            "0,5",
        ),
        (
            ROW,
            "Phương thức chấm",
            _(
                "Tự chấm: đơn vị tự chấm, Tổ thẩm định thẩm định. Tổ thẩm định chấm: chỉ Tổ thẩm "
                "định chấm. Điều tra xã hội học: điểm lấy từ kết quả điều tra."
            ),
            "Tự chấm",
        ),
        (ROW, "Tài liệu kiểm chứng", _("Bắt buộc, Không bắt buộc hoặc Không cần."), "Bắt buộc"),
        (
            ROW,
            "Gợi ý tài liệu kiểm chứng",
            _("Tài liệu đơn vị cần đính kèm."),
            _("Kế hoạch CCHC năm"),
        ),
        (ROW, "Hướng dẫn chấm", _("Cách hiểu, cách chấm tiêu chí."), ""),
        (
            ROW,
            "Được đánh dấu không áp dụng",
            _("Có: đơn vị được đánh dấu tiêu chí không áp dụng (kèm lý do)."),
            "Không",
        ),
        (
            ROW,
            "Gợi ý từ dữ liệu hệ thống",
            _("Số liệu phần mềm đã có, hiển thị cho đơn vị và Tổ thẩm định để tham khảo."),
            "Tỷ lệ báo cáo CCHC đúng hạn",
        ),
        (ROW, "Cách chấm", _("Một trong bảy cách chấm dưới đây."), "Chọn mức"),
    ]


def _rule_column_rows() -> list[tuple[str, str, str, str]]:
    return [
        (
            ROW,
            "Các mức (tên mức = điểm)",
            _("Cách chấm Chọn mức: mỗi dòng trong ô là một mức."),
            "Đúng hạn = 1\nChậm = 0,5\nKhông thực hiện = 0",
        ),
        (
            ROW,
            "Các ngưỡng (tỷ lệ % tối thiểu = điểm)",
            _("Cách chấm Tỷ lệ theo ngưỡng: mỗi dòng một ngưỡng, từ cao xuống, cuối cùng là 0."),
            "100 = 1\n75 = 0,5\n0 = 0",
        ),
        (
            ROW,
            "Tử số",
            _("Tên số liệu đơn vị nhập ở tử số của tỷ lệ."),
            _("Số báo cáo gửi đúng hạn"),
        ),
        (ROW, "Mẫu số", _("Tên số liệu đơn vị nhập ở mẫu số."), _("Số báo cáo phải gửi")),
        (
            ROW,
            "Khi mẫu số bằng 0",
            _("Tính đủ điểm, Tính là không áp dụng, hoặc để trống (mẫu số 0 là lỗi nhập liệu)."),
            "Tính đủ điểm",
        ),
        (
            ROW,
            "Trường hợp bị trừ điểm",
            _("Cách chấm Trừ điểm theo số trường hợp: tên trường hợp đơn vị đếm."),
            _("Hồ sơ giải quyết quá hạn"),
        ),
        (ROW, "Điểm trừ mỗi trường hợp", _("Số điểm trừ cho mỗi trường hợp."), "0,25"),
        (
            ROW,
            "Bước chấm",
            _("Chấm điểm trực tiếp, điểm thưởng, điểm trừ: điểm là bội số của bước (trống: 0,25)."),
            "0,25",
        ),
        (
            ROW,
            "Mức tối đa (thưởng/trừ)",
            _("Điểm thưởng, điểm trừ: số điểm cao nhất được cộng hoặc trừ."),
            "2",
        ),
    ]


def _kind_rows() -> list[tuple[str, str, str, str]]:
    return [
        (SECTION, _("Các cách chấm và cột cần điền"), "", ""),
        (
            ROW,
            "Chọn mức",
            _(
                "Đơn vị chọn một mức, được điểm của mức đó (không quá điểm tối đa). Cột 'Các mức': "
                "mỗi dòng trong ô một mức, dạng 'tên mức = điểm' (Alt+Enter để xuống dòng)."
            ),
            "Ban hành đúng hạn = 1\nBan hành chậm = 0,5\nKhông ban hành = 0",
        ),
        (
            ROW,
            "Tỷ lệ theo ngưỡng",
            _(
                "Đơn vị nhập tử số và mẫu số; tỷ lệ % đạt ngưỡng nào thì được điểm của ngưỡng đó. "
                "Điền 'Tử số', 'Mẫu số' và cột 'Các ngưỡng': mỗi dòng 'tỷ lệ tối thiểu = điểm', từ "
                "ngưỡng cao nhất, ngưỡng cuối là 0."
            ),
            "100 = 2\n90 = 1,5\n0 = 0",
        ),
        (
            ROW,
            "Tỷ lệ tương ứng",
            _(
                "Điểm = điểm tối đa × tử số / mẫu số. Điền 'Tử số' và 'Mẫu số'. Cột 'Khi mẫu số "
                "bằng 0': Tính đủ điểm, hoặc Tính là không áp dụng (để trống: mẫu số 0 là lỗi "
                "nhập liệu); dùng được cho cả Tỷ lệ theo ngưỡng."
            ),
            _("Tử số: Số hồ sơ giải quyết đúng hạn; Mẫu số: Tổng số hồ sơ đã giải quyết"),
        ),
        (
            ROW,
            "Trừ điểm theo số trường hợp",
            _(
                "Đơn vị nhập số trường hợp; điểm = điểm tối đa − số trường hợp × điểm trừ mỗi "
                "trường hợp, thấp nhất là 0. Điền 'Trường hợp bị trừ điểm' và 'Điểm trừ mỗi "
                "trường hợp'."
            ),
            _("Văn bản ban hành trái quy định; 0,5"),
        ),
        (
            ROW,
            "Chấm điểm trực tiếp",
            _(
                "Người chấm nhập điểm từ 0 đến điểm tối đa, là bội số của 'Bước chấm' (để trống: "
                "0,25). Điểm tối đa phải là bội số của bước chấm."
            ),
            "0,25",
        ),
        (
            ROW,
            "Điểm thưởng",
            _(
                "Điểm cộng thêm, kèm lý do; điểm tối đa của tiêu chí là 0. Điền 'Mức tối đa "
                "(thưởng/trừ)', có thể điền 'Bước chấm'."
            ),
            "2",
        ),
        (ROW, "Điểm trừ", _("Như điểm thưởng, nhưng trừ vào tổng điểm."), "2"),
    ]


def _notes() -> list[tuple[str, str, str, str]]:
    return [
        (SECTION, _("Lưu ý"), "", ""),
        (ROW, "", _("Số thập phân viết bằng dấu phẩy hoặc dấu chấm: 0,5 hoặc 0.5."), ""),
        (
            ROW,
            "",
            _(
                "Không dùng công thức (ô bắt đầu bằng dấu =): phần mềm chỉ đọc giá trị đã nhập "
                "và sẽ báo lỗi ô có công thức."
            ),
            "",
        ),
        (
            ROW,
            "",
            _(
                "Cột 'Mã' đã được định dạng Văn bản để Excel không đổi 1.10 thành 1.1 hoặc thành "
                "ngày tháng; khi dán dữ liệu, chọn dán giá trị (Paste Values)."
            ),
            "",
        ),
        (
            ROW,
            "",
            _(
                "Không đổi tên các trang tính và tiêu đề cột; có thể thêm dòng, không cần xóa các "
                "cột không dùng."
            ),
            "",
        ),
    ]


def help_rows() -> list[tuple[str, str, str, str]]:
    """(style, term, explanation, example) rows, in the order they appear on the sheet."""
    title = _("Mẫu nhập bộ tiêu chí xác định Chỉ số cải cách hành chính (parindex.criteria/1)")
    return [
        (TITLE, title, "", ""),
        *_steps(),
        *_set_rows(),
        *_node_rows(),
        *_rule_column_rows(),
        *_kind_rows(),
        *_notes(),
    ]
