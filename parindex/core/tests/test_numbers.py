"""One reader of numbers for forms and imports (`parse_number`), and the writers it must agree
with."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from parindex.core.numbers import (
    NumberError,
    format_deduction,
    format_exact,
    format_points,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("2.000", Decimal(2000)),
        ("1.500", Decimal(1500)),
        ("1.234", Decimal(1234)),
        ("1.234,5", Decimal("1234.5")),
        ("1.234.567,25", Decimal("1234567.25")),
        ("1 234,5", Decimal("1234.5")),
        ("1\N{NO-BREAK SPACE}234\N{NARROW NO-BREAK SPACE}567", Decimal(1234567)),
        ("0,5", Decimal("0.5")),
        (",5", Decimal("0.5")),
        ("5,", Decimal(5)),
        # One dot not before exactly three digits can only be a decimal point.
        ("0.5", Decimal("0.5")),
        ("12.25", Decimal("12.25")),
        ("1234.567", Decimal("1234.567")),
        ("1 234.5", Decimal("1234.5")),
        # Nobody groups a leading zero: 0.500 is a half, not five hundred.
        ("0.500", Decimal("0.5")),
        (" 7 ", Decimal(7)),
        ("0", Decimal(0)),
        ("007", Decimal(7)),
    ],
)
def test_text_is_read_as_vietnamese_writes_it(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize(
    "text",
    [
        "1.2.3",  # neither thousands nor a decimal
        "1.234.5",
        "12.34,5",
        "1.5,5",
        "1,2,3",
        "1,234.5",  # English grouping
        "12 34",
        "1 234.567.890",
        "1e2",
        "NaN",
        "Infinity",
        "+5",
        "abc",
        "",
        ",",
        ".",
        "2.000đ",
    ],
)
def test_ambiguous_or_foreign_text_is_refused_not_guessed(text):
    with pytest.raises(NumberError) as refused:
        parse_number(text)
    assert refused.value.code == "invalid"


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (3, Decimal(3)),
        (1.5, Decimal("1.5")),
        (0.1, Decimal("0.1")),
        (Decimal("2.25"), Decimal("2.25")),
    ],
)
def test_numbers_stay_as_they_are(value, number):
    # A numeric Excel cell holding 1.5 is one and a half, whatever the reader's locale.
    assert parse_number(value) == number


@pytest.mark.parametrize(
    "value",
    [True, date(2026, 3, 5), datetime(2026, 3, 5, 8), time(8, 30), float("nan"), float("inf")],
)
def test_dates_flags_and_non_finite_numbers_are_not_numbers(value):
    with pytest.raises(NumberError) as refused:
        parse_number(value)
    assert refused.value.code == "invalid"


def test_sign_and_whole_numbers():
    for minus in ("-1,5", "\N{MINUS SIGN}1,5", "- 1,5"):
        with pytest.raises(NumberError) as refused:
            parse_number(minus)
        assert refused.value.code == "negative"
        assert parse_number(minus, signed=True) == Decimal("-1.5")
    assert parse_number("2.000", whole=True) == 2000
    with pytest.raises(NumberError) as refused:
        parse_number("2,5", whole=True)
    assert refused.value.code == "whole"


def test_the_messages_name_the_field_in_the_users_language():
    error = NumberError("invalid")
    with translation.override("vi"):
        assert error.message("Tử số") == (
            "“Tử số” phải là một số, ví dụ 2.000 hoặc 1.234,5 (dấu chấm ngăn cách hàng nghìn, "
            "dấu phẩy trước phần thập phân)."
        )
        assert NumberError("negative").message("Điểm") == "“Điểm” không được là số âm."


@given(
    st.decimals(
        min_value=0,
        max_value=Decimal("9999999999"),
        places=4,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_what_the_pages_print_reads_back_as_the_same_number(number):
    with translation.override("vi"):
        printed = format_exact(number)
    assert parse_number(printed) == number


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (Decimal("12.5"), "12,50"),
        (Decimal(100), "100,00"),
        (Decimal("-2"), "\N{MINUS SIGN}2,00"),
        (Decimal("-1234.567"), "\N{MINUS SIGN}1234,57"),
        (Decimal("-0.001"), "0,00"),
        ("92.51", "92,51"),
    ],
)
def test_points_have_two_decimals_and_a_real_minus_sign(value, printed):
    with translation.override("vi"):
        assert format_points(value) == printed


def test_a_deduction_is_printed_negative_and_none_is_zero():
    with translation.override("vi"):
        assert format_deduction(Decimal(2)) == "\N{MINUS SIGN}2,00"
        assert format_deduction(Decimal("0.5")) == "\N{MINUS SIGN}0,50"
        assert format_deduction(Decimal(0)) == "0,00"
        assert format_exact(Decimal("-1.5")) == "\N{MINUS SIGN}1,5"


@given(
    st.decimals(
        min_value=Decimal("-9999999"),
        max_value=Decimal("9999999"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_printed_points_read_back_as_the_same_number(number):
    with translation.override("vi"):
        assert parse_number(format_points(number), signed=True) == number
