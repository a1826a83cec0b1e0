from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from parindex.annual.analysis import (
    Appraisers,
    Basis,
    agency_changes,
    analyse,
    appraisal_changes,
    class_counts,
    losses,
    previous_of,
)
from parindex.results.reports import LevelRows, Report, ResultRow

D = Decimal


def row(code, index, *, rank=1, cls="Tốt", self_total=None, total=None, nodes=(), name=None):
    return ResultRow(
        unit_code=code,
        unit_name=name or f"Đơn vị {code}",
        self_total=None if self_total is None else D(self_total),
        appraised_points=None,
        survey_points=None,
        bonus=None,
        penalty=None,
        total=None if total is None else D(total),
        max_points=D(100) if total is not None else None,
        index=None if index is None else D(index),
        rank=rank,
        classification=cls,
        nodes=list(nodes),
    )


def leaf(code, maximum, final, *, own=None, depth=2):
    return {
        "code": code,
        "title": f"Tiêu chí {code}",
        "depth": depth,
        "leaf": True,
        "max": str(maximum),
        "self": None if own is None else str(own),
        "final": str(final),
        "index": None,
    }


def area(code, own, final, index):
    return {
        "code": code,
        "title": f"Lĩnh vực {code}",
        "depth": 0,
        "leaf": False,
        "max": "10",
        "self": str(own),
        "final": str(final),
        "index": str(index),
    }


def report(year, rows, *, code="xa", areas=(), mean=None):
    level = LevelRows(
        name="Cấp xã",
        code=code,
        mean_index=mean,
        areas=list(areas),
        units_ranked=len(rows),
        rows=rows,
    )
    return Report(
        title=f"Năm {year}",
        year=year,
        version=1,
        moment=datetime(year + 1, 3, 1, tzinfo=UTC),
        levels=[level],
    )


def test_a_unit_compares_with_itself_its_predecessors_or_is_new():
    before = {"a": row("a", "80", rank=2), "b": row("b", "70", rank=3), "c": row("c", "91", rank=1)}
    assert previous_of("a", before, {}).basis == Basis.SAME
    merged = previous_of("m", before, {"m": ["b", "c", "gone"]})
    assert (merged.basis, merged.index, merged.rank) == (Basis.MERGED, D("80.50"), None)
    assert merged.predecessors == ("Đơn vị b", "Đơn vị c")
    assert previous_of("n", before, {"n": ["gone"]}).basis == Basis.NEW
    assert previous_of("a", {}, {}).basis == Basis.UNKNOWN


def test_level_figures_and_change_from_last_year():
    last = report(2024, [row("a", "80", rank=1), row("b", "60", rank=2)], mean=D("70"))
    this = report(
        2025,
        [
            row("a", "90", rank=1, self_total="95", total="90"),
            row("m", "75", rank=2, self_total="85", total="75", cls="Khá"),
            row("n", "60", rank=3, self_total="60", total="60", cls="Khá"),
        ],
    )
    result = analyse(this, last, {"m": ["b"]})
    level = result.levels[0]
    assert (level.count, level.mean_index, level.min_index, level.max_index) == (
        3,
        D("75.00"),
        D("60"),
        D("90"),
    )
    assert (level.mean_self, level.mean_total) == (D("80.00"), D("75.00"))
    assert level.previous_mean_index == D("70")
    assert level.mean_change == D("5.00")
    a, m, n = level.units
    assert (a.index_change, a.rank_change) == (D("10"), 0)
    assert (m.previous.basis, m.index_change, m.rank_change) == (Basis.MERGED, D("15.00"), None)
    assert (n.previous.basis, n.index_change) == (Basis.NEW, None)
    assert m.over_scoring == D("10.00")
    assert [u.row.unit_code for u in level.over_scorers()] == ["m", "a"]
    assert {c.label: (c.count, c.previous_count) for c in level.classes} == {
        "Tốt": (1, 2),
        "Khá": (2, 0),
    }
    assert level.classes[0].label == "Tốt"
    assert any("tăng 5,00 điểm" in sentence for sentence in level.draft)
    assert any("Đơn vị m" in sentence and "+15,00" in sentence for sentence in result.draft)


def test_areas_compare_with_last_year_and_over_scoring_per_area():
    areas = [{"code": "1", "title": "Chỉ đạo", "max": "10", "mean_index": "80.00"}]
    last = report(2024, [row("a", "80")], areas=[{**areas[0], "mean_index": "70.00"}])
    this = report(
        2025,
        [
            row("a", "80", nodes=[area("1", 9, 8, 80)]),
            row("b", "80", nodes=[area("1", 10, 8, 80)]),
        ],
        areas=areas,
    )
    level = analyse(this, last, {}).levels[0]
    (mean,) = level.areas
    assert (mean.mean_index, mean.previous_mean_index, mean.change) == (D(80), D(70), D(10))
    assert mean.mean_over_scoring == D("1.50")
    assert level.units[1].area_indices == {"1": D(80)}
    assert any("Chỉ đạo (+10,00 điểm)" in sentence for sentence in level.draft)


def test_losses_count_leaves_with_points_to_earn():
    rows = [
        row("a", "80", nodes=[leaf("1.1", 2, 1), leaf("1.2", 3, 3), leaf("9", 0, -1)]),
        row("b", "80", nodes=[leaf("1.1", 2, 0), leaf("1.2", 3, 1)]),
    ]
    found = losses(rows)
    assert [(x.code, x.lost, x.units) for x in found] == [("1.1", D(3), 2), ("1.2", D(2), 1)]


def test_without_last_year_nothing_is_compared():
    level = analyse(report(2025, [row("a", "80")]), None, {}).levels[0]
    assert level.previous_mean_index is None
    assert level.units[0].previous.basis == Basis.UNKNOWN
    assert level.classes[0].previous_count is None


points = st.decimals(min_value=0, max_value=10, places=2)


@given(st.lists(st.tuples(points, points), min_size=1, max_size=12), st.integers(1, 5))
def test_losses_add_up_to_the_points_missing(leaves, top):
    rows = [
        row(str(n), "50", nodes=[leaf(f"L{n}", maximum + final, final)])
        for n, (maximum, final) in enumerate(leaves)
    ]
    found = losses(rows, top=len(rows))
    assert sum((x.lost for x in found), D(0)) == sum((m for m, _ in leaves), D(0))
    assert all(x.units == 1 for x in found)
    assert [x.lost for x in losses(rows, top=top)] == sorted((x.lost for x in found), reverse=True)[
        :top
    ]


labels = st.sampled_from(["Xuất sắc", "Tốt", "Khá", "Trung bình"])


@given(st.lists(st.tuples(labels, st.integers(0, 100)), min_size=1, max_size=30))
def test_class_counts_cover_every_ranked_unit(units):
    rows = [row(str(n), index, cls=label) for n, (label, index) in enumerate(units)]
    counts = class_counts(rows, rows)
    assert sum(c.count for c in counts) == len(rows)
    assert all(c.change == 0 for c in counts)
    assert abs(sum(c.share for c in counts) - 100) <= D("0.01") * len(counts)


def test_survey_leaves_are_not_losses_without_survey_points():
    survey = {**leaf("8.1", 5, 0), "method": "survey"}
    assert losses([row("a", "80", nodes=[survey, leaf("1.1", 2, 1)])]) == [
        losses([row("a", "80", nodes=[leaf("1.1", 2, 1)])])[0]
    ]
    surveyed = ResultRow(**{**row("a", "80", nodes=[survey]).__dict__, "survey_points": D(3)})
    assert [x.code for x in losses([surveyed])] == ["8.1"]


def test_appraisal_changes_sum_the_areas():
    first = {**area("1", 9, 7, 70), "round1": "8"}
    second = {**area("1", 5, 5, 50), "round1": "5"}
    (change,) = appraisal_changes([row("a", "70", nodes=[first]), row("b", "50", nodes=[second])])
    assert (change.self, change.round1, change.final, change.units_lowered) == (14, 13, 12, 1)
    assert (change.first_change, change.second_change) == (-1, -1)


def test_appraisal_changes_per_agency_sum_the_leaves_it_was_assigned():
    fields = {"1.1": "CDDH", "1.2": "CDDH", "2.1": "TTHC"}
    # Sở Nội vụ appraises CDDH everywhere, Văn phòng TTHC; Sở Tư pháp TTHC of unit b too.
    appraisers = Appraisers(
        fields={"xa": fields},
        agencies={
            ("CDDH", "a"): ["Sở Nội vụ"],
            ("CDDH", "b"): ["Sở Nội vụ"],
            ("TTHC", "a"): ["Văn phòng"],
            ("TTHC", "b"): ["Sở Tư pháp", "Văn phòng"],
        },
    )
    a = [
        {**leaf("1.1", 5, 3, own=5, depth=1), "round1": "4"},
        {**leaf("1.2", 5, 5, own=5, depth=1), "round1": "5"},
        {**leaf("2.1", 5, 5, own=5, depth=1), "round1": "4"},
        # An area is not a leaf; a leaf of no field has no agency.
        {**area("1", 10, 8, 80), "round1": "9"},
        {**leaf("9.9", 5, 0, own=5, depth=1), "round1": "0"},
    ]
    b = [
        {**leaf("1.1", 5, 5, own=4, depth=1), "round1": "5"},
        {**leaf("2.1", 5, 2, own=5, depth=1), "round1": "2"},
    ]

    changes = agency_changes([row("a", "80", nodes=a), row("b", "70", nodes=b)], fields, appraisers)

    summed = {c.agency: (c.self, c.round1, c.final, c.units_lowered) for c in changes}
    assert summed == {
        "Sở Nội vụ": (14, 14, 13, 1),
        "Văn phòng": (10, 6, 7, 1),
        "Sở Tư pháp": (5, 2, 2, 1),
    }
    # The agency that took most points first (3 each: by name), then Sở Nội vụ (1).
    assert [c.agency for c in changes] == ["Sở Tư pháp", "Văn phòng", "Sở Nội vụ"]
    assert (changes[1].first_change, changes[1].second_change) == (-4, 1)


def test_without_appraisers_there_are_no_changes_per_agency():
    (level,) = analyse(report(2025, [row("a", "80")]), None, {}).levels
    assert level.agencies == []


def test_a_level_without_rows_last_year_has_no_class_counts_to_compare():
    last = report(2024, [], mean=D(70))
    (cls,) = analyse(report(2025, [row("a", "80")]), last, {}).levels[0].classes
    assert (cls.count, cls.previous_count, cls.change) == (1, None, None)
