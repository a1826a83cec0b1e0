"""The status of a task, its due date from a period, and the completion rate: pure functions."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parindex.plans.progress import (
    DueLabelError,
    Issuance,
    Status,
    TaskFacts,
    completion_rate,
    due_from_label,
    issuance,
    status,
)

DUE = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("facts", "today", "expected"),
    [
        (TaskFacts(1, DUE), date(2025, 3, 1), Status.NOT_DUE),
        (TaskFacts(1, DUE, started=True), date(2025, 3, 1), Status.IN_PROGRESS),
        (TaskFacts(1, DUE), date(2025, 6, 23), Status.DUE_SOON),
        (TaskFacts(1, DUE, started=True), DUE, Status.DUE_SOON),
        (TaskFacts(1, DUE), date(2025, 7, 1), Status.OVERDUE),
        (TaskFacts(1, DUE, done_on=DUE), date(2025, 7, 1), Status.DONE_ON_TIME),
        (TaskFacts(1, DUE, done_on=date(2025, 7, 5)), date(2025, 8, 1), Status.DONE_LATE),
        # Reported done on a day still ahead: not done yet on `today`.
        (TaskFacts(1, DUE, done_on=date(2025, 7, 5)), date(2025, 7, 2), Status.OVERDUE),
        (TaskFacts(1, DUE, cancelled=True), date(2025, 7, 1), Status.CANCELLED),
        (TaskFacts(1, DUE, cancelled=True, done_on=DUE), date(2025, 7, 1), Status.CANCELLED),
    ],
)
def test_status(facts, today, expected):
    assert status(facts, today) == expected


def test_how_soon_is_configurable():
    assert status(TaskFacts(1, DUE), date(2025, 6, 15), soon_days=15) == Status.DUE_SOON
    assert status(TaskFacts(1, DUE), date(2025, 6, 15)) == Status.NOT_DUE


def test_the_province_figure_31_of_75():
    """Sở Nội vụ's report: "hoàn thành 31/75 nhiệm vụ, đạt 41,33%"."""
    tasks = [TaskFacts(i, DUE, done_on=DUE if i < 31 else None) for i in range(75)]
    rate = completion_rate(tasks, date(2025, 12, 31))
    assert (rate.numerator, rate.denominator, rate.percent) == (31, 75, Decimal("41.33"))
    assert len(rate.due) == 75 and len(rate.done) == 31 and rate.late == ()


def test_what_counts_in_the_rate():
    as_of = date(2025, 7, 15)
    tasks = [
        TaskFacts(1, DUE, done_on=DUE),  # done on time
        TaskFacts(2, DUE, done_on=date(2025, 7, 10)),  # done late: counted, flagged
        TaskFacts(3, DUE),  # overdue
        TaskFacts(4, DUE, weight=Decimal(2)),  # overdue, weighs double
        TaskFacts(5, DUE, cancelled=True),  # cancelled by an amendment: out
        TaskFacts(6, DUE, counts=False),  # not scored: out
        TaskFacts(7, date(2025, 9, 30), done_on=date(2025, 7, 1)),  # not due yet: out
        TaskFacts(8, DUE, done_on=date(2025, 7, 20)),  # done after as_of: not done then
    ]
    rate = completion_rate(tasks, as_of)
    assert rate.due == (1, 2, 3, 4, 8)
    assert rate.done == (1, 2)
    assert rate.late == (2,)
    assert (rate.numerator, rate.denominator) == (2, 6)
    assert rate.percent == Decimal("33.33")


def test_nothing_due_has_no_rate():
    assert completion_rate([TaskFacts(1, DUE)], date(2025, 1, 1)).percent is None
    assert completion_rate([], DUE).percent is None


tasks_strategy = st.lists(
    st.builds(
        TaskFacts,
        id=st.integers(1, 10_000),
        due_on=st.dates(date(2025, 1, 1), date(2025, 12, 31)),
        weight=st.decimals(min_value=Decimal("0.5"), max_value=5, places=1),
        counts=st.booleans(),
        cancelled=st.booleans(),
        started=st.booleans(),
        done_on=st.none() | st.dates(date(2025, 1, 1), date(2026, 3, 31)),
    ),
    max_size=40,
    unique_by=lambda task: task.id,
)


@given(tasks_strategy, st.dates(date(2025, 1, 1), date(2026, 3, 31)))
def test_the_rate_is_a_share_of_what_is_due(tasks, as_of):
    rate = completion_rate(tasks, as_of)
    assert 0 <= rate.numerator <= rate.denominator
    assert rate.percent is None or 0 <= rate.percent <= 100
    assert set(rate.late) <= set(rate.done) <= set(rate.due)
    kept = [t for t in tasks if t.counts and not t.cancelled]
    assert rate.denominator == sum((t.weight for t in kept if t.due_on <= as_of), Decimal(0))


@given(tasks_strategy, st.dates(date(2025, 1, 1), date(2026, 3, 31)))
def test_cancelled_and_unscored_tasks_change_nothing(tasks, as_of):
    kept = [t for t in tasks if t.counts and not t.cancelled]
    assert completion_rate(tasks, as_of) == completion_rate(kept, as_of)


@given(tasks_strategy, st.dates(date(2025, 1, 1), date(2026, 3, 31)))
def test_a_task_done_in_the_rate_is_done_in_its_status(tasks, as_of):
    rate = completion_rate(tasks, as_of)
    by_id = {t.id: t for t in tasks}
    for task_id in rate.done:
        assert status(by_id[task_id], as_of) in {Status.DONE_ON_TIME, Status.DONE_LATE}


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Quý I", date(2025, 3, 31)),
        ("Quý II", date(2025, 6, 30)),
        ("quý 3", date(2025, 9, 30)),
        ("Quý IV năm 2025", date(2025, 12, 31)),
        ("Tháng 2", date(2025, 2, 28)),
        ("Tháng 9/2025", date(2025, 9, 30)),
        ("6 tháng đầu năm", date(2025, 6, 30)),
        ("6 tháng cuối năm", date(2025, 12, 31)),
        ("Thường xuyên", date(2025, 12, 31)),
        ("Cả năm", date(2025, 12, 31)),
        ("Năm 2025", date(2025, 12, 31)),
        ("Trong năm 2025", date(2025, 12, 31)),
        ("Trước ngày 15/3/2025", date(2025, 3, 15)),
        ("31/10/2025", date(2025, 10, 31)),
        ("QUY II", date(2025, 6, 30)),
    ],
)
def test_due_from_label(label, expected):
    assert due_from_label(label, 2025) == expected


@pytest.mark.parametrize("label", ["Sớm", "Quý V", "Tháng 13", ""])
def test_an_unknown_period_is_refused(label):
    with pytest.raises(DueLabelError):
        due_from_label(label, 2025)


def test_a_day_the_calendar_lacks_is_refused():
    with pytest.raises(ValueError):
        due_from_label("31/02/2025", 2025)


def test_issuance():
    deadline = date(2025, 1, 15)
    assert issuance(date(2025, 1, 15), deadline, date(2025, 3, 1)) == Issuance.ON_TIME
    assert issuance(date(2025, 1, 16), deadline, date(2025, 3, 1)) == Issuance.LATE
    assert issuance(None, deadline, date(2025, 1, 16)) == Issuance.NOT_ISSUED
    assert issuance(None, deadline, deadline) == Issuance.PENDING
    assert issuance(None, None, date(2025, 12, 31)) == Issuance.PENDING
    assert issuance(date(2025, 2, 1), None, date(2025, 3, 1)) == Issuance.ON_TIME
