from datetime import date

import pytest

from parindex.core.dates import long_date_vi, short_date_vi


@pytest.mark.parametrize(
    ("day", "long", "short"),
    [
        (date(2026, 3, 5), "ngày 05 tháng 3 năm 2026", "05/3/2026"),
        (date(2026, 1, 10), "ngày 10 tháng 01 năm 2026", "10/01/2026"),
        (date(2026, 2, 1), "ngày 01 tháng 02 năm 2026", "01/02/2026"),
        (date(2025, 12, 31), "ngày 31 tháng 12 năm 2025", "31/12/2025"),
        (date(2025, 10, 9), "ngày 09 tháng 10 năm 2025", "09/10/2025"),
        (date(2024, 9, 30), "ngày 30 tháng 9 năm 2024", "30/9/2024"),
    ],
)
def test_days_below_ten_and_the_first_two_months_take_a_zero(day, long, short):
    assert (long_date_vi(day), short_date_vi(day)) == (long, short)
