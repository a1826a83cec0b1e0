"""The annual report's content, once, as blocks (headings, paragraphs, tables, charts) that the
Word writer (word.py) and the PDF writer (pdf.py) lay out each in its own format: both carry the
same text and the same numbers, written as the province writes them (decimal comma).

Sections as Sở Nội vụ writes the report: I. how the assessment was done; II. results per level
(figures, classes, ranking, areas, where points were lost, over-scoring); III. strengths and
weaknesses and IV. causes and remedies, drafted from the figures and marked as a draft; then the
annex: the table for the approval decision and one page per unit.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import ClassVar

from parindex.core.dates import short_date_vi
from parindex.core.documents import Document
from parindex.core.numbers import MINUS, format_points
from parindex.results import charts
from parindex.results.pdf import CHART_ROWS

from .analysis import Analysis, Basis, LevelAnalysis, UnitLine, losses

NONE = "–"
NEW = "Mới"
MERGED_MARK = "*"
DRAFT = "[Dự thảo] "
UNIT_LOSSES = 5


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    text: str
    level: int = 1  # 1: a section (I., II.), 2: a level's part, 3: a table's title


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    draft: bool = False  # drafted from the figures, for the office to rewrite


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    # The columns holding numbers (right-aligned).
    numeric: frozenset[int] = frozenset()
    small: bool = False  # many columns: a smaller font


@dataclass(frozen=True)
class Chart:
    kind: ClassVar[str] = "chart"
    title: str
    bars: list[charts.Bar]
    series: tuple[str, ...] = ()
    maximum: Decimal = Decimal(100)


@dataclass(frozen=True)
class PageBreak:
    kind: ClassVar[str] = "page_break"


Block = Heading | Paragraph | Table | Chart | PageBreak


@dataclass(frozen=True)
class Method:
    """How the assessment was done, from the data (loading.method)."""

    period_title: str = ""
    dates: tuple[tuple[str, date], ...] = ()  # (what, when)
    criteria_sets: tuple[tuple[str, str, Decimal | None], ...] = ()  # (level, set, max points)
    agencies: tuple[str, ...] = ()
    survey_units: int = 0  # units with survey points
    version: int | None = None
    published_on: date | None = None


@dataclass(frozen=True)
class AnnualReport:
    document: Document
    title: str
    blocks: list[Block] = field(default_factory=list)


def points(value: Decimal | None) -> str:
    return NONE if value is None else format_points(value)


def signed(value: Decimal | int | None) -> str:
    if value is None:
        return NONE
    if isinstance(value, int):
        text = f"{MINUS}{-value}" if value < 0 else str(value)
    else:
        text = format_points(value)
    return f"+{text}" if value > 0 else text


def build(analysis: Analysis, method: Method, document: Document) -> AnnualReport:
    title = f"Kết quả Chỉ số cải cách hành chính năm {analysis.year}"
    return AnnualReport(document=document, title=title, blocks=list(_blocks(analysis, method)))


def _blocks(analysis: Analysis, method: Method) -> Iterator[Block]:
    yield from _method(analysis, method)
    yield Heading("II. KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH")
    for number, level in enumerate(analysis.levels, start=1):
        yield from _level(number, level, analysis.previous_year)
    yield from _assessment(analysis)
    yield from _annex(analysis)


def _method(analysis: Analysis, method: Method) -> Iterator[Block]:
    yield Heading("I. CÁCH THỨC TRIỂN KHAI ĐÁNH GIÁ")
    if method.period_title:
        yield Paragraph(f"Kỳ đánh giá: {method.period_title}.")
    for what, when in method.dates:
        yield Paragraph(f"- {what}: {short_date_vi(when)}.")
    if method.criteria_sets:
        yield Paragraph("Bộ tiêu chí đánh giá áp dụng cho từng cấp:")
        for level, title, maximum in method.criteria_sets:
            yield Paragraph(f"- {level}: {title} (tổng điểm tối đa {points(maximum)}).")
    if method.agencies:
        yield Paragraph(f"Các cơ quan thành viên Tổ thẩm định: {', '.join(method.agencies)}.")
    if method.survey_units:
        yield Paragraph(
            f"Điểm điều tra xã hội học được tính cho {method.survey_units} đơn vị theo kết quả "
            "điều tra đã nhập."
        )
    else:
        yield Paragraph("Kết quả không gồm điểm điều tra xã hội học.")
    if method.version is not None and method.published_on is not None:
        yield Paragraph(
            f"Số liệu trong báo cáo là kết quả đã công bố, phiên bản {method.version} ngày "
            f"{short_date_vi(method.published_on)}."
        )
    if analysis.previous_year is None:
        yield Paragraph(f"Không có kết quả năm {analysis.year - 1} để so sánh.")


def _previous_text(unit: UnitLine) -> str:
    if unit.previous.basis == Basis.NEW:
        return NEW
    if unit.previous.basis == Basis.UNKNOWN:
        return NONE
    text = signed(unit.index_change)
    return f"{text}{MERGED_MARK}" if unit.previous.basis == Basis.MERGED else text


def _level(number: int, level: LevelAnalysis, previous_year: int | None) -> Iterator[Block]:
    yield Heading(f"{number}. {level.name}", 2)
    summary = (
        f"Số đơn vị được đánh giá: {level.count}. Chỉ số trung bình: {points(level.mean_index)}%; "
        f"thấp nhất: {points(level.min_index)}%; cao nhất: {points(level.max_index)}%. "
        f"Điểm tự đánh giá trung bình: {points(level.mean_self)}; điểm sau thẩm định trung bình: "
        f"{points(level.mean_total)} (tối đa {points(level.max_points)})."
    )
    if level.mean_change is not None:
        summary += (
            f" So với năm {previous_year} ({points(level.previous_mean_index)}%), chỉ số trung "
            f"bình thay đổi {signed(level.mean_change)} điểm."
        )
    yield Paragraph(summary)

    yield Heading(f"{number}.1. Phân bố theo xếp loại", 3)
    yield Table(
        ("Xếp loại", "Số đơn vị", "Tỷ lệ (%)", f"Năm {previous_year or NONE}", "Thay đổi"),
        [
            (
                c.label,
                str(c.count),
                points(c.share),
                NONE if c.previous_count is None else str(c.previous_count),
                signed(c.change),
            )
            for c in level.classes
        ],
        numeric=frozenset({1, 2, 3, 4}),
    )
    yield Chart(
        f"Tỷ lệ đơn vị theo xếp loại – {level.name}",
        [charts.Bar(c.label, (c.share,)) for c in level.classes],
        series=("Tỷ lệ (%)",),
    )

    yield Heading(f"{number}.2. Bảng xếp hạng", 3)
    yield Table(
        (
            "Đơn vị",
            "Tự chấm",
            "Thẩm định",
            "Điều tra XHH",
            "Thưởng",
            "Trừ",
            "Tổng điểm",
            "Tối đa",
            "Chỉ số (%)",
            "Hạng",
            "Xếp loại",
            "± Chỉ số",
            "± Hạng",
        ),
        [
            (
                u.row.unit_name,
                points(u.row.self_total),
                points(u.row.appraised_points),
                points(u.row.survey_points),
                points(u.row.bonus),
                points(u.row.penalty),
                points(u.row.total),
                points(u.row.max_points),
                points(u.row.index),
                str(u.row.rank) if u.row.rank is not None else NONE,
                u.row.classification or NONE,
                _previous_text(u),
                signed(u.rank_change),
            )
            for u in level.units
        ],
        numeric=frozenset(range(1, 10)) | {11, 12},
        small=True,
    )
    merged = [u for u in level.units if u.previous.basis == Basis.MERGED]
    if merged:
        yield Paragraph(
            f"({MERGED_MARK}) Đơn vị hình thành sau sắp xếp: so với trung bình chỉ số năm trước "
            "của các đơn vị tiền thân ("
            + "; ".join(f"{u.row.unit_name}: {', '.join(u.previous.predecessors)}" for u in merged)
            + ")."
        )
    ranked = [charts.Bar(u.row.unit_name, (u.row.index,)) for u in level.units]
    # A chart taller than a page would not break: one a page's worth of units.
    for start in range(0, len(ranked), CHART_ROWS):
        yield Chart(
            f"Chỉ số cải cách hành chính – {level.name}",
            ranked[start : start + CHART_ROWS],
            series=("Chỉ số (%)",),
        )

    if level.areas:
        yield Heading(f"{number}.3. Chỉ số theo lĩnh vực", 3)
        yield Table(
            (
                "Mã",
                "Lĩnh vực",
                "Điểm tối đa",
                "Trung bình (%)",
                f"Năm {previous_year or NONE}",
                "Thay đổi",
                "Tự chấm cao hơn (điểm)",
            ),
            [
                (
                    a.code,
                    a.title,
                    points(a.max),
                    points(a.mean_index),
                    points(a.previous_mean_index),
                    signed(a.change),
                    points(a.mean_over_scoring),
                )
                for a in level.areas
            ],
            numeric=frozenset({2, 3, 4, 5, 6}),
        )
        yield Chart(
            f"Chỉ số trung bình theo lĩnh vực – {level.name}",
            [
                charts.Bar(f"{a.code}. {a.title}", (a.mean_index, a.previous_mean_index))
                for a in level.areas
            ],
            series=("Năm nay", f"Năm {previous_year}") if previous_year else ("Năm nay",),
        )
        codes = [a.code for a in level.areas]
        yield Heading(f"{number}.4. Chỉ số của từng đơn vị theo lĩnh vực (%)", 3)
        yield Table(
            ("Đơn vị", *codes),
            [
                (u.row.unit_name, *(points(u.area_indices.get(c)) for c in codes))
                for u in level.units
            ],
            numeric=frozenset(range(1, len(codes) + 1)),
            small=len(codes) > 6,
        )

    if level.losses:
        yield Heading(f"{number}.5. Các tiêu chí thành phần bị mất nhiều điểm nhất", 3)
        yield Table(
            ("Mã", "Tiêu chí thành phần", "Điểm tối đa", "Tổng điểm bị mất", "Số đơn vị mất điểm"),
            [
                (loss.code, loss.title, points(loss.max), points(loss.lost), str(loss.units))
                for loss in level.losses
            ],
            numeric=frozenset({2, 3, 4}),
        )
    over = level.over_scorers()
    if over:
        yield Heading(f"{number}.6. Đơn vị tự chấm cao hơn kết quả thẩm định", 3)
        yield Table(
            ("Đơn vị", "Tự chấm", "Sau thẩm định", "Chênh lệch (điểm chỉ số)"),
            [
                (
                    u.row.unit_name,
                    points(u.row.self_total),
                    points(u.row.total),
                    points(u.over_scoring),
                )
                for u in over
            ],
            numeric=frozenset({1, 2, 3}),
        )


def _assessment(analysis: Analysis) -> Iterator[Block]:
    yield Heading("III. ĐÁNH GIÁ CHUNG: ƯU ĐIỂM, HẠN CHẾ")
    yield Paragraph(
        "Các câu dưới đây được soạn tự động từ số liệu, là bản dự thảo để cơ quan soạn thảo "
        "viết lại.",
        draft=True,
    )
    for sentence in analysis.draft:
        yield Paragraph(sentence, draft=True)
    yield Heading("IV. NGUYÊN NHÂN VÀ GIẢI PHÁP")
    for level in analysis.levels:
        if level.losses:
            codes = ", ".join(loss.code for loss in level.losses[:3])
            yield Paragraph(
                f"{level.name}: tập trung khắc phục các tiêu chí thành phần bị mất nhiều điểm "
                f"nhất ({codes}); đưa các nhiệm vụ này vào kế hoạch cải cách hành chính năm "
                f"{analysis.year + 1}.",
                draft=True,
            )
        if level.over_scorers():
            yield Paragraph(
                f"{level.name}: các đơn vị tự chấm cao hơn kết quả thẩm định rà soát lại cách "
                "tự đánh giá và tài liệu kiểm chứng.",
                draft=True,
            )


def _annex(analysis: Analysis) -> Iterator[Block]:
    yield PageBreak()
    yield Heading("PHỤ LỤC I. KẾT QUẢ XẾP HẠNG (DỰ THẢO KÈM THEO QUYẾT ĐỊNH PHÊ DUYỆT)")
    for level in analysis.levels:
        yield Heading(level.name, 3)
        yield Table(
            ("STT", "Đơn vị", "Chỉ số (%)", "Xếp hạng", "Xếp loại"),
            [
                (
                    str(n),
                    u.row.unit_name,
                    points(u.row.index),
                    str(u.row.rank) if u.row.rank is not None else NONE,
                    u.row.classification or NONE,
                )
                for n, u in enumerate(level.units, start=1)
            ],
            numeric=frozenset({0, 2, 3}),
        )
    yield Heading("PHỤ LỤC II. KẾT QUẢ CỦA TỪNG ĐƠN VỊ")
    for level in analysis.levels:
        best = {
            a.code: max(
                (i for u in level.units if (i := u.area_indices.get(a.code)) is not None),
                default=None,
            )
            for a in level.areas
        }
        for unit in level.units:
            yield PageBreak()
            yield from _unit_page(analysis, level, unit, best)


def _unit_page(
    analysis: Analysis, level: LevelAnalysis, unit: UnitLine, best: dict[str, Decimal | None]
) -> Iterator[Block]:
    row = unit.row
    yield Heading(row.unit_name, 2)
    yield Paragraph(
        f"{level.name}. Chỉ số: {points(row.index)}%; xếp hạng: "
        f"{row.rank if row.rank is not None else NONE}/{level.count}; xếp loại: "
        f"{row.classification or NONE}."
    )
    if level.areas:
        yield Table(
            ("Lĩnh vực", "Đơn vị (%)", "Trung bình cấp (%)", "Cao nhất cấp (%)"),
            [
                (
                    f"{a.code}. {a.title}",
                    points(unit.area_indices.get(a.code)),
                    points(a.mean_index),
                    points(best.get(a.code)),
                )
                for a in level.areas
            ],
            numeric=frozenset({1, 2, 3}),
        )
    lost = losses([row], UNIT_LOSSES)
    if lost:
        yield Table(
            ("Tiêu chí thành phần bị mất điểm", "Điểm tối đa", "Điểm đạt", "Mất"),
            [
                (
                    f"{loss.code} {loss.title}",
                    points(loss.max),
                    points(loss.max - loss.lost),
                    points(loss.lost),
                )
                for loss in lost
            ],
            numeric=frozenset({1, 2, 3}),
        )
    previous = unit.previous
    if previous.basis == Basis.UNKNOWN:
        trend = f"Không có kết quả của từng đơn vị năm {analysis.year - 1} để so sánh."
    elif previous.basis == Basis.NEW:
        trend = "Đơn vị chưa có kết quả năm trước."
    elif previous.basis == Basis.MERGED:
        trend = (
            f"Năm {analysis.previous_year}: trung bình của các đơn vị tiền thân "
            f"({', '.join(previous.predecessors)}) {points(previous.index)}%; thay đổi "
            f"{signed(unit.index_change)} điểm."
        )
    else:
        trend = (
            f"Năm {analysis.previous_year}: chỉ số {points(previous.index)}%, xếp hạng "
            f"{previous.rank if previous.rank is not None else NONE}; thay đổi "
            f"{signed(unit.index_change)} điểm."
        )
    yield Paragraph(trend)
