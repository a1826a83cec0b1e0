"""Reports on time ÷ reports due: a pure function, checked at the edge of the due day in Vietnam
and with hypothesis."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from parindex.reports.timeliness import Owed, Standing, on_time, standing

DUE = date(2025, 3, 15)
# The end of 15/03/2025 in Asia/Ho_Chi_Minh (UTC+7).
END = datetime(2025, 3, 15, 17, 0, tzinfo=UTC)
LATER = datetime(2026, 1, 1, tzinfo=UTC)


def owed(at: datetime | None, due: date = DUE, window_ends: date = date(2025, 3, 14)) -> Owed:
    return Owed(due=due, window_ends=window_ends, first_submitted_at=at)


def test_the_due_day_ends_at_midnight_in_vietnam():
    just_in_time = owed(END - timedelta(seconds=1))
    just_late = owed(END)
    assert on_time([just_in_time, just_late], as_of=LATER).on_time == 1
    assert on_time([just_in_time, just_late], as_of=LATER).due == 2


def test_a_report_not_sent_is_owed_only_once_its_day_is_over():
    assert on_time([owed(None)], as_of=END - timedelta(seconds=1)).due == 0
    assert on_time([owed(None)], as_of=END).due == 1
    assert on_time([owed(None)], as_of=END).rate == 0
    assert on_time([], as_of=END).rate is None


def test_a_unit_created_mid_year_owes_only_the_periods_it_existed_for():
    q1 = owed(None)
    q3 = owed(
        datetime(2025, 9, 10, tzinfo=UTC), due=date(2025, 9, 15), window_ends=date(2025, 9, 14)
    )
    result = on_time([q1, q3], as_of=LATER, exists_from=date(2025, 7, 1))
    assert (result.on_time, result.due, result.rate) == (1, 1, 100)


def test_standing_of_a_report():
    at = END - timedelta(hours=1)
    assert (
        standing(state="submitted", first_submitted_at=at, due=DUE, now=LATER) == Standing.ON_TIME
    )
    assert standing(state="submitted", first_submitted_at=END, due=DUE, now=LATER) == Standing.LATE
    assert (
        standing(state="returned", first_submitted_at=at, due=DUE, now=LATER) == Standing.RETURNED
    )
    assert standing(state="draft", first_submitted_at=None, due=DUE, now=END) == Standing.MISSING
    assert standing(state="draft", first_submitted_at=None, due=DUE, now=at) == Standing.WAITING


instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2025, 12, 31), timezones=st.just(UTC)
)
reports = st.lists(
    st.builds(
        Owed,
        due=st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31)),
        window_ends=st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31)),
        first_submitted_at=st.none() | instants,
    ),
    max_size=8,
)


@given(reports, instants)
def test_the_rate_is_a_share_of_what_is_due(items, as_of):
    result = on_time(items, as_of=as_of)
    assert 0 <= result.on_time <= result.due <= len(items)
    assert result.rate is None or 0 <= result.rate <= 100
    assert on_time(list(reversed(items)), as_of=as_of) == result


@given(reports, instants, st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31)))
def test_existing_later_never_owes_more(items, as_of, exists_from):
    assert (
        on_time(items, as_of=as_of, exists_from=exists_from).due <= on_time(items, as_of=as_of).due
    )


@given(reports, instants)
def test_sending_a_missing_report_late_never_raises_the_rate(items, as_of):
    before = on_time(items, as_of=as_of)
    sent = [Owed(o.due, o.window_ends, o.first_submitted_at or LATER) for o in items]
    after = on_time(sent, as_of=LATER)
    assert after.on_time == on_time(items, as_of=LATER).on_time
    assert before.on_time <= after.on_time
