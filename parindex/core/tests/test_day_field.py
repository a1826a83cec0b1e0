from datetime import date

import pytest
from django import forms

from parindex.core.forms import DayField


def _errors(value: str) -> list[str]:
    with pytest.raises(forms.ValidationError) as refused:
        DayField().clean(value)
    return refused.value.messages


def test_a_day_is_typed_as_the_province_writes_it():
    assert DayField().clean("15/01/2026") == date(2026, 1, 15)
    assert DayField().clean("5/1/2026") == date(2026, 1, 5)
    assert DayField().clean("2026-01-15") == date(2026, 1, 15)


@pytest.mark.parametrize("value", ["31/02/2025", "29/02/2026", "32/01/2026", "15/13/2026"])
def test_a_day_the_calendar_does_not_have_is_named_so(value):
    assert _errors(f" {value} ") == [f"Ngày {value} không tồn tại; hãy kiểm tra lại ngày và tháng."]


@pytest.mark.parametrize("value", ["31.1.2025", "15/01/26", "hôm nay"])
def test_a_badly_written_day_gets_the_format(value):
    assert _errors(value) == ["Nhập ngày theo dạng dd/mm/yyyy, ví dụ 31/03/2026."]
